"""Checkers for exercises/06-information-operations.ipynb. Expected values are computed, never typed in.

Tasks 2 and 3 ask about the course's narrative-spread model (:mod:`coursekit.explorers.narrative_spread`), so
the expected values come from the model itself with the inputs the task names; the data tasks read
``data/`` through :func:`coursekit.data.load`.
"""
from __future__ import annotations

import altair as alt

import math
from typing import Any

import pandas as pd

from coursekit import checks
from coursekit.charts import chart_title, untitled_channels
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load
from coursekit.explorers import narrative_spread as ns

FRICTION_GRID_STEP = 0.05
"""Task 3 searches friction in steps of 0.05 (5 percentage points)."""


# --------------------------------------------------------------------------- task 2
def expected_gain() -> float:
    """Task 2: people the amplifier adds, after the default steps: originator + amplifier minus originator alone."""
    return ns.people_reached(amplifier_audience=ns.ILLUSTRATIVE_AMPLIFIER) - ns.people_reached()


@checker
def check_amplifier_gain(answer: Any) -> CheckResult:
    """Task 2: ``amplifier_gain``, a number of people (the difference, not a ratio or a table)."""
    if isinstance(answer, pd.DataFrame):
        raise Mismatch("amplifier_gain is a table (the model's spread(...) and compare() give one row per step, "
                       "summary() one row per case). Use people_reached(...), which gives one number, the total "
                       "after the last step, for each case, and subtract.")
    value = checks.require_number(answer, "amplifier_gain")
    alone = ns.people_reached()
    with_amp = ns.people_reached(amplifier_audience=ns.ILLUSTRATIVE_AMPLIFIER)
    expected = with_amp - alone
    if math.isclose(value, -expected, rel_tol=1e-6):
        raise Mismatch("your number is negative: subtract the originator-alone total from the total with the "
                       "amplifier, not the other way round.")
    if math.isclose(value, with_amp, rel_tol=1e-6):
        raise Mismatch("that is the total with the amplifier; the task asks how many people the amplifier ADDS: "
                       "take away what the originator reaches alone.")
    if alone and math.isclose(value, with_amp / alone, rel_tol=1e-6):
        raise Mismatch("that is a ratio (how many times more). The task asks for a number of people: a difference.")
    if not math.isclose(value, expected, rel_tol=1e-6, abs_tol=0.5):
        raise Mismatch(f"{value:,.0f} is not the model's difference. Call people_reached(amplifier_audience="
                       f"{ns.ILLUSTRATIVE_AMPLIFIER}) and people_reached() with no other inputs (the defaults), "
                       "then subtract the second from the first.")
    return checks.passed(f"Right: in the model the amplifier adds about {expected:,.0f} people. That is reach in a "
                         "toy population with illustrative inputs, not a measured effect of any real operation.")


# --------------------------------------------------------------------------- task 3
def expected_friction() -> float:
    """Task 3: the smallest friction on the 0.05 grid at which, with the illustrative amplifier, each post
    leads to fewer than one new post (growth_per_post below 1)."""
    steps = round(1 / FRICTION_GRID_STEP)
    for i in range(steps + 1):
        friction = round(i * FRICTION_GRID_STEP, 2)
        if ns.growth_per_post(amplifier_audience=ns.ILLUSTRATIVE_AMPLIFIER, friction=friction) < 1:
            return friction
    return 1.0  # pragma: no cover - friction 1 always stops growth


@checker
def check_friction_needed(answer: Any) -> CheckResult:
    """Task 3: ``friction_needed``, a share between 0 and 1 on the task's 0.05 grid."""
    if isinstance(answer, (list, tuple)):
        raise Mismatch("friction_needed is a list; the task asks for one number: the first friction in your "
                       "list at which growth_per_post is below 1.")
    value = checks.require_number(answer, "friction_needed")
    expected = expected_friction()
    if value > 1 and math.isclose(value / 100, expected, abs_tol=1e-9):
        raise Mismatch(f"{value:g} looks like a percentage. The model takes friction as a share between 0 "
                       "and 1 (30% is written 0.3): convert your value the same way.")
    if value > 1 or value < 0:
        raise Mismatch("friction is a share between 0 and 1 (0.3 means 3 posts in 10 removed).")
    growth = ns.growth_per_post(amplifier_audience=ns.ILLUSTRATIVE_AMPLIFIER, friction=value)
    if math.isclose(value, expected, abs_tol=1e-9):
        return checks.passed(f"Right: at friction {expected:g} each post leads to {growth:.2f} new posts, below 1, "
                             "so the amplified narrative fades. Removing most posts is needed to offset a large "
                             "amplifier in this model.")
    if growth >= 1 and value == 0:
        raise Mismatch(f"with the amplifier on, friction 0 leaves {growth:.2f} new posts per post (1 or more). Zero is "
                       "enough only without an amplifier: did each call pass amplifier_audience="
                       "model.ILLUSTRATIVE_AMPLIFIER as well as friction?")
    if growth >= 1:
        raise Mismatch(f"at friction {value:g}, with the amplifier on, each post still leads to {growth:.2f} new posts "
                       "(1 or more), so the narrative keeps growing. Try larger values.")
    if not math.isclose(value / FRICTION_GRID_STEP, round(value / FRICTION_GRID_STEP), abs_tol=1e-9):
        raise Mismatch(f"{value:g} is not on the task's grid: try 0, 0.05, 0.10 ... 1.0 and give the first "
                       "that works.")
    raise Mismatch(f"at friction {value:g} growth is below 1 ({growth:.2f}), but a smaller friction on the grid "
                   "already gets there: give the smallest.")


# --------------------------------------------------------------------------- task 1
DATASET = "information_operations"
YEAR_PATTERN = r"nsb-\d{4}-controversial-info"


def expected_years() -> pd.DataFrame:
    """Task 1: Taipei's full-year counts of content it attributes to China (rows nsb-YYYY-controversial-info)."""
    io = load(DATASET)
    rows = io[io["id"].str.fullmatch(YEAR_PATTERN)]
    return rows.assign(year=rows["period_start"].astype(str))


@checker
def check_taipei_years(answer: Any) -> CheckResult:
    """Task 1: ``taipei_years``: the full-year NSB rows only, whole rows plus a ``year`` column."""
    if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
        raise Mismatch("taipei_years is a True/False mask. Use it to pick rows: io[mask].")
    frame = checks.require_frame(answer, "taipei_years", series_hint="keep whole rows (io[mask]) and add the year "
                                 "with .assign(year=...).")
    if "id" not in frame.columns:
        raise Mismatch("taipei_years has no 'id' column. Keep whole rows (io[mask]), then add the year column.")
    expected = expected_years()
    given = set(frame["id"].astype(str))
    want = set(expected["id"])
    partial = {i for i in given - want if i.startswith("nsb-") and "q" in i.split("-")[1]}
    if partial:
        raise Mismatch(f"{', '.join(sorted(partial))} count{'s' if len(partial) == 1 else ''} only part of a year "
                       "(a first quarter, or the year to date). Keep the full years only: their id is nsb-, "
                       "four digits, then -controversial-info.")
    other = given - want
    if other:
        raise Mismatch(f"taipei_years includes rows that are not Taipei's yearly content counts "
                       f"({', '.join(sorted(other))}); the account counts (nsb-...-accounts) count another thing.")
    missing = want - given
    if missing:
        raise Mismatch(f"{', '.join(sorted(missing))} {'is' if len(missing) == 1 else 'are'} missing: every full "
                       "year the bureau counted belongs in the series.")
    if "year" not in frame.columns:
        raise Mismatch("add a column year with the year of each row: .assign(year=rows[\"period_start\"]).")
    years = dict(zip(frame["id"].astype(str), frame["year"].astype(str)))
    wrong = [i for i, y in zip(expected["id"], expected["year"]) if years.get(i) != y]
    if wrong:
        raise Mismatch(f"the year of {', '.join(wrong)} is not right: take it from period_start.")
    first, last = expected.iloc[0], expected.iloc[-1]
    return checks.passed(f"Right: {len(expected)} full years, from {first['value']:,.0f} pieces of content in "
                         f"{first['year']} to {last['value']:,.0f} in {last['year']}, all claimed by Taipei.")


# --------------------------------------------------------------------------- task 4
WHOSE_WORDS = ("taipei", "nsb", "national security bureau", "taiwan's", "taiwan’s", "by taiwan", "taiwan says",
               "taiwan counts", "taiwan reports", "taiwanese government", "taiwan's government")
"""Words that name the counter (Taiwan's bureau or government), not only Taiwan as a place: 'disinformation in
Taiwan' names the target, not whose count it is."""
YEAR_TYPES = ("ordinal", "nominal")
"""Task 4: the year axis must hold categories (year:O, or year:N), one bar per year, not a number with decimals."""
GENERIC_TITLES = {"value", "values", "count", "counts", "number", "amount", "total", "figure"}
"""A value-axis title that says nothing about what is counted."""


@checker
def check_taipei_chart(answer: Any) -> CheckResult:
    """Task 4: a bar chart of taipei_years (year against value) whose titles say whose count it is."""
    if not isinstance(answer, (alt.Chart, *checks.COMBINED_CHARTS)):
        raise Mismatch(f"taipei_chart is {checks.kind_of(answer)}; expected an Altair chart made with "
                       "alt.Chart(taipei_years).")
    spec = checks.require_chart(answer, mark="bar", start="alt.Chart(taipei_years)", why=" (one bar per year)")
    encoding = spec.get("encoding", {})
    fields = {encoding.get(axis, {}).get("field") for axis in ("x", "y")}
    if "value" not in fields:
        raise Mismatch("put value on one axis (the bar's length) and year on the other.")
    if "year" not in fields:
        shown = sorted(f for f in fields if f)
        raise Mismatch(f"the other axis shows {shown or 'nothing'}; put year on it (as \"year:O\", so the years "
                       "are categories, not numbers with decimals).")
    year_axis = "x" if encoding.get("x", {}).get("field") == "year" else "y"
    year_type = encoding.get(year_axis, {}).get("type")
    if year_type not in YEAR_TYPES:
        how = {"quantitative": "a number (year:Q), so the axis shows decimals such as 2,022.5 and the bars go thin",
               "temporal": "a date (year:T), so the axis shows months and the bars go thin"}.get(
                   year_type, f"type {year_type!r}")
        raise Mismatch(f"year is drawn as {how}. Write it as \"year:O\" (ordinal), so each year is one category "
                       "with one bar.")
    values = next(iter(spec.get("datasets", {}).values()), [])
    ids = {row.get("id") for row in values}
    if ids and any(i and "q1" in str(i) for i in ids):
        raise Mismatch("the chart's data include first-quarter rows: draw taipei_years, the full years from task 1.")
    missing = untitled_channels(spec)
    if missing:
        raise Mismatch(f"give the {' and '.join(missing)} axis a title; the value axis names its unit, e.g. "
                       "\"Pieces of content attributed to China\".")
    value_axis = "y" if encoding.get("y", {}).get("field") == "value" else "x"
    if str(encoding.get(value_axis, {}).get("title", "")).strip().lower() in GENERIC_TITLES:
        raise Mismatch(f"the {value_axis} axis says only '{encoding[value_axis]['title']}': name what is counted and "
                       "its unit, e.g. \"Pieces of content attributed to China\".")
    title = chart_title(spec)
    if not title:
        raise Mismatch("add a title that says what the chart shows: .properties(title=\"...\").")
    texts = " ".join([title] + [str(encoding.get(a, {}).get("title", "")) for a in ("x", "y")]).lower()
    if not any(word in texts for word in WHOSE_WORDS):
        raise Mismatch("say whose count it is, in the title or an axis title (for example 'as counted by "
                       "Taiwan's National Security Bureau'): every item is Taipei's attribution, a claim. Naming "
                       "Taiwan as the place targeted does not say who counted.")
    return checks.passed("Right: one bar per year, and the chart says whose claim it is. Rising bars may mean more "
                         "activity, more counting, or both: the rows give no method to tell them apart.")
