"""The record to take away (HTML + JSON) and bringing a saved progress file back: checked first, and a file
that is damaged, not JSON, foreign or from another course version changes nothing on disk."""
from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from coursekit import progress
from coursekit.explorers import takeaway_view
from coursekit.synthesis import takeaway

L09 = "09-prescriptions"


def fill(path: Path) -> None:
    """A record with something in every part the take-away shows."""
    progress.save_verdict("01-panic-narrative", "C01", "partly supported", "the drill counts rose in 2024", path)
    progress.save_prediction("00-start-here", "p1", {"kind": "statement", "probability": 80}, path)
    progress.reveal_prediction("00-start-here", "p1", {"truth": True, "scored": True, "figure": 1.0}, path)
    progress.save_prediction("01-panic-narrative", "q1", {"kind": "quantity", "guess": 5, "low": 1, "high": 9,
                                                          "after_other_cells": True}, path)
    progress.reveal_prediction("01-panic-narrative", "q1", {"figure": 4, "scored": True}, path)
    progress.save_hypothesis_ratings(L09, {"E01": {"H1": "I", "H2": "C", "H3": "N", "H4": "C"}}, path)
    progress.save_allocation(L09, {"conventional": 10, "supply_chain": 30, "info_cyber": 30, "infrastructure": 30},
                             {"conventional_attack": 20, "minerals_cutoff": 60, "info_operation": 70,
                              "infrastructure_sabotage": 40}, "article", path)
    progress.save_reflection(L09, "verdict", "Your answer to the course question?",
                             "Alignment <short> of alliance & no more.", path)


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file() and not p.name.endswith(".lock")}


# --------------------------------------------------------------------------- export
def test_an_empty_record_still_writes_a_page_and_says_what_is_missing(private_progress_file: Path):
    written = takeaway.write_record()
    assert written.ok and written.html_path == private_progress_file.parent / "my-analysis.html"
    assert written.json_path is None and "no progress file yet to copy" in written.message
    page = written.html_path.read_text(encoding="utf-8")
    assert "I have not judged any of the 30 claims" in page and "not rated the evidence" in page
    assert "No reflections saved yet" in page and "right-click each file and choose Download" in written.message


def test_a_full_record_gives_a_self_contained_page_and_a_copy_of_the_json(private_progress_file: Path):
    fill(private_progress_file)
    written = takeaway.write_record()
    page = written.html_path.read_text(encoding="utf-8")
    assert written.json_path.read_bytes() == private_progress_file.read_bytes()
    assert page.count("<svg") == 2 and "<script" not in page and "src=" not in page and "<link" not in page
    assert "http" not in page.replace('xmlns="http://www.w3.org/2000/svg"', "")  # nothing fetched from a network
    assert "I have judged 1 of 30 claims" in page and "partly supported" in page
    assert page.count("<td>held back until I judge it</td>") == 4  # C27-C30, lesson 09's own: judged, then compared
    assert "<th scope='col'>claim</th>" in page and "claim_id" not in page  # no raw column names
    assert "re-run" not in page.lower()  # a record is read, not run: no "then re-run this cell"
    assert "Alignment &lt;short&gt; of alliance &amp; no more." in page  # escaped
    assert "covers" in page and "My split of 100 points" in page
    assert "<th scope='col'>coverage (%)</th>" in page and "coverage_pct" not in page  # no raw column names
    split = page.split("My split of 100 points")[1].split("</table>")[0]
    lines = ["Conventional forces", "Supply-chain resilience", "Information and cyber defence", "Infrastructure hardening"]
    assert sorted(lines, key=split.index) == lines  # the widget's order, not the progress file's sorted keys
    assert "1 of these 2 predictions was saved after other cells had run" in page
    assert "least evidence against" in page
    assert written._repr_markdown_().startswith("Wrote your analysis to")


def test_an_unwritable_folder_is_a_sentence(private_progress_file: Path, tmp_path: Path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    written = takeaway.write_record(folder=blocker / "sub")
    assert not written.ok and written.message.startswith("\u26a0\ufe0f The record could not be written")


# --------------------------------------------------------------------------- import: refusals change nothing
def _record_bytes(**changes) -> bytes:
    record = {"format": progress.FORMAT, "version": progress.VERSION,
              "lessons": {"02-interoperability": {"verdicts": {"C04": {"verdict": "contradicted", "reason": "r",
                                                                       "saved": "2026-12-01T00:00:00+00:00"}}}}}
    record.update(changes)
    return json.dumps(record).encode("utf-8")


REFUSED = {
    "not json": (b"\x89PNG\r\n binary", "it is not text at all"),
    "damaged json": (b'{"format": "paper-tiger-course progress", "version": 1, "lessons": {', "it stops before its end"),
    "edited json": (b'{"format": "paper-tiger-course progress",\n "version": 1 "lessons": {}}', "breaks at line 2"),
    "empty": (b"", "That file is empty"),
    "foreign json": (b'{"cells": [], "nbformat": 4}', "not a progress file from this course"),
    "a json list": (b"[1, 2, 3]", "holds a list, not a progress record"),
    "another format": (b'{"format": "notes", "version": 1, "lessons": {}}', 'says it is a "notes" file'),
    "newer version": (_record_bytes(version=progress.VERSION + 1), "made by a newer version of the course"),
    "older version": (_record_bytes(version=0), "from an older version of the course"),
    "no version": (b'{"format": "paper-tiger-course progress", "lessons": {}}', "has no version number"),
    "a word for a version": (_record_bytes(version="banana"), 'version is "banana", not a whole number'),
    "a fraction for a version": (_record_bytes(version=1.5), "version is 1.5, not a whole number"),
    "true for a version": (_record_bytes(version=True), "version is true, not a whole number"),
    "no lessons": (b'{"format": "paper-tiger-course progress", "version": 1}', "has no 'lessons' part"),
    "lessons a list": (_record_bytes(lessons=[1]), "its 'lessons' part is a list"),
    "foreign lessons": (_record_bytes(lessons={"10-epilogue": {}}), "names lessons this course does not have"),
    "damaged lessons": (_record_bytes(lessons={"01-panic-narrative": 5}), "the entry for lesson 01-panic-narrative"),
    "damaged part": (_record_bytes(lessons={"01-panic-narrative": {"verdicts": [1]}}), "verdicts cannot be read"),
    "too large": (b" " * (takeaway.MAX_BYTES + 1), "a progress file is far smaller"),
}


def test_every_refusal_names_its_own_problem():
    """No two kinds of bad file share a message: each names what is wrong with that file (a learner's
    'banana' version was told it had no version number)."""
    messages = [takeaway.check_file(content)[1] for content, _problem in REFUSED.values()]
    assert all(messages) and len(set(messages)) == len(messages)


@pytest.mark.parametrize("name", list(REFUSED))
def test_a_bad_file_is_refused_with_a_sentence_and_nothing_on_disk_changes(private_progress_file: Path, name: str):
    fill(private_progress_file)
    before = snapshot(private_progress_file.parent)
    content, problem = REFUSED[name]
    result = takeaway.bring_back(content)
    assert not result.ok and problem in result.message and result.message.endswith("Nothing was changed.")
    assert snapshot(private_progress_file.parent) == before  # byte-identical, and no backup made


def test_a_path_that_cannot_be_read_is_a_sentence(private_progress_file: Path, tmp_path: Path):
    result = takeaway.bring_back(tmp_path / "missing.json")
    assert not result.ok and "could not be read" in result.message and not private_progress_file.exists()
    assert not takeaway.bring_back(12345).ok and not takeaway.bring_back(b"{}", mode="mix").ok


def _edited(path: Path, edit) -> bytes:
    record = json.loads(path.read_bytes())
    edit(record["lessons"])
    return json.dumps(record).encode()


@pytest.mark.parametrize("mode", ["merge", "replace"])
def test_bad_entries_are_all_named_and_nothing_changes(private_progress_file: Path, mode: str):
    """A learner typed "very true" into a verdict: Replace accepted it and the ledger then showed the claim as
    not judged; Merge said "nothing new". Every bad entry (lesson, id, value) is now named and nothing is written."""
    fill(private_progress_file)
    before = snapshot(private_progress_file.parent)

    def edit(lessons):
        lessons["01-panic-narrative"]["verdicts"]["C01"]["verdict"] = "very true"
        lessons["00-start-here"]["predictions"]["p1"]["probability"] = 180
        lessons["01-panic-narrative"]["predictions"]["q1"]["low"] = "one"
        lessons[L09]["hypotheses"]["E01"]["H2"] = "maybe"
    result = takeaway.bring_back(_edited(private_progress_file, edit), mode=mode)
    assert not result.ok and result.message.endswith("Nothing was changed.")
    for lesson, entry, value in [("01-panic-narrative", "C01", '"very true"'), ("00-start-here", "p1", "180"),
                                 ("01-panic-narrative", "q1", '"one"'), (L09, "E01", '"maybe"')]:
        assert f"lesson {lesson}, " in result.message and entry in result.message and value in result.message
    assert "4 entries" in result.message and "nothing your progress file lacks" not in result.message
    assert snapshot(private_progress_file.parent) == before


def test_a_badly_damaged_file_names_the_first_faults_and_counts_the_rest(private_progress_file: Path):
    fill(private_progress_file)
    verdicts = {f"C{n:02d}": {"verdict": "true!", "reason": "", "saved": "x"} for n in range(1, 21)}
    message = takeaway.check_file(_edited(private_progress_file,
                                          lambda lessons: lessons["01-panic-narrative"].update(verdicts=verdicts)))[1]
    assert "20 entries" in message and f"and {20 - takeaway.MAX_FAULTS_SHOWN} more" in message
    assert message.count('"true!"') == takeaway.MAX_FAULTS_SHOWN


def test_damaged_parts_in_several_lessons_are_all_named(private_progress_file: Path):
    fill(private_progress_file)

    def edit(lessons):
        lessons["00-start-here"]["predictions"] = [1]
        lessons["01-panic-narrative"]["verdicts"]["C01"] = "partly supported"
    message = takeaway.check_file(_edited(private_progress_file, edit))[1]
    assert "00-start-here's predictions cannot be read" in message and "verdict C01" in message


def test_a_damaged_allocation_is_named(private_progress_file: Path):
    fill(private_progress_file)
    message = takeaway.check_file(_edited(private_progress_file,
                                          lambda lessons: lessons[L09]["allocation"]["spend"].update(conventional="lots")))[1]
    assert f"lesson {L09}, allocation: spend conventional \"lots\" is not a number" in message


def test_good_entries_pass_the_entry_check(private_progress_file: Path):
    fill(private_progress_file)
    progress.reveal_prediction("02-interoperability", "r1", {"kind": "statement", "figure": 3, "truth": False,
                                                             "scored": False})
    assert takeaway.bad_entries(json.loads(private_progress_file.read_bytes())["lessons"]) == []
    for name in ("full", "partial"):
        fixture = Path(__file__).parent / "fixtures" / "progress_states" / f"{name}.json"
        assert takeaway.bad_entries(json.loads(fixture.read_bytes())["lessons"]) == []


# --------------------------------------------------------------------------- import: merge and replace
def test_merge_keeps_both_and_backs_up_the_old_file(private_progress_file: Path, tmp_path: Path):
    fill(private_progress_file)
    before = private_progress_file.read_bytes()
    saved = tmp_path / "my-progress.json"
    saved.write_bytes(_record_bytes())
    result = takeaway.bring_back(saved)
    assert result.ok and result.counts == {"added": 1, "replaced": 0, "kept": 0}
    assert result.backup.read_bytes() == before and result.backup.name.startswith("learner-progress.before-import-")
    record, _ = progress.read()
    assert record["lessons"]["02-interoperability"]["verdicts"]["C04"]["verdict"] == "contradicted"
    assert record["lessons"]["01-panic-narrative"]["verdicts"]["C01"]["verdict"] == "partly supported"
    assert "1 new entries" in result.message and result.backup.name in result.message


def test_replace_makes_the_file_the_whole_record(private_progress_file: Path):
    fill(private_progress_file)
    result = takeaway.bring_back(_record_bytes(), mode="replace")
    assert result.ok and result.backup is not None
    assert list(progress.read()[0]["lessons"]) == ["02-interoperability"]


def test_with_no_file_yet_the_import_needs_no_backup(private_progress_file: Path):
    result = takeaway.bring_back(_record_bytes())
    assert result.ok and result.backup is None and "nothing needed a backup" in result.message


def test_an_exported_file_comes_back_whole(private_progress_file: Path, tmp_path: Path):
    fill(private_progress_file)
    exported = takeaway.write_record().json_path
    original = json.loads(exported.read_bytes())
    private_progress_file.unlink()
    assert takeaway.bring_back(exported).ok
    assert progress.read()[0]["lessons"] == original["lessons"]


def test_merge_rules_newer_wins_a_revealed_prediction_stays_and_the_first_reveal_counts():
    current = {"format": progress.FORMAT, "version": 1, "lessons": {"00-start-here": {
        "verdicts": {"C03": {"verdict": "contradicted", "saved": "2026-12-02"}},
        "predictions": {"a": {"probability": 80, "revealed": "2026-12-03", "saved": "2026-12-01"},
                        "b": {"probability": 10, "revealed": "2026-12-05", "saved": "2026-12-01"}}}}}
    incoming = {"format": progress.FORMAT, "version": 1, "lessons": {"00-start-here": {
        "verdicts": {"C03": {"verdict": "well supported", "saved": "2026-12-04"}},
        "predictions": {"a": {"probability": 20, "saved": "2026-12-09"},
                        "b": {"probability": 90, "revealed": "2026-12-04", "saved": "2026-11-30"}},
        "quiz_questions": 7}}}
    merged, counts = takeaway.merge(current, incoming)
    entry = merged["lessons"]["00-start-here"]
    assert entry["verdicts"]["C03"]["verdict"] == "well supported"  # saved later
    assert entry["predictions"]["a"]["probability"] == 80  # revealed beats unrevealed
    assert entry["predictions"]["b"]["probability"] == 90  # the earlier reveal counts
    assert entry["quiz_questions"] == 7 and counts == {"added": 0, "replaced": 2, "kept": 1}
    assert current["lessons"]["00-start-here"]["verdicts"]["C03"]["verdict"] == "contradicted"  # not mutated


# --------------------------------------------------------------------------- the widgets
def test_the_write_button_reports_where_the_files_are(private_progress_file: Path):
    takeaway_view.show_takeaway()
    view = takeaway_view.current("takeaway")
    assert view.write().ok and "my-analysis.html" in view.status.value and 'role="status"' in view.status.value


def test_the_bring_back_widget_needs_a_file_and_checks_it(private_progress_file: Path):
    takeaway_view.show_bring_back()
    view = takeaway_view.current("bring_back")
    assert "Choose a saved progress file first" in view.bring_back().message
    view.upload.value = ({"name": "x.json", "type": "application/json", "size": 3, "content": memoryview(b"{x}"),
                          "last_modified": datetime(2026, 12, 6, tzinfo=timezone.utc)},)
    assert "not a JSON progress file" in view.bring_back().message and not private_progress_file.exists()
    view.upload.value = ({"name": "x.json", "type": "application/json", "size": 1, "content": memoryview(_record_bytes()),
                          "last_modified": datetime(2026, 12, 6, tzinfo=timezone.utc)},)
    view.mode.value = "replace"
    takeaway_view.show_bring_back()  # a re-run keeps the chosen mode
    again = takeaway_view.current("bring_back")
    assert again.mode.value == "replace" and again is not view


def test_uploaded_bytes_reads_the_first_file_or_nothing():
    assert takeaway_view.uploaded_bytes(()) is None and takeaway_view.uploaded_bytes(None) is None
    assert takeaway_view.uploaded_bytes(({"content": memoryview(b"ab")},)) == b"ab"


def test_bringing_back_a_file_with_nothing_new_changes_nothing(private_progress_file: Path):
    fill(private_progress_file)
    same = private_progress_file.read_bytes()
    before = snapshot(private_progress_file.parent)
    result = takeaway.bring_back(same)
    assert result.ok and "holds nothing your progress file lacks" in result.message and result.backup is None
    assert snapshot(private_progress_file.parent) == before


def test_a_damaged_progress_file_is_kept_and_the_record_says_so(private_progress_file: Path):
    private_progress_file.parent.mkdir(parents=True)
    private_progress_file.write_bytes(b'{"format": "paper-tiger-course progress", "lessons": {"01')
    written = takeaway.write_record()
    assert written.ok and "was damaged and could not be read" in written.message and written.json_path is None
    backups = list(private_progress_file.parent.glob("learner-progress.corrupt-*.json"))
    assert len(backups) == 1 and backups[0].read_bytes().endswith(b'"01')


# --------------------------------------------------------------------------- one verdict palette
def test_the_record_draws_verdicts_in_the_lesson_charts_colours_and_dashes(private_progress_file: Path):
    """The take-away's SVG and lesson 09's chart share one mapping (ledger.VERDICT_COLOURS and VERDICT_DASHES):
    a learner saw green for 'well supported' in the lesson and for 'not supported' in the record."""
    from coursekit.synthesis import ledger

    progress.save_verdict("01-panic-narrative", "C01", "not supported", "the drill counts say little", private_progress_file)
    svg = takeaway.verdict_bars_svg(ledger.verdict_counts())
    for verdict, colour in ledger.VERDICT_COLOURS.items():  # the legend shows every verdict with its carriers
        dashes = " ".join(str(d) for d in ledger.VERDICT_DASHES[verdict])
        assert f'fill="{colour}" stroke="#222222" stroke-width="1.5" stroke-dasharray="{dashes}"/><text' in svg
    assert f'fill="{ledger.VERDICT_COLOURS["not supported"]}"' in svg.split("me: 1 not supported")[0].rsplit("<rect", 1)[1]
    assert "\u00b7 course" in svg and "\u00b7 me" in svg  # the course's readings are drawn, as the heading says
    # Every section has its rows; an empty one says why: no verdict of mine, or the course's reading held back
    # until I judge lesson 09's claims (C27-C30, the last section).
    last = svg.split("Stop preparing for the last war \u00b7 course")[1]
    assert last.split("</text>", 2)[1].endswith(">readings held back until I judge those claims")
    assert svg.count(">not judged yet</text>") == len(ledger.sections_in_order(ledger.ledger_table())) - 1
    progress.save_verdict("09-prescriptions", "C27", "partly supported", "NATO's pledge (X04)", private_progress_file)
    table = ledger.ledger_table()
    held = table[table["course_hidden"]].groupby("section").size().to_dict()
    assert held == {"Stop preparing for the last war": 3}
    svg = takeaway.verdict_bars_svg(ledger.verdict_counts(table=table), held)
    assert ">+ 3 readings held back until I judge those claims</text>" in svg  # a block for C27, the three others held back
    page = takeaway.render_html(progress.read()[0])
    assert ">+ 3 readings held back until I judge those claims</text>" in page and "Try it in" not in page


def test_the_lesson_chart_uses_the_same_mapping():
    """Lesson 09's ledger chart takes its colours from ledger.VERDICT_COLOURS, and finish() gives its bars the
    dashes of ledger.VERDICT_DASHES (the same order), so the record and the lesson agree."""
    import altair as alt
    import nbformat

    from coursekit.charts import finish
    from coursekit.synthesis import ledger

    lesson = Path(__file__).resolve().parents[1] / "notebooks" / "09-prescriptions.ipynb"
    sources = [c.source for c in nbformat.read(lesson, as_version=4).cells if c.cell_type == "code"]
    assert any("ledger.VERDICT_COLOURS" in s for s in sources)
    assert not any("#009E73" in s for s in sources)  # no second copy of the palette in the lesson
    counts = ledger.verdict_counts({"format": progress.FORMAT, "version": 1, "lessons": {}})
    order = list(counts["verdict"].cat.categories)
    colour = alt.Color("verdict:N", sort=order, scale=alt.Scale(domain=order, range=list(ledger.VERDICT_COLOURS.values())))
    chart = finish(alt.Chart(counts.assign(verdict=counts["verdict"].astype(str))).mark_bar()
                   .encode(x=alt.X("sum(claims):Q", title="Claims (number)"),
                           y=alt.Y("section:N", title="Section"), color=colour),
                   title="t", source="s", description="d")
    encoding = chart.to_dict()["encoding"]
    assert dict(zip(encoding["color"]["scale"]["domain"], encoding["color"]["scale"]["range"])) == ledger.VERDICT_COLOURS
    assert dict(zip(encoding["strokeDash"]["scale"]["domain"], encoding["strokeDash"]["scale"]["range"])) == \
        ledger.VERDICT_DASHES


def test_the_record_speaks_as_the_learners_own_in_one_voice(private_progress_file: Path):
    """The page is titled "My analysis"; it said "You have judged…" and "Your 80% ranges…"."""
    import re

    fill(private_progress_file)
    page = takeaway.render_html(progress.read()[0])
    text = re.sub(r"<[^>]+>", "\n", page)
    assert not re.search(r"\b(you|your|yours)\b", text, re.IGNORECASE), re.findall(r"[^\n]*\byour?\b[^\n]*", text, re.I)
    assert "I have judged" in text and "My 80% ranges" in text and "my scenario weights" in text
    assert takeaway.first_person("You have judged 3; your verdict, as you stated.") == (
        "I have judged 3; my verdict, as I stated.")


def test_the_download_hint_names_the_progress_folder_beside_notebooks(private_progress_file: Path, tmp_path: Path):
    """The file browser takes no absolute path: the hint names the progress folder beside notebooks."""
    course = tmp_path / "course"
    (course / "notebooks").mkdir(parents=True)
    folder = course / "progress"
    message = takeaway.write_record(folder=folder).message
    assert "the progress folder (it sits beside the notebooks folder" in message and str(folder) in message
