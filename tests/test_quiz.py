"""Quiz grading is a plain function; the widget only wires clicks to it."""
from __future__ import annotations

import copy

import pytest
import yaml

from coursekit import answers, data, progress, quiz
from coursekit.errors import QuizBankError

BANK = {
    "title": "Practice",
    "questions": [
        {"id": "one", "type": "single", "prompt": "Pick B", "hint": "It is the second one.",
         "options": [{"text": "A", "feedback": "A is wrong because..."},
                     {"text": "B", "correct": True, "feedback": "B is right because..."},
                     {"text": "C", "feedback": "C is wrong because..."}]},
        {"id": "many", "type": "multiple", "prompt": "Pick A and C",
         "options": [{"text": "A", "correct": True, "feedback": "A belongs."},
                     {"text": "B", "feedback": "B does not belong."},
                     {"text": "C", "correct": True, "feedback": "C belongs."}]},
        {"id": "num", "type": "numeric", "prompt": "Trade in 2024?",
         "answer_from": {"dataset": "trade", "column": "total_usd_bn", "where": {"year": 2024}},
         "tolerance": 0.5, "unit": "billion US$", "feedback_correct": "Read from the 2024 row.",
         "feedback_low": "Look at the 2024 row.", "feedback_high": "Look at the 2024 row."},
    ],
}


@pytest.fixture(autouse=True)
def no_live_quizzes():
    """Each test starts as a fresh kernel would: no quiz shown yet."""
    quiz._LIVE_QUIZZES.clear()
    yield
    quiz._LIVE_QUIZZES.clear()


@pytest.fixture
def questions(mini_data, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(mini_data))
    return {q.id: q for q in quiz.parse_bank(copy.deepcopy(BANK))[1]}


@pytest.fixture
def bank_dir(tmp_path, mini_data, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(mini_data))
    folder = tmp_path / "quizzes"
    folder.mkdir()
    (folder / "practice.yml").write_text(yaml.safe_dump(BANK), encoding="utf-8")
    return folder


def test_valid_bank_has_no_errors():
    assert quiz.bank_errors(BANK) == []


@pytest.mark.parametrize(
    "mutate, message",
    [
        (lambda b: b["questions"][0]["options"][1].update(correct=False), "exactly one correct option"),
        (lambda b: b["questions"][0]["options"][0].pop("feedback"), "needs 'feedback'"),
        (lambda b: b["questions"][1].update(id="one"), "id 'one' is used twice"),
        (lambda b: b["questions"][0].update(type="essay"), "'type' must be one of"),
        (lambda b: b["questions"][2].pop("answer_from"), "answer_from"),
        (lambda b: b["questions"][2].update(tolerance=-1), "'tolerance' must be a number"),
        (lambda b: b["questions"][2].pop("feedback_low"), "numeric questions need 'feedback_low'"),
        (lambda b: b.update(questions=[]), "non-empty list"),
        (lambda b: b["questions"][0].update(options=[{"text": "only", "feedback": "x", "correct": True}]),
         "at least two 'options'"),
        (lambda b: b["questions"][0].update(tags=["transfers"]), "unknown tag(s) ['transfers']"),
    ],
)
def test_schema_errors_are_specific(mutate, message):
    bank = copy.deepcopy(BANK)
    mutate(bank)
    assert any(message in e for e in quiz.bank_errors(bank)), quiz.bank_errors(bank)


def test_single_choice_feedback_for_every_option(questions):
    q = questions["one"]
    assert quiz.grade(q, 1) == quiz.Feedback("correct", "\u2705 Correct. B is right because...")
    assert quiz.grade(q, 0).status == "incorrect" and "A is wrong because" in quiz.grade(q, 0).message
    assert "C is wrong because" in quiz.grade(q, 2).message


@pytest.mark.parametrize("nothing", [None, "", (), []])
def test_nothing_selected_is_a_gentle_prompt(questions, nothing):
    result = quiz.grade(questions["one"], nothing)
    assert result.status == "empty" and result.message == quiz.EMPTY_PROMPT["single"]
    assert not result.counts_as_attempt


@pytest.mark.parametrize("odd", [7, -1, "banana", [0, 1], object()])
def test_odd_single_choice_input_never_raises(questions, odd):
    assert quiz.grade(questions["one"], odd).status == "invalid"


def test_multiple_choice(questions):
    q = questions["many"]
    assert quiz.grade(q, [0, 2]).status == "correct"
    partial = quiz.grade(q, [0])
    assert partial.status == "partial" and "missed 1 correct option" in partial.message
    wrong = quiz.grade(q, [1])
    assert wrong.status == "incorrect" and "B does not belong" in wrong.message
    assert quiz.grade(q, []).message == quiz.EMPTY_PROMPT["multiple"]


def test_numeric_answer_comes_from_data_with_tolerance(questions):
    q = questions["num"]
    assert q.answer == pytest.approx(244.8)
    assert quiz.grade(q, "245.2").status == "correct"
    assert " Source: Customs; Wire service (course data set 'trade')." in quiz.grade(q, "245.2").message
    assert quiz.grade(q, 244.3).status == "correct"
    assert "too low" in quiz.grade(q, 200).message
    assert "too high" in quiz.grade(q, "300").message
    assert quiz.grade(q, "1,000").status == "incorrect"
    assert quiz.grade(q, "245 billion").status == "correct"  # a unit typed after the number is fine
    assert "Use a dot for decimals" in quiz.grade(q, "244,8").message
    assert quiz.grade(q, " 245 ").status == "correct"  # stray spaces from copy and paste
    assert "2,450,000 is too high" in quiz.grade(q, "2.45e6").message  # read whole, not as 2.45
    assert quiz.grade(q, "245 bn").status == "correct"  # the unit is billions already


def test_numeric_scale_words_and_large_numbers_read_as_people_write_them():
    q = quiz.Question(id="shells", kind="numeric", prompt="p", answer=3_000_000.0, tolerance=0, unit="shells",
                      feedback_correct="c", feedback_low="l", feedback_high="h")
    assert quiz.grade(q, "3 million").status == "correct"
    assert quiz.grade(q, "3,000,000").status == "correct"
    assert "3,000,000 shells" in quiz.grade(q, "3000000").message
    assert "3,000 is too low" in quiz.grade(q, "3 thousand").message


def test_numeric_answer_is_credited_to_the_rows_it_comes_from(mini_data, monkeypatch):
    monkeypatch.setenv("COURSE_DATA_DIR", str(mini_data))
    one_source = {"dataset": "trade", "column": "total_usd_bn", "where": {"year": 2023}}
    assert answers.citation(one_source) == "Source: Customs (course data set 'trade')"
    largest = {"dataset": "trade", "column": "total_usd_bn", "aggregate": "max"}
    assert answers.citation(largest) == "Source: Customs; Wire service (course data set 'trade')"


@pytest.mark.parametrize("odd, status", [("", "empty"), ("   ", "empty"), (None, "empty"),
                                          ("abc", "invalid"), (True, "invalid"), ("nan", "invalid"),
                                          ("inf", "invalid"), ([1], "invalid")])
def test_numeric_odd_input(questions, odd, status):
    assert quiz.grade(questions["num"], odd).status == status


def test_score_counts_latest_graded_answers():
    latest = {"a": quiz.Feedback("correct", ""), "b": quiz.Feedback("incorrect", "")}
    assert quiz.score_line(latest, 3) == "Score: 1 of 3 correct (2 answered; your latest answer to each counts)."


def test_a_numeric_answer_can_credit_who_made_the_figure(bank_dir):
    bank = copy.deepcopy(BANK)
    bank["questions"][2]["credit"] = "the course's own sum"
    _title, questions = quiz.parse_bank(bank)
    assert quiz.grade(questions[2], "244.8").message.endswith(" Source: the course's own sum (course data set 'trade').")


def test_answer_from_rejects_ambiguous_match(mini_data, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(mini_data))
    with pytest.raises(QuizBankError, match="expected one matching value, found 3"):
        answers.value_and_rows({"dataset": "trade", "column": "total_usd_bn"})
    assert answers.value_and_rows({"dataset": "trade", "column": "total_usd_bn", "aggregate": "max"})[0] == 244.8


def test_a_list_in_where_keeps_the_rows_holding_any_of_its_values(mini_data, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(mini_data))
    years = sorted(data.load("trade")["year"].tolist())
    count, rows = answers.value_and_rows({"dataset": "trade", "column": "year", "where": {"year": years[:2]},
                                          "aggregate": "count"})
    assert count == 2 and sorted(rows["year"].tolist()) == years[:2]
    assert answers.value_and_rows({"dataset": "trade", "column": "year", "where": {"year": []}, "aggregate": "count"})[0] == 0


def test_missing_or_broken_bank_file(tmp_path):
    with pytest.raises(QuizBankError, match="No quiz bank"):
        quiz.load_bank("nope", tmp_path)
    (tmp_path / "bad.yml").write_text("title: [unclosed")
    with pytest.raises(QuizBankError, match="not valid YAML"):
        quiz.load_bank("bad", tmp_path)
    shown = quiz.show_quiz("nope", tmp_path)
    assert "could not be loaded" in shown.value


def test_widget_clicks_give_feedback_and_score(bank_dir):
    quiz.show_quiz("practice", bank_dir)
    view = quiz.current_quiz("practice")
    view.submit_buttons["one"].click()
    assert quiz.EMPTY_PROMPT["single"] in view.feedback["one"].value
    view.inputs["one"].value = 0
    view.submit_buttons["one"].click()
    assert "Not quite" in view.feedback["one"].value
    view.inputs["one"].value = 1  # retry
    view.submit_buttons["one"].click()
    assert "Correct" in view.feedback["one"].value
    view.inputs["num"].value = "244.8"
    view.submit_buttons["num"].click()
    for box in view.inputs["many"].children:
        box.value = True
    view.submit_buttons["many"].click()
    assert "Score: 2 of 3 correct (3 answered; your latest answer to each counts)." in view.score.value


def test_hint_button(bank_dir):
    quiz.show_quiz("practice", bank_dir)
    view = quiz.current_quiz("practice")
    view.inputs["one"].value = 1
    view.submit("one")
    view.show_hint("one")  # asked for after a right answer: both stay on screen
    shown = view.feedback["one"].value
    assert "Correct" in shown and "It is the second one." in shown
    assert shown.index("Correct") < shown.index("It is the second one."), "the hint goes below the feedback"


def test_a_hint_asked_for_before_a_right_answer_goes_away_with_it(bank_dir):
    quiz.show_quiz("practice", bank_dir)
    view = quiz.current_quiz("practice")
    view.show_hint("one")
    view.inputs["one"].value = 0
    view.submit("one")
    assert "It is the second one." in view.feedback["one"].value, "a wrong answer keeps the hint"
    view.inputs["one"].value = 1
    view.submit("one")
    assert "Correct" in view.feedback["one"].value and "It is the second one." not in view.feedback["one"].value


def test_rerunning_the_cell_does_not_duplicate_handlers(bank_dir):
    quiz.show_quiz("practice", bank_dir)
    first = quiz.current_quiz("practice")
    quiz.show_quiz("practice", bank_dir)
    second = quiz.current_quiz("practice")
    assert first is not second
    assert len(second.submit_buttons["one"]._click_handlers.callbacks) == 1
    assert len(first.submit_buttons["one"]._click_handlers.callbacks) == 0
    assert first.widget.comm is None  # closed: the old copy on the page stops responding


def test_rerunning_the_cell_keeps_answers_and_score(bank_dir):
    quiz.show_quiz("practice", bank_dir)
    first = quiz.current_quiz("practice")
    first.inputs["one"].value = 1
    first.submit_buttons["one"].click()
    first.inputs["many"].children[2].value = True
    quiz.show_quiz("practice", bank_dir)
    second = quiz.current_quiz("practice")
    assert second.inputs["one"].value == 1 and "Correct" in second.feedback["one"].value
    assert second.inputs["many"].children[2].value is True
    assert "Score: 1 of 3 correct (1 answered; your latest answer to each counts)." in second.score.value


def test_graded_answers_are_saved_to_the_progress_file(bank_dir, private_progress_file):
    quiz.show_quiz("practice", bank_dir)
    view = quiz.current_quiz("practice")
    first = view.questions[0]
    view.submit(first.id)  # nothing chosen: not an attempt, nothing saved
    assert not private_progress_file.exists()
    view.inputs[first.id].value = 0
    view.submit(first.id)
    view.inputs[first.id].value = 1
    view.submit(first.id)  # answering again replaces the entry
    record, _ = progress.read()
    answers = record["lessons"]["practice"]["quiz"]
    assert list(answers) == [first.id]
    assert answers[first.id]["status"] == view.latest[first.id].status
    assert progress.quiz_score("practice", record)[2] == len(view.questions)


def test_a_failed_progress_save_is_shown_with_the_feedback(bank_dir, monkeypatch):
    monkeypatch.setattr(progress, "save_quiz_answer",
                        lambda *a, **k: progress.SaveReport(False, "Not saved: disk full."))
    quiz.show_quiz("practice", bank_dir)
    view = quiz.current_quiz("practice")
    first = view.questions[0]
    view.inputs[first.id].value = 0
    result = view.submit(first.id)
    assert result.counts_as_attempt and "Not saved: disk full." in view.feedback[first.id].value


def test_saved_answers_come_back_after_a_kernel_restart(bank_dir):
    quiz.show_quiz("practice", bank_dir)
    view = quiz.current_quiz("practice")
    view.inputs["one"].value = 1
    view.submit("one")
    view.inputs["many"].children[0].value = True
    view.submit("many")
    view.inputs["num"].value = "245 billion"
    view.submit("num")
    view.close()
    quiz._LIVE_QUIZZES.clear()  # as after a restart: only the progress file is left
    quiz.show_quiz("practice", bank_dir)
    again = quiz.current_quiz("practice")
    assert again.inputs["one"].value == 1 and "Correct" in again.feedback["one"].value
    assert [box.value for box in again.inputs["many"].children] == [True, False, False]
    assert "missed 1 correct option" in again.feedback["many"].value
    assert again.inputs["num"].value == "245 billion"
    assert "Score: 2 of 3 correct (3 answered; your latest answer to each counts)." in again.score.value


def test_an_answer_saved_for_an_older_bank_is_left_out(bank_dir):
    progress.save_quiz_answer("practice", "one", "correct", 3, response=7)  # no option 7 any more
    quiz.show_quiz("practice", bank_dir)
    view = quiz.current_quiz("practice")
    assert view.inputs["one"].value is None and view.feedback["one"].value == ""


def test_figures_the_course_computes_are_rounded_but_sourced_figures_are_not():
    from coursekit.answers import shown_figure

    assert shown_figure(39.13043478) == "39.1"
    assert shown_figure(0.456789) == "0.46"
    assert shown_figure(12.25) == "12.25"
    assert shown_figure(300000) == "300,000"


def test_feedback_does_not_repeat_what_the_mark_says():
    right = quiz.Option("B", True, "Right: it is about the future.")
    question = quiz.Question(id="q", kind="single", prompt="?", options=(quiz.Option("A", False, "No."), right))
    assert quiz.grade(question, 1).message == "\u2705 Correct. It is about the future."
    numeric = quiz.Question(id="n", kind="numeric", prompt="?", answer=40.0, unit="%",
                            feedback_low="Too low: read the July row.", feedback_high="Read it again.")
    assert quiz.grade(numeric, "30").message == "\u274c 30 is too low. Read the July row."
    assert quiz.grade(numeric, "50").message == "\u274c 50 is too high. Read it again."


def test_a_fraction_typed_for_a_percentage_is_asked_about_not_marked_wrong():
    numeric = quiz.Question(id="n", kind="numeric", prompt="?", answer=40.0, unit="% of the shells",
                            feedback_low="Low.", feedback_high="High.")
    result = quiz.grade(numeric, "0.4")
    assert result.status == "invalid" and "type 40" in result.message
    small = quiz.Question(id="s", kind="numeric", prompt="?", answer=0.5, tolerance=0.1, unit="%",
                          feedback_low="Low.", feedback_high="High.")
    assert quiz.grade(small, "0.5").correct, "a true answer below 1% is still read as typed"


def test_the_example_number_never_gives_the_answer_away():
    for answer in (12.0, 40.0, 7.0, 12.5, 3.0, 5.0, 9.0):
        question = quiz.Question(id="n", kind="numeric", prompt="?", answer=answer, unit="drones",
                                 feedback_low="Low.", feedback_high="High.")
        message = quiz.grade(question, "a dozen").message
        example = message.rsplit("for example ", 1)[1].rstrip(".")
        assert abs(float(example) - answer) > 1, message


def test_enter_in_the_number_box_submits(bank_dir, private_progress_file):
    quiz.show_quiz("practice", bank_dir)
    view = quiz.current_quiz("practice")
    numeric = next(q.id for q in view.questions if q.kind == "numeric")
    view.inputs[numeric].value = "1"
    view.inputs[numeric]._handle_custom_msg({"event": "submit"}, [])
    assert view.feedback[numeric].value, "Enter graded the answer"


def test_single_choice_options_are_shown_in_a_fixed_shuffle_that_keeps_their_values(bank_dir):
    """Position must not give the answer away, and a saved index must keep its meaning."""
    order = quiz.display_order(quiz.Question(id="one", kind="single", prompt="?",
                                             options=tuple(quiz.Option(t, t == "B", "") for t in "ABCDE")))
    assert sorted(order) == [0, 1, 2, 3, 4]
    assert order == quiz.display_order(quiz.Question(id="one", kind="single", prompt="?",
                                                     options=tuple(quiz.Option(t, False, "") for t in "ABCDE")))
    firsts = {quiz.display_order(quiz.Question(id=f"q{i}", kind="single", prompt="?",
                                               options=tuple(quiz.Option(t, False, "") for t in "ABCD")))[0]
              for i in range(40)}
    assert firsts == {0, 1, 2, 3}, "over many questions, any option can come first"
    quiz.show_quiz("practice", bank_dir)
    view = quiz.current_quiz("practice")
    shown = view.inputs["one"].options
    assert [value for _label, value in shown] == quiz.display_order(view.questions[0])
    assert all(view.questions[0].options[value].text == label for label, value in shown)


def test_a_decimal_for_a_count_is_asked_about_not_marked_wrong():
    count = quiz.Question(id="c", kind="numeric", prompt="?", answer=13.0, unit="drones",
                          feedback_low="Low.", feedback_high="High.")
    result = quiz.grade(count, "12.5")
    assert result.status == "invalid" and "whole number" in result.message
    assert quiz.grade(count, "13").correct


def test_a_figure_in_the_wrong_unit_is_asked_about_not_marked_too_high():
    """Lesson 07's learner typed the table's 57,392,000 (kilograms) for 57,392 tonnes and read 'too high: not a
    sum of monthly rows', the wrong diagnosis. 1,000 or 1,000,000 times the answer is named as a unit slip
    (a figure 1,000 times too small stays 'too low': '3 thousand' for 3 million shells is a misreading)."""
    numeric = quiz.Question(id="n", kind="numeric", prompt="?", answer=57392.0, unit="tonnes",
                            feedback_low="Low.", feedback_high="Do not add up months.")
    result = quiz.grade(numeric, "57392000")
    assert result.status == "invalid" and "1,000 times the answer" in result.message and "tonnes" in result.message
    assert quiz.grade(numeric, "60000").message.startswith("\u274c 60,000 is too high. Do not add up months.")


def test_a_count_of_one_takes_the_singular():
    """Lesson 09's learner read "✅ Correct: 1 items."; the unit agrees with the figure."""
    one = quiz.Question(id="o", kind="numeric", prompt="?", answer=1.0, unit="items",
                        feedback_low="Low.", feedback_high="High.")
    assert quiz.grade(one, "1").message.startswith("\u2705 Correct: 1 item. ")
    assert quiz.unit_for(1, "countries") == "country" and quiz.unit_for(2, "items") == "items"
    assert quiz.unit_for(1, "billion US dollars") == "billion US dollars" and quiz.unit_for(1, "%") == "%"
    assert quiz.unit_for(1.0, "tonnes") == "tonne" and quiz.unit_for(1, "Mt") == "Mt"


def test_no_quiz_or_lesson_calls_an_existing_lesson_in_preparation():
    """Lesson 00's quiz still called lessons 07 and 09 'in preparation' after both were published."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    files = [*root.glob("notebooks/quizzes/*.yml"), *root.glob("notebooks/predictions/*.yml"),
             *root.glob("notebooks/*.ipynb"), *root.glob("solutions/*.ipynb")]
    stale = [f.name for f in files if "in preparation" in f.read_text(encoding="utf-8")]
    assert not stale, f"'in preparation' although every lesson exists: {stale}"
