"""Predict first, then see: banks, the rules for what a learner types, locking at the reveal, the widgets."""
from __future__ import annotations

import copy
import html
import json
from pathlib import Path

import pytest
import yaml

from coursekit import data, predictions, progress
from coursekit.predictions import PredictionBankError

BANK = {
    "title": "Practice",
    "predictions": [
        {"id": "trade-2024", "kind": "quantity", "prompt": "Trade in 2024?", "unit": "billion US$",
         "answer_from": {"dataset": "trade", "column": "total_usd_bn", "where": {"year": 2024}},
         "after": "Both customs offices count it."},
        {"id": "grew", "kind": "statement", "prompt": "Trade in 2024 was above 200 billion US$.",
         "answer_from": {"dataset": "trade", "column": "total_usd_bn", "where": {"year": 2024}},
         "true_if": {"above": 200}},
        {"id": "small-share", "kind": "statement", "prompt": "Most years are official.",
         "answer_from": {"dataset": "trade", "column": "year", "aggregate": "share", "where": {"official": True}},
         "true_if": {"at_least": 50}},
    ],
}
LESSON = "99-practice"


@pytest.fixture
def bank_dir(tmp_path: Path, mini_data: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(mini_data))
    folder = tmp_path / "predictions"
    folder.mkdir()
    (folder / f"{LESSON}.yml").write_text(yaml.safe_dump(BANK), encoding="utf-8")
    return folder


@pytest.fixture
def items(bank_dir: Path) -> dict[str, predictions.Prediction]:
    _title, loaded = predictions.load_bank(LESSON, bank_dir)
    return {item.id: item for item in loaded}


@pytest.fixture(autouse=True)
def no_live_views():
    yield
    for registry in (predictions._LIVE, predictions._LIVE_REVEALS):
        for view in registry.values():
            view.close()
        registry.clear()


# --------------------------------------------------------------------------- banks
def test_the_practice_bank_is_valid():
    assert predictions.bank_errors(BANK) == []


def _broken(change):
    bank = copy.deepcopy(BANK)
    change(bank)
    return bank


@pytest.mark.parametrize("change, expected", [
    (lambda b: b.pop("title"), "'title' must be a non-empty text"),
    (lambda b: b.update(predictions=[]), "'predictions' must be a non-empty list"),
    (lambda b: b["predictions"][1].update(id="trade-2024"), "id 'trade-2024' is used twice"),
    (lambda b: b["predictions"][0].update(kind="guess"), "'kind' must be one of"),
    (lambda b: b["predictions"][0].pop("unit"), "a quantity needs a 'unit'"),
    (lambda b: b["predictions"][0].update(true_if={"above": 1}), "'true_if' belongs to statements"),
    (lambda b: b["predictions"][1].pop("true_if"), "a statement needs 'true_if'"),
    (lambda b: b["predictions"][1].update(true_if={"greater": 1}), "a statement needs 'true_if'"),
    (lambda b: b["predictions"][1].update(true_if={"above": "200"}), "threshold in 'true_if' must be a number"),
    (lambda b: b["predictions"][1].pop("answer_from"), "answers come from data"),
    (lambda b: b["predictions"][2]["answer_from"].update(aggregate="median"), "aggregate must be one of"),
    (lambda b: b["predictions"][0].update(prompt="  "), "'prompt' must be a non-empty text"),
])
def test_broken_banks_are_named(change, expected):
    errors = predictions.bank_errors(_broken(change))
    assert any(expected in e for e in errors), errors
    with pytest.raises(PredictionBankError, match="practice"):
        predictions.parse_bank(_broken(change), "practice.yml")


def test_a_missing_bank_or_id_says_how_to_restore(bank_dir: Path):
    with pytest.raises(PredictionBankError, match="git checkout -- notebooks/predictions/"):
        predictions.load_bank("98-nothing", bank_dir)
    with pytest.raises(PredictionBankError, match="has no prediction 'nope' .it has: trade-2024, grew"):
        predictions.find(LESSON, "nope", bank_dir)
    (bank_dir / "97-broken.yml").write_text("title: [unclosed", encoding="utf-8")
    with pytest.raises(PredictionBankError, match="not valid YAML"):
        predictions.load_bank("97-broken", bank_dir)


@pytest.mark.parametrize("path", sorted(predictions.PREDICTION_DIR.glob("*.yml")), ids=lambda p: p.stem)
def test_every_course_bank_is_valid_and_its_truth_comes_from_data(path: Path):
    _title, loaded = predictions.load_bank(path.stem)
    for item in loaded:
        figure, holds, cited = predictions.truth(item)
        assert figure == figure, f"{item.id}: the figure is NaN"
        assert (holds is None) == (item.kind == "quantity")
        assert cited.startswith("Source: ") and "course data set" in cited


def test_truth_is_read_from_data_with_its_source(items):
    assert predictions.truth(items["trade-2024"]) == (244.8, None,
                                                     "Source: Customs; Wire service (course data set 'trade')")
    assert predictions.truth(items["grew"])[:2] == (244.8, True)
    share, holds, _cited = predictions.truth(items["small-share"])
    assert share == pytest.approx(200 / 3) and holds is True  # 2 of 3 years are official


@pytest.mark.parametrize("rule, expected", [("above", False), ("at_least", True), ("below", False),
                                            ("at_most", True)])
def test_each_comparison_reads_as_written(items, rule, expected):
    item = predictions.Prediction(**{**items["grew"].__dict__, "true_if": (rule, 244.8)})
    assert predictions.truth(item)[1] is expected


# --------------------------------------------------------------------------- what the learner typed
def test_a_complete_quantity_is_accepted_and_read_as_people_write_it():
    entry = predictions.judge_quantity("250", " 1,00 ".replace(",", ""), "3 thousand")
    assert entry.ok and entry.answer == {"kind": "quantity", "guess": 250.0, "low": 100.0, "high": 3000.0}
    assert predictions.judge_quantity(250, 250, 250).ok  # a zero-width range is allowed, if bold
    words = predictions.judge_quantity("3 hundred thousand", "50 000", "400k")
    assert words.answer == {"kind": "quantity", "guess": 300_000.0, "low": 50_000.0, "high": 400_000.0}


def test_a_quantity_below_its_minimum_is_refused_unless_the_bank_allows_it():
    entry = predictions.judge_quantity("-5", "-10", "10", unit="troops")
    assert not entry.ok and entry.message == ("Your best guess (-5) and the low end (-10) cannot be right here: "
                                              "troops cannot be below 0.")
    one = predictions.judge_quantity("5", "-10", "10", unit="troops")
    assert one.message == "The low end (-10) cannot be right here: troops cannot be below 0."
    three = predictions.judge_quantity("40", "35", "50", unit="claims", maximum=30)
    assert three.message == ("Your best guess (40), the low end (35) and the high end (50) cannot be right here: "
                             "claims cannot be above 30.")
    assert predictions.judge_quantity("-5", "-10", "10", minimum=None).ok  # e.g. a change in trade
    assert not predictions.judge_quantity("5", "2", "10", minimum=3).ok


@pytest.mark.parametrize("guess, low, high, expected", [
    ("", "", "", "Type your best guess, then a low and a high value"),
    (None, None, None, "Type your best guess, then a low and a high value"),
    ("250", "", "400", "Type the low end of your range too."),
    ("250", "100", "  ", "Type the high end of your range too."),
    ("lots", "100", "400", "\u201clots\u201d (your best guess) is not a number"),
    ("250", "1,5", "400", "Use a dot for decimals in the low end of your range"),
    ("nan", "100", "400", "Your best guess must be an ordinary number"),
    ("250", "100", "inf", "The high end of your range must be an ordinary number"),
    ("250", "400", "100", "The low end (400) is above the high end (100)"),
    ("500", "100", "400", "Your best guess (500) lies outside your own range (100 to 400)"),
    (True, "100", "400", "(your best guess) is not a number"),
    ([250], "100", "400", "(your best guess) is not a number"),
])
def test_bad_quantities_get_a_sentence(guess, low, high, expected):
    entry = predictions.judge_quantity(guess, low, high)
    assert not entry.ok and entry.answer is None
    assert expected.lower() in entry.message.lower(), entry.message


@pytest.mark.parametrize("typed, value", [("70", 70.0), (" 70% ", 70.0), (0, 0.0), ("100", 100.0), ("1", 1.0),
                                          (33.5, 33.5)])
def test_probabilities_are_percentages(typed, value):
    entry = predictions.judge_statement(typed)
    assert entry.ok and entry.answer == {"kind": "statement", "probability": value}


@pytest.mark.parametrize("typed, expected", [
    ("", "Type how likely"), (None, "Type how likely"), ("likely", "is not a number"),
    ("nan", "ordinary number"), ("150", "150 is outside that range"), ("-5", "-5 is outside that range"),
    ("0.7", "for 0.7 as a fraction, type 70"), (False, "is not a number"),
    ("0,7", "as a percentage from 0 to 100, for example 70 (not 0,7)"),
])
def test_bad_probabilities_get_a_sentence(typed, expected):
    entry = predictions.judge_statement(typed)
    assert not entry.ok and expected in entry.message, entry.message


# --------------------------------------------------------------------------- outcome and the progress file
def test_outcome_scores_a_range_and_a_probability(items):
    inside = predictions.outcome(items["trade-2024"], {"kind": "quantity", "guess": 230, "low": 200, "high": 260})
    assert inside["scored"] and inside["inside"] and inside["figure"] == 244.8
    outside = predictions.outcome(items["trade-2024"], {"kind": "quantity", "guess": 100, "low": 50, "high": 150})
    assert outside["inside"] is False
    sure = predictions.outcome(items["grew"], {"kind": "statement", "probability": 90})
    assert sure["truth"] is True and sure["brier"] == pytest.approx(0.01)
    unsaved = predictions.outcome(items["grew"], None)
    assert unsaved["scored"] is False and "brier" not in unsaved


def test_brier_score_ends():
    assert predictions.brier(100, True) == 0 and predictions.brier(0, False) == 0
    assert predictions.brier(50, True) == 0.25 and predictions.brier(100, False) == 1


def test_a_revealed_prediction_is_locked_and_the_first_reveal_counts(private_progress_file: Path):
    first = {"kind": "statement", "probability": 80.0}
    assert progress.save_prediction(LESSON, "grew", first).saved
    assert progress.save_prediction(LESSON, "grew", {"kind": "statement", "probability": 60.0}).saved  # may change
    report, stored = progress.reveal_prediction(LESSON, "grew", {"truth": True, "scored": True, "brier": 0.16})
    assert report.saved and stored["probability"] == 60.0 and stored["revealed"]
    before = private_progress_file.read_bytes()
    refused = progress.save_prediction(LESSON, "grew", {"kind": "statement", "probability": 99.0})
    assert not refused.saved and refused.message == progress.LOCKED
    assert private_progress_file.read_bytes() == before, "a refused save writes nothing"
    _report, again = progress.reveal_prediction(LESSON, "grew", {"truth": False, "scored": True, "brier": 0.36})
    assert again["truth"] is True and again["brier"] == 0.16 and again["revealed"] == stored["revealed"]


def test_a_reveal_before_any_prediction_still_locks_it():
    report, stored = progress.reveal_prediction(LESSON, "grew", {"truth": True, "scored": False})
    assert report.saved and stored["scored"] is False
    assert not progress.save_prediction(LESSON, "grew", {"kind": "statement", "probability": 90.0}).saved


def test_a_corrupt_progress_file_is_kept_and_the_prediction_saved(private_progress_file: Path):
    private_progress_file.parent.mkdir(parents=True)
    private_progress_file.write_text("{not json", encoding="utf-8")
    report = progress.save_prediction(LESSON, "grew", {"kind": "statement", "probability": 70.0})
    assert report.saved and "kept, unchanged" in report.message
    assert list(private_progress_file.parent.glob("learner-progress.corrupt-*.json"))
    assert progress.predictions(LESSON)[0]["grew"]["probability"] == 70.0


# --------------------------------------------------------------------------- widgets
def _view(bank_dir: Path, prediction_id: str) -> predictions.PredictionView:
    predictions.show_prediction(LESSON, prediction_id, bank_dir)
    view = predictions.current_prediction(LESSON, prediction_id)
    assert view is not None
    return view


def _reveal(bank_dir: Path, prediction_id: str) -> predictions.RevealView:
    predictions.show_reveal(LESSON, prediction_id, bank_dir)
    view = predictions.current_reveal(LESSON, prediction_id)
    assert view is not None
    return view


def test_bad_input_in_the_widget_says_so_keeps_the_text_and_writes_nothing(bank_dir, private_progress_file):
    view = _view(bank_dir, "trade-2024")
    view.boxes["guess"].value, view.boxes["low"].value, view.boxes["high"].value = "300", "100", "200"
    result = view.save()
    assert not result.ok and "outside your own range" in view.status.value
    assert view.boxes["guess"].value == "300", "the learner's text stays in the box"
    assert not private_progress_file.exists()


def test_a_saved_prediction_comes_back_after_a_rerun_and_a_reopen(bank_dir):
    view = _view(bank_dir, "trade-2024")
    view.boxes["guess"].value, view.boxes["low"].value, view.boxes["high"].value = "230", "200", "1 thousand"
    assert view.save().ok and "Saved: best guess 230 billion US$" in view.status.value
    saved = progress.predictions(LESSON)[0]["trade-2024"]
    assert (saved["guess"], saved["low"], saved["high"]) == (230.0, 200.0, 1000.0)
    view.boxes["guess"].value = "240"  # typed, not saved, then the cell is re-run
    rerun = _view(bank_dir, "trade-2024")
    assert rerun is not view and rerun.boxes["guess"].value == "240"
    assert rerun.boxes["high"].value == "1 thousand", "what was typed is carried over as typed"
    predictions._LIVE.clear()  # as after a kernel restart: the file alone
    reopened = _view(bank_dir, "trade-2024")
    assert reopened.boxes["guess"].value == "230" and "Saved earlier" in reopened.status.value


def test_run_all_never_reveals_and_the_reveal_warns_before_an_unscored_reveal(bank_dir):
    reveal = _reveal(bank_dir, "grew")
    assert not reveal.button.disabled and reveal.result.value == "", "showing the cell reveals nothing"
    assert "grew" not in progress.predictions(LESSON)[0]
    assert reveal.reveal() == {} and "have not saved a prediction" in reveal.result.value
    assert reveal.button.description == "Reveal anyway"
    stored = reveal.reveal()
    assert stored["scored"] is False and "not scored" in reveal.result.value
    late = _view(bank_dir, "grew")
    assert late.save_button.disabled and all(box.disabled for box in late.boxes.values())
    assert "locked" in late.status.value


def test_the_status_line_never_disagrees_with_what_is_saved(bank_dir):
    view = _view(bank_dir, "grew")
    view.boxes["probability"].value = "65"
    assert view.save().ok and "Saved: 65% that it is true" in view.status.value
    view.boxes["probability"].value = "45"  # typed, not saved
    assert "Changed, not saved yet" in view.status.value and "(65% that it is true) still stands" in view.status.value
    view.boxes["probability"].value = "450"
    assert not view.save().ok and "still stands" in view.status.value
    view.boxes["probability"].value = "65"  # back to what is saved
    assert "Saved: 65% that it is true" in view.status.value
    view.boxes["probability"].value = "45"
    reveal = _reveal(bank_dir, "grew")
    assert reveal.reveal() == {}
    assert "Your saved prediction (65% that it is true) is the one that will be scored" in reveal.result.value
    stored = reveal.reveal()  # anyway
    assert stored["probability"] == 65 and stored["scored"] is True
    assert view.boxes["probability"].value == "65", "the locked boxes show the prediction that counts"


def test_a_saved_value_typed_another_way_is_not_an_unsaved_change(bank_dir):
    view = _view(bank_dir, "trade-2024")
    view.boxes["guess"].value, view.boxes["low"].value, view.boxes["high"].value = "230", "200", "1 thousand"
    assert view.save().ok and not view.has_unsaved_text()
    view.boxes["high"].value = "1,000"
    assert not view.has_unsaved_text() and "Saved:" in view.status.value
    view.boxes["high"].value = "999"
    assert view.has_unsaved_text()


def test_a_dot_between_thousands_is_asked_about_not_guessed():
    entry = predictions.judge_quantity("50.000", "10000", "90000")
    assert not entry.ok and "\u201c50.000\u201d (your best guess) is ambiguous: write 50000 (or 50,000)" in entry.message


def test_saving_after_a_warning_takes_the_warning_back(bank_dir):
    reveal = _reveal(bank_dir, "grew")
    reveal.reveal()
    assert reveal.armed and "have not saved" in reveal.result.value
    view = _view(bank_dir, "grew")
    view.boxes["probability"].value = "80"
    assert view.save().ok
    assert not reveal.armed and reveal.result.value == "" and reveal.button.description == "Reveal the answer"


def test_typed_but_unsaved_text_gets_its_own_warning(bank_dir):
    view = _view(bank_dir, "grew")
    view.boxes["probability"].value = "70"
    reveal = _reveal(bank_dir, "grew")
    reveal.reveal()
    assert "did not save it" in reveal.result.value and view.save().ok
    reveal.armed = False  # a fresh press after saving: no warning needed now
    stored = reveal.reveal()
    assert stored["scored"] is True and stored["brier"] == pytest.approx(0.09)


def test_reveal_shows_truth_source_and_range_then_locks_the_live_prediction(bank_dir):
    view = _view(bank_dir, "trade-2024")
    view.boxes["guess"].value, view.boxes["low"].value, view.boxes["high"].value = "150", "100", "200"
    assert view.save().ok
    reveal = _reveal(bank_dir, "trade-2024")
    stored = reveal.reveal()
    assert stored["inside"] is False
    text = reveal.result.value
    assert "The answer: 244.8 billion US$" in text and "Customs; Wire service" in text
    assert "lies above your 80% range" in text and "Both customs offices count it." in text
    assert view.save_button.disabled and "locked" in view.status.value
    view.boxes["guess"].value = "180"
    refused = view.save()
    assert not refused.ok and refused.message == progress.LOCKED
    other_kernel = predictions.PredictionView.__new__(predictions.PredictionView)  # a copy still open elsewhere
    other_kernel.__dict__.update(view.__dict__, locked=False)
    assert other_kernel.save().message.endswith(progress.LOCKED), "the progress file refuses it too"
    assert progress.predictions(LESSON)[0]["trade-2024"]["guess"] == 150.0
    shown_again = _reveal(bank_dir, "trade-2024")
    assert shown_again.revealed and "The answer: 244.8" in shown_again.result.value
    assert not shown_again.button.disabled, "the button keeps the keyboard focus; pressing it again re-shows"
    assert shown_again.reveal()["guess"] == 150.0 and "The answer: 244.8" in shown_again.result.value


def test_a_data_file_gone_at_reveal_time_gives_a_sentence_and_locks_nothing(bank_dir, mini_data):
    view = _view(bank_dir, "grew")
    view.boxes["probability"].value = "70"
    assert view.save().ok
    reveal = _reveal(bank_dir, "grew")
    (mini_data / "trade.csv").unlink()
    assert reveal.reveal() == {} and "could not be read from the data" in reveal.result.value
    assert not progress.predictions(LESSON)[0]["grew"].get("revealed")


def test_a_broken_bank_shows_a_sentence_not_a_traceback(bank_dir):
    widget = predictions.show_prediction(LESSON, "missing-id", bank_dir)
    assert "could not be loaded" in widget.value and "has no prediction 'missing-id'" in html.unescape(widget.value)
    assert "could not be loaded" in predictions.show_reveal("98-nothing", "x", bank_dir).value


def test_course_lessons_show_each_prediction_before_its_reveal_with_nothing_shown_between():
    """A reveal placed before its prediction would show the answer first; an orphan would never be
    scored; and a stored (nbval-checked) output between the two would show the answer on opening."""
    for bank in sorted(predictions.PREDICTION_DIR.glob("*.yml")):
        cells = json.loads((predictions.PREDICTION_DIR.parents[0] / f"{bank.stem}.ipynb").read_text())["cells"]
        sources = ["".join(c["source"]) if c["cell_type"] == "code" else "" for c in cells]
        for item in predictions.load_bank(bank.stem)[1]:
            shown = [i for i, s in enumerate(sources) if f'show_prediction("{bank.stem}", "{item.id}")' in s]
            revealed = [i for i, s in enumerate(sources) if f'show_reveal("{bank.stem}", "{item.id}")' in s]
            assert len(shown) == 1 and len(revealed) == 1 and shown[0] < revealed[0], (
                f"{bank.stem}: '{item.id}' must be predicted once, then revealed once, later")
            leaking = [i for i in range(shown[0] + 1, revealed[0]) if cells[i].get("outputs")
                       or "nbval-check-output" in cells[i].get("metadata", {}).get("tags", [])]
            assert not leaking, (f"{bank.stem}: cells {leaking} between '{item.id}' and its reveal keep stored "
                                 "outputs, which a learner sees on opening, before predicting")


def test_a_statement_reveal_gives_its_unit_in_words_and_the_credit_the_bank_names(items):
    item = predictions.Prediction(**{**items["small-share"].__dict__, "unit": "% of the years",
                                     "credit": "the course's own count"})
    answer = {"kind": "statement", "probability": 40}
    entry = {**answer, **predictions.outcome(item, answer)}  # what a reveal stores
    first = predictions.reveal_text(item, entry)[0]
    assert first.startswith("The statement is TRUE: the figure is 66.7% of the years, and the statement "
                            "asks for at least 50% of the years.")
    assert first.endswith("Source: the course's own count (course data set 'trade')")


def test_a_share_above_100_percent_is_refused():
    entry = predictions.judge_quantity("60", "40", "150", unit="% of the components")
    assert not entry.ok and "cannot be above 100%" in entry.message
    assert predictions.judge_quantity("600", "400", "1500", unit="troops").ok


def test_a_bank_can_cap_a_count_and_a_range_above_the_cap_is_refused():
    entry = predictions.judge_quantity("4", "2", "9", unit="dimensions", maximum=7)
    assert not entry.ok and "cannot be above 7" in entry.message
    assert predictions.judge_quantity("4", "2", "7", unit="dimensions", maximum=7).ok
    assert any("'maximum' must be a number" in e for e in predictions.bank_errors(
        {"title": "t", "predictions": [{"id": "a", "kind": "quantity", "prompt": "p", "unit": "u", "maximum": "7",
                                        "answer_from": {"dataset": "claims", "column": "claim_id",
                                                        "aggregate": "count"}}]}))


def test_the_example_number_fits_a_capped_count():
    entry = predictions.judge_quantity("four", "2", "6", unit="dimensions", maximum=7)
    assert not entry.ok and "for example 4" in entry.message


def test_a_prediction_saved_after_other_cells_ran_is_marked_and_the_learner_told(bank_dir):
    """The cell under a prediction usually shows the figure. Saving after other cells ran is allowed, but the
    entry says so and the learner is told, so lesson 09 can count predictions made with the data on screen apart."""
    view = _view(bank_dir, "trade-2024")
    predictions.count_cell('show_prediction("x", "other")')  # another prediction's cell: not the data
    predictions.count_cell("show_reveal(\"x\", \"y\")")
    predictions.count_cell("meta = load('information_operations')  # shows no answer: the values come later")
    view.boxes["guess"].value, view.boxes["low"].value, view.boxes["high"].value = "230", "200", "300"
    assert view.save().ok and predictions.LATE_NOTE not in view.status.value
    assert progress.predictions(LESSON)[0]["trade-2024"]["after_other_cells"] is False
    predictions.count_cell("trade = load('china_russia_trade')\ntrade")  # the evidence cell runs
    view.boxes["guess"].value = "240"
    assert view.save().ok and predictions.LATE_NOTE in view.status.value
    assert progress.predictions(LESSON)[0]["trade-2024"]["after_other_cells"] is True


def test_the_cell_counter_hooks_into_ipython_once():
    from IPython.core.interactiveshell import InteractiveShell

    shell = InteractiveShell.instance()
    try:
        predictions._watch_cells()
        predictions._watch_cells()
        assert shell.events.callbacks["post_run_cell"].count(predictions._post_run_cell) == 1
        before = predictions._OTHER_CELLS_RUN[0]
        shell.run_cell("1 + 1")
        assert predictions._OTHER_CELLS_RUN[0] == before + 1
    finally:
        if predictions._post_run_cell in shell.events.callbacks["post_run_cell"]:
            shell.events.unregister("post_run_cell", predictions._post_run_cell)
        InteractiveShell.clear_instance()
