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


def test_nothing_before_claims_on_trial_gives_away_the_readings_of_lesson_09s_own_claims():
    """The course's readings of C27-C30 are hidden until judged (coursekit.synthesis.ledger); a count over all 30
    claims shown beside the 26 others' readings gave them away by subtraction (specialist, Dec 2026)."""
    from coursekit import answers, predictions
    from coursekit.data import load

    cells = nbformat.read(LESSON, as_version=4).cells
    trial = next(i for i, c in enumerate(cells) if 'show_verdicts("09-prescriptions")' in c.source)
    before = [c.source for c in cells[:trial] if c.cell_type == "code" and 'load("claim_readings")' in c.source]
    assert before and all('readings["lesson"] != "09"' in source for source in before)
    readings = load("claim_readings")
    _title, bank = predictions.load_bank("09-prescriptions")
    counted = [p for p in bank if p.answer_from and p.answer_from.get("dataset") == "claim_readings"]
    assert [p.id for p in counted] == ["well-supported"]
    for prediction in counted:
        figure, rows = answers.value_and_rows(prediction.answer_from)
        assert "09" not in set(load("claims").set_index("claim_id").loc[rows["claim_id"], "lesson"])
        wanted = prediction.answer_from["where"]["course_reading"]
        assert figure == ((readings["lesson"] != "09") & (readings["course_reading"] == wanted)).sum()
