"""Small helpers shared by the course's widgets (quiz, claims on trial)."""
from __future__ import annotations

from typing import Any, Callable


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
