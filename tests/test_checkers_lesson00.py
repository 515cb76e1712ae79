"""Lesson 00's checkers: right answers pass, typical beginner mistakes get specific advice, never a traceback."""
from __future__ import annotations

import altair as alt
import pytest

from coursekit.checkers import lesson00
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load

CLAIMS = load("claims")
RIGHT_TABLE = CLAIMS.groupby("lesson").size().reset_index(name="n_claims")
EMPIRICAL = int((CLAIMS["claim_type"] == "empirical").sum())


def bar(x, y, **props):
    return alt.Chart(CLAIMS).mark_bar().encode(x=x, y=y).properties(**props)


def titled(count_title="Number of claims", type_title="Claim type", title="The article's claims by type"):
    return bar(alt.X("count()", title=count_title), alt.Y("claim_type:N", title=type_title), title=title)


GOOD_CHART = titled()


@pytest.mark.parametrize("check", [lesson00.check_claim_count, lesson00.check_claims_per_lesson,
                                   lesson00.check_claim_type_chart])
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


def test_right_answers_pass():
    assert lesson00.check_claim_count(len(CLAIMS)).passed
    assert lesson00.check_claim_count(CLAIMS.shape[0]).passed
    assert lesson00.check_claims_per_lesson(RIGHT_TABLE).passed
    assert lesson00.check_claims_per_lesson(RIGHT_TABLE.assign(lesson=RIGHT_TABLE["lesson"].astype(int))).passed
    assert lesson00.check_claim_type_chart(GOOD_CHART).passed
    swapped = bar(alt.X("claim_type:N", title="Type of claim"), alt.Y("count()", title="Claims"), title="Claim types")
    assert lesson00.check_claim_type_chart(swapped).passed


@pytest.mark.parametrize("answer, advice", [
    (CLAIMS.shape, ".shape gives (rows, columns)"),
    (CLAIMS.shape[1], "number of columns"),
    (len(CLAIMS) - 1, "If you typed the number in, compute it"),
    (str(len(CLAIMS)), "remove the quotes"),
    (CLAIMS, f"a whole table ({len(CLAIMS)} rows × {CLAIMS.shape[1]} columns)"),
    (CLAIMS.count(), ".count() counts the filled cells of each column"),
    (CLAIMS["claim_type"].value_counts(), "one per claim_type"),
    (EMPIRICAL, f"{EMPIRICAL} is the number of claims with claim_type 'empirical': a filtered count"),
])
def test_claim_count_mistakes(answer, advice):
    result = lesson00.check_claim_count(answer)
    assert result.passed is False and advice in result.message, result.message
    assert "values;" not in result.message  # no "a DataFrame with 300 values" arithmetic for the learner


@pytest.mark.parametrize("answer, advice", [
    (CLAIMS.groupby("lesson").size(), 'reset_index(name='),
    (CLAIMS["lesson"].value_counts().reset_index(), "{'count': 'n_claims'}"),
    (CLAIMS.groupby("lesson").size().reset_index(), 'reset_index(name="n_claims") instead of .reset_index()'),
    (CLAIMS.groupby("lesson").size().reset_index(), "called 0; name it 'n_claims'"),
    (CLAIMS.groupby("lesson").size().reset_index(name="count"), "called 'count'"),
    (CLAIMS.groupby("lesson").agg(n=("claim_id", "count")).reset_index(), "{'n': 'n_claims'}"),
    (CLAIMS.assign(n_claims=1)[["lesson", "n_claims"]], "appears on more than one row"),
    (CLAIMS.groupby(["lesson", "claim_type"]).size().reset_index(name="n_claims"), "group by lesson only"),
    (RIGHT_TABLE.iloc[1:], "expected"),
    (RIGHT_TABLE.assign(n_claims=RIGHT_TABLE["n_claims"] + 1), "does not match the claims table"),
    (RIGHT_TABLE.assign(n_claims="many"), "not numbers"),
])
def test_claims_per_lesson_mistakes(answer, advice):
    result = lesson00.check_claims_per_lesson(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    # lesson in the index: the fix is reset_index, not a rename
    (CLAIMS.groupby("lesson").size().to_frame("n_claims"), "has lesson as its index"),
    (CLAIMS.groupby("lesson").count(), "has lesson as its index"),
    # .count() gives one count per column: the fix is .size(), not a rename
    (CLAIMS.groupby("lesson").count().reset_index(), "Use .size()"),
    (CLAIMS.groupby("claim_type").size().reset_index(name="n_claims"), "grouped by 'claim_type', not by lesson"),
    (CLAIMS[["lesson"]].drop_duplicates(), "only the lesson column"),
])
def test_claims_per_lesson_never_suggests_a_rename_that_does_not_fix_it(answer, advice):
    result = lesson00.check_claims_per_lesson(answer)
    assert result.passed is False and advice in result.message, result.message
    assert ".rename(" not in result.message


@pytest.mark.parametrize("answer, advice", [
    (alt.Chart(CLAIMS), "no mark yet"),
    (alt.Chart(CLAIMS).mark_line().encode(x="count()", y="claim_type:N"), "mark 'line'"),
    (bar(alt.X("claim_id:N", title="Claim"), alt.Y("claim_type:N", title="Type"), title="T"), "shows claim_id"),
    (bar(alt.X("count()", title="Number of claims"), alt.Y("lesson:N", title="Lesson"), title="T"), "neither axis"),
    (bar(alt.X("sum(lesson):Q", title="S"), alt.Y("claim_type:N", title="Type"), title="T"), "should count"),
    (bar("count()", alt.Y("claim_type:N", title="Type"), title="T"), "x (count)"),
    (bar("count()", alt.Y("claim_type:N", title="Type"), title="T"), 'e.g. title="Number of claims"'),
    (bar(alt.X("count()", title="Number of claims"), "claim_type:N", title="T"), 'e.g. title="Claim type"'),
    (bar(alt.X("count()", title="Number of claims"), alt.Y("claim_type:N", title="Claim type")), "Add a title"),
    (GOOD_CHART + GOOD_CHART, "not a layered"),
    ("a chart", "expected an Altair chart"),
])
def test_chart_mistakes(answer, advice):
    result = lesson00.check_claim_type_chart(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (titled("...", "...", "..."), "y axis title '...' is a placeholder"),
    (titled(type_title="claim_type"), "y axis title 'claim_type' is a placeholder or a column name"),
    (titled(count_title="x"), "x axis title 'x' is a placeholder"),
    (titled(count_title="Count"), "does not say what is counted"),
    (titled(title="T"), "The chart title 'T' is a placeholder"),
    (titled(title="Title"), "The chart title 'Title' is a placeholder"),
    (titled(title="..."), "The chart title '...' is a placeholder"),
])
def test_chart_placeholder_titles_are_refused(answer, advice):
    result = lesson00.check_claim_type_chart(answer)
    assert result.passed is False and advice in result.message, result.message


def test_an_invalid_chart_setting_gets_one_line_not_a_schema_dump():
    chart = bar(alt.X("count()", axis="Number of claims"), alt.Y("claim_type:N", title="Claim type"), title="Claims")
    result = lesson00.check_claim_type_chart(chart)
    assert result.passed is False
    assert "Altair cannot draw this chart" in result.message and "'axis'" in result.message, result.message
    assert "could not be checked" not in result.message and "\n" not in result.message
    assert "Traceback" not in result.message


@pytest.mark.parametrize("title", ["Chart title here", "Your chart title", "Write your title here", "My title",
                                   "Title of the chart", "TODO"])
def test_chart_titles_that_only_say_a_title_goes_here_are_refused(title):
    result = lesson00.check_claim_type_chart(titled(title=title))
    assert result.passed is False and f"The chart title '{title}' is a placeholder" in result.message, result.message


@pytest.mark.parametrize("title", ["Claims by type", "Claim types", "The article's claims by type"])
def test_short_real_chart_titles_pass(title):
    assert lesson00.check_claim_type_chart(titled(title=title)).passed


@pytest.mark.parametrize("axis_title", ["Axis title", "x axis label"])
def test_axis_titles_that_only_say_a_title_goes_here_are_refused(axis_title):
    result = lesson00.check_claim_type_chart(titled(type_title=axis_title))
    assert result.passed is False and "is a placeholder" in result.message, result.message


def test_the_hint_copied_with_python_ellipsis_gets_a_plain_message():
    # what a learner gets by copying `title=...` from the hint literally: no schema dump, the fix in words
    chart = alt.Chart(CLAIMS).mark_bar().encode(x=alt.X("count()", title=...), y=alt.Y("claim_type:N", title=...))
    result = lesson00.check_claim_type_chart(chart)
    assert result.passed is False
    assert "... (Python's placeholder)" in result.message and 'title="Number of claims"' in result.message
    assert "Multiple errors" not in result.message and "\n" not in result.message


def test_an_altair_error_is_never_cut_mid_sentence():
    chart = titled().encode(x=alt.X("count()", title="Number of claims", sort="Compare"))
    result = lesson00.check_claim_type_chart(chart)
    assert result.passed is False
    assert "'Compare' is an invalid value for 'sort'." in result.message, result.message
    assert "Valid values are:" not in result.message and "\n" not in result.message


@pytest.mark.parametrize("answer", [CLAIMS.groupby("lesson").size(), CLAIMS["lesson"].value_counts()])
def test_a_series_of_counts_is_told_the_exact_name(answer):
    result = lesson00.check_claims_per_lesson(answer)
    assert result.passed is False and '.reset_index(name="n_claims")' in result.message, result.message
    assert 'name="..."' not in result.message
    assert lesson00.check_claims_per_lesson(answer.reset_index(name="n_claims")).passed


def test_the_claim_count_messages_quote_no_fixed_number():
    # a typed-in number gets the "compute it" advice, whatever the table's size is today
    for typed in (300, 29, 0):
        message = lesson00.check_claim_count(typed).message
        if typed != len(CLAIMS):
            assert "compute it instead" in message and "300 values" not in message, message


def test_counting_a_column_with_empty_cells_is_told_that_count_skips_them():
    """groupby(...)[column].count() misses claims whose column is empty (a learner counted `datasets`)."""
    answer = CLAIMS.groupby("lesson")["datasets"].count().reset_index(name="n_claims")
    assert CLAIMS["datasets"].isna().any(), "no claim without data sets any more: pick another column"
    result = lesson00.check_claims_per_lesson(answer)
    assert result.passed is False and ".count() skips empty cells" in result.message, result.message
    assert "Use .size()" in result.message, result.message


def test_every_title_problem_is_named_in_one_run():
    """The hint's "..." left in all three titles: one run names all three (a learner needed three runs)."""
    message = lesson00.check_claim_type_chart(titled("Count", "...", "...")).message
    for part in ("3 titles to fix", "y axis title '...'", "does not say what is counted", "chart title '...'"):
        assert part in message, message


# ------------------------------------------------------------------ the lesson's source trace
def _names(publisher: str) -> set[str]:
    """An outlet's names as text may give them: 'China Pulse (Xinhua text)' -> China Pulse, Xinhua."""
    import re
    names = {re.sub(r"\s*\(.*\)$", "", publisher).strip()}
    for inner in re.findall(r"\(([^)]*)\)", publisher):
        inner = re.sub(r"^(citing|via)\s+|\s+text$", "", inner.strip())
        names.add(inner)
    return {n for n in names if len(n) >= 3 and n[0].isupper()}  # a proper name, not "(news)" or "(2024)"


def test_the_vostok_trace_names_only_sources_of_the_row():
    """The text under the Vostok-2018 trace names sources by publisher; every one it names must be among the
    row's sources (it once said "the last row", which a later data edit made false)."""
    import json
    import re
    from pathlib import Path

    cells = json.loads((Path(__file__).parents[1] / "notebooks" / "00-start-here.ipynb").read_text())["cells"]
    trace = next(i for i, c in enumerate(cells) if "vostok_sources" in "".join(c["source"]))
    text = " ".join("".join(cells[trace + 1]["source"]).split())  # a name may break across lines
    assert cells[trace + 1]["cell_type"] == "markdown"
    row = load("joint_exercises").set_index("exercise_id").loc["ex-2018-vostok"]
    sources = load("sources").set_index("source_id")
    row_names = set().union(*(_names(p) for p in sources.loc[row["source_id"].split(";"), "publisher"]))
    all_names = set().union(*(_names(p) for p in sources["publisher"]))
    named = {n for n in all_names if re.search(rf"(?<![\w-]){re.escape(n)}(?![\w-])", text)}
    assert len(named) >= 4, f"the trace text should name the row's sources by publisher; found {named}"
    strangers = named - row_names
    assert not strangers, f"the trace text names {sorted(strangers)}, which are not sources of the Vostok-2018 row"
    positional = re.findall(r"\b(?:first|second|third|fourth|fifth|sixth|last) (?:row|source)\b|\b(?:five|six|seven) "
                            r"(?:rows|sources)\b", text, flags=re.I)
    assert not positional, f"name rows by publisher, not by position or count: {positional}"



_COUNT, _TABLE, _CHART = lesson00.check_claim_count, lesson00.check_claims_per_lesson, lesson00.check_claim_type_chart
_WRONG_ANSWERS = [
    (_COUNT, CLAIMS.shape), (_COUNT, CLAIMS.count()), (_COUNT, len(CLAIMS) - 1), (_COUNT, CLAIMS.shape[1]),
    (_TABLE, CLAIMS.groupby("lesson").size().reset_index()), (_TABLE, CLAIMS.groupby("lesson").size().to_frame("n")),
    (_TABLE, CLAIMS[["lesson"]].drop_duplicates()), (_TABLE, CLAIMS.groupby("lesson").count().reset_index()),
    (_TABLE, RIGHT_TABLE.assign(n_claims="many")), (_TABLE, CLAIMS.groupby("claim_type").size().reset_index()),
    (_TABLE, CLAIMS.assign(n_claims=1)[["lesson", "n_claims"]]),
    (_CHART, bar(alt.X("count()", title="Number of claims"), alt.Y("claim_type:N", title="Claim type"))),
    (_CHART, titled("...", "...", "...")), (_CHART, titled(title="...")),
    (_CHART, bar(alt.X("sum(lesson):Q", title="S"), alt.Y("claim_type:N", title="Type"), title="T")),
]


@pytest.mark.parametrize("check, answer", _WRONG_ANSWERS, ids=range(len(_WRONG_ANSWERS)))
def test_messages_are_plain_text_sentences(check, answer):
    """Check messages are shown as plain text: a backtick shows literally, and a sentence starts with a capital
    (or with the name of a variable the learner made, such as n_claims)."""
    message = check(answer).message
    assert "`" not in message, message
    first = message.lstrip("❌ℹ️✅ \ufe0f").split()[0]
    assert first[0].isupper() or first[0].isdigit() or first in {"n_claims", "claims_per_lesson", "claim_type"}, message
