"""The course in a real browser: JupyterLab + Debian's Chromium, driven by Playwright.

What a learner would see, checked for every lesson notebook ``notebooks/NN-*.ipynb``:
Run All finishes without an error output, every Vega-Lite chart is drawn (and carries its
accessible description), every widget renders, and a quiz answered by clicks says
"Correct" / "Not quite" / "pick one first". A learner without a mouse answers a quiz question,
saves a verdict, makes and reveals predictions, and uses the explorer, the claim sorter and the
scorecard with the keyboard alone (Tab, arrow keys, Space, Enter and typing; no clicks), while
the notebook's own selection stays where it was. When a notebook's check fails, a full-page screenshot
goes to ``test-artifacts/browser/<name>.png`` (gitignored) for a human to look at; COURSE_SCREENSHOTS=1
takes one of every notebook (about 3 s each on a busy machine, so not by default).

Offline and accessible: a rendered lesson requests nothing off this machine (only 127.0.0.1/localhost,
data: and blob:), and axe-core (vendored in tests/vendor/axe-core) finds no serious or critical violation
in the course's own content (rendered markdown, outputs, widgets) of each lesson and of an exercise.
JupyterLab's own findings are reported, not failed on: ``test-artifacts/accessibility/<name>.json`` and
``summary.md``, and one line per notebook on the terminal.

Needs /usr/bin/chromium (``apt-get install chromium``) and Playwright (tests/requirements.txt).
Without them the test is skipped with a loud reason, and FAILS when ``CI`` is set.
The server serves a temporary copy of notebooks/, so autosave never writes into the repo.
"""
from __future__ import annotations

import json
import os
import re
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import pytest

import browser_support as bs

pytestmark = pytest.mark.browser

RUN_ALL_TIMEOUT_MS = 90_000
CHART_TIMEOUT_MS = 20_000
WIDGET_SETTLE_TIMEOUT_MS = 15_000
VIEWPORT = bs.VIEWPORT
QUIZ_LESSON = "00-start-here"
# COURSE_SCREENSHOTS=1: a full-page screenshot of every notebook, not only of a failing one.
ALWAYS_SCREENSHOT = os.environ.get("COURSE_SCREENSHOTS", "").strip().lower() not in ("", "0", "false", "no")
# Exercise notebooks audited for accessibility too (served from <root>/exercises/).
AUDITED_EXERCISES = ["05-dual-use"]
# Lessons whose run pages the keyboard tests go on with (so each runs once); 09's go on in
# tests/test_browser_lesson09.py, which shares this file's server, browser and kept pages (conftest.py).
KEYBOARD_LESSONS = {"00-start-here", "01-panic-narrative", "02-interoperability", "06-information-operations",
                    "07-critical-minerals", "09-prescriptions"}

LESSONS = bs.lesson_notebooks()
PARAMS = [pytest.param(path, id=path.stem) for path in LESSONS] or [
    pytest.param(None, id="no-lessons", marks=pytest.mark.skip(
        reason=f"no lesson notebooks matching [0-9][0-9]-*.ipynb in {bs.notebooks_dir()}"))
]


# --------------------------------------------------------------------------- prerequisites
def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _missing_prerequisite() -> str | None:
    return bs.missing_prerequisite()


def require_browser() -> None:
    """Skip loudly without a browser, but fail under CI, where a skip would hide a gap."""
    problem = _missing_prerequisite()
    if problem is None:
        return
    if _ci():
        pytest.fail(f"browser test cannot run on CI: {problem}", pytrace=False)
    message = f"browser test SKIPPED, the course was NOT checked in a browser: {problem}"
    print(f"\nWARNING: {message}", file=sys.stderr)
    # pytest captures stderr; a warning also lands in the "warnings summary" of every run.
    warnings.warn(pytest.PytestWarning(message), stacklevel=2)
    pytest.skip(f"BROWSER TEST NOT RUN: {problem}")


# --------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def lab(browser_session: tuple[bs.LabServer, Any] | None) -> bs.LabServer | None:
    """The JupyterLab server of this test process (conftest.py's browser_session); None without a browser."""
    return None if browser_session is None else browser_session[0]


@pytest.fixture(scope="module")
def browser(browser_session: tuple[bs.LabServer, Any] | None) -> Any:
    """The Chromium context (fresh profile and HOME) of this test process; None when there is no browser."""
    return None if browser_session is None else browser_session[1]


# Pages whose notebook has been run, kept open for later tests (so each lesson runs only once); their
# kernels are shut down when the session ends (browser_support.lab_and_browser).
_RUN_PAGES: dict[str, Any] = bs.RUN_PAGES
# Uncaught JavaScript errors per page, quoted when a chart or widget is missing.
_PAGE_ERRORS: dict[int, list[str]] = {}
# Every request the browser makes; each notebook is judged by those made while it was opened and run.
_REQUESTS = bs.REQUESTS


# --------------------------------------------------------------------------- page helpers
_js = bs.panel_js


def open_and_run(context: Any, lab: bs.LabServer, name: str) -> tuple[Any, float]:
    """Open ``name`` in JupyterLab, wait for an idle kernel, Run All, wait until done.

    Returns the page and the seconds Run All took.
    """
    page = context.new_page()
    errors = _PAGE_ERRORS.setdefault(id(page), [])
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        page.goto(lab.lab_url(name), wait_until="domcontentloaded", timeout=60_000)
        page.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
        page.wait_for_function(_js("return panel !== null && panel.content.widgets.length > 0;"),
                               arg=name, timeout=60_000)
        # The status bar, not the notebook's own indicator: that one says idle too early.
        page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\|\s*Idle")).first.wait_for(timeout=60_000)
        page.evaluate(_js("window.jupyterapp.shell.activateById(panel.id); window.jupyterapp.shell.collapseLeft();"),
                      name)
        started = time.monotonic()
        page.evaluate("""() => {
            window.__courseRunAll = undefined;
            window.jupyterapp.commands.execute("notebook:run-all-cells").then(
                (result) => { window.__courseRunAll = {ok: true, result: String(result)}; },
                (error) => { window.__courseRunAll = {ok: false, result: String(error)}; });
        }""")
        page.wait_for_function("() => window.__courseRunAll !== undefined", timeout=RUN_ALL_TIMEOUT_MS)
        page.wait_for_function(
            _js("""const prompts = Array.from(panel.node.querySelectorAll('.jp-InputPrompt'));
                   const busy = prompts.some((p) => p.textContent.includes('[*]'));
                   const kernel = panel.sessionContext.session && panel.sessionContext.session.kernel;
                   return !busy && kernel !== null && kernel !== undefined && kernel.status === 'idle';"""),
            arg=name, timeout=RUN_ALL_TIMEOUT_MS)
        page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\|\s*Idle")).first.wait_for(
            timeout=RUN_ALL_TIMEOUT_MS)
    except Exception:
        bs.ARTIFACT_DIR.mkdir(parents=True, exist_ok=True)
        try:
            page.screenshot(path=str(bs.ARTIFACT_DIR / f"{Path(name).stem}-failed.png"))
        except Exception:
            pass
        _shutdown(page)
        raise
    return page, time.monotonic() - started


def notebook_json(page: Any, name: str) -> dict[str, Any]:
    """The notebook as JupyterLab holds it after Run All (nbformat JSON, with outputs)."""
    return json.loads(page.evaluate(_js("return JSON.stringify(panel.context.model.toJSON());"), name))


def stderr_problems(page: Any) -> list[str]:
    texts = page.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]') \
        .all_inner_texts()
    return [t for t in texts if "Traceback" in t or "Error" in t]


def settle(page: Any) -> None:
    """Wait until every chart that has started drawing has drawn (in cells and in widgets' Output areas),
    no widget says "Loading widget", and the browser has painted twice: a condition, not a fixed wait."""
    from playwright.sync_api import expect

    try:
        page.wait_for_function("""() => Array.from(document.querySelectorAll('.vega-embed'))
            .every((el) => el.querySelector('svg, canvas'))""", timeout=CHART_TIMEOUT_MS)
    except Exception:
        pass  # the assertions that follow say what is missing
    try:
        expect(page.get_by_text("Loading widget")).to_have_count(0, timeout=WIDGET_SETTLE_TIMEOUT_MS)
    except AssertionError:
        pass
    page.evaluate("() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")


def save_screenshot(page: Any, name: str) -> Path:
    """Full-page screenshot; the viewport is stretched to the notebook's height first, because
    JupyterLab scrolls inside the notebook panel, not the page."""
    bs.ARTIFACT_DIR.mkdir(parents=True, exist_ok=True)
    path = bs.ARTIFACT_DIR / f"{Path(name).stem}.png"
    measure = _js("""const outer = panel.content.node.querySelector('.jp-WindowedPanel-outer');
                     const inner = panel.content.node.querySelector('.jp-WindowedPanel-inner');
                     if (!outer || !inner) return 0;
                     outer.scrollTop = 0;
                     return Math.max(0, inner.getBoundingClientRect().height - outer.clientHeight);""")
    extra = page.evaluate(measure, name)  # the inner height leaves out Lab's scroll-past-end padding
    page.set_viewport_size({"width": VIEWPORT["width"],
                            "height": min(VIEWPORT["height"] + int(extra) + 40, 32_000)})
    page.wait_for_timeout(700)
    page.evaluate(measure, name)
    page.screenshot(path=str(path), full_page=True, timeout=60_000)  # a long lesson on a busy machine: >15 s
    page.set_viewport_size(VIEWPORT)
    return path


def _shutdown(page: Any) -> None:
    """Stop the page's kernel and close it, so kernels do not pile up across notebooks."""
    bs.shutdown_page(page)


# --------------------------------------------------------------------------- the tests
def audit(page: Any, name: str, capsys: Any) -> list[str]:
    """axe-core over the whole page: writes the report, prints one line, returns the course's blocking findings."""
    violations = bs.run_axe(page)
    report, line = bs.write_axe_report(name, violations)
    with capsys.disabled():
        print(f"\n{line} ({report.relative_to(bs.REPO)})")
    return bs.blocking(bs.split_axe_findings(violations)["course"])


def offline_and_accessible(page: Any, name: str, since: int, capsys: Any, context: str) -> None:
    """The two promises of a classroom without internet and with screen readers (issue 12, items 5 and 6)."""
    problems = audit(page, name, capsys)
    off_machine = _REQUESTS.off_machine(since)
    assert not off_machine, \
        f"{name}: the rendered notebook requested addresses off this machine: {off_machine} {context}"
    assert not problems, (f"{name}: axe-core finds serious or critical problems in the course's own content "
                          f"(report: test-artifacts/accessibility/{Path(name).stem}.json): {problems} {context}")


@pytest.mark.parametrize("notebook", PARAMS)
def test_notebook_runs_and_renders(lab: bs.LabServer | None, browser: Any, notebook: Path, capsys: Any) -> None:
    require_browser()
    assert lab is not None and browser is not None

    name = notebook.name
    source = bs.notebook_source(notebook)
    since = _REQUESTS.mark()
    page, seconds = open_and_run(browser, lab, name)
    keep = notebook.stem == QUIZ_LESSON or notebook.stem in KEYBOARD_LESSONS  # later tests go on with it
    if keep:
        _RUN_PAGES[notebook.stem] = page
    try:
        model = notebook_json(page, name)
        expected_charts = bs.count_mime_outputs(model, bs.VEGALITE_MIME)
        calls_finish = "finish(" in source
        calls_quiz = "show_quiz(" in source

        # Let renderers finish: charts draw asynchronously, widget views load after their models.
        # Charts in the notebook's own outputs; an explorer's chart lives in a widget's Output area, which
        # the saved notebook does not hold (checked separately below).
        in_cells = ("Array.from(document.querySelectorAll('.vega-embed svg, .vega-embed canvas'))"
                    ".filter((el) => !el.closest('.widget-output'))")
        try:
            page.wait_for_function(
                f"(n) => {in_cells}.length >= n",
                arg=max(expected_charts, 1 if calls_finish else 0), timeout=CHART_TIMEOUT_MS)
        except Exception:
            pass  # the assertions below say what is missing
        settle(page)
        shot = Path("test-artifacts") / "browser" / f"{Path(name).stem}.png"
        if ALWAYS_SCREENSHOT:
            save_screenshot(page, name)
        context = f"(screenshot: {shot}; Run All took {seconds:.1f} s)"

        # 1. No errors.
        errors = bs.error_outputs(model)
        assert not errors, f"{name}: error outputs after Run All: {errors} {context}"
        stderr = stderr_problems(page)
        assert not stderr, f"{name}: stderr shows an error: {[s[:500] for s in stderr]} {context}"

        # 2. Every chart drawn, each with its accessible description.
        if calls_finish:
            assert expected_charts >= 1, f"{name} calls finish( but has no Vega-Lite output {context}"
        drawn = page.evaluate(f"() => {in_cells}.length")
        assert drawn == expected_charts, (
            f"{name}: {expected_charts} Vega-Lite outputs but {drawn} charts drawn "
            f"(svg/canvas in .vega-embed) {context}; page errors: {_PAGE_ERRORS.get(id(page), [])[:5]}")
        # Our charts get a description from finish(); Vega shows it as the chart's aria-label
        # (on the .vega-embed container, role graphics-document), else "Vega visualization".
        label_of = "(el) => el.getAttribute('aria-label') || el.closest('.vega-embed').getAttribute('aria-label') || ''"
        labels = page.evaluate(f"() => {in_cells}.map({label_of})")
        in_widgets = page.evaluate(
            "() => Array.from(document.querySelectorAll('.widget-output .vega-embed svg, .widget-output "
            f".vega-embed canvas')).map({label_of})")
        generic = [label for label in in_widgets if not label.strip() or label.strip() == "Vega visualization"]
        assert not generic, f"{name}: a chart drawn by a widget has no description of its own: {generic} {context}"
        descriptions = bs.chart_descriptions(model)
        unlabelled = [f"chart {i}: aria-label {label!r}, description {wanted!r}"
                      for i, (label, wanted) in enumerate(zip(labels, descriptions), start=1)
                      if not wanted.strip() or label.strip() != wanted.strip()]
        assert not unlabelled, f"{name}: charts without their description as aria-label: {unlabelled} {context}"

        # 3. Every widget rendered.
        for text in ("Error displaying widget", "Loading widget"):
            assert page.get_by_text(text).count() == 0, f"{name}: '{text}' still shown {context}"
        assert page.get_by_text("The quiz could not be loaded").count() == 0, \
            f"{name}: show_quiz reported a broken quiz bank {context}"
        if calls_quiz:
            assert page.locator(".widget-radio-box").count() >= 1, \
                f"{name} calls show_quiz( but no radio-button question is on the page {context}"
        if "show_verdicts(" in source:
            assert page.locator(".course-verdicts select").count() >= 1, \
                f"{name} calls show_verdicts( but no verdict menu is on the page {context}"

        # 4. Widget text is readable: no option label wraps out of its fixed-height row
        #    (a long RadioButtons option otherwise overlaps the next option).
        overflowing = page.evaluate("""() => Array.from(document.querySelectorAll(
                '.widget-radio-box label, .widget-checkbox label, .widget-toggle-buttons button'))
            .filter((el) => el.clientHeight > 0 && el.scrollHeight > el.clientHeight + 1)
            .map((el) => `${el.textContent.trim().slice(0, 70)} (${el.scrollHeight}px of text in a ${el.clientHeight}px row)`)""")
        assert not overflowing, f"{name}: widget labels overflow and overlap their neighbours: {overflowing} {context}"
        # ...and each radio button sits at the start of its option's first line, not beside a
        # wrapped option's last line (ipywidgets floats the input, which comes after the text).
        misplaced = page.evaluate("""() => Array.from(document.querySelectorAll('.widget-radio-box label'))
            .filter((label) => label.clientHeight > 0 && label.querySelector('input'))
            .map((label) => [label, label.getBoundingClientRect(),
                             label.querySelector('input').getBoundingClientRect()])
            .filter(([label, box, input]) => input.top - box.top > 8 || input.left - box.left > 8)
            .map(([label, box, input]) => `${label.textContent.trim().slice(0, 70)} (radio ` +
                 `${Math.round(input.top - box.top)}px down, ${Math.round(input.left - box.left)}px in)`)""")
        assert not misplaced, f"{name}: radio buttons not at the start of their option: {misplaced} {context}"

        # 5. Nothing requested off the machine; no serious or critical axe-core finding in the course's content.
        offline_and_accessible(page, name, since, capsys, context)
    except AssertionError:
        if not ALWAYS_SCREENSHOT:  # the picture a human needs to see what failed
            try:
                save_screenshot(page, name)
            except Exception:
                pass
        raise
    finally:
        if not keep:
            _shutdown(page)


@pytest.mark.parametrize("exercise", AUDITED_EXERCISES)
def test_exercise_offline_and_accessible(lab: bs.LabServer | None, browser: Any, exercise: str, capsys: Any) -> None:
    """An exercise notebook (placeholders unfilled, as a learner first sees it), run: offline and accessible."""
    require_browser()
    assert lab is not None and browser is not None
    if not (bs.EXERCISE_DIR / f"{exercise}.ipynb").exists():
        pytest.fail(f"exercises/{exercise}.ipynb is missing", pytrace=False)
    name = f"exercises/{exercise}.ipynb"
    since = _REQUESTS.mark()
    page, seconds = open_and_run(browser, lab, name)
    try:
        settle(page)  # let charts and widgets draw
        offline_and_accessible(page, name, since, capsys, f"(Run All took {seconds:.1f} s)")
    finally:
        _shutdown(page)


def test_quiz_answered_by_clicks(lab: bs.LabServer | None, browser: Any) -> None:
    """In 00-start-here: empty Submit asks gently, the right option says Correct, a wrong one ❌."""
    require_browser()
    assert lab is not None and browser is not None
    from playwright.sync_api import expect

    from coursekit import quiz

    notebook = bs.notebooks_dir() / f"{QUIZ_LESSON}.ipynb"
    if not notebook.exists():
        if os.environ.get(bs.NOTEBOOK_DIR_VARIABLE):  # a development folder without lesson 00
            pytest.skip(f"{notebook.name} is not in {bs.notebooks_dir()}")
        pytest.fail(f"{notebook.name} is missing: lesson 00 holds the course's first quiz", pytrace=False)
    _title, questions = quiz.load_bank(QUIZ_LESSON, bs.notebooks_dir() / "quizzes")
    index, question = next(
        ((i, q) for i, q in enumerate(questions) if q.kind == "single"), (None, None))
    if question is None:
        pytest.skip(f"the {QUIZ_LESSON} quiz bank has no single-choice question")
    assert index is not None
    right = next(i for i, o in enumerate(question.options) if o.correct)
    wrong = next(i for i, o in enumerate(question.options) if not o.correct)

    page = _run_page(browser, lab, QUIZ_LESSON)

    widget = page.locator(".course-quiz").first
    expect(widget).to_be_visible(timeout=WIDGET_SETTLE_TIMEOUT_MS)
    boxes = widget.locator(":scope > .widget-vbox")
    expect(boxes).to_have_count(len(questions))
    box = boxes.nth(index)
    labels = box.locator(".widget-radio-box label")
    expect(labels).to_have_count(len(question.options))
    submit = box.get_by_role("button", name="Submit")
    feedback = box.locator(".course-quiz-feedback")
    score = widget.locator(":scope > .widget-html").last

    def choose(option: int) -> None:
        label = labels.nth(quiz.display_order(question).index(option))  # options are shown shuffled
        expect(label).to_have_text(question.options[option].text)
        label.click()
        expect(label.locator("input")).to_be_checked()
        submit.click()

    # Nothing selected yet: the gentle prompt, not a verdict.
    expect(labels.locator("input:checked")).to_have_count(0)
    submit.click()
    expect(feedback).to_have_text(quiz.EMPTY_PROMPT[question.kind], timeout=10_000)

    choose(right)
    expect(feedback).to_have_text(re.compile(r"^\s*" + re.escape("\u2705 Correct")), timeout=10_000)
    expect(score).to_have_text(
        quiz.score_line({question.id: quiz.Feedback("correct", "")}, len(questions)))

    choose(wrong)
    expect(feedback).to_have_text(re.compile(r"^\s*" + re.escape("\u274c")), timeout=10_000)
    expect(score).to_have_text(
        quiz.score_line({question.id: quiz.Feedback("incorrect", "")}, len(questions)))
    box.scroll_into_view_if_needed()
    bs.ARTIFACT_DIR.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(bs.ARTIFACT_DIR / f"{QUIZ_LESSON}-quiz-answered.png"))


def test_verdict_saved_by_clicks(lab: bs.LabServer | None, browser: Any) -> None:
    """In 00-start-here: Save with nothing chosen asks gently; a verdict and reason land in the progress file."""
    require_browser()
    assert lab is not None and browser is not None
    from playwright.sync_api import expect

    from coursekit import verdicts

    page = _run_page(browser, lab, QUIZ_LESSON)
    widget = page.locator(".course-verdicts").first
    expect(widget).to_be_visible(timeout=WIDGET_SETTLE_TIMEOUT_MS)
    widget.scroll_into_view_if_needed()
    save = widget.get_by_role("button", name="Save verdict").first
    status = widget.locator(".course-verdict-status").first

    save.click()
    expect(status).to_have_text(verdicts.judge(None, "").message, timeout=10_000)
    widget.locator("select").first.select_option(label="partly supported")
    widget.locator("input[type=text]").first.fill("Drills are real; 'theatre' is a judgement.")
    save.click()
    expect(status).to_have_text("Saved your verdict: partly supported.", timeout=10_000)

    record = json.loads(lab.progress_file.read_text(encoding="utf-8"))
    saved = record["lessons"][QUIZ_LESSON]["verdicts"]
    assert [v["verdict"] for v in saved.values()] == ["partly supported"]
    assert next(iter(saved.values()))["reason"] == "Drills are real; 'theatre' is a judgement."
    page.screenshot(path=str(bs.ARTIFACT_DIR / f"{QUIZ_LESSON}-verdict-saved.png"))


# --------------------------------------------------------------------------- keyboard only
# Each widget is reached by putting the focus on its first control, as a Tab from the control
# before it would (a code cell's editor lies between widgets, and Tab inside an editor indents);
# everything after that is keys: Tab, arrows, Space, Enter, and typed text.
_NOTEBOOK_STATE = _js("""return {active: panel.content.activeCellIndex, cells: panel.content.widgets.length,
                                 mode: panel.content.mode};""")


def _run_page(browser: Any, lab: bs.LabServer, lesson: str) -> Any:
    page = _RUN_PAGES.get(lesson)
    if page is None:  # the notebook test did not leave its page (run alone, or it failed)
        page, _seconds = open_and_run(browser, lab, f"{lesson}.ipynb")
        _RUN_PAGES[lesson] = page
    page.bring_to_front()  # a kept page is a background tab by now, and Chromium slows those down
    return page


class Keyboard:
    """Presses keys on one page and checks, after each, that the notebook did not take them."""

    def __init__(self, page: Any, lesson: str) -> None:
        self.page, self.name = page, f"{lesson}.ipynb"
        self.before = page.evaluate(_NOTEBOOK_STATE, self.name)

    def start_at(self, control: Any) -> None:
        """Put the focus on a widget's first control (JupyterLab makes its cell the active one)."""
        control.focus()
        self.page.wait_for_timeout(100)
        self.before = self.page.evaluate(_NOTEBOOK_STATE, self.name)

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.page.keyboard.press(key)
            state = self.page.evaluate(_NOTEBOOK_STATE, self.name)
            assert state == self.before, (
                f"{self.name}: pressing {key} in a course widget changed the notebook "
                f"(before {self.before}, after {state}): JupyterLab took the key")

    def settle(self) -> None:
        """Let the kernel take the choice before a button press: ipywidgets holds back a value
        update while an earlier one is in flight, but sends a button press at once (a person
        takes longer than a test between choosing and pressing)."""
        self.page.locator(".jp-StatusBar-TextItem", has_text=re.compile(r"\|\s*Idle")).first.wait_for()
        self.page.wait_for_timeout(300)

    def type(self, text: str) -> None:
        self.page.keyboard.type(text)
        assert self.page.evaluate(_NOTEBOOK_STATE, self.name) == self.before

    def focused(self) -> str:
        return self.page.evaluate("""() => { const el = document.activeElement;
            return el ? (el.getAttribute('title') || el.textContent || el.value || el.tagName).trim() : ''; }""")

    def tab_to(self, wanted: str, limit: int = 12) -> None:
        """Press Tab until the focused control's title or text is ``wanted``."""
        for _ in range(limit):
            if self.focused() == wanted:
                return
            self.press("Tab")
        assert self.focused() == wanted, f"{self.name}: {limit} Tabs did not reach '{wanted}' (at '{self.focused()}')"


def test_keyboard_only_quiz_answer(lab: bs.LabServer | None, browser: Any) -> None:
    """Arrow keys choose an option (the notebook stays put), Tab reaches Submit, Enter submits."""
    require_browser()
    assert lab is not None and browser is not None
    from playwright.sync_api import expect

    from coursekit import quiz

    _title, questions = quiz.load_bank(QUIZ_LESSON, bs.notebooks_dir() / "quizzes")
    index, question = next((i, q) for i, q in enumerate(questions) if q.kind == "single")
    right = quiz.display_order(question).index(next(i for i, o in enumerate(question.options) if o.correct))
    page = _run_page(browser, lab, QUIZ_LESSON)
    box = page.locator(".course-quiz").first.locator(":scope > .widget-vbox").nth(index)
    radios = box.locator("input[type=radio]")
    group = box.locator("[role=radiogroup]")
    expect(group).to_have_attribute("aria-label", re.compile(rf"^Q{index + 1}\. "))  # named by its question
    keys = Keyboard(page, QUIZ_LESSON)
    keys.start_at(radios.first)
    keys.press("ArrowDown", right) if right else keys.press("Space")  # arrows move and choose
    expect(radios.nth(right)).to_be_checked()
    keys.settle()
    keys.tab_to("Check this answer")  # Submit's tooltip: one Tab, the options are one group
    keys.press("Enter")
    expect(box.locator(".course-quiz-feedback")).to_have_text(re.compile(r"^\s*" + re.escape("\u2705 Correct")),
                                                              timeout=10_000)


def test_keyboard_only_verdict(lab: bs.LabServer | None, browser: Any) -> None:
    """Arrow keys pick a verdict in the menu, the reason is typed, Space on Save stores it."""
    require_browser()
    assert lab is not None and browser is not None
    from playwright.sync_api import expect

    from coursekit import verdicts

    page = _run_page(browser, lab, QUIZ_LESSON)
    widget = page.locator(".course-verdicts").first
    keys = Keyboard(page, QUIZ_LESSON)
    keys.start_at(widget.locator("select").first)
    menu = widget.locator("select").first
    for _ in range(len(verdicts.VERDICTS) + 1):  # down the menu until the verdict wanted is chosen
        shown = menu.evaluate("(el) => el.selectedIndex >= 0 ? el.options[el.selectedIndex].text : ''")
        if shown.replace("\xa0", " ") == "not supported":  # ipywidgets writes labels with no-break spaces
            break
        keys.press("ArrowDown")
        keys.settle()  # a person reads the menu before the next press
    keys.press("Tab")
    keys.type("No drill record shows a joint command.")
    keys.press("Tab")  # leaving the box sends the reason to the kernel
    keys.settle()
    keys.tab_to(f"Save your verdict on {verdicts.lesson_claims(QUIZ_LESSON)['claim_id'].iloc[0]}")
    keys.press("Space")
    expect(widget.locator(".course-verdict-status").first).to_have_text("Saved your verdict: not supported.",
                                                                      timeout=10_000)
    record = json.loads(lab.progress_file.read_text(encoding="utf-8"))
    saved = next(iter(record["lessons"][QUIZ_LESSON]["verdicts"].values()))
    assert saved == {**saved, "verdict": "not supported", "reason": "No drill record shows a joint command."}

    # Escape leaves the widget for its cell, where JupyterLab's own keys work again, from a text box too
    # (ipywidgets' text boxes stop every key they receive).
    keys.start_at(widget.locator("input[type=text]").first)
    page.keyboard.press("Escape")
    assert page.evaluate("() => document.activeElement.classList.contains('jp-Cell')"), \
        f"Escape did not return the focus to the cell (focus on {keys.focused()!r})"
    before = page.evaluate(_NOTEBOOK_STATE, keys.name)["active"]
    page.keyboard.press("ArrowUp")
    assert page.evaluate(_NOTEBOOK_STATE, keys.name)["active"] == before - 1, "arrows move between cells again"


def test_keyboard_only_predictions_and_reveals(lab: bs.LabServer | None, browser: Any) -> None:
    """Both kinds of prediction typed and saved with the keyboard, then revealed with Enter and locked."""
    require_browser()
    assert lab is not None and browser is not None
    from playwright.sync_api import expect

    page = _run_page(browser, lab, QUIZ_LESSON)
    statement, quantity = page.locator(".course-prediction").nth(0), page.locator(".course-prediction").nth(1)
    keys = Keyboard(page, QUIZ_LESSON)
    keys.start_at(statement.locator("input[type=text]").first)
    keys.type("150")  # out of range first: a sentence, nothing saved
    keys.tab_to("Save your prediction before you look at the data")
    keys.press("Enter")
    expect(statement.locator(".course-prediction-status")).to_contain_text("150 is outside that range")
    keys.press("Shift+Tab")  # back to the box, which keeps the learner's "150"
    expect(statement.locator("input[type=text]").first).to_have_value("150")
    for _ in range(3):
        keys.press("Backspace")
    keys.type("70")
    keys.press("Tab")
    keys.press("Enter")
    expect(statement.locator(".course-prediction-status")).to_contain_text("Saved: 70% that it is true")

    keys.start_at(quantity.locator("input[type=text]").first)
    focus_ring = page.evaluate("() => getComputedStyle(document.activeElement).outlineWidth")
    assert focus_ring == "3px", f"a focused text box needs the course's 3px focus ring (has {focus_ring})"
    for text in ("250 thousand", "100000", "400000"):
        keys.type(text)
        keys.press("Tab")
    keys.press("Space")
    expect(quantity.locator(".course-prediction-status")).to_contain_text("Saved: best guess 250,000 troops")

    reveals = page.locator(".course-reveal")
    for number in range(2):
        reveal = reveals.nth(number)
        keys.start_at(reveal.get_by_role("button", name="Reveal the answer"))
        keys.press("Enter")
        expect(reveal.locator(".course-reveal-result")).to_contain_text(
            "The statement is TRUE" if number == 0 else "The answer: 300,000 troops", timeout=10_000)
        assert keys.focused() == "Show the true value; your prediction is then locked", \
            "after the reveal the focus stays on its button, not at the top of the page"
    expect(quantity.locator(".course-prediction-status")).to_contain_text("locked")
    expect(quantity.get_by_role("button", name="Save prediction")).to_be_disabled()
    stored = json.loads(lab.progress_file.read_text(encoding="utf-8"))["lessons"][QUIZ_LESSON]["predictions"]
    assert stored["empirical-majority"]["probability"] == 70 and stored["empirical-majority"]["revealed"]
    assert stored["vostok-claimed-total"]["inside"] is True and stored["vostok-claimed-total"]["revealed"]
    page.screenshot(path=str(bs.ARTIFACT_DIR / f"{QUIZ_LESSON}-keyboard.png"))


def test_keyboard_only_explorers_sorter_and_scorecard(lab: bs.LabServer | None, browser: Any) -> None:
    """The table explorer's menu, the claim sorter and the scorecard's sliders answer to keys alone."""
    require_browser()
    assert lab is not None and browser is not None
    from playwright.sync_api import expect

    page = _run_page(browser, lab, QUIZ_LESSON)
    explorer = page.locator(".course-widget:has(.course-explorer-table)").first
    table = explorer.locator(".course-explorer-table")
    before = table.inner_text()
    keys = Keyboard(page, QUIZ_LESSON)
    keys.start_at(explorer.locator("select"))
    keys.press("ArrowDown")
    expect(table).not_to_have_text(before)

    page = _run_page(browser, lab, "01-panic-narrative")
    sorter = page.locator(".course-sorter").first
    keys = Keyboard(page, "01-panic-narrative")
    keys.start_at(sorter.locator("select").first)
    keys.press("ArrowDown")  # "Empirical", the course team's type for C01
    keys.settle()
    keys.tab_to("Compare your types with the course team's typing", limit=30)
    keys.press("Enter")
    expect(sorter.locator(".widget-html").last).to_contain_text("C01", timeout=10_000)

    page = _run_page(browser, lab, "02-interoperability")
    scorecard = page.locator(".course-scorecard").first
    handle = scorecard.locator(".noUi-handle, [role=slider]").first
    result = scorecard.locator(".course-scorecard-result")
    before = result.inner_text()
    keys = Keyboard(page, "02-interoperability")
    keys.start_at(handle)
    keys.press("ArrowRight", 2)
    expect(result).not_to_have_text(before)
    evidence = page.locator(".course-widget:has(.course-evidence-text)").first
    text = evidence.locator(".course-evidence-text")
    before = text.inner_text()
    keys.start_at(evidence.locator("select"))
    keys.press("ArrowDown")
    expect(text).not_to_have_text(before)


def test_keyboard_only_joint_or_alone_and_spread_model(lab: bs.LabServer | None, browser: Any) -> None:
    """Lesson 06's joint-or-alone sorter (pick, Tab to Check and save, Enter: graded and saved) and the
    narrative-spread model's sliders (arrow keys change the run) answer to keys alone."""
    require_browser()
    assert lab is not None and browser is not None
    from playwright.sync_api import expect

    lesson = "06-information-operations"
    page = _run_page(browser, lab, lesson)
    sorter = page.locator(".course-joint").first
    keys = Keyboard(page, lesson)
    keys.start_at(sorter.locator("select").first)
    keys.press("ArrowDown")  # the first reading in the menu
    keys.settle()
    keys.tab_to("Compare your readings with the course's and save them", limit=40)
    keys.press("Enter")
    feedback = sorter.locator("[role=status]").last
    expect(feedback).to_contain_text("Saved your readings.", timeout=10_000)
    expect(feedback).to_contain_text("J06-01")
    stored = json.loads(lab.progress_file.read_text(encoding="utf-8"))["lessons"][lesson]["joint_or_alone"]
    assert stored["J06-01"]["choice"] == "joint", stored

    spread = page.locator(".course-spread").first
    result = spread.locator(".course-spread-result")
    before = result.inner_text()
    handles = spread.locator("[role=slider]")
    expect(handles.nth(3)).to_have_attribute("aria-label", re.compile(r"friction"))  # named by its label
    keys.start_at(handles.nth(3))  # friction: changes posts per post
    keys.press("ArrowRight", 2)
    expect(result).not_to_have_text(before, timeout=10_000)
    page.screenshot(path=str(bs.ARTIFACT_DIR / f"{lesson}-keyboard.png"))


def test_keyboard_scrolls_a_wide_table_and_opens_a_chart_data_table(lab: bs.LabServer | None, browser: Any) -> None:
    """Lesson 07's wide tables: Tab reaches the box and the arrow keys scroll it (the notebook stays put);
    a chart's "Data table" opens with Enter and shows its rows with column headers."""
    require_browser()
    assert lab is not None and browser is not None
    from playwright.sync_api import expect

    lesson = "07-critical-minerals"
    page = _run_page(browser, lab, lesson)
    boxes = page.locator(".course-table-wide")
    scrolling = [i for i in range(boxes.count()) if boxes.nth(i).evaluate("(el) => el.scrollWidth > el.clientWidth")]
    assert scrolling, "no wide table scrolls in lesson 07: nothing to test"
    box = boxes.nth(scrolling[0])
    # Every table that scrolls here is in a box (JupyterLab's own output area does not scroll instead).
    bare = page.evaluate("""() => Array.from(document.querySelectorAll('.jp-OutputArea-output'))
        .filter((el) => el.scrollWidth > el.clientWidth + 1 && el.querySelector('table.dataframe')).length""")
    assert bare == 0, f"{bare} table output(s) scroll outside a keyboard-reachable box"
    expect(box).to_have_attribute("tabindex", "0")
    expect(box).to_have_attribute("aria-label", re.compile(r"^Table of .*wider than the page"))
    keys = Keyboard(page, lesson)
    keys.start_at(box)
    keys.press("ArrowRight", 4)
    try:  # Chromium scrolls smoothly: the position moves over a few frames
        page.wait_for_function("(el) => el.scrollLeft > 0", arg=box.element_handle(), timeout=5_000)
    except Exception:
        pass
    assert box.evaluate("(el) => el.scrollLeft") > 0, "arrow keys did not scroll the focused wide table"

    details = page.locator("details.course-chart-data").first
    summary = details.locator("summary")
    expect(summary).to_have_text(re.compile(r"^Data table: "))
    keys.start_at(summary)
    keys.press("Enter")
    expect(details).to_have_attribute("open", "")
    expect(details.locator("th[scope=col]").first).to_be_visible()
    assert details.locator("tbody tr").count() >= 1
