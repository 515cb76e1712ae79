"""Lesson 05's checkers: right answers pass, typical beginner mistakes get specific advice."""
from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from coursekit.checkers import lesson05
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load
from coursekit.explorers.trade_yardsticks import CHINA, WESTERN, add_yardsticks

RAW = load("dual_use_trade")
FIGURES = add_yardsticks(RAW)

# The learner's way (raw text), written independently of the checker's yardstick helper.
DISPATCH = RAW[RAW["how_measured"].str.contains("country of dispatch")]
CHINA_NOW = FIGURES[(FIGURES["share_of"] == CHINA) & (FIGURES["id"] != "du09")]
SPREAD = CHINA_NOW.groupby("yardstick")["share_low_pct"].agg(n_figures="count", lowest_pct="min",
                                                             highest_stated_pct="max")
WESTERN_ROWS = FIGURES[FIGURES["share_of"] == WESTERN]
RANKED = WESTERN_ROWS.sort_values("share_low_pct", ascending=False)
TOP_WESTERN = RANKED.iloc[0]


def dots(data=FIGURES, x="share_low_pct", color="yardstick", mark="point", title="T"):
    chart = getattr(alt.Chart(data), f"mark_{mark}")().encode(
        x=alt.X(f"{x}:Q", title="Share of the goods (%)"), y=alt.Y("label:N", title="Figure"),
        color=alt.Color(f"{color}:N", title="Method"))
    return chart.properties(title=title) if title else chart


@pytest.mark.parametrize("check", [lesson05.check_dispatch_figures, lesson05.check_china_spread,
                                   lesson05.check_top_western, lesson05.check_range_chart])
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


@pytest.mark.parametrize("check", [lesson05.check_dispatch_figures, lesson05.check_china_spread,
                                   lesson05.check_top_western, lesson05.check_range_chart])
@pytest.mark.parametrize("wrong", [None, "a string", 3.5])
def test_wrong_types_get_a_sentence_not_a_traceback(check, wrong):
    result = check(wrong)
    assert result.passed is False and "Traceback" not in result.message and len(result.message) > 20


def test_right_answers_pass():
    assert lesson05.check_dispatch_figures(DISPATCH).passed
    assert lesson05.check_dispatch_figures(RAW[RAW["how_measured"].str.startswith("customs")]).passed
    assert lesson05.check_china_spread(SPREAD).passed
    assert lesson05.check_china_spread(SPREAD.reset_index()).passed
    assert lesson05.check_top_western(RANKED).passed
    assert lesson05.check_top_western(RANKED.dropna(subset=["share_low_pct"])).passed
    assert lesson05.check_range_chart(dots()).passed
    rule = alt.Chart(FIGURES).mark_rule().encode(x=alt.X("share_low_pct:Q", title="Share (%)"),
                                                 y=alt.Y("label:N", title="Figure"))
    assert lesson05.check_range_chart((rule + dots(title=None)).properties(title="T")).passed


def test_the_anticipated_mistakes_really_differ_from_the_answer():
    # if the data changed so that a mistake gave the right numbers, these tests would prove nothing
    baseline = FIGURES.loc[FIGURES["id"] == "du09", "share_low_pct"].item()
    assert baseline < SPREAD.loc[lesson05.DISPATCH, "lowest_pct"]
    assert "du11" in set(RAW.loc[RAW["how_measured"].str.contains("customs"), "id"]) - set(DISPATCH["id"])
    assert TOP_WESTERN["share_low_pct"] > SECOND_WESTERN["share_low_pct"]
    # Task 2: share_high_pct would give the same extremes here, so the count must tell them apart
    assert (SPREAD["n_figures"] > CHINA_NOW.groupby("yardstick")["share_high_pct"].count()).any()


@pytest.mark.parametrize("answer, advice", [
    (RAW[RAW["how_measured"] == "country of dispatch"], "matches nothing"),
    (RAW["how_measured"].str.contains("country of dispatch"), "True/False mask"),
    (RAW[RAW["how_measured"].str.contains("customs")], "by brand (manufacturer headquarters)"),
    (RAW[RAW["how_measured"].str.contains("country of dispatch|not stated")],
     "do not count by dispatch or declared origin"),
    (DISPATCH[DISPATCH["id"] != "du09"], "declared as Chinese-origin"),
    (DISPATCH[~DISPATCH["how_measured"].str.contains("-origin")], "declared as Chinese-origin"),
    (DISPATCH[DISPATCH["id"] != "du21"], "du21 is missing. Keep every row"),
    (DISPATCH.head(3), "Did you keep only the first rows"),
    (DISPATCH[["share_low_pct", "who_said_it"]], "no 'id' column"),
])
def test_dispatch_mistakes(answer, advice):
    result = lesson05.check_dispatch_figures(answer)
    assert result.passed is False and advice in result.message, result.message


def spread_of(frame, column="share_low_pct"):
    return frame.groupby("yardstick")[column].agg(n_figures="count", lowest_pct="min", highest_stated_pct="max")


@pytest.mark.parametrize("answer, advice", [
    (spread_of(FIGURES[FIGURES["share_of"] == CHINA]), "pre-war baseline"),
    (spread_of(FIGURES), "includes Western companies' shares"),
    (spread_of(FIGURES[FIGURES["id"] != "du09"]), "includes Western companies' shares"),
    (spread_of(WESTERN_ROWS), "includes Western companies' shares"),
    (spread_of(CHINA_NOW, "share_high_pct"), "More than' figures have an empty share_high_pct"),
    (SPREAD.rename(columns={"highest_stated_pct": "highest_pct"}), "call the top column highest_stated_pct"),
    (SPREAD.assign(n_figures=SPREAD["n_figures"] + 1), "n_figures for"),
    (spread_of(pd.concat([CHINA_NOW, FIGURES[FIGURES["yardstick"] == "country of production"]])),
     "give no China share"),
    (SPREAD / 100, "fractions"),
    (CHINA_NOW.groupby("yardstick")["share_low_pct"].agg(["min", "max"]), "n_figures, lowest_pct"),
    (CHINA_NOW.groupby("yardstick")[["share_low_pct", "share_high_pct"]].agg(["min", "max"]), "two levels"),
    (SPREAD.iloc[1:], "lacks"),
    (SPREAD.assign(highest_stated_pct=SPREAD["highest_stated_pct"] - 1), "highest share"),
    (CHINA_NOW[["yardstick", "share_low_pct"]].rename(columns={"share_low_pct": "lowest_pct"})
     .assign(highest_stated_pct=1.0, n_figures=1), "more than one row"),
    (SPREAD["lowest_pct"], "is a Series"),
])
def test_spread_mistakes(answer, advice):
    result = lesson05.check_china_spread(answer)
    assert result.passed is False and advice in result.message, result.message


CHINA_TOP = FIGURES[FIGURES["share_of"] == CHINA].sort_values("share_low_pct").iloc[-1]
SECOND_WESTERN = WESTERN_ROWS.sort_values("share_low_pct", ascending=False).iloc[1]


@pytest.mark.parametrize("answer, advice", [
    (FIGURES.sort_values("share_low_pct", ascending=False), "includes China's figures"),
    (RANKED.iloc[1:], "is missing: it gives a share"),
    (RANKED.sort_values("share_low_pct"), "not sorted largest share first"),
    (RANKED["who_said_it"], "Keep the whole sorted table"),
    (TOP_WESTERN["who_said_it"], "expected a pandas DataFrame"),
    (RANKED[["who_said_it", "share_low_pct"]], "no 'id' column"),
])
def test_top_western_mistakes(answer, advice):
    result = lesson05.check_top_western(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (alt.Chart(FIGURES), "no mark yet"),
    (dots(mark="bar"), "draws 'bar' marks"),
    (dots(x="share_high_pct"), "share_high_pct is empty"),
    (dots(x="value_usd_bn"), "put share_low_pct on one axis"),
    (dots(color="status"), "colour shows status"),
    (alt.Chart(FIGURES).mark_point().encode(x=alt.X("share_low_pct:Q", title="S"), y=alt.Y("label:N", title="F")),
     "no colour encoding"),
    (alt.Chart(FIGURES).mark_point().encode(x="share_low_pct:Q", y=alt.Y("label:N", title="F"),
                                            color="yardstick:N"), "give the x axis a title"),
    (alt.Chart(FIGURES).mark_point().encode(x=alt.X("share_low_pct:Q", title="Share"), y=alt.Y("label:N", title="F"),
                                            color="yardstick:N").properties(title="T"), "has no unit"),
    (dots(title=None), "add a title"),
    (alt.hconcat(dots(), dots()), "not a combined"),
])
def test_chart_mistakes(answer, advice):
    result = lesson05.check_range_chart(answer)
    assert result.passed is False and advice in result.message, result.message


def test_top_western_row_taken_with_iloc_says_keep_the_table():
    """A learner who stored `.iloc[0]` (a row) is told to keep the sorted table, not that they picked a column."""
    result = lesson05.check_top_western(RANKED.iloc[0])
    assert not result.passed
    assert "one row" in result.message and "on a line of its own" in result.message


def test_spread_after_a_failed_task_cell_names_the_brackets(monkeypatch):
    """Task 2's usual failure is a TypeError from a condition without brackets; the check cell says so."""
    monkeypatch.setattr(lesson05, "previous_cell_failed", lambda: True)
    for answer in (..., SPREAD):
        result = lesson05.check_china_spread(answer)
        assert result.passed is False
        assert "stopped with an error" in result.message and "brackets" in result.message
        assert result.message.count("\u274c") == 1


def test_the_solution_chart_with_the_lesson_axis_settings_passes():
    """The hint's y axis (title level, above the labels, as in the lesson) does not upset the checker."""
    chart = alt.Chart(FIGURES.dropna(subset=["share_low_pct"])).mark_point(filled=True).encode(
        x=alt.X("share_low_pct:Q", title="Share of the goods (%)"),
        y=alt.Y("label:N", title="Figure", sort="-x",
                axis=alt.Axis(labelLimit=400, titleAngle=0, titleAlign="right", titleX=-6, titleY=-8)),
        color=alt.Color("yardstick:N", title="How it was measured")).properties(title="T", width=300)
    assert lesson05.check_range_chart(chart).passed
