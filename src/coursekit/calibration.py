"""How well calibrated a learner's predictions were, over every lesson: plain functions, no widgets.

Why these measures (forecasting-calibration practice):

* **Hit rate of the 80% ranges.** A learner who is well calibrated sees about 8 in 10 of their
  80% ranges hold the true value. Far fewer means the ranges were too narrow (overconfidence,
  the common pattern); nearly all means they could have been narrower.
* **Brier score of the probabilities**: the mean of (probability - outcome)², with the
  probability as a fraction and the outcome 1 if the statement was true, else 0. 0 is perfect,
  0.25 is what always saying 50% earns, 1 is being sure and always wrong.
* **Calibration table**: the probabilities grouped into bins, with how often statements in each
  bin turned out true. A calibrated learner's "70%" statements come true about 70% of the time.
  Lesson 09 draws it.

Only revealed predictions count: their outcome was stored when they were revealed
(:func:`coursekit.predictions.outcome`), so the record alone is enough, even if next year's data
change a figure.

A prediction saved after other cells had run (``after_other_cells: True``, see
:mod:`coursekit.predictions`) may have been made with the data on screen. It is not thrown away (the
learner may not have looked), but it is counted apart: ``late="exclude"`` scores the others only, and
:func:`summary` says how many there were and what the figures are without them.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pandas as pd

RANGE_TARGET = 0.8
DEFAULT_BIN_EDGES = (0.0, 20.0, 40.0, 60.0, 80.0, 100.0)
LATE_CHOICES = ("include", "exclude", "only")


@dataclass(frozen=True)
class Bin:
    """Statements whose stated probability fell in ``[low, high)`` (the last bin includes 100)."""

    low: float
    high: float
    count: int
    mean_stated: float | None  # per cent
    share_true: float | None   # per cent


@dataclass(frozen=True)
class Calibration:
    ranges: int
    ranges_hit: int
    statements: int
    brier: float | None
    bins: tuple[Bin, ...]
    not_revealed: int
    late: int = 0  # counted predictions saved after other cells had run (after_other_cells)
    unpredicted: tuple[str, ...] = ()  # "lesson id" of answers revealed with no prediction saved (not scored)

    @property
    def hit_rate(self) -> float | None:
        return self.ranges_hit / self.ranges if self.ranges else None


def is_late(item: dict[str, Any]) -> bool:
    """True for a prediction saved after other cells had run (it may have been made with the data on screen)."""
    return item.get("after_other_cells") is True


def _record(record: dict[str, Any] | None) -> dict[str, Any]:
    if record is None:
        from coursekit import progress

        return progress.read()[0]
    return record if isinstance(record, dict) else {}


def scored_predictions(record: dict[str, Any], late: str = "include") -> list[dict[str, Any]]:
    """Every revealed, scored prediction in a progress record, with its lesson and id added.

    ``late``: "include" (all), "exclude" (leave out those saved after other cells ran) or "only" (just those).
    """
    if late not in LATE_CHOICES:
        raise ValueError(f"late must be one of {LATE_CHOICES}, not {late!r}")
    found = []
    for lesson, entry in sorted((record.get("lessons") or {}).items()):
        stored = entry.get("predictions") if isinstance(entry, dict) else None
        for prediction_id, item in sorted((stored or {}).items()) if isinstance(stored, dict) else ():
            if isinstance(item, dict) and item.get("revealed") and item.get("scored") is True and (
                    late == "include" or (late == "only") == is_late(item)):
                found.append({**item, "lesson": lesson, "id": prediction_id})
    return found


def _unrevealed(record: dict[str, Any]) -> int:
    count = 0
    for entry in (record.get("lessons") or {}).values():
        stored = entry.get("predictions") if isinstance(entry, dict) else None
        if isinstance(stored, dict):
            count += sum(1 for item in stored.values() if isinstance(item, dict) and not item.get("revealed"))
    return count


def _unpredicted(record: dict[str, Any]) -> tuple[str, ...]:
    """Answers revealed with no prediction saved (the reveal stores ``scored: False``): "03-asymmetry p2"."""
    found = []
    for lesson, entry in sorted((record.get("lessons") or {}).items()):
        stored = entry.get("predictions") if isinstance(entry, dict) else None
        for prediction_id, item in sorted(stored.items()) if isinstance(stored, dict) else ():
            if isinstance(item, dict) and item.get("revealed") and item.get("scored") is False:
                found.append(f"{lesson} {prediction_id}")
    return tuple(found)


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None


def calibration(record: dict[str, Any] | None = None, bin_edges: tuple[float, ...] = DEFAULT_BIN_EDGES,
                late: str = "include") -> Calibration:
    """Hit rate, Brier score and calibration bins over every revealed prediction in ``record``
    (default: the progress file); ``late`` as in :func:`scored_predictions`.

    Entries that are damaged (a missing figure, a probability that is not a number) are left out
    rather than raising, so one bad entry never hides the rest of the learner's record.
    """
    record = _record(record)
    ranges = hits = late_count = 0
    pairs: list[tuple[float, bool]] = []
    for item in scored_predictions(record, late):
        if item.get("kind") == "quantity":
            low, high, figure = (_number(item.get(k)) for k in ("low", "high", "figure"))
            if low is None or high is None or figure is None:
                continue
            ranges += 1
            hits += int(low <= figure <= high)
            late_count += is_late(item)
        elif item.get("kind") == "statement":
            probability = _number(item.get("probability"))
            if probability is None or not isinstance(item.get("truth"), bool) or not 0 <= probability <= 100:
                continue
            pairs.append((probability, item["truth"]))
            late_count += is_late(item)
    brier = (round(sum((p / 100 - float(t)) ** 2 for p, t in pairs) / len(pairs), 4) if pairs else None)
    return Calibration(ranges, hits, len(pairs), brier, _bins(pairs, bin_edges), _unrevealed(record), late_count,
                       _unpredicted(record))


def _bins(pairs: list[tuple[float, bool]], edges: tuple[float, ...]) -> tuple[Bin, ...]:
    bins = []
    for number, (low, high) in enumerate(zip(edges, edges[1:])):
        last = number == len(edges) - 2
        inside = [(p, t) for p, t in pairs if low <= p < high or (last and p == high)]
        bins.append(Bin(low, high, len(inside),
                        round(sum(p for p, _t in inside) / len(inside), 1) if inside else None,
                        round(100 * sum(t for _p, t in inside) / len(inside), 1) if inside else None))
    return tuple(bins)


def summary(result: Calibration, without_late: Calibration | None = None) -> list[str]:
    """What the figures mean, in a few sentences a learner can read.

    ``without_late`` (the same record scored with ``late="exclude"``) adds what the figures are without the
    predictions saved after other cells had run, when there were any.
    """
    lines = []
    if result.ranges:
        rate = result.hit_rate or 0.0
        lines.append(f"Your 80% ranges held the true value {result.ranges_hit} "
                     f"{'time' if result.ranges_hit == 1 else 'times'} out of {result.ranges} "
                     f"({rate:.0%}); a well-calibrated forecaster's hold it about {RANGE_TARGET:.0%} of the time.")
        if result.ranges >= 5 and rate < RANGE_TARGET - 0.2:
            lines.append("That is well below 80%: your ranges were too narrow. Widen them next time.")
        elif result.ranges >= 5 and rate == 1.0:
            lines.append("Every range held: they may be wider than they need to be.")
        elif result.ranges < 5:
            lines.append("With so few ranges, luck moves this rate a lot; read it as a first hint only.")
    else:
        lines.append("No quantity prediction has been revealed yet, so there is no hit rate.")
    if result.brier is not None:
        lines.append(f"Your Brier score over {result.statements} statement(s) is {shown_brier(result.brier)}: 0 is perfect, "
                     "0.25 is what always answering 50% earns, 1 is being sure and always wrong.")
    else:
        lines.append("No statement prediction has been revealed yet, so there is no Brier score.")
    if result.not_revealed:
        lines.append(f"{result.not_revealed} prediction(s) are saved but not yet revealed; they do not count yet.")
    if result.late:
        lines.append(_late_sentence(result, without_late))
    if result.unpredicted:
        lessons = sorted({item.split(" ")[0][:2] for item in result.unpredicted})
        n = len(result.unpredicted)
        lines.append(f"{n} {'answer was' if n == 1 else 'answers were'} revealed with no prediction saved "
                     f"(lesson{'' if len(lessons) == 1 else 's'} {', '.join(lessons)}): "
                     f"{'it is' if n == 1 else 'they are'} not scored, and a prediction made after seeing the "
                     "answer would not test your judgement. Next time, save before you reveal.")
    return lines


def shown_brier(value: float) -> str:
    """A Brier score as kept (to 4 decimals), printed with 3 decimals, or 4 when the fourth is not 0: 0.125 (not
    0.12), 0.160, 0.0625. Never rounded further, so a learner's hand calculation matches what is printed."""
    shown = f"{value:.3f}"
    return shown if abs(float(shown) - value) < 1e-9 else f"{value:.4f}"


def _late_sentence(result: Calibration, without: Calibration | None) -> str:
    counted = result.ranges + result.statements
    line = (f"{result.late} of these {counted} predictions {'was' if result.late == 1 else 'were'} saved after "
            "other cells had run, so you may have seen the data first; "
            f"{'it is' if result.late == 1 else 'they are'} included above")
    if without is None:
        return line + "."
    parts = []
    if without.ranges:
        parts.append(f"your ranges held {without.ranges_hit} of {without.ranges} times "
                     f"({(without.hit_rate or 0.0):.0%})")
    if without.brier is not None:
        parts.append(f"your Brier score is {shown_brier(without.brier)}")
    without_it = "Without it" if result.late == 1 else "Without them"
    return line + (f". {without_it}, {' and '.join(parts)}." if parts else
                   f"; {without_it.lower()} nothing is left to score.")


def report(record: dict[str, Any] | None = None) -> list[str]:
    """The summary sentences for a record (default: the progress file), late predictions counted apart."""
    record = _record(record)
    result = calibration(record)
    return summary(result, calibration(record, late="exclude") if result.late else None)


def explain() -> list[str]:
    """What the two measures mean, in plain sentences (the same for every learner)."""
    return [
        f"Hit rate: for each quantity you gave a range you were {RANGE_TARGET:.0%} sure held the true value. If "
        "your ranges were honest, about 8 in 10 of them hold it. Far fewer means the ranges were too narrow "
        "(overconfidence, the commonest pattern); all of them means they could have been narrower.",
        "Brier score: for each statement you gave a probability that it was true. The score is the average of "
        "(probability − outcome)², with the probability as a fraction and the outcome 1 if true, 0 if "
        "not. Lower is better: 0 is perfect, 0.25 is what always saying 50% earns, 1 is being sure and wrong "
        "every time.",
        "Calibration: statements you gave 70% should come true about 70% of the time. On the chart, a "
        "well-calibrated forecaster's points sit near the diagonal; points below it mean overconfidence.",
        "A handful of predictions is a small sample: luck moves these figures a lot, so read them as a hint "
        "about your habits, not a grade.",
    ]


CALIBRATION_COLUMNS = ["bin", "mean_stated", "share_true", "count"]


def calibration_table(record: dict[str, Any] | None = None, late: str = "include",
                      bin_edges: tuple[float, ...] = DEFAULT_BIN_EDGES) -> pd.DataFrame:
    """The calibration chart's data: one row per non-empty bin (``bin`` "60–80%", the mean probability
    stated in it, the share of its statements that were true, both in per cent, and the count). An empty
    table with the same columns when no statement is revealed."""
    bins = calibration(record, bin_edges, late).bins
    rows = [{"bin": f"{b.low:g}–{b.high:g}%", "mean_stated": b.mean_stated, "share_true": b.share_true,
             "count": b.count} for b in bins if b.count]
    table = pd.DataFrame(rows, columns=CALIBRATION_COLUMNS)
    return table.astype({"mean_stated": float, "share_true": float, "count": int})


def predictions_table(record: dict[str, Any] | None = None) -> pd.DataFrame:
    """Every revealed, scored prediction: ``lesson, id, kind, stated`` (a range or a probability), ``outcome``
    (the figure, or true/false), ``hit`` (range held / statement true) and ``late``."""
    rows = []
    for item in scored_predictions(_record(record)):
        if item.get("kind") == "quantity":
            stated = f"{item.get('low')}–{item.get('high')}"
            figure = _number(item.get("figure"))
            low, high = _number(item.get("low")), _number(item.get("high"))
            hit = None if None in (figure, low, high) else bool(low <= figure <= high)
            outcome = item.get("figure")
        else:
            stated = f"{item.get('probability')}%"
            outcome = item.get("truth")
            hit = outcome if isinstance(outcome, bool) else None
        rows.append({"lesson": item["lesson"], "id": item["id"], "kind": item.get("kind"), "stated": stated,
                     "outcome": outcome, "hit": hit, "late": is_late(item)})
    return pd.DataFrame(rows, columns=["lesson", "id", "kind", "stated", "outcome", "hit", "late"])
