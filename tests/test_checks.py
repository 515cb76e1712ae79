"""Checker building blocks: specific messages, never a traceback."""
from __future__ import annotations

import re

import altair as alt
import numpy as np
import pandas as pd
import pytest

from coursekit import checks
from coursekit.checks import CheckResult, Mismatch, checker


@checker
def check_total(answer):
    value = checks.require_number(answer, "total")
    checks.require_close(value, 10.0, 0.01, "the total")
    return checks.passed("Right total.")


@checker
def check_table(answer):
    frame = checks.require_frame(answer, "table")
    checks.require_columns(frame, ["year", "value"], "table")
    checks.require_rows(frame, 3, "one row per year 2022-2024", "table")
    return checks.passed("Right table.")


def test_placeholder_is_not_attempted():
    result = check_total(...)
    assert result.passed is None and result.message == checks.NOT_ATTEMPTED
    assert check_total().passed is None


@pytest.mark.parametrize(
    "answer, expected",
    [
        (10.0, "\u2705 Right total."),
        (np.float64(10.0), "\u2705 Right total."),
        (12, "12 is too high for the total"),
        ("10", "text '10'; expected a number. It looks like a number in quotes"),
        ("ten", "text 'ten'; expected a number."),
        (True, "True (a True/False value)"),
        (float("nan"), "NaN (missing)"),
        (float("inf"), "infinite"),
        (None, "None (did your code"),
        ([10], "a list; expected a number"),
        (pd.Series([10.0]), "one-value Series; take the number out with .item()"),
        (pd.DataFrame({"a": [1, 2]}), "DataFrame with 2 values"),
    ],
)
def test_number_messages(answer, expected):
    result = check_total(answer)
    assert expected in result.message
    assert result.passed is (expected.startswith("\u2705"))


@pytest.mark.parametrize(
    "answer, expected",
    [
        (pd.DataFrame({"year": [1, 2, 3], "value": [1, 2, 3]}), "Right table"),
        (pd.DataFrame(columns=["year", "value"]), "empty table (0 rows)"),
        (pd.DataFrame({"year": [1], "v": [1]}), "missing: ['value']"),
        (pd.DataFrame({"year": range(10), "value": range(10)}), "has 10 rows; expected 3: one row per year 2022-2024"),
        (pd.Series([1, 2]), "is a Series (one column). Expected a DataFrame"),
        ({"year": [1]}, "a dict; expected a pandas DataFrame"),
    ],
)
def test_frame_messages(answer, expected):
    assert expected in check_table(answer).message


def test_unexpected_errors_become_messages():
    @checker
    def fragile(answer):
        return answer["missing key"]

    result = fragile({})
    assert result.passed is False and "could not be checked (KeyError" in result.message


def test_result_prints_its_message():
    assert repr(CheckResult(True, "\u2705 ok")) == "\u2705 ok"
    assert not CheckResult(None, "x") and CheckResult(True, "y")


def test_mismatch_is_a_failed_result():
    @checker
    def strict(answer):
        raise Mismatch("specific problem")

    assert strict(1) == CheckResult(False, "\u274c specific problem")


def test_require_chart_names_the_problem_and_returns_the_spec():
    import altair as alt

    frame = pd.DataFrame({"year": [2024], "n": [3]})
    bar = alt.Chart(frame).mark_bar().encode(x="year:O", y="n:Q")
    assert checks.require_chart(bar, mark="bar", start="alt.Chart(t)")["mark"] in ("bar", {"type": "bar"})
    for answer, expected in [
        (bar + bar, "not a layered or combined one: alt.Chart(t).mark_bar()"),
        ("chart", "chart is a str; expected an Altair chart made with alt.Chart(t)."),
        (alt.Chart(frame), "has no mark yet: add .mark_bar()"),
        (alt.Chart(frame).mark_line(), "uses mark 'line'; use .mark_bar() for counts"),
    ]:
        with pytest.raises(checks.Mismatch, match=re.escape(expected)):
            checks.require_chart(answer, mark="bar", start="alt.Chart(t)", why=" for counts")


@pytest.mark.parametrize("default", ["count", 0, "size"])
def test_require_named_count_says_how_to_rename_pandas_default(default):
    frame = pd.DataFrame({"lesson": ["01"], default: [2]})
    with pytest.raises(checks.Mismatch, match=re.escape(f"called {default!r}; name it 'n_claims'")):
        checks.require_named_count(frame, "n_claims")
    checks.require_named_count(frame.rename(columns={default: "n_claims"}), "n_claims")  # no complaint


def test_require_layers_accepts_a_chart_or_a_layer_and_names_other_problems():
    import altair as alt

    frame = pd.DataFrame({"a": [1], "b": [2]})
    rule = alt.Chart(frame).mark_rule().encode(x="a:Q", x2="b:Q")
    dots = alt.Chart(frame).mark_point().encode(x="a:Q")
    layers, _spec = checks.require_layers(rule + dots, name="c", start="alt.Chart(t)", mark="rule")
    assert [checks.mark_type(layer) for layer in layers] == ["rule", "point"]
    assert [checks.mark_type(layer) for layer in
            checks.require_layers(rule, name="c", start="alt.Chart(t)", mark="rule")[0]] == ["rule"]
    for answer, expected in [
        (alt.hconcat(rule, dots), "not a combined or faceted one"),
        (3, "c is an int; expected an Altair chart made with alt.Chart(t)."),
        (alt.Chart(frame), "no mark yet: add .mark_rule()"),
    ]:
        with pytest.raises(checks.Mismatch, match=re.escape(expected)):
            checks.require_layers(answer, name="c", start="alt.Chart(t)", mark="rule")


def test_a_name_error_says_to_run_the_task_cell_first():
    from coursekit.checks import explain_missing_names, missing_name_message

    try:
        share_multilateral  # noqa: F821 - the name a learner's failed task cell never assigned
    except NameError as error:
        message = missing_name_message(error)
    assert "share_multilateral does not exist yet" in message and "task cell above" in message

    class Shell:  # the two IPython methods the handler uses
        def __init__(self):
            self.shown, self.handlers = [], {}

        def set_custom_exc(self, kinds, handler):
            self.handlers[kinds] = handler

        def showtraceback(self, exc_tuple, tb_offset=None, exception_only=False):
            self.shown.append((exc_tuple[0], exception_only))

    shell = Shell()
    explain_missing_names(shell)
    handler = shell.handlers[(NameError,)]
    import contextlib, io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        handler(shell, NameError, NameError("name 'chart' is not defined", name="chart"), None)
    assert shell.shown == [(NameError, True)], "the error's last line is still shown, without the long traceback"
    assert "chart does not exist yet" in out.getvalue()


def test_a_leftover_placeholder_or_an_uncalled_method_says_what_to_do():
    """Two learners copied a hint's `title=...` literally; another forgot the () after a method."""
    from coursekit.checks import require_number

    @checker
    def check_title(settings):
        alt.Chart(pd.DataFrame({"a": [1]})).mark_bar().encode(x="a:Q").properties(**settings).to_dict()

    assert "A ... is still in your code" in check_title({"title": ...}).message

    @checker
    def check_number(value):
        require_number(value, "total")

    assert "a method, not its result: add () after .upper" in check_number("text".upper).message
    assert "the function len itself, not its result" in check_number(len).message
    assert "the way the task asks" in check_number(pd.Series([1, 2, 3])).message


def test_a_check_after_a_failed_task_cell_says_to_fix_that_cell_first(monkeypatch):
    """The check cell would otherwise judge the answer left over from an earlier run."""
    class Shell:
        last_execution_succeeded = False

    assert checks.previous_cell_failed(Shell())
    Shell.last_execution_succeeded = True
    assert not checks.previous_cell_failed(Shell())

    @checker
    def check_total(value):
        return checks.passed("fine")

    monkeypatch.setattr(checks, "previous_cell_failed", lambda: True)
    result = check_total(3)
    assert result.passed is False and "stopped with an error" in result.message
    monkeypatch.setattr(checks, "previous_cell_failed", lambda: False)
    assert check_total(3).passed


def test_failure_messages_carry_one_mark():
    from coursekit.checks import LEFTOVER_PLACEHOLDER, PREVIOUS_CELL_FAILED, failed

    for message in (LEFTOVER_PLACEHOLDER, PREVIOUS_CELL_FAILED):
        assert failed(message).message.count("\u274c") == 1


def test_messages_are_plain_text_for_every_lesson():
    """The notebook prints messages as plain text, so Markdown backticks would show literally."""
    assert checks.failed("use `.item()`").message == "\u274c use .item()"
    assert checks.passed("`n` is right").message == "\u2705 n is right"
    assert "`" not in checks.NOT_ATTEMPTED


def test_an_array_from_unique_is_named_in_plain_words():
    """A beginner who used .unique() read 'a StringArray' (lesson 08's learner): say what it is instead."""
    import pandas as pd

    from coursekit.checks import kind_of

    for value in (pd.Series(["a", "b", "a"], dtype="string").unique(), pd.Series([1, 2, 2]).unique()):
        words = kind_of(value)
        assert "StringArray" not in words and "ndarray" not in words
        assert words.startswith("a bare array of 2 values") and ".unique()" in words


def test_in_a_real_ipython_shell_the_sentence_comes_first_and_the_error_is_one_line(capsys):
    """A learner met the red traceback first and took the cell for broken (lesson 07, second learner)."""
    from IPython.core.interactiveshell import InteractiveShell

    from coursekit.checks import explain_missing_names

    shell = InteractiveShell.instance()
    try:
        explain_missing_names(shell)
        result = shell.run_cell("never_assigned_name")
        printed = capsys.readouterr().out
    finally:
        shell.set_custom_exc((), None)
        InteractiveShell.clear_instance()
    assert result.success is False, "the cell still counts as failed"
    assert printed.index("never_assigned_name does not exist yet") < printed.index("NameError")
    assert "%tb" not in printed and "Traceback" not in printed
