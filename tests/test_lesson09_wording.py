"""Lesson 09's wording after the second new-learner run: one count of the article's prescriptions everywhere
(a warning and three recommendations, C27–C30), and the chart cells explain the code names they mention."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat

LESSON = Path(__file__).resolve().parents[1] / "notebooks" / "09-prescriptions.ipynb"


def _markdown() -> list[str]:
    return [c.source for c in nbformat.read(LESSON, as_version=4).cells if c.cell_type == "markdown"]


def test_the_prescriptions_are_counted_one_way():
    """Cell 0 said "three prescriptions" while cells 5, 41, 43 and the summary listed four (C27–C30)."""
    cells = _markdown()
    text = "\n".join(cells)
    assert not re.search(r"\bthree prescriptions\b", text)
    header = cells[0]
    assert "a warning against answering mainly with conventional forces, and three recommendations" in header
    for must in ("one warning (do not answer mainly with more conventional forces) and three\nrecommendations",
                 "one warning (do not answer mainly with more\nconventional forces, C27) and three recommendations (C28–C30)",
                 "| C27 | Warning:", "| C30 | Recommendation:",
                 "all four (the warning and the three recommendations)"):
        assert must in text, must


def test_the_chart_cells_explain_each_code_name_they_mention():
    cells = [c for c in _markdown() if c.startswith(("**Step 2", "**Step 3"))]
    assert len(cells) == 2
    for name, clause in (("`order`", "Altair setting that fixes the stacking order"),
                         ("`yOffset`", "Altair setting that shifts a bar down"),
                         ("`finish`", "the course's helper")):
        cell = next(c for c in cells if name in c)
        assert clause in cell, name


def test_the_joint_or_alone_question_says_what_the_sorter_is():
    cell = next(c for c in _markdown() if "joint-or-alone picks" in c)
    assert "joint-or-alone sorter" in cell and "lessons 06–08" in cell
