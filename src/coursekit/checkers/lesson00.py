"""Checkers for exercises/00-start-here.ipynb. Expected values are computed from data/, never typed in."""
from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd

from coursekit import checks
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load


@checker
def check_claim_count(answer: Any) -> CheckResult:
    """Task 1: the number of claims in the `claims` data set."""
    value = checks.require_number(answer, "n_claims")
    expected = len(load("claims"))
    if value != expected:
        hint = " That is the number of columns: use len(claims) or claims.shape[0]." if value == load(
            "claims").shape[1] else ""
        raise Mismatch(f"n_claims is {value:g}, but the claims table has a different number of rows.{hint}")
    return checks.passed(f"Right: the course tests {expected} claims from the article.")


@checker
def check_claims_per_lesson(answer: Any) -> CheckResult:
    """Task 2: a table with one row per lesson and the number of claims it tests."""
    frame = checks.require_frame(answer, "claims_per_lesson")
    checks.require_columns(frame, ["lesson", "n_claims"], "claims_per_lesson")
    expected = load("claims").groupby("lesson").size()
    checks.require_rows(frame, len(expected), f"one row per lesson that tests a claim ({len(expected)} lessons)",
                        "claims_per_lesson")
    given = frame.assign(lesson=frame["lesson"].astype(str).str.zfill(2)).set_index("lesson")["n_claims"]
    for lesson, count in expected.items():
        if lesson not in given.index:
            raise Mismatch(f"lesson {lesson} is missing from claims_per_lesson.")
        if pd.to_numeric(given[lesson]) != count:
            raise Mismatch(f"the count for lesson {lesson} is {given[lesson]}; count the claims whose "
                           "`lesson` is that number (groupby + size).")
    return checks.passed("Right: every lesson and its number of claims.")


@checker
def check_claim_type_chart(answer: Any) -> CheckResult:
    """Task 3: an Altair bar chart of claims by type, with axis titles."""
    if not isinstance(answer, alt.TopLevelMixin):
        raise Mismatch(f"chart is a {type(answer).__name__}; expected an Altair chart (alt.Chart(...)).")
    spec = answer.to_dict()
    mark = spec.get("mark")
    mark_type = mark.get("type") if isinstance(mark, dict) else mark
    if mark_type != "bar":
        raise Mismatch(f"the chart uses mark '{mark_type}'; use .mark_bar() for counts by category.")
    encoding = spec.get("encoding", {})
    fields = {channel: enc.get("field") for channel, enc in encoding.items() if isinstance(enc, dict)}
    if "claim_type" not in (fields.get("x"), fields.get("y")):
        raise Mismatch("put claim_type on one axis (x or y).")
    from coursekit.charts import untitled_channels
    missing = untitled_channels(spec)
    if missing:
        raise Mismatch(f"give the {' and '.join(missing)} axis a title, e.g. alt.Y('count()', title='Number of claims').")
    if not spec.get("title"):
        raise Mismatch("add a title: .properties(title='...').")
    return checks.passed("Right: a titled bar chart of claims by type.")
