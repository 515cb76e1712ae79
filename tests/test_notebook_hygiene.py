"""Every notebook follows the course's conventions: names, kernel, header, outputs, paths, network."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from coursekit import quiz
from coursekit import banks
from coursekit.data import load
from coursekit.maintainer.notebook_outputs import is_checked

REPO = Path(__file__).resolve().parents[1]
FOLDERS = ("notebooks", "exercises", "solutions")
NOTEBOOKS = sorted(p for folder in FOLDERS for p in (REPO / folder).glob("*.ipynb"))
LESSONS = sorted((REPO / "notebooks").glob("*.ipynb"))
IDS = [str(p.relative_to(REPO)) for p in NOTEBOOKS]
HEADER_SECTIONS = ("## Overview", "## Learning objectives", "## Prerequisites", "## Time to learn")
LESSON_CLOSING = ("## Summary", "## Key points", "## What's next", "## Resources")
ABSOLUTE_PATH = re.compile(r"(?<![\w.])(/home/|/root/|/Users/|/tmp/|/work/|[A-Z]:\\\\)")
NETWORK_CODE = re.compile(r"https?://|\bimport (requests|urllib|httpx|socket)\b|\bfrom (requests|urllib|httpx) import")


def test_there_are_notebooks_in_every_folder():
    for folder in FOLDERS:
        assert list((REPO / folder).glob("*.ipynb")), f"{folder}/ has no notebooks"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_file_name_is_number_and_slug(path):
    assert re.fullmatch(r"\d{2}-[a-z0-9]+(-[a-z0-9]+)*\.ipynb", path.name)


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_kernelspec_is_python3(path):
    assert nbformat.read(path, as_version=4).metadata["kernelspec"]["name"] == "python3"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_outputs_only_in_checked_cells(path):
    notebook = nbformat.read(path, as_version=4)
    assert "widgets" not in notebook.metadata, "widget state is stored: strip it"
    for index, cell in enumerate(notebook.cells):
        if cell.cell_type == "code" and not is_checked(cell):
            assert not cell.outputs and cell.execution_count is None, f"cell {index} keeps outputs: strip them"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_header_cell(path):
    notebook = nbformat.read(path, as_version=4)
    header = notebook.cells[0]
    assert header.cell_type == "markdown"
    number = path.name[:2]
    assert re.match(rf"# (Exercises )?{number} · ", header.source), "title must start with the lesson number"
    for section in HEADER_SECTIONS:
        assert section in header.source, f"header lacks '{section}'"
    assert "as of" in header.source, "say which date the figures are as of"
    # Its launch links (Binder, and the class hub's if course.yml sets one): tests/test_launch_links.py.


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_is_in_catalogue_and_closes_properly(path):
    by_file = {lesson.filename: lesson for lesson in banks.lessons()}
    assert path.name in by_file, f"{path.name} is not in course.yml"
    lesson = by_file[path.name]
    notebook = nbformat.read(path, as_version=4)
    assert notebook.cells[0].source.startswith(f"# {lesson.number} · {lesson.title}")
    assert f"{lesson.minutes} min" in notebook.cells[0].source, "header minutes must match course.yml"
    closing = "\n".join(c.source for c in notebook.cells[-3:] if c.cell_type == "markdown")
    for section in LESSON_CLOSING:
        assert section in closing, f"the lesson should close with '{section}'"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_lesson_has_exercise_solution_and_valid_quiz(path):
    assert (REPO / "solutions" / path.name).exists() and (REPO / "exercises" / path.name).exists()
    title, questions = quiz.load_bank(path.stem)
    assert len(questions) >= 5, "a lesson quiz has at least five questions"


LESSONS_WITH_CLAIMS = [p for p in LESSONS if p.name[:2] in set(load("claims")["lesson"])]


@pytest.mark.parametrize("path", LESSONS_WITH_CLAIMS, ids=[p.name for p in LESSONS_WITH_CLAIMS])
def test_lesson_puts_its_claims_on_trial_and_quizzes_data_and_evidence(path):
    """The issue's promise for every lesson that tests claims: verdicts, a number read off the
    data, and a question on the quality of evidence."""
    source = "\n".join(c.source for c in nbformat.read(path, as_version=4).cells if c.cell_type == "code")
    assert f'show_verdicts("{path.stem}")' in source, "the lesson should end with its claims on trial"
    assert f'show_quiz("{path.stem}")' in source
    _title, questions = quiz.load_bank(path.stem)
    assert any(q.kind == "numeric" for q in questions), "one question reads a number off the data (answer_from)"
    assert any("evidence-quality" in q.tags for q in questions), "tag one question [evidence-quality]"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_quiz_asks_for_transfer_and_keeps_look_ups_rare(path):
    """The second-edition standard: at least two questions apply the lesson to a headline or figure it did
    not show, and at most one only reads a figure off the data."""
    _title, questions = quiz.load_bank(path.stem)
    transfer = [q.id for q in questions if "transfer" in q.tags]
    look_ups = [q.id for q in questions if "lookup" in q.tags]
    assert len(transfer) >= 2, f"tag at least two questions [transfer] (now: {transfer})"
    assert len(look_ups) <= 1, f"at most one pure look-up (now: {look_ups})"


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_no_hint_states_the_keyed_answer(path):
    """A hint guides; it must not contain the text of a correct option or a numeric answer."""
    _title, questions = quiz.load_bank(path.stem)
    for q in questions:
        hint = q.hint.lower()
        for option in q.options:
            if option.correct and len(option.text.split()) >= 2:
                assert option.text.lower().rstrip(".") not in hint, f"{q.id}: the hint gives the answer away"
        if q.kind == "numeric" and q.answer is not None and hint:
            shown = f"{q.answer:,.0f}" if float(q.answer).is_integer() else f"{q.answer:g}"
            assert not re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d,]|\.\d)", q.hint), (
                f"{q.id}: the hint states the answer {shown}")


@pytest.mark.parametrize("path", LESSONS, ids=[p.name for p in LESSONS])
def test_the_right_option_is_not_usually_the_longest(path):
    """Test-wise learners pick the longest option; specialists found it right in 4-6 of 7 items of some banks.
    Options are shown shuffled (quiz.display_order), so position is no cue; length must not be either."""
    _title, questions = quiz.load_bank(path.stem)
    singles = [q for q in questions if q.kind == "single"]
    cued = []
    for q in singles:
        lengths = sorted((len(o.text), o.correct) for o in q.options)
        if lengths[-1][1] and lengths[-1][0] > lengths[-2][0] * 1.15:  # the right one is clearly the longest
            cued.append(q.id)
    assert len(cued) <= len(singles) // 2, f"the right option is clearly the longest in {cued}: balance lengths"


PREDICTION_DIR = REPO / "notebooks" / "predictions"
LESSONS_AFTER_00 = [p for p in LESSONS if p.name[:2] != "00"]


@pytest.mark.parametrize("path", LESSONS_AFTER_00, ids=[p.name for p in LESSONS_AFTER_00])
def test_lesson_opens_with_two_or_three_predictions(path):
    """Predict first, then see: each lesson after 00 asks for 2-3 predictions before its evidence (the
    order of each prediction and its reveal is checked in tests/test_predictions.py)."""
    from coursekit import predictions

    assert (PREDICTION_DIR / f"{path.stem}.yml").exists(), f"add notebooks/predictions/{path.stem}.yml"
    items = predictions.load_bank(path.stem)[1]
    assert 2 <= len(items) <= 3, f"{path.stem}: {len(items)} predictions; the standard is 2-3"
    cells = nbformat.read(path, as_version=4).cells
    first = next(i for i, c in enumerate(cells) if c.cell_type == "code" and "show_prediction(" in c.source)
    charts = [i for i, c in enumerate(cells) if c.cell_type == "code" and "alt.Chart(" in c.source]
    assert not charts or first < charts[0], "ask for the first prediction before the first chart"


@pytest.mark.parametrize("bank", sorted((REPO / "notebooks" / "quizzes").glob("*.yml")), ids=lambda p: p.name)
def test_every_quiz_bank_is_valid_and_belongs_to_a_lesson(bank):
    assert (REPO / "notebooks" / f"{bank.stem}.ipynb").exists(), f"{bank.name} has no lesson"
    quiz.load_bank(bank.stem)  # raises QuizBankError naming every problem


@pytest.mark.parametrize("path", NOTEBOOKS, ids=IDS)
def test_no_absolute_paths_and_no_network(path):
    notebook = nbformat.read(path, as_version=4)
    for index, cell in enumerate(notebook.cells):
        text = cell.source + "".join(str(o) for o in cell.get("outputs", []))
        assert not ABSOLUTE_PATH.search(text), f"cell {index} holds an absolute path"
        if cell.cell_type == "code":
            assert not NETWORK_CODE.search(cell.source), f"cell {index} reaches for the network"


# The README's lesson table and launch links are current: tests/test_launch_links.py.


def test_instructor_guide_states_each_lessons_measured_minutes():
    """The guide's time table, the lesson headers and course.yml say the same (issue 9: honest timings)."""
    guide = (REPO / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    rows = {m[0]: (int(m[1]), int(m[2]), int(m[3]))
            for m in re.findall(r"^\| (\d{2}) [^|]+\| (\d+) \| (\d+) \| (\d+) \|$", guide, re.M)}
    by_number = {lesson.number: lesson for lesson in banks.lessons()}
    for path in LESSONS:
        header = nbformat.read(path, as_version=4).cells[0].source
        stated = re.search(r"\| (\d+) min \| (\d+) min \| (\d+) min \|", header)
        assert stated, f"{path.name}: the header's time table is missing"
        teaching, exercises, total = map(int, stated.groups())
        number = path.name[:2]
        assert rows.get(number) == (teaching, exercises, total), (
            f"docs/instructor-guide.md's time table says {rows.get(number)} for {number}; the header says "
            f"{(teaching, exercises, total)}")
        assert by_number[number].minutes == total
