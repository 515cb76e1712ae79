"""Sort the article's claims into types: graded by a plain function, shown with ipywidgets.

Why this exists: telling an empirical claim from a forecast, a value judgement or a
prescription is the first move in reading an op-ed critically, because it decides what kind
of evidence could bear on the claim at all. Learners practise it on real claims from the
``claims`` data set, whose ``claim_type`` column holds the course team's typing.

Feedback teaches by rules of thumb rather than by the data set's ``note`` column: those notes
were written for analysts (which rubric row to compare, which part is testable) and often mean
nothing to a learner who has only just met the claim. So every sorted claim gets the rule of
thumb for its type; a wrong pick also gets the test that rules out the type chosen; and claims
that straddle two types get the course team's reason from :data:`WHY_THIS_TYPE`.

As in :mod:`coursekit.quiz`, the rules live in a plain function (:func:`grade_sort`) tested
without a browser; the widget only turns a click on *Check* into a call of it and shows the
message. Re-running the cell closes the previous copy first, so click handlers never pile up.

    show_claim_sorter(["C01", "C02", "C11", "C15", "C27"], key="01-panic-narrative")
"""
from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

import pandas as pd

from coursekit import data
from coursekit.errors import CourseError
from coursekit.widget_tools import after_pending_input, close_tree, keyboard_ready, replace_view, shared

# The four claim types of the course, in the order a learner meets them, with the label shown.
CLAIM_TYPES: dict[str, str] = {
    "empirical": "Empirical",
    "forecast": "Forecast",
    "value_judgement": "Value judgement",
    "prescription": "Prescription",
}
# The rule of thumb for each type: shown when a claim was sorted (rightly or not), so feedback teaches.
WHAT_MARKS_IT: dict[str, str] = {
    "empirical": "it says what is or was the case: some observation could show it true or false, even if "
                 "nobody has made that observation yet.",
    "forecast": "it says what will (or will not) happen: trends can inform it, only later events settle it.",
    "value_judgement": "it evaluates: it grades something as good or bad, wise or foolish, and two people could "
                       "agree on every fact and still disagree about the grade, so no measurement could settle it.",
    "prescription": "it says what someone should (or should not) do: facts can test what it rests on, the "
                    "rest is values and priorities.",
}
# The test that rules a type out: shown after a wrong pick, so the learner sees why their type does not fit.
WHY_NOT: dict[str, str] = {
    "empirical": "Why not empirical: ask which observation would settle it. If the honest answer is none, "
                 "because the claim grades, predicts or advises, it is not empirical.",
    "forecast": "Why not a forecast: its core is not a prediction about what will happen.",
    "value_judgement": "Why not a value judgement: a strong word alone does not make one; ask whether the core "
                       "could be checked, predicted or acted on.",
    "prescription": "Why not a prescription: it does not tell anyone what to do.",
}
# The course team's reasons for claims that straddle two types (claim ids from data/claims.csv).
# Kept here, not in the data set's note column, because they are written for learners.
WHY_THIS_TYPE: dict[str, str] = {
    "C01": "C01 reports what news outlets did, so it is empirical: checkable in principle, even though this "
           "course holds no coverage data to check it. 'Empirical' means checkable, not checked.",
    "C02": "C02 sounds partly checkable (who gains from the story?), but its core grades the story: calling "
           "it wrong, and comforting for arms makers and careless analysts, is a verdict on its merit and on "
           "motives. Facts about lobbying or analysts' track records could make that more or less reasonable; "
           "no measurement settles it.",
    "C11": "C11 rests on facts about trade today, but what it claims is how Beijing will act, which only later "
           "events can show.",
    "C15": "C15 has a checkable core: China buys Russian oil and gas, and Russian crude has sold at a discount "
           "(lesson 03 measures both). What makes it a value judgement is the grade put on that buying: "
           "'predatory pawnbroker' calls it exploiting a partner in trouble, and the contrast with 'standing by "
           "an ally in arms' grades China's loyalty. Two readers who accept the same discount figures can still disagree whether buying "
           "cheap from a sanctioned seller is predation or ordinary business; no figure settles that.",
    "C27": "C27 rests on a prediction (more conventional arms would drain budgets), but what it does is "
           "advise against a course of action.",
}
CHOOSE = "\u2014 choose a type \u2014"
EMPTY_MESSAGE = "Pick a type for at least one claim from its menu first, then press Check."
RIGHT_MARK, WRONG_MARK, OPEN_MARK = "\u2705", "\u274c", "\u2026"


class ClaimSorterError(CourseError):
    """The sorter was asked for a claim the claims data set does not hold."""


@dataclass(frozen=True)
class SortItem:
    """One claim to sort: its id, its proposition (the statement, unattributed), the course team's type and why."""

    claim_id: str
    text: str
    claim_type: str
    why: str = ""


@dataclass(frozen=True)
class SortResult:
    """The verdict on one press of *Check*. ``status``: correct, partial, incorrect, empty or invalid."""

    status: str
    message: str
    right: int = 0
    answered: int = 0

    @property
    def correct(self) -> bool:
        return self.status == "correct"


def items_from_claims(claims: pd.DataFrame, claim_ids: Sequence[str],
                      reasons: Mapping[str, str] | None = None) -> tuple[SortItem, ...]:
    """The claims ``claim_ids`` from a claims table, in the order given.

    ``reasons`` maps claim ids to the course team's reason for a hard case (default
    :data:`WHY_THIS_TYPE`); claims without one get only the rule of thumb for their type.
    Raises :class:`ClaimSorterError` naming any id that is missing or has an unknown type, so an
    author's typo shows as one sentence rather than a KeyError.
    """
    reasons = WHY_THIS_TYPE if reasons is None else reasons
    by_id = claims.set_index("claim_id")
    missing = [c for c in claim_ids if c not in by_id.index]
    if missing:
        raise ClaimSorterError(f"the claims data set has no claim {', '.join(missing)}.")
    items = []
    for claim_id in claim_ids:
        row = by_id.loc[claim_id]
        kind = str(row["claim_type"])
        if kind not in CLAIM_TYPES:
            raise ClaimSorterError(f"claim {claim_id} has type '{kind}', not one of {list(CLAIM_TYPES)}.")
        items.append(SortItem(claim_id, str(row["proposition"]), kind, str(reasons.get(claim_id, ""))))
    return tuple(items)


def grade_sort(items: Sequence[SortItem], choices: Mapping[str, Any]) -> SortResult:
    """Judge the types chosen for ``items``. Never raises.

    ``choices`` maps claim ids to a type key (``"forecast"`` ...); ``None``, ``""`` or a missing
    id means not sorted yet. Each sorted claim gets a line saying whether it matches the course
    team's typing and the rule of thumb for that type; a wrong pick also says why the chosen type
    does not fit, and a hard case adds the course team's reason. Unsorted claims are listed so none
    is forgotten.
    """
    if not isinstance(choices, Mapping):
        return SortResult("invalid", "The choices must map each claim id to a type.")
    chosen = {k: v for k, v in choices.items() if v not in (None, "")}
    if not any(item.claim_id in chosen for item in items):
        return SortResult("empty", EMPTY_MESSAGE)
    unknown = sorted({str(v) for k, v in chosen.items() if v not in CLAIM_TYPES})
    if unknown:
        return SortResult("invalid", f"{', '.join(unknown)} is not a claim type; pick one of: "
                                     f"{', '.join(CLAIM_TYPES.values())}.")
    lines, right, answered = [], 0, 0
    for item in items:
        pick = chosen.get(item.claim_id)
        if pick is None:
            lines.append(f"{OPEN_MARK} {item.claim_id}: not sorted yet.")
            continue
        answered += 1
        expected = CLAIM_TYPES[item.claim_type]
        if pick == item.claim_type:
            right += 1
            lines.append(f"{RIGHT_MARK} {item.claim_id}: {expected}. Yes: {WHAT_MARKS_IT[item.claim_type]}")
        else:
            lines.append(f"{WRONG_MARK} {item.claim_id}: you chose {CLAIM_TYPES[pick].lower()}; the course "
                         f"team typed it as {expected.lower()}, because {WHAT_MARKS_IT[item.claim_type]}")
            lines.append(f"    {WHY_NOT[pick]}")
        if item.why:
            lines.append(f"    Why: {item.why}")
    summary = f"{right} of {len(items)} claims sorted as the course team typed them ({answered} sorted)."
    if right == len(items):
        status = "correct"
    elif right:
        status = "partial"
    else:
        status = "incorrect"
    return SortResult(status, "\n".join([summary, *lines]), right, answered)


# --------------------------------------------------------------------------- widgets
_LIVE: dict[str, "ClaimSorter"] = {}
_COLOURS = {"correct": "#1b5e20", "incorrect": "#8a1c1c", "partial": "#7a4f00"}
_STYLE = "<style>.course-sorter .widget-dropdown select{min-width:12em}</style>"


def _message_html(result: SortResult) -> str:
    colour = _COLOURS.get(result.status, "#333333")
    body = "<br>".join(html.escape(line) for line in result.message.splitlines())
    return f'<div role="status" style="color:{colour}">{body}</div>'


class ClaimSorter:
    """The widgets for one set of claims: a type menu per claim, one *Check* button, feedback."""

    def __init__(self, items: tuple[SortItem, ...]) -> None:
        import ipywidgets as w

        self.items = items
        options = [(CHOOSE, "")] + [(label, key) for key, label in CLAIM_TYPES.items()]  # "" shows the label
        self.menus: dict[str, Any] = {}
        # Layouts and styles shared by every claim and view (widget_tools.shared), and no box per claim: the menu
        # and its claim's text sit straight in the sorter, spaced by their layouts' margins (a box, layout and
        # style per claim made seven widgets a claim, each about 1 ms in a kernel).
        menu_layout = shared("layout", width="auto", margin="4px 0 0 0")
        text_layout = shared("layout", width="auto", margin="0 0 8px 0")
        menu_style = shared("description", description_width="3em")
        rows = [w.HTML(_STYLE, layout=shared("layout"), style=shared("html"))]
        for item in items:
            menu = w.Dropdown(options=options, value="", description=item.claim_id, style=menu_style,
                              layout=menu_layout)
            self.menus[item.claim_id] = menu
            text = w.HTML(f"<div style='margin:0 0 0 1em'>{html.escape(item.text)}</div>", layout=text_layout,
                          style=shared("html"))
            rows += [menu, text]
        self.check_button = w.Button(description="Check", button_style="primary",
                                     tooltip="Compare your types with the course team's typing",
                                     layout=shared("layout"), style=shared("button"))
        self.feedback = w.HTML(layout=shared("layout", min_height="1.5em"), style=shared("html"))
        self.check_button.on_click(lambda _button: after_pending_input(self.check))
        self.widget = keyboard_ready(w.VBox([*rows, self.check_button, self.feedback],
                                            layout=shared("layout", max_width="820px")))
        self.widget.add_class("course-sorter")

    def choices(self) -> dict[str, Any]:
        """The type picked in each menu (``None`` where nothing is picked)."""
        return {claim_id: menu.value for claim_id, menu in self.menus.items()}

    def check(self) -> SortResult:
        result = grade_sort(self.items, self.choices())
        self.feedback.value = _message_html(result)
        return result

    def take_choices_from(self, previous: "ClaimSorter") -> None:
        """Carry a re-run cell's picks over, so re-running never loses work."""
        for claim_id, menu in self.menus.items():
            if claim_id in previous.menus:
                menu.value = previous.menus[claim_id].value

    def close(self) -> None:
        self.check_button._click_handlers.callbacks.clear()
        close_tree(self.widget)


def show_claim_sorter(claim_ids: Sequence[str], key: str = "default", claims: pd.DataFrame | None = None,
                      reasons: Mapping[str, str] | None = None) -> Any:
    """Build the sorter for ``claim_ids`` (from ``claims``, default the course data) and return its widget.

    ``reasons``: the course team's reasons for hard cases (default :data:`WHY_THIS_TYPE`).

    ``key`` names this sorter (use the lesson name): re-running the cell replaces the previous
    sorter with the same key and keeps its picks. Problems are shown as a sentence, not a traceback.
    """
    import ipywidgets as w

    try:
        items = items_from_claims(data.load("claims") if claims is None else claims, claim_ids, reasons)
    except CourseError as exc:
        return w.HTML(_message_html(SortResult("invalid", f"The claim sorter could not be built: {exc}")))
    return replace_view(_LIVE, key, ClaimSorter(items), ClaimSorter.take_choices_from)


def current_sorter(key: str = "default") -> ClaimSorter | None:
    """The live sorter for ``key`` (tests drive it without a browser)."""
    return _LIVE.get(key)
