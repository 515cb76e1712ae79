"""Lesson 09's widgets in a real browser, with the keyboard alone (JupyterLab + Debian's Chromium + Playwright).

A learner without a mouse rates an evidence item against the four hypotheses and saves it, moves to the next
item and compares with the course's ratings; applies a budget preset, is told a split does not add up, fixes
it and saves; writes and saves a reflection; writes the take-away record; and is told clearly when the file
brought back is missing or not a progress file (Enter on *Choose file* opens the operating system's file dialog,
outside the page, which the test answers). After every key the notebook's own selection and mode
must be unchanged: JupyterLab must not take a key meant for a widget.

tests/test_browser.py covers every lesson's Run All, charts, offline requests and axe-core audit, lesson 09
included; this file adds the lesson's own interactions. Same prerequisites and skip rule (tests/browser_support.py).
"""
from __future__ import annotations

import json
import os
import re
import sys
import warnings
from pathlib import Path
from typing import Any, Iterator

import pytest

import browser_support as bs

pytestmark = pytest.mark.browser

LESSON = "09-prescriptions"
NAME = f"{LESSON}.ipynb"
RUN_ALL_TIMEOUT_MS = 120_000
_js = bs.panel_js


_NOTEBOOK_STATE = _js("""return {active: panel.content.activeCellIndex, cells: panel.content.widgets.length,
                                 mode: panel.content.mode};""")
_IDLE = re.compile(r"\|\s*Idle")


def _missing_prerequisite() -> str | None:
    if not (bs.CHROMIUM.is_file() and os.access(bs.CHROMIUM, os.X_OK)):
        return f"Chromium not found at {bs.CHROMIUM}: install it with `apt-get install -y chromium`"
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "Playwright is not installed: run `make .venv/.test-installed` (tests/requirements.txt)"
    if not (bs.notebooks_dir() / NAME).exists():
        return f"{NAME} is not written yet"
    return None


@pytest.fixture(scope="module")
def page(browser_session: tuple[bs.LabServer, Any] | None) -> Iterator[tuple[Any, bs.LabServer]]:
    """Lesson 09 opened and run in JupyterLab; skipped loudly (failed under CI) without a browser.

    The server, the browser and lesson 09's run page are those tests/test_browser.py used in this process
    (conftest.py's browser_session; make test puts both files on one worker), so the lesson runs once;
    run alone, this file opens and runs it itself."""
    problem = _missing_prerequisite()
    if problem:
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"browser test cannot run on CI: {problem}", pytrace=False)
        print(f"\nWARNING: lesson 09 browser test SKIPPED: {problem}", file=sys.stderr)
        warnings.warn(pytest.PytestWarning(f"lesson 09 browser test not run: {problem}"), stacklevel=2)
        pytest.skip(f"BROWSER TEST NOT RUN: {problem}")
    assert browser_session is not None
    lab, context = browser_session
    tab = bs.RUN_PAGES.get(LESSON)
    if tab is None:  # tests/test_browser.py did not leave its page (not run in this process, or it failed)
        tab = context.new_page()
        _open_and_run(tab, lab)
        bs.RUN_PAGES[LESSON] = tab  # its kernel is shut down when the session ends
    else:
        tab.bring_to_front()  # a background tab by now, and Chromium slows those down
        tab.locator(".course-budget").first.wait_for(timeout=30_000)
    try:
        yield tab, lab
    finally:
        bs.ARTIFACT_DIR.mkdir(parents=True, exist_ok=True)
        try:
            tab.screenshot(path=str(bs.ARTIFACT_DIR / f"{LESSON}-keyboard.png"))
        except Exception:  # the page may be gone already
            pass


def _open_and_run(tab: Any, lab: bs.LabServer) -> None:
    tab.goto(lab.lab_url(NAME), wait_until="domcontentloaded", timeout=60_000)
    tab.wait_for_function("() => window.jupyterapp !== undefined", timeout=60_000)
    tab.wait_for_function(_js("return panel !== null && panel.content.widgets.length > 0;"), arg=NAME, timeout=60_000)
    tab.locator(".jp-StatusBar-TextItem", has_text=_IDLE).first.wait_for(timeout=60_000)
    tab.evaluate(_js("window.jupyterapp.shell.activateById(panel.id); window.jupyterapp.shell.collapseLeft();"), NAME)
    tab.evaluate("""() => { window.__courseRunAll = undefined;
        window.jupyterapp.commands.execute("notebook:run-all-cells").then(
            () => { window.__courseRunAll = true; }, () => { window.__courseRunAll = false; }); }""")
    tab.wait_for_function("() => window.__courseRunAll !== undefined", timeout=RUN_ALL_TIMEOUT_MS)
    tab.wait_for_function(_js("""const busy = Array.from(panel.node.querySelectorAll('.jp-InputPrompt'))
                                     .some((p) => p.textContent.includes('[*]'));
                                 const k = panel.sessionContext.session && panel.sessionContext.session.kernel;
                                 return !busy && k && k.status === 'idle';"""), arg=NAME, timeout=RUN_ALL_TIMEOUT_MS)
    tab.locator(".course-budget").first.wait_for(timeout=30_000)


class Keyboard:
    """Presses keys and checks, after each, that the notebook did not take them (as in tests/test_browser.py)."""

    def __init__(self, tab: Any) -> None:
        self.tab = tab
        self.before = tab.evaluate(_NOTEBOOK_STATE, NAME)

    def start_at(self, control: Any) -> None:
        control.focus()
        self.tab.wait_for_timeout(100)
        self.before = self.tab.evaluate(_NOTEBOOK_STATE, NAME)

    def press(self, key: str, times: int = 1) -> None:
        for _ in range(times):
            self.tab.keyboard.press(key)
            state = self.tab.evaluate(_NOTEBOOK_STATE, NAME)
            assert state == self.before, f"pressing {key} changed the notebook ({self.before} -> {state})"

    def type(self, text: str) -> None:
        self.tab.keyboard.type(text)
        assert self.tab.evaluate(_NOTEBOOK_STATE, NAME) == self.before

    def settle(self) -> None:
        self.tab.locator(".jp-StatusBar-TextItem", has_text=_IDLE).first.wait_for()
        self.tab.wait_for_timeout(400)

    def focused(self) -> str:
        return self.tab.evaluate("""() => { const el = document.activeElement;
            return el ? (el.getAttribute('title') || el.textContent || el.value || el.tagName).trim() : ''; }""")

    def tab_to(self, wanted: str, limit: int = 20) -> None:
        for _ in range(limit):
            if self.focused() == wanted:
                return
            self.press("Tab")
        assert self.focused() == wanted, f"{limit} Tabs did not reach '{wanted}' (at '{self.focused()}')"

    def choose(self, menu: Any, label: str) -> None:
        """Arrow keys on a focused menu until ``label`` is chosen (down first, then up)."""
        for key in ["ArrowDown"] * 8 + ["ArrowUp"] * 16:
            shown = menu.evaluate("(el) => el.selectedIndex >= 0 ? el.options[el.selectedIndex].text : ''")
            if shown.replace("\xa0", " ") == label:
                self.settle()
                return
            self.press(key)
        raise AssertionError(f"the arrow keys never reached '{label}'")


def _stored(lab: bs.LabServer) -> dict[str, Any]:
    return json.loads(lab.progress_file.read_text(encoding="utf-8"))["lessons"][LESSON]


def test_keyboard_only_hypothesis_matrix(page: tuple[Any, bs.LabServer]) -> None:
    from playwright.sync_api import expect

    tab, lab = page
    matrix = tab.locator(".course-hypotheses").first
    menus = matrix.locator("select")
    expect(menus).to_have_count(4)
    keys = Keyboard(tab)
    keys.start_at(menus.first)
    for number in range(4):  # C for H1, H2, H3, H4, one Tab between the menus
        keys.choose(menus.nth(number), "C: consistent")
        keys.press("Tab")
    keys.tab_to("Save every item you have rated for all four hypotheses")
    keys.press("Enter")
    expect(matrix.locator("[role=status]").first).to_contain_text("Saved your ratings of 1 of", timeout=10_000)
    first = next(iter(_stored(lab)["hypotheses"].values()))
    assert {k: v for k, v in first.items() if k != "saved"} == {"H1": "C", "H2": "C", "H3": "C", "H4": "C"}
    keys.press("Shift+Tab")  # back to Next item
    assert keys.focused() == "Show the next evidence item"
    keys.press("Enter")
    expect(matrix).to_contain_text(re.compile(r"Item 2 of \d+"), timeout=10_000)
    expect(menus.first).to_be_focused(timeout=5_000)  # Next puts the focus on H1's menu, not 5 Shift+Tabs away
    keys.tab_to("Compare your ratings with the course's, with both rankings")
    keys.press("Enter")
    expect(matrix).to_contain_text("Your ratings", timeout=10_000)
    expect(matrix).to_contain_text("The course's ratings")


def test_keyboard_only_budget(page: tuple[Any, bs.LabServer]) -> None:
    from playwright.sync_api import expect

    tab, lab = page
    budget = tab.locator(".course-budget").first
    keys = Keyboard(tab)
    keys.start_at(budget.locator("select").first)
    keys.choose(budget.locator("select").first, "Steelman the panic")
    keys.tab_to("Put the preset's split in the four boxes")
    keys.press("Enter")
    boxes = budget.locator("input[type=number]")
    expect(boxes.first).to_have_value("55", timeout=10_000)
    # Every label reads in full and every slider has a track to drag (a 9px track and cut labels: learner run).
    cut = budget.evaluate("""(el) => Array.from(el.querySelectorAll('.widget-label'))
        .filter((l) => l.textContent.trim() && l.scrollWidth > l.clientWidth + 1).map((l) => l.textContent)""")
    assert not cut, f"labels cut off: {cut}"
    tracks = budget.evaluate("""(el) => Array.from(el.querySelectorAll('.widget-hslider'))
        .map((s) => (s.querySelector('.noUi-target') || s.querySelector('.slider')).getBoundingClientRect().width)""")
    assert len(tracks) == 4 and min(tracks) >= 150, tracks
    menu_width = budget.locator("select").first.evaluate("(s) => s.getBoundingClientRect().width")
    assert menu_width >= 200, f"the preset menu is {menu_width}px wide: its choice cannot be read"
    keys.start_at(boxes.first)
    keys.press("End")
    keys.press("Backspace", 2)
    keys.type("-5")
    keys.press("Tab")  # a negative number is kept and named, not silently made 0
    expect(budget).to_contain_text("Conventional forces: points cannot be negative", timeout=10_000)
    expect(boxes.first).to_have_value("-5")
    keys.start_at(boxes.first)
    keys.press("End")
    keys.press("Backspace", 2)
    keys.press("Tab")  # an emptied box keeps its last number, as the line above the boxes says
    expect(boxes.first).to_have_value("-5", timeout=10_000)
    expect(budget).to_contain_text("a box left empty keeps its last number")
    keys.start_at(boxes.first)
    keys.press("End")
    keys.press("Backspace", 2)
    keys.type("65")
    keys.press("Tab")  # leaving the box sends the number
    expect(budget).to_contain_text("Total: 110 of 100 points (10 too many).", timeout=10_000)
    keys.settle()
    keys.tab_to("Run the model on your split and weights and save them", limit=30)
    keys.press("Enter")
    expect(budget).to_contain_text("add up to 110, not 100", timeout=10_000)
    keys.start_at(boxes.first)
    keys.press("End")
    keys.press("Backspace", 2)
    keys.type("55")
    keys.press("Tab")
    expect(budget).to_contain_text("Total: 100 of 100 points.", timeout=10_000)
    slider = budget.locator("[role=slider]").first
    expect(slider).to_have_attribute("aria-label", re.compile(r"\(weight 50 of 100\)"))  # named by its label and value
    keys.start_at(slider)
    keys.press("ArrowRight")  # the weight is in the name, as there is no readout box to Tab to
    expect(slider).to_have_attribute("aria-label", re.compile(r"\(weight 55 of 100\)"), timeout=10_000)
    assert budget.locator(".widget-readout:visible").count() == 0  # hidden, so not a Tab stop
    keys.settle()
    keys.tab_to("Run the model on your split and weights and save them", limit=30)
    keys.press("Enter")
    expect(budget).to_contain_text("Saved your split and weights.", timeout=10_000)
    expect(budget).to_contain_text("of the threat")
    assert _stored(lab)["allocation"]["spend"]["conventional"] == 55


def test_keyboard_only_reflection(page: tuple[Any, bs.LabServer]) -> None:
    from playwright.sync_api import expect

    tab, lab = page
    box = tab.locator(".course-reflection").first
    keys = Keyboard(tab)
    keys.start_at(box.locator("textarea"))
    keys.type("Alignment short of alliance: trade is lopsided and no joint command exists.")
    keys.press("Tab")
    keys.settle()
    keys.tab_to("Save your verdict to the progress file")  # the first box: "Your verdict"
    keys.press("Enter")
    expect(box.locator("[role=status]").first).to_contain_text("Saved your answer.", timeout=10_000)
    assert next(iter(_stored(lab)["reflections"].values()))["text"].startswith("Alignment short of alliance")


def choose(tab: Any, keys: Keyboard, widget: Any, file: Path) -> None:
    """Enter on *Choose file* opens the file dialog (the operating system's, outside the page: Playwright answers it)."""
    choosers: list[Any] = []

    def take(chooser: Any) -> None:
        choosers.append(chooser)

    # A listener registered ahead turns Chromium's file-dialog interception on; expect_file_chooser() turns it on
    # only as the key is pressed, and on a page as heavy as lesson 09 the dialog was missed.
    tab.on("filechooser", take)
    try:
        keys.start_at(widget.locator("button.widget-upload"))
        tab.wait_for_timeout(500)
        keys.press("Enter")
        for _ in range(50):
            if choosers:
                break
            tab.wait_for_timeout(100)
        assert choosers, "Enter on 'Choose file' did not open the file dialog"
        choosers[0].set_files(str(file))
    finally:
        tab.remove_listener("filechooser", take)
    tab.wait_for_timeout(300)
    keys.settle()


def test_keyboard_only_record_and_bring_back(page: tuple[Any, bs.LabServer], tmp_path: Path) -> None:
    from playwright.sync_api import expect

    tab, lab = page
    record = tab.locator(".course-takeaway").first
    keys = Keyboard(tab)
    keys.start_at(record.get_by_role("button", name="Write my record"))
    keys.press("Enter")
    expect(record).to_contain_text("my-analysis.html", timeout=15_000)
    written = lab.progress_file.parent / "my-analysis.html"
    assert written.exists() and "My analysis" in written.read_text(encoding="utf-8")

    back = tab.locator(".course-bring-back").first
    button = back.get_by_role("button", name="Check and bring back")
    keys.start_at(button)
    keys.press("Enter")
    expect(back).to_contain_text("Choose a saved progress file first", timeout=10_000)
    before = lab.progress_file.read_bytes() if lab.progress_file.exists() else None
    not_json = tmp_path / "photo.json"
    not_json.write_bytes(b"\x89PNG not a progress file")
    choose(tab, keys, back, not_json)
    keys.tab_to("Check the file; if it is a progress file from this course, bring it back")
    keys.press("Enter")
    expect(back).to_contain_text("not a JSON progress file", timeout=10_000)
    after = lab.progress_file.read_bytes() if lab.progress_file.exists() else None
    assert after == before, "a refused file must change nothing"
    saved = bs.REPO / "tests" / "fixtures" / "progress_states" / "partial.json"  # a learner's earlier session
    choose(tab, keys, back, saved)
    keys.tab_to("Check the file; if it is a progress file from this course, bring it back")
    keys.press("Enter")
    expect(back).to_contain_text("Brought back a progress file covering", timeout=10_000)
    assert "verdicts" in json.loads(lab.progress_file.read_text(encoding="utf-8"))["lessons"]["01-panic-narrative"]
