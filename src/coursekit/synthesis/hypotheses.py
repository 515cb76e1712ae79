"""Competing hypotheses (Heuer's analysis of competing hypotheses, ACH), as plain functions.

The method in plain words: list every reasonable explanation, rate each piece of evidence against each one as
consistent (C), inconsistent (I) or neutral (N), and keep the explanation with the LEAST evidence against it.
Evidence consistent with every explanation proves nothing (it is not diagnostic), however much of it there is:
that is why consistent ratings add nothing to a score. Only inconsistencies count.

The scoring rule, stated once:

* an item rated I for a hypothesis adds its credibility weight to that hypothesis's score: high 1.0, medium 0.75,
  low 0.5 (a doubtful item should count, but less than a solid one; an item with no weight counts 1.0);
* the hypothesis with the lowest score leads; equal scores tie, and a tie is reported as one;
* the result is sensitive to an item when one change to it (flipping an I to C or N, a C or N to I, or dropping
  the item because it may be wrong) would change which hypothesis leads. Those are the items to check first.

Ratings are ``{item_id: {hypothesis_id: "C" | "I" | "N"}}``. Nothing here raises on a learner's ratings: bad
input comes back as sentences from :func:`check_ratings`, and :func:`scores` of nothing is an empty table.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping

import pandas as pd

from coursekit import data, progress
from coursekit.errors import CourseError

LESSON = "09-prescriptions"
RATINGS: dict[str, str] = {"C": "consistent", "I": "inconsistent", "N": "neutral"}
CREDIBILITY_WEIGHTS: dict[str, float] = {"high": 1.0, "medium": 0.75, "low": 0.5}
DEFAULT_WEIGHT = 1.0
Ratings = Mapping[str, Mapping[str, str]]


# --------------------------------------------------------------------------- the course's data
def load_hypotheses() -> pd.DataFrame:
    """The hypotheses (``data/hypotheses.csv``): hypothesis_id, short_name, name, statement, would_expect."""
    return data.load("hypotheses")


def load_evidence() -> pd.DataFrame:
    """The course's evidence items and its suggested ratings (``data/hypothesis_evidence.csv``)."""
    return data.load("hypothesis_evidence")


def hypothesis_ids(evidence: pd.DataFrame) -> list[str]:
    """The hypothesis columns of an evidence table (``H1``, ``H2``...), in order."""
    return [c for c in evidence.columns if len(c) >= 2 and c[0] == "H" and c[1:].isdigit()]


def course_ratings(evidence: pd.DataFrame | None = None) -> dict[str, dict[str, str]]:
    """The course's suggested ratings, ``{item_id: {H: rating}}``, from the evidence table as stored."""
    evidence = load_evidence() if evidence is None else evidence
    ids = hypothesis_ids(evidence)
    return {str(row["item_id"]): {h: str(row[h]).strip().upper() for h in ids} for _, row in evidence.iterrows()}


def credibility_weights(evidence: pd.DataFrame | None = None) -> dict[str, float]:
    """Each item's weight from its ``credibility`` ("high: reason" -> 1.0, medium 0.75, low 0.5; unknown 1.0)."""
    evidence = load_evidence() if evidence is None else evidence
    if "credibility" not in evidence.columns:
        return {}
    return {str(i): CREDIBILITY_WEIGHTS.get(str(c).split(":", 1)[0].strip().lower(), DEFAULT_WEIGHT)
            for i, c in zip(evidence["item_id"], evidence["credibility"])}


def saved_ratings(record: dict[str, Any] | None = None) -> dict[str, dict[str, str]]:
    """The learner's saved ratings (``{}`` if none): only C/I/N values are kept, the save time is dropped."""
    record = progress.read()[0] if record is None else record
    lessons = record.get("lessons") if isinstance(record, dict) else None
    entry = lessons.get(LESSON) if isinstance(lessons, dict) else None
    stored = entry.get("hypotheses") if isinstance(entry, dict) else None
    if not isinstance(stored, dict):
        return {}
    return {item: {h: r for h, r in value.items() if h != "saved" and r in RATINGS}
            for item, value in stored.items() if isinstance(value, dict)}


# --------------------------------------------------------------------------- checking and scoring
def check_ratings(ratings: Any, hypotheses: list[str]) -> list[str]:
    """Every problem with ``ratings`` as a sentence a learner can act on; empty when they can be scored."""
    if not isinstance(ratings, Mapping) or not ratings:
        return ["Rate at least one evidence item (C, I or N for each hypothesis) before scoring."]
    problems = []
    for item_id, row in ratings.items():
        if not isinstance(row, Mapping) or not row:
            problems.append(f"{item_id}: give a rating for each hypothesis ({', '.join(hypotheses)}).")
            continue
        for hypothesis, rating in row.items():
            if hypothesis not in hypotheses:
                problems.append(f"{item_id}: '{hypothesis}' is not one of the hypotheses ({', '.join(hypotheses)}).")
            elif rating not in RATINGS:
                problems.append(f"{item_id}, {hypothesis}: '{rating}' is not a rating; use C (consistent), "
                                "I (inconsistent) or N (neutral).")
    return problems


def _course_ids() -> list[str]:
    try:
        return [str(h) for h in load_hypotheses()["hypothesis_id"]]
    except CourseError:
        return []


def _ids(ratings: Ratings) -> list[str]:
    """The hypotheses named in the ratings, in H1, H2... order."""
    found = {h for row in ratings.values() if isinstance(row, Mapping) for h in row}
    return sorted(found, key=lambda h: (len(h), h))


def _totals(ratings: Ratings, hypotheses: list[str], weights: Mapping[str, float]) -> dict[str, float]:
    totals = {h: 0.0 for h in hypotheses}
    for item_id, row in ratings.items():
        for h in hypotheses:
            if row.get(h) == "I":
                totals[h] += weights.get(item_id, DEFAULT_WEIGHT)
    return {h: round(v, 4) for h, v in totals.items()}


def _leaders(totals: Mapping[str, float]) -> tuple[str, ...]:
    if not totals:
        return ()
    low = min(totals.values())
    return tuple(h for h, v in totals.items() if v == low)


def _weights(weights: Mapping[str, float] | None) -> Mapping[str, float]:
    if weights is not None:
        return weights
    try:
        return credibility_weights()
    except CourseError:
        return {}


@dataclass(frozen=True)
class Ranking:
    """The scored ratings: weighted inconsistency per hypothesis, the order (least against first), the leaders."""

    scores: dict[str, float]
    order: tuple[str, ...]
    leaders: tuple[str, ...]
    rated: int
    errors: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.scores)


def ranking(ratings: Ratings, weights: Mapping[str, float] | None = None,
            hypotheses: list[str] | None = None) -> Ranking:
    """Score ``ratings`` against ``hypotheses`` (default: the course's, or those the ratings name if the course's
    cannot be read). Bad ratings give errors, not a score."""
    hypotheses = hypotheses or _course_ids() or (_ids(ratings) if isinstance(ratings, Mapping) else [])
    errors = check_ratings(ratings, hypotheses)
    if errors:
        return Ranking({}, (), (), 0, tuple(errors))
    totals = _totals(ratings, hypotheses, _weights(weights))
    order = tuple(sorted(hypotheses, key=lambda h: (totals[h], hypotheses.index(h))))
    return Ranking(totals, order, _leaders(totals), len(ratings))


def scores(ratings: Ratings, weights: Mapping[str, float] | None = None,
           hypotheses: list[str] | None = None) -> pd.DataFrame:
    """``hypothesis_id, inconsistent, weighted, rank``: the count of I ratings, their weighted sum, and the rank
    (1 = least evidence against; ties share a rank). Empty (same columns) when nothing valid is rated."""
    columns = ["hypothesis_id", "inconsistent", "weighted", "rank"]
    result = ranking(ratings, weights, hypotheses)
    if not result.ok:
        return pd.DataFrame(columns=columns)
    rows = [{"hypothesis_id": h, "inconsistent": sum(1 for row in ratings.values() if row.get(h) == "I"),
             "weighted": result.scores[h]} for h in result.order]
    table = pd.DataFrame(rows, columns=columns[:3])
    table["rank"] = table["weighted"].rank(method="min").astype(int)
    return table


def leaders(ratings: Ratings, weights: Mapping[str, float] | None = None) -> tuple[str, ...]:
    """The hypothesis (or tied hypotheses) with the least weighted evidence against it; ``()`` if unscorable."""
    return ranking(ratings, weights).leaders


def diagnostic_items(ratings: Ratings) -> list[str]:
    """Items rated differently for at least two hypotheses: only these can tell the hypotheses apart."""
    return [item for item, row in ratings.items() if len(set(row.values())) > 1]


def not_diagnostic(ratings: Ratings) -> list[str]:
    """Items rated alike for every hypothesis: however strong, they do not help choose between them."""
    return [item for item, row in ratings.items() if row and len(set(row.values())) == 1]


def sensitivity(ratings: Ratings, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """``item_id, change, new_leader``: each single change to one item that would change who leads.

    The changes tried: each I flipped to C (a C or N counts the same in the score, so one flip covers both),
    each C or N flipped to I, and the item dropped. Empty (same columns) when no single change moves the result.
    """
    columns = ["item_id", "change", "new_leader"]
    base = ranking(ratings, weights)
    if not base.ok:
        return pd.DataFrame(columns=columns)
    weights = _weights(weights)
    hypotheses = list(base.scores)
    rows = []
    for item_id, row in ratings.items():
        trials = [(f"drop {item_id} (if it is wrong)", {k: v for k, v in ratings.items() if k != item_id})]
        for h in hypotheses:
            before = row.get(h)
            after = "C" if before == "I" else "I"
            changed = {**ratings, item_id: {**row, h: after}}
            trials.append((_rerating(h, before, after), changed))
        for change, trial in trials:
            new = _leaders(_totals(trial, hypotheses, weights)) if trial else ()
            if new and new != base.leaders:
                rows.append({"item_id": item_id, "change": change, "new_leader": " = ".join(new)})
    return pd.DataFrame(rows, columns=columns)


def _rerating(h: str, before: str | None, after: str) -> str:
    """One change in plain words: "H2 rated inconsistent instead of consistent" (no arrows: a learner read
    "H2: C → I → H3 leads" as two arrows with two meanings)."""
    was = RATINGS.get(before or "", "unrated")
    return f"{h} rated {RATINGS[after]} instead of {was}"


def change_sentence(change: str, new_leader: str) -> str:
    """One :func:`sensitivity` row as one plain sentence: "If H2 were rated inconsistent instead of consistent,
    H2 and H3 would tie." / "If the item were dropped, H2 would lead."."""
    outcome = (f"{new_leader.replace(' = ', ' and ')} would tie" if " = " in new_leader
               else f"{new_leader} would lead")
    if change.startswith("drop "):
        return f"If the item were dropped (if it is wrong), {outcome}."
    return f"If {change.replace(' rated ', ' were rated ', 1)}, {outcome}."


def sensitivity_by_item(table: pd.DataFrame) -> pd.DataFrame:
    """``item_id, changes``: :func:`sensitivity`'s rows folded to one line per item, one plain sentence per
    change ("If the item were dropped (if it is wrong), H2 would lead. If H2 were rated consistent instead of
    inconsistent, H1 and H2 would tie."), which reads better than a long table."""
    if table.empty:
        return pd.DataFrame(columns=["item_id", "changes"])
    lines = table.assign(line=[change_sentence(c, n) for c, n in zip(table["change"], table["new_leader"])])
    folded = lines.groupby("item_id", sort=False)["line"].agg(" ".join).reset_index()
    return folded.rename(columns={"line": "changes"})


def sensitivity_grouped(table: pd.DataFrame) -> list[str]:
    """:func:`sensitivity`'s rows as one plain sentence per distinct change, listing every item that makes it:
    "If any one of E01, E02, E04 were rated inconsistent for H2 (instead of consistent), H2 and H3 would tie."

    Why: when many items make the same change, one sentence per item repeats itself (a learner met eleven
    identical lines); grouped, the reader sees at once which change matters and how many items carry it."""
    if table.empty:
        return []
    groups: dict[tuple[str, str], list[str]] = {}
    for item_id, change, new_leader in zip(table["item_id"], table["change"], table["new_leader"]):
        key = ("drop" if change.startswith("drop ") else change, new_leader)
        groups.setdefault(key, []).append(str(item_id))
    lines = []
    for (change, new_leader), items in groups.items():
        outcome = (f"{new_leader.replace(' = ', ' and ')} would tie" if " = " in new_leader
                   else f"{new_leader} would lead")
        who = items[0] if len(items) == 1 else f"any one of {', '.join(items)}"
        if change == "drop":
            lines.append(f"If {who} were dropped (if it is wrong), {outcome}.")
            continue
        h, rest = change.split(" rated ", 1)
        after, before = rest.split(" instead of ", 1)
        lines.append(f"If {who} were rated {after} for {h} (instead of {before}), {outcome}.")
    return lines


def challenges(ratings: Ratings, weights: Mapping[str, float] | None = None) -> pd.DataFrame:
    """``hypothesis_id, margin, changes_needed, changes``: for each hypothesis behind the leader, how far behind
    it is and the fewest rating changes that would bring it level (the largest weights first).

    Why: when no single change moves the result (:func:`sensitivity` is empty), the learner still needs to see
    how robust it is: "two changes would tie it" is a weaker lead than "six would". The changes counted are
    flipping one of the challenger's I ratings to C, or one of the leader's C or N ratings to I. Empty (same
    columns) when nothing valid is rated or the leaders are tied.
    """
    columns = ["hypothesis_id", "margin", "changes_needed", "changes"]
    base = ranking(ratings, weights)
    if not base.ok or len(base.leaders) != 1:
        return pd.DataFrame(columns=columns)
    weights = _weights(weights)
    lead = base.leaders[0]
    rows = []
    for h in base.order[1:]:
        margin = round(base.scores[h] - base.scores[lead], 4)
        moves = sorted(
            [(weights.get(i, DEFAULT_WEIGHT), f"{i}: {_rerating(h, 'I', 'C')}") for i, r in ratings.items()
             if r.get(h) == "I"]
            + [(weights.get(i, DEFAULT_WEIGHT), f"{i}: {_rerating(lead, r.get(lead), 'I')}")
               for i, r in ratings.items() if r.get(lead) != "I"],
            key=lambda move: -move[0])
        taken, closed = [], 0.0
        for weight, text in moves:
            if closed >= margin - 1e-9:
                break
            taken.append(text)
            closed += weight
        rows.append({"hypothesis_id": h, "margin": margin, "changes_needed": len(taken), "changes": "; ".join(taken)})
    return pd.DataFrame(rows, columns=columns)


def compare(learner: Ratings, course: Ratings) -> pd.DataFrame:
    """``item_id, hypothesis_id, yours, course, same`` for every item and hypothesis the learner rated."""
    rows = [{"item_id": item, "hypothesis_id": h, "yours": rating, "course": course.get(item, {}).get(h),
             "same": rating == course.get(item, {}).get(h)}
            for item, row in learner.items() for h, rating in row.items()]
    return pd.DataFrame(rows, columns=["item_id", "hypothesis_id", "yours", "course", "same"])


def explain(ratings: Ratings, weights: Mapping[str, float] | None = None,
            names: Mapping[str, str] | None = None) -> list[str]:
    """What the ratings say, in sentences: who leads and by how much, ties, and what it does not mean."""
    names = names or {}
    result = ranking(ratings, weights)
    if not result.ok:
        return list(result.errors) or ["Nothing is rated yet, so no hypothesis leads."]

    def label(h: str) -> str:
        return f"{h} \u2018{names[h]}\u2019" if h in names else h  # names may hold brackets: "(the article)"

    lines = []
    if len(result.leaders) > 1:
        tied = [label(h) for h in result.leaders]
        lines.append(f"{', '.join(tied[:-1])} and {tied[-1]} tie with the least evidence against them "
                     f"(weighted score {result.scores[result.leaders[0]]:g}): the items rated so far do not "
                     "separate them.")
    else:
        lead = result.leaders[0]
        runner = next((h for h in result.order if h not in result.leaders), None)
        gap = f", {result.scores[runner] - result.scores[lead]:g} less than {label(runner)}" if runner else ""
        lines.append(f"{label(lead)} has the least evidence against it (weighted score "
                     f"{result.scores[lead]:g}{gap}).")
    if len(result.leaders) == 1 and sensitivity(ratings, weights).empty:
        closest = challenges(ratings, weights)
        if not closest.empty:
            first = closest.sort_values(["changes_needed", "margin"]).iloc[0]
            lines.append(f"No single changed or dropped item would change that: it would take at least "
                         f"{first['changes_needed']} changes to bring {label(first['hypothesis_id'])} level "
                         f"({first['changes']}).")
    lines.append("That is Heuer's rule: the explanation that survives is the one with the least evidence against "
                 "it, not the one with the most evidence for it.")
    flat = not_diagnostic(ratings)
    if flat:
        lines.append(f"{len(flat)} of the {result.rated} rated items {'is' if len(flat) == 1 else 'are'} rated alike "
                     f"for every hypothesis, so {'it does' if len(flat) == 1 else 'they do'} not help choose "
                     "between them.")
    return lines
