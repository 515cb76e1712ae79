"""The learner's progress file: verdicts on the article's claims, quiz answers, predictions, joint-or-alone
readings of grey-zone evidence (lessons 06–08) and lesson 09's own work (competing-hypotheses ratings, a budget
allocation, reflections), as JSON.

Why a file and why these rules:

* Lesson 09 reads every earlier verdict back, and a Binder user must be able to download the
  record before the session ends, so it is one plain JSON file inside the course, in the
  git-ignored ``progress/`` folder (``$COURSE_PROGRESS_FILE`` overrides the path: tests, shared
  machines, or a learner who keeps it elsewhere).
* A learner often has two lessons open at once. Each save takes an exclusive lock on a
  companion ``.lock`` file, re-reads the file, changes one entry and writes it back, so the
  two kernels never overwrite each other's entries.
* Writes are atomic (a temporary file in the same folder, then ``os.replace``): a crash or a
  full disk leaves the old file whole, never half a file.
* Entries are keyed (lesson → claim, question or prediction id), so re-running a cell or saving
  again replaces an entry instead of adding a copy, and never touches other entries.
* A prediction is locked once its answer is revealed: the check happens under the lock, so a
  second kernel cannot change a prediction after the first one revealed it.
* A file that cannot be read as a progress record is not thrown away: it is renamed to a
  ``.corrupt-<time>.json`` backup next to it, a fresh record is started, and the message
  returned to the widget tells the learner where the backup is.

Nothing here raises to the learner: every public function returns a :class:`SaveReport` or
a record plus a notice, so a widget can always show a sentence.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import tempfile
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

PROGRESS_VARIABLE = "COURSE_PROGRESS_FILE"
_DEFAULT_PATH = Path(__file__).resolve().parents[2] / "progress" / "learner-progress.json"
FORMAT = "paper-tiger-course progress"
VERSION = 1
LOCK_TIMEOUT_S = 10.0


@dataclass(frozen=True)
class SaveReport:
    """What happened to one save. ``message`` is for the learner; empty when all went well."""

    saved: bool
    message: str = ""


def progress_path() -> Path:
    """Where progress is kept: ``$COURSE_PROGRESS_FILE`` if set, else ``progress/learner-progress.json``."""
    override = os.environ.get(PROGRESS_VARIABLE, "").strip()
    return Path(override).expanduser() if override else _DEFAULT_PATH


def shown_path(path: Path) -> str:
    """The path as a learner should read it: relative to the course folder when inside it."""
    try:
        return str(path.resolve().relative_to(_DEFAULT_PATH.parents[1]))
    except ValueError:
        return str(path)


def empty_record() -> dict[str, Any]:
    return {"format": FORMAT, "version": VERSION, "lessons": {}}


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def _is_record(value: Any) -> bool:
    return (isinstance(value, dict) and value.get("format") == FORMAT
            and isinstance(value.get("lessons"), dict)
            and all(isinstance(v, dict) for v in value["lessons"].values()))


# --------------------------------------------------------------------------- locking
@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``<path>.lock`` (fcntl on Unix, msvcrt on Windows)."""
    lock_path = path.with_name(path.name + ".lock")
    timeout = LOCK_TIMEOUT_S
    with open(lock_path, "a+b") as handle:
        deadline = time.monotonic() + timeout
        while True:
            try:
                _try_lock(handle)
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{shown_path(lock_path)} stayed locked for {timeout:g} s") from None
                time.sleep(0.02)
        try:
            yield
        finally:
            _unlock(handle)


if os.name == "nt":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(handle: Any) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)

    def _unlock(handle: Any) -> None:
        handle.seek(0)
        msvcrt.locking(handle.fileno(), msvcrt.LK_UNLCK, 1)
else:
    import fcntl

    def _try_lock(handle: Any) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)

    def _unlock(handle: Any) -> None:
        fcntl.flock(handle.fileno(), fcntl.LOCK_UN)


# --------------------------------------------------------------------------- reading and writing
def _read(path: Path) -> tuple[dict[str, Any], str]:
    """The record at ``path`` and a notice. A damaged file is moved aside, never deleted."""
    try:
        record = json.loads(path.read_bytes().decode("utf-8"))
    except FileNotFoundError:
        return empty_record(), ""
    except (json.JSONDecodeError, UnicodeDecodeError):
        record = None
    if _is_record(record):
        return record, ""
    backup = _backup_name(path)
    os.replace(path, backup)
    return empty_record(), (
        f"\u26a0\ufe0f Your progress file {shown_path(path)} was damaged and could not be read. "
        f"It is kept, unchanged, as {shown_path(backup)}; a new progress file has been started.")


def _backup_name(path: Path, label: str = "corrupt") -> Path:
    """A free name beside ``path`` for a kept copy: ``<stem>.<label>-<time>.json`` (``-2``, ``-3`` if taken)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S")
    candidate = path.with_name(f"{path.stem}.{label}-{stamp}.json")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.stem}.{label}-{stamp}-{number}.json")
    return candidate


def _write_atomically(path: Path, record: dict[str, Any]) -> None:
    descriptor, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            json.dump(record, handle, ensure_ascii=False, indent=2, sort_keys=True)
            handle.write("\n")
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def update(change: Callable[[dict[str, Any]], str | None], path: Path | None = None) -> SaveReport:
    """Apply ``change`` to the stored record under the lock and write it back atomically.

    ``change`` may refuse by returning a sentence for the learner: then nothing is written and
    the report carries that sentence (with any notice about a damaged file before it).
    """
    path = path or progress_path()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path):
            record, notice = _read(path)
            refusal = change(record)
            if refusal:
                return SaveReport(False, "\n".join(m for m in (notice, refusal) if m))
            record["updated"] = _now()
            _write_atomically(path, record)
    except (OSError, TimeoutError) as exc:
        return SaveReport(False, f"\u26a0\ufe0f Not saved: {exc}. Your answer is still on screen; "
                                 "press Save again in a moment.")
    return SaveReport(True, notice)


def replace_all(build: Callable[[dict[str, Any]], dict[str, Any] | None], label: str,
                path: Path | None = None) -> tuple[SaveReport, Path | None]:
    """Replace the whole record with ``build(current)`` under the lock, after copying the current file aside.

    Why: bringing back a saved progress file (lesson 09) may overwrite weeks of work, so the file
    as it was is first copied to ``<stem>.<label>-<time>.json`` beside it (the same naming as a damaged
    file's backup) and the report names that copy. Returns the report and the backup's path (None when
    there was no file yet). ``build`` must return a valid record, checked before anything is written, or None
    when there is nothing to change (then nothing is written and no backup is made).
    """
    path = path or progress_path()
    backup: Path | None = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with _locked(path):
            current, notice = _read(path)
            new = build(current)
            if new is None:
                return SaveReport(True, notice), None
            if not _is_record(new):
                return SaveReport(False, "\u26a0\ufe0f Not saved: the new record is not a progress record."), None
            if path.exists():
                backup = _backup_name(path, label)
                shutil.copy2(path, backup)
            new["updated"] = _now()
            _write_atomically(path, new)
    except (OSError, TimeoutError) as exc:
        return SaveReport(False, f"\u26a0\ufe0f Not saved: {exc}. Your progress file is unchanged."), None
    return SaveReport(True, notice), backup


def read(path: Path | None = None) -> tuple[dict[str, Any], str]:
    """The whole record and a notice for the learner (empty when the file was fine or absent)."""
    path = path or progress_path()
    if not path.exists():
        return empty_record(), ""
    try:
        with _locked(path):
            return _read(path)
    except (OSError, TimeoutError) as exc:
        return empty_record(), f"\u26a0\ufe0f Your progress file could not be read ({exc})."


def _lesson(record: dict[str, Any], lesson: str) -> dict[str, Any]:
    entry = record["lessons"].setdefault(lesson, {})
    for part in ("verdicts", "quiz", "predictions", "joint_or_alone"):
        if not isinstance(entry.get(part), dict):
            entry[part] = {}
    return entry


# --------------------------------------------------------------------------- what lessons save
def save_verdict(lesson: str, claim_id: str, verdict: str, reason: str, path: Path | None = None) -> SaveReport:
    """Store (or replace) the learner's verdict and one-line reason on one claim."""
    def change(record: dict[str, Any]) -> None:
        _lesson(record, lesson)["verdicts"][claim_id] = {"verdict": verdict, "reason": reason, "saved": _now()}
    return update(change, path)


LOCKED = ("\U0001f512 This prediction is locked: its answer has been revealed, and the prediction you made "
          "before seeing the data is the one that counts.")


def save_prediction(lesson: str, prediction_id: str, answer: dict[str, Any],
                    path: Path | None = None) -> SaveReport:
    """Store (or replace) a prediction, unless its answer was already revealed (then refuse: :data:`LOCKED`)."""
    def change(record: dict[str, Any]) -> str | None:
        stored = _lesson(record, lesson)["predictions"]
        before = stored.get(prediction_id)
        if isinstance(before, dict) and before.get("revealed"):
            return LOCKED
        stored[prediction_id] = {**answer, "saved": _now()}
        return None
    return update(change, path)


def reveal_prediction(lesson: str, prediction_id: str, outcome: dict[str, Any],
                      path: Path | None = None) -> tuple[SaveReport, dict[str, Any]]:
    """Mark a prediction revealed and store its outcome; return the report and the stored entry.

    The first reveal counts: revealing again returns the entry as it was, so an outcome computed
    from later data (or after a changed prediction) can never replace it. A reveal with no
    prediction saved is stored too, so a prediction cannot be made after the answer was seen.
    """
    stored_entry: dict[str, Any] = {}

    def change(record: dict[str, Any]) -> None:
        stored = _lesson(record, lesson)["predictions"]
        before = stored.get(prediction_id)
        entry = dict(before) if isinstance(before, dict) else {}
        if not entry.get("revealed"):
            entry.update(outcome, revealed=_now())
            stored[prediction_id] = entry
        stored_entry.update(entry)
    report = update(change, path)
    return report, stored_entry


def save_quiz_answer(lesson: str, question_id: str, status: str, total: int,
                     path: Path | None = None, response: Any = None) -> SaveReport:
    """Store (or replace) the latest graded answer to one quiz question and the bank's size.

    ``status`` is the latest answer's; ``correct_once`` stays true once any answer was right;
    ``response`` (the option index, indices or typed text) lets the quiz show it again after a
    kernel restart.
    """
    def change(record: dict[str, Any]) -> None:
        entry = _lesson(record, lesson)
        before = entry["quiz"].get(question_id)
        # Learners try wrong options after a right one to read their feedback: keep that they got it.
        once = status == "correct" or (isinstance(before, dict) and before.get("correct_once") is True)
        entry["quiz"][question_id] = {"status": status, "correct_once": once, "saved": _now()}
        if response is not None:
            entry["quiz"][question_id]["response"] = response
        entry["quiz_questions"] = total
    return update(change, path)


def save_actor_readings(lesson: str, choices: dict[str, str], path: Path | None = None) -> SaveReport:
    """Store the learner's joint-or-alone reading of each evidence item picked (others stay as they were)."""
    def change(record: dict[str, Any]) -> None:
        stored = _lesson(record, lesson)["joint_or_alone"]
        for item_id, choice in choices.items():
            stored[item_id] = {"choice": choice, "saved": _now()}
    return update(change, path)


def _entries(lesson: str, part: str, path: Path | None) -> tuple[dict[str, dict[str, Any]], str]:
    record, notice = read(path)
    stored = record["lessons"].get(lesson, {}).get(part, {})
    return ({k: v for k, v in stored.items() if isinstance(v, dict)} if isinstance(stored, dict) else {}), notice


def quiz_answers(lesson: str, path: Path | None = None) -> tuple[dict[str, dict[str, Any]], str]:
    """The saved quiz answers of one lesson, by question id, and a notice."""
    return _entries(lesson, "quiz", path)


def verdicts(lesson: str, path: Path | None = None) -> tuple[dict[str, dict[str, str]], str]:
    """The saved verdicts of one lesson, by claim id, and a notice."""
    return _entries(lesson, "verdicts", path)


def predictions(lesson: str, path: Path | None = None) -> tuple[dict[str, dict[str, Any]], str]:
    """The saved predictions of one lesson, by prediction id, and a notice."""
    return _entries(lesson, "predictions", path)


def actor_readings(lesson: str, path: Path | None = None) -> tuple[dict[str, dict[str, Any]], str]:
    """The saved joint-or-alone readings of one lesson, by item id, and a notice."""
    return _entries(lesson, "joint_or_alone", path)


def quiz_score(lesson: str, record: dict[str, Any]) -> tuple[int, int, int]:
    """``(correct, answered, questions)`` for one lesson in a record."""
    entry = record["lessons"].get(lesson, {})
    answers = entry.get("quiz", {}) if isinstance(entry.get("quiz"), dict) else {}
    statuses = [a.get("status") for a in answers.values() if isinstance(a, dict)]
    total = entry.get("quiz_questions", len(statuses))
    return statuses.count("correct"), len(statuses), total if isinstance(total, int) else len(statuses)


# --------------------------------------------------------------------------- lesson 09's own work
def _part(record: dict[str, Any], lesson: str, part: str) -> dict[str, Any]:
    """One named part of a lesson's entry (made if missing). Kept apart from :func:`_lesson`'s four parts so
    that saving in lessons 00–08 does not add lesson 09's empty parts to their entries."""
    entry = _lesson(record, lesson)
    if not isinstance(entry.get(part), dict):
        entry[part] = {}
    return entry[part]


def save_hypothesis_ratings(lesson: str, ratings: dict[str, dict[str, str]],
                            path: Path | None = None) -> SaveReport:
    """Store the learner's competing-hypotheses ratings of the items given (``{item: {"H1": "C", ...}}``);
    items not given stay as they were, so a learner can rate a few items today and the rest tomorrow."""
    def change(record: dict[str, Any]) -> None:
        stored = _part(record, lesson, "hypotheses")
        for item_id, rating in ratings.items():
            stored[item_id] = {**rating, "saved": _now()}
    return update(change, path)


def hypothesis_ratings(lesson: str, path: Path | None = None) -> tuple[dict[str, dict[str, Any]], str]:
    """The saved competing-hypotheses ratings of one lesson, by item id, and a notice."""
    return _entries(lesson, "hypotheses", path)


def save_allocation(lesson: str, spend: dict[str, int], likelihoods: dict[str, int], preset: str = "",
                    path: Path | None = None) -> SaveReport:
    """Store (replace) the learner's budget split and scenario likelihoods: one allocation per lesson."""
    def change(record: dict[str, Any]) -> None:
        _lesson(record, lesson)["allocation"] = {"spend": dict(spend), "likelihoods": dict(likelihoods),
                                                 "preset": preset, "saved": _now()}
    return update(change, path)


def allocation(lesson: str, path: Path | None = None) -> tuple[dict[str, Any], str]:
    """The saved allocation of one lesson (``{}`` if none or unreadable) and a notice."""
    record, notice = read(path)
    entry = record["lessons"].get(lesson, {}).get("allocation")
    return (entry if isinstance(entry, dict) else {}), notice


def save_reflection(lesson: str, prompt_id: str, prompt: str, text: str, path: Path | None = None) -> SaveReport:
    """Store (or replace) the learner's answer to one reflection prompt, with the prompt it answered."""
    def change(record: dict[str, Any]) -> None:
        _part(record, lesson, "reflections")[prompt_id] = {"prompt": prompt, "text": text, "saved": _now()}
    return update(change, path)


def reflections(lesson: str, path: Path | None = None) -> tuple[dict[str, dict[str, Any]], str]:
    """The saved reflections of one lesson, by prompt id, and a notice."""
    return _entries(lesson, "reflections", path)
