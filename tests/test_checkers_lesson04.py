"""Lesson 04's checkers: right answers pass, typical beginner mistakes get specific advice."""
from __future__ import annotations

import altair as alt
import numpy as np
import pytest

from coursekit.checkers import lesson04
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load

PATROLS = load("bomber_patrols")
MUNITIONS = load("dprk_munitions_estimates")
SHELLS = MUNITIONS[MUNITIONS["item"] == "artillery_shells"].sort_values("as_of").copy()
SHELLS["midpoint"] = (SHELLS["estimate_low"] + SHELLS["estimate_high"]) / 2
EVENTS = load("russia_dprk_events")
BOTH = EVENTS.dropna(subset=["estimate_low", "estimate_high"])
RATIOS = BOTH["estimate_high"] / BOTH["estimate_low"]
TROOPS = EVENTS[EVENTS["unit"].fillna("").str.startswith("troops")]


def rule(y="estimated_by:N", x_title="North Korean troops (persons)", y_title="Who estimated", **props):
    chart = alt.Chart(TROOPS).mark_rule().encode(
        x=alt.X("estimate_low:Q", title=x_title), x2="estimate_high:Q",
        y=alt.Y(y, title=y_title, axis=alt.Axis(labelLimit=260)))
    return chart.properties(width=280, **props)


GOOD_CHART = rule(title="Shell estimates")
ALL_CHECKS = [lesson04.check_near_japan, lesson04.check_shell_midpoints, lesson04.check_widest_ratio,
              lesson04.check_range_chart]


@pytest.mark.parametrize("check", ALL_CHECKS)
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


@pytest.mark.parametrize("check", ALL_CHECKS)
@pytest.mark.parametrize("answer", [None, "eight", 3.5j])
def test_wrong_types_get_a_sentence_not_a_traceback(check, answer):
    result = check(answer)
    assert result.passed is False and "Traceback" not in result.message and "could not be checked" not in result.message


def test_right_answers_pass():
    assert lesson04.check_near_japan(PATROLS["near"].str.contains("Japan").sum()).passed
    assert lesson04.check_near_japan(int(PATROLS["near"].str.contains("Japan").sum())).passed
    assert lesson04.check_shell_midpoints(SHELLS).passed
    assert lesson04.check_widest_ratio(RATIOS.max()).passed
    assert lesson04.check_range_chart(GOOD_CHART).passed
    points = alt.Chart(TROOPS).mark_point().encode(x=alt.X("estimate_low:Q", title="S"), y=alt.Y("estimated_by:N", title="W"))
    assert lesson04.check_range_chart(GOOD_CHART + points).passed
    assert lesson04.check_range_chart(rule() + points).passed is False  # a layer still needs a title somewhere


def test_near_japan_answer_is_computed_from_the_data():
    japan = PATROLS["near"].str.contains("Japan")
    assert 0 < japan.sum() < len(PATROLS)  # otherwise the 'every patrol' and '0' advice would collide
    assert not lesson04.check_near_japan(japan.sum() + 1).passed


@pytest.mark.parametrize("answer, advice", [
    ((PATROLS["near"] == "Japan").sum(), "compares the whole text"),
    (len(PATROLS), "every patrol"),
    (PATROLS["near"].str.contains("South Korea").sum(), "South Korea"),
    (PATROLS["near"].str.contains("Japan"), "Add .sum()"),
    (PATROLS[PATROLS["near"].str.contains("Japan")], "len(...)"),
    (str(PATROLS["near"].str.contains("Japan").sum()), "remove the quotes"),
    (PATROLS.shape, "expected a number"),
])
def test_near_japan_mistakes(answer, advice):
    result = lesson04.check_near_japan(answer)
    assert result.passed is False and advice in result.message, result.message


def _with_midpoint(frame, values):
    out = frame.copy()
    out["midpoint"] = values
    return out


@pytest.mark.parametrize("answer, advice", [
    (SHELLS["midpoint"], "is a Series"),
    (SHELLS.drop(columns="midpoint"), "no midpoint column"),
    (SHELLS.drop(columns="estimated_by"), "missing: ['estimated_by']"),
    (_with_midpoint(MUNITIONS[MUNITIONS["item"].str.contains("shell")],
                    (MUNITIONS["estimate_low"] + MUNITIONS["estimate_high"]) / 2), "use =="),
    (_with_midpoint(MUNITIONS[MUNITIONS["item"].str.contains("shell")],
                    np.nan).drop(columns=["unit", "item"]), "more than the"),
    (SHELLS.iloc[1:], "expected"),
    (_with_midpoint(SHELLS, SHELLS[["estimate_low", "estimate_high"]].mean(axis=1)), ".mean(axis=1)"),
    (_with_midpoint(SHELLS, (SHELLS["estimate_low"].fillna(0) + SHELLS["estimate_high"].fillna(0)) / 2), "fillna(0)"),
    (_with_midpoint(SHELLS, SHELLS["estimate_low"] + SHELLS["estimate_high"] / 2), "Use brackets"),
    (_with_midpoint(SHELLS, SHELLS["estimate_high"] - SHELLS["estimate_low"]), "some midpoints are wrong"),
    (SHELLS.iloc[0:0], "empty table"),
])
def test_shell_midpoint_mistakes(answer, advice):
    result = lesson04.check_shell_midpoints(answer)
    assert result.passed is False and advice in result.message, result.message


def test_fillna_zero_mistake_is_not_hidden_by_a_lucky_row():
    # Every open-ended shell row must be tested: the fixture has floors and a ceiling.
    bounds = SHELLS["estimate_low"].isna() | SHELLS["estimate_high"].isna()
    assert bounds.sum() >= 2 and (~bounds).sum() >= 1


@pytest.mark.parametrize("answer, advice", [
    ((BOTH["estimate_low"] / BOTH["estimate_high"]).min(), "upside down"),
    ((BOTH["estimate_low"] / BOTH["estimate_high"]).max(), "upside down"),  # low/high peaks at 1
    ((BOTH["estimate_high"] - BOTH["estimate_low"]).max(), "is a difference"),
    (RATIOS, ".max()"),
    (RATIOS.min(), "ratio of a single figure"),
    (RATIOS.max() + 1, "expected the largest"),
    (float((MUNITIONS.dropna(subset=["estimate_low", "estimate_high"])["estimate_high"]
            / MUNITIONS.dropna(subset=["estimate_low", "estimate_high"])["estimate_low"]).max()), "used munitions"),
])
def test_widest_ratio_mistakes(answer, advice):
    result = lesson04.check_widest_ratio(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (alt.Chart(TROOPS), "no mark yet"),
    (alt.Chart(TROOPS).mark_bar().encode(x=alt.X("estimate_low:Q", title="S"), x2="estimate_high:Q",
                                         y=alt.Y("estimated_by:N", title="W")).properties(title="T"), "mark_rule"),
    (alt.Chart(TROOPS).mark_rule().encode(x=alt.X("estimate_low:Q", title="S"),
                                          y=alt.Y("estimated_by:N", title="W")).properties(title="T"), "no x2"),
    (alt.Chart(TROOPS).mark_rule().encode(x=alt.X("midpoint:Q", title="S"), x2="estimate_high:Q",
                                          y=alt.Y("estimated_by:N", title="W")).properties(title="T"), "should run from"),
    (alt.Chart(TROOPS).mark_rule().encode(y=alt.Y("estimate_low:Q", title="S"), y2="estimate_high:Q",
                                          x=alt.X("estimated_by:N", title="W")).properties(title="T"), "across the page"),
    (alt.Chart(TROOPS).mark_rule().encode(x=alt.X("estimate_low:Q", title="S"), x2="estimate_high:Q")
     .properties(title="T"), "y axis"),
    (rule(y="estimate_low:Q", title="T"), "as a number"),
    (alt.Chart(TROOPS).mark_rule().encode(x="estimate_low:Q", x2="estimate_high:Q",
                                          y=alt.Y("estimated_by:N", title="W")).properties(title="T"), "give the x axis"),
    (rule(), "add a title"),
    (GOOD_CHART | GOOD_CHART, "not a combined"),
    ("a chart", "expected an Altair chart"),
])
def test_range_chart_mistakes(answer, advice):
    result = lesson04.check_range_chart(answer)
    assert result.passed is False and advice in result.message, result.message


def test_range_chart_success_message_does_not_overstate_what_is_drawn():
    shells = lesson04.expected_troops()
    result = lesson04.check_range_chart(GOOD_CHART)
    assert result.passed, result.message
    with_line = (shells["estimate_low"] < shells["estimate_high"]).sum()
    assert with_line >= 2  # the troop figures hold true ranges (11,000-12,000; 25,000-30,000)
    assert f"({with_line} of the {len(shells)} figures)" in result.message
    assert "one line per estimate" not in result.message
    if shells["estimated_by"].duplicated().any():
        assert "share one row" in result.message


def test_range_chart_with_a_unique_label_on_y_has_no_shared_rows_note():
    labelled = TROOPS.assign(label=TROOPS["date"].astype(str) + " " + TROOPS["event"].astype(str))
    chart = alt.Chart(labelled).mark_rule().encode(x=alt.X("estimate_low:Q", title="S"), x2="estimate_high:Q",
                                                   y=alt.Y("label:N", title="W")).properties(title="T", width=280)
    result = lesson04.check_range_chart(chart)
    assert result.passed and "share one row" not in result.message, result.message


def test_widest_ratio_is_a_true_range_and_the_either_or_conversion_is_not_one():
    # Task 3 runs over russia_dprk_events: the widest true range is a troop figure (low < high, one count).
    row = lesson04.widest_row()
    assert row["estimate_low"] < row["estimate_high"] and "troops" in row["unit"]
    message = lesson04.check_widest_ratio(RATIOS.max()).message
    assert "either/or" in message and "no range" in message, message
    # Shin's conversion is two floors, not 500,000 to 3 million: no either/or row has two bounds, and the one
    # range of shells in the munitions data set is an independent count (Reuters and the Open Source Centre).
    both = MUNITIONS.dropna(subset=["estimate_low", "estimate_high"])
    ranges = both[both["estimate_low"] < both["estimate_high"]]
    assert not ranges["method"].str.contains("either/or").any() and (ranges["status"] == "estimate").all()



def test_task2_a_mask_is_told_to_go_inside_the_brackets_not_to_reset_an_index():
    result = lesson04.check_shell_midpoints(MUNITIONS["item"] == "artillery_shells")
    assert result.passed is False
    assert "mask" in result.message and "munitions[munitions[" in result.message
    assert "reset_index" not in result.message


def test_task2_another_series_is_told_to_keep_the_table():
    result = lesson04.check_shell_midpoints(SHELLS["midpoint"])
    assert result.passed is False and "reset_index" not in result.message and "munitions[mask]" in result.message


def test_task2_asks_for_the_rows_sorted_by_date():
    result = lesson04.check_shell_midpoints(SHELLS.iloc[::-1])
    assert result.passed is False and "sort_values" in result.message, result.message


def test_task4_names_that_the_axis_would_cut_alike_are_caught():
    chart = alt.Chart(TROOPS).mark_rule().encode(x=alt.X("estimate_low:Q", title="S"), x2="estimate_high:Q",
                                                 y=alt.Y("estimated_by:N", title="W")).properties(title="T")
    result = lesson04.check_range_chart(chart)
    assert result.passed is False and "look the same" in result.message and "labelLimit=260" in result.message


@pytest.mark.parametrize("chart", [
    # the task's chart before this fix: 400 px of names and the theme's 560 px plot, about 958 px on screen
    alt.Chart(TROOPS).mark_rule().encode(x=alt.X("estimate_low:Q", title="S"), x2="estimate_high:Q",
                                         y=alt.Y("estimated_by:N", title="W", axis=alt.Axis(labelLimit=400))
                                         ).properties(title="T"),
    rule(title="T").properties(width=500),
])
def test_task4_a_chart_wider_than_the_page_is_sent_back_with_the_settings(chart):
    result = lesson04.check_range_chart(chart)
    assert result.passed is False and "px wide" in result.message, result.message
    assert f"width={lesson04.TASK4_WIDTH}" in result.message and f"labelLimit={lesson04.TASK4_LABEL_LIMIT}" in result.message


def test_task4_settings_fit_the_page_and_tell_every_estimator_apart():
    names = lesson04.expected_troops()["estimated_by"].dropna().unique()
    chars = int(lesson04.TASK4_LABEL_LIMIT / lesson04.PIXELS_PER_CHARACTER)
    assert len({n[:chars] for n in names}) == len(names)
    assert lesson04.TASK4_LABEL_LIMIT + lesson04.AXIS_PADDING + lesson04.TASK4_WIDTH <= lesson04.MAX_CHART_WIDTH
    layered = GOOD_CHART + alt.Chart(TROOPS).mark_point().encode(x=alt.X("estimate_low:Q", title="S"),
                                                                 y=alt.Y("estimated_by:N", title="W"))
    assert lesson04.check_range_chart(layered).passed


def test_task1_message_has_no_floor_once_patrol_3_lists_japan():
    result = lesson04.check_near_japan(PATROLS["near"].str.contains("Japan").sum())
    assert result.passed and "floor" not in result.message, result.message
