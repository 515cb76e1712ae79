"""What every course widget needs: re-run safety and keyboard operation inside JupyterLab."""
from __future__ import annotations

import asyncio
import html
from functools import lru_cache
from typing import Any, Callable

KEYBOARD_CLASS = "course-widget"

# JupyterLab listens for keys on the whole page (in the bubbling phase) and, while a notebook is in
# command mode, maps ArrowUp/ArrowDown, letters (A, B, D D, M, ...) and Shift+arrows to notebook
# commands, unless the focused element is a text box. On a focused radio button, menu, checkbox,
# slider or button, ArrowDown therefore moved the notebook's cell selection instead of the choice.
# This listener sits on the widget's root element and stops those keys from bubbling past it, so
# the control keeps its native keyboard behaviour. Keys with Ctrl/Cmd/Alt (save, undo...) and
# Shift+Enter (run the cell) still reach JupyterLab; Escape returns the focus to the widget's cell.
# It waits until the widget is on the page; it also makes each set of radio buttons one group (see
# groupRadios) and gives focused controls a clear outline.
_KEYBOARD_ESM = """
function ownsKey(event) {
  if (event.ctrlKey || event.metaKey || event.altKey) return false;
  if (event.key === "Escape" || (event.key === "Enter" && event.shiftKey)) return false;
  return true;
}
// ipywidgets' radio buttons carry no shared name, so each option is its own Tab stop and a screen
// reader cannot say "2 of 4". A shared name makes each question one radio group: Tab in, arrows to
// choose, Tab on to Submit, as in any web form.
function groupRadios(root) {
  root.querySelectorAll(".widget-radio-box").forEach((box) => {
    if (!box.dataset.courseGroup) {
      box.dataset.courseGroup = "course-radio-" + Math.random().toString(36).slice(2);
      box.setAttribute("role", "radiogroup");
      // The group's name is the question above it (a screen reader otherwise announces a nameless group).
      const prompt = box.parentElement && box.parentElement.previousElementSibling;
      if (prompt && prompt.textContent.trim()) box.setAttribute("aria-label", prompt.textContent.trim().slice(0, 300));
      // In a named group the arrow keys check an option without a click event, and ipywidgets
      // only listens for clicks: pass the choice on as a click.
      box.addEventListener("change", (event) => {
        if (event.target.type === "radio" && event.target.checked) event.target.click();
      });
    }
    box.querySelectorAll('input[type="radio"]').forEach((input) => { input.name = box.dataset.courseGroup; });
  });
}
// ipywidgets' slider handle (role="slider") has no accessible name: its visible description is a separate label,
// so a screen reader announced five sliders as "slider, 10" alike (lesson 06's learner). Name each handle by it.
function nameSliders(root) {
  root.querySelectorAll(".widget-slider").forEach((slider) => {
    const label = slider.querySelector(".widget-label");
    const name = label ? label.textContent.trim() : "";
    if (!name) return;
    slider.querySelectorAll('[role="slider"], .noUi-handle').forEach((handle) => {
      if (handle.getAttribute("aria-label") !== name) handle.setAttribute("aria-label", name);
    });
  });
}
// A clear focus ring for keyboard users (JupyterLab's is a faint 1px line on checkboxes), once per page.
function addFocusStyle() {
  if (document.getElementById("course-widget-focus")) return;
  const style = document.createElement("style");
  style.id = "course-widget-focus";
  style.textContent = ".COURSE_WIDGET_CLASS :focus-visible, .COURSE_WIDGET_CLASS input:focus, " +
    ".COURSE_WIDGET_CLASS textarea:focus { outline: 3px solid #1a5fb4 !important; outline-offset: 2px; }";
  document.head.appendChild(style);
}
// Escape leaves the widget: the focus goes back to its cell, where JupyterLab's keys work again
// (arrows move between cells, Enter edits, Shift+Enter runs).
function leaveOnEscape(root, event) {
  if (event.key !== "Escape" || event.ctrlKey || event.metaKey || event.altKey) return;
  const cell = root.closest(".jp-Cell");
  if (!cell) return;
  event.stopPropagation();
  event.preventDefault();
  cell.focus();
}
function render({ el }) {
  addFocusStyle();
  let tries = 0;
  const attach = () => {
    const root = el.closest(".COURSE_WIDGET_CLASS");
    if (!root) {
      if (++tries < 400) setTimeout(attach, 25);
      return;
    }
    if (root.dataset.courseKeyboard === "on") return;
    root.dataset.courseKeyboard = "on";
    root.addEventListener("keydown", (event) => { if (ownsKey(event)) event.stopPropagation(); });
    // Escape is taken in the capture phase: ipywidgets' text boxes stop every key they receive.
    root.addEventListener("keydown", (event) => leaveOnEscape(root, event), true);
    groupRadios(root);
    nameSliders(root);
    new MutationObserver(() => { groupRadios(root); nameSliders(root); })
      .observe(root, { childList: true, subtree: true });
  };
  attach();
}
export default { render };
""".replace("COURSE_WIDGET_CLASS", KEYBOARD_CLASS)


@lru_cache(maxsize=1)
def _guard_class() -> type:
    """The anywidget class, made on first use (importing anywidget costs ~30 ms; lessons pay it once)."""
    import anywidget
    import traitlets

    class KeyboardGuard(anywidget.AnyWidget):
        """Invisible: its front-end code gives the surrounding course widget the keyboard (see above)."""

        _esm = traitlets.Unicode(_KEYBOARD_ESM).tag(sync=True)

    return KeyboardGuard


# Text boxes in course widgets use continuous_update=False. ipywidgets holds back a value update
# while an earlier one is still on its way to the kernel, but sends a button press at once; with
# an update per keystroke, a reason typed fast and saved at once could reach the kernel cut short.
# One update when the learner leaves the box (Tab, Enter or a click elsewhere) keeps them in order.


STATUS_COLOURS = {"ok": "#1b5e20", "problem": "#8a1c1c", "warning": "#7a4f00", "info": "#333333"}


# How long a button's action waits for input the browser sent just before the click (see after_pending_input).
SETTLE_SECONDS = 0.35


def after_pending_input(action: Callable[[], Any]) -> None:
    """Run ``action`` once the kernel has taken any choice the browser sent just before the click.

    Why: ipywidgets sends at most one update per widget at a time and holds the next until the kernel
    answers, but a button's click travels on its own. A learner who pressed an arrow key twice and then
    Enter had the previous choice graded (two learners' runs, 3 times in 3 at full speed). In a kernel the
    action waits SETTLE_SECONDS on the event loop, so held updates arrive first; outside one (tests,
    scripts) it runs at once.
    """
    try:
        loop = asyncio.get_running_loop()
    except RuntimeError:
        action()
        return
    loop.call_later(SETTLE_SECONDS, action)


def on_enter(box: Any, action: Callable[[], Any]) -> None:
    """Run ``action`` when the learner presses Enter in the text ``box`` (as a click on its button would).

    Learners expected Enter to submit a number or save a reason, as in any web form, and took the
    silence for a save. The box's browser side sends a "submit" message on Enter; listening for it
    directly avoids ipywidgets' deprecated ``on_submit``.
    """
    def handle(_widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("event") == "submit":
            after_pending_input(action)

    box.on_msg(handle)


def status_html(message: str, kind: str) -> str:
    """A status line screen readers announce (``role="status"``), coloured by ``kind``, one line per line."""
    body = "<br>".join(html.escape(line) for line in message.splitlines())
    return f'<span role="status" style="color:{STATUS_COLOURS[kind]}">{body}</span>'


_SHARED: dict[tuple[str, tuple[tuple[str, Any], ...]], Any] = {}


def shared(kind: str, **properties: Any) -> Any:
    """One ``Layout`` (kind "layout") or style ("button", "html", "text", "description", "checkbox") with
    ``properties`` (none: the defaults) that many widgets can share, e.g. ``shared("layout", width="auto")``.

    Why: every ipywidget makes its own Layout (and most their own style) unless given one, and each
    costs about as much as the widget itself (about 1 ms in a kernel, its comm message included). A quiz
    or a claims-on-trial list builds a hundred widgets, so sharing nearly halves the time they take.
    The shared objects are never changed after they are made (callers must not set their traits);
    one closed by accident (``Widget.close_all``) is made again.
    """
    import ipywidgets as w
    from ipywidgets.widgets.widget_bool import CheckboxStyle
    from ipywidgets.widgets.widget_description import DescriptionStyle
    from ipywidgets.widgets.widget_string import HTMLStyle, TextStyle

    key = (kind, tuple(sorted(properties.items())))
    made = _SHARED.get(key)
    if made is None or getattr(made, "comm", None) is None:
        made = _SHARED[key] = {"layout": w.Layout, "button": w.ButtonStyle, "html": HTMLStyle, "text": TextStyle,
                               "description": DescriptionStyle, "checkbox": CheckboxStyle}[kind](**properties)
    return made


def keyboard_ready(box: Any) -> Any:
    """Mark ``box`` (a VBox/HBox) as a course widget and add the invisible keyboard guard to it.

    Why every course widget needs it: without it, a learner who cannot use a mouse cannot choose a
    quiz option or a verdict with the arrow keys (see ``_KEYBOARD_ESM``).
    """
    guard = _guard_class()(layout=shared("layout", display="none"))
    box.add_class(KEYBOARD_CLASS)
    box.children = (*box.children, guard)
    return box


def close_tree(widget: Any) -> None:
    """Close a widget and everything inside it.

    Why not ``Widget.close_all``: that closes every widget in the kernel, including other
    lessons' quizzes and explorers still on screen.
    """
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()


def replace_view(registry: dict[str, Any], key: str, view: Any, carry_over: Callable[[Any, Any], None]) -> Any:
    """Register ``view`` under ``key`` and return its widget for the cell to display.

    Why: a learner re-runs cells. A view shown before under the same key hands its state
    (answers, slider positions, typed text) to the new one via ``carry_over(new, old)`` and is
    closed, so nothing typed is lost and click handlers never pile up.
    """
    previous = registry.pop(key, None)
    if previous is not None:
        carry_over(view, previous)
        previous.close()
    registry[key] = view
    return view.widget
