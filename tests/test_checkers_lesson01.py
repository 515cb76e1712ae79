"""Lesson 01's checkers: right answers pass, typical beginner mistakes get specific advice."""
from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from coursekit.checkers import lesson01
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load

EXERCISES = load("joint_exercises").assign(year=lambda f: pd.to_numeric(f["start_date"].str.slice(0, 4)))
PATROLS = load("bomber_patrols")
RIGHT_PER_YEAR = EXERCISES["year"].value_counts().sort_index().rename_axis("year").reset_index(name="n_exercises")
RIGHT_FIRSTS = EXERCISES.dropna(subset=["notable_first"])
RIGHT_SHARE = round(100 * EXERCISES["multilateral"].astype(bool).sum() / EXERCISES.shape[0], 1)


def bar(x, y, data=RIGHT_PER_YEAR, **props):
    return alt.Chart(data).mark_bar().encode(x=x, y=y).properties(**props)


GOOD_CHART = bar(alt.X("year:O", title="Year"), alt.Y("n_exercises:Q", title="Number of events"), title="T")

CHECKS = [lesson01.check_exercises_per_year, lesson01.check_firsts, lesson01.check_share_multilateral,
          lesson01.check_per_year_chart]


@pytest.mark.parametrize("check", CHECKS)
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("odd", [None, "an answer"])
def test_wrong_type_is_a_friendly_failure(check, odd):
    result = check(odd)
    assert result.passed is False and "Traceback" not in result.message


def test_right_answers_pass():
    assert lesson01.check_exercises_per_year(RIGHT_PER_YEAR).passed
    as_text = RIGHT_PER_YEAR.assign(year=RIGHT_PER_YEAR["year"].astype(str))
    assert lesson01.check_exercises_per_year(as_text).passed, "years as text are fine"
    assert lesson01.check_firsts(RIGHT_FIRSTS).passed
    assert lesson01.check_firsts(RIGHT_FIRSTS[["exercise_id", "notable_first"]]).passed
    assert lesson01.check_share_multilateral(RIGHT_SHARE).passed
    assert lesson01.check_per_year_chart(GOOD_CHART).passed
    counted = bar(alt.X("year:O", title="Year"), alt.Y("count():Q", title="Events"), data=EXERCISES, title="T")
    assert lesson01.check_per_year_chart(counted).passed


def test_expected_values_are_not_trivial():
    """Guards against a checker that would pass anything: the data must have several years and firsts."""
    assert len(RIGHT_PER_YEAR) > 5 and 0 < len(RIGHT_FIRSTS) < len(EXERCISES) and 0 < RIGHT_SHARE < 100


def _with_patrols() -> pd.DataFrame:
    patrol_years = pd.to_numeric(PATROLS["date"].str.slice(0, 4)).value_counts()
    total = RIGHT_PER_YEAR.set_index("year")["n_exercises"].add(patrol_years, fill_value=0)
    return total.rename_axis("year").reset_index(name="n_exercises")


@pytest.mark.parametrize("answer, advice", [
    (EXERCISES.groupby("year").size(), "reset_index(name="),
    (EXERCISES.groupby("year").size().reset_index(), "{0: 'n_exercises'}"),
    (EXERCISES["year"].value_counts().reset_index(), "{'count': 'n_exercises'}"),
    (EXERCISES.groupby("start_date").size().reset_index(name="n_exercises"), "grouped by start_date"),
    (EXERCISES.groupby(["year", "domain"]).size().reset_index(name="n_exercises"), "more than one row"),
    (RIGHT_PER_YEAR.iloc[1:], "is missing"),
    (_with_patrols(), "include the bomber patrols"),
    (RIGHT_PER_YEAR.assign(n_exercises=RIGHT_PER_YEAR["n_exercises"] + 1), "the count for"),
])
def test_per_year_mistakes(answer, advice):
    result = lesson01.check_exercises_per_year(answer)
    assert result.passed is False and advice in result.message, result.message


def test_firsts_mistakes():
    cases = [
        (EXERCISES[EXERCISES["notable_first"].isna()], ".notna(), not .isna()"),
        (EXERCISES, "keeps every row"),
        (EXERCISES[EXERCISES["notable_first"].str.contains("first", na=False)], "the word 'first'"),
        (pd.concat([RIGHT_FIRSTS, EXERCISES.iloc[[3]]]), "no reported first"),
        (pd.concat([RIGHT_FIRSTS, RIGHT_FIRSTS.iloc[[0]]]), "appear twice"),
        (RIGHT_FIRSTS[["name"]], "missing"),
    ]
    assert EXERCISES.loc[3, "notable_first"] is pd.NA, "row 3 must be one without a first for this test"
    for answer, advice in cases:
        result = lesson01.check_firsts(answer)
        assert result.passed is False and advice in result.message, (advice, result.message)


@pytest.mark.parametrize("answer, advice", [
    (RIGHT_SHARE / 100, "a fraction"),
    (int(EXERCISES["multilateral"].astype(bool).sum()), "number of multilateral events"),
    (round(100 - RIGHT_SHARE, 1), "share of bilateral events"),
    (RIGHT_SHARE + 5, "too high"),
    (str(RIGHT_SHARE), "remove the quotes"),
    (EXERCISES["multilateral"], "Series"),
])
def test_share_mistakes(answer, advice):
    result = lesson01.check_share_multilateral(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (alt.Chart(RIGHT_PER_YEAR), "no mark yet"),
    (alt.Chart(RIGHT_PER_YEAR).mark_line().encode(x="year:O", y="n_exercises:Q"), "mark 'line'"),
    (bar(alt.X("n_exercises:Q", title="N"), alt.Y("year:O", title="Year"), title="T"), "year is on the y axis"),
    (bar(alt.X("n_exercises:Q", title="N"), alt.Y("n_exercises:Q", title="N"), title="T"), "put year on the x"),
    (bar(alt.X("year:O", title="Year"), alt.Y("mean(year):Q", title="Y"), title="T"), "should show the number"),
    (bar(alt.X("year:O"), alt.Y("n_exercises:Q", title="N"), title="T"), "give the x axis a title"),
    (bar(alt.X("year:O", title="Year"), alt.Y("n_exercises:Q", title="N")), "add a title"),
    (bar(alt.X("year:O", title="Year"), alt.Y("n_exercises:Q", title="N"), data=EXERCISES, title="T"),
     "no n_exercises column"),
    (GOOD_CHART + GOOD_CHART, "not a layered"),
])
def test_chart_mistakes(answer, advice):
    result = lesson01.check_per_year_chart(answer)
    assert result.passed is False and advice in result.message, result.message
