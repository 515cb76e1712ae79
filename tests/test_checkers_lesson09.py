"""Lesson 09's checkers: right answers pass, typical beginner mistakes get specific advice."""
from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from coursekit.checkers import lesson09
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load

MATRIX = load("hypothesis_evidence")
H = ["H1", "H2", "H3", "H4"]
AGAINST = (MATRIX[H] == "I").sum()
SURVIVOR = AGAINST.idxmin()
FORECASTS = lesson09.practice_forecasts()
P = FORECASTS["probability_pct"] / 100
OUTCOME = FORECASTS["came_true"].astype(float)
BRIER = float(((P - OUTCOME) ** 2).mean())
PRIORITIES = pd.Series(lesson09.practice_priorities())
SPLIT = PRIORITIES / PRIORITIES.sum() * 100
CHECKS = [lesson09.check_against, lesson09.check_survivor, lesson09.check_brier, lesson09.check_split]


@pytest.mark.parametrize("check", CHECKS)
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("wrong", [None, "a string", 3.5, [1, 2]])
def test_wrong_types_get_a_sentence_not_a_traceback(check, wrong):
    result = check(wrong)
    assert result.passed is False and "Traceback" not in result.message and len(result.message) > 20


def test_right_answers_pass():
    assert lesson09.check_against(AGAINST).passed
    assert lesson09.check_against(AGAINST.to_dict()).passed
    assert lesson09.check_survivor(SURVIVOR).passed
    assert lesson09.check_survivor(SURVIVOR.lower()).passed
    assert lesson09.check_brier(BRIER).passed
    assert lesson09.check_brier(round(BRIER, 2)).passed
    assert lesson09.check_split(SPLIT).passed
    assert lesson09.check_split(SPLIT.round(1).to_dict()).passed


def test_the_anticipated_mistakes_really_differ_from_the_answer():
    # if the data changed so that a mistake gave the right answer, the tests below would prove nothing
    assert not ((MATRIX[H] == "C").sum() == AGAINST).all()
    assert AGAINST.idxmax() != SURVIVOR and AGAINST.max() != AGAINST.min()
    assert len(MATRIX) != len(H)


@pytest.mark.parametrize("answer, advice", [
    (pd.DataFrame(), "empty table"),
    (MATRIX[H] == "I", "Add .sum()"),
    ((MATRIX[H] == "C").sum(), "AGAINST"),
    ((MATRIX[H] == "I").mean(), "shares"),
    ((MATRIX[H] != "I").sum(), "NOT rated I"),
    ((MATRIX[H] == "I").sum(axis=1), "one number per evidence item"),
    (AGAINST.drop("H4"), "no count for H4"),
    (pd.concat([AGAINST, pd.Series({"credibility": 3})]), "not a hypothesis"),
    (AGAINST + 1, "is not right"),
    (MATRIX[H].iloc[0], "holds text"),
])
def test_task1_counting_mistakes_get_specific_advice(answer, advice):
    result = lesson09.check_against(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (AGAINST.idxmax(), ".idxmin(), not .idxmax()"),
    (AGAINST, "Series"),
    ("H9", "not a hypothesis id"),
    (2, "expected the text"),
    (AGAINST.min(), "is a number"),  # a numpy count: plain words, not "an int64"
])
def test_task1_survivor_mistakes_get_specific_advice(answer, advice):
    result = lesson09.check_survivor(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (float(((FORECASTS["probability_pct"] - OUTCOME) ** 2).mean()), "percentages"),
    (float((P - OUTCOME).abs().mean()), "without the square"),
    (float((P - OUTCOME).mean()), "without the square"),  # gaps.mean(): the natural slip
    (float((OUTCOME - P).mean()), "without the square"),
    (float(((P - OUTCOME) ** 2).sum()), "sum of the squared gaps"),
    (1 - BRIER, "1 minus the score"),
    (float(((1 - P - OUTCOME) ** 2).mean()), "false"),
    ((P - OUTCOME) ** 2, "add .mean()"),
    (str(BRIER), "remove the quotes"),
    (pd.Series([BRIER]), ".item()"),
    (float("nan"), "NaN"),
    (BRIER + 0.1, "too high"),
])
def test_task2_brier_mistakes_get_specific_advice(answer, advice):
    result = lesson09.check_brier(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (PRIORITIES / PRIORITIES.sum(), "Multiply by the budget"),
    (PRIORITIES, "total of the points"),
    (PRIORITIES * 10, "not the budget"),
    (SPLIT.drop("info_cyber"), "no amount for info_cyber"),
    (pd.concat([SPLIT, pd.Series({"navy": 0.0})]), "not a budget line"),
    (pd.Series({"conventional": 25.0, "supply_chain": 25.0, "info_cyber": 25.0, "infrastructure": 25.0}),
     "not in proportion"),
    (pd.Series({"conventional": -10.0, "supply_chain": 60.0, "info_cyber": 25.0, "infrastructure": 25.0}),
     "negative"),
    (SPLIT.astype(str).radd("x"), "not a number"),
    (pd.DataFrame({"amount": SPLIT}), "expected a pandas Series"),
])
def test_task3_split_mistakes_get_specific_advice(answer, advice):
    result = lesson09.check_split(answer)
    assert result.passed is False and advice in result.message, result.message


def test_task1_survivor_feedback_has_no_numpy_jargon():
    for answer in (AGAINST.min(), AGAINST.astype(float).min(), 2, ["H1"]):
        message = lesson09.check_survivor(answer).message
        assert "int64" not in message and "float64" not in message, message


NUMPY_NAMES = ("float64", "float32", "int64", "int32", "np.", "numpy", "bool_", "ndarray")


def test_no_lesson09_feedback_names_a_numpy_type():
    """Round 3: `split = points.sum() / 100` got "split is a float64". Every checker, fed every kind of wrong
    answer (numpy numbers, plain numbers, booleans, lists, arrays, text, tables), answers in plain words."""
    numbers = np.float64(0.12), np.int64(12), np.float32(0.5), np.int32(3), 0.12, 12, np.bool_(True), True
    others = ["H1"], np.array([1.0, 2.0]), "text", None, {"H1": 1}, pd.DataFrame({"a": [1.0]}), pd.Series([1.0, 2.0])
    answers = numbers + others + (AGAINST.min(), AGAINST.astype(float).min(), PRIORITIES.sum() / 100)
    for check in (lesson09.check_against, lesson09.check_survivor, lesson09.check_brier, lesson09.check_split):
        for answer in answers:
            message = check(answer).message
            assert not any(name in message for name in NUMPY_NAMES), (check.__name__, answer, message)
    message = lesson09.check_split(PRIORITIES.sum() / 100).message  # the learner's exact slip
    assert "a single number (0.12)" in message and "one amount per budget line" in message, message


def test_task3_feedback_neither_gives_the_answer_nor_code_that_fails_on_the_dict():
    """The exercise's `priorities` is a dict: `priorities / priorities.sum()` raises on it, and the formula
    is the answer itself. Every piece of task 3 feedback is checked for both."""
    dict_priorities = lesson09.practice_priorities()
    with pytest.raises((TypeError, AttributeError)):
        dict_priorities / dict_priorities.sum()  # what the old feedback suggested
    wrong = [PRIORITIES / PRIORITIES.sum(), PRIORITIES, PRIORITIES * 10, dict(PRIORITIES),
             pd.Series({"conventional": 25.0, "supply_chain": 25.0, "info_cyber": 25.0, "infrastructure": 25.0})]
    for answer in wrong:
        message = lesson09.check_split(answer).message
        assert "priorities /" not in message and "priorities.sum()" not in message and "* 100" not in message, message


def test_task3_whole_numbers_that_add_to_100_pass():
    rounded = SPLIT.round(0)
    rounded[rounded.idxmax()] += 100 - rounded.sum()
    assert lesson09.check_split(rounded).passed


def test_task3_shows_plain_numbers_never_numpy_type_names():
    """A learner's `split.sum()` showed np.float64(100.0): the task asks for print(split.sum()) and says why, and
    no feedback names a numpy type."""
    import nbformat

    for answer in (SPLIT, PRIORITIES, PRIORITIES / PRIORITIES.sum(), PRIORITIES * 10, SPLIT.round(1).to_dict(),
                   pd.Series({"conventional": 25.0, "supply_chain": 25.0, "info_cyber": 25.0, "infrastructure": 25.0})):
        message = lesson09.check_split(answer).message
        assert "np." not in message and "float64" not in message and "int64" not in message, message
    root = Path(__file__).resolve().parents[1]
    for folder in ("solutions", "exercises"):
        cells = nbformat.read(root / folder / "09-prescriptions.ipynb", as_version=4).cells
        task = next(c.source for c in cells if c.source.startswith("## Task 3"))
        assert "print(split.sum())" in task and "np.float64(100.0)" in task  # asked for, and the bare form explained
    solution = next(c.source for c in nbformat.read(root / "solutions" / "09-prescriptions.ipynb", as_version=4).cells
                    if "split = points" in c.source)
    assert "print(split.sum())" in solution


def test_task3_praise_quotes_the_learners_own_amount_and_extra_labels_read_as_plural():
    rounded = pd.Series({"conventional": 17, "supply_chain": 33, "info_cyber": 25, "infrastructure": 25})
    message = lesson09.check_split(rounded).message
    assert "(33 in your split)" in message and "33.3" not in message
    two_extra = pd.Series({**rounded.to_dict(), "navy": 0, "army": 0})
    assert "which are not budget lines" in lesson09.check_split(two_extra).message


def test_task3_names_misspelt_labels_and_says_a_dict_is_not_the_series_asked_for():
    typo = pd.Series({"conventional": 17, "supplychain": 33, "info_cyber": 25, "infrastructure": 25})
    message = lesson09.check_split(typo).message
    assert "no amount for supply_chain" in message and "supplychain" in message and "spelling" in message
    result = lesson09.check_split(SPLIT.round(1).to_dict())
    assert result.passed and "pandas Series" in result.message
