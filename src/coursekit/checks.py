"""Building blocks for exercise checkers: specific, friendly feedback, never a traceback.

A lesson's checker (see ``coursekit.checkers``) is a function ``check_x(answer)`` that returns a
:class:`CheckResult`. The notebook shows its message; tests read ``passed``. Checkers are
wrapped with :func:`checker`, so an answer of the wrong type, an empty frame, NaN, or an error
inside the checker itself becomes a sentence the learner can act on.
"""
from __future__ import annotations

import functools
import math
import numbers
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import altair as alt
import numpy as np
import pandas as pd

NOT_ATTEMPTED = (
    "\u23f3 Not attempted yet: replace the ... with your code, run that cell, then run this one again."
)


@dataclass(frozen=True)
class CheckResult:
    """``passed`` is True, False, or None (not attempted). ``message`` says what to do next."""

    passed: bool | None
    message: str

    def __repr__(self) -> str:  # what the notebook prints
        return self.message

    def __bool__(self) -> bool:
        return bool(self.passed)


def missing_name_message(error: NameError) -> str:
    """What a learner should do when a check cell names an answer that does not exist yet: the task cell
    above it was not run, or stopped with an error before it reached the assignment."""
    quoted = str(error).split("'")
    name = getattr(error, "name", None) or (quoted[1] if len(quoted) > 2 else "that name")
    return (f"\u2139\ufe0f {name} does not exist yet. If a task cell above creates it, run that cell first; if "
            "that cell stopped with an error, fix it there (the last line of its error says what went wrong) and "
            "run it again, then run this cell. Otherwise check the spelling of the name.")


PREVIOUS_CELL_FAILED = (
    "The cell you ran just before this one stopped with an error, so your answer may still be an older "
    "version. Fix that cell (the last line of its error says what went wrong), run it, then run this one.")


def previous_cell_failed(shell: Any = None) -> bool:
    """True when the learner's last cell ended in an error (IPython only).

    Why: a learner's task cell raised a TypeError, and the check cell then judged the table left over
    from an earlier run, whose problem was a different one (a learner's run, lesson 01)."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython ships with the course
            return False
        shell = get_ipython()
    return shell is not None and getattr(shell, "last_execution_succeeded", True) is False


def explain_missing_names(shell: Any = None) -> None:
    """After a NameError in the learner's kernel, print :func:`missing_name_message`, then the error's last line.

    A learner whose task cell failed then ran the check cell and met a bare NameError (a learner's run,
    lesson 01). Called when the checkers are imported; outside IPython (tests, scripts) it does nothing."""
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython ships with the course
            return
        shell = get_ipython()
    if shell is None:
        return

    def handler(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: Any = None) -> None:
        # The friendly sentence first, then only the error's last line: a learner met the red traceback
        # first and took the cell for broken (lesson 07, second learner). The cell still counts as failed.
        print(missing_name_message(value))  # type: ignore[arg-type]
        try:  # the error's last line as an error output; showtraceback(exception_only=True) adds "use %tb" jargon
            shell._showtraceback(etype, value, shell.InteractiveTB.get_exception_only(etype, value))
        except AttributeError:  # not a full IPython shell
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset, exception_only=True)

    shell.set_custom_exc((NameError,), handler)


def plain(message: str) -> str:
    """A message as the notebook prints it: plain text, where a Markdown backtick would show literally
    (learners' runs of lessons 00, 01 and 02). Every checker message passes through here."""
    return message.replace("`", "")


def passed(message: str) -> CheckResult:
    return CheckResult(True, f"\u2705 {plain(message)}")


def failed(message: str) -> CheckResult:
    return CheckResult(False, f"\u274c {plain(message)}")


class Mismatch(Exception):
    """Raised inside a checker to stop at the first problem; turned into a failed result."""


def checker(function: Callable[[Any], CheckResult]) -> Callable[[Any], CheckResult]:
    """Wrap a checker: untouched placeholder → not attempted; Mismatch → failed; any other
    exception → a failed result naming it (the learner never sees a traceback)."""

    @functools.wraps(function)
    def wrapped(answer: Any = ..., *args: Any, **kwargs: Any) -> CheckResult:
        if answer is ...:
            return CheckResult(None, NOT_ATTEMPTED)
        if previous_cell_failed():
            return failed(PREVIOUS_CELL_FAILED)
        try:
            return function(answer, *args, **kwargs)
        except Mismatch as problem:
            return failed(str(problem))
        except Exception as exc:  # noqa: BLE001 - the point is that nothing escapes to the learner
            if "Ellipsis" in str(exc):  # a `...` placeholder left inside an otherwise written answer
                return failed(LEFTOVER_PLACEHOLDER)
            return failed(f"Your answer could not be checked ({type(exc).__name__}: {exc}). "
                          "Print it (for example print(chart)) to see what it holds, and try again.")

    return wrapped


LEFTOVER_PLACEHOLDER = (
    "A `...` is still in your code: replace each one with a value (a title goes in quotes and says what the "
    "chart shows, with its unit), run that cell again, then this one.")


def kind_of(value: Any) -> str:
    """What a learner's answer is, in words a beginner can act on ("a DataFrame", "a method, not its result")."""
    if value is None:
        return "None (did your code `return` or assign anything?)"
    if callable(value) and not isinstance(value, type):
        name = getattr(value, "__name__", "it")
        owner = getattr(value, "__self__", None)
        if owner is None or isinstance(owner, type(math)):  # a function such as len, not a bound method
            return f"the function {name} itself, not its result: call it on your data, for example {name}(...)"
        return f"a method, not its result: add () after .{name} to call it"
    if isinstance(value, (pd.api.extensions.ExtensionArray, np.ndarray)):
        # .unique() returns these (StringArray, ndarray): name what it is, not pandas' internal class
        return (f"a bare array of {len(value)} values (what .unique() returns), not a table or a Series with "
                "labels")
    kind = type(value).__name__
    return f"{'an' if kind[:1].lower() in 'aeiou' else 'a'} {kind}"


COUNT_SERIES_HINT = "after a count, `.reset_index(name=\"...\")` turns it into a table and names the count column."


def require_frame(answer: Any, name: str = "your answer", series_hint: str = COUNT_SERIES_HINT) -> pd.DataFrame:
    """The answer as a non-empty DataFrame, or a Mismatch saying what it is instead.

    ``series_hint`` is the advice for a Series; the default suits tasks that count, a task that
    filters or computes a column should say what to use there (e.g. "keep the table: use `.assign(...)`").
    """
    if isinstance(answer, pd.Series):
        raise Mismatch(f"{name} is a Series (one column). Expected a DataFrame: {series_hint}")
    if not isinstance(answer, pd.DataFrame):
        raise Mismatch(f"{name} is {kind_of(answer)}; expected a pandas DataFrame.")
    if answer.empty:
        raise Mismatch(f"{name} is an empty table (0 rows). Check your filter conditions.")
    return answer


def require_columns(frame: pd.DataFrame, columns: Iterable[str], name: str = "your table") -> None:
    wanted = list(columns)
    missing = [c for c in wanted if c not in frame.columns]
    if missing:
        raise Mismatch(f"{name} has columns {list(map(str, frame.columns))}; it needs {wanted} "
                       f"(missing: {missing}). Rename with `.rename(columns={{...}})` if needed.")


def require_rows(frame: pd.DataFrame, expected: int, what: str, name: str = "your table") -> None:
    if len(frame) != expected:
        raise Mismatch(f"{name} has {len(frame)} row{'s' if len(frame) != 1 else ''}; "
                       f"expected {expected}: {what}.")


def require_number(answer: Any, name: str = "your answer") -> float:
    """The answer as a finite float; text, booleans, NaN and containers get a specific message."""
    if isinstance(answer, bool):
        raise Mismatch(f"{name} is {answer} (a True/False value); expected a number.")
    if isinstance(answer, str):
        hint = " It looks like a number in quotes: remove the quotes." if _looks_numeric(answer) else ""
        raise Mismatch(f"{name} is the text '{answer}'; expected a number.{hint}")
    if isinstance(answer, (pd.Series, pd.DataFrame)):
        if answer.size == 1:
            raise Mismatch(f"{name} is a one-value {type(answer).__name__}; take the number out with `.item()`.")
        raise Mismatch(f"{name} is a {type(answer).__name__} with {answer.size} values; expected one number. "
                       "Reduce it the way the task asks (a total with `.sum()`, an average with `.mean()`), or "
                       "pick the one row you need and take `.item()`.")
    if not isinstance(answer, numbers.Real):
        raise Mismatch(f"{name} is {kind_of(answer)}; expected a number.")
    value = float(answer)
    if math.isnan(value):
        raise Mismatch(f"{name} is NaN (missing). A column with gaps, or a filter that matched nothing?")
    if math.isinf(value):
        raise Mismatch(f"{name} is infinite: did you divide by zero?")
    return value


def _looks_numeric(text: str) -> bool:
    try:
        float(text.replace(",", ""))
    except ValueError:
        return False
    return True


def require_close(value: float, expected: float, tolerance: float, what: str) -> None:
    if abs(value - expected) > tolerance:
        direction = "high" if value > expected else "low"
        raise Mismatch(f"{value:g} is too {direction} for {what}. Re-check which rows and column you used.")


def require_named_count(frame: pd.DataFrame, name: str) -> None:
    """Say how to rename a count column that pandas named for the learner ("count", 0 or "size")."""
    if name in frame.columns:
        return
    for default in ("count", 0, "size"):
        if default in frame.columns:
            raise Mismatch(f"the count column is called {default!r}; name it {name!r}: "
                           f"`.rename(columns={{{default!r}: {name!r}}})`.")


COMBINED_CHARTS = (alt.LayerChart, alt.ConcatChart, alt.HConcatChart, alt.VConcatChart, alt.FacetChart)


def mark_type(layer: dict[str, Any]) -> str | None:
    """The mark of one chart or layer spec ("bar", "rule", ...), however Altair wrote it."""
    mark = layer.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


def require_layers(answer: Any, *, name: str, start: str, mark: str) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """A single chart or a layered one (e.g. rules + dots) as ``(layers, spec)``; a Mismatch otherwise.

    ``name`` is the learner's variable, ``start`` how the chart begins, ``mark`` the mark to suggest.
    """
    if isinstance(answer, COMBINED_CHARTS) and not isinstance(answer, alt.LayerChart):
        raise Mismatch("make one chart (layers joined with + are fine), not a combined or faceted one.")
    if not isinstance(answer, (alt.Chart, alt.LayerChart)):
        raise Mismatch(f"{name} is {kind_of(answer)}; expected an Altair chart made with {start}.")
    if isinstance(answer, alt.Chart) and not isinstance(answer.mark, (str, alt.MarkDef)):
        raise Mismatch(f"the chart has no mark yet: add .mark_{mark}().")
    spec = answer.to_dict()
    return spec.get("layer", [spec]), spec


def require_chart(answer: Any, *, mark: str, start: str, why: str = "") -> dict[str, Any]:
    """The answer as a single Altair chart with ``mark``; returns its spec for further checks.

    ``start`` is how the task's chart begins (e.g. ``alt.Chart(claims)``) and ``why`` the reason
    for the mark (e.g. " for counts by category"); both go into the advice.
    """
    if isinstance(answer, COMBINED_CHARTS):
        raise Mismatch(f"make one chart, not a layered or combined one: {start}.mark_{mark}().encode(...).")
    if not isinstance(answer, alt.Chart):
        raise Mismatch(f"chart is {kind_of(answer)}; expected an Altair chart made with {start}.")
    if not isinstance(answer.mark, (str, alt.MarkDef)):
        raise Mismatch(f"the chart has no mark yet: add .mark_{mark}().")
    spec = answer.to_dict()
    given_type = mark_type(spec)
    if given_type != mark:
        raise Mismatch(f"the chart uses mark '{given_type}'; use .mark_{mark}(){why}.")
    return spec
