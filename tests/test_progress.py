"""The learner progress file: atomic, keyed, safe with a corrupt file and with concurrent writers."""
from __future__ import annotations

import json
import multiprocessing
import os
from pathlib import Path

import pytest

from coursekit import progress


def stored(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def test_path_comes_from_the_environment_variable(private_progress_file: Path):
    assert progress.progress_path() == private_progress_file


def test_default_path_is_the_git_ignored_progress_folder(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.delenv(progress.PROGRESS_VARIABLE)
    path = progress.progress_path()
    assert path.parent.name == "progress" and path.suffix == ".json"
    ignored = (Path(__file__).resolve().parents[1] / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "progress/" in ignored


def test_first_save_creates_folder_and_file(private_progress_file: Path):
    assert not private_progress_file.parent.exists()
    report = progress.save_verdict("02-interoperability", "C06", "partly supported", "Exercise HQs exist.")
    assert report == progress.SaveReport(True, "")
    record = stored(private_progress_file)
    entry = record["lessons"]["02-interoperability"]["verdicts"]["C06"]
    assert (entry["verdict"], entry["reason"]) == ("partly supported", "Exercise HQs exist.")
    assert record["format"] == progress.FORMAT


def test_saving_again_replaces_the_entry_and_keeps_the_others(private_progress_file: Path):
    progress.save_verdict("01-panic-narrative", "C01", "not supported", "first try")
    progress.save_verdict("01-panic-narrative", "C02", "not testable with this evidence", "a judgement")
    progress.save_quiz_answer("01-panic-narrative", "q1", "incorrect", 6)
    progress.save_verdict("01-panic-narrative", "C01", "partly supported", "second try")
    progress.save_quiz_answer("01-panic-narrative", "q1", "correct", 6)
    lesson = stored(private_progress_file)["lessons"]["01-panic-narrative"]
    assert sorted(lesson["verdicts"]) == ["C01", "C02"]
    assert lesson["verdicts"]["C01"]["reason"] == "second try"
    assert list(lesson["quiz"]) == ["q1"] and lesson["quiz"]["q1"]["status"] == "correct"
    progress.save_quiz_answer("01-panic-narrative", "q1", "incorrect", 6)  # exploring a wrong option
    assert stored(private_progress_file)["lessons"]["01-panic-narrative"]["quiz"]["q1"] == {
        "status": "incorrect", "correct_once": True,
        "saved": stored(private_progress_file)["lessons"]["01-panic-narrative"]["quiz"]["q1"]["saved"]}
    record, _ = progress.read()
    assert progress.quiz_score("01-panic-narrative", record) == (0, 1, 6)


def test_write_is_atomic_no_temporary_files_left(private_progress_file: Path):
    for n in range(5):
        progress.save_quiz_answer("00-start-here", f"q{n}", "correct", 5)
    leftovers = [p.name for p in private_progress_file.parent.iterdir()
                 if p.name not in (private_progress_file.name, private_progress_file.name + ".lock")]
    assert leftovers == []


def test_a_failed_write_leaves_the_old_file_whole(private_progress_file: Path, monkeypatch: pytest.MonkeyPatch):
    progress.save_verdict("03-asymmetry", "C10", "well supported", "customs data")
    before = private_progress_file.read_text(encoding="utf-8")

    def disk_full(*_args, **_kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(progress.os, "fsync", disk_full)
    report = progress.save_verdict("03-asymmetry", "C11", "contradicted", "trade fell")
    assert not report.saved
    assert "Not saved" in report.message and "No space left" in report.message
    assert private_progress_file.read_text(encoding="utf-8") == before
    assert sorted(p.name for p in private_progress_file.parent.iterdir()) == sorted(
        [private_progress_file.name, private_progress_file.name + ".lock"])


@pytest.mark.parametrize("damage", ["{not json", "", "[1, 2, 3]", '{"format": "something else", "lessons": {}}',
                                    '{"format": "paper-tiger-course progress", "lessons": {"01": 5}}'])
def test_a_corrupt_file_is_kept_as_backup_and_the_learner_is_told(private_progress_file: Path, damage: str):
    private_progress_file.parent.mkdir(parents=True)
    private_progress_file.write_text(damage, encoding="utf-8")
    report = progress.save_verdict("04-korea-japan", "C16", "well supported", "treaty text")
    assert report.saved
    backups = list(private_progress_file.parent.glob("learner-progress.corrupt-*.json"))
    assert len(backups) == 1, "the damaged file must be kept"
    assert backups[0].read_text(encoding="utf-8") == damage
    assert "damaged" in report.message and backups[0].name in report.message
    assert list(stored(private_progress_file)["lessons"]) == ["04-korea-japan"]
    # The next save is quiet: the new file is fine.
    assert progress.save_verdict("04-korea-japan", "C17", "partly supported", "ranges") == progress.SaveReport(True)


def test_reading_a_corrupt_file_also_tells_the_learner(private_progress_file: Path):
    private_progress_file.parent.mkdir(parents=True)
    private_progress_file.write_bytes(b"\xff\xfe\x00 binary junk")
    saved, notice = progress.verdicts("05-dual-use")
    assert saved == {} and "damaged" in notice
    assert len(list(private_progress_file.parent.glob("*.corrupt-*.json"))) == 1


def test_a_second_corruption_gets_its_own_backup(private_progress_file: Path):
    private_progress_file.parent.mkdir(parents=True)
    for n in range(2):
        private_progress_file.write_text(f"broken {n}", encoding="utf-8")
        assert "damaged" in progress.save_quiz_answer("00-start-here", "q", "correct", 5).message
    contents = sorted(p.read_text() for p in private_progress_file.parent.glob("*.corrupt-*.json"))
    assert contents == ["broken 0", "broken 1"]


def test_an_unwritable_folder_gives_a_message_not_a_traceback(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv(progress.PROGRESS_VARIABLE, str(blocker / "progress.json"))
    report = progress.save_verdict("01-panic-narrative", "C01", "well supported", "x")
    assert not report.saved and report.message.startswith("\u26a0\ufe0f Not saved")


def _write_many(path: str, lesson: str, count: int) -> None:
    os.environ[progress.PROGRESS_VARIABLE] = path
    for n in range(count):
        if n % 2:
            progress.save_verdict(lesson, f"C{n:02d}", "partly supported", f"reason {n}")
        else:
            progress.save_quiz_answer(lesson, f"q{n}", "correct", count)


def test_concurrent_writers_lose_no_update(private_progress_file: Path):
    """Two (here four) notebooks open at once, each saving as fast as it can."""
    lessons = ["01-panic-narrative", "02-interoperability", "03-asymmetry", "04-korea-japan"]
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_write_many, args=(str(private_progress_file), lesson, 30))
               for lesson in lessons]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
        assert worker.exitcode == 0
    record = stored(private_progress_file)
    for lesson in lessons:
        entry = record["lessons"][lesson]
        assert len(entry["verdicts"]) == 15 and len(entry["quiz"]) == 15, lesson


def test_a_held_lock_times_out_with_a_message(private_progress_file: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(progress, "LOCK_TIMEOUT_S", 0.2)
    private_progress_file.parent.mkdir(parents=True)
    with progress._locked(private_progress_file):
        report = progress.update(lambda record: None, private_progress_file)
    assert not report.saved and "locked" in report.message


# --------------------------------------------------------------------------- lesson 09's own work
L09 = "09-prescriptions"


def test_hypothesis_ratings_are_saved_per_item_and_other_items_kept(private_progress_file: Path):
    assert progress.save_hypothesis_ratings(L09, {"E01": {"H1": "C", "H2": "I"}}).saved
    progress.save_hypothesis_ratings(L09, {"E02": {"H1": "N"}})
    progress.save_hypothesis_ratings(L09, {"E01": {"H1": "I", "H2": "I"}})
    saved, notice = progress.hypothesis_ratings(L09)
    assert notice == "" and set(saved) == {"E01", "E02"}
    assert saved["E01"]["H1"] == "I" and "saved" in saved["E01"]
    # Lessons 00-08's entries do not grow lesson 09's parts.
    progress.save_verdict("01-panic-narrative", "C01", "well supported", "drill counts")
    assert "hypotheses" not in stored(private_progress_file)["lessons"]["01-panic-narrative"]


def test_one_allocation_per_lesson_replaced_by_the_next(private_progress_file: Path):
    assert progress.allocation(L09) == ({}, "")
    progress.save_allocation(L09, {"conventional": 100}, {"conventional_attack": 50}, "steelman")
    progress.save_allocation(L09, {"conventional": 25, "supply_chain": 75}, {"minerals_cutoff": 90}, "")
    entry, _ = progress.allocation(L09)
    assert entry["spend"] == {"conventional": 25, "supply_chain": 75} and entry["likelihoods"] == {"minerals_cutoff": 90}
    assert entry["preset"] == "" and entry["saved"]


def test_reflections_keep_the_prompt_with_the_answer(private_progress_file: Path):
    progress.save_reflection(L09, "verdict", "Your answer?", "Alignment short of alliance, on the trade data.")
    progress.save_reflection(L09, "changed", "What changed your mind?", "The leaked airborne contracts.")
    saved, _ = progress.reflections(L09)
    assert saved["verdict"]["prompt"] == "Your answer?" and saved["changed"]["text"].startswith("The leaked")


def test_replace_all_keeps_a_backup_of_the_file_as_it_was(private_progress_file: Path):
    progress.save_verdict("01-panic-narrative", "C01", "well supported", "drill counts")
    before = private_progress_file.read_bytes()
    new = progress.empty_record()
    new["lessons"]["02-interoperability"] = {"verdicts": {}}
    report, backup = progress.replace_all(lambda _current: new, "before-import")
    assert report.saved and backup is not None and backup.name.startswith("learner-progress.before-import-")
    assert backup.read_bytes() == before
    assert list(stored(private_progress_file)["lessons"]) == ["02-interoperability"]


def test_replace_all_refuses_a_record_that_is_not_one_and_changes_nothing(private_progress_file: Path):
    progress.save_verdict("01-panic-narrative", "C01", "well supported", "drill counts")
    before = private_progress_file.read_bytes()
    report, backup = progress.replace_all(lambda _current: {"lessons": []}, "before-import")
    assert not report.saved and backup is None and private_progress_file.read_bytes() == before
    assert not list(private_progress_file.parent.glob("*.before-import-*"))


def test_replace_all_with_no_file_yet_needs_no_backup(private_progress_file: Path):
    report, backup = progress.replace_all(lambda current: current, "before-import")
    assert report.saved and backup is None and private_progress_file.exists()


def test_replace_all_with_nothing_to_change_writes_nothing(private_progress_file: Path):
    progress.save_verdict("01-panic-narrative", "C01", "well supported", "drill counts")
    before = private_progress_file.read_bytes()
    report, backup = progress.replace_all(lambda _current: None, "before-import")
    assert report.saved and backup is None and private_progress_file.read_bytes() == before
