"""Quizzes: question banks in YAML, graded by a plain function, shown with ipywidgets.

Why the split: the grading rules (what counts as right, what to say about each option) are
the part worth testing, and they are tested here without a browser. The widget layer only
turns clicks into calls of :func:`grade` and writes the returned message.

A bank lives in ``notebooks/quizzes/<lesson>.yml``::

    title: Check your understanding
    questions:
      - id: thesis
        type: single            # single | multiple | numeric
        prompt: What does the article argue?
        hint: Re-read the overview.          # optional
        tags: [evidence-quality]             # optional; what skill the question tests (TAGS)
        options:
          - text: ...
            correct: true
            feedback: Why this is right.
          - text: ...
            feedback: Why this is wrong.
      - id: trade-2024
        type: numeric
        prompt: ...
        answer_from: {dataset: china_russia_trade, column: total_usd_bn, where: {year: 2024}}
        tolerance: 0.5
        unit: billion US$
        credit: ...           # optional: who made the figure, when the rows' sources would mislead
        feedback_correct: ...
        feedback_low: ...
        feedback_high: ...

Numeric answers are read from ``data/`` (``answer_from``) so a quiz never states a number
that is not in the evidence base.
"""
from __future__ import annotations

import html
import re
import math
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from coursekit import answers, banks, progress
from coursekit.answers import shown_figure, shown_number
from coursekit.errors import CourseError, QuizBankError
from coursekit.widget_tools import after_pending_input, close_tree, keyboard_ready, on_enter, replace_view, shared

QUIZ_DIR = Path(__file__).resolve().parents[2] / "notebooks" / "quizzes"
KINDS = ("single", "multiple", "numeric")
RIGHT_MARK, WRONG_MARK = "\u2705", "\u274c"
# What a question can be tagged with. The lesson standard (tests/test_notebook_hygiene.py) counts them:
# evidence-quality (judging a source or a figure's basis), transfer (applying a yardstick to a headline or
# figure the lesson did not show), lookup (a figure read off the data and nothing more; at most one per bank).
TAGS = ("evidence-quality", "transfer", "lookup")
EMPTY_PROMPT = {
    "single": "Pick one option first, then press Submit.",
    "multiple": "Tick at least one option first, then press Submit.",
    "numeric": "Type a number in the box first, then press Submit.",
}


@dataclass(frozen=True)
class Option:
    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    prompt: str
    options: tuple[Option, ...] = ()
    hint: str = ""
    answer: float | None = None
    tolerance: float = 0.0
    unit: str = ""
    feedback_correct: str = ""
    feedback_low: str = ""
    feedback_high: str = ""
    source: str = ""
    tags: tuple[str, ...] = ()


@dataclass(frozen=True)
class Feedback:
    """The verdict on one submission. ``status`` is correct, incorrect, partial, empty or invalid."""

    status: str
    message: str

    @property
    def correct(self) -> bool:
        return self.status == "correct"

    @property
    def counts_as_attempt(self) -> bool:
        return self.status in ("correct", "incorrect", "partial")


# --------------------------------------------------------------------------- bank loading
def bank_errors(bank: Any) -> list[str]:
    """Every way ``bank`` (parsed YAML) breaks the quiz schema; empty when it is valid."""
    errors, questions = banks.item_errors(bank, "questions", "question")
    for where, q in questions:
        if "hint" in q and not isinstance(q["hint"], str):
            errors.append(f"{where}: 'hint' must be text")
        if "tags" in q and not (isinstance(q["tags"], list) and all(isinstance(t, str) for t in q["tags"])):
            errors.append(f"{where}: 'tags' must be a list of words, e.g. [evidence-quality]")
        elif "tags" in q and set(q["tags"]) - set(TAGS):
            errors.append(f"{where}: unknown tag(s) {sorted(set(q['tags']) - set(TAGS))}; use {TAGS}")
        kind = q.get("type")
        if kind not in KINDS:
            errors.append(f"{where}: 'type' must be one of {KINDS}")
        elif kind == "numeric":
            errors += _numeric_errors(q, where)
        else:
            errors += _choice_errors(q, kind, where)
    return errors


def _choice_errors(q: dict[str, Any], kind: str, where: str) -> list[str]:
    options = q.get("options")
    if not isinstance(options, list) or len(options) < 2:
        return [f"{where}: a {kind} question needs at least two 'options'"]
    errors = []
    for i, option in enumerate(options, start=1):
        if not isinstance(option, dict) or not str(option.get("text", "")).strip():
            errors.append(f"{where}, option {i}: needs a 'text'")
        elif not str(option.get("feedback", "")).strip():
            errors.append(f"{where}, option {i}: needs 'feedback' saying why it is right or wrong")
        elif "correct" in option and not isinstance(option["correct"], bool):
            errors.append(f"{where}, option {i}: 'correct' must be true or false")
    right = sum(1 for o in options if isinstance(o, dict) and o.get("correct") is True)
    if kind == "single" and right != 1:
        errors.append(f"{where}: a single-choice question needs exactly one correct option (has {right})")
    if kind == "multiple" and right < 1:
        errors.append(f"{where}: a multiple-choice question needs at least one correct option")
    return errors


def _numeric_errors(q: dict[str, Any], where: str) -> list[str]:
    errors = answers.spec_errors(q.get("answer_from"), where)
    tolerance = q.get("tolerance")
    if not isinstance(tolerance, (int, float)) or isinstance(tolerance, bool) or tolerance < 0:
        errors.append(f"{where}: 'tolerance' must be a number of at least 0")
    if "credit" in q and not isinstance(q["credit"], str):
        errors.append(f"{where}: 'credit' must be text")
    for key in ("unit", "feedback_correct", "feedback_low", "feedback_high"):
        if not isinstance(q.get(key), str) or not q[key].strip():
            errors.append(f"{where}: numeric questions need '{key}'")
    return errors


def parse_bank(bank: dict[str, Any], name: str = "quiz") -> tuple[str, tuple[Question, ...]]:
    """Turn a parsed, valid bank into ``(title, questions)``; raises QuizBankError if invalid."""
    errors = bank_errors(bank)
    if errors:
        raise QuizBankError(f"{name}: " + "; ".join(errors))
    questions = []
    for q in bank["questions"]:
        common = dict(id=q["id"], kind=q["type"], prompt=q["prompt"].strip(), hint=q.get("hint", "").strip(),
                      tags=tuple(q.get("tags", ())))
        if q["type"] == "numeric":
            spec = q["answer_from"]
            answer, rows = answers.value_and_rows(spec)
            questions.append(Question(
                **common, answer=answer, tolerance=float(q["tolerance"]),
                unit=q["unit"], feedback_correct=q["feedback_correct"].strip(),
                feedback_low=q["feedback_low"].strip(), feedback_high=q["feedback_high"].strip(),
                source=answers.citation(spec, rows, str(q.get("credit", "")).strip()),
            ))
        else:
            options = tuple(
                Option(str(o["text"]).strip(), o.get("correct") is True, str(o["feedback"]).strip())
                for o in q["options"]
            )
            questions.append(Question(**common, options=options))
    return bank["title"], tuple(questions)


def load_bank(lesson: str, directory: Path = QUIZ_DIR) -> tuple[str, tuple[Question, ...]]:
    """Read and validate ``<directory>/<lesson>.yml``."""
    path = directory / f"{lesson}.yml"
    return parse_bank(banks.read(path, "quiz", "notebooks/quizzes/"), path.name)


# --------------------------------------------------------------------------- grading
def grade(question: Question, response: Any) -> Feedback:
    """Judge one response. Never raises: odd input gets a message, not a traceback.

    ``response`` is the chosen option index (single), an iterable of indices (multiple),
    or the typed text or number (numeric); ``None`` or empty means nothing was chosen.
    """
    if question.kind == "numeric":
        return _grade_numeric(question, response)
    chosen = _chosen_indices(response, len(question.options))
    if chosen is None:
        return Feedback("invalid", "That answer is not one of the options; pick from the list.")
    if not chosen:
        return Feedback("empty", EMPTY_PROMPT[question.kind])
    if question.kind == "single":
        if len(chosen) > 1:
            return Feedback("invalid", "Pick only one option for this question.")
        option = question.options[chosen[0]]
        if option.correct:
            return Feedback("correct", f"\u2705 Correct. {_drop_echo(option.feedback, CORRECT_ECHOES)}")
        return Feedback("incorrect", f"\u274c Not quite. {option.feedback}")
    return _grade_multiple(question, chosen)


def _chosen_indices(response: Any, count: int) -> list[int] | None:
    if response is None or response == "" or response == ():
        return []
    items: Iterable[Any] = [response] if isinstance(response, (int, str)) else response
    try:
        indices = sorted({int(i) for i in items if not isinstance(i, bool)})
    except (TypeError, ValueError):
        return None
    if any(i < 0 or i >= count for i in indices):
        return None
    return indices


def _grade_multiple(question: Question, chosen: list[int]) -> Feedback:
    right = {i for i, o in enumerate(question.options) if o.correct}
    lines = []
    for i in chosen:
        option = question.options[i]
        # The word says it too: the mark alone would leave right and wrong to a symbol (issue 12, item 6).
        mark = f"{RIGHT_MARK} Right" if option.correct else f"{WRONG_MARK} Not right"
        lines.append(f"{mark}: \u201c{option.text}\u201d: {option.feedback}")
    missed = len(right - set(chosen))
    if set(chosen) == right:
        return Feedback("correct", f"{RIGHT_MARK} Correct: you found every right option.\n" + "\n".join(lines))
    if missed:
        lines.append(f"\u2139\ufe0f You missed {missed} correct option{'s' if missed > 1 else ''}.")
    status = "partial" if set(chosen) & right else "incorrect"
    return Feedback(status, "Not yet: look at the notes below and try again.\n" + "\n".join(lines))


def _grade_numeric(question: Question, response: Any) -> Feedback:
    if response is None or (isinstance(response, str) and not response.strip()):
        return Feedback("empty", EMPTY_PROMPT["numeric"])
    value = answers.read_number(response, question.unit)
    # The example has the answer's form (a whole number for a count), never its value.
    example = _example(question)
    if value is None:
        if isinstance(response, bool) or not isinstance(response, str):
            return Feedback("invalid", f"Type a number, for example {example}.")
        if answers.looks_like_comma_decimal(response):
            return Feedback("invalid", "Use a dot for decimals, for example 12.5 (not 12,5).")
        return Feedback("invalid", f"\u201c{response}\u201d is not a number. Type digits, for example {example}.")
    if not math.isfinite(value):
        return Feedback("invalid", f"Type an ordinary number, for example {example}.")
    assert question.answer is not None
    if abs(value - question.answer) <= question.tolerance + 1e-9:
        credit = f" {question.source}." if question.source else ""  # no brackets: the source has its own
        return Feedback("correct", f"\u2705 Correct: {shown_figure(question.answer)} "
                                   f"{unit_for(question.answer, question.unit)}. "
                                   f"{_drop_echo(question.feedback_correct, CORRECT_ECHOES)}{credit}")
    if ("%" not in question.unit and question.tolerance < 0.5 and float(question.answer).is_integer()
            and not float(value).is_integer()):  # a count: "12.5 is too low" would mislead
        return Feedback("invalid", f"This answer is a count: type a whole number, not {shown_number(value)}.")
    if "%" in question.unit and 0 < abs(value) < 1 <= abs(question.answer):
        return Feedback("invalid", f"Type the percentage itself, out of 100: for {shown_number(value)} as a "
                                   f"fraction, type {shown_number(value * 100)}.")
    for factor in (1000, 1_000_000):  # kilograms typed for tonnes: a unit slip, not a misreading of the data
        if question.answer and abs(value / factor - question.answer) <= question.tolerance + 1e-9:
            return Feedback("invalid", f"{shown_number(value)} is {factor:,} times the answer: check the unit. The "
                                       f"question asks in {question.unit}; a table may give the figure in a smaller "
                                       "unit (kilograms against tonnes, for example).")
    if value < question.answer:
        return Feedback("incorrect", f"\u274c {shown_number(value)} is too low. "
                                     f"{_drop_echo(question.feedback_low, ('too low',))}")
    return Feedback("incorrect", f"\u274c {shown_number(value)} is too high. "
                                 f"{_drop_echo(question.feedback_high, ('too high',))}")


CORRECT_ECHOES = ("right", "correct", "yes")


def unit_for(value: float, unit: str) -> str:
    """The unit as it reads after ``value``: one-word plural units take the singular after exactly 1
    ("1 item", "1 country"; a learner read "Correct: 1 items"). Units of several words or with symbols are
    left as written ("1 billion US dollars" is how such a figure reads)."""
    word = unit.strip()
    if abs(value) != 1 or not word.isalpha() or not word.islower() or len(word) < 3 or word.endswith("ss"):
        return unit
    if word.endswith("ies"):
        return word[:-3] + "y"
    return word[:-1] if word.endswith("s") else unit


def _example(question: Question) -> str:
    """A number to show how to type an answer: in the answer's form (whole or decimal), never near its value
    ("for example 12" once told a learner the answer, 12)."""
    whole = question.answer is None or float(question.answer).is_integer()
    small = question.answer is not None and abs(question.answer) < 20  # a count out of 7 gets a small example
    candidates = (3.0, 9.0, 14.0) if small else (12.0, 40.0, 7.0)
    for candidate in (candidates if whole else tuple(c + 0.5 for c in candidates)):
        if question.answer is None or abs(candidate - question.answer) > question.tolerance + 1:
            return shown_number(candidate)
    return "3" if whole else "3.5"


def _drop_echo(feedback: str, words: Iterable[str]) -> str:
    """Feedback without an opening word the mark already says ("✅ Correct. Right: …" read as a stutter)."""
    match = re.match(r"\s*(\w+(?: \w+)?)\s*[.:,!\u2014-]\s+(.*)", feedback, re.DOTALL)
    if match and match.group(1).lower() in words and match.group(2):
        rest = match.group(2)
        return rest[0].upper() + rest[1:]
    return feedback


def display_order(question: Question) -> list[int]:
    """The order a single-choice question's options are shown in: shuffled, the same way every time.

    Authors tend to put the right answer first (four of six questions in one bank); a fixed shuffle per
    question stops position from giving it away. Each option keeps its index as its value, so grading,
    saved answers and feedback are unchanged."""
    order = list(range(len(question.options)))
    if question.kind == "single":
        random.Random(question.id).shuffle(order)
    return order


def score_line(latest: dict[str, Feedback], total: int) -> str:
    """``Score: 2 of 5 correct (3 answered; ...)``: counts each question's latest graded answer, and says so
    (a learner who got every question right at the second try read "7 of 7" as a first-try score)."""
    answered = sum(1 for f in latest.values() if f.counts_as_attempt)
    right = sum(1 for f in latest.values() if f.correct)
    return f"Score: {right} of {total} correct ({answered} answered; your latest answer to each counts)."


# --------------------------------------------------------------------------- widgets
_LIVE_QUIZZES: dict[str, "QuizView"] = {}
# ipywidgets gives radio labels a fixed line height, so a long option overlaps the next one.
QUIZ_STYLE = (
    "<style>.course-quiz .widget-radio-box label{display:flex!important;height:auto!important;"
    "line-height:1.35;white-space:normal;margin:0 0 6px 0;align-items:flex-start}"
    ".course-quiz .widget-radio-box input{order:-1;float:none;flex-shrink:0;margin:3px 6px 0 0}"
    ".course-quiz .widget-checkbox{height:auto}"
    ".course-quiz .widget-checkbox label{white-space:normal;height:auto;line-height:1.35}"
    ".course-quiz .widget-html-content{line-height:1.35}</style>"
)


class QuizView:
    """The widgets for one bank. Re-running the cell closes the previous view first, so
    handlers never pile up and an old copy on the page stops responding."""

    def __init__(self, lesson: str, title: str, questions: tuple[Question, ...]) -> None:
        import ipywidgets as w

        self.lesson, self.questions = lesson, questions
        self.latest: dict[str, Feedback] = {}
        self.score = w.HTML(self._score_html(), layout=shared("layout", margin="8px 0 0 0"), style=shared("html"))
        self.inputs: dict[str, Any] = {}
        self.feedback: dict[str, Any] = {}
        self.shown: dict[str, Feedback] = {}  # what each question's feedback line says now
        self.hinted: set[str] = set()  # questions whose hint is on screen, below the feedback
        self.submit_buttons: dict[str, Any] = {}
        # Layouts and styles shared by every question and quiz (see widget_tools.shared): a quiz builds 70 widgets.
        self._auto, self._feedback_layout = shared("layout", width="auto"), shared("layout", min_height="1.5em")
        self._box_layout = shared("layout", border="1px solid #ccc", padding="6px", margin="4px 0")
        self._choice_style, self._tick_style = shared("description"), shared("checkbox")
        boxes = [w.HTML(QUIZ_STYLE + f"<h3>{html.escape(title)}</h3>", layout=shared("layout"), style=shared("html"))]
        for number, q in enumerate(questions, start=1):
            boxes.append(self._question_box(w, number, q))
        boxes.append(self.score)
        self.widget = keyboard_ready(w.VBox(boxes, layout=shared("layout", max_width="820px")))
        self.widget.add_class("course-quiz")
        self.restore_saved()

    def _question_box(self, w: Any, number: int, q: Question) -> Any:
        prompt = w.HTML(f"<b>Q{number}.</b> {html.escape(q.prompt)}", layout=shared("layout"), style=shared("html"))
        if q.kind == "single":
            box = w.RadioButtons(options=[(q.options[i].text, i) for i in display_order(q)], value=None,
                                 layout=self._auto, style=self._choice_style)
        elif q.kind == "multiple":
            box = w.VBox([w.Checkbox(value=False, description=o.text, indent=False, layout=self._auto,
                                     style=self._tick_style) for o in q.options], layout=shared("layout"))
        else:
            # A visible label, so a screen reader names the box (a placeholder alone is not a name).
            box = w.Text(description="Your answer:", placeholder=f"in {q.unit}", continuous_update=False,
                         layout=shared("layout", width="24em"), style=shared("text", description_width="initial"))
        submit = w.Button(description="Submit", button_style="primary", tooltip="Check this answer",
                          layout=shared("layout"), style=shared("button"))
        hint = w.Button(description="Hint", disabled=not q.hint, tooltip="Show a hint", layout=shared("layout"),
                        style=shared("button"))
        feedback = w.HTML(layout=self._feedback_layout, style=shared("html"))
        feedback.add_class("course-quiz-feedback")
        submit.on_click(lambda _button, q=q: after_pending_input(lambda: self.submit(q.id)))
        if q.kind == "numeric":
            on_enter(box, lambda q=q: self.submit(q.id))
        hint.on_click(lambda _button, q=q: self.show_hint(q.id))
        self.inputs[q.id], self.feedback[q.id], self.submit_buttons[q.id] = box, feedback, submit
        return w.VBox([prompt, box, w.HBox([submit, hint], layout=shared("layout")), feedback],
                      layout=self._box_layout)

    def response(self, question_id: str) -> Any:
        """What the learner has entered for a question, in the form :func:`grade` takes."""
        q = next(q for q in self.questions if q.id == question_id)
        box = self.inputs[question_id]
        if q.kind == "multiple":
            return [i for i, c in enumerate(box.children) if c.value]
        return box.value

    def submit(self, question_id: str) -> Feedback:
        q = next(q for q in self.questions if q.id == question_id)
        try:
            result = grade(q, self.response(question_id))
        except CourseError as exc:  # e.g. a data file went missing after the quiz was shown
            result = Feedback("invalid", str(exc))
        if result.counts_as_attempt:
            self.latest[question_id] = result
            report = progress.save_quiz_answer(self.lesson, question_id, result.status, len(self.questions),
                                               response=_storable(self.response(question_id)))
            if report.message:  # not saved, or an unreadable progress file was set aside
                result = Feedback(result.status, f"{result.message}\n{report.message}")
        self.shown[question_id] = result
        if result.correct:  # a hint asked for on the way is done with; left under "Correct" it looks stale
            self.hinted.discard(question_id)
        self._render(question_id)
        self.score.value = self._score_html()
        return result

    def restore_saved(self) -> None:
        """Show the answers saved in the progress file (after a kernel restart or a reopened notebook)."""
        saved, _notice = progress.quiz_answers(self.lesson)
        for q in self.questions:
            response = saved.get(q.id, {}).get("response")
            if response is None:
                continue
            result = grade(q, response)
            if not result.counts_as_attempt:  # the bank changed since: leave the question empty
                continue
            if q.kind == "multiple":
                for i, box in enumerate(self.inputs[q.id].children):
                    box.value = i in response
            else:
                self.inputs[q.id].value = response
            self.latest[q.id] = result
            self.shown[q.id] = result
            self._render(q.id)
        self.score.value = self._score_html()

    def take_answers_from(self, previous: "QuizView") -> None:
        """Carry a re-run cell's answers and feedback over, so re-running never loses work."""
        for q in self.questions:
            old = next((p for p in previous.questions if p.id == q.id), None)
            if old is None or old.kind != q.kind or old.options != q.options:
                continue
            if q.kind == "multiple":
                for new_box, old_box in zip(self.inputs[q.id].children, previous.inputs[q.id].children):
                    new_box.value = old_box.value
            else:
                self.inputs[q.id].value = previous.inputs[q.id].value
            if q.id in previous.shown:
                self.shown[q.id] = previous.shown[q.id]
            if q.id in previous.hinted:
                self.hinted.add(q.id)
            self._render(q.id)
            if q.id in previous.latest:
                self.latest[q.id] = previous.latest[q.id]
        self.score.value = self._score_html()

    def show_hint(self, question_id: str) -> None:
        """Shown below the feedback, so a hint asked for after an answer does not hide it."""
        self.hinted.add(question_id)
        self._render(question_id)

    def _render(self, question_id: str) -> None:
        """The question's feedback line, then its hint if asked for (one HTML widget: fewer to build)."""
        q = next(q for q in self.questions if q.id == question_id)
        parts = [_feedback_html(self.shown[question_id])] if question_id in self.shown else []
        if question_id in self.hinted:
            parts.append(_feedback_html(Feedback("hint", f"\U0001f4a1 Hint: {q.hint}")))
        self.feedback[question_id].value = "".join(parts)

    def _score_html(self) -> str:
        return f"<b>{html.escape(score_line(self.latest, len(self.questions)))}</b>"

    def close(self) -> None:
        for button in self.submit_buttons.values():
            button._click_handlers.callbacks.clear()
        close_tree(self.widget)


def _storable(response: Any) -> Any:
    """The response as JSON keeps it: an option index, a list of indices, or the typed text."""
    if isinstance(response, (list, tuple)):
        return [int(i) for i in response]
    return response if isinstance(response, (int, str)) and not isinstance(response, bool) else None


_COLOURS = {"correct": "#1b5e20", "incorrect": "#8a1c1c", "partial": "#7a4f00"}


def _feedback_html(result: Feedback) -> str:
    colour = _COLOURS.get(result.status, "#333333")
    body = "<br>".join(html.escape(line) for line in result.message.splitlines())
    return f'<div role="status" style="color:{colour}">{body}</div>'


def show_quiz(lesson: str, directory: Path = QUIZ_DIR) -> Any:
    """Build the quiz for ``lesson`` and return its widget (the cell displays it).

    Problems with the bank are reported as a short message instead of a traceback.
    """
    import ipywidgets as w

    try:
        title, questions = load_bank(lesson, directory)
    except CourseError as exc:
        return w.HTML(_feedback_html(Feedback("invalid", f"The quiz could not be loaded: {exc}")))
    return replace_view(_LIVE_QUIZZES, lesson, QuizView(lesson, title, questions), QuizView.take_answers_from)


def current_quiz(lesson: str) -> QuizView | None:
    """The live view for ``lesson`` (tests and the benchmark drive it without a browser)."""
    return _LIVE_QUIZZES.get(lesson)
