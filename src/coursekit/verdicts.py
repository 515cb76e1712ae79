"""Claims on trial: the learner gives each of a lesson's claims a verdict and a one-line reason.

What is judged is the claim's *proposition*: the statement about the world in neutral words
("Russia and China have no unified joint command"), not the attributed paraphrase ("The article
states that..."), which would invite judging whether the article said it. The attributed claim is
shown beneath as context. :func:`proposition_errors` keeps the two apart in the data.

Why a widget of its own: a verdict is the lesson's end point (state the claim, weigh the
evidence, judge), and lesson 09 reads every verdict back from the progress file to review the
article as a whole. As with quizzes, the rules live in a plain function (:func:`judge`),
tested without a browser; the widget only turns clicks into calls of it and of
:func:`coursekit.progress.save_verdict`.

Work is never lost: a rejected entry stays in its boxes with a message; a saved verdict is
shown again when the cell is re-run or the notebook reopened; re-running the cell carries
over what was typed but not yet saved.
"""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Any

import pandas as pd

from coursekit import data, progress
from coursekit.errors import CourseError
from coursekit.widget_tools import (after_pending_input, close_tree, keyboard_ready, on_enter, replace_view, shared,
                                    status_html)

# The five verdicts and when to use each: the one wording every lesson shows (lesson 00's table and
# :func:`verdict_scale` must agree; tests/test_checkers_lesson01.py checks it).
VERDICT_MEANINGS: dict[str, str] = {
    "well supported": "the data in this course backs the claim, from good sources",
    "partly supported": "some of it holds, some does not, or it holds only with caveats",
    "not supported": "the evidence here does not back it, though it does not refute it either",
    "contradicted": "the evidence points the other way",
    "not testable with this evidence": "nothing here can settle it (common for value judgements and forecasts)",
}
VERDICTS = tuple(VERDICT_MEANINGS)
MAX_REASON_CHARS = 300
MIN_REASON_WORDS = 3  # "x" or "yes" is not a reason; "trade fell in 2025" is
CHOOSE = "\u2014 choose a verdict \u2014"
UNSAVED = "Not saved yet: press Save verdict to keep it."


def saved_line(verdict: Any, reason: str = "") -> str:
    """What a saved verdict shows. No tick mark: a verdict is the learner's judgement, not a right answer,
    and a green tick beside it reads as "correct" (a learner said so). A reason that names no evidence gets
    a nudge (see :func:`names_evidence`); it is still saved, because the judgement is the learner's."""
    line = f"Saved your verdict: {verdict}."
    if reason and not names_evidence(reason):
        line += " " + EVIDENCE_NUDGE
    return line


# A reason names evidence when it has a figure or a year, or a word that points at a source or a data row.
_EVIDENCE_WORDS = re.compile(
    r"\d|%|\b(data|row|rows|source|sources|figure|figures|report|reports|record|records|count|counts|share|"
    r"survey|court|prosecutor|police|ministry|customs|sipri|usgs|eeas|meta|google|icpc|nato|trade|exports?|"
    r"imports?|study|studies|evidence|chart|table|found|shows?|showed|no sign|none|drills?|exercises?|patrols?|"
    r"incidents?|cases?|votes?|statements?|declarations?|sanctions?|prices?|production|takedowns?|networks?)\b",
    re.IGNORECASE)
EVIDENCE_NUDGE = ("Tip: your reason names no evidence yet; a figure, a source or a row you can point to will make "
                  "it easier to defend beside the course's reading (you can edit it and save again).")
# What to do next after a save, where the lesson shows the verdict elsewhere: lesson 09's ledger, above its
# claims on trial, reads the progress file when its cells run (a learner saved and looked for it in vain).
AFTER_SAVE = {"09-prescriptions": "Re-run Part 1's cells to see it in the ledger and compare."}


# A capitalised word names a case, a place or a body ("Tomahawk", "Latvia", "EEAS"), except the words that
# merely start a sentence or mean the writer.
_NAMED_THING = re.compile(r"\b[A-Z][A-Za-z0-9'-]+")
_SENTENCE_WORDS = frozenset(
    "A All An And As At Because Both But For Honestly However I I'm I've If In It It's Its Mostly My Neither No "
    "Not Of On Only Our Partly Probably She He So Some That The Their There These They This Those To We Yes".split())


def names_evidence(reason: str) -> bool:
    """True when a reason points at some evidence: "because it is wrong" does not; "Latvia's cases fell in 2025",
    "no court found intent" or "Tomahawk samarium was cut off" do. A nudge, not a rule: learners should not be
    blocked by a word list. "I" alone is not a name."""
    text = reason or ""
    names = [w for w in _NAMED_THING.findall(text) if w not in _SENTENCE_WORDS]
    return bool(_EVIDENCE_WORDS.search(text) or names)


@dataclass(frozen=True)
class Judgement:
    """A checked verdict: ``ok`` with the cleaned verdict and reason, or a message saying what to fix."""

    ok: bool
    message: str
    verdict: str = ""
    reason: str = ""


def judge(verdict: Any, reason: Any) -> Judgement:
    """Check one verdict and reason. Never raises: odd input gets a sentence, not a traceback."""
    if verdict is None or (isinstance(verdict, str) and not verdict.strip()):
        return Judgement(False, "Pick a verdict for this claim first, then press Save.")
    if not isinstance(verdict, str):
        return Judgement(False, "The verdict must be one of the five choices in the menu.")
    cleaned = " ".join(verdict.split()).lower()
    if cleaned not in VERDICTS:
        return Judgement(False, f"\u201c{verdict}\u201d is not one of the five verdicts: {', '.join(VERDICTS)}.")
    if reason is None or (isinstance(reason, str) and not reason.strip()):
        return Judgement(False, "Write a one-line reason: which evidence made you decide? Then press Save.")
    if not isinstance(reason, str):
        return Judgement(False, "Write the reason as a sentence of text.")
    one_line = " ".join(reason.split())
    if len(one_line.split()) < MIN_REASON_WORDS:
        return Judgement(False, "Say a little more: which figure, source or gap in the evidence decided it? "
                                f"(at least {MIN_REASON_WORDS} words)")
    if len(one_line) > MAX_REASON_CHARS:
        return Judgement(False, f"Keep the reason to one line (at most {MAX_REASON_CHARS} characters; yours has "
                                f"{len(one_line)}). Name the key evidence only.")
    return Judgement(True, "", cleaned, one_line)


# Words that make a sentence a report of what someone said rather than a statement about the world.
_ATTRIBUTION = re.compile(
    r"\b(the (article|author|op-ed|writer|piece|columnist)|according to|turner|claire)\b"
    r"|^(she|he|they|it) (says|argues|claims|states|asserts|warns|predicts|urges|holds)\b"
    r"|^(citing|in the article)\b",
    re.IGNORECASE)


def proposition_errors(claims: pd.DataFrame) -> list[str]:
    """Every claim whose proposition is empty or attributed; empty when all are fit to judge.

    Why a check: a verdict on "The article says X" judges the article's wording, not X. The
    ``claim`` column keeps the attribution; the ``proposition`` must not carry one.
    """
    if "proposition" not in claims.columns:
        return ["the claims table has no 'proposition' column"]
    errors = []
    for claim_id, text in zip(claims["claim_id"], claims["proposition"]):
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{claim_id}: the proposition is empty; write the testable statement in neutral words")
        elif _ATTRIBUTION.search(text.strip()):
            errors.append(f"{claim_id}: the proposition is attributed ({text.strip()[:60]}...); state what is "
                          "claimed about the world and keep 'the article says' for the claim column")
    return errors


def lesson_claims(lesson: str) -> pd.DataFrame:
    """The claims a lesson tests (``lesson`` is the notebook name, e.g. ``"02-interoperability"``)."""
    claims = data.load("claims")
    return claims[claims["lesson"] == lesson[:2]].reset_index(drop=True)


def tally(saved: dict[str, dict[str, str]], claim_ids: list[str]) -> str:
    """``Saved: 2 of 6 claims judged.`` (only this lesson's claims count)."""
    done = sum(1 for claim_id in claim_ids if claim_id in saved)
    return f"Saved: {done} of {len(claim_ids)} claims judged."


# --------------------------------------------------------------------------- widgets
_LIVE: dict[str, "VerdictView"] = {}
# ipywidgets gives HTML widgets a one-line line height, so wrapped text would look double-spaced.
_STYLE = ("<style>.course-verdicts .widget-dropdown select{min-width:17em}"
          ".course-verdicts .widget-html-content{line-height:1.4}"
          ".course-verdicts .claim-text{line-height:1.4;white-space:normal}"
          ".course-verdicts .claim-context{color:#444;font-size:0.92em;margin-top:2px}</style>")


class VerdictView:
    """One row per claim: the claim, a verdict menu, a reason box, Save, and a status line."""

    def __init__(self, lesson: str, claims: pd.DataFrame) -> None:
        import ipywidgets as w

        self.lesson = lesson
        self.claim_ids = [str(c) for c in claims["claim_id"]]
        saved, notice = progress.verdicts(lesson)
        self.saved = saved
        self.menus: dict[str, Any] = {}
        self.reasons: dict[str, Any] = {}
        self.status: dict[str, Any] = {}
        self.save_buttons: dict[str, Any] = {}
        # One layout object per kind of row part, shared by every row and view (see widget_tools.shared).
        self._menu_layout, self._reason_layout = shared("layout", width="auto"), shared("layout", width="95%")
        self._row_layout = shared("layout", border="1px solid #ccc", padding="6px", margin="4px 0")
        self._menu_style, self._reason_style = shared("description"), shared("text")
        where = html.escape(progress.shown_path(progress.progress_path()))
        intro = w.HTML(_STYLE + "<p>Each statement below is a claim the article makes, written as a statement "
                       "about the world. Judge whether the statement is true on the evidence, not whether the "
                       "article makes it. A value judgement or a prescription cannot be true or false on data "
                       "alone: judge the checkable part it rests on, or choose <i>not testable with this "
                       f"evidence</i> and say what would settle it. Your verdicts are saved to <code>{where}</code>; on Binder, download "
                       "that file (file browser, right-click, <i>Download</i>) to keep it.</p>",
                       layout=shared("layout"), style=shared("html"))
        self.notice = w.HTML(status_html(notice, "warning") if notice else "", layout=shared("layout"),
                             style=shared("html"))
        rows = [self._row(w, row) for row in claims.itertuples(index=False)]
        self.summary = w.HTML(f"<b>{html.escape(tally(self.saved, self.claim_ids))}</b>", layout=shared("layout"),
                              style=shared("html"))
        self.widget = keyboard_ready(w.VBox([intro, self.notice, *rows, self.summary],
                                            layout=shared("layout", max_width="860px")))
        self.widget.add_class("course-verdicts")

    def _row(self, w: Any, claim: Any) -> Any:
        claim_id = str(claim.claim_id)
        kind = str(claim.claim_type).replace("_", " ")
        text = w.HTML(f'<div class="claim-text"><b>{html.escape(claim_id)}</b> ({html.escape(kind)}). '
                      f"{html.escape(str(claim.proposition))}"
                      f'<div class="claim-context">Where it comes from: {html.escape(str(claim.claim))}</div></div>',
                      layout=shared("layout"), style=shared("html"))
        previous = self.saved.get(claim_id, {})
        stored_verdict = previous.get("verdict") if previous.get("verdict") in VERDICTS else None
        # The "choose" entry has the value "", not None: ipywidgets shows None as an empty menu, which a
        # screen reader announces as nothing at all.
        menu = w.Dropdown(options=[(CHOOSE, "")] + [(v, v) for v in VERDICTS], value=stored_verdict or "",
                          description="Verdict:", layout=self._menu_layout, style=self._menu_style)
        reason = w.Text(value=str(previous.get("reason", "")), description="Reason:", continuous_update=False,
                        placeholder="One line: which evidence decided it?", layout=self._reason_layout,
                        style=self._reason_style)
        save = w.Button(description="Save verdict", button_style="primary", tooltip=f"Save your verdict on {claim_id}",
                        layout=shared("layout"), style=shared("button"))
        status = w.HTML(status_html("Saved earlier. Change it and press Save to replace it.", "info")
                        if stored_verdict else "", layout=shared("layout"), style=shared("html"))
        status.add_class("course-verdict-status")
        save.on_click(lambda _button, claim_id=claim_id: after_pending_input(lambda: self.save(claim_id)))
        on_enter(reason, lambda claim_id=claim_id: self.save(claim_id))
        for box in (menu, reason):
            box.observe(lambda _change, claim_id=claim_id: self._changed(claim_id), names="value")
        self.menus[claim_id], self.reasons[claim_id] = menu, reason
        self.status[claim_id], self.save_buttons[claim_id] = status, save
        return w.VBox([text, menu, reason, w.HBox([save, status], layout=shared("layout"))],
                      layout=self._row_layout)

    def _changed(self, claim_id: str) -> None:
        """The menu or reason changed: say at once whether it still matches what is saved."""
        saved = self.saved.get(claim_id)
        if not saved:
            # An earlier "pick a verdict first" no longer holds; say that typing alone (or Enter) saves nothing.
            typed = self.menus[claim_id].value or str(self.reasons[claim_id].value).strip()
            self.status[claim_id].value = status_html(UNSAVED, "warning") if typed else ""
            return
        same = (self.menus[claim_id].value == saved.get("verdict")
                and " ".join(str(self.reasons[claim_id].value).split()) == saved.get("reason"))
        self.status[claim_id].value = (
            status_html(saved_line(saved.get("verdict"), str(saved.get("reason") or "")), "ok") if same else
            status_html(f"Changed, not saved yet: press Save verdict to keep it (saved: {saved.get('verdict')}).",
                         "warning"))

    def save(self, claim_id: str) -> Judgement:
        """Check the entry for ``claim_id`` and, if it is complete, store it in the progress file."""
        result = judge(self.menus[claim_id].value, self.reasons[claim_id].value)
        if not result.ok:
            self.status[claim_id].value = status_html(result.message, "problem")
            return result
        report = progress.save_verdict(self.lesson, claim_id, result.verdict, result.reason)
        if not report.saved:
            self.status[claim_id].value = status_html(report.message, "problem")
            return Judgement(False, report.message, result.verdict, result.reason)
        self.saved[claim_id] = {"verdict": result.verdict, "reason": result.reason}
        after = AFTER_SAVE.get(self.lesson, "")
        self.status[claim_id].value = status_html(" ".join(filter(None, (saved_line(result.verdict, result.reason),
                                                                          after))), "ok")
        if report.message:
            self.notice.value = status_html(report.message, "warning")
        self.summary.value = f"<b>{html.escape(tally(self.saved, self.claim_ids))}</b>"
        return result

    def take_entries_from(self, previous: "VerdictView") -> None:
        """Carry over what was typed in a re-run cell, saved or not, so re-running loses nothing."""
        for claim_id in self.claim_ids:
            if claim_id in previous.menus:
                self.menus[claim_id].value = previous.menus[claim_id].value
                self.reasons[claim_id].value = previous.reasons[claim_id].value
                self.status[claim_id].value = previous.status[claim_id].value

    def close(self) -> None:
        for button in self.save_buttons.values():
            button._click_handlers.callbacks.clear()
        for box in (*self.menus.values(), *self.reasons.values()):
            box.unobserve_all()
        close_tree(self.widget)





def verdict_scale_markdown() -> str:
    """The verdict scale as a Markdown table, in the words of :data:`VERDICT_MEANINGS`."""
    rows = "\n".join(f"| {verdict} | {meaning} |" for verdict, meaning in VERDICT_MEANINGS.items())
    return "| Verdict | Use it when\u2026 |\n|---|---|\n" + rows


def verdict_scale() -> Any:
    """Show the verdict scale (a lesson cell displays it), so every lesson defines the verdicts alike."""
    from IPython.display import Markdown

    return Markdown(verdict_scale_markdown())


def show_verdicts(lesson: str) -> Any:
    """Show the claims-on-trial widget for ``lesson`` (e.g. ``"02-interoperability"``); the cell displays it."""
    import ipywidgets as w

    try:
        claims = lesson_claims(lesson)
    except CourseError as exc:
        return w.HTML(status_html(f"The claims could not be loaded: {exc}", "problem"))
    if claims.empty:
        return w.HTML(status_html(f"No claims are listed for lesson {lesson[:2]} in data/claims.csv.", "problem"))
    return replace_view(_LIVE, lesson, VerdictView(lesson, claims), VerdictView.take_entries_from)


def current_verdicts(lesson: str) -> VerdictView | None:
    """The live view for ``lesson`` (tests and the benchmark drive it without a browser)."""
    return _LIVE.get(lesson)
