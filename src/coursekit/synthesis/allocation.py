"""A transparent allocation model: split a notional budget across four lines and see what it covers.

Why a model at all: the article's prescriptions are claims about where money should go, and "where should it
go" depends on how much one weighs each threat (how likely it is and how harmful it would be) and how well
each kind of spending answers it. Writing those two things down as numbers a learner can change makes the argument checkable. The numbers are ASSUMPTIONS for
reasoning, chosen by the course team (``data/allocation_model.csv``), not facts or estimates from any source.

The rules, in plain words (also :data:`RULES`, shown in the lesson):

1. The budget is 100 points, split across four lines: conventional forces, supply-chain resilience,
   information and cyber defence, infrastructure hardening. Every point must be placed; none may be negative.
2. Each line has an effectiveness from 0 to 1 against each of four scenarios (a conventional attack on an
   ally, a cut-off of critical minerals, a large information operation, sabotage of cables, pipelines or
   satellites): 1 means the line is the direct answer, 0 that it does not help.
3. Protection against a scenario = the sum over lines of effectiveness x points spent, divided by the line's
   ``half_spend``. Coverage = 1 - 0.5 ^ protection: every ``half_spend`` points of fully effective spending
   halves what is still uncovered. So the first points buy the most (diminishing returns), coverage never
   reaches 100%, and more money on any line never lowers any scenario's coverage.
4. The learner gives each scenario a weight (0-100; only the proportions matter) for how likely AND how
   harmful they find it: risk is likelihood × harm, so a rare scenario that would cost a great deal (losing a
   war, the steelman's argument) can carry as much weight as a likely, milder one. The model has no separate
   harm column: harm goes into the weight. Overall coverage = the weighted average of the four coverages.
   (The code and the progress file call the weights ``likelihoods``; the maths is the same.)

Presets (``data/allocation_presets.csv``): the course's reading of the article's direction (the article gives no
figures), "steelman the panic" (the strongest form of the conventional build-up the article rejects), an equal
split, and one per competing hypothesis, used by :func:`preset_from_hypotheses`.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Mapping, Sequence

import pandas as pd

from coursekit import data

BUDGET = 100
LINES: dict[str, str] = {"conventional": "Conventional forces", "supply_chain": "Supply-chain resilience",
                         "info_cyber": "Information and cyber defence", "infrastructure": "Infrastructure hardening"}
SCENARIOS: dict[str, str] = {"conventional_attack": "A conventional attack on an ally",
                             "minerals_cutoff": "A cut-off of critical minerals",
                             "info_operation": "A large information operation",
                             "infrastructure_sabotage": "Sabotage of cables, pipelines or satellites"}
FROM_HYPOTHESES = "from-hypotheses"
RULES = """**How the model works** (its numbers are the course's assumptions for reasoning, not facts):

1. You split a budget of 100 points across four lines. Every point must be placed; none may be negative.
2. Each line has an effectiveness from 0 to 1 against each threat scenario: 1 means it is the direct answer
   (stockpiles and new suppliers against a minerals cut-off), 0 that it does not help.
3. Protection against a scenario adds up effectiveness x points over the lines. Every 25 points of fully
   effective spending halves what is still uncovered: the first points buy the most, coverage never reaches
   100%, and more money on a line never lowers any coverage.
4. You give each scenario a weight (0-100) for how likely **and** how harmful you find it: risk is
   likelihood × harm. A scenario you think rare but very costly (losing a war, say) can weigh as much as a
   likely, milder one. Overall coverage is the average of the four coverages, weighted by your weights.

Change the assumptions in `data/allocation_model.csv` if you disagree with them: that is the point of the model."""


@dataclass(frozen=True)
class Model:
    """Effectiveness ``{line: {scenario: 0..1}}`` and each line's ``half_spend`` (points that halve the gap)."""

    effectiveness: dict[str, dict[str, float]]
    half_spend: dict[str, float]


@dataclass(frozen=True)
class Check:
    """A checked input: ``ok`` with the cleaned values, or a message saying what to fix."""

    ok: bool
    message: str
    values: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """The model's result for one split and one set of likelihoods, or a message when an input was refused."""

    ok: bool
    message: str
    table: pd.DataFrame | None = None
    weighted_pct: float | None = None
    summary: str = ""


# --------------------------------------------------------------------------- the course's assumptions
def model_from_table(table: pd.DataFrame) -> Model:
    """Build a :class:`Model` from rows like ``data/allocation_model.csv``; ValueError (for authors) if it is
    incomplete: every line x scenario needs one row, effectiveness in 0..1, one positive half_spend per line."""
    effectiveness: dict[str, dict[str, float]] = {line: {} for line in LINES}
    half: dict[str, set[float]] = {line: set() for line in LINES}
    for row in table.itertuples(index=False):
        line, scenario, value = str(row.line_id), str(row.scenario_id), float(row.effectiveness)
        if line not in LINES or scenario not in SCENARIOS:
            raise ValueError(f"unknown line or scenario in the model: {line}, {scenario}")
        if not 0 <= value <= 1:
            raise ValueError(f"effectiveness of {line} against {scenario} must lie between 0 and 1, not {value}")
        effectiveness[line][scenario] = value
        half[line].add(float(row.half_spend))
    missing = [f"{line} x {s}" for line in LINES for s in SCENARIOS if s not in effectiveness[line]]
    if missing:
        raise ValueError(f"the model has no effectiveness for {', '.join(missing)}")
    bad = [line for line, values in half.items() if len(values) != 1 or min(values) <= 0]
    if bad:
        raise ValueError(f"give each line one positive half_spend: {', '.join(bad)}")
    return Model(effectiveness, {line: values.pop() for line, values in half.items()})


def load_model() -> Model:
    """The course's assumptions from ``data/allocation_model.csv``."""
    return model_from_table(data.load("allocation_model"))


def load_presets() -> pd.DataFrame:
    """The presets (``data/allocation_presets.csv``): preset_id, label, hypothesis_id, one column per line, basis."""
    return data.load("allocation_presets")


def preset(preset_id: str, presets: pd.DataFrame | None = None) -> dict[str, int]:
    """One preset's split ``{line: points}``; KeyError naming the known ids if there is no such preset."""
    presets = load_presets() if presets is None else presets
    rows = presets[presets["preset_id"] == preset_id]
    if rows.empty:
        raise KeyError(f"no preset '{preset_id}'; the presets are: {', '.join(presets['preset_id'])}")
    return {line: int(rows.iloc[0][line]) for line in LINES}


def preset_from_hypotheses(leading: Sequence[str], presets: pd.DataFrame | None = None) -> dict[str, int]:
    """The split that follows from the learner's competing-hypotheses result: the preset tagged with the leading
    hypothesis; with a tie, the average of the tied hypotheses' presets (rounded so it still sums to 100); the
    equal split when nothing leads yet."""
    presets = load_presets() if presets is None else presets
    tagged = presets[presets["hypothesis_id"].isin(list(leading))] if len(leading) else presets.iloc[0:0]
    if tagged.empty:
        return {line: BUDGET // len(LINES) for line in LINES}
    means = {line: float(tagged[line].astype(float).mean()) for line in LINES}
    return _round_to_budget(means)


def _round_to_budget(values: Mapping[str, float]) -> dict[str, int]:
    """Round to whole points that still sum to the budget (largest remainders get the spare points)."""
    floors = {k: math.floor(v) for k, v in values.items()}
    spare = BUDGET - sum(floors.values())
    for key in sorted(values, key=lambda k: values[k] - floors[k], reverse=True)[:max(spare, 0)]:
        floors[key] += 1
    return floors


# --------------------------------------------------------------------------- checking what a learner typed
def _whole_number(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)) and math.isfinite(value) and float(value).is_integer():
        return int(value)
    if isinstance(value, str):
        text = value.strip()
        if text.lstrip("-").isdigit():
            return int(text)
    return None


def check_allocation(spend: Any, budget: int = BUDGET) -> Check:
    """Check a split ``{line: points}``: every line present, whole non-negative numbers, summing to ``budget``."""
    if not isinstance(spend, Mapping) or not spend:
        return Check(False, f"Split the {budget} points across the four lines first.")
    unknown = [k for k in spend if k not in LINES]
    if unknown:
        return Check(False, f"{', '.join(map(str, unknown))} is not a budget line; the lines are: "
                            f"{', '.join(LINES.values())}.")
    values: dict[str, int] = {}
    for line, label in LINES.items():
        number = _whole_number(spend.get(line, 0))
        if number is None:
            return Check(False, f"{label}: '{spend.get(line)}' is not a whole number of points.")
        if number < 0:
            return Check(False, f"{label}: points cannot be negative; take points away from another line instead.")
        values[line] = number
    total = sum(values.values())
    if total != budget:
        gap = (f"{total - budget} too many: take them from a line" if total > budget
               else f"{budget - total} left to place")
        return Check(False, f"Your lines add up to {total}, not {budget} ({gap}).", values)
    return Check(True, "", values)


def check_likelihoods(likelihoods: Any) -> Check:
    """Check ``{scenario: 0..100}``: every scenario present, whole numbers from 0 to 100, not all zero."""
    if not isinstance(likelihoods, Mapping) or not likelihoods:
        return Check(False, "Give each scenario a weight (0 to 100) first: how likely and how harmful you find it.")
    unknown = [k for k in likelihoods if k not in SCENARIOS]
    if unknown:
        return Check(False, f"{', '.join(map(str, unknown))} is not a scenario; the scenarios are: "
                            f"{', '.join(SCENARIOS.values())}.")
    values: dict[str, int] = {}
    for scenario, label in SCENARIOS.items():
        number = _whole_number(likelihoods.get(scenario))
        if number is None or not 0 <= number <= 100:
            return Check(False, f"{label}: give a whole number from 0 to 100, not '{likelihoods.get(scenario)}'.")
        values[scenario] = number
    if not any(values.values()):
        return Check(False, "At least one scenario needs a weight above 0, or there is nothing to cover.")
    return Check(True, "", values)


# --------------------------------------------------------------------------- the model
def coverage_by_scenario(spend: Mapping[str, float], model: Model | None = None) -> dict[str, float]:
    """Coverage (0..1) of each scenario for a checked split (rule 3 in the module docstring)."""
    model = model or load_model()
    result = {}
    for scenario in SCENARIOS:
        protection = sum(model.effectiveness[line][scenario] * float(spend.get(line, 0)) / model.half_spend[line]
                         for line in LINES)
        result[scenario] = 1 - 0.5 ** protection
    return result


def weighted_coverage(coverages: Mapping[str, float], likelihoods: Mapping[str, float]) -> float:
    """The weighted average coverage (rule 4: weight = likelihood × harm); 0 when every weight is 0."""
    total = sum(float(likelihoods.get(s, 0)) for s in SCENARIOS)
    if total <= 0:
        return 0.0
    return sum(coverages[s] * float(likelihoods.get(s, 0)) for s in SCENARIOS) / total


def evaluate(spend: Any, likelihoods: Any, model: Model | None = None) -> Outcome:
    """Check both inputs and run the model: a table ``scenario, weight, coverage_pct`` and a summary sentence.
    Never raises on a learner's input: a refused input comes back as ``ok=False`` with the message."""
    split, odds = check_allocation(spend), check_likelihoods(likelihoods)
    for checked in (split, odds):
        if not checked.ok:
            return Outcome(False, checked.message)
    coverages = coverage_by_scenario(split.values, model)
    weighted = round(100 * weighted_coverage(coverages, odds.values), 1)
    table = pd.DataFrame([{"scenario": SCENARIOS[s], "weight": odds.values[s],
                           "coverage_pct": round(100 * coverages[s], 1)} for s in SCENARIOS])
    weakest = min(SCENARIOS, key=lambda s: (coverages[s] if odds.values[s] else 2.0, -odds.values[s]))
    summary = (f"Weighted by your scenario weights (likelihood × harm), this split covers {weighted:g}% of the threat; the least covered "
               f"scenario you gave weight is '{SCENARIOS[weakest].lower()}' at {100 * coverages[weakest]:.0f}%.")
    return Outcome(True, "", table, weighted, summary)


def coverage(split: Any, likelihoods: Any, model: Model | None = None,
             total_label: str = "Weighted by your scenario weights") -> pd.DataFrame:
    """The result table for one split and likelihoods plus a last row, ``total_label``, the weighted average; for
    a notebook cell (deterministic: reads no progress). The label must say whose weights weighted it (a cell
    with equal odds passes its own). A refused input gives a one-row table with the message."""
    outcome = evaluate(split, likelihoods, model)
    if not outcome.ok or outcome.table is None:
        return pd.DataFrame([{"scenario": outcome.message, "weight": None, "coverage_pct": None}])
    total = pd.DataFrame([{"scenario": total_label, "weight": None,
                           "coverage_pct": outcome.weighted_pct}])
    return pd.concat([outcome.table, total], ignore_index=True)
