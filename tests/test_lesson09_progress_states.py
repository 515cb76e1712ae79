"""Lesson 09 run top to bottom with each kind of progress file a learner may bring: none (a learner who starts
here), partial (stopped after lesson 03, with gaps), full (every lesson done), and corrupt (a cut-off file).

Why a test of its own: lesson 09 is the one lesson that reads everything a learner saved, so it is where an
odd progress file would surface as a traceback. nbval runs the lesson with an empty file only; this runs all
four states (fixtures in tests/fixtures/progress_states/, written by make_fixtures.py) and checks the sentences a
learner sees, and that a corrupt file is kept byte for byte, never overwritten.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "09-prescriptions.ipynb"
FIXTURES = REPO / "tests" / "fixtures" / "progress_states"


def _texts(notebook: nbformat.NotebookNode) -> tuple[str, list[str]]:
    """All text a learner sees in the outputs, and the error messages (if any)."""
    texts, errors = [], []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.output_type == "error":
                errors.append(f"{output.ename}: {output.evalue}")
            elif output.output_type == "stream":
                texts.append(output.text)
            else:
                data = output.get("data", {})
                texts.extend(str(data[kind]) for kind in ("text/plain", "text/html", "text/markdown") if kind in data)
    return "\n".join(texts), errors


def run_lesson(progress_file: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run lesson 09 against ``progress_file``; fail with the first error a learner would meet."""
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(progress_file))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    NotebookClient(notebook, timeout=240, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    text, errors = _texts(notebook)
    assert not errors, f"lesson 09 raised with this progress file: {errors}"
    return text


pytestmark = pytest.mark.skipif(not NOTEBOOK.exists(), reason="lesson 09 is not written yet")


def test_fixtures_are_current():
    """The committed fixtures are what make_fixtures.py writes from today's claims and evidence items."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("make_fixtures", FIXTURES / "make_fixtures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    for name, record in module.records().items():
        assert json.loads((FIXTURES / f"{name}.json").read_text(encoding="utf-8")) == record, (
            f"{name}.json is stale: run .venv/bin/python tests/fixtures/progress_states/make_fixtures.py")


def test_with_no_progress_file_every_part_says_not_yet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    missing = tmp_path / "learner-progress.json"
    text = run_lesson(missing, monkeypatch)
    assert "You have not judged any of the 30 claims yet" in text
    assert "[Lesson 01: The panic narrative](01-panic-narrative.ipynb)" in text  # not-judged claims, with links
    assert "No quantity prediction has been revealed yet" in text and "no Brier score" in text
    assert "You have not read any joint-or-alone items yet" in text
    assert not missing.exists(), "running the lesson saved nothing, so it must not create a progress file"


def test_a_partial_file_lists_what_is_left_with_links(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "learner-progress.json"
    shutil.copy(FIXTURES / "partial.json", path)
    before = path.read_bytes()
    text = run_lesson(path, monkeypatch)
    assert "You have judged 10 of 30 claims" in text
    assert "20 claim(s) are not judged yet" in text and "(04-korea-japan.ipynb)" in text
    assert "Your 80% ranges held the true value 0 times out of 1" in text
    assert path.read_bytes() == before, "reading the record must not rewrite it"


def test_a_full_file_shows_the_whole_analysis(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "learner-progress.json"
    shutil.copy(FIXTURES / "full.json", path)
    text = run_lesson(path, monkeypatch)
    assert "You have judged 30 of 30 claims" in text and "You have judged every claim in the course." in text
    assert "1 of these 4 predictions was saved after other cells had run" in text
    assert "Your Brier score over 2 statement(s)" in text


def test_a_corrupt_file_gets_the_friendly_message_and_is_kept_unchanged(tmp_path: Path,
                                                                         monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "learner-progress.json"
    shutil.copy(FIXTURES / "corrupt.json", path)
    damaged = path.read_bytes()
    text = run_lesson(path, monkeypatch)
    assert "was damaged and could not be read" in text and "a new progress file has been started" in text
    backups = list(tmp_path.glob("learner-progress.corrupt-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes() == damaged
    assert "You have not judged any of the 30 claims yet" in text
