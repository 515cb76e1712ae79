"""Claims on trial: the rules for a verdict, and the widget that saves it without losing work."""
from __future__ import annotations

import html
import json
from pathlib import Path

import pytest

from coursekit import progress, verdicts
from coursekit.data import load

LESSON = "02-interoperability"


def lesson_claim_ids() -> list[str]:
    claims = load("claims")
    return list(claims.loc[claims["lesson"] == LESSON[:2], "claim_id"])


# --------------------------------------------------------------------------- judge()
def test_a_complete_verdict_is_accepted_and_cleaned():
    result = verdicts.judge("  Partly   Supported ", "Exercise\nheadquarters exist,   but no standing command.")
    assert result.ok
    assert result.verdict == "partly supported"
    assert result.reason == "Exercise headquarters exist, but no standing command."


@pytest.mark.parametrize("verdict", [None, "", "   "])
def test_no_verdict_asks_for_one(verdict):
    result = verdicts.judge(verdict, "a reason")
    assert not result.ok and result.message.startswith("Pick a verdict")


@pytest.mark.parametrize("reason", [None, "", "  \n "])
def test_no_reason_asks_for_one(reason):
    result = verdicts.judge("contradicted", reason)
    assert not result.ok and "one-line reason" in result.message


def test_an_unknown_verdict_lists_the_five():
    result = verdicts.judge("probably true", "x")
    assert not result.ok
    assert all(v in result.message for v in verdicts.VERDICTS)


@pytest.mark.parametrize("verdict, reason, expected", [
    (3, "x", "one of the five choices"),
    ("well supported", 42, "as a sentence of text"),
    ("well supported", "word " * 80, "at most 300 characters"),
    ("well supported", "x", "Say a little more"),
    ("well supported", "  true  enough ", "at least 3 words"),
])
def test_wrong_types_and_essays_get_a_sentence(verdict, reason, expected):
    result = verdicts.judge(verdict, reason)
    assert not result.ok and expected in result.message


def test_tally_counts_only_this_lessons_claims():
    assert verdicts.tally({"C04": {}, "C99": {}}, ["C04", "C05"]) == "Saved: 1 of 2 claims judged."


# --------------------------------------------------------------------------- the widget
@pytest.fixture
def view():
    verdicts.show_verdicts(LESSON)
    live = verdicts.current_verdicts(LESSON)
    assert live is not None
    yield live
    live.close()
    verdicts._LIVE.clear()


def test_one_row_per_claim_of_the_lesson(view):
    assert view.claim_ids == lesson_claim_ids()
    assert len(view.claim_ids) >= 1


def test_each_row_asks_about_the_proposition_and_shows_the_claim_as_context(view):
    claims = load("claims").set_index("claim_id")
    first = view.widget.children[2].children[0].value  # intro, notice, then one box per claim
    claim_id = view.claim_ids[0]
    proposition, attributed = claims.loc[claim_id, "proposition"], claims.loc[claim_id, "claim"]
    assert html.escape(proposition) in first and html.escape(attributed) in first
    assert first.index(html.escape(proposition)) < first.index("Where it comes from:") < first.index(
        html.escape(attributed)), "the statement to judge comes first, its attribution after it"


def test_saving_with_nothing_chosen_says_so_and_writes_nothing(view, private_progress_file: Path):
    claim = view.claim_ids[0]
    result = view.save(claim)
    assert not result.ok
    assert "Pick a verdict" in view.status[claim].value
    assert not private_progress_file.exists()


def test_a_rejected_entry_stays_in_the_boxes(view):
    claim = view.claim_ids[0]
    view.menus[claim].value = "contradicted"
    view.save(claim)  # no reason yet
    assert view.menus[claim].value == "contradicted"
    assert "one-line reason" in view.status[claim].value


def test_save_writes_the_progress_file_and_updates_the_tally(view, private_progress_file: Path):
    claim = view.claim_ids[0]
    view.menus[claim].value = "partly supported"
    view.reasons[claim].value = "Exercise headquarters, but no standing command."
    assert view.save(claim).ok
    saved = json.loads(private_progress_file.read_text())["lessons"][LESSON]["verdicts"][claim]
    assert saved["verdict"] == "partly supported"
    assert "Saved your verdict: partly supported" in view.status[claim].value
    assert f"Saved: 1 of {len(view.claim_ids)}" in view.summary.value
    assert "Re-run Part 1" not in view.status[claim].value  # the hint is lesson 09's only


def test_a_verdict_saved_in_lesson_09_says_where_to_see_it(private_progress_file: Path):
    verdicts.show_verdicts("09-prescriptions")
    view = verdicts.current_verdicts("09-prescriptions")
    view.menus["C27"].value = "partly supported"
    view.reasons["C27"].value = "NATO's pledge funds forces and resilience side by side (X04)."
    assert view.save("C27").ok
    assert "Re-run Part 1&#x27;s cells to see it in the ledger and compare." in view.status["C27"].value
    view.close()


def test_rerunning_the_cell_keeps_saved_and_unsaved_entries(view, private_progress_file: Path):
    first, second = view.claim_ids[0], view.claim_ids[-1]
    view.menus[first].value = "well supported"
    view.reasons[first].value = "the saved one"
    view.save(first)
    view.menus[second].value = "not supported"
    view.reasons[second].value = "typed, not yet saved"
    verdicts.show_verdicts(LESSON)  # the learner re-runs the cell
    again = verdicts.current_verdicts(LESSON)
    assert again is not view
    assert (again.menus[first].value, again.reasons[first].value) == ("well supported", "the saved one")
    assert (again.menus[second].value, again.reasons[second].value) == ("not supported", "typed, not yet saved")
    assert not view.save_buttons[first]._click_handlers.callbacks, "the old copy must stop responding"
    again.save(first)  # saving twice does not duplicate
    stored = json.loads(private_progress_file.read_text())["lessons"][LESSON]["verdicts"]
    assert list(stored) == [first]
    again.close()


def test_reopening_the_notebook_shows_saved_verdicts(private_progress_file: Path):
    claim = lesson_claim_ids()[0]
    progress.save_verdict(LESSON, claim, "contradicted", "from an earlier session")
    verdicts._LIVE.clear()  # a fresh kernel
    verdicts.show_verdicts(LESSON)
    view = verdicts.current_verdicts(LESSON)
    assert view.menus[claim].value == "contradicted"
    assert view.reasons[claim].value == "from an earlier session"
    assert "Saved earlier" in view.status[claim].value
    view.close()
    verdicts._LIVE.clear()


def test_a_corrupt_progress_file_is_reported_on_screen(private_progress_file: Path):
    private_progress_file.parent.mkdir(parents=True)
    private_progress_file.write_text("{oops", encoding="utf-8")
    verdicts._LIVE.clear()
    verdicts.show_verdicts(LESSON)
    view = verdicts.current_verdicts(LESSON)
    assert "damaged" in view.notice.value and "corrupt" in view.notice.value
    view.close()
    verdicts._LIVE.clear()


def test_a_save_that_fails_keeps_the_entry_and_says_so(view, monkeypatch: pytest.MonkeyPatch):
    claim = view.claim_ids[0]
    monkeypatch.setattr(progress, "save_verdict",
                        lambda *a, **k: progress.SaveReport(False, "\u26a0\ufe0f Not saved: disk full."))
    view.menus[claim].value = "not supported"
    view.reasons[claim].value = "please keep me"
    assert not view.save(claim).ok
    assert "Not saved" in view.status[claim].value
    assert view.reasons[claim].value == "please keep me"


def test_missing_claims_data_gives_a_message(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path))
    widget = verdicts.show_verdicts(LESSON)
    assert "could not be loaded" in widget.value


def test_a_lesson_without_claims_says_so():
    assert "No claims are listed" in verdicts.show_verdicts("77-nothing").value


def test_a_change_after_saving_is_flagged_until_saved_or_undone(view):
    claim = view.claim_ids[0]
    view.menus[claim].value = "partly supported"
    view.reasons[claim].value = "Exercise headquarters, but no standing command."
    assert view.save(claim).ok
    view.menus[claim].value = "contradicted"
    assert "Changed, not saved yet" in view.status[claim].value and "saved: partly supported" in view.status[claim].value
    view.menus[claim].value = "partly supported"
    assert "Saved your verdict: partly supported" in view.status[claim].value


def test_choosing_a_verdict_replaces_an_earlier_pick_a_verdict_message_with_not_saved_yet(view):
    claim = view.claim_ids[0]
    view.save(claim)
    assert "Pick a verdict" in view.status[claim].value
    view.menus[claim].value = "contradicted"
    assert "Pick a verdict" not in view.status[claim].value
    assert verdicts.UNSAVED in view.status[claim].value
    view.menus[claim].value = ""  # back to "choose", nothing typed: nothing to warn about
    assert view.status[claim].value == ""


def test_enter_in_the_reason_box_of_an_unsaved_verdict_says_it_is_not_saved(view):
    """A learner pressed Enter in the reason box and took the silence for a save."""
    claim = view.claim_ids[0]
    view.reasons[claim].value = "trade data show the opposite"  # what Enter (or leaving the box) sends
    assert verdicts.UNSAVED in view.status[claim].value
    view.menus[claim].value = "contradicted"
    assert view.save(claim).ok
    assert "Saved your verdict: contradicted." in view.status[claim].value
    assert "\u2705" not in view.status[claim].value, "a verdict is a judgement, not a right answer: no tick"


def test_enter_in_the_reason_box_saves_the_verdict(view, private_progress_file: Path):
    claim = view.claim_ids[0]
    view.menus[claim].value = "partly supported"
    view.reasons[claim].value = "exercise headquarters but no standing command"
    view.reasons[claim]._handle_custom_msg({"event": "submit"}, [])  # what the browser sends on Enter
    saved = json.loads(private_progress_file.read_text())["lessons"][LESSON]["verdicts"][claim]
    assert saved["verdict"] == "partly supported"


@pytest.mark.parametrize("reason, named", [
    ("because it is wrong", False),
    ("I just do not believe it", False),
    ("Latvia's cases fell in 2025", True),
    ("no court found intent in any Baltic case", True),
    ("the EEAS reports show only five joint incidents", True),
    ("Tomahawk samarium was cut off", True),
    ("Honestly I think it is overstated", False),
])
def test_a_reason_without_evidence_is_saved_with_a_nudge(reason, named):
    """Lesson 08's learner saved 'because it is wrong' with no nudge to name the evidence. It is still saved
    (the judgement is the learner's), but the saved line suggests naming a figure, a source or a row."""
    assert verdicts.names_evidence(reason) is named
    line = verdicts.saved_line("mostly false", reason)
    assert line.startswith("Saved your verdict: mostly false.")
    assert (verdicts.EVIDENCE_NUDGE in line) is (not named)
