"""Checkers for exercises/09-prescriptions.ipynb. Expected values are computed from data/ or from the practice
table this module hands the exercise, never typed in.

Each checker names the slip that changes the method, not just the number: counting the evidence *for* a
hypothesis instead of against it, keeping the most-contradicted hypothesis, a Brier score on percentages or
without the square, a budget given as shares of 1.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from coursekit import checks
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load

EVIDENCE = "hypothesis_evidence"
HYPOTHESES = ("H1", "H2", "H3", "H4")
BUDGET = 100.0
LINES = ("conventional", "supply_chain", "info_cyber", "infrastructure")


def _kind(answer: Any) -> str:
    """What an answer is, in plain words: a single number is "a single number (25)", never a numpy type name
    such as float64 or int64 (what `points.sum() / 100` gives)."""
    if isinstance(answer, (bool, np.bool_)):
        return f"{bool(answer)} (a True/False value)"
    if isinstance(answer, (int, float, np.number)):
        return f"a single number ({float(answer):g})"
    kind = checks.kind_of(answer)
    for numpy_name in ("float64", "float32", "int64", "int32"):
        kind = kind.replace(f"a {numpy_name}", "a number").replace(f"an {numpy_name}", "a number")
    return kind


def _matrix() -> pd.DataFrame:
    return load(EVIDENCE)


def expected_against() -> pd.Series:
    """Task 1: how many of the course's items are rated inconsistent (I) with each hypothesis."""
    return (_matrix()[list(HYPOTHESES)] == "I").sum()


def _as_counts(answer: Any, name: str) -> pd.Series:
    """A learner's per-hypothesis counts as a Series indexed H1..H4, or a Mismatch saying what it is instead."""
    if isinstance(answer, dict):
        answer = pd.Series(answer)
    if isinstance(answer, pd.DataFrame):
        if answer.empty:
            raise Mismatch(f"{name} is an empty table. Compare the four columns H1 to H4 with \"I\", then add .sum().")
        if set(HYPOTHESES) <= set(map(str, answer.columns)) and len(answer) == len(_matrix()):
            raise Mismatch(f"{name} is a table with one row per item: True where an item is rated I. Add .sum() "
                           "to count the Trues in each column, one number per hypothesis.")
        raise Mismatch(f"{name} is a table with {answer.shape[1]} columns; expected one count per hypothesis: "
                       "(matrix[[\"H1\", \"H2\", \"H3\", \"H4\"]] == \"I\").sum().")
    if not isinstance(answer, pd.Series):
        raise Mismatch(f"{name} is {_kind(answer)}; expected a pandas Series with one count per "
                       "hypothesis (H1 to H4).")
    labels = set(map(str, answer.index))
    if len(answer) == len(_matrix()) and not labels & set(HYPOTHESES):
        raise Mismatch(f"{name} has one number per evidence item ({len(answer)} of them), not one per hypothesis: "
                       "you summed across each row. Use .sum() with no axis=1, so each column is counted.")
    missing = [h for h in HYPOTHESES if h not in labels]
    if missing:
        raise Mismatch(f"{name} has no count for {', '.join(missing)}. Keep the four columns H1, H2, H3 and H4.")
    extra = sorted(labels - set(HYPOTHESES))
    if extra:
        raise Mismatch(f"{name} also counts {', '.join(extra)}, "
                       f"{'which is not a hypothesis' if len(extra) == 1 else 'which are not hypotheses'}. Select only the columns "
                       "H1 to H4 before comparing.")
    counts = pd.to_numeric(answer, errors="coerce")
    if counts.isna().any():
        raise Mismatch(f"{name} holds text, not counts. Compare with \"I\" and add .sum().")
    counts.index = counts.index.map(str)
    return counts.reindex(list(HYPOTHESES))


# --------------------------------------------------------------------------- task 1
@checker
def check_against(answer: Any) -> CheckResult:
    """Task 1a: the number of items rated I (inconsistent) with each hypothesis, in the course's ratings."""
    given = _as_counts(answer, "against")
    expected = expected_against()
    matrix = _matrix()
    if (given == expected).all():
        return checks.passed(f"Right: the course rates {', '.join(f'{h}: {int(expected[h])}' for h in HYPOTHESES)} "
                             "items inconsistent. These are the items each hypothesis has to explain away.")
    for rating, word in (("C", "consistent (C)"), ("N", "neutral (N)")):
        if (given == (matrix[list(HYPOTHESES)] == rating).sum()).all():
            raise Mismatch(f"you counted the items rated {word}. Heuer's method counts the evidence AGAINST each "
                           "hypothesis: compare with \"I\".")
    if given.max() <= 1 < expected.max():
        raise Mismatch("against holds shares (at most 1), not counts: use .sum(), not .mean().")
    if (given == len(matrix) - expected).all():
        raise Mismatch("you counted the items NOT rated I (!= instead of ==). Count those equal to \"I\".")
    wrong = [h for h in HYPOTHESES if given[h] != expected[h]]
    raise Mismatch(f"the count for {', '.join(wrong)} is not right. Count every row of the matrix, with no filter: "
                   "(matrix[[\"H1\", \"H2\", \"H3\", \"H4\"]] == \"I\").sum().")


def _leaders() -> set[str]:
    counts = expected_against()
    return set(counts[counts == counts.min()].index)


@checker
def check_survivor(answer: Any) -> CheckResult:
    """Task 1b: the hypothesis with the fewest items against it (ties: any of the tied ones)."""
    if isinstance(answer, pd.Series):
        raise Mismatch("survivor is a Series; expected one hypothesis id such as \"H1\". .idxmin() on your "
                       "counts gives the label of the smallest one.")
    if isinstance(answer, (int, float, np.number)) and not isinstance(answer, (bool, np.bool_)):
        raise Mismatch(f"survivor is a number ({answer:g}), a count of items, not a hypothesis: expected the text "
                       "of one hypothesis id, such as \"H1\". .min() gives the smallest count; .idxmin() gives "
                       "the label that goes with it.")
    if not isinstance(answer, str):
        raise Mismatch(f"survivor is {_kind(answer)}; expected the text of one hypothesis id, "
                       "such as \"H1\".")
    given = answer.strip().upper()
    if given not in HYPOTHESES:
        raise Mismatch(f"'{answer}' is not a hypothesis id: use one of {', '.join(HYPOTHESES)}.")
    counts = expected_against()
    leaders = _leaders()
    if given in leaders:
        tie = (f" It ties with {', '.join(sorted(leaders - {given}))}: the unweighted count cannot separate them."
               if len(leaders) > 1 else "")
        return checks.passed(f"Right: {given} has the fewest items against it ({int(counts[given])}).{tie} "
                             "It survives for now; it is not proven, and the items that would change it are "
                             "the ones to re-check.")
    if counts[given] == counts.max():
        raise Mismatch(f"{given} has the MOST items against it ({int(counts[given])}). The survivor is the "
                       "hypothesis with the fewest: .idxmin(), not .idxmax().")
    raise Mismatch(f"{given} has {int(counts[given])} items against it; another hypothesis has fewer. "
                   "Take the label of the smallest count: against.idxmin().")


# --------------------------------------------------------------------------- task 2
def practice_forecasts() -> pd.DataFrame:
    """Task 2's made-up forecaster: five statements, the probability given (per cent) and whether each came true.

    Illustrative numbers, not facts about the world: the task is the arithmetic of the Brier score."""
    return pd.DataFrame({
        "statement": ["S1", "S2", "S3", "S4", "S5"],
        "probability_pct": [90, 70, 60, 30, 10],
        "came_true": [True, False, True, False, False],
    })


def expected_brier() -> float:
    """Task 2's answer: the mean of (probability as a fraction - outcome)²."""
    table = practice_forecasts()
    return float(((table["probability_pct"] / 100 - table["came_true"].astype(float)) ** 2).mean())


@checker
def check_brier(answer: Any) -> CheckResult:
    """Task 2: the Brier score of the practice forecaster, as one number between 0 and 1."""
    if isinstance(answer, pd.Series) and len(answer) > 1:
        raise Mismatch(f"brier is a column of {len(answer)} values, one per statement: the squared gaps. "
                       "Their mean is the score: add .mean().")
    value = checks.require_number(answer, "brier")
    table = practice_forecasts()
    outcome = table["came_true"].astype(float)
    gaps = table["probability_pct"] / 100 - outcome
    expected = expected_brier()

    def near(target: float) -> bool:
        return math.isclose(value, target, rel_tol=1e-6, abs_tol=1e-6)

    if near(float(((table["probability_pct"] - outcome) ** 2).mean())) or value > 1:
        raise Mismatch(f"{value:g} is above 1, so the probabilities were used as percentages. Divide "
                       "probability_pct by 100 first: 90% is 0.9.")
    if near(float(gaps.mean())) or near(float(-gaps.mean())):
        raise Mismatch(f"{value:g} is the mean gap without the square: gaps above and below the outcome cancel "
                       "out. The Brier score squares each gap before averaging: (p - outcome) ** 2.")
    if near(float(gaps.abs().mean())):
        raise Mismatch(f"{value:g} is the mean gap without the square. The Brier score squares each gap "
                       "before averaging: (p - outcome) ** 2.")
    if near(float((gaps ** 2).sum())):
        raise Mismatch(f"{value:g} is the sum of the squared gaps. The score is their mean: divide by the "
                       f"number of statements ({len(table)}), or use .mean().")
    if near(1 - expected):
        raise Mismatch(f"{value:g} is 1 minus the score. The Brier score itself is the mean squared gap: lower "
                       "is better, 0 is perfect.")
    if near(float(((1 - table["probability_pct"] / 100 - outcome) ** 2).mean())):
        raise Mismatch(f"{value:g} scores the probability that each statement is false. Use the probability "
                       "given (that it is true) against came_true.")
    checks.require_close(value, expected, 0.005, "the mean of the squared gaps")
    return checks.passed(f"Right: {expected:.3f}. Always answering 50% would score 0.25, so this forecaster did "
                         "better than that; their worst item is S2, 70% on a statement that was false.")


# --------------------------------------------------------------------------- task 3
def practice_priorities() -> dict[str, int]:
    """Task 3's rough priorities, in points (illustrative, not a recommendation): twice as much for
    supply chains as for conventional forces, and so on."""
    return {"conventional": 2, "supply_chain": 4, "info_cyber": 3, "infrastructure": 3}


@checker
def check_split(answer: Any) -> CheckResult:
    """Task 3: the priorities turned into a split of a budget of 100, in the same proportions."""
    given_dict = isinstance(answer, dict)
    if given_dict:
        answer = pd.Series(answer)
    if isinstance(answer, (int, float, np.number)) and not isinstance(answer, (bool, np.bool_)):
        raise Mismatch(f"split is {_kind(answer)}, one number for the whole budget; expected one amount per "
                       f"budget line ({', '.join(LINES)}). Work on the Series of points itself, not on its "
                       "total: each line's points divided by the total of the points, then multiplied by 100.")
    if not isinstance(answer, pd.Series):
        raise Mismatch(f"split is {_kind(answer)}; expected a pandas Series with one amount per budget "
                       f"line ({', '.join(LINES)}).")
    labels = set(map(str, answer.index))
    missing = [line for line in LINES if line not in labels]
    extra = sorted(labels - set(LINES))
    if missing:
        typed = (f" It has {', '.join(extra)} instead: check the spelling of the labels." if extra else "")
        raise Mismatch(f"split has no amount for {', '.join(missing)}. Keep all four lines: every line gets a "
                       f"share, even a small one.{typed}")
    if extra:
        raise Mismatch(f"split has {', '.join(extra)}, "
                       f"{'which is not a budget line' if len(extra) == 1 else 'which are not budget lines'}.")
    amounts = pd.to_numeric(answer, errors="coerce")
    if amounts.isna().any():
        raise Mismatch("split holds something that is not a number. Each line's amount is a number.")
    amounts.index = amounts.index.map(str)
    if (amounts < 0).any():
        raise Mismatch("split has a negative amount: a budget line can get nothing, not less than nothing.")
    total = float(amounts.sum())
    priorities = pd.Series(practice_priorities()).astype(float)
    if math.isclose(total, 1.0, abs_tol=1e-6):
        raise Mismatch("split adds up to 1: these are shares of the budget. Multiply by the budget, 100.")
    if math.isclose(total, float(priorities.sum()), abs_tol=1e-6):
        raise Mismatch(f"split adds up to {total:g}, the total of the points, not the budget of {BUDGET:g}. "
                       "Turn each line's points into its share of all the points (its points divided by the "
                       "total), then multiply by the budget. A dict cannot be divided: make a Series of it "
                       "first, as the hint shows.")
    if not math.isclose(total, BUDGET, abs_tol=0.01):
        raise Mismatch(f"split adds up to {total:g}, not the budget of {BUDGET:g}. Divide each line's points by "
                       "the total of the points, then multiply by 100.")
    expected = priorities / priorities.sum() * BUDGET
    off = [line for line in LINES if abs(amounts[line] - expected[line]) > 0.5]
    if off:
        raise Mismatch(f"split adds up to 100, but {', '.join(off)} {'is' if len(off) == 1 else 'are'} not in "
                       "proportion to the points: a line with twice the points gets twice the amount. Work each "
                       "amount out from its points, not by hand.")
    top = expected.idxmax()
    return checks.passed(f"Right: the split adds up to 100 and keeps the proportions; {top} gets the most "
                         f"({amounts[top]:.4g} in your split). A model can only compare splits that spend the same budget."
                         + (" (You gave a dict: it works here, but the task asks for a pandas Series; "
                            "pd.Series(split) makes one.)" if given_dict else ""))
