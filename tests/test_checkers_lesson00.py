"""Lesson 00's checkers: right answers pass, typical beginner mistakes get specific advice."""
from __future__ import annotations

import altair as alt
import pytest

from coursekit.checkers import lesson00
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load

CLAIMS = load("claims")
RIGHT_TABLE = CLAIMS.groupby("lesson").size().reset_index(name="n_claims")


def bar(x, y, **props):
    return alt.Chart(CLAIMS).mark_bar().encode(x=x, y=y).properties(**props)


GOOD_CHART = bar(alt.X("count()", title="Number of claims"), alt.Y("claim_type:N", title="Claim type"), title="T")


@pytest.mark.parametrize("check", [lesson00.check_claim_count, lesson00.check_claims_per_lesson,
                                   lesson00.check_claim_type_chart])
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


def test_right_answers_pass():
    assert lesson00.check_claim_count(len(CLAIMS)).passed
    assert lesson00.check_claims_per_lesson(RIGHT_TABLE).passed
    assert lesson00.check_claims_per_lesson(RIGHT_TABLE.assign(lesson=RIGHT_TABLE["lesson"].astype(int))).passed
    assert lesson00.check_claim_type_chart(GOOD_CHART).passed


@pytest.mark.parametrize("answer, advice", [
    (CLAIMS.shape, "`.shape` gives (rows, columns)"),
    (CLAIMS.shape[1], "number of columns"),
    (len(CLAIMS) - 1, "different number of rows"),
    (str(len(CLAIMS)), "remove the quotes"),
])
def test_claim_count_mistakes(answer, advice):
    result = lesson00.check_claim_count(answer)
    assert result.passed is False and advice in result.message


@pytest.mark.parametrize("answer, advice", [
    (CLAIMS.groupby("lesson").size(), 'reset_index(name='),
    (CLAIMS["lesson"].value_counts().reset_index(), "{'count': 'n_claims'}"),
    (CLAIMS.groupby("lesson").size().reset_index(), "{0: 'n_claims'}"),
    (CLAIMS.assign(n_claims=1)[["lesson", "n_claims"]], "appears on more than one row"),
    (CLAIMS.groupby("lesson").size().reset_index(), "called 0; name it 'n_claims'"),
    (CLAIMS.groupby("lesson").size().reset_index(name="count"), "called 'count'"),
    (RIGHT_TABLE.iloc[1:], "expected"),
    (RIGHT_TABLE.assign(n_claims=RIGHT_TABLE["n_claims"] + 1), "the count for lesson"),
])
def test_claims_per_lesson_mistakes(answer, advice):
    result = lesson00.check_claims_per_lesson(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (alt.Chart(CLAIMS), "no mark yet"),
    (alt.Chart(CLAIMS).mark_line().encode(x="count()", y="claim_type:N"), "mark 'line'"),
    (bar(alt.X("claim_id:N", title="Claim"), alt.Y("claim_type:N", title="Type"), title="T"), "shows claim_id"),
    (bar(alt.X("sum(lesson):Q", title="S"), alt.Y("claim_type:N", title="Type"), title="T"), "should count"),
    (bar("count()", alt.Y("claim_type:N", title="Type"), title="T"), "x (count)"),
    (bar(alt.X("count()", title="Number of claims"), alt.Y("claim_type:N", title="Type")), "add a title"),
    (GOOD_CHART + GOOD_CHART, "not a layered"),
    ("a chart", "expected an Altair chart"),
])
def test_chart_mistakes(answer, advice):
    result = lesson00.check_claim_type_chart(answer)
    assert result.passed is False and advice in result.message, result.message
