"""Test-run plumbing for every folder pytest collects (tests/, notebooks/, solutions/, exercises/).

Parallel runs. `make test` runs pytest with pytest-xdist, one worker per CPU (`-n auto`; two per CPU
was slower here: Chromium, JupyterLab and the kernels keep the CPUs busy). Tests go to the workers in
groups: every file is one group (a notebook's cells share one kernel and must run
in order, on one worker), except the real-browser test, the longest file by far, split in several:
the lessons whose pages later tests go on with (its QUIZ_LESSON and KEYBOARD_LESSONS) together with
those tests and tests/test_browser_lesson09.py (which goes on with lesson 09's page: one JupyterLab, one
Chromium and one run of each lesson per worker, `browser_session` below), and the other lessons' own runs dealt round-robin into one group per other worker. The
browser groups are handed out first, so they run side by side from the start while the remaining
workers take the unit tests and notebooks. A plain `pytest` (no `-n`) runs as before, in pytest's order.

Same on every Python. The checks of files whose result cannot depend on the Python version (the data
package, the README and notebooks' conventions, generated files being current) are marked
`same_on_every_python`; `make test-python` (CI's second Python) leaves them out, as it leaves out the
exercise notebooks, which are generated from the solutions it does run.
"""
from __future__ import annotations

import ast
import os
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent
# Every chart a notebook or test shows is validated against the Vega-Lite schema (nbval's kernels inherit this):
# a learner's kernel skips that check for the course's own charts, because this run has made it (coursekit.charts).
os.environ.setdefault("COURSEKIT_VALIDATE_CHARTS", "1")
BROWSER_TEST = "tests/test_browser.py"
# Browser test files that go on with pages tests/test_browser.py ran: in its group of kept pages.
SHARES_PAGES = {"tests/test_browser_lesson09.py"}
SAME_ON_EVERY_PYTHON = {
    "tests/test_datapackage.py", "tests/test_frictionless.py", "tests/test_data_readme.py",
    "tests/test_editorial.py", "tests/test_layout.py", "tests/test_launch_links.py",
    "tests/test_notebook_hygiene.py", "tests/test_instructor_guide.py", "tests/test_deploy.py",
}


def _kept_lessons() -> set[str]:
    """The lessons whose run pages tests/test_browser.py keeps for later tests (QUIZ_LESSON, KEYBOARD_LESSONS)."""
    kept: set[str] = set()
    try:
        tree = ast.parse((ROOT / BROWSER_TEST).read_text(encoding="utf-8"))
    except (OSError, SyntaxError):
        return kept
    for node in tree.body:
        names = [getattr(target, "id", None) for target in getattr(node, "targets", [])]
        if isinstance(node, ast.Assign) and {"QUIZ_LESSON", "KEYBOARD_LESSONS"} & set(names):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                continue
            kept |= {value} if isinstance(value, str) else set(value)
    return kept


def group_of(nodeid: str, kept: set[str], lesson_group: dict[str, str] | None = None, groups: int = 1) -> str:
    """The group a test goes to a worker with: its file, or a part of the browser test. A lesson run
    that no later test goes on with gets the next of ``groups`` lesson groups (``lesson_group`` keeps
    the deal, so a test asked about twice stays where it was put)."""
    if nodeid.split("::", 1)[0] in SHARES_PAGES:
        return f"{BROWSER_TEST}::pages"
    if not nodeid.startswith(BROWSER_TEST + "::"):
        return nodeid.split("::", 1)[0]
    param = nodeid.rsplit("[", 1)[1][:-1] if nodeid.endswith("]") else None
    if param is None or param in kept:
        return f"{BROWSER_TEST}::pages"
    if lesson_group is None:
        return f"{BROWSER_TEST}::lessons"
    if nodeid not in lesson_group:
        lesson_group[nodeid] = f"{BROWSER_TEST}::lessons-{len(lesson_group) % max(groups, 1)}"
    return lesson_group[nodeid]


@pytest.hookimpl(optionalhook=True)  # an xdist hook: pytest without xdist must not refuse it
def pytest_xdist_make_scheduler(config: pytest.Config, log):
    """With `-n N` and xdist's default distribution ('load', or 'loadfile'): the groups above, browser
    tests first. Any other `--dist` asked for by name is xdist's own."""
    if config.getvalue("dist") not in ("load", "loadfile"):
        return None
    from xdist.scheduler import LoadScopeScheduling

    kept = _kept_lessons()

    class CourseScheduling(LoadScopeScheduling):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            self.lesson_group: dict[str, str] = {}

        def _split_scope(self, nodeid: str) -> str:
            return group_of(nodeid, kept, self.lesson_group, self.numnodes - 1)

    config.option.loadscopereorder = False  # hand groups out in the order the workers collected them
    return CourseScheduling(config, log)


class _BrowserSession:
    """The (JupyterLab server, Chromium context) pair of this process, opened when a browser test first asks
    and closed as soon as the tests that share it are done (see pytest_runtest_teardown below): a running
    Playwright must not outlive them, or the widget unit tests after them on the same worker fail."""

    def __init__(self) -> None:
        self.stack: ExitStack | None = None
        self.pair: tuple[Any, Any] | None = None

    def get(self) -> tuple[Any, Any] | None:
        import browser_support as bs  # tests/ is on sys.path once a test file there is collected

        if bs.missing_prerequisite():
            return None
        if self.pair is None:
            self.stack = ExitStack()
            self.pair = self.stack.enter_context(bs.lab_and_browser())
        return self.pair

    def close(self) -> None:
        stack, self.stack, self.pair = self.stack, None, None
        if stack is not None:
            stack.close()


_BROWSER_SESSION = _BrowserSession()
BROWSER_FILES = {BROWSER_TEST, *SHARES_PAGES}


@pytest.fixture(scope="module")
def browser_session():
    """(JupyterLab server, Chromium context) shared by the browser test files of this process, so each lesson
    is opened and run once; None when Chromium or Playwright is missing (each file then skips loudly, or fails
    under CI)."""
    return _BROWSER_SESSION.get()


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None):
    yield  # the test's own fixtures first (a page fixture may take a screenshot)
    if nextitem is None or nextitem.nodeid.split("::", 1)[0] not in BROWSER_FILES:
        _BROWSER_SESSION.close()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.nodeid.split("::", 1)[0] in SAME_ON_EVERY_PYTHON or item.nodeid.startswith("exercises/"):
            item.add_marker(pytest.mark.same_on_every_python)
    if hasattr(config, "workerinput"):  # an xdist worker: the browser tests first, the rest in pytest's order
        items.sort(key=lambda item: 0 if item.nodeid.startswith("tests/test_browser") else 1)
