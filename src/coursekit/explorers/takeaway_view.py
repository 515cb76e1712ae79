"""The take-away buttons (lesson 09): write the record to download, and bring a saved progress file back.

Two separate widgets, because they sit in different places: bringing a file back belongs near the top of the
lesson (before the ledger reads the progress file), writing the record at the end. The checks and the writing
are :mod:`coursekit.synthesis.takeaway`; these only call it and show its message.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

from coursekit.synthesis import takeaway
from coursekit.widget_tools import after_pending_input, close_tree, keyboard_ready, replace_view, shared, status_html

_LIVE: dict[str, Any] = {}
MODE_CHOICES = [("Merge it with my progress here (keeps both)", "merge"),
                ("Replace my progress here with the file", "replace")]


class TakeawayView:
    """A *Write my record* button and a status line."""

    def __init__(self, path: Path | None = None) -> None:
        import ipywidgets as w

        self.path = path
        self.button = w.Button(description="Write my record", button_style="primary",
                               tooltip="Write my-analysis.html and my-progress.json to download",
                               layout=shared("layout"), style=shared("button"))
        self.status = w.HTML(layout=shared("layout"), style=shared("html"))
        self.button.on_click(lambda _b: after_pending_input(self.write))
        self.widget = keyboard_ready(w.VBox([self.button, self.status], layout=shared("layout")))
        self.widget.add_class("course-takeaway")

    def write(self) -> takeaway.Written:
        written = takeaway.write_record(self.path)
        self.status.value = status_html(written.message, "ok" if written.ok else "problem")
        return written

    def take_from(self, previous: "TakeawayView") -> None:
        self.status.value = previous.status.value

    def close(self) -> None:
        self.button._click_handlers.callbacks.clear()
        close_tree(self.widget)


def uploaded_bytes(value: Any) -> bytes | None:
    """The content of the first file in a FileUpload's value (ipywidgets 8: a tuple of dicts), else None."""
    files = list(value.values()) if isinstance(value, dict) else list(value or ())
    if not files or not isinstance(files[0], dict) or files[0].get("content") is None:
        return None
    return bytes(files[0]["content"])


class BringBackView:
    """A file chooser, a merge/replace menu, *Check and bring back*, and a status line."""

    def __init__(self, path: Path | None = None) -> None:
        import ipywidgets as w

        self.path = path
        self.upload = w.FileUpload(accept=".json", multiple=False, description="Choose file",
                                   tooltip="Choose the saved progress file (my-progress.json)",
                                   layout=shared("layout"), style=shared("button"))
        self.mode = w.Dropdown(options=MODE_CHOICES, value="merge", description="How", layout=shared("layout"),
                               style=shared("description"))
        self.button = w.Button(description="Check and bring back", button_style="primary",
                               tooltip="Check the file; if it is a progress file from this course, bring it back",
                               layout=shared("layout"), style=shared("button"))
        self.status = w.HTML(layout=shared("layout"), style=shared("html"))
        self.button.on_click(lambda _b: after_pending_input(self.bring_back))
        self.widget = keyboard_ready(w.VBox([self.upload, self.mode, self.button, self.status], layout=shared("layout")))
        self.widget.add_class("course-bring-back")

    def bring_back(self) -> takeaway.Brought:
        content = uploaded_bytes(self.upload.value)
        if content is None:
            result = takeaway.Brought(False, "Choose a saved progress file first (Choose file), then press "
                                             "Check and bring back.")
        else:
            result = takeaway.bring_back(content, self.mode.value, self.path)
        self.status.value = status_html(result.message, "ok" if result.ok else "problem")
        return result

    def take_from(self, previous: "BringBackView") -> None:
        self.mode.value = previous.mode.value

    def close(self) -> None:
        self.button._click_handlers.callbacks.clear()
        close_tree(self.widget)


def show_takeaway(path: Path | None = None) -> Any:
    """The *Write my record* button (``path``: the progress file, for tests)."""
    return replace_view(_LIVE, "takeaway", TakeawayView(path), TakeawayView.take_from)


def show_bring_back(path: Path | None = None) -> Any:
    """The bring-back widget: choose a saved progress file, check it, merge or replace."""
    return replace_view(_LIVE, "bring_back", BringBackView(path), BringBackView.take_from)


def current(kind: str) -> Any:
    """The live view, ``kind`` "takeaway" or "bring_back" (tests drive it without a browser)."""
    return _LIVE.get(kind)
