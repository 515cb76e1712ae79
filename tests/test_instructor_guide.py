"""The instructor guide stays true to the lessons (issue 12): one section per lesson with its measured minutes,
quiz items that exist where the guide says they are, solution notebooks that exist, and a link from the README."""
from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
GUIDE = REPO / "docs" / "instructor-guide.md"
LESSONS = sorted((REPO / "notebooks").glob("[0-9][0-9]-*.ipynb"))
QUIZ_REF = re.compile(r"`([a-z0-9-]+)` \((?:(?:lesson (\d\d)|(final assessment)), )?Q(\d+)\)")


def guide() -> str:
    return GUIDE.read_text(encoding="utf-8")


def lesson_blocks() -> dict[str, str]:
    """The text under each '### NN · ...' heading of 'The ten lessons', by lesson number."""
    part = guide().split("## The ten lessons", 1)[1].split("\n## ", 1)[0]
    pieces = re.split(r"(?m)^### (\d\d) ", part)
    return {pieces[i]: pieces[i + 1] for i in range(1, len(pieces), 2)}


def bank(number: str) -> list[str]:
    path = next((REPO / "notebooks" / "quizzes").glob(f"{number}-*.yml"))
    return [q["id"] for q in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]]


def test_the_guide_has_a_section_for_every_lesson():
    assert sorted(lesson_blocks()) == [path.name[:2] for path in LESSONS]


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name[:2])
def test_each_lessons_section_states_its_measured_minutes(path):
    header = nbformat.read(path, as_version=4).cells[0].source
    teaching, exercises, total = re.search(r"\| (\d+) min \| (\d+) min \| (\d+) min \|", header).groups()
    block = lesson_blocks()[path.name[:2]]
    stated = f"**Time:** {teaching} min teaching + {exercises} min exercises ({total} min)"
    assert stated in block, f"the guide's section for {path.name[:2]} should say: {stated}"


@pytest.mark.parametrize("path", LESSONS, ids=lambda p: p.name[:2])
def test_each_lessons_section_names_its_solutions_and_quiz_items(path):
    number = path.name[:2]
    block = lesson_blocks()[number]
    assert f"`solutions/{path.name}`" in block and (REPO / "solutions" / path.name).exists()
    refs = QUIZ_REF.findall(block)
    assert len(refs) >= 2, f"lesson {number}: name the quiz items that reveal each misconception"
    for qid, other, final, place in refs:
        source = "09" if final else other or number
        ids = bank(source)
        assert qid in ids, f"lesson {number}'s section cites `{qid}`, which is not in quiz bank {source}"
        assert ids.index(qid) + 1 == int(place), (
            f"lesson {number}'s section puts `{qid}` at Q{place}; it is Q{ids.index(qid) + 1} of bank {source}")


def test_every_notebook_the_guide_names_exists():
    for name in re.findall(r"`((?:notebooks|solutions|exercises)/\d\d-[a-z-]+\.ipynb)`", guide()):
        assert (REPO / name).exists(), f"the guide names {name}, which does not exist"


def test_the_readme_links_the_guide():
    assert "(docs/instructor-guide.md)" in (REPO / "README.md").read_text(encoding="utf-8")
