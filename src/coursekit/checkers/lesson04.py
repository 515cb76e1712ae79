"""Checkers for exercises/04-korea-japan.ipynb. Expected values are computed from data/, never typed in."""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from coursekit import checks
from coursekit.charts import chart_title, untitled_channels
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load

SHELL_ITEM = "artillery_shells"
SHELL_COLUMNS = ["as_of", "estimated_by", "estimate_low", "estimate_high", "midpoint"]
TROOP_UNITS = "troops"
"""Task 4 charts the rows of russia_dprk_events whose unit starts with this (in Russia, planned or expected)."""


def _near_count(country: str) -> int:
    return int(load("bomber_patrols")["near"].str.contains(country).sum())


@checker
def check_near_japan(answer: Any) -> CheckResult:
    """Task 1: how many joint bomber patrols approached Japan (``near`` mentions Japan)."""
    patrols = load("bomber_patrols")
    if isinstance(answer, pd.DataFrame):
        raise Mismatch("n_near_japan is a table (the matching patrols). Count its rows with len(...).")
    if isinstance(answer, pd.Series) and (answer.dtype == bool or str(answer.dtype) == "boolean"):
        raise Mismatch("n_near_japan is a True/False value per patrol. Add .sum() to count the True ones.")
    value = checks.require_number(answer, "n_near_japan")
    expected = _near_count("Japan")
    if value == expected:
        return checks.passed(f"Right: {expected} of the {len(patrols)} joint bomber patrols approached Japan, "
                             "by the `near` column.")
    if value == 0:
        raise Mismatch("0 patrols: `== \"Japan\"` compares the whole text, and `near` lists several countries "
                       "(\"South Korea; Japan\"). Use patrols[\"near\"].str.contains(\"Japan\").")
    if value == len(patrols):
        raise Mismatch(f"{value:g} is every patrol in the table. Keep only those whose `near` mentions Japan.")
    if value == _near_count("South Korea"):
        raise Mismatch(f"{value:g} is the number that approached South Korea (or either country). "
                       "Look for \"Japan\" in the `near` column.")
    raise Mismatch(f"n_near_japan is {value:g}, but a different number of patrols mention Japan in `near`. "
                   "Count with patrols[\"near\"].str.contains(\"Japan\").sum().")


def expected_shells() -> pd.DataFrame:
    """The rows and midpoints Task 2 asks for, from the data."""
    munitions = load("dprk_munitions_estimates")
    shells = munitions[munitions["item"] == SHELL_ITEM].copy()
    shells["midpoint"] = (shells["estimate_low"] + shells["estimate_high"]) / 2
    return shells


@checker
def check_shell_midpoints(answer: Any) -> CheckResult:
    """Task 2: the artillery-shell estimates with a ``midpoint`` column (missing where a bound is missing)."""
    if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer.dtype):
        raise Mismatch("shells is a mask (True/False for each row), not the rows themselves. Put the mask inside "
                       "the brackets of the table: munitions[munitions[\"item\"] == ...].copy().")
    frame = checks.require_frame(answer, "shells", series_hint="keep the table: filter the rows of `munitions` "
                                 "with a mask in brackets, munitions[mask], then add the column.")
    if "midpoint" not in frame.columns:
        raise Mismatch("shells has no `midpoint` column yet: shells[\"midpoint\"] = (low + high) / 2.")
    checks.require_columns(frame, SHELL_COLUMNS, "shells")
    expected = expected_shells()
    if "unit" in frame.columns and frame["unit"].nunique() > 1:
        units = sorted(map(str, frame["unit"].dropna().unique()))
        raise Mismatch(f"shells mixes units {units}. `str.contains(\"shell\")` also matches per-year and percentage "
                       f"items; keep only the rows whose item is exactly \"{SHELL_ITEM}\" (use ==).")
    if "item" in frame.columns and set(frame["item"].dropna()) - {SHELL_ITEM}:
        others = sorted(set(frame["item"].dropna()) - {SHELL_ITEM})
        raise Mismatch(f"shells includes other items {others}. Keep only item == \"{SHELL_ITEM}\": the other "
                       "items count different things (equivalents, shells per year, a share in %).")
    if len(frame) > len(expected):
        raise Mismatch(f"shells has {len(frame)} rows, more than the {len(expected)} estimates whose item is "
                       f"\"{SHELL_ITEM}\". `str.contains(\"shell\")` also matches other items (equivalents, "
                       "shells per year, a share in %); use == for the exact item.")
    checks.require_rows(frame, len(expected), f"one row per estimate whose item is \"{SHELL_ITEM}\"", "shells")
    key = ["as_of", "estimated_by"]
    merged = expected[key + ["estimate_low", "estimate_high", "midpoint"]].astype({"as_of": str, "estimated_by": str}).merge(
        frame[key + ["midpoint"]].astype({"as_of": str, "estimated_by": str}),
        on=key, how="left", suffixes=("", "_given"), indicator=True)
    if (merged["_merge"] != "both").any():
        raise Mismatch("some estimates are missing or changed (as_of, estimated_by); start again from "
                       f"munitions[munitions[\"item\"] == \"{SHELL_ITEM}\"].")
    given = pd.to_numeric(merged["midpoint_given"], errors="coerce")
    open_ended = merged["estimate_low"].isna() | merged["estimate_high"].isna()
    if given[open_ended].notna().any():
        zero_filled = (merged["estimate_low"].fillna(0) + merged["estimate_high"].fillna(0)) / 2
        if (given[open_ended] == 0).any() or ((given - zero_filled).abs()[open_ended] < 1e-6).all():
            raise Mismatch("an estimate with only one bound got midpoint 0. Do not fill gaps with 0 (fillna(0)): "
                           "'more than X' has no midpoint, so leave it missing (NaN).")
        raise Mismatch("an estimate with only one bound ('more than X' or 'up to Y') got a midpoint. It has none: "
                       "(low + high) / 2 leaves it missing (NaN); .mean(axis=1) would skip the gap and pretend "
                       "the one bound is the middle.")
    closed = ~open_ended
    precedence = merged["estimate_low"] + merged["estimate_high"] / 2
    right = (given[closed] - merged.loc[closed, "midpoint"]).abs() < 1e-6
    if not right.all():
        if ((given[closed] - precedence[closed]).abs() < 1e-6).all():
            raise Mismatch("Python divides before it adds: low + high / 2 halves only the high bound. "
                           "Use brackets: (low + high) / 2.")
        raise Mismatch("some midpoints are wrong: the midpoint is (estimate_low + estimate_high) / 2.")
    dates = frame["as_of"].astype(str).tolist()
    if dates != sorted(dates):
        raise Mismatch("the rows and midpoints are right, but the table is not sorted by date as the task asks: "
                       "add .sort_values(\"as_of\") before .copy().")
    has = "has" if closed.sum() == 1 else "have"
    return checks.passed(f"Right: {closed.sum()} of the {len(expected)} shell estimates {has} a midpoint; the others "
                         "give only a floor or a ceiling, so their midpoint stays missing. A single figure's midpoint "
                         "is the figure itself; an either/or conversion has none (see the lesson).")


def widest_row() -> pd.Series:
    """Task 3: the figure in russia_dprk_events with the largest high / low ratio among those with both bounds."""
    events = load("russia_dprk_events")
    both = events.dropna(subset=["estimate_low", "estimate_high"])
    ratio = both["estimate_high"] / both["estimate_low"]
    return pd.concat([both.loc[ratio.idxmax()], pd.Series({"ratio": float(ratio.max())})])


@checker
def check_widest_ratio(answer: Any) -> CheckResult:
    """Task 3: the widest range relative to its low end (high / low), over the troop and casualty figures."""
    if isinstance(answer, pd.Series) and answer.size > 1:
        raise Mismatch("widest_ratio is a column of ratios. Take the largest with .max().")
    value = checks.require_number(answer, "widest_ratio")
    row = widest_row()
    expected = float(row["ratio"])
    if math.isclose(value, expected, rel_tol=1e-6):
        ranges = load("russia_dprk_events").dropna(subset=["estimate_low", "estimate_high"])
        ranges = ranges[ranges["estimate_low"] < ranges["estimate_high"]]
        return checks.passed(f"Right: the widest range's high end is {expected:.2f} times its low end: "
                             f"\"{row['event']}\" ({row['date']}, {row['estimated_by']}: "
                             f"{row['estimate_low']:,.0f} to {row['estimate_high']:,.0f} {row['unit']}). "
                             f"Only {len(ranges)} of the table's figures give two different bounds. Shin's "
                             "February 2024 conversion of container capacity looks far wider, but it is no range: two floors "
                             "for the same containers, either/or, so the data set stores it as two rows.")
    if value == 1:
        # Both slips give exactly 1: low / high peaks at 1 (single figures), and min() of high / low is 1 too.
        raise Mismatch("1 is the ratio of a single figure (low == high). You get it if the ratio is upside down "
                       "(estimate_low / estimate_high is never above 1, so its largest value is a single figure's 1), "
                       "or if you took .min(). Use `events`, divide estimate_high by estimate_low and take the largest.")
    arms = load("dprk_munitions_estimates").dropna(subset=["estimate_low", "estimate_high"])
    if len(arms) and math.isclose(value, float((arms["estimate_high"] / arms["estimate_low"]).max()), rel_tol=1e-6):
        raise Mismatch("you used `munitions`: that ratio is its one range of shells (Reuters and the Open Source "
                       "Centre's). Task 3 asks about `events`, the troop and casualty figures: use events.dropna(...).")
    events = load("russia_dprk_events").dropna(subset=["estimate_low", "estimate_high"])
    inverse = events["estimate_low"] / events["estimate_high"]
    width = events["estimate_high"] - events["estimate_low"]
    if math.isclose(value, 1 / expected, rel_tol=1e-6) or math.isclose(value, float(inverse.max()), rel_tol=1e-6):
        raise Mismatch("the ratio is upside down: divide the high bound by the low bound "
                       "(estimate_high / estimate_low), then take the largest.")
    if math.isclose(value, float(width.max()), rel_tol=1e-6):
        raise Mismatch(f"{value:,.0f} is a difference (high - low), in persons. The task asks how many times "
                       "larger the high end is: estimate_high / estimate_low.")
    raise Mismatch(f"widest_ratio is {value:g}; expected the largest estimate_high / estimate_low over the rows "
                   "that have both bounds.")


DEFAULT_LABEL_LIMIT = 180
"""Vega-Lite cuts axis labels longer than this many pixels (its default labelLimit)."""
PIXELS_PER_CHARACTER = 6.5
"""A rough width of one character of a 12 px axis label, to tell which names a label limit cuts alike."""
TASK4_LABEL_LIMIT = 260
"""The y label limit Task 4 asks for: about 40 characters, enough to tell every troop estimator apart."""
TASK4_WIDTH = 280
"""The plot width Task 4 asks for; with labels of TASK4_LABEL_LIMIT px the chart is about 560 px wide."""
MAX_CHART_WIDTH = 600
"""Widest a Task 4 chart may be (plot + labels): JupyterLab's output area is about 840 px at 1,280 px with the
file browser open, and a wider chart hides its right end (the GUR/CNN range; a learner's run, issue 9)."""
DEFAULT_PLOT_WIDTH = 560
"""The course theme's plot width when a chart sets none (coursekit.charts, view.continuousWidth)."""
AXIS_PADDING = 20
"""Ticks and padding between the y labels and the plot, in px (rough)."""


def _cut_names(rows: pd.DataFrame, y: dict[str, Any], encoding: dict[str, Any]) -> str:
    """Advice when two different names on y would look the same once the axis cuts them, else ''."""
    field = y.get("field")
    if field not in rows.columns:
        return ""
    axis = y.get("axis") if isinstance(y.get("axis"), dict) else {}
    limit = axis.get("labelLimit", DEFAULT_LABEL_LIMIT)
    if not isinstance(limit, (int, float)) or limit <= 0:
        return ""
    chars = int(limit / PIXELS_PER_CHARACTER)
    names = sorted(map(str, rows[field].dropna().unique()))
    shown: dict[str, str] = {}
    for name in names:
        label = name if len(name) <= chars else name[:chars] + "…"
        if label in shown:
            return (f"two estimators would look the same on the y axis: labels are cut at {limit:g} px "
                    f"(about {chars} characters), so \"{shown[label]}\" and \"{name}\" both show as \"{label}\". "
                    f"Give y axis=alt.Axis(labelLimit={TASK4_LABEL_LIMIT}, ...) as the task says.")
        shown[label] = name
    return ""


def _plot_width(spec: dict[str, Any], layers: list[dict[str, Any]]) -> Any:
    """The width the chart sets (top level, else the first layer that sets one), or None."""
    for node in [spec, *layers]:
        if isinstance(node, dict) and "width" in node:
            return node["width"]
    return None


def _too_wide(rows: pd.DataFrame, y: dict[str, Any], spec: dict[str, Any], layers: list[dict[str, Any]]) -> str:
    """Advice when the chart would be wider than MAX_CHART_WIDTH px (labels + plot), else ''."""
    width = _plot_width(spec, layers)
    if width is None:
        width = DEFAULT_PLOT_WIDTH
    if not isinstance(width, (int, float)):
        return ""  # 'container' or a step: the chart follows the page
    axis = y.get("axis") if isinstance(y.get("axis"), dict) else {}
    limit = axis.get("labelLimit", DEFAULT_LABEL_LIMIT)
    field = y.get("field")
    longest = rows[field].dropna().astype(str).str.len().max() if field in rows.columns else 0
    labels = min(limit, longest * PIXELS_PER_CHARACTER) if isinstance(limit, (int, float)) and limit > 0 \
        else longest * PIXELS_PER_CHARACTER
    total = labels + AXIS_PADDING + width
    if total <= MAX_CHART_WIDTH:
        return ""
    return (f"the chart would be about {total:,.0f} px wide (names {labels:,.0f} px + plot {width:g} px), wider "
            "than the page leaves when JupyterLab's file browser is open, so its right end (the highest range) "
            f"would be cut off. Keep it within about {MAX_CHART_WIDTH} px, as the task says: "
            f".properties(width={TASK4_WIDTH}) and y axis=alt.Axis(labelLimit={TASK4_LABEL_LIMIT}, ...).")


def expected_troops() -> pd.DataFrame:
    """The rows Task 4 charts: troop figures in russia_dprk_events (in Russia, planned or expected)."""
    events = load("russia_dprk_events")
    return events[events["unit"].fillna("").str.startswith(TROOP_UNITS)]


@checker
def check_range_chart(answer: Any) -> CheckResult:
    """Task 4: a rule from estimate_low to estimate_high per troop figure, with titled axes and a title."""
    layers, spec = checks.require_layers(answer, name="range_plot", start="alt.Chart(troops)", mark="rule")
    rules = [layer for layer in layers if checks.mark_type(layer) == "rule"]
    if not rules:
        marks = sorted({str(checks.mark_type(layer)) for layer in layers})
        raise Mismatch(f"the chart uses mark {marks}; a range is a line from low to high: use .mark_rule() "
                       "with x and x2.")
    encoding = rules[0].get("encoding", {})
    if "y2" in encoding and "x2" not in encoding:
        raise Mismatch("draw the ranges across the page: numbers on x and x2 (estimate_low, estimate_high), "
                       "estimators on y, so the long names stay readable.")
    x, x2, y = encoding.get("x", {}), encoding.get("x2", {}), encoding.get("y", {})
    if not x2:
        raise Mismatch("the rule has no x2, so it has no second end: add x2=\"estimate_high:Q\".")
    ends = {x.get("field"), x2.get("field")}
    if ends != {"estimate_low", "estimate_high"}:
        raise Mismatch(f"the rule runs from {x.get('field')} to {x2.get('field')}; it should run from "
                       "estimate_low (x) to estimate_high (x2).")
    if x.get("type") not in (None, "quantitative"):
        raise Mismatch("estimate_low is a number: encode it as quantitative, \"estimate_low:Q\".")
    if not y.get("field"):
        raise Mismatch("put who estimated on the y axis, e.g. y=\"estimated_by:N\", so the estimators can be read.")
    if y.get("type") == "quantitative":
        raise Mismatch(f"y shows {y['field']} as a number; estimators are categories: \"{y['field']}:N\".")
    missing = [c for c in untitled_channels({"encoding": {k: encoding[k] for k in ("x", "y") if k in encoding}})]
    if missing:
        raise Mismatch(f"give the {' and '.join(missing)} axis a title; x needs the unit, e.g. "
                       "title=\"North Korean troops (persons)\".")
    cut = _cut_names(expected_troops(), y, encoding)
    if cut:
        raise Mismatch(cut)
    wide = _too_wide(expected_troops(), y, spec, layers)
    if wide:
        raise Mismatch(wide)
    if not chart_title(spec):
        raise Mismatch("add a title that says what the chart shows, e.g. "
                       ".properties(title=\"Estimates of North Korean troops sent to Russia\").")
    shells = expected_troops()
    lines = int((shells["estimate_low"] < shells["estimate_high"]).sum())
    message = (f"Right: a line from low to high for each figure with two different bounds ({lines} of the "
               f"{len(shells)} figures). The others draw no line: a single figure has low = high, a floor or "
               "a ceiling has only one bound. That is why the lesson adds a marker for them.")
    repeated = shells[y.get("field")].duplicated().sum() if y.get("field") in shells.columns else 0
    if repeated:
        lands = "lands" if repeated == 1 else "land"
        message += (f" Note: with {y['field']} on y, estimates by the same estimator share one row ({repeated} "
                    f"of them {lands} on a row already in use), so the lesson's labels add "
                    "the date to give each figure its own row.")
    return checks.passed(message)
