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
LAST_FULL_YEAR = 2025  # the data were compiled in November 2026, so 2026 is a partial year
FULL_YEARS = EXERCISES[EXERCISES["year"] <= LAST_FULL_YEAR]
RIGHT_PER_YEAR = FULL_YEARS["year"].value_counts().sort_index().rename_axis("year").reset_index(name="n_exercises")
ALL_YEARS = EXERCISES["year"].value_counts().sort_index().rename_axis("year").reset_index(name="n_exercises")
RIGHT_FIRSTS = EXERCISES.dropna(subset=["notable_first"])
IS_EXERCISE = EXERCISES["host"] != "none"  # the joint naval patrols have no host
RECENT = EXERCISES[IS_EXERCISE & EXERCISES["year"].between(2019, LAST_FULL_YEAR)]
RIGHT_SHARE = round(100 * RECENT["multilateral"].astype(bool).sum() / RECENT.shape[0], 1)


def share(rows):
    return round(100 * rows["multilateral"].astype(bool).mean(), 1)


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
    assert lesson01.check_firsts(RIGHT_FIRSTS).passed
    assert lesson01.check_firsts(RIGHT_FIRSTS[["exercise_id", "notable_first"]]).passed
    assert lesson01.check_share_multilateral(RIGHT_SHARE).passed
    assert lesson01.check_per_year_chart(GOOD_CHART).passed
    counted = bar(alt.X("year:O", title="Year"), alt.Y("count():Q", title="Events"), data=EXERCISES, title="T")
    assert lesson01.check_per_year_chart(counted).passed


def test_expected_values_are_not_trivial():
    """Guards against a checker that would pass anything: the data must have several years and firsts."""
    assert len(RIGHT_PER_YEAR) > 5 and 0 < len(RIGHT_FIRSTS) < len(EXERCISES) and 0 < RIGHT_SHARE < 100
    assert EXERCISES["year"].max() > LAST_FULL_YEAR, "the partial year must be in the data for its test to bite"
    assert lesson01.last_full_year() == LAST_FULL_YEAR


def _with_patrols() -> pd.DataFrame:
    patrol_years = pd.to_numeric(PATROLS["date"].str.slice(0, 4))
    patrol_years = patrol_years[patrol_years <= LAST_FULL_YEAR].value_counts()
    total = RIGHT_PER_YEAR.set_index("year")["n_exercises"].add(patrol_years, fill_value=0)
    return total.rename_axis("year").reset_index(name="n_exercises")


@pytest.mark.parametrize("answer, advice", [
    (FULL_YEARS.groupby("year").size(), "reset_index(name="),
    (FULL_YEARS.groupby("year").size().reset_index(), "{0: 'n_exercises'}"),
    (FULL_YEARS["year"].value_counts().reset_index(), "{'count': 'n_exercises'}"),
    (FULL_YEARS.groupby("start_date").size().reset_index(name="n_exercises"), "grouped by start_date"),
    (FULL_YEARS.groupby(["year", "domain"]).size().reset_index(name="n_exercises"), "more than one row"),
    (ALL_YEARS, "includes 2026, a year the data hold only in part"),
    (RIGHT_PER_YEAR.iloc[1:], "is missing"),
    (_with_patrols(), "include the bomber patrols"),
    (RIGHT_PER_YEAR.assign(n_exercises=RIGHT_PER_YEAR["n_exercises"] + 1), "The count for"),
    (FULL_YEARS.groupby("year").count(), ".count() counts the filled cells"),
    (FULL_YEARS.groupby("year").size().to_frame("n_exercises"), "year is the table's index"),
    (RIGHT_PER_YEAR.assign(year=RIGHT_PER_YEAR["year"].astype(str)), "year holds text"),
    (RIGHT_PER_YEAR.assign(year=RIGHT_PER_YEAR["year"].astype(str)), "stops with a TypeError"),
    (RIGHT_PER_YEAR.assign(year=RIGHT_PER_YEAR["year"].astype(float)), "decimal numbers"),
])
def test_per_year_mistakes(answer, advice):
    result = lesson01.check_exercises_per_year(answer)
    assert result.passed is False and advice in result.message, result.message


def test_firsts_mistakes():
    cases = [
        (EXERCISES[EXERCISES["notable_first"].isna()], ".notna(), not .isna()"),
        (EXERCISES, "keeps every row"),
        (EXERCISES[EXERCISES["notable_first"].str.contains("first", na=False)], "whose text contains 'first'"),
        (EXERCISES.dropna(), "what .dropna() does with no arguments"),
        (EXERCISES[EXERCISES["notable_first"] != None], "never equal to None"),  # noqa: E711 - the mistake
        (EXERCISES["notable_first"].notna(), "that is the condition, not the filtered table"),
        (EXERCISES["notable_first"].dropna(), "a single column (notable_first)"),
        (RIGHT_FIRSTS.iloc[:-2], "with no other condition"),
        (pd.concat([RIGHT_FIRSTS, EXERCISES.iloc[[3]]]), "no reported first"),
        (pd.concat([RIGHT_FIRSTS, RIGHT_FIRSTS.iloc[[0]]]), "appear twice"),
        (RIGHT_FIRSTS[["name"]], "missing"),
    ]
    assert EXERCISES.loc[3, "notable_first"] is pd.NA, "row 3 must be one without a first for this test"
    assert 0 < len(EXERCISES.dropna()) < len(RIGHT_FIRSTS), "dropna() must keep some, not all, firsts"
    for answer, advice in cases:
        result = lesson01.check_firsts(answer)
        assert result.passed is False and advice in result.message, (advice, result.message)


@pytest.mark.parametrize("answer, advice", [
    (RIGHT_SHARE / 100, "a fraction"),
    (round(RIGHT_SHARE / 100, 1), "a fraction"),
    (int(round(RIGHT_SHARE)), "rounded to a whole number"),
    (int(round(RIGHT_SHARE)), "round to one decimal place"),
    # a learner's loop: round(mean, 2) * 100 gives a whole number, and rounding it again to one decimal keeps it
    (round(RECENT["multilateral"].mean(), 2) * 100, "rounded the fraction before multiplying by 100"),
    (round(round(RECENT["multilateral"].mean(), 2) * 100, 1), "rounded the fraction before multiplying by 100"),
    (float(round(RIGHT_SHARE)), "Multiply by 100 first, then round once"),
    (int(RECENT["multilateral"].astype(bool).sum()), "number of multilateral exercises"),
    (round(100 - RIGHT_SHARE, 1), "share of two-country exercises"),
    (share(EXERCISES), "whole table"),
    (share(EXERCISES[EXERCISES["year"].between(2019, LAST_FULL_YEAR)]), "naval patrols"),
    (share(EXERCISES[IS_EXERCISE & (EXERCISES["year"] >= 2019)]), "part-year"),
    (share(EXERCISES[IS_EXERCISE]), "every year"),
    (share(EXERCISES[IS_EXERCISE & (EXERCISES["year"] < 2019)]), "before 2019"),
    (RIGHT_SHARE + 5, "too high"),
    (str(RIGHT_SHARE), "remove the quotes"),
    (f"{RIGHT_SHARE}%", "without quotes or a % sign"),
    (EXERCISES["multilateral"], "Series"),
    (RECENT["multilateral"] * 100, "take the mean of their multilateral column"),
    (RECENT["multilateral"].value_counts(normalize=True), "Pick the multilateral share, .loc[True]"),
    (float(RECENT["multilateral"].value_counts(normalize=True).sum()), "every row's share added up"),
    (100.0, "every row's share added up"),
    (round(RIGHT_SHARE / 100, 1) * 100, "rounded the fraction before multiplying by 100"),
    (round(RIGHT_SHARE / 100, 1) * 100, "Multiply by 100 first, then round"),
])
def test_share_mistakes(answer, advice):
    result = lesson01.check_share_multilateral(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (alt.Chart(RIGHT_PER_YEAR), "no mark yet"),
    (alt.Chart(RIGHT_PER_YEAR).mark_line().encode(x="year:O", y="n_exercises:Q"), "mark 'line'"),
    (bar(alt.X("n_exercises:Q", title="N"), alt.Y("year:O", title="Year"), title="T"), "year is on the y axis"),
    (bar(alt.X("n_exercises:Q", title="N"), alt.Y("n_exercises:Q", title="N"), title="T"), "Put year on the x"),
    (bar(alt.X("year:O", title="Year"), alt.Y("mean(year):Q", title="Y"), title="T"), "should show the number"),
    (bar(alt.X("year:O"), alt.Y("n_exercises:Q", title="N"), title="T"), 'Give the x axis a title such as title="Year"'),
    (bar(alt.X("year:O", title="Year"), alt.Y("n_exercises:Q"), title="T"), "y axis a title that says what is counted"),
    ((GOOD_CHART,), "a comma at the end of the line"),
    (bar(alt.X("year:O", title="Year"), alt.Y("n_exercises:Q", title="N")), "Add a title"),
    (bar(alt.X("year:O", title="Year"), alt.Y("n_exercises:Q", title="N"), data=EXERCISES, title="T"),
     "no n_exercises column"),
    (GOOD_CHART + GOOD_CHART, "not a layered"),
    (bar(alt.X("year:O", title="Year"), alt.Y("count():Q", title="Events"), title="T"),
     "heights must come from the n_exercises column"),
    (bar(alt.X("year:Q", title="Year"), alt.Y("n_exercises:Q", title="N"), title="T"), "encoded as a quantity (:Q)"),
    (bar(alt.X("year:T", title="Year"), alt.Y("n_exercises:Q", title="N"), title="T"), "encoded as a date (:T)"),
    (bar(alt.X("year:N", title="Year"), alt.Y("n_exercises:Q", title="N"), title="T"), "asks for ordinal"),
])
def test_chart_mistakes(answer, advice):
    result = lesson01.check_per_year_chart(answer)
    assert result.passed is False and advice in result.message, result.message
    assert "units" not in result.message or "Year" not in result.message, "a Year axis has no unit to ask for"


def test_verdict_scale_is_the_one_lesson_00_shows():
    """Lessons 00 and 01 both show verdicts.verdict_scale() (lesson 00 once had its own table: any row it still
    prints must match), so the two scales cannot drift apart."""
    import re
    from pathlib import Path

    import nbformat

    from coursekit import verdicts

    root = Path(__file__).resolve().parents[1] / "notebooks"
    for name in ("00-start-here.ipynb", "01-panic-narrative.ipynb"):
        cells = nbformat.read(root / name, as_version=4).cells
        assert any(c.cell_type == "code" and "verdict_scale()" in c.source for c in cells), name
        text = "\n".join(c.source for c in cells if c.cell_type == "markdown")
        rows = dict(re.findall(r"^\| (" + "|".join(map(re.escape, verdicts.VERDICTS)) + r") \| (.+?) \|$", text,
                               flags=re.MULTILINE))
        assert all(verdicts.VERDICT_MEANINGS[v] == m for v, m in rows.items()), name
    assert verdicts.VERDICTS == tuple(verdicts.VERDICT_MEANINGS)
    assert all(f"| {v} | {m} |" in verdicts.verdict_scale_markdown() for v, m in verdicts.VERDICT_MEANINGS.items())


@pytest.mark.parametrize("check, answer", [
    (lesson01.check_exercises_per_year, FULL_YEARS.groupby("year").size()),
    (lesson01.check_exercises_per_year, FULL_YEARS.groupby("year").size().reset_index()),
    (lesson01.check_exercises_per_year, RIGHT_PER_YEAR.assign(year=RIGHT_PER_YEAR["year"].astype(str))),
    (lesson01.check_firsts, RIGHT_FIRSTS[["name"]]),
    (lesson01.check_share_multilateral, RECENT["multilateral"] * 100),
    (lesson01.check_share_multilateral, RECENT["multilateral"].value_counts(normalize=True)),
    (lesson01.check_share_multilateral, pd.Series([RIGHT_SHARE])),
    (lesson01.check_per_year_chart, bar(alt.X("year:O"), alt.Y("n_exercises:Q", title="N"), title="T")),
])
def test_messages_are_plain_text(check, answer):
    """Check messages are printed as plain text: a backtick would show literally (a learner's run, issue 9),
    and a sentence starts with a capital or with one of the learner's names."""
    message = check(answer).message
    assert "`" not in message, message
    first = message.lstrip("\u274c ").split()[0]
    assert first[0].isupper() or first in lesson01.LEARNER_NAMES or "(" in first or first.startswith("."), message
    assert ".sum()" not in message or "do not add" in message, message


def test_series_for_the_per_year_table_says_how_to_make_a_table():
    message = lesson01.check_exercises_per_year(FULL_YEARS.groupby("year").size()).message
    assert 'reset_index(name="n_exercises")' in message, message


def test_code_at_the_start_of_a_message_keeps_its_case():
    """'Count()' is not Altair's aggregate: a learner who copied it would get a broken chart."""
    bars = alt.Chart(RIGHT_PER_YEAR).mark_bar().encode(
        x=alt.X("year:O", title="Year"), y=alt.Y("count():Q", title="Number of exercises and patrols"),
    ).properties(title="Joint exercises and naval patrols per year")
    message = lesson01.check_per_year_chart(bars).message
    assert "count()" in message and "Count()" not in message, message
