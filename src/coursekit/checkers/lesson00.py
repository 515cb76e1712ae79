"""Checkers for exercises/00-start-here.ipynb. Expected values are computed from data/, never typed in."""
from __future__ import annotations

from typing import Any

import pandas as pd

from coursekit import checks
from coursekit.charts import untitled_channels
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load


@checker
def check_claim_count(answer: Any) -> CheckResult:
    """Task 1: the number of claims in the `claims` data set."""
    claims = load("claims")
    if isinstance(answer, tuple):
        raise Mismatch("n_claims is a tuple: `.shape` gives (rows, columns). "
                       "Use `claims.shape[0]` or `len(claims)` for the number of rows.")
    value = checks.require_number(answer, "n_claims")
    if value == claims.shape[1] and value != len(claims):
        raise Mismatch(f"{value:g} is the number of columns. Use len(claims) or claims.shape[0] for rows.")
    if value != len(claims):
        raise Mismatch(f"n_claims is {value:g}, but the claims table has a different number of rows. "
                       "Count every row, with no filter: len(claims).")
    return checks.passed(f"Right: the course tests {len(claims)} claims from the article.")


@checker
def check_claims_per_lesson(answer: Any) -> CheckResult:
    """Task 2: a table with one row per lesson and the number of claims it tests."""
    frame = checks.require_frame(answer, "claims_per_lesson")
    checks.require_named_count(frame, "n_claims")
    checks.require_columns(frame, ["lesson", "n_claims"], "claims_per_lesson")
    lessons = frame["lesson"].astype(str).str.zfill(2)
    if lessons.duplicated().any():
        raise Mismatch(f"lesson {lessons[lessons.duplicated()].iloc[0]} appears on more than one row; "
                       "group by lesson so each lesson has one row.")
    expected = load("claims").groupby("lesson").size()
    checks.require_rows(frame, len(expected), f"one row per lesson that tests a claim ({len(expected)} lessons)",
                        "claims_per_lesson")
    given = pd.Series(pd.to_numeric(frame["n_claims"], errors="coerce").to_numpy(), index=lessons)
    for lesson, count in expected.items():
        if lesson not in given.index:
            raise Mismatch(f"lesson {lesson} is missing from claims_per_lesson.")
        if given[lesson] != count:
            raise Mismatch(f"the count for lesson {lesson} is {given[lesson]}; count the claims whose "
                           "`lesson` is that number (groupby + size).")
    return checks.passed("Right: every lesson and its number of claims.")


def _is_count(encoding: dict[str, Any]) -> bool:
    return encoding.get("aggregate") == "count"


@checker
def check_claim_type_chart(answer: Any) -> CheckResult:
    """Task 3: an Altair bar chart of the number of claims by type, with titles."""
    spec = checks.require_chart(answer, mark="bar", start="alt.Chart(claims)", why=" for counts by category")
    encoding = spec.get("encoding", {})
    x, y = encoding.get("x", {}), encoding.get("y", {})
    if "claim_type" not in (x.get("field"), y.get("field")):
        raise Mismatch("put claim_type on one axis (x or y).")
    other = y if x.get("field") == "claim_type" else x
    if not _is_count(other):
        shown = other.get("field") or other.get("aggregate") or "nothing"
        raise Mismatch(f"the other axis shows {shown}; it should count the claims: alt.X(\"count()\", ...) "
                       "(or alt.Y if claim_type is on x).")
    missing = untitled_channels(spec)
    if missing:
        names = [f"{c} ({encoding[c].get('field') or encoding[c].get('aggregate')})" for c in missing]
        raise Mismatch(f"give the {' and '.join(names)} axis a title with units, e.g. title=\"Number of claims\".")
    if not spec.get("title"):
        raise Mismatch("add a title: .properties(title=\"...\").")
    return checks.passed("Right: a titled bar chart of the number of claims by type.")
