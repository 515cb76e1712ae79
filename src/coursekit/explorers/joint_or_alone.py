"""Joint or alone? The learner reads each grey-zone evidence item for who acted, then compares.

Why this exists: the article presents information operations, mineral controls, cable incidents and
counter-space work as a *joint* Russia–China threat, but most of the evidence behind each is about
one state acting on its own, or about both doing similar things with nothing to show they planned it
together. Lessons 06–08 ask the same question of every item, so the learner builds the habit: what
would it take to show coordination, and does this item show it?

The six readings are kept apart on purpose. "Both, separately" (convergence: similar aims or
messages, no evidence of planning together) is the reading the article's framing tends to skip;
"neither" is for evidence that points away from both states (the Nord Stream investigation names a Ukrainian
suspect), so a learner is not pushed to file every grey-zone event under Moscow or Beijing; and
"cannot tell" is the honest reading when the actor itself is not established (an anchor dragged by a
ship whose orders nobody has shown).

The course team's reading of each item lives in ``data/joint_or_alone.csv`` (one row per item, with
the data-set rows it rests on), so lesson 09 can set every reading beside the learner's. As in
:mod:`coursekit.explorers.claim_sorter`, grading is a plain function (:func:`grade_readings`) tested
without a browser; the widget turns a click on *Check* into a call of it, saves the picks to the
progress file and shows the message. Re-running the cell keeps the picks; a new kernel restores the
saved ones.

    show_joint_or_alone("06-information-operations")
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping, Sequence

import pandas as pd

from coursekit import data, progress
from coursekit.errors import CourseError
from coursekit.explorers.claim_sorter import SortResult
from coursekit.widget_tools import after_pending_input, close_tree, keyboard_ready, replace_view, shared

DATASET = "joint_or_alone"
# The readings, in the order the menu shows them, with the label a learner sees.
READINGS: dict[str, str] = {
    "joint": "Joint: coordination documented",
    "parallel": "Both, separately: no coordination shown",
    "russia": "Russia alone",
    "china": "China alone",
    "neither": "Neither Russia nor China",
    "unclear": "Cannot tell from this evidence",
}
# What makes each reading the right one: shown with every graded item, so feedback teaches a rule.
WHAT_MARKS_IT: dict[str, str] = {
    "joint": "the evidence shows the two states (or their agencies) acting together: a joint event, an "
             "agreement put into practice, or one operation a source documents as shared.",
    "parallel": "both states do similar things, but nothing shown links their planning: similar interests "
                "can produce similar messages or capabilities without coordination (convergence).",
    "russia": "the act is Russia's (Russian state bodies, or actors shown to work for them), and China is not "
              "shown taking part in it, even if it appears in the story in another role.",
    "china": "the act is China's (Chinese state bodies, or actors shown to work for them), and Russia is not "
             "shown taking part in it, even if it appears in the story in another role.",
    "neither": "the actors the evidence names are neither Russian nor Chinese (another state's citizens, a "
               "non-state group, nature or an accident with no state behind it): the item is real, but not "
               "evidence about Russia or China.",
    "unclear": "the evidence does not establish who acted, for whom, or whether anything was done together: a "
               "suspicion, a pledge or talks with no known outcome, or a firm, ship or account whose link to a "
               "state nobody has shown.",
}
# Why a tempting wrong reading does not fit: shown after a wrong pick. The reason depends on the pair (what was
# picked, what the course reads), because the same pick is wrong for different reasons: "China alone" for an item
# the course cannot attribute fails for a different reason than for an item that is Russia's.
_STATE = {"russia": "Russia", "china": "China"}
_ADJECTIVE = {"russia": "Russian", "china": "Chinese"}


def why_not(pick: str, expected: str) -> str:
    """One sentence on why ``pick`` does not fit an item the course reads as ``expected`` (both reading keys)."""
    if pick == "joint" and expected == "unclear":
        return ("Why not joint: nothing here shows the two states acting together in practice. A signed pledge "
                "declares a shared intent, talks may lead nowhere, and a ship or firm linked to both countries is "
                "not either state. Ask what was actually done together.")
    if pick == "joint":
        return ("Why not joint: doing similar things, or one side repeating or echoing the other, is not yet "
                "evidence that the two states planned it together; and check that both states appear at all. Ask "
                "what would show the planning.")
    if pick == "unclear":
        return ("Why not 'cannot tell': here the evidence does establish who acted; the open question is a "
                "different one.")
    if expected == "unclear":
        if pick in _STATE:
            return (f"Why not {READINGS[pick]}: the item does not establish an act by {_STATE[pick]} alone. A "
                    f"{_ADJECTIVE[pick]} firm, ship, crew or account is not the state itself unless someone shows it "
                    "acted for the state, and talks with no known outcome are not yet an act.")
        if pick == "parallel":
            return "Why not 'both, separately': the item does not establish that either state acted."
        return ("Why not 'neither': a Russian or Chinese ship, firm or person is involved; what is not established "
                "is whether it acted for its state.")
    if pick == "neither":
        return "Why not 'neither': a Russian or Chinese actor does appear in this item; ask what part it played."
    if pick == "parallel":
        if expected in _STATE:
            return ("Why not 'both, separately': only one state is shown doing this; the other appears in another "
                    "role (a buyer, a partner in talks) or not at all.")
        if expected == "joint":
            return ("Why not 'both, separately': here a source documents the two acting together, which is more "
                    "than doing similar things.")
        return "Why not 'both, separately': neither state is shown acting in this item."
    # pick is "russia" or "china"
    if expected in _STATE:
        return (f"Why not {READINGS[pick]}: the act here is {_STATE[expected]}'s; {_STATE[pick]} appears in "
                "another role or not at all.")
    if expected == "joint":
        return f"Why not {READINGS[pick]}: a source shows both states taking part, not {_STATE[pick]} on its own."
    if expected == "parallel":
        return f"Why not {READINGS[pick]}: both states do this, each on its own, not {_STATE[pick]} alone."
    return f"Why not {READINGS[pick]}: the actor shown is neither Russia nor China."


CHOOSE = "\u2014 choose a reading \u2014"
EMPTY_MESSAGE = "Pick a reading for at least one item from its menu first, then press Check and save."
RIGHT_MARK, WRONG_MARK, OPEN_MARK = "\u2705", "\u274c", "\u2026"
PROGRESS_PART = "joint_or_alone"


class JointOrAloneError(CourseError):
    """The course's readings for a lesson could not be read (no rows, or a reading that is not one of five)."""


@dataclass(frozen=True)
class Item:
    """One evidence item: its id, the text a learner reads, the course's reading and the reason for it."""

    item_id: str
    text: str
    reading: str
    why: str = ""
    claim_id: str = ""
    also: tuple[str, ...] = ()  # other readings the course counts as defensible (the evidence is ambiguous)


# One press of *Check* is judged as in the claim sorter: status, message, how many right, how many answered.
Result = SortResult


def lesson_number(lesson: str) -> str:
    """``"06"`` from ``"06-information-operations"`` (or from ``"06"``): rows are filed by number."""
    return str(lesson).strip()[:2]


def items_for_lesson(lesson: str, table: pd.DataFrame | None = None) -> tuple[Item, ...]:
    """The items of one lesson from the readings table (default: the course's data set), in file order.

    Raises :class:`JointOrAloneError` when the lesson has no rows or a row's reading is not one of
    :data:`READINGS`, so an author's slip shows as one sentence rather than a KeyError.
    """
    table = data.load(DATASET) if table is None else table
    rows = table[table["lesson"].astype(str).str.zfill(2) == lesson_number(lesson)]
    if rows.empty:
        raise JointOrAloneError(f"the readings table has no items for lesson {lesson_number(lesson)}.")
    items = []
    for row in rows.itertuples(index=False):
        reading = str(row.reading)
        if reading not in READINGS:
            raise JointOrAloneError(f"item {row.item_id} has reading '{reading}', not one of {list(READINGS)}.")
        why = "" if pd.isna(row.why) else str(row.why)
        also_cell = getattr(row, "also", None)
        also = tuple(x.strip() for x in ("" if also_cell is None or pd.isna(also_cell) else str(also_cell)).split(";")
                     if x.strip())
        unknown = [x for x in also if x not in READINGS or x == reading]
        if unknown:
            raise JointOrAloneError(f"item {row.item_id} lists {unknown} as also defensible: each must be another "
                                    f"of {list(READINGS)}.")
        items.append(Item(str(row.item_id), str(row.item), reading, why, str(getattr(row, "claim_id", "")), also))
    return tuple(items)


def grade_readings(items: Sequence[Item], choices: Mapping[str, Any]) -> Result:
    """Judge the readings chosen for ``items``. Never raises.

    ``choices`` maps item ids to a reading key (``"parallel"`` ...); ``None``, ``""`` or a missing
    id means not read yet. Each read item gets a line saying whether it matches the course's reading
    and the rule for that reading; a wrong pick also says why the chosen reading does not fit, and
    the course's reason for the item follows. Items not read yet are listed so none is forgotten.
    """
    if not isinstance(choices, Mapping):
        return Result("invalid", "The choices must map each item id to a reading.")
    chosen = {k: v for k, v in choices.items() if v not in (None, "")}
    if not any(item.item_id in chosen for item in items):
        return Result("empty", EMPTY_MESSAGE)
    unknown = sorted({str(v) for k, v in chosen.items() if v not in READINGS})
    if unknown:
        return Result("invalid", f"{', '.join(unknown)} is not a reading; pick one of: "
                                 f"{', '.join(READINGS.values())}.")
    lines, right, answered = [], 0, 0
    ruled: set[str] = set()  # a reading's rule is spelled out once per check; later items refer to it
    for item in items:
        pick = chosen.get(item.item_id)
        if pick is None:
            lines.append(f"{OPEN_MARK} {item.item_id}: not read yet.")
            continue
        answered += 1
        expected = READINGS[item.reading]
        if pick == item.reading:
            right += 1
            rule = (f" Yes: {WHAT_MARKS_IT[item.reading]}" if item.reading not in ruled
                    else " Yes, by the same rule as above.")
            ruled.add(item.reading)
            lines.append(f"{RIGHT_MARK} {item.item_id}: {expected}.{rule}")
        elif pick in item.also:
            right += 1
            lines.append(f"{RIGHT_MARK} {item.item_id}: '{READINGS[pick]}' is a defensible reading of this item; the "
                         f"course leans to '{expected}', because {WHAT_MARKS_IT[item.reading]}")
        else:
            lines.append(f"{WRONG_MARK} {item.item_id}: you chose '{READINGS[pick]}'; the course reads it as "
                         f"'{expected}', because {WHAT_MARKS_IT[item.reading]}")
            # When the course also accepts a state actor or joint action, explain against that reading, so the
            # reason never says "no state acted" for an item whose accepted readings name one (lesson 06, J06-05).
            basis = next((a for a in item.also if a in ("russia", "china")),
                         "joint" if "joint" in item.also else item.reading)
            lines.append(f"    {why_not(pick, basis)}")
        if item.why:
            lines.append(f"    Why: {item.why}")
    summary = (f"{right} of {len(items)} items match the course's reading or another reading it accepts as "
               f"defensible; you have read {answered}. "
               "The course's reading is an argued judgement, not an answer key: if you disagree, say why in "
               "your verdict below.")
    status = "correct" if right == len(items) else "partial" if right else "incorrect"
    return Result(status, "\n".join([summary, *lines]), right, answered)


def tally(items: Sequence[Item]) -> dict[str, int]:
    """How many items the course reads each way, in :data:`READINGS` order (for a lesson's summary)."""
    counts = {key: 0 for key in READINGS}
    for item in items:
        counts[item.reading] += 1
    return counts


# --------------------------------------------------------------------------- widgets
_LIVE: dict[str, "JointOrAlone"] = {}
_COLOURS = {"correct": "#1b5e20", "incorrect": "#8a1c1c", "partial": "#7a4f00"}
_STYLE = "<style>.course-joint .widget-dropdown select{min-width:20em}</style>"


_MARK_COLOURS = {RIGHT_MARK: "#1b5e20", WRONG_MARK: "#8a1c1c", OPEN_MARK: "#444444"}


def _message_html(result: Result, notice: str = "") -> str:
    """The feedback as short blocks, one per item (its mark line, then its indented reasons), so it scans."""
    blocks: list[list[str]] = [[notice]] if notice else []
    for line in result.message.splitlines():
        if line.startswith("    ") and blocks:
            blocks[-1].append(line.strip())
        else:
            blocks.append([line])
    parts = []
    for block in blocks:
        colour = _MARK_COLOURS.get(block[0][:1], _COLOURS.get(result.status, "#333333") if not parts else "#222222")
        head = html.escape(block[0])
        rest = "".join(f"<br><span style='margin-left:1.5em;display:inline-block'>{html.escape(x)}</span>"
                       for x in block[1:])
        parts.append(f"<p style='margin:0 0 0.6em 0;color:{colour}'>{head}{rest}</p>")
    return f'<div role="status">{"".join(parts)}</div>'


class JointOrAlone:
    """The widgets for one lesson's items: a reading menu per item, one *Check* button, feedback."""

    def __init__(self, lesson: str, items: tuple[Item, ...], path: Path | None = None) -> None:
        import ipywidgets as w

        self.lesson, self.items, self.path = lesson, items, path
        options = [(CHOOSE, "")] + [(label, key) for key, label in READINGS.items()]
        self.menus: dict[str, Any] = {}
        # Layouts and styles shared by every item and view (widget_tools.shared), and no box per item: the item's
        # text and its menu sit straight in the sorter, spaced by their layouts' margins. A box, layout and style
        # per item tripled the widgets lesson 08's sorter builds (17 items) and the time the cell takes (bench).
        text_layout = shared("layout", width="auto", margin="4px 0 0 0")
        menu_layout = shared("layout", width="auto", margin="0 0 10px 0")
        menu_style = shared("description", description_width="9em")
        rows = [w.HTML(_STYLE, layout=shared("layout"), style=shared("html"))]
        for item in items:
            # The item first, then its menu: a screen-reader or keyboard user reads what to judge before choosing.
            text = w.HTML(f"<div><strong>{html.escape(item.item_id)}.</strong> {html.escape(item.text)}</div>",
                          layout=text_layout, style=shared("html"))
            menu = w.Dropdown(options=options, value="", description=f"{item.item_id} reading",
                              style=menu_style, layout=menu_layout)
            self.menus[item.item_id] = menu
            rows += [text, menu]
        self.check_button = w.Button(description="Check and save", button_style="primary",
                                     tooltip="Compare your readings with the course's and save them",
                                     layout=shared("layout"), style=shared("button"))
        self.feedback = w.HTML(layout=shared("layout", min_height="1.5em"), style=shared("html"))
        self.check_button.on_click(lambda _button: after_pending_input(self.check))
        self.widget = keyboard_ready(w.VBox([*rows, self.check_button, self.feedback],
                                            layout=shared("layout", max_width="820px")))
        self.widget.add_class("course-joint")
        self._restore_saved()

    def _restore_saved(self) -> None:
        """Put back the picks saved earlier (a new kernel, the next day), ignoring anything unreadable."""
        saved, notice = progress.actor_readings(self.lesson, self.path)
        for item_id, entry in saved.items():
            choice = entry.get("choice")
            if item_id in self.menus and choice in READINGS:
                self.menus[item_id].value = choice
        if notice:
            self.feedback.value = _message_html(Result("invalid", ""), notice)

    def choices(self) -> dict[str, Any]:
        """The reading picked in each menu (``""`` where nothing is picked)."""
        return {item_id: menu.value for item_id, menu in self.menus.items()}

    def check(self) -> Result:
        result = grade_readings(self.items, self.choices())
        notice = ""
        if result.status in ("correct", "partial", "incorrect"):
            picked = {k: v for k, v in self.choices().items() if v}
            report = progress.save_actor_readings(self.lesson, picked, self.path)
            notice = report.message if report.message else "Saved your readings."
        self.feedback.value = _message_html(result, notice)
        return result

    def take_choices_from(self, previous: "JointOrAlone") -> None:
        """Carry a re-run cell's picks over, so re-running never loses work (even unsaved picks)."""
        for item_id, menu in self.menus.items():
            if item_id in previous.menus and previous.menus[item_id].value:
                menu.value = previous.menus[item_id].value

    def close(self) -> None:
        self.check_button._click_handlers.callbacks.clear()
        close_tree(self.widget)


def show_joint_or_alone(lesson: str, table: pd.DataFrame | None = None, path: Path | None = None) -> Any:
    """Build the joint-or-alone sorter for ``lesson`` (e.g. ``"07-critical-minerals"``) and return its widget.

    ``table`` replaces the course's readings (tests); ``path`` the progress file. Re-running the cell
    replaces the previous sorter for the lesson and keeps its picks. Problems (a missing or damaged
    data file, a lesson with no items) are shown as a sentence, not a traceback.
    """
    import ipywidgets as w

    try:
        items = items_for_lesson(lesson, table)
    except CourseError as exc:
        return w.HTML(_message_html(Result("invalid", f"The joint-or-alone sorter could not be built: {exc}")))
    return replace_view(_LIVE, lesson, JointOrAlone(lesson, items, path), JointOrAlone.take_choices_from)


def current_sorter(lesson: str) -> JointOrAlone | None:
    """The live sorter for ``lesson`` (tests drive it without a browser)."""
    return _LIVE.get(lesson)
