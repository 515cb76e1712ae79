"""Small helpers shared by the course's widgets (quiz, claims on trial)."""
from __future__ import annotations

from typing import Any


def close_tree(widget: Any) -> None:
    """Close a widget and everything inside it.

    Why not ``Widget.close_all``: that closes every widget in the kernel, including other
    lessons' quizzes and explorers still on screen.
    """
    for child in getattr(widget, "children", ()):
        close_tree(child)
    widget.close()
