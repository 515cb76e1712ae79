"""A reflection prompt (lesson 09): a text box and *Save*, the answer kept in the progress file.

Why saved: the take-away record prints the reflections beside the learner's verdicts, so the learner leaves
with their own answer to the course question, in their own words. An empty or one-word answer gets a
friendly nudge, not a save; the saved text comes back when the cell is re-run or the notebook reopened.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

from coursekit import progress
from coursekit.synthesis.hypotheses import LESSON
from coursekit.widget_tools import after_pending_input, close_tree, keyboard_ready, replace_view, shared, status_html

MIN_WORDS = 3
MAX_CHARS = 3000
_LIVE: dict[str, "ReflectionView"] = {}


def check_text(text: Any) -> tuple[bool, str]:
    """``(True, cleaned)`` for an answer worth saving, else ``(False, what to do)``."""
    if not isinstance(text, str) or not text.strip():
        return False, "Write your answer in the box first, then press Save."
    cleaned = text.strip()
    if len(cleaned.split()) < MIN_WORDS:
        return False, f"Say a little more (at least {MIN_WORDS} words): which evidence, which reason?"
    if len(cleaned) > MAX_CHARS:
        return False, f"Keep it to {MAX_CHARS} characters (yours has {len(cleaned)}): the key points only."
    return True, cleaned


class ReflectionView:
    """The prompt, a text area, Save and a status line for one reflection prompt."""

    def __init__(self, prompt_id: str, prompt: str, path: Path | None = None, label: str = "Your answer") -> None:
        import ipywidgets as w

        self.prompt_id, self.prompt, self.path = prompt_id, prompt, path
        saved, notice = progress.reflections(LESSON, path)
        before = saved.get(prompt_id, {})
        self.text = w.Textarea(value=str(before.get("text", "")), placeholder="Your answer, in a few sentences",
                               continuous_update=True, description=label,
                               layout=shared("layout", width="95%", height="7em"), style=shared("text"))
        # The button says what it saves, so three on a page do not sound the same ("Save your verdict").
        save_text = "Save my answer" if label == "Your answer" else f"Save {label[:1].lower()}{label[1:]}"
        self.save_button = w.Button(description=save_text, button_style="primary",
                                    tooltip=f"{save_text} to the progress file", layout=shared("layout"), style=shared("button"))
        self.status = w.HTML(status_html(notice, "warning") if notice else
                             status_html("Saved earlier; edit it and press Save to replace it.", "info")
                             if before.get("text") else "", layout=shared("layout"), style=shared("html"))
        self.saved_text = str(before.get("text", "")).strip()
        # continuous_update=True (unlike the course's one-line boxes, see widget_tools): a learner who edited a
        # saved answer and scrolled away with the mouse kept reading "Saved your answer." (round 3), because the
        # box synced only on leaving it. Each keystroke now reaches _changed; Save still waits for held updates
        # (after_pending_input), so the saved text is the whole text typed.
        self.text.observe(self._changed, names="value")
        self.save_button.on_click(lambda _b: after_pending_input(self.save))
        head = w.HTML(f"<p><b>{html.escape(prompt)}</b></p>", layout=shared("layout"), style=shared("html"))
        self.widget = keyboard_ready(w.VBox([head, self.text, w.HBox([self.save_button, self.status], layout=shared("layout"))],
                                            layout=shared("layout", max_width="860px")))
        self.widget.add_class("course-reflection")

    def save(self) -> bool:
        ok, cleaned = check_text(self.text.value)
        if not ok:
            self.status.value = status_html(cleaned, "problem")
            return False
        report = progress.save_reflection(LESSON, self.prompt_id, self.prompt, cleaned, self.path)
        if not report.saved:
            self.status.value = status_html(report.message, "problem")
            return False
        self.saved_text = cleaned
        self.status.value = status_html(report.message or "Saved your answer.", "warning" if report.message else "ok")
        return True

    def _changed(self, _change: Any = None) -> None:
        """The text changed (the box syncs as the learner types): say at once whether it is still the saved
        answer, as predictions and verdicts do, so "Saved your answer." never stands beside an unsaved edit."""
        if self.text.value.strip() == self.saved_text:
            if self.saved_text:
                self.status.value = status_html("Saved: the box shows your saved answer.", "ok")
            return
        self.status.value = status_html(f"Changed, not saved yet: press '{self.save_button.description}' to keep it."
                                        + (" Your saved answer still stands until then." if self.saved_text
                                           else ""), "warning")

    def take_from(self, previous: "ReflectionView") -> None:
        """Keep text typed before a re-run, saved or not."""
        if previous.text.value:
            self.text.value = previous.text.value

    def close(self) -> None:
        self.save_button._click_handlers.callbacks.clear()
        close_tree(self.widget)


def show_reflection(prompt_id: str, prompt: str, path: Path | None = None, label: str = "Your answer") -> Any:
    """A reflection box for ``prompt_id`` (e.g. "verdict") asking ``prompt``; re-running keeps what was typed.

    ``label`` names the text box (what a screen reader says on reaching it): give each box on a page its own."""
    return replace_view(_LIVE, prompt_id, ReflectionView(prompt_id, prompt, path, label), ReflectionView.take_from)


def current_reflection(prompt_id: str) -> ReflectionView | None:
    """The live view for ``prompt_id`` (tests drive it without a browser)."""
    return _LIVE.get(prompt_id)
