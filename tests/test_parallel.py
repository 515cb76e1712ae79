"""How `make test` shares the tests among pytest-xdist workers (conftest.py at the repository's root)."""
from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
_spec = importlib.util.spec_from_file_location("course_root_conftest", REPO / "conftest.py")
plumbing = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(plumbing)


def test_a_notebooks_cells_and_a_test_files_tests_stay_together():
    kept = plumbing._kept_lessons()
    for nodeids in (["notebooks/05-dual-use.ipynb::Cell 0", "notebooks/05-dual-use.ipynb::Cell 12"],
                    ["notebooks/05-dual-use::ipynb::Cell 0", "notebooks/05-dual-use::ipynb::Cell 12"],
                    ["tests/test_quiz.py::test_a", "tests/test_quiz.py::test_b[x-y]"]):
        assert len({plumbing.group_of(n, kept) for n in nodeids}) == 1


def test_the_browser_test_is_split_and_page_sharing_tests_stay_with_their_pages():
    kept = plumbing._kept_lessons()
    assert "00-start-here" in kept, "QUIZ_LESSON and KEYBOARD_LESSONS are read from tests/test_browser.py"
    run = "tests/test_browser.py::test_notebook_runs_and_renders[{}]".format
    pages = plumbing.group_of(run("00-start-here"), kept)
    assert plumbing.group_of("tests/test_browser.py::test_quiz_answered_by_clicks", kept) == pages
    # Lesson 09's keyboard tests go on with the page test_browser.py ran, on the same worker.
    assert "09-prescriptions" in kept and plumbing.group_of(run("09-prescriptions"), kept) == pages
    assert plumbing.group_of("tests/test_browser_lesson09.py::test_keyboard_only_budget", kept) == pages
    deal: dict[str, str] = {}
    others = [plumbing.group_of(run(f"9{i}-lesson"), kept, deal, groups=3) for i in range(6)]
    assert pages not in others and len(set(others)) == 3
    assert plumbing.group_of(run("90-lesson"), kept, deal, groups=3) == others[0], "a test keeps its group"


def test_file_checks_are_marked_same_on_every_python():
    for path in plumbing.SAME_ON_EVERY_PYTHON:
        assert (REPO / path).is_file(), f"conftest.py names {path}, which does not exist"
