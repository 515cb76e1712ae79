"""Lesson 09 reads the progress file when a cell runs, not once at setup.

A learner saved ratings, verdicts and lesson 09's predictions during the lesson and re-ran the cells below
them: the ratings summary still said "none saved yet", the calibration left out 09's predictions, and the
not-judged list and the ledger chart still listed C27-C30, because every cell used the ``record`` the setup
cell had read. Now each cell reads the file itself (the package functions read it when ``record`` is None;
no module caches it). These tests save between two runs of the same cells and check that the save shows.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from coursekit import calibration, progress
from coursekit.synthesis import hypotheses, ledger

REPO = Path(__file__).resolve().parents[1]
NOTEBOOK = REPO / "notebooks" / "09-prescriptions.ipynb"
L09 = "09-prescriptions"
pytestmark = pytest.mark.skipif(not NOTEBOOK.exists(), reason="lesson 09 is not written yet")

# The cells that show what the learner saved, found by what they call (so a reworded comment does not matter).
READING_CELLS = {
    "summary": "print(notice or ledger.summary_line(",
    "ledger chart": "ledger_chart = alt.Chart(ranked)",
    "not judged": "ledger.not_judged_markdown(",
    "ratings": "hypotheses.saved_ratings(",
    "calibration": "calibration.report(",
    "calibration chart": "calibration.calibration_table(",
}


def _code_cells() -> list[nbformat.NotebookNode]:
    return [c for c in nbformat.read(NOTEBOOK, as_version=4).cells if c.cell_type == "code"]


def test_no_cell_after_setup_uses_the_record_read_at_setup():
    """Only the setup cell may hold the record; every later cell reads the progress file when it runs."""
    cells = _code_cells()
    setup = next(i for i, c in enumerate(cells) if "progress.read()" in c.source)
    later = [c.source for c in cells[setup + 1:] if re.search(r"\brecord\b", c.source)]
    assert not later, f"cells after setup still use the setup's record: {later}"
    for name, marker in READING_CELLS.items():
        assert any(marker in c.source for c in cells), f"no cell shows the {name} any more ({marker})"


def test_the_package_reads_a_save_made_between_two_calls(private_progress_file: Path):
    """record=None means 'read the file now' in every function the lesson calls: nothing is cached."""
    assert ledger.agreement_counts(ledger.ledger_table())["not judged"] == 30 and not hypotheses.saved_ratings()
    assert ledger.ledger_table().set_index("claim_id").loc["C27", "course_hidden"]  # judged before it is compared
    assert calibration.calibration().ranges == 0
    progress.save_verdict(L09, "C27", "partly supported", "budgets rose on both sides of the argument")
    progress.save_hypothesis_ratings(L09, {"E01": {"H1": "I", "H2": "C", "H3": "N", "H4": "C"}})
    progress.save_prediction(L09, "well-supported", {"kind": "quantity", "guess": 5, "low": 2, "high": 8})
    progress.reveal_prediction(L09, "well-supported", {"kind": "quantity", "figure": 4, "scored": True})
    assert ledger.agreement_counts(ledger.ledger_table())["not judged"] == 29
    assert "C27" not in ledger.not_judged_markdown(ledger.ledger_table())
    c27 = ledger.ledger_table().set_index("claim_id").loc["C27"]
    assert not c27["course_hidden"] and c27["course_reading"] == "partly supported" and c27["comparison"] == "same"
    assert "you" in set(ledger.verdict_counts()["who"]) and hypotheses.saved_ratings() == {
        "E01": {"H1": "I", "H2": "C", "H3": "N", "H4": "C"}}
    assert calibration.calibration().ranges == 1  # lesson 09's own prediction counts at once
    assert L09 in set(calibration.predictions_table()["lesson"])


SAVE_CELL = f"""
from coursekit import progress as _p
_p.save_verdict({L09!r}, "C27", "partly supported", "budgets rose on both sides of the argument")
_p.save_hypothesis_ratings({L09!r}, {{"E01": {{"H1": "I", "H2": "C", "H3": "N", "H4": "C"}}}})
_p.save_prediction({L09!r}, "tripwires-observed", {{"kind": "statement", "probability": 30}})
_p.reveal_prediction({L09!r}, "tripwires-observed", {{"kind": "statement", "truth": False, "figure": 0, "scored": True}})
"""


def _outputs(cell: nbformat.NotebookNode) -> str:
    parts = []
    for output in cell.get("outputs", []):
        assert output.output_type != "error", f"{output.ename}: {output.evalue}"
        if output.output_type == "stream":
            parts.append(output.text)
        else:
            parts.extend(json.dumps(value) if not isinstance(value, str) else value
                         for value in output.get("data", {}).values())
    return "\n".join(parts)


def test_rerunning_the_cells_after_a_save_in_the_lesson_shows_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The lesson run from top to bottom with no progress file; then, in the same kernel, the learner saves a verdict
    on C27, one rated item and one of lesson 09's predictions (revealed), and re-runs the cells that show them."""
    monkeypatch.setenv("COURSE_PROGRESS_FILE", str(tmp_path / "learner-progress.json"))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    cells = [c for c in notebook.cells if c.cell_type == "code"]
    first = {name: next(c for c in cells if marker in c.source) for name, marker in READING_CELLS.items()}
    again = {name: nbformat.v4.new_code_cell(cell.source) for name, cell in first.items()}
    notebook.cells = [*notebook.cells, nbformat.v4.new_code_cell(SAVE_CELL), *again.values()]
    NotebookClient(notebook, timeout=240, kernel_name="python3", allow_errors=True,
                   resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    before = {name: _outputs(cell) for name, cell in first.items()}
    after = {name: _outputs(cell) for name, cell in again.items()}
    assert "Your ratings: none saved yet" in before["ratings"] and "Your ratings: 1 item." in after["ratings"]
    assert "C27" in before["not judged"] and "C27" not in after["not judged"]
    you = '"who": "you"'  # a data row of the learner's bar in the chart's spec
    assert you not in before["ledger chart"] and you in after["ledger chart"]
    assert "You have not judged any" in before["summary"] and "You have judged 1 of 30 claims" in after["summary"]
    assert "no Brier score" in before["calibration"] and "Your Brier score over 1 statement(s) is 0.090" in after["calibration"]
    assert "09-prescriptions" in after["calibration"]
    assert "Statements revealed: 1." in after["calibration chart"]
