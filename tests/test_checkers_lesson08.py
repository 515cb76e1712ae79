"""Lesson 08's checkers: right answers pass, typical beginner mistakes get specific advice."""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit.checkers import lesson08
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load

RAW = load("undersea_incidents")
BASE = load("cable_fault_base_rate").set_index("id").loc["icpc-faults-per-year-2025"]
BY_OUTCOME = RAW["outcome"].value_counts()
CLOSE = RAW[(RAW["sea"] == "Baltic Sea") & (RAW["location_precision_km"] <= 50)]
N_2025 = RAW["date"].str.startswith("2025").sum()
SHARE = 100 * N_2025 / BASE["value_low"]
CHECKS = [lesson08.check_outcome_counts, lesson08.check_baltic_close, lesson08.check_share_of_faults]


@pytest.mark.parametrize("check", CHECKS)
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("wrong", [None, "a string", 3.5, [1, 2]])
def test_wrong_types_get_a_sentence_not_a_traceback(check, wrong):
    result = check(wrong)
    assert result.passed is False and "Traceback" not in result.message and len(result.message) > 20


def test_right_answers_pass():
    assert lesson08.check_outcome_counts(BY_OUTCOME).passed
    # an open case can have a finding on cause (Nord Stream: deliberate); what none has is a court ruling on who did it
    assert "no court ruling on responsibility" in lesson08.check_outcome_counts(BY_OUTCOME).message
    assert lesson08.check_outcome_counts(BY_OUTCOME.reset_index()).passed
    assert lesson08.check_outcome_counts(RAW.groupby("outcome").size()).passed
    assert lesson08.check_baltic_close(CLOSE).passed
    assert lesson08.check_baltic_close(CLOSE.sort_values("date")).passed
    assert lesson08.check_share_of_faults(SHARE).passed
    assert lesson08.check_share_of_faults(round(SHARE, 2)).passed


def test_the_anticipated_mistakes_really_differ_from_the_answer():
    # if the data changed so that a mistake gave the right answer, the tests below would prove nothing
    assert RAW["lat"].isna().any(), "some rows have no position (task 1's located-only slip)"
    assert (CLOSE["location_precision_km"] == 50).any(), "a row sits exactly on 50 km (task 2's < slip)"
    assert BASE["value_low"] != BASE["value_high"]
    assert RAW.loc[RAW["lat"].notna(), "date"].str.startswith("2025").sum() != N_2025


@pytest.mark.parametrize("answer, advice", [
    (pd.DataFrame(), "empty table"),
    (RAW["outcome"] == "accident", "True/False mask"),
    (RAW["outcome"].value_counts(normalize=True), "shares (they add up to 1)"),
    (RAW.loc[RAW["lat"].notna(), "outcome"].value_counts(), "only those with a position"),
    (RAW["sea"].value_counts(), "does not count outcomes"),
    # drop the largest count: dropping a 1 could leave exactly the located rows' total (the slip tested above)
    (BY_OUTCOME.drop(BY_OUTCOME.index[0]), "has no count for"),
    (BY_OUTCOME + 1, "is not right"),
    (RAW["outcome"], "holds text"),
    (RAW[["outcome", "sea", "id"]], "3 columns"),
])
def test_task1_mistakes_get_specific_advice(answer, advice):
    result = lesson08.check_outcome_counts(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (RAW[RAW["sea"] == "baltic"], "the sea is written"),
    ((RAW["sea"] == "Baltic Sea") & (RAW["location_precision_km"] <= 50), "True/False mask"),
    (RAW[RAW["location_precision_km"] <= 50], "not in the Baltic Sea"),
    (RAW[RAW["sea"] == "Baltic Sea"], "no position at all"),
    (RAW[(RAW["sea"] == "Baltic Sea") & (RAW["location_precision_km"] < 50)], "use <=, not <"),
    (RAW[(RAW["sea"] == "Baltic Sea") & (RAW["location_precision_km"] <= 60)], "less precisely than 50 km"),
    (CLOSE[["lat", "lon"]], "no 'id' column"),
    (CLOSE[["id", "sea"]], "whole rows"),  # the third learner's column selection passed before
    (CLOSE.iloc[:1], "missing"),
])
def test_task2_mistakes_get_specific_advice(answer, advice):
    result = lesson08.check_baltic_close(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (SHARE / 100, "multiply by 100"),
    (100 * N_2025 / BASE["value_high"], "divide by the bottom"),
    (100 * RAW.loc[RAW["lat"].notna(), "date"].str.startswith("2025").sum() / BASE["value_low"], "only the located"),
    (100 * len(RAW) / BASE["value_low"], "counts every incident"),
    (float(N_2025), "not yet a share"),
    (str(round(SHARE, 2)), "remove the quotes"),
    (f"{SHARE:.1f}%", "Drop the quotes and the % sign"),
    (pd.Series([SHARE]), ".item()"),
    (float("nan"), "NaN"),
    (SHARE + 2, "too high"),
])
def test_task3_mistakes_get_specific_advice(answer, advice):
    result = lesson08.check_share_of_faults(answer)
    assert result.passed is False and advice in result.message, result.message


def test_task3_a_column_instead_of_a_count_points_to_n_2025():
    """A learner who forgot .sum() on n_2025 gets a Series share; the message says where the fix belongs."""
    mask = RAW["date"].str.startswith("2025")
    result = lesson08.check_share_of_faults(100 * mask / 150)
    assert result.passed is False and "n_2025" in result.message and ".sum()" in result.message, result.message


def test_task1_wrong_type_does_not_hand_over_the_solution():
    result = lesson08.check_outcome_counts(["accident", "unresolved"])
    assert result.passed is False and "value_counts()" not in result.message, result.message


def test_outcome_counts_as_a_dict_asks_for_the_series():
    message = lesson08.check_outcome_counts(BY_OUTCOME.to_dict()).message
    assert "dict" in message and "pandas Series" in message and ".value_counts()" in message


@pytest.mark.parametrize("digits", [1, 2, 3])
def test_task3_a_share_rounded_to_one_or_more_decimals_is_right(digits):
    """A learner who rounded 6.67 to 6.7 was told it was 'too high' (lesson 08, fifth learner)."""
    assert lesson08.check_share_of_faults(round(SHARE, digits)).passed
