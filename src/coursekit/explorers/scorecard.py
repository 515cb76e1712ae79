"""The interoperability scorecard: weight the rubric's dimensions and compare the partnerships.

Why this module: lesson 02 asks "does any reasonable weighting close the gap between NATO and
the Russia-China partnership?". The answer depends on arithmetic that is easy to get subtly
wrong in a widget callback (dividing by a zero total weight, accepting a negative weight that
turns a weakness into a strength, clipping a rescored value off the 0-4 scale). So the maths
lives in plain functions (:func:`score_table`, :func:`weighted_scores`,
:func:`smallest_possible_gap`) that are unit-tested without a browser, and the widget
(:func:`scorecard_explorer`) only turns slider moves into calls of :func:`weighted_scores`.

The weighted score is a weighted *average* of a partnership's dimension scores, so it stays on
the rubric's own 0-4 scale and a learner can read it with the scale's words (1 ad hoc,
2 recurring or partial, 3 substantial ...). Because an average of per-dimension gaps can never
be smaller than the smallest of them, no choice of non-negative weights can close the overall
gap by more than the closest single dimension allows; :func:`smallest_possible_gap` shows that
limit directly, which is the lesson's main point about weights versus scores.

Re-running the notebook cell closes the previous explorer first (as :mod:`coursekit.quiz` does),
so slider handlers never pile up and an old copy on the page stops responding.
"""
from __future__ import annotations

import html
import math
import numbers
from dataclasses import dataclass, field
from typing import Any, Mapping

import pandas as pd

from coursekit import data
from coursekit.widget_tools import close_tree, keyboard_ready, replace_view

DATASET = "interoperability_rubric"
REFERENCE = "NATO"
OTHER = "Russia-China"

# Plain-word names for the rubric's dimensions (slider labels and tables). A dimension that is
# not listed here still works: its name is shown with underscores replaced by spaces.
DIMENSION_LABELS: dict[str, str] = {
    "command": "Command",
    "communications_data_links": "Communications and data links",
    "logistics": "Logistics",
    "common_standards": "Common standards",
    "exercise_complexity": "Exercise complexity",
    "basing_access": "Basing and access",
    "intelligence_sharing": "Intelligence sharing",
}

# The four things the article says a true alliance shares: command structures, ammunition
# standards, communications protocols and logistics networks (claim C05). The preset button
# "The article's four" weights only these, to test the article on its own yardstick.
ARTICLE_DIMENSIONS: tuple[str, ...] = ("command", "communications_data_links", "logistics", "common_standards")


def label(dimension: str) -> str:
    """The plain-word name of ``dimension``."""
    return DIMENSION_LABELS.get(dimension, dimension.replace("_", " ").capitalize())


def scale_bounds() -> tuple[int, int]:
    """The rubric's score range, read from the data set's schema (not typed in here)."""
    spec = next(f for f in data.describe(DATASET).fields if f["name"] == "score")
    limits = spec.get("constraints", {})
    return int(limits.get("minimum", 0)), int(limits.get("maximum", 4))


# --------------------------------------------------------------------------- the maths
def score_table(rubric: pd.DataFrame) -> pd.DataFrame:
    """One row per dimension, one column per partnership, holding the scores.

    Keeps the rubric's own order of dimensions. Raises ValueError if a dimension is not scored
    for every partnership, because a weighted comparison of unequal sets would mislead.
    """
    missing = [c for c in ("dimension", "partnership", "score") if c not in rubric.columns]
    if missing:
        raise ValueError(f"the rubric needs the columns dimension, partnership and score (missing: {missing})")
    order = list(dict.fromkeys(rubric["dimension"].astype(str)))
    table = rubric.pivot(index="dimension", columns="partnership", values="score").reindex(order)
    table = table.astype("float64")
    gaps = table[table.isna().any(axis=1)]
    if not gaps.empty:
        raise ValueError(f"dimension '{gaps.index[0]}' is not scored for every partnership")
    table.columns.name = None
    return table


@dataclass(frozen=True)
class Weighting:
    """The result of weighting the rubric.

    ``ok`` is False when the weights cannot give a score (all zero, negative, not numbers,
    unknown dimensions); ``message`` then says what to change. Otherwise ``scores`` holds each
    partnership's weighted average on the rubric's scale, ``gap`` is NATO minus Russia-China,
    and ``message`` says it in a sentence.
    """

    ok: bool
    message: str
    scores: dict[str, float] = field(default_factory=dict)
    gap: float | None = None
    weights: dict[str, float] = field(default_factory=dict)


def _clean_weights(weights: Mapping[str, Any], dimensions: list[str]) -> tuple[dict[str, float], str]:
    """Weights as floats for every dimension (missing ones count 0), or an error message."""
    if not isinstance(weights, Mapping):
        return {}, "Give the weights as a dictionary, e.g. {\"command\": 2, \"logistics\": 1}."
    unknown = [str(k) for k in weights if k not in dimensions]
    if unknown:
        return {}, (f"Unknown dimension {unknown[0]!r}. The dimensions are: {', '.join(dimensions)}.")
    cleaned: dict[str, float] = {}
    for dimension in dimensions:
        value = weights.get(dimension, 0)
        if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
            return {}, f"The weight for {dimension!r} is {value!r}; a weight must be an ordinary number."
        if value < 0:
            return {}, (f"The weight for {dimension!r} is {value:g}. Weights cannot be negative: a weight says "
                        "how much a dimension counts, from 0 (not at all) upwards.")
        cleaned[dimension] = float(value)
    return cleaned, ""


def shifted_table(rubric: pd.DataFrame, shifts: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """:func:`score_table`, with each partnership in ``shifts`` rescored by that many points on
    every dimension and kept inside the rubric's scale (a different scorer's view).

    Raises ValueError for an unknown partnership or a shift that is not a whole number.
    """
    table = score_table(rubric)
    low, high = scale_bounds()
    for partnership, shift in (shifts or {}).items():
        if partnership not in table.columns:
            raise ValueError(f"Unknown partnership {partnership!r}; use one of {list(table.columns)}.")
        if isinstance(shift, bool) or not isinstance(shift, numbers.Integral):
            raise ValueError(f"The shift for {partnership!r} is {shift!r}; shift scores by whole points, e.g. 1 or -1.")
        table[partnership] = (table[partnership] + int(shift)).clip(low, high)
    return table


def weighted_scores(rubric: pd.DataFrame, weights: Mapping[str, Any],
                    shifts: Mapping[str, Any] | None = None) -> Weighting:
    """Each partnership's weighted average score and the NATO minus Russia-China gap.

    ``weights`` maps dimension to a weight of 0 or more (a missing dimension counts 0).
    ``shifts`` optionally rescores a partnership by whole points on every dimension (e.g.
    ``{"Russia-China": 1}``), kept inside the rubric's scale: a different scorer's view.
    Never raises for bad weights or shifts: the returned :class:`Weighting` says what to fix.
    """
    try:
        table = shifted_table(rubric, shifts)
    except ValueError as problem:
        return Weighting(False, str(problem))
    cleaned, problem = _clean_weights(weights, list(table.index))
    if problem:
        return Weighting(False, problem)
    total = sum(cleaned.values())
    if total == 0:
        return Weighting(False, "All weights are zero, so there is nothing to average. "
                                "Give at least one dimension a weight above 0.", weights=cleaned)
    series = pd.Series(cleaned)
    scores = {p: float((table[p] * series).sum() / total) for p in table.columns}
    gap = scores[REFERENCE] - scores[OTHER] if {REFERENCE, OTHER} <= scores.keys() else None
    return Weighting(True, _sentence(scores, gap), scores, gap, cleaned)


def points(value: float, digits: int | None = None) -> str:
    """``value`` with "point" or "points", as a reader would say it ("1 point", "0.50 points")."""
    text = f"{value:g}" if digits is None else f"{value:.{digits}f}"
    return f"{text} point" if abs(abs(value) - 1) < 1e-9 else f"{text} points"


def _sentence(scores: dict[str, float], gap: float | None) -> str:
    parts = ", ".join(f"{p} {s:.2f}" for p, s in scores.items())
    if gap is None:
        return f"Weighted scores: {parts}."
    if gap > 1e-9:
        verdict = f"{REFERENCE} leads by {points(gap, 2)}"
    elif gap < -1e-9:
        verdict = f"{OTHER} leads by {points(-gap, 2)}"
    else:
        verdict = "the gap is closed"
    return f"Weighted scores on the 0\u20134 scale: {parts}; {verdict}."


def gap_by_dimension(rubric: pd.DataFrame, shifts: Mapping[str, Any] | None = None) -> pd.Series:
    """NATO minus Russia-China score for each dimension, in the rubric's order."""
    table = shifted_table(rubric, shifts)
    return (table[REFERENCE] - table[OTHER]).rename("gap")


def smallest_possible_gap(rubric: pd.DataFrame, shifts: Mapping[str, Any] | None = None) -> tuple[list[str], float]:
    """The smallest NATO minus Russia-China gap on any one dimension, and the dimensions that have it.

    A weighted average of the per-dimension gaps lies between their minimum and maximum, so
    this is the smallest overall gap that any non-negative weighting can produce (reached by
    putting all weight on those dimensions).
    """
    gaps = gap_by_dimension(rubric, shifts)
    smallest = float(gaps.min())
    return [str(d) for d in gaps.index[gaps == smallest]], smallest


SOURCE_KINDS = ["primary", "secondary", "state-linked", "analysis"]


def source_mix(rubric: pd.DataFrame, sources: pd.DataFrame) -> pd.DataFrame:
    """Distinct sources behind each partnership's rows, counted by kind: one row per partnership.

    ``sources`` is sources.csv indexed by source_id. Each source counts once per partnership. A
    source with a ``state_link`` other than ``public`` (official, owned, funded or aligned), or one
    whose note says "state media", goes into a group of its own, ``state-linked``, whatever its
    kind: lesson 02 reads evidence from the two governments' own outlets apart from independent
    reports, by one rule for NATO's outlets and China's alike.
    """
    cited = rubric.assign(source_id=rubric["source_id"].map(data.source_ids)).explode("source_id")
    cited = cited.drop_duplicates(["partnership", "source_id"]).join(
        sources[["kind", "state_link", "note"]].rename(columns={"note": "source_note"}), on="source_id")
    link = cited["state_link"].fillna("").astype(str).str.strip()
    state_outlet = ((link.ne("") & ~link.str.endswith(": public"))
                    | cited["source_note"].str.contains("state media", case=False, na=False))
    cited.loc[state_outlet, "kind"] = "state-linked"
    counts = cited.groupby(["partnership", "kind"]).size().unstack(fill_value=0)
    return counts.reindex(columns=SOURCE_KINDS, fill_value=0).rename_axis(columns="kind")


# --------------------------------------------------------------------------- the widget
_LIVE: dict[str, "ScorecardView"] = {}
_COLOURS = {REFERENCE: "#0072B2", OTHER: "#E69F00"}  # Okabe-Ito, as in the course charts


def floor_sentence(dimensions: list[str], smallest: float) -> str:
    """What the smallest single-dimension gap (from :func:`smallest_possible_gap`) means for weighting.

    Three cases, because the lesson's claim "no weighting closes the gap" is only true while NATO
    leads on every dimension: a positive floor cannot be beaten, a zero floor can be reached (the
    gap closes), a negative one means the right weights put Russia-China ahead.
    """
    names = ", ".join(label(d).lower() for d in dimensions)
    if smallest > 1e-9:
        return (f"With these scores, no weighting can bring the gap below {points(smallest)}: the smallest gap "
                f"on any one dimension ({names}). Putting all the weight there reaches it.")
    if smallest < -1e-9:
        return (f"With these scores, a weighting can reverse the gap: {OTHER} leads by {points(-smallest)} on "
                f"{names}, so putting all the weight there puts {OTHER} ahead.")
    return (f"With these scores, a weighting can close the gap: the two sides score the same on {names}, "
            "so putting all the weight there gives equal scores.")


def result_html(result: Weighting, floor: tuple[list[str], float] | None = None) -> str:
    """The explorer's result panel: a sentence, one bar per partnership, and (given ``floor``,
    from :func:`smallest_possible_gap`) what the smallest reachable gap is; or what to fix."""
    if not result.ok:
        return f'<div role="status" style="color:#8a1c1c">{html.escape(result.message)}</div>'
    _low, high = scale_bounds()
    rows = []
    for partnership, score in result.scores.items():
        width = max(0.0, score / high * 100)
        colour = _COLOURS.get(partnership, "#555555")
        rows.append(
            f"<tr><td style='padding-right:8px'>{html.escape(partnership)}</td>"
            f"<td style='width:260px'><div aria-hidden='true' style='background:{colour};height:14px;"
            f"width:{width:.1f}%'></div></td><td style='padding-left:8px'><b>{score:.2f}</b> of {high}</td></tr>")
    limit = f"<p>{html.escape(floor_sentence(*floor))}</p>" if floor is not None else ""
    return (f'<div role="status" aria-live="polite"><p>{html.escape(result.message)}</p>'
            f"<table>{''.join(rows)}</table>{limit}</div>")


class ScorecardView:
    """Sliders (one weight per dimension, two rescoring shifts), presets and a live result."""

    def __init__(self, rubric: pd.DataFrame) -> None:
        import ipywidgets as w

        self.rubric = rubric
        self.dimensions = list(score_table(rubric).index)
        style = {"description_width": "17em"}
        layout = w.Layout(width="36em")
        self.sliders = {d: w.IntSlider(value=1, min=0, max=5, description=f"{label(d)}:", style=style,
                                       layout=layout, continuous_update=False) for d in self.dimensions}
        self.shifts = {p: w.IntSlider(value=0, min=-1, max=1, description=f"Rescore {p} by:", style=style,
                                      layout=layout, continuous_update=False) for p in (REFERENCE, OTHER)}
        self.buttons = {
            "equal": w.Button(description="Equal weights", tooltip="Every dimension counts the same"),
            "article": w.Button(description="The article's four",
                                tooltip="Only command, communications, logistics and common standards count"),
            "reset": w.Button(description="Reset all", tooltip="Equal weights and the course authors' scores"),
            "reveal": w.Button(description="Show the floor",
                               tooltip="Show the smallest gap any weighting can reach (try first)"),
        }
        # The floor answers the lesson's question "how small can you make the gap?", so it stays
        # hidden until the learner asks for it.
        self.revealed = False
        self.result = w.HTML()
        self.result.add_class("course-scorecard-result")
        for slider in [*self.sliders.values(), *self.shifts.values()]:
            slider.observe(self.update, names="value")
        self.buttons["equal"].on_click(lambda _b: self.preset({d: 1 for d in self.dimensions}))
        self.buttons["article"].on_click(
            lambda _b: self.preset({d: int(d in ARTICLE_DIMENSIONS) for d in self.dimensions}))
        self.buttons["reset"].on_click(lambda _b: self.preset({d: 1 for d in self.dimensions}, reset_shifts=True))
        self.buttons["reveal"].on_click(lambda _b: self.reveal())
        self.widget = w.VBox([
            w.HTML("<b>Weights</b> (0 = does not count; 5 = counts five times as much as a weight of 1)"),
            *self.sliders.values(),
            w.HTML("<b>Who scores?</b> Shift every score of one partnership by a point, as a different "
                   "scorer might (kept inside the 0\u20134 scale)"),
            *self.shifts.values(),
            w.HBox(list(self.buttons.values())),
            self.result,
        ], layout=w.Layout(max_width="820px"))
        self.widget = keyboard_ready(self.widget)
        self.widget.add_class("course-scorecard")
        self.update()

    def current(self) -> Weighting:
        """The weighting the sliders describe now."""
        weights = {d: s.value for d, s in self.sliders.items()}
        shifts = {p: s.value for p, s in self.shifts.items() if s.value}
        return weighted_scores(self.rubric, weights, shifts)

    def update(self, _change: Any = None) -> Weighting:
        result = self.current()
        shifts = {p: s.value for p, s in self.shifts.items() if s.value}
        floor = smallest_possible_gap(self.rubric, shifts) if self.revealed else None
        self.result.value = result_html(result, floor)
        return result

    def reveal(self) -> None:
        """Show the smallest gap any weighting can reach (kept up to date from then on)."""
        self.revealed = True
        self.update()

    def preset(self, weights: Mapping[str, int], reset_shifts: bool = False) -> None:
        """Set several sliders at once, recomputing once at the end rather than per slider."""
        for slider in [*self.sliders.values(), *self.shifts.values()]:
            slider.unobserve(self.update, names="value")
        try:
            for dimension, value in weights.items():
                self.sliders[dimension].value = value
            if reset_shifts:
                for slider in self.shifts.values():
                    slider.value = 0
        finally:
            for slider in [*self.sliders.values(), *self.shifts.values()]:
                slider.observe(self.update, names="value")
        self.update()

    def take_values_from(self, previous: "ScorecardView") -> None:
        """Carry a re-run cell's slider positions over, so re-running never loses the learner's setting."""
        values = {d: s.value for d, s in previous.sliders.items() if d in self.sliders}
        self.revealed = previous.revealed
        self.preset(values)
        for partnership, slider in previous.shifts.items():
            if partnership in self.shifts:
                self.shifts[partnership].value = slider.value

    def close(self) -> None:
        for slider in [*self.sliders.values(), *self.shifts.values()]:
            slider.unobserve(self.update, names="value")
        for button in self.buttons.values():
            button._click_handlers.callbacks.clear()
        close_tree(self.widget)


def scorecard_explorer(rubric: pd.DataFrame | None = None, key: str = "02-interoperability") -> Any:
    """Show the weighting explorer for ``rubric`` (default: the course's rubric); the cell displays it.

    Re-running the cell replaces the previous explorer (same ``key``), keeping its slider positions.
    """
    view = ScorecardView(data.load(DATASET) if rubric is None else rubric)
    return replace_view(_LIVE, key, view, ScorecardView.take_values_from)


def current_scorecard(key: str = "02-interoperability") -> ScorecardView | None:
    """The live view for ``key`` (tests drive it without a browser)."""
    return _LIVE.get(key)


# --------------------------------------------------------------------------- evidence reader
# Why not coursekit.explorers.table_explorer: the rubric's evidence texts are paragraphs, and a
# wide HTML table squeezes them into narrow columns under right-aligned headers. Reading one
# dimension as labelled, left-aligned paragraphs (one block per partnership) is easier.
EVIDENCE_FIELDS: tuple[tuple[str, str], ...] = (
    ("evidence", "Evidence"), ("counter_evidence", "Counter-evidence"), ("note", "Note"), ("source_id", "Sources"))


def evidence_html(rubric: pd.DataFrame, dimension: str) -> str:
    """Both partnerships' rows for ``dimension`` as left-aligned, labelled paragraphs."""
    rows = rubric[rubric["dimension"] == dimension]
    if rows.empty:
        return f"<p>No rubric rows for {html.escape(label(dimension))}.</p>"
    blocks = []
    for row in rows.itertuples(index=False):
        parts = [f"<h4 style='margin:0.6em 0 0.2em'>{html.escape(str(row.partnership))}: score "
                 f"{html.escape(str(row.score))}</h4>"]
        for column, heading in EVIDENCE_FIELDS:
            value = getattr(row, column, None)
            if value is None or pd.isna(value) or str(value).strip() == "":
                continue
            text = "; ".join(i.strip() for i in data.source_ids(value)) if column == "source_id" else str(value)
            parts.append(f"<p style='margin:0.2em 0'><b>{heading}:</b> {html.escape(text)}</p>")
        blocks.append("".join(parts))
    return f"<div style='text-align:left;max-width:820px'>{''.join(blocks)}</div>"


class EvidenceView:
    """A dropdown of dimensions and the chosen dimension's rows, read as paragraphs."""

    def __init__(self, rubric: pd.DataFrame, initial: str | None = None) -> None:
        import ipywidgets as w

        self.rubric = rubric
        dimensions = list(dict.fromkeys(rubric["dimension"]))
        options = [(label(d), d) for d in dimensions]
        start = initial if initial in dimensions else dimensions[0]
        self.picker = w.Dropdown(options=options, value=start, description="Dimension:",
                                 style={"description_width": "initial"})
        self.text = w.HTML()
        self.text.add_class("course-evidence-text")
        self.picker.observe(self.update, names="value")
        self.widget = keyboard_ready(w.VBox([self.picker, self.text]))
        self.update()

    def update(self, _change: Any = None) -> None:
        self.text.value = evidence_html(self.rubric, self.picker.value)

    def take_value_from(self, previous: "EvidenceView") -> None:
        """Keep the dimension the learner picked when the cell is re-run."""
        if previous.picker.value in [value for _name, value in self.picker.options]:
            self.picker.value = previous.picker.value

    def close(self) -> None:
        self.picker.unobserve(self.update, names="value")
        close_tree(self.widget)


_EVIDENCE_LIVE: dict[str, EvidenceView] = {}


def evidence_explorer(rubric: pd.DataFrame | None = None, initial: str | None = "command",
                      key: str = "02-interoperability") -> Any:
    """Show the evidence reader for ``rubric`` (default: the course's rubric), starting at ``initial``."""
    view = EvidenceView(data.load(DATASET) if rubric is None else rubric, initial)
    return replace_view(_EVIDENCE_LIVE, key, view, EvidenceView.take_value_from)


def current_evidence_view(key: str = "02-interoperability") -> EvidenceView | None:
    """The live evidence reader for ``key`` (tests drive it without a browser)."""
    return _EVIDENCE_LIVE.get(key)
