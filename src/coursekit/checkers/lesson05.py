"""Checkers for exercises/05-dual-use.ipynb. Expected values are computed from data/, never typed in.

The yardstick rules live in :mod:`coursekit.explorers.trade_yardsticks`, so the lesson, the exercise and these
checkers classify every figure the same way.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from coursekit import checks
from coursekit.charts import chart_title, untitled_channels
from coursekit.checks import PREVIOUS_CELL_FAILED, CheckResult, Mismatch, checker, failed, previous_cell_failed
from coursekit.data import load
from coursekit.explorers.trade_yardsticks import CHINA, DISPATCH, HEADQUARTERS, WESTERN, add_yardsticks

DATASET = "dual_use_trade"
POINT_MARKS = ("point", "circle", "square", "tick")


def _figures() -> pd.DataFrame:
    return add_yardsticks(load(DATASET))


def _ids(frame: pd.DataFrame, name: str) -> set[str]:
    if "id" not in frame.columns:
        raise Mismatch(f"{name} has no 'id' column. Keep whole rows: `raw[mask]`, not a selection of columns.")
    return set(frame["id"].astype(str))


def _listed(ids: set[str]) -> str:
    return ", ".join(sorted(ids))


def _verb(ids: set[str], one: str, many: str) -> str:
    """'du11 counts' for one row, 'du11, du13 count' for several."""
    return f"{_listed(ids)} {one if len(ids) == 1 else many}"


# --------------------------------------------------------------------------- task 1
@checker
def check_dispatch_figures(answer: Any) -> CheckResult:
    """Task 1: every figure counted by dispatch or declared origin (customs data by supplying country)."""
    if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
        raise Mismatch("dispatch is a True/False mask. Use it to pick rows: `raw[mask]`.")
    if isinstance(answer, pd.DataFrame) and answer.empty:
        raise Mismatch("dispatch has 0 rows. `how_measured` holds long sentences, so `== \"country of dispatch\"` "
                       "matches nothing: test for the words inside it with "
                       "`raw[\"how_measured\"].str.contains(\"country of dispatch\")`.")
    frame = checks.require_frame(answer, "dispatch")
    given = _ids(frame, "dispatch")
    figures = _figures()
    expected = set(figures.loc[figures["yardstick"] == DISPATCH, "id"])
    yardstick = figures.set_index("id")["yardstick"]
    extra = given - expected
    brand = {i for i in extra if yardstick.get(i) == HEADQUARTERS}
    if brand:
        their = "its" if len(brand) == 1 else "their"
        raise Mismatch(f"{_verb(brand, 'counts', 'count')} by brand (manufacturer headquarters), even though the word "
                       f"'customs' appears in {their} method. Match 'country of dispatch' rather than 'customs'.")
    if extra:
        raise Mismatch(f"{_verb(extra, 'does', 'do')} not count by dispatch or declared origin (read how_measured). "
                       "Keep only rows whose how_measured contains 'country of dispatch'.")
    missing = expected - given
    origin = {i for i in missing if figures.set_index("id").loc[i, "declared_origin"]}
    if missing:
        why = "Keep every row whose how_measured contains 'country of dispatch', whatever its period or goods."
        in_order = list(figures.loc[figures["yardstick"] == DISPATCH, "id"])
        if given == set(in_order[: len(given)]):
            why += " Did you keep only the first rows (.head())?"
        if origin:
            why = (f"{_verb(origin, 'counts', 'count')} goods declared as Chinese-origin, which the data set groups "
                   "with dispatch ('country of dispatch or origin'). " + why)
        raise Mismatch(f"{_verb(missing, 'is', 'are')} missing. {why}")
    return checks.passed(f"Right: {len(expected)} figures count goods by the supplying country in customs data "
                          "(shipped from, or declared as made in).")


# --------------------------------------------------------------------------- task 2
def _expected_spread() -> pd.DataFrame:
    figures = _figures()
    china = figures[(figures["share_of"] == CHINA) & ~figures["period"].str.startswith("pre-war")]
    china = china.dropna(subset=["share_low_pct"])
    return china.groupby("yardstick")["share_low_pct"].agg(n_figures="count", lowest_pct="min",
                                                           highest_stated_pct="max")


TASK2_BRACKETS = (
    "In this task, a TypeError ending in \"'other' should be pandas.NA or a bool\" means a condition has no "
    "brackets of its own: Python applies & before ==, so write (figures[\"share_of\"] == ...) & ~(...).")


def check_china_spread(answer: Any = ...) -> CheckResult:
    """Task 2: count, lowest and highest stated China share per yardstick, without the pre-war baseline.

    After a failed task cell the usual advice is to read the error's last line; here that line (a TypeError
    about 'pandas.NA or a bool', from a condition without its own brackets) names no cause, so say it
    (a learner's run, final reading)."""
    if previous_cell_failed():
        return failed(f"{PREVIOUS_CELL_FAILED} {TASK2_BRACKETS}")
    return _check_china_spread(answer)


@checker
def _check_china_spread(answer: Any) -> CheckResult:
    frame = checks.require_frame(answer, "china_spread", series_hint="group by yardstick and aggregate "
                                 "share_low_pct into three named columns with `.agg(...)`.")
    if "yardstick" not in frame.columns and frame.index.name == "yardstick":
        frame = frame.reset_index()
    if isinstance(frame.columns, pd.MultiIndex):
        raise Mismatch("china_spread has two levels of column names. Aggregate one column with named results: "
                       "`.groupby(\"yardstick\")[\"share_low_pct\"].agg(n_figures=\"count\", lowest_pct=\"min\", "
                       "highest_stated_pct=\"max\")`.")
    if {"min", "max"} <= set(map(str, frame.columns)):
        raise Mismatch("name the columns n_figures, lowest_pct and highest_stated_pct: "
                       "`.agg(n_figures=\"count\", lowest_pct=\"min\", highest_stated_pct=\"max\")`.")
    if "highest_pct" in frame.columns and "highest_stated_pct" not in frame.columns:
        raise Mismatch("call the top column highest_stated_pct: for a 'more than' figure it is the stated lower "
                       "bound, not the highest share.")
    checks.require_columns(frame, ["yardstick", "n_figures", "lowest_pct", "highest_stated_pct"], "china_spread")
    given = frame.set_index(frame["yardstick"].astype(str))
    if given.index.duplicated().any():
        raise Mismatch("a yardstick appears on more than one row: group by yardstick only.")
    expected = _expected_spread()
    low = pd.to_numeric(given["lowest_pct"], errors="coerce")
    high = pd.to_numeric(given["highest_stated_pct"], errors="coerce")
    count = pd.to_numeric(given["n_figures"], errors="coerce")
    if high.max() <= 1 < expected["highest_stated_pct"].max():
        raise Mismatch("your shares look like fractions (at most 1). The data are in percent: "
                       "use share_low_pct as it is.")
    figures = _figures()
    western = figures[figures["share_of"] == WESTERN]
    if HEADQUARTERS in given.index and high.get(HEADQUARTERS, 0) > expected.loc[HEADQUARTERS, "highest_stated_pct"] \
            and high.get(HEADQUARTERS) in set(western["share_low_pct"]):
        raise Mismatch("the manufacturer HQ row includes Western companies' shares. Keep only rows whose "
                       f"share_of is '{CHINA}'.")
    extra = set(given.index) - set(expected.index)
    if extra:
        raise Mismatch(f"china_spread has rows for {sorted(extra)}, which give no China share: keep only rows "
                       f"whose share_of is '{CHINA}' and that have a share.")
    missing = set(expected.index) - set(given.index)
    if missing:
        raise Mismatch(f"china_spread lacks {sorted(missing)}: China's share is measured that way too.")
    baseline = figures.loc[figures["period"].str.startswith("pre-war"), "share_low_pct"]
    for yardstick, row in expected.iterrows():
        if count[yardstick] < row["n_figures"]:
            raise Mismatch(f"n_figures for '{yardstick}' counts fewer figures than have a share. "
                           "'More than' figures have an empty share_high_pct: summarise share_low_pct.")
        if low[yardstick] != row["lowest_pct"]:
            if low[yardstick] in set(baseline):
                raise Mismatch(f"the lowest '{yardstick}' share is the pre-war baseline (row du09). Leave out rows "
                               "whose period starts with 'pre-war': they describe the time before the invasion.")
            raise Mismatch(f"the lowest share for '{yardstick}' is not right. Use the min of share_low_pct "
                           f"over China's figures (share_of == '{CHINA}').")
        if count[yardstick] != row["n_figures"]:
            raise Mismatch(f"n_figures for '{yardstick}' is not right: count share_low_pct per yardstick "
                           "(`n_figures=\"count\"`), after leaving out the pre-war baseline.")
        if high[yardstick] != row["highest_stated_pct"]:
            raise Mismatch(f"the highest share for '{yardstick}' is not right. Use the max of share_low_pct "
                           "(share_high_pct is empty for 'more than' figures).")
    return checks.passed("Right. China's published shares run from small to very large depending on the yardstick; "
                         "the rows also cover different goods and periods, so this is a spread of figures, "
                         "not one measurement.")


# --------------------------------------------------------------------------- task 3
@checker
def check_top_western(answer: Any) -> CheckResult:
    """Task 3: the Western figures only, largest share first (the top row says who gave the highest)."""
    if isinstance(answer, pd.Series):
        raise Mismatch("western_ranked is a Series: one row (.iloc[0] gives one row) or one column. Keep the whole "
                       "sorted table in western_ranked, and look at its top row with .iloc[0] on a line of its own.")
    frame = checks.require_frame(answer, "western_ranked")
    given = _ids(frame, "western_ranked")
    figures = _figures()
    western = figures[figures["share_of"] == WESTERN]
    with_share = set(western.dropna(subset=["share_low_pct"])["id"])
    china = given - set(western["id"])
    if china:
        raise Mismatch(f"western_ranked includes China's figures ({_listed(china)}). Filter first: "
                       f"`figures[figures[\"share_of\"] == \"{WESTERN}\"]`.")
    missing = with_share - given
    if missing:
        raise Mismatch(f"{_verb(missing, 'is', 'are')} missing: "
                       f"{'it gives' if len(missing) == 1 else 'they give'} a share for Western companies or countries too.")
    shares = pd.to_numeric(frame["share_low_pct"], errors="coerce").dropna() if "share_low_pct" in frame else None
    if shares is None or not shares.is_monotonic_decreasing:
        raise Mismatch("western_ranked is not sorted largest share first: "
                       "`.sort_values(\"share_low_pct\", ascending=False)`.")
    top = western.set_index("id").loc[str(frame["id"].iloc[0])]
    return checks.passed(f"Right: the top row is {frame['id'].iloc[0]}, given by {top['who_said_it']}, "
                         "counting parts by who made them.")


# --------------------------------------------------------------------------- task 4
def _point_layer(answer: Any) -> dict[str, Any]:
    layers, spec = checks.require_layers(answer, name="range_chart", start="alt.Chart(...)", mark="point")
    marks = []
    for layer in layers:
        marks.append(checks.mark_type(layer))
        if marks[-1] in POINT_MARKS:
            merged = dict(spec.get("encoding", {}))
            merged.update(layer.get("encoding", {}))
            return {"encoding": merged, "spec": spec}
    shown = " and ".join(f"'{m}'" for m in marks) or "no mark"
    raise Mismatch(f"the chart draws {shown} marks; draw one dot per figure with .mark_point() "
                   "(bars from zero suggest amounts that add up, which shares of different goods do not).")


@checker
def check_range_chart(answer: Any) -> CheckResult:
    """Task 4: a dot chart of share_low_pct per figure, coloured by yardstick, with titles."""
    found = _point_layer(answer)
    encoding, spec = found["encoding"], found["spec"]
    x, y = encoding.get("x", {}), encoding.get("y", {})
    fields = (x.get("field"), y.get("field"))
    if "share_high_pct" in fields and "share_low_pct" not in fields:
        raise Mismatch("put share_low_pct on the axis: share_high_pct is empty for 'more than' figures, so "
                       "those dots would vanish.")
    if "share_low_pct" not in fields:
        raise Mismatch("put share_low_pct on one axis (x or y), one dot per figure.")
    color = encoding.get("color", {})
    if color.get("field") != "yardstick":
        shown = color.get("field")
        what = f"colour shows {shown}" if shown else "the dots have no colour encoding"
        raise Mismatch(f"{what}; the question is about the method, so colour by yardstick: "
                       "color=alt.Color(\"yardstick:N\", title=...).")
    missing = untitled_channels(spec)
    if missing:
        raise Mismatch(f"give the {' and '.join(missing)} axis a title (with the unit, e.g. \"Share of the goods (%)\").")
    share = x if x.get("field") == "share_low_pct" else y
    share_title = share.get("title") or (share.get("axis") or {}).get("title") or ""
    if "%" not in str(share_title) and "percent" not in str(share_title).lower():
        raise Mismatch(f"the share axis title '{share_title}' has no unit: add it, e.g. \"Share of the goods (%)\".")
    if not chart_title(spec):
        raise Mismatch("add a title that says what the chart shows, e.g. "
                       ".properties(title=\"Published shares of goods for Russia, by how they were measured\").")
    return checks.passed("Right: one dot per figure, coloured by how it was measured.")
