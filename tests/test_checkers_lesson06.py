"""Lesson 06's checkers: right answers pass, typical beginner mistakes get specific advice."""
from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from coursekit.checkers import lesson06
from coursekit.checks import LEFTOVER_PLACEHOLDER, NOT_ATTEMPTED
from coursekit.data import load
from coursekit.explorers import narrative_spread as model

IO = load("information_operations")
# The learner's way, written independently of the checker's pattern.
FULL = IO[IO["id"].isin(["nsb-2023-controversial-info", "nsb-2024-controversial-info", "nsb-2025-controversial-info"])]
TAIPEI_YEARS = FULL.assign(year=FULL["period_start"])
WITH_QUARTERS = IO[IO["id"].str.startswith("nsb-") & IO["id"].str.endswith("-controversial-info")]
ALONE = model.people_reached()
WITH_AMP = model.people_reached(amplifier_audience=model.ILLUSTRATIVE_AMPLIFIER)
CHECKS = [lesson06.check_taipei_years, lesson06.check_amplifier_gain, lesson06.check_friction_needed,
          lesson06.check_taipei_chart]


def bars(data=TAIPEI_YEARS, x="year:O", y="value:Q", mark="bar",
         title="Content Taiwan's National Security Bureau attributes to China", y_title="Pieces of content"):
    chart = getattr(alt.Chart(data), f"mark_{mark}")().encode(x=alt.X(x, title="Year"), y=alt.Y(y, title=y_title))
    return chart.properties(title=title) if title else chart


@pytest.mark.parametrize("check", CHECKS)
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("wrong", [None, "a string", 3.5, pd.DataFrame()])
def test_wrong_types_and_empty_answers_get_a_sentence_not_a_traceback(check, wrong):
    result = check(wrong)
    assert result.passed is False and "Traceback" not in result.message and len(result.message) > 20


def test_right_answers_pass():
    assert lesson06.check_taipei_years(TAIPEI_YEARS).passed
    assert lesson06.check_amplifier_gain(WITH_AMP - ALONE).passed
    assert lesson06.check_friction_needed(lesson06.expected_friction()).passed
    assert lesson06.check_taipei_chart(bars()).passed
    assert lesson06.check_taipei_chart(bars(x="value:Q", y="year:O")).passed  # horizontal bars


def test_expected_values_come_from_data_and_model():
    assert list(lesson06.expected_years()["id"]) == list(FULL["id"])
    assert lesson06.expected_gain() == pytest.approx(WITH_AMP - ALONE)
    friction = lesson06.expected_friction()
    assert model.growth_per_post(amplifier_audience=model.ILLUSTRATIVE_AMPLIFIER, friction=friction) < 1
    assert model.growth_per_post(amplifier_audience=model.ILLUSTRATIVE_AMPLIFIER,
                                 friction=round(friction - lesson06.FRICTION_GRID_STEP, 2)) >= 1


# --------------------------------------------------------------------------- task 1
def test_task1_quarter_rows_are_named():
    rows = WITH_QUARTERS.assign(year=WITH_QUARTERS["period_start"])
    message = lesson06.check_taipei_years(rows).message
    assert "part of a year" in message and "nsb-2024q1-controversial-info" in message


def test_task1_other_mistakes():
    assert "mask" in lesson06.check_taipei_years(IO["id"].str.startswith("nsb-")).message
    assert "year" in lesson06.check_taipei_years(FULL).message
    assert "missing" in lesson06.check_taipei_years(TAIPEI_YEARS.iloc[:2]).message
    accounts = IO[IO["id"].str.startswith("nsb-")]
    assert "account counts" in lesson06.check_taipei_years(
        accounts[~accounts["id"].str.contains("q1")].assign(year="x")).message
    assert "'id'" in lesson06.check_taipei_years(TAIPEI_YEARS[["year", "value"]]).message
    wrong_year = TAIPEI_YEARS.assign(year="2026")
    assert "period_start" in lesson06.check_taipei_years(wrong_year).message


# --------------------------------------------------------------------------- task 2
def test_task2_mistakes():
    assert "negative" in lesson06.check_amplifier_gain(ALONE - WITH_AMP).message
    assert "ADDS" in lesson06.check_amplifier_gain(WITH_AMP).message
    assert "ratio" in lesson06.check_amplifier_gain(WITH_AMP / ALONE).message
    assert "table" in lesson06.check_amplifier_gain(model.spread()).message
    assert "quotes" in lesson06.check_amplifier_gain(str(round(WITH_AMP - ALONE))).message
    assert "not the model's difference" in lesson06.check_amplifier_gain(12345).message


# --------------------------------------------------------------------------- task 3
def test_task3_mistakes():
    right = lesson06.expected_friction()
    assert "percentage" in lesson06.check_friction_needed(right * 100).message
    assert "still leads" in lesson06.check_friction_needed(0.5).message
    assert "smaller friction" in lesson06.check_friction_needed(1.0).message
    assert "grid" in lesson06.check_friction_needed(right + 0.01).message
    assert "between 0 and 1" in lesson06.check_friction_needed(-0.2).message
    assert "list" in lesson06.check_friction_needed([right, 0.9]).message


# --------------------------------------------------------------------------- task 4
def test_task4_mistakes():
    assert "mark 'line'" in lesson06.check_taipei_chart(bars(mark="line")).message
    assert lesson06.check_taipei_chart(bars()).passed
    assert "first-quarter" in lesson06.check_taipei_chart(
        bars(data=WITH_QUARTERS.assign(year=WITH_QUARTERS["period_start"]))).message
    assert "whose count" in lesson06.check_taipei_chart(bars(title="Content per year")).message
    assert "add a title" in lesson06.check_taipei_chart(bars(title=None)).message
    assert "put year" in lesson06.check_taipei_chart(bars(x="status:N")).message
    assert "put value" in lesson06.check_taipei_chart(bars(y="period_end:O")).message
    no_y_title = alt.Chart(TAIPEI_YEARS).mark_bar().encode(x=alt.X("year:O", title="Year"), y="value:Q").properties(
        title="Taiwan NSB counts")
    assert "axis a title" in lesson06.check_taipei_chart(no_y_title).message
    assert "one chart" in lesson06.check_taipei_chart(bars() + bars()).message


def test_a_leftover_placeholder_is_named():
    chart = alt.Chart(TAIPEI_YEARS).mark_bar().encode(x=alt.X("year:O", title=...), y="value:Q")
    assert lesson06.check_taipei_chart(chart).message.endswith(LEFTOVER_PLACEHOLDER.replace("`", ""))


def test_a_percentage_friction_is_named_without_giving_the_answer():
    right = lesson06.expected_friction()
    message = lesson06.check_friction_needed(right * 100).message
    assert "percentage" in message and f"{right:g}" not in message


def test_a_table_given_as_the_chart_names_taipei_chart():
    message = lesson06.check_taipei_chart(pd.DataFrame({"a": [1]})).message
    assert message.startswith("taipei_chart is") or "taipei_chart is" in message


def test_task4_needs_the_counter_named_not_only_the_place_and_a_value_title_that_says_what():
    """Lesson 06's second learner: 'China's disinformation in Taiwan is surging' with y title 'Value' passed."""
    place_only = bars(title="China's disinformation in Taiwan is surging", y_title="Pieces of content")
    assert "does not say who counted" in lesson06.check_taipei_chart(place_only).message
    generic = bars(y_title="Value")
    assert "says only 'Value'" in lesson06.check_taipei_chart(generic).message
    assert lesson06.check_taipei_chart(bars(title="Content per year, as Taipei counts it")).passed


def test_friction_zero_asks_whether_the_amplifier_was_on():
    """Forgetting amplifier_audience makes friction 0 look enough (lesson 06's second learner)."""
    message = lesson06.check_friction_needed(0).message
    assert "amplifier_audience" in message and "Try larger" not in message
    assert "with the amplifier on" in lesson06.check_friction_needed(0.5).message


def test_a_table_from_compare_is_named_in_plain_words():
    from coursekit.explorers import narrative_spread as model
    assert "compare()" in lesson06.check_amplifier_gain(model.compare()).message


def test_task4_year_must_be_a_category_not_a_number():
    assert lesson06.check_taipei_chart(bars(x="year:N")).passed
    message = lesson06.check_taipei_chart(bars(x="year:Q")).message
    assert "year:Q" in message and '"year:O"' in message
    assert "year:T" in lesson06.check_taipei_chart(bars(x="year:T")).message
    as_numbers = TAIPEI_YEARS.assign(year=TAIPEI_YEARS["year"].astype(int))
    untyped = alt.Chart(as_numbers).mark_bar().encode(x=alt.X("year", title="Year"), y=alt.Y("value:Q", title="Pieces"))
    assert "year:Q" in lesson06.check_taipei_chart(untyped.properties(title="Content, as Taipei counts it")).message
    assert "year:Q" in lesson06.check_taipei_chart(bars(x="value:Q", y="year:Q")).message  # horizontal bars
