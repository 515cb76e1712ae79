"""Checkers for exercises/01-panic-narrative.ipynb. Expected values are computed from data/, never typed in."""
from __future__ import annotations

import functools
import numbers
from typing import Any, Callable

import pandas as pd

from coursekit import checks
from coursekit.charts import chart_title, untitled_channels
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load


LEARNER_NAMES = ("exercises_per_year", "firsts", "share_multilateral", "chart", "year")


def _plain(function: Callable[[Any], CheckResult]) -> Callable[[Any], CheckResult]:
    """A message starts with a capital unless it starts with one of the learner's names or with code
    (backticks are removed for every lesson by checks.failed)."""

    @functools.wraps(function)
    def wrapped(answer: Any) -> CheckResult:
        try:
            return function(answer)
        except Mismatch as problem:
            message = str(problem)  # checks.failed makes it plain text
            first = message.split()[0].strip(".,:;") if message else ""
            # Never capitalise code: a learner's name, or a call such as count() or .mark_bar().
            if first and first not in LEARNER_NAMES and "(" not in first and not first.startswith("."):
                message = message[0].upper() + message[1:]
            raise Mismatch(message) from None

    return wrapped


def _exercises() -> pd.DataFrame:
    exercises = load("joint_exercises")
    exercises["year"] = exercises["start_date"].str[:4].astype(int)
    return exercises


def last_full_year() -> int:
    """The last year the data cover in full.

    Why: the data sets were compiled in the last year they reach (November 2026), so that year holds
    only the events found by then; the lesson leaves it out of per-year counts, and so does task 1.
    """
    return int(_exercises()["year"].max()) - 1


def _expected_per_year() -> pd.Series:
    exercises = _exercises()
    return exercises[exercises["year"] <= last_full_year()].groupby("year").size()


@checker
@_plain
def check_exercises_per_year(answer: Any) -> CheckResult:
    """Task 1: one row per full year with the number of joint exercises and naval patrols that began in it."""
    if isinstance(answer, pd.Series):
        raise Mismatch("exercises_per_year is a Series (the counts, with the years as its index), not a table. "
                       "Add .reset_index(name=\"n_exercises\") after .size(): it makes a table with a year "
                       "column and a count column called n_exercises.")
    frame = checks.require_frame(answer, "exercises_per_year")
    for default in ("count", 0, "size"):  # the name pandas gave the count: fix it the way the hint taught
        if default in frame.columns and "n_exercises" not in frame.columns:
            raise Mismatch(f"the count column is called {default!r}; name it 'n_exercises' where you make it: "
                           ".size().reset_index(name=\"n_exercises\"), as in the hint (after value_counts(), "
                           f"use .rename(columns={{{default!r}: 'n_exercises'}})).")
    checks.require_named_count(frame, "n_exercises")
    if frame.index.name == "year" and "n_exercises" not in frame.columns and len(frame.columns) > 1:
        raise Mismatch(".count() counts the filled cells of every column, so you get one column per original "
                       "column. Count rows instead: groupby(\"year\").size().reset_index(name=\"n_exercises\").")
    if "start_date" in frame.columns and "year" not in frame.columns:
        raise Mismatch("you grouped by start_date, which gives one row per date. Make a year column first: "
                       "exercises[\"start_date\"].str[:4].astype(int), then group by it.")
    if frame.index.name == "year" and "year" not in frame.columns:
        raise Mismatch("year is the table's index, not a column. Add .reset_index(name=\"n_exercises\") after "
                       ".size() to turn it into a column.")
    checks.require_columns(frame, ["year", "n_exercises"], "exercises_per_year")
    if pd.api.types.is_float_dtype(frame["year"]):
        raise Mismatch("year holds decimal numbers (2012.0); make it whole numbers with .astype(int).")
    if not pd.api.types.is_integer_dtype(frame["year"]):
        raise Mismatch("year holds text such as '2012', not whole numbers. Text cannot be compared with a number "
                       "(a test such as year <= 2025 stops with a TypeError), and task 3's .between(2019, 2025) "
                       "needs numbers too. Add .astype(int) after .str[:4] when you make the year column.")
    years = pd.to_numeric(frame["year"].astype(str).str[:4], errors="coerce")
    if years.isna().any():
        raise Mismatch("some year values are not years; take the first four characters of start_date.")
    if years.duplicated().any():
        raise Mismatch(f"year {int(years[years.duplicated()].iloc[0])} appears on more than one row: you probably "
                       "grouped by start_date or by two columns. Group by year only.")
    expected = _expected_per_year()
    given = pd.Series(pd.to_numeric(frame["n_exercises"], errors="coerce").to_numpy(), index=years.astype(int))
    partial = sorted(y for y in given.index if y > last_full_year())
    if partial:
        raise Mismatch(f"your table includes {partial[0]}, a year the data hold only in part (they were compiled "
                       f"during it). Keep the full years, up to {last_full_year()}: filter the rows with a "
                       "condition on year before you count.")
    missing = [y for y in expected.index if y not in given.index]
    if missing:
        raise Mismatch(f"year {missing[0]} is missing; every year from {expected.index.min()} to "
                       f"{expected.index.max()} has at least one event in joint_exercises.")
    checks.require_rows(frame, len(expected), "one row per year with an event", "exercises_per_year")
    patrols = load("bomber_patrols")
    patrol_years = patrols["date"].str[:4].astype(int)
    patrol_counts = patrols[patrol_years <= last_full_year()].groupby(patrol_years).size()
    with_patrols = expected.add(patrol_counts, fill_value=0)
    if given.sort_index().tolist() == with_patrols.sort_index().tolist():
        raise Mismatch("your counts include the bomber patrols. This task counts joint_exercises only "
                       "(its naval patrols are in it; the air patrols are a separate data set).")
    for year, count in expected.items():
        if given[year] != count:
            raise Mismatch(f"the count for {year} is {given[year]:g}; count the rows of joint_exercises whose "
                           "start_date begins with that year (groupby(\"year\").size()).")
    return checks.passed(f"Right: joint exercises and naval patrols per year, {expected.index.min()} to "
                         f"{expected.index.max()}.")


@checker
@_plain
def check_firsts(answer: Any) -> CheckResult:
    """Task 2: the joint_exercises rows with a reported first (notable_first filled)."""
    if isinstance(answer, pd.Series):
        if pd.api.types.is_bool_dtype(answer):
            raise Mismatch("firsts is a column of True/False values: that is the condition, not the filtered "
                           "table. Put the condition inside exercises[...] to keep the rows where it is True.")
        raise Mismatch(f"firsts is a single column ({answer.name or 'a Series'}), not a table of rows. Filter the "
                       "whole table, exercises[...], so that every column of the kept rows stays.")
    if isinstance(answer, pd.DataFrame) and answer.empty:
        raise Mismatch("firsts is empty: your filter matched no rows. If you compared with None (!= None or "
                       "== None): in pandas a missing value is never equal to None, so that test gives the same "
                       "answer for every row. Test for a value with .notna() instead.")
    frame = checks.require_frame(answer, "firsts")
    checks.require_columns(frame, ["exercise_id", "notable_first"], "firsts")
    exercises = _exercises()
    expected = set(exercises.loc[exercises["notable_first"].notna(), "exercise_id"])
    complete_rows = set(exercises.dropna()["exercise_id"])
    with_word = set(exercises.loc[exercises["notable_first"].str.contains("first", case=False, na=False),
                                  "exercise_id"])
    given = set(frame["exercise_id"].astype(str))
    if not given <= set(exercises["exercise_id"]):
        raise Mismatch("firsts holds rows that are not in joint_exercises; filter that table.")
    if given and not given & expected:
        raise Mismatch("these are the rows WITHOUT a reported first. Keep rows where notable_first is filled: "
                       ".notna(), not .isna().")
    if given == set(exercises["exercise_id"]):
        raise Mismatch("firsts keeps every row. Filter: exercises[exercises[\"notable_first\"].notna()].")
    if given < expected:
        if given == complete_rows or (len(frame.columns) > 2 and bool(frame.notna().all().all())):
            raise Mismatch(f"you kept {len(given)} of the {len(expected)} rows with a reported first: only rows "
                           "where EVERY column is filled. That is what .dropna() does with no arguments. Test "
                           "the one column that matters: .notna() on notable_first (or dropna(subset=[...])).")
        if given == with_word:
            left_out = exercises.loc[exercises["exercise_id"].isin(expected - given), "notable_first"].iloc[0]
            raise Mismatch(f"you kept {len(given)} of the {len(expected)} rows with a reported first: the ones "
                           f"whose text contains 'first'. Rows such as \u201c{left_out}\u201d count too: keep "
                           "every row where notable_first is filled (.notna()).")
        raise Mismatch(f"you kept {len(given)} of the {len(expected)} rows with a reported first. Keep every row "
                       "where notable_first is filled (.notna()), with no other condition.")
    if given != expected:
        raise Mismatch("firsts includes rows with no reported first; filter on notable_first.notna().")
    if frame["exercise_id"].duplicated().any():
        raise Mismatch("some exercises appear twice in firsts; filter the table once, without joining.")
    return checks.passed(f"Right: {len(expected)} of the {len(exercises)} events came with a reported first.")


FORMAT_PERIOD = (2019, 2025)  # task 3 asks about the exercises of these full years


def _share(rows: pd.DataFrame) -> float:
    return 100 * float(rows["multilateral"].astype(bool).mean()) if len(rows) else float("nan")


def expected_share_multilateral() -> float:
    """Task 3's answer: the percentage of exercises (not naval patrols) of 2019-2025 that were multilateral."""
    exercises = _exercises()
    first, last = FORMAT_PERIOD
    recent = exercises[exercises["year"].between(first, last) & (exercises["host"] != "none")]
    return _share(recent)


@checker
@_plain
def check_share_multilateral(answer: Any) -> CheckResult:
    """Task 3: the percentage of 2019-2025 exercises (naval patrols left out) with a third country's forces."""
    exercises = _exercises()
    if isinstance(answer, str) and answer.strip().endswith("%"):
        raise Mismatch(f"share_multilateral is the text {answer!r}; give the number itself, without quotes "
                       f"or a % sign (for example 52.4, not '52.4%').")
    if isinstance(answer, pd.Series) and len(answer) > 1 and set(answer.index) <= {True, False}:
        raise Mismatch("share_multilateral is a Series with one share per value of multilateral (True and "
                       "False), as value_counts(normalize=True) gives. Pick the multilateral share, .loc[True], "
                       "and multiply it by 100; do not add the rows up with .sum(): the shares add up to 1.")
    if isinstance(answer, (pd.Series, pd.DataFrame)) and answer.size > 1:
        raise Mismatch(f"share_multilateral is a {type(answer).__name__} with {answer.size} values, not one "
                       "number. The task asks for one percentage: keep the exercises of the years asked, take the "
                       "mean of their multilateral column (the share of True, as a fraction), multiply by 100 and "
                       "round once.")
    value = checks.require_number(answer, "share_multilateral")
    first, last = FORMAT_PERIOD
    is_exercise = exercises["host"] != "none"
    in_period = exercises["year"].between(first, last)
    recent = exercises[in_period & is_exercise]
    share = expected_share_multilateral()
    multilateral = int(recent["multilateral"].astype(bool).sum())
    if 0 < value < 1 and abs(100 * value - share) < 5:  # 5 points: a fraction rounded to 0.5 is still one
        raise Mismatch(f"{value:g} is a fraction; the task asks for a percentage: multiply by 100 first, then "
                       "round: round(fraction * 100, 1).")
    if value in (1, 100):
        raise Mismatch(f"{value:g} is every row's share added up (all exercises, 100%). Pick the share of the "
                       "multilateral ones only, e.g. .loc[True] of value_counts(normalize=True), times 100.")
    if value == multilateral:
        raise Mismatch(f"{value:g} is the number of multilateral exercises; divide by the number of exercises "
                       "you kept and multiply by 100 (or use .mean() * 100).")
    if abs(value - (100 - share)) <= 0.1:
        raise Mismatch(f"{value:g}% is the share of two-country exercises (multilateral == False). "
                       "Take the share where multilateral is True.")
    whole_number = isinstance(answer, numbers.Integral)  # round(x) with no decimals gives an int
    if value == round(share) and whole_number and abs(value - share) > 0.1:
        raise Mismatch(f"{value:g} is the share rounded to a whole number; round to one decimal place: "
                       "round(..., 1).")
    if any(abs(value - 100 * round(share / 100, digits)) < 1e-9 for digits in (1, 2)) and abs(value - share) > 0.1:
        # checked before the whole-number advice: round(mean, 2) * 100 gives 52.0, and rounding that again to
        # one decimal place cannot bring the lost decimals back (a learner looped on the whole-number advice)
        raise Mismatch(f"{value:g} has lost its decimals: you probably rounded the fraction before multiplying by "
                       "100 (round(mean, 2) * 100 gives a whole number), and rounding the result again cannot bring "
                       "them back. Multiply by 100 first, then round once, to one decimal place: "
                       "round(fraction * 100, 1).")
    if value == round(share) and abs(value - share) > 0.1:
        raise Mismatch(f"{value:g} is the share rounded to a whole number; round to one decimal place: "
                       "round(..., 1).")
    mistakes = [
        (_share(exercises), "that is the share for the whole table, every year and the naval patrols too (the "
                            f"lesson's reveal). Keep only exercises (host is not \"none\") from {first} to {last}."),
        (_share(exercises[in_period]), "your rows include the joint naval patrols (host == \"none\"), which are "
                                       "not exercises. Add the condition exercises_with_year[\"host\"] != \"none\"."),
        (_share(exercises[is_exercise & (exercises["year"] >= first)]),
         f"your rows include the part-year after {last}; the data hold only part of it. Stop at {last}."),
        (_share(exercises[is_exercise]), f"that is the share for every year; keep the years {first} to {last} "
                                          "(.between(...) or two conditions joined with &)."),
        (_share(exercises[is_exercise & (exercises["year"] < first)]),
         f"that is the share for the years before {first}; the task asks about {first} to {last}."),
    ]
    for wrong, advice in mistakes:
        if abs(wrong - share) > 0.1 and round(value, 1) == round(wrong, 1):
            raise Mismatch(f"{value:g}%: {advice}")
    checks.require_close(value, share, 0.1, "the multilateral share")
    earlier = _share(exercises[is_exercise & (exercises["year"] < first)])
    return checks.passed(f"Right: {share:.1f}% of the {len(recent)} exercises of {first}-{last} had a third "
                         f"country's forces, against {earlier:.0f}% of the exercises before {first}.")


@checker
@_plain
def check_per_year_chart(answer: Any) -> CheckResult:
    """Task 4: a titled bar chart of joint exercises per year."""
    if isinstance(answer, tuple):  # a trailing comma: chart = alt.Chart(...).encode(...),
        raise Mismatch("chart is a tuple (values in round brackets), not a chart: a comma at the end of the "
                       "line (or after the closing bracket) makes one. Delete that comma and run the cell again.")
    spec = checks.require_chart(answer, mark="bar", start="alt.Chart(exercises_per_year)", why=" for counts per year")
    encoding = spec.get("encoding", {})
    x, y = encoding.get("x", {}), encoding.get("y", {})
    if x.get("field") != "year":
        if y.get("field") == "year":
            raise Mismatch("year is on the y axis; put year on x (time reads left to right) and the count on y.")
        raise Mismatch("put year on the x axis: x=alt.X(\"year:O\", title=...).")
    x_type = x.get("type")
    if x_type == "quantitative":
        raise Mismatch("year is encoded as a quantity (:Q), so Altair draws a continuous number line with thin "
                       "bars and labels such as 2,012. Make it ordinal, one bar per year: \"year:O\".")
    if x_type == "temporal":
        raise Mismatch("year is encoded as a date (:T); the task asks for an ordinal axis, one bar per year: "
                       "\"year:O\".")
    if x_type != "ordinal":
        raise Mismatch(f"year is encoded as {x_type}; the task asks for ordinal (\"year:O\"): years have an "
                       "order, and :O keeps it with one bar per year.")
    if not (y.get("field") == "n_exercises" or y.get("aggregate") == "count"):
        shown = y.get("field") or y.get("aggregate") or "nothing"
        raise Mismatch(f"the y axis shows {shown}; it should show the number of events: "
                       "y=alt.Y(\"n_exercises:Q\", ...) from exercises_per_year.")
    data_values = answer.data if isinstance(answer.data, pd.DataFrame) else None
    if (y.get("aggregate") == "count" and data_values is not None and "year" in data_values.columns
            and data_values["year"].is_unique):
        raise Mismatch("count() counts the chart's rows, and exercises_per_year has one row per year, so every bar "
                       "would be 1 high. The heights must come from the n_exercises column: "
                       "y=alt.Y(\"n_exercises:Q\", title=...).")
    if data_values is not None and y.get("field") == "n_exercises" and "n_exercises" not in data_values.columns:
        raise Mismatch("the chart's data has no n_exercises column: use alt.Chart(exercises_per_year).")
    missing = untitled_channels(spec)
    if missing:
        examples = {"x": 'the x axis a title such as title="Year"',
                    "y": 'the y axis a title that says what is counted, e.g. title="Number of exercises and patrols"'}
        raise Mismatch("give " + " and ".join(examples.get(channel, f"the {channel} axis a title")
                                              for channel in missing) + ".")
    if not chart_title(spec):
        raise Mismatch("add a title that says what the chart shows, e.g. "
                       ".properties(title=\"Joint exercises and naval patrols per year, 2012-2025\").")
    return checks.passed("Right: a titled bar chart of joint exercises and naval patrols per year.")
