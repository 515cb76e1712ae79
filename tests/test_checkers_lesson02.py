"""Lesson 02's checkers: right answers pass, typical beginner mistakes get specific advice."""
from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from coursekit.checkers import lesson02
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load

RUBRIC = load("interoperability_rubric")
WIDE = RUBRIC.pivot(index="dimension", columns="partnership", values="score")
RC = RUBRIC[RUBRIC["partnership"] == "Russia-China"].set_index("dimension")["score"]
WEIGHTS = lesson02.TASK_WEIGHTS
RC_WEIGHTED = sum(WEIGHTS[d] * RC[d] for d in WEIGHTS) / sum(WEIGHTS.values())


def chart(mark="point", **encoding):
    base = alt.Chart(RUBRIC[["dimension", "partnership", "score"]])
    return getattr(base, f"mark_{mark}")().encode(**encoding)


X_SCORE = alt.X("score:Q", title="Score (0-4)")
Y_DIM = alt.Y("dimension:N", title="Dimension")
GOOD_DOTS = chart(x=X_SCORE, y=Y_DIM, color="partnership:N").properties(title="T")
GOOD_BARS = chart("bar", x=alt.X("dimension:N", title="Dimension"), y=alt.Y("score:Q", title="Score (0-4)"),
                  xOffset="partnership:N", color="partnership:N").properties(title="T")


@pytest.mark.parametrize("check", [lesson02.check_by_dimension, lesson02.check_weighted_score,
                                   lesson02.check_score_chart])
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


@pytest.mark.parametrize("check", [lesson02.check_by_dimension, lesson02.check_weighted_score,
                                   lesson02.check_score_chart])
@pytest.mark.parametrize("wrong_type", [None, "a string", [1, 2]])
def test_wrong_types_get_a_sentence_not_a_traceback(check, wrong_type):
    result = check(wrong_type)
    assert result.passed is False and "could not be checked" not in result.message, result.message


def test_right_answers_pass():
    assert lesson02.check_by_dimension(WIDE).passed
    assert lesson02.check_by_dimension(WIDE.reset_index()).passed  # dimension as a column is fine too
    assert lesson02.check_weighted_score(RC_WEIGHTED).passed
    assert lesson02.check_weighted_score(round(RC_WEIGHTED, 2)).passed
    assert lesson02.check_score_chart(GOOD_DOTS).passed
    assert lesson02.check_score_chart(GOOD_BARS).passed


def test_the_lessons_layered_dumbbell_passes():
    """Copying the lesson's `bar + dots` (a rule under the dots), with a title, is a right answer."""
    bar = chart("rule", x=alt.X("min(score):Q", title="Score (0-4)"), x2=alt.X2("max(score)"), y=Y_DIM)
    dots = chart(x=X_SCORE, y=Y_DIM, color="partnership:N", shape="partnership:N")
    assert lesson02.check_score_chart((bar + dots).properties(title="T")).passed
    assert "Add a title" in lesson02.check_score_chart(bar + dots).message


@pytest.mark.parametrize("answer, advice", [
    (RUBRIC, "still has a partnership column"),
    (RUBRIC.pivot(index="dimension", columns="partnership"), "two-level column names"),
    (RUBRIC.pivot(index="partnership", columns="dimension", values="score"), "rows and columns are swapped"),
    (RUBRIC.pivot(index="dimension", columns="partnership", values="evidence"), "holds text"),
    (WIDE.iloc[1:], "is missing from by_dimension"),
    (WIDE.rename(columns={"NATO": "Russia-China", "Russia-China": "NATO"}), "are swapped"),
    (WIDE.assign(NATO=WIDE["NATO"] + 1), "does not match the rubric"),
    (WIDE["NATO"], "is a Series"),
    (RUBRIC.groupby(["dimension", "partnership"])["score"].mean(), "Use pivot to keep a table"),
])
def test_by_dimension_mistakes(answer, advice):
    result = lesson02.check_by_dimension(answer)
    assert result.passed is False and advice in result.message, result.message


NATO = RUBRIC[RUBRIC["partnership"] == "NATO"].set_index("dimension")["score"]
WEIGHTED_SUM = sum(WEIGHTS[d] * RC[d] for d in WEIGHTS)


@pytest.mark.parametrize("answer, advice", [
    (sum(WEIGHTS[d] * NATO[d] for d in WEIGHTS) / sum(WEIGHTS.values()), "NATO's weighted score"),
    (float(RC.mean()), "unweighted"),
    (float(WEIGHTED_SUM), "weighted SUM"),
    (float(WEIGHTED_SUM) / len(WEIGHTS), "number of dimensions"),
    (RC_WEIGHTED + 0.5, "too high"),
    (round(RC_WEIGHTED, 1), "rounding is too coarse"),
    (str(RC_WEIGHTED), "remove the quotes"),
    (WIDE["Russia-China"] * pd.Series(WEIGHTS), ".sum()"),
])
def test_weighted_score_mistakes(answer, advice):
    result = lesson02.check_weighted_score(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("title", ["Score (0-4)", "Score (0 to 4, judged)", "Score, 0 = none to 4 = fully integrated",
                                   "Score out of 4"])
def test_score_axis_titles_that_name_the_scale_pass(title):
    answer = chart(x=alt.X("score:Q", title=title), y=Y_DIM, color="partnership:N").properties(title="T")
    assert lesson02.check_score_chart(answer).passed


@pytest.mark.parametrize("answer, advice", [
    (chart(x=alt.X("score:Q", title="Score"), y=Y_DIM, color="partnership:N").properties(title="Scores"),
     "does not say what the scale is"),
    (alt.Chart(RUBRIC), "no mark yet"),
    (chart("line", x=X_SCORE, y=Y_DIM, color="partnership:N").properties(title="T"), "mark 'line'"),
    (chart(x=X_SCORE, y=Y_DIM).properties(title="T"), "cannot be told apart"),
    (chart("bar", x=X_SCORE, y=Y_DIM, color="partnership:N").properties(title="T"), "stacked"),
    (chart(x=alt.X("score:Q"), y=Y_DIM, color="partnership:N").properties(title="T"), "axis a title"),
    (chart(x=X_SCORE, y=Y_DIM, color="partnership:N"), "Add a title"),
    (chart(x=alt.X("partnership:N", title="P"), y=alt.Y("score:Q", title="S (0-4)")).properties(title="T"),
     "Put dimension on one axis"),
    (chart(x=alt.X("sum(score):Q", title="S (0-4)"), y=Y_DIM, color="partnership:N").properties(title="T"), "summed"),
    (alt.Chart(WIDE.reset_index()).mark_point().encode(x=alt.X("NATO:Q", title="N"), y=Y_DIM), "wide table"),
    (chart("rule", x=alt.X("min(score):Q", title="S"), x2="max(score)", y=Y_DIM) + chart("rule", x=X_SCORE, y=Y_DIM),
     "None of the chart's layers"),
    (chart("rule", x=alt.X("min(score):Q", title="S (0-4)"), x2="max(score)", y=Y_DIM)
     + chart(x=X_SCORE, y=Y_DIM).properties(title="T"), "cannot be told apart"),
])
def test_chart_mistakes(answer, advice):
    result = lesson02.check_score_chart(answer)
    assert result.passed is False and advice in result.message, result.message


# Task 5: the second yardstick's evidence, element × basis
ALIGNMENT = load("alignment_evidence")
BY_BASIS = pd.crosstab(ALIGNMENT["element"], ALIGNMENT["basis"])


def test_basis_table_accepts_crosstab_and_unstack():
    assert lesson02.check_basis_table(BY_BASIS).passed
    assert lesson02.check_basis_table(ALIGNMENT.groupby(["element", "basis"]).size().unstack(fill_value=0)).passed


def test_basis_table_names_the_element_that_rests_most_on_leaks():
    message = lesson02.check_basis_table(BY_BASIS).message
    leaky = BY_BASIS["leak"].idxmax()
    assert repr(leaky) in message and f"{BY_BASIS.loc[leaky, 'leak']} of {BY_BASIS.loc[leaky].sum()}" in message


@pytest.mark.parametrize("answer, phrase", [
    (BY_BASIS.T, "swapped"),
    (pd.crosstab(ALIGNMENT["element"], ALIGNMENT["bears"]), "'bears'"),
    (pd.crosstab(ALIGNMENT["element"], ALIGNMENT["basis"], normalize="index"), "shares"),
    (pd.crosstab(ALIGNMENT["element"], ALIGNMENT["basis"], margins=True), "margins"),
    (ALIGNMENT.groupby(["element", "basis"]).size(), "unstack"),
    (ALIGNMENT["basis"].value_counts(), "value_counts()"),
    (BY_BASIS.reset_index(), "row labels"),
    (BY_BASIS.drop(columns="leak"), "'leak' column"),
    (BY_BASIS.drop(index="secure_rear"), "'secure_rear' is missing"),
    (BY_BASIS.assign(leak=BY_BASIS["leak"] + 1), "should be the number"),
])
def test_basis_table_mistakes_get_specific_advice(answer, phrase):
    result = lesson02.check_basis_table(answer)
    assert not result.passed and phrase in result.message


def test_basis_table_placeholder_and_wrong_types():
    assert lesson02.check_basis_table(...).message == NOT_ATTEMPTED
    for wrong in (None, "a string", [1, 2]):
        result = lesson02.check_basis_table(wrong)
        assert not result.passed and "could not be checked" not in result.message, result.message


def test_value_counts_is_not_diagnosed_as_groupby():
    message = lesson02.check_basis_table(ALIGNMENT["basis"].value_counts()).message
    assert "groupby" not in message and "`" not in message
