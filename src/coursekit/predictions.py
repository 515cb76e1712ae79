"""Predict first, then see: the learner commits to a guess before the data, and is scored later.

Why: a learner who commits to a guess before seeing the evidence learns more from it, and a
course about judging evidence should show learners how good their own judgement is. So a
lesson asks for a prediction *before* the cells that show the data, and a reveal cell *after*
them shows the true value, its source, and how the prediction fared. Lesson 09 turns all of a
learner's predictions into a calibration record (:mod:`coursekit.calibration`).

Two kinds, kept in plain banks (``notebooks/predictions/<lesson>.yml``) like the quizzes::

    title: Predict first
    predictions:
      - id: vostok-claimed
        kind: quantity            # a best guess and an 80% range
        prompt: How many troops did Russia's defence ministry say took part in Vostok-2018?
        unit: troops
        answer_from: {dataset: joint_exercises, column: claimed_total_personnel,
                      where: {exercise_id: ex-2018-vostok}}
        after: What the figure means, shown with the answer.
      - id: empirical-majority
        kind: statement           # a yes/no statement about the data, given a probability
        prompt: More than half of the article's claims are empirical.
        answer_from: {dataset: claims, column: claim_id, aggregate: share, where: {claim_type: empirical}}
        true_if: {above: 50}      # one of above, below, at_least, at_most
        unit: "% of the claims"   # optional for statements (quantities: also minimum, default 0;
                                  # null where a quantity can be negative; and maximum, e.g. 7 for
                                  # "how many of the 7 dimensions")
        credit: the course authors' typing of the claims   # optional: who made the figure, when the
        after: ...                # rows' own sources would mislead (here they cite the article)

The truth is always a figure read from ``data/`` (:mod:`coursekit.answers`), never a number
typed into a bank. The rules for what a learner typed live in plain functions
(:func:`judge_quantity`, :func:`judge_statement`) tested without a browser; the widgets only
call them and :mod:`coursekit.progress`. A reveal locks the prediction (the prediction made
before seeing the data is the one that counts), and Run All never reveals anything: the
reveal waits for its button.
"""
from __future__ import annotations

import html
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from coursekit import answers, banks, progress
from coursekit.answers import shown_figure, shown_number
from coursekit.calibration import shown_brier
from coursekit.errors import CourseError, QuizBankError
from coursekit.widget_tools import (after_pending_input, close_tree, keyboard_ready, on_enter, replace_view, shared,
                                   status_html)

PREDICTION_DIR = Path(__file__).resolve().parents[2] / "notebooks" / "predictions"
KINDS = ("quantity", "statement")
COMPARISONS = {"above": "more than", "below": "less than", "at_least": "at least", "at_most": "at most"}
RANGE_CONFIDENCE = 80  # per cent: the range a learner gives should hold the truth 8 times in 10

# Cells run since each prediction appeared: a prediction saved after other cells ran may have been made with the
# data on screen (the cell under a prediction usually shows the figure), so it is saved with
# ``after_other_cells: True`` and the learner is told; lesson 09's calibration can count such predictions apart.
# Cells that only show a prediction or a reveal do not count: several predictions often sit one after another.
# Limitation, stated in the message: re-running the prediction's own cell starts its count again.
# A cell that loads data but shows no answer carries the comment "# shows no answer" (lesson 06's learner ran such a
# cell before saving and was told the prediction came after the data).
_PREDICTION_CELL = re.compile(r"\bshow_(?:prediction|reveal)\s*\(|#\s*shows no answer\b", re.IGNORECASE)
_OTHER_CELLS_RUN = [0]
LATE_NOTE = ("Other cells have run since this prediction appeared. If they showed the data, this prediction was "
             "made after seeing it: it is saved with that mark, and lesson 09 gives your scores with and without it.")


def count_cell(raw_cell: str) -> None:
    """Note that a cell ran (IPython's post_run_cell calls this); cells that only show predictions or reveals,
    and cells marked ``# shows no answer``, don't count."""
    if not _PREDICTION_CELL.search(raw_cell or ""):
        _OTHER_CELLS_RUN[0] += 1


def _post_run_cell(result: Any) -> None:
    count_cell(getattr(getattr(result, "info", None), "raw_cell", "") or "")


def _watch_cells() -> None:
    """Register the cell counter with the running IPython kernel, once (nothing happens outside IPython)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipykernel
        return
    shell = get_ipython()
    if shell is None:
        return
    callbacks = shell.events.callbacks.get("post_run_cell", [])
    if _post_run_cell not in callbacks:
        shell.events.register("post_run_cell", _post_run_cell)


class PredictionBankError(QuizBankError):
    """A prediction bank is missing, or does not follow the schema in this module's docstring."""


@dataclass(frozen=True)
class Prediction:
    """One prediction as a lesson asks it; ``truth`` is computed from data when the bank loads."""

    id: str
    kind: str
    prompt: str
    answer_from: dict[str, Any]
    unit: str = ""
    true_if: tuple[str, float] | None = None
    after: str = ""
    credit: str = ""
    minimum: float | None = 0.0  # quantities: the smallest sensible value (a count cannot be negative)
    maximum: float | None = None  # quantities: the largest possible value (a count out of 7), if any


@dataclass(frozen=True)
class Entry:
    """A checked prediction: ``ok`` with the numbers to save, or a message saying what to fix."""

    ok: bool
    message: str
    answer: dict[str, Any] | None = None


# --------------------------------------------------------------------------- banks
def bank_errors(bank: Any) -> list[str]:
    """Every way ``bank`` (parsed YAML) breaks the prediction schema; empty when it is valid."""
    errors, items = banks.item_errors(bank, "predictions", "prediction")
    for where, item in items:
        for key in ("after", "credit", "unit"):
            if key in item and not isinstance(item[key], str):
                errors.append(f"{where}: '{key}' must be text")
        errors += answers.spec_errors(item.get("answer_from"), where)
        kind = item.get("kind")
        if kind not in KINDS:
            errors.append(f"{where}: 'kind' must be one of {KINDS}")
        elif kind == "quantity":
            if not isinstance(item.get("unit"), str) or not item["unit"].strip():
                errors.append(f"{where}: a quantity needs a 'unit' (e.g. troops, billion US$)")
            if "true_if" in item:
                errors.append(f"{where}: 'true_if' belongs to statements, not quantities")
            if "maximum" in item and (isinstance(item["maximum"], bool)
                                      or not isinstance(item["maximum"], (int, float))):
                errors.append(f"{where}: 'maximum' must be a number")
            if "minimum" in item and item["minimum"] is not None and (
                    isinstance(item["minimum"], bool) or not isinstance(item["minimum"], (int, float))):
                errors.append(f"{where}: 'minimum' must be a number, or null for quantities that can be negative")
        else:
            errors += _true_if_errors(item.get("true_if"), where)
    return errors


def _true_if_errors(rule: Any, where: str) -> list[str]:
    if not isinstance(rule, dict) or len(rule) != 1 or next(iter(rule)) not in COMPARISONS:
        return [f"{where}: a statement needs 'true_if' with one of {tuple(COMPARISONS)}, e.g. {{above: 50}}"]
    threshold = next(iter(rule.values()))
    if isinstance(threshold, bool) or not isinstance(threshold, (int, float)):
        return [f"{where}: the threshold in 'true_if' must be a number"]
    return []


def parse_bank(bank: Any, name: str = "predictions") -> tuple[str, tuple[Prediction, ...]]:
    """Turn a parsed bank into ``(title, predictions)``; raises PredictionBankError if invalid."""
    errors = bank_errors(bank)
    if errors:
        raise PredictionBankError(f"{name}: " + "; ".join(errors))
    items = []
    for item in bank["predictions"]:
        rule = item.get("true_if")
        items.append(Prediction(
            id=item["id"], kind=item["kind"], prompt=item["prompt"].strip(), answer_from=item["answer_from"],
            unit=str(item.get("unit", "")).strip(),
            true_if=(next(iter(rule)), float(next(iter(rule.values())))) if rule else None,
            after=str(item.get("after", "")).strip(), credit=str(item.get("credit", "")).strip(),
            minimum=(None if item.get("minimum", 0) is None else float(item.get("minimum", 0))),
            maximum=(float(item["maximum"]) if "maximum" in item else None)))
    return bank["title"], tuple(items)


def load_bank(lesson: str, directory: Path = PREDICTION_DIR) -> tuple[str, tuple[Prediction, ...]]:
    """Read and validate ``<directory>/<lesson>.yml``."""
    path = directory / f"{lesson}.yml"
    return parse_bank(banks.read(path, "prediction", "notebooks/predictions/", PredictionBankError), path.name)


def find(lesson: str, prediction_id: str, directory: Path = PREDICTION_DIR) -> Prediction:
    """One prediction of a lesson's bank; a clear error if the id is not in it."""
    _title, items = load_bank(lesson, directory)
    for item in items:
        if item.id == prediction_id:
            return item
    known = ", ".join(i.id for i in items)
    raise PredictionBankError(f"{lesson}.yml has no prediction '{prediction_id}' (it has: {known}).")


# --------------------------------------------------------------------------- truth and outcome
def truth(prediction: Prediction) -> tuple[float, bool | None, str]:
    """``(figure, statement_true, citation)``: the figure from data, whether a statement holds, and its source."""
    figure, rows = answers.value_and_rows(prediction.answer_from)
    cited = answers.citation(prediction.answer_from, rows, prediction.credit)
    if prediction.true_if is None:
        return figure, None, cited
    comparison, threshold = prediction.true_if
    holds = {"above": figure > threshold, "below": figure < threshold,
             "at_least": figure >= threshold, "at_most": figure <= threshold}[comparison]
    return figure, holds, cited


def outcome(prediction: Prediction, saved: dict[str, Any] | None) -> dict[str, Any]:
    """What a reveal stores: the truth, its source and, when a prediction was saved, how it fared."""
    figure, holds, cited = truth(prediction)
    result: dict[str, Any] = {"kind": prediction.kind, "figure": figure, "source": cited}
    if holds is not None:
        result["truth"] = holds
    answer = saved if is_made(saved) else None
    if answer is None:
        result["scored"] = False
        return result
    result["scored"] = True
    if prediction.kind == "quantity":
        result["inside"] = bool(answer["low"] <= figure <= answer["high"])
    else:
        result["brier"] = brier(answer["probability"], bool(holds))
    return result


def is_made(saved: Any) -> bool:
    """True when ``saved`` holds a complete prediction (not only a reveal)."""
    if not isinstance(saved, dict):
        return False
    if saved.get("kind") == "quantity":
        return all(isinstance(saved.get(k), (int, float)) for k in ("guess", "low", "high"))
    return isinstance(saved.get("probability"), (int, float))


def brier(probability_percent: float, happened: bool) -> float:
    """The Brier score of one probability: 0 is perfect, 0.25 is always saying 50%, 1 is sure and wrong."""
    return round((probability_percent / 100.0 - (1.0 if happened else 0.0)) ** 2, 4)


# --------------------------------------------------------------------------- what the learner typed
def _number(text: Any, what: str, example: str, unit: str = "") -> tuple[float | None, str]:
    """A finite number from a box, or a sentence saying what is wrong with it."""
    if text is None or (isinstance(text, str) and not text.strip()):
        return None, f"Type {what} too."
    if isinstance(text, str) and re.fullmatch(r"\s*\d{1,3}(?:\.\d{3})+\s*", text):
        digits = text.strip().replace(".", "")
        return None, (f"\u201c{text.strip()}\u201d ({what}) is ambiguous: write {digits} (or {int(digits):,}) for "
                      f"a whole number, or use fewer decimals.")
    value = answers.read_number(text, unit)
    if value is None:
        if answers.looks_like_comma_decimal(text):
            return None, f"Use a dot for decimals in {what}, for example {example} (not a comma)."
        return None, f"\u201c{text}\u201d ({what}) is not a number. Type digits, for example {example}."
    if not math.isfinite(value):
        return None, f"{what.capitalize()} must be an ordinary number, for example {example}."
    return value, ""


def judge_quantity(guess: Any, low: Any, high: Any, unit: str = "", minimum: float | None = 0.0,
                   maximum: float | None = None) -> Entry:
    """Check a best guess and its 80% range. Never raises: odd input gets a sentence.

    ``minimum``: the smallest sensible value (0 for counts, shares and money); None allows any.
    ``maximum``: the largest possible value, when the question fixes one ("how many of the 7").
    """
    if all(v is None or (isinstance(v, str) and not v.strip()) for v in (guess, low, high)):
        return Entry(False, f"Type your best guess, then a low and a high value you are {RANGE_CONFIDENCE}% "
                            "sure the true value lies between. Then press Save prediction.")
    values = []
    for text, what in ((guess, "your best guess"), (low, "the low end of your range"),
                       (high, "the high end of your range")):
        example = ("40" if unit.lstrip().startswith("%")
                   else shown_number(max(1, round(maximum / 2))) if maximum is not None else "250")
        value, problem = _number(text, what, example, unit)
        if problem:
            return Entry(False, problem)
        values.append(value)
    best, lo, hi = values
    boxes = ("your best guess", "the low end", "the high end")

    def impossible(wrong: list[bool], rule: str) -> Entry:
        """Every box whose number breaks ``rule``, named with its number: fixing one should not reveal the next."""
        named = [f"{box} ({shown_number(v)})" for box, v, bad in zip(boxes, values, wrong) if bad]
        listed = named[0] if len(named) == 1 else ", ".join(named[:-1]) + " and " + named[-1]
        return Entry(False, f"{listed[0].upper()}{listed[1:]} cannot be right here: {rule}.")

    if minimum is not None and min(values) < minimum:
        return impossible([v < minimum for v in values],
                          f"{unit or 'the value'} cannot be below {shown_number(minimum)}")
    if maximum is not None and max(values) > maximum:
        return impossible([v > maximum for v in values],
                          f"{unit or 'the value'} cannot be above {shown_number(maximum)}")
    if unit.lstrip().startswith("%") and max(values) > 100:  # a share of a whole ("% of the components")
        return impossible([v > 100 for v in values], "a share cannot be above 100%")
    if lo > hi:
        return Entry(False, f"The low end ({shown_number(lo)}) is above the high end ({shown_number(hi)}): "
                            "swap them, or rethink the range.")
    if not lo <= best <= hi:
        return Entry(False, f"Your best guess ({shown_number(best)}) lies outside your own range "
                            f"({shown_number(lo)} to {shown_number(hi)}). Move the guess or widen the range: "
                            "your best guess should be inside it.")
    return Entry(True, "", {"kind": "quantity", "guess": best, "low": lo, "high": hi})


def judge_statement(probability: Any) -> Entry:
    """Check a probability (per cent, 0–100) that a statement is true. Never raises."""
    if probability is None or (isinstance(probability, str) and not probability.strip()):
        return Entry(False, "Type how likely you think the statement is to be true, from 0 (surely false) to "
                            "100 (surely true). Then press Save prediction.")
    if answers.looks_like_comma_decimal(probability):
        return Entry(False, "Type the probability as a percentage from 0 to 100, for example 70 (not 0,7).")
    value, problem = _number(probability, "the probability", "70")
    if problem:
        return Entry(False, problem)
    assert value is not None
    if value < 0 or value > 100:
        return Entry(False, f"A probability runs from 0% (surely false) to 100% (surely true); "
                            f"{shown_number(value)} is outside that range.")
    if 0 < value < 1:
        return Entry(False, f"Type the probability as a percentage: for {shown_number(value)} as a fraction, "
                            f"type {shown_number(value * 100)}. (For less than 1%, type 1 or 0.)")
    return Entry(True, "", {"kind": "statement", "probability": value})


def judge(prediction: Prediction, boxes: dict[str, Any]) -> Entry:
    """Check what is in a prediction's boxes (``guess``/``low``/``high`` or ``probability``)."""
    if prediction.kind == "quantity":
        return judge_quantity(boxes.get("guess"), boxes.get("low"), boxes.get("high"), prediction.unit,
                              prediction.minimum, prediction.maximum)
    return judge_statement(boxes.get("probability"))


# --------------------------------------------------------------------------- what learners read
def describe_answer(prediction: Prediction, answer: dict[str, Any]) -> str:
    """``best guess 25 claims, 80% range 20 to 40`` or ``70% that it is true``."""
    if prediction.kind == "quantity":
        return (f"best guess {shown_number(answer['guess'])} {prediction.unit}, {RANGE_CONFIDENCE}% range "
                f"{shown_number(answer['low'])} to {shown_number(answer['high'])}")
    return f"{shown_number(answer['probability'])}% that it is true"


def reveal_text(prediction: Prediction, entry: dict[str, Any]) -> list[str]:
    """The reveal, as lines: the truth and its source, then how the saved prediction fared."""
    figure = entry.get("figure")
    shown = shown_figure(figure) if isinstance(figure, (int, float)) else "?"
    lines = []
    if prediction.kind == "quantity":
        lines.append(f"The answer: {shown} {prediction.unit}. {entry.get('source', '')}")
    else:
        verdict = "TRUE" if entry.get("truth") else "FALSE"
        comparison, threshold = prediction.true_if or ("above", 0.0)
        unit = prediction.unit if prediction.unit.startswith("%") else f" {prediction.unit}".rstrip()
        lines.append(f"The statement is {verdict}: the figure is {shown}{unit}, and the statement asks for "
                     f"{COMPARISONS[comparison]} {shown_number(threshold)}{unit}. {entry.get('source', '')}")
    if not entry.get("scored"):
        lines.append("You had not saved a prediction before the reveal, so this one is not scored.")
    elif prediction.kind == "quantity":
        said = describe_answer(prediction, entry)
        if entry.get("inside"):
            lines.append(f"\u2705 Your {RANGE_CONFIDENCE}% range held the true value ({said}).")
        else:
            side = "below" if figure < entry["low"] else "above"
            lines.append(f"\u274c The true value lies {side} your {RANGE_CONFIDENCE}% range ({said}). "
                         f"If you are well calibrated, this happens about 1 time in 5.")
    else:
        lines.append(f"You said {describe_answer(prediction, entry)}. Score for this prediction (Brier): "
                     f"{shown_brier(entry.get('brier', 0))}, where 0 is perfect, 0.25 is what always saying 50% earns, "
                     "and 1 is being sure and wrong.")
    if prediction.after:
        lines.append(prediction.after)
    return lines


# --------------------------------------------------------------------------- widgets
_LIVE: dict[str, "PredictionView"] = {}
_LIVE_REVEALS: dict[str, "RevealView"] = {}
_STYLE = ("<style>.course-prediction .widget-html-content{line-height:1.4;white-space:normal}"
          ".course-prediction .widget-label{min-width:13em}</style>")



def _button_and_line(w: Any, label: str, style: str, tooltip: str, action: Any, line_class: str) -> tuple[Any, Any]:
    """A button that calls ``action`` and the status line below it that says what happened."""
    # Shared layouts and styles (widget_tools.shared): a lesson shows up to six of these views.
    button = w.Button(description=label, button_style=style, tooltip=tooltip,
                      layout=shared("layout", width="auto", min_width="11em"), style=shared("button"))
    button.on_click(lambda _button: after_pending_input(action))
    line = w.HTML(layout=shared("layout"), style=shared("html"))
    line.add_class(line_class)
    return button, line


def _framed(w: Any, children: list[Any]) -> Any:
    """The bordered, keyboard-ready box every prediction and reveal sits in."""
    return keyboard_ready(w.VBox(children, layout=shared("layout", max_width="820px", border="1px solid #ccc",
                                                         padding="6px", margin="4px 0")))


def _key(lesson: str, prediction_id: str) -> str:
    return f"{lesson}:{prediction_id}"


def _box_text(value: Any) -> str:
    return shown_number(value).replace(",", "") if isinstance(value, (int, float)) else ""


class PredictionView:
    """The boxes for one prediction, a Save button and a status line; locked once revealed.

    The status line always says where things stand: what is saved, or that the boxes hold a
    change not saved yet, so what a learner reads never disagrees with what will be scored.
    """

    def __init__(self, lesson: str, prediction: Prediction) -> None:
        import ipywidgets as w

        self.lesson, self.prediction = lesson, prediction
        self.locked = False
        _watch_cells()
        self.shown_at = _OTHER_CELLS_RUN[0]
        saved_all, notice = progress.predictions(lesson)
        self.saved = saved_all.get(prediction.id, {})
        if prediction.kind == "quantity":
            # Short labels of one width, the unit in the text and the placeholders: a long unit inside a label
            # left a 35-pixel box, and three labels of different lengths left the boxes unaligned.
            labels = {"guess": "Best guess:",
                      "low": f"Low end ({RANGE_CONFIDENCE}% range):",
                      "high": f"High end ({RANGE_CONFIDENCE}% range):"}
            how = (f"Give your best guess, and a range you are {RANGE_CONFIDENCE}% sure holds the true value: "
                   f"wide enough that you would be surprised only 1 time in 5. All three in {prediction.unit}.")
        else:
            labels = {"probability": "Chance it is true (%):"}
            how = "How likely is this statement to be true? Give a percentage: 0 surely false, 100 surely true."
        # continuous_update=False: one update when the learner leaves the box, not one per key, so the
        # value reaches the kernel before a Save pressed straight after (see widget_tools).
        placeholder = f"in {prediction.unit}" if prediction.kind == "quantity" else "0 to 100"
        self.boxes = {name: w.Text(value=_box_text(self.saved.get(name)), description=label,
                                   placeholder=placeholder, continuous_update=False,
                                   style=shared("text", description_width="12em"),
                                   layout=shared("layout", width="30em"))
                      for name, label in labels.items()}
        self.save_button, self.status = _button_and_line(w, "Save prediction", "primary",
                                                         "Save your prediction before you look at the data",
                                                         self.save, "course-prediction-status")
        for box in self.boxes.values():  # Enter in any box saves, as in a web form (an unfinished one says so)
            on_enter(box, self.save)
        header = w.HTML(_STYLE + f"<p><b>\U0001f52e Predict first.</b> {html.escape(prediction.prompt)}</p>"
                        f"<p>{html.escape(how)} Save it <i>before</i> you run the cells below; the answer is "
                        "revealed further down, and then your prediction is locked.</p>",
                        layout=shared("layout"), style=shared("html"))
        self.notice = w.HTML(status_html(notice, "warning") if notice else "", layout=shared("layout"),
                             style=shared("html"))
        self.widget = _framed(w, [header, self.notice, *self.boxes.values(), self.save_button, self.status])
        self.widget.add_class("course-prediction")
        if self.saved.get("revealed"):
            self.lock()
        elif is_made(self.saved):
            self.status.value = status_html(f"Saved earlier: {describe_answer(prediction, self.saved)}. You can "
                                             "change it until you reveal the answer.", "info")
        for box in self.boxes.values():
            box.observe(self._changed, names="value")

    def after_other_cells(self) -> bool:
        """True when other cells have run since this prediction appeared (see :data:`LATE_NOTE`)."""
        return _OTHER_CELLS_RUN[0] > self.shown_at

    def typed(self) -> dict[str, Any]:
        return {name: box.value for name, box in self.boxes.items()}

    def has_unsaved_text(self) -> bool:
        """True when a box holds something other than what is saved (the reveal warns about it).

        Compared as numbers: "3 hundred thousand", "300k" and "300000" are the same saved value.
        """
        for name, box in self.boxes.items():
            text = str(box.value).strip()
            if not text:
                continue
            saved = self.saved.get(name)
            if not isinstance(saved, (int, float)) or answers.read_number(text, self.prediction.unit) != saved:
                return True
        return False

    def _still_saved(self) -> str:
        return (f" Your saved prediction ({describe_answer(self.prediction, self.saved)}) still stands."
                if is_made(self.saved) else "")

    def _changed(self, _change: Any = None) -> None:
        """A box changed: say at once whether the boxes still match what is saved."""
        if self.locked:
            return
        if self.has_unsaved_text():
            self.status.value = status_html("Changed, not saved yet: press Save prediction to keep it."
                                             + self._still_saved(), "warning")
        elif is_made(self.saved):
            self.status.value = status_html(f"Saved: {describe_answer(self.prediction, self.saved)}.", "ok")

    def save(self) -> Entry:
        """Check the boxes and, if the prediction is complete, store it (refused once revealed)."""
        if self.locked:
            self.status.value = status_html(progress.LOCKED, "info")
            return Entry(False, progress.LOCKED)
        result = judge(self.prediction, self.typed())
        if not result.ok:
            self.status.value = status_html(result.message + self._still_saved(), "problem")
            return result
        assert result.answer is not None
        late = self.after_other_cells()
        result = Entry(result.ok, result.message, {**result.answer, "after_other_cells": late})
        report = progress.save_prediction(self.lesson, self.prediction.id, result.answer)
        if not report.saved:
            if report.message.endswith(progress.LOCKED):
                self.lock()
            self.status.value = status_html(report.message, "problem")
            return Entry(False, report.message, result.answer)
        self.saved = dict(result.answer)
        if report.message:
            self.notice.value = status_html(report.message, "warning")
        self.status.value = status_html(f"\u2705 Saved: {describe_answer(self.prediction, result.answer)}. "
                                         "You can change it until you reveal the answer."
                                         + (f" {LATE_NOTE}" if late else ""), "ok")
        reveal = _LIVE_REVEALS.get(_key(self.lesson, self.prediction.id))
        if reveal is not None:
            reveal.disarm()  # its warning ("nothing saved") is no longer true
        return result

    def lock(self) -> None:
        """No more changes: the answer has been revealed. The boxes show what was saved (what counts)."""
        self.locked = True
        for name, box in self.boxes.items():
            box.value = _box_text(self.saved.get(name))
            box.disabled = True
        self.save_button.disabled = True
        self.status.value = status_html(progress.LOCKED, "info")

    def take_entries_from(self, previous: "PredictionView") -> None:
        """Carry typed text over a re-run, so re-running loses nothing (unless now locked)."""
        if self.locked:
            return
        for name, box in self.boxes.items():
            if name in previous.boxes:
                box.value = previous.boxes[name].value
        if previous.status.value:
            self.status.value = previous.status.value

    def close(self) -> None:
        self.save_button._click_handlers.callbacks.clear()
        for box in self.boxes.values():
            box.unobserve_all()
        close_tree(self.widget)


class RevealView:
    """A button that reveals the answer (never on Run All), then the result; asks twice if nothing was saved.

    The button stays enabled after the reveal (pressing it again shows the same result), so a
    keyboard user's focus stays where it was instead of falling back to the top of the page.
    """

    def __init__(self, lesson: str, prediction: Prediction) -> None:
        import ipywidgets as w

        self.lesson, self.prediction = lesson, prediction
        self.armed = False  # set when the learner was warned and one more press reveals anyway
        self.revealed = False
        self.button, self.result = _button_and_line(w, "Reveal the answer", "warning",
                                                    "Show the true value; your prediction is then locked",
                                                    self.reveal, "course-reveal-result")
        intro = w.HTML(f"<p><b>\U0001f50d Reveal:</b> {html.escape(prediction.prompt)}</p>", layout=shared("layout"),
                       style=shared("html"))
        self.widget = _framed(w, [intro, self.button, self.result])
        self.widget.add_class("course-reveal")
        saved_all, _notice = progress.predictions(lesson)
        stored = saved_all.get(prediction.id, {})
        if stored.get("revealed"):
            self._show(stored)

    def _warning(self, saved: Any) -> str:
        """Why the learner should pause before revealing, or '' when all is in order."""
        live = _LIVE.get(_key(self.lesson, self.prediction.id))
        unsaved = live is not None and live.has_unsaved_text()
        if is_made(saved) and unsaved:
            return (f"The boxes above hold a change you did not save. Your saved prediction "
                    f"({describe_answer(self.prediction, saved)}) is the one that will be scored. Press Save "
                    "prediction first to use the change, or press Reveal anyway.")
        if unsaved:
            return ("You typed a prediction above but did not save it. Press Save prediction first, or press "
                    "Reveal anyway: the prediction will then be locked and not scored.")
        if not is_made(saved):
            return ("You have not saved a prediction for this yet. Make one above first, or press Reveal "
                    "anyway: the prediction will then be locked and not scored.")
        return ""

    def disarm(self) -> None:
        """Forget a warning that no longer holds (the learner has just saved)."""
        if self.armed and not self.revealed:
            self.armed = False
            self.button.description = "Reveal the answer"
            self.result.value = ""

    def reveal(self) -> dict[str, Any]:
        """Reveal, lock and show; warns first (and waits for a second press) if something is amiss."""
        saved_all, _notice = progress.predictions(self.lesson)
        saved = saved_all.get(self.prediction.id)
        if not self.armed and not (isinstance(saved, dict) and saved.get("revealed")):
            problem = self._warning(saved)
            if problem:
                self.armed = True
                self.button.description = "Reveal anyway"
                self.result.value = status_html(problem, "warning")
                return {}
        try:
            result = outcome(self.prediction, saved)
        except CourseError as exc:
            self.result.value = status_html(f"The answer could not be read from the data: {exc}", "problem")
            return {}
        report, stored = progress.reveal_prediction(self.lesson, self.prediction.id, result)
        if not report.saved:
            self.result.value = status_html(report.message, "problem")
            return {}
        self._show(stored, report.message)
        live = _LIVE.get(_key(self.lesson, self.prediction.id))
        if live is not None:
            live.saved = stored
            live.lock()
        return stored

    def _show(self, stored: dict[str, Any], notice: str = "") -> None:
        self.revealed = True
        self.button.description = "Revealed \u2713"
        kind = "ok" if stored.get("inside") or (stored.get("scored") and "brier" in stored) else "info"
        text = "\n".join(([notice] if notice else []) + reveal_text(self.prediction, stored))
        self.result.value = status_html(text, kind)

    def take_entries_from(self, previous: "RevealView") -> None:
        """A re-run keeps the warning state, so 'Reveal anyway' still needs only one more press."""
        if not self.revealed and previous.armed:
            self.armed, self.button.description = True, previous.button.description
            self.result.value = previous.result.value

    def close(self) -> None:
        self.button._click_handlers.callbacks.clear()
        close_tree(self.widget)


def _problem_widget(message: str) -> Any:
    import ipywidgets as w

    return w.HTML(status_html(message, "problem"))


def _show(registry: dict[str, Any], view_class: Any, lesson: str, prediction_id: str, directory: Path,
          what: str) -> Any:
    try:
        item = find(lesson, prediction_id, directory)
    except CourseError as exc:
        return _problem_widget(f"The {what} could not be loaded: {exc}")
    return replace_view(registry, _key(lesson, prediction_id), view_class(lesson, item),
                        view_class.take_entries_from)


def show_prediction(lesson: str, prediction_id: str, directory: Path = PREDICTION_DIR) -> Any:
    """The prediction widget for one item of ``lesson``'s bank; the cell displays it."""
    return _show(_LIVE, PredictionView, lesson, prediction_id, directory, "prediction")


def show_reveal(lesson: str, prediction_id: str, directory: Path = PREDICTION_DIR) -> Any:
    """The reveal widget for one prediction: a button, then the truth and how the prediction fared."""
    return _show(_LIVE_REVEALS, RevealView, lesson, prediction_id, directory, "reveal")


def current_prediction(lesson: str, prediction_id: str) -> PredictionView | None:
    """The live prediction view (tests and the benchmark drive it without a browser)."""
    return _LIVE.get(_key(lesson, prediction_id))


def current_reveal(lesson: str, prediction_id: str) -> RevealView | None:
    """The live reveal view (tests drive it without a browser)."""
    return _LIVE_REVEALS.get(_key(lesson, prediction_id))
