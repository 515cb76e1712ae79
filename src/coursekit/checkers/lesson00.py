"""Checkers for exercises/00-start-here.ipynb. Expected values are computed from data/, never typed in.

Every message is computed from the learner's answer and today's data (no sizes or counts typed here, so
none goes stale), names the fix that works for that answer, and never shows a traceback.
"""
from __future__ import annotations

import re
from typing import Any

import altair as alt
import pandas as pd

from coursekit import checks
from coursekit.charts import title_text, untitled_channels
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load

COUNT_TIP = "Count every row, with no filter: len(claims)."


@checker
def check_claim_count(answer: Any) -> CheckResult:
    """Task 1: the number of claims in the `claims` data set."""
    claims = load("claims")
    rows, columns = claims.shape
    if isinstance(answer, tuple):
        raise Mismatch("n_claims is a tuple: .shape gives (rows, columns). "
                       "Use claims.shape[0] or len(claims) for the number of rows.")
    if isinstance(answer, pd.DataFrame):
        raise Mismatch(f"n_claims is a whole table ({answer.shape[0]} rows × {answer.shape[1]} columns), "
                       f"not one number. {COUNT_TIP}")
    if isinstance(answer, pd.Series) and answer.size > 1:
        if list(answer.index) == list(claims.columns):
            what = "one value per column: .count() counts the filled cells of each column separately"
        else:
            what = f"{answer.size} values, one per {answer.index.name or 'row'}"
        raise Mismatch(f"n_claims is a Series ({what}); expected one number. {COUNT_TIP}")
    value = checks.require_number(answer, "n_claims")
    if value == rows:
        return checks.passed(f"Right: the course tests {rows} claims from the article.")
    if value == columns:
        raise Mismatch(f"{value:g} is the number of columns. Use len(claims) or claims.shape[0] for rows.")
    for column in ("claim_type", "lesson"):
        counts = claims[column].value_counts()
        match = counts[counts == value]
        if len(match):
            raise Mismatch(f"{value:g} is the number of claims with {column} '{match.index[0]}': a filtered "
                           f"count. {COUNT_TIP}")
    raise Mismatch(f"n_claims is {value:g}, but the claims table has a different number of rows. If you typed "
                   f"the number in, compute it instead, so it stays right when the data change. {COUNT_TIP}")


_NAME_IT = ".reset_index(name=\"n_claims\")"


def _count_table_problem(frame: pd.DataFrame) -> str | None:
    """Advice for the usual wrong shapes of a per-lesson count; None when the shape is right."""
    columns = [str(c) for c in frame.columns]
    index_names = [str(n) for n in frame.index.names if n is not None]
    if "lesson" not in columns:
        if "lesson" in index_names:
            return ("The table has lesson as its index, not as a column. Build the table with "
                    f"claims.groupby(\"lesson\").size(){_NAME_IT}, which makes both columns.")
        grouped = [c for c in columns + index_names if c in load("claims").columns]
        if grouped:
            return (f"The table is grouped by {grouped[0]!r}, not by lesson: use "
                    f"claims.groupby(\"lesson\").size(){_NAME_IT}.")
        return f"claims_per_lesson needs a lesson column: claims.groupby(\"lesson\").size(){_NAME_IT}."
    others = [c for c in columns if c != "lesson"]
    if "n_claims" in others:
        return None
    if len(others) > 1:
        return (f"The table has {len(frame.columns)} columns: .count() counts each column separately. "
                f"Use .size() for the number of rows per lesson: claims.groupby(\"lesson\").size(){_NAME_IT}.")
    if len(others) == 1:
        name = frame.columns[columns.index(others[0])]
        if name == 0:  # .size().reset_index() without a name: the task's own hint gives the one fix
            return (f"The count column is called 0; name it 'n_claims' when you make the table: "
                    f"{_NAME_IT} instead of .reset_index().")
        return (f"The count column is called {name!r}; name it 'n_claims': "
                f".rename(columns={{{name!r}: 'n_claims'}}).")
    return f"claims_per_lesson has only the lesson column; add the counts: .size(){_NAME_IT}."


@checker
def check_claims_per_lesson(answer: Any) -> CheckResult:
    """Task 2: a table with one row per lesson and the number of claims it tests."""
    frame = checks.require_frame(answer, "claims_per_lesson", series_hint=(
        f"Add {_NAME_IT} after the count: it turns the counts into a table with the columns lesson "
        "and n_claims."))
    problem = _count_table_problem(frame)
    if problem:
        raise Mismatch(problem)
    lessons = frame["lesson"].astype(str).str.zfill(2)
    if lessons.duplicated().any():
        raise Mismatch(f"Lesson {lessons[lessons.duplicated()].iloc[0]} appears on more than one row; "
                       "group by lesson only, so each lesson has one row.")
    counts = pd.to_numeric(frame["n_claims"], errors="coerce")
    if counts.isna().any():
        raise Mismatch("Some n_claims values are not numbers; .size() gives whole numbers.")
    expected = load("claims").groupby("lesson").size()
    checks.require_rows(frame, len(expected), f"one row per lesson that tests a claim ({len(expected)} lessons)",
                        "claims_per_lesson")
    given = pd.Series(counts.to_numpy(), index=lessons)
    claims = load("claims")
    if not given.reindex(expected.index).equals(expected.astype(given.dtype)):
        for column in claims.columns:
            filled = claims.groupby("lesson")[column].count()
            if (filled != expected).any() and given.reindex(filled.index).tolist() == filled.tolist():
                empty = claims.loc[claims[column].isna(), "claim_id"].tolist()
                raise Mismatch(f"These are counts of filled {column} cells: .count() skips empty cells, and "
                               f"{column} is empty for {', '.join(empty[:3])}{' and others' if len(empty) > 3 else ''}. "
                               f"Use .size(), which counts every row: claims.groupby(\"lesson\").size(){_NAME_IT}.")
    for lesson, count in expected.items():
        if lesson not in given.index:
            raise Mismatch(f"Lesson {lesson} is missing from claims_per_lesson.")
        if given[lesson] != count:
            raise Mismatch(f"Your count for lesson {lesson} is {given[lesson]:g}, which does not match the claims "
                           "table. Check that you counted every row of each lesson, with no filter first and no "
                           f"number typed in: claims.groupby(\"lesson\").size(){_NAME_IT}.")
    return checks.passed("Right: every lesson and its number of claims.")


PLACEHOLDERS = {"x", "y", "t", "xxx", "count()"}
# Words that only say "a title goes here": a title made of nothing else ("Chart title here", "Your title",
# "Write the axis label", "TODO") tells a reader nothing about the chart.
FILLER_WORDS = {"title", "titles", "chart", "graph", "plot", "figure", "axis", "axes", "label", "labels", "text",
                "here", "your", "my", "the", "a", "an", "of", "this", "write", "put", "add", "insert", "enter", "goes",
                "go", "new", "some", "something", "words", "placeholder", "todo", "tbd",
                "fixme", "x", "y", "in", "for", "to"}


def _placeholder(title: str) -> bool:
    """True for a title that says nothing to a reader: '...', 'Title', 'x', 'TODO', a lone letter."""
    words = re.findall(r"[^\W\d_]{2,}", title)
    if not words or title.strip(" .…").lower() in PLACEHOLDERS:
        return True
    return all(word.lower() in FILLER_WORDS for word in re.findall(r"[^\W\d_]+", title))


def _axis_title(encoding: dict[str, Any]) -> str:
    axis = encoding.get("axis")
    if isinstance(axis, dict) and axis.get("title"):
        return title_text(axis["title"])
    return title_text(encoding.get("title"))


def _is_count(encoding: dict[str, Any]) -> bool:
    return encoding.get("aggregate") == "count"


def _first_line(error: Exception) -> str:
    """The first complete sentence of an Altair schema error, without its list of valid values.

    Altair's message may start "Multiple errors were found." (then "Error 1: ..." lines) or end its first
    line with "Valid values are:" followed by a list; neither is useful cut off mid-sentence.
    """
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    if not lines:
        return type(error).__name__
    first = next((line for line in lines if line.startswith("Error 1:")), lines[0])
    first = re.sub(r"^Error 1:\s*", "", first)
    first = re.sub(r"\s*Valid values are:?$", "", first).replace("`", "'")  # plain text shows backticks literally
    if not first.endswith((".", "!", "?")):
        first += "."
    return first if len(first) <= 160 else first[:157] + "..."


def _has_ellipsis(value: Any) -> bool:
    """True if Python's `...` placeholder is still somewhere in a chart's settings."""
    if value is Ellipsis:
        return True
    if isinstance(value, dict):
        return any(_has_ellipsis(v) for v in value.values())
    if isinstance(value, (list, tuple)):
        return any(_has_ellipsis(v) for v in value)
    return False


@checker
def check_claim_type_chart(answer: Any) -> CheckResult:
    """Task 3: an Altair bar chart of the number of claims by type, with titles that say something."""
    if isinstance(answer, alt.Chart) and isinstance(answer.mark, (str, alt.MarkDef)):
        try:
            unchecked = answer.to_dict(validate=False)
        except Exception:  # noqa: BLE001 - the validating call below explains what is wrong
            unchecked = {}
        if _has_ellipsis(unchecked):
            raise Mismatch("A setting is still ... (Python's placeholder), not a title. Replace each ... with "
                           "words in quotes, e.g. title=\"Number of claims\" for the count axis.")
        try:
            answer.to_dict()
        except Exception as error:  # noqa: BLE001 - Altair's schema errors are long; give the first line
            raise Mismatch("Altair cannot draw this chart: one of its settings is not valid. First problem: "
                           f"{_first_line(error)} Compare each argument with the hint above the task.") from None
    spec = checks.require_chart(answer, mark="bar", start="alt.Chart(claims)", why=" for counts by category")
    encoding = spec.get("encoding", {})
    x, y = encoding.get("x", {}), encoding.get("y", {})
    if "claim_type" not in (x.get("field"), y.get("field")):
        raise Mismatch("claim_type is on neither axis: put it on one, e.g. y=alt.Y(\"claim_type:N\", title=...), "
                       "and the count on the other.")
    other = y if x.get("field") == "claim_type" else x
    if not _is_count(other):
        shown = other.get("field") or other.get("aggregate") or "nothing"
        raise Mismatch(f"The other axis shows {shown}; it should count the claims: alt.X(\"count()\", ...) "
                       "(or alt.Y if claim_type is on x).")
    problems = []  # every title problem at once, so a learner fixes them in one run (a learner needed three)
    missing = untitled_channels(spec, placeholders_count=False)
    if missing:
        names = [f"{c} ({encoding[c].get('field') or encoding[c].get('aggregate')})" for c in missing]
        example = "Number of claims" if any(_is_count(encoding[c]) for c in missing) else "Claim type"
        problems.append(f"Give the {' and '.join(names)} axis a title in words (with the unit for a count), "
                        f"e.g. title=\"{example}\"")
    count_channel = "x" if other is x else "y"
    type_channel = "y" if count_channel == "x" else "x"
    for channel, enc in ((type_channel, encoding.get(type_channel, {})), (count_channel, other)):
        if channel in missing:
            continue
        title = _axis_title(enc)
        if _placeholder(title) or title == enc.get("field"):
            example = "Number of claims" if enc is other else "Claim type"
            problems.append(f"The {channel} axis title '{title}' is a placeholder or a column name; write what "
                            f"the axis shows in words, e.g. \"{example}\"")
        elif enc is other and "claim" not in title.lower():
            problems.append(f"The {count_channel} axis title '{title}' does not say what is counted; give the "
                            "unit: \"Number of claims\"")
    chart_title = title_text(spec.get("title"))
    if not chart_title:
        problems.append("Add a title that says what the chart shows, with .properties(title=...)")
    elif _placeholder(chart_title):
        problems.append(f"The chart title '{chart_title}' is a placeholder; say what the chart shows, e.g. "
                        "\"The article's claims by type\"")
    if len(problems) == 1:
        raise Mismatch(problems[0] + ".")
    if problems:
        raise Mismatch(f"{len(problems)} titles to fix: " + " ".join(f"({n}) {p}." for n, p in enumerate(problems, 1)))
    return checks.passed("Right: a titled bar chart of the number of claims by type.")
