"""Checkers for exercises/02-interoperability.ipynb. Expected values are computed from data/, never typed in."""
from __future__ import annotations

import re
from typing import Any

import altair as alt
import pandas as pd

from coursekit import checks
from coursekit.charts import chart_title, untitled_channels
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load

NATO, RC = "NATO", "Russia-China"

# Task 2's weights: a reader who thinks command matters most, and that communications,
# logistics and common standards come next. Weights are a choice, not data;
# the notebook shows them to the learner by importing this dictionary.
TASK_WEIGHTS: dict[str, int] = {
    "command": 3,
    "communications_data_links": 2,
    "logistics": 2,
    "common_standards": 2,
    "exercise_complexity": 1,
    "basing_access": 1,
    "intelligence_sharing": 1,
}
_TOLERANCE = 0.005  # answers rounded to two decimals still pass
_CLOSE = 0.05  # within this, the method is right and only the rounding is too coarse


def _rubric() -> pd.DataFrame:
    return load("interoperability_rubric")


def _expected_table() -> pd.DataFrame:
    """Dimension × partnership scores, worked out with a loop rather than pivot (an independent route)."""
    table: dict[str, dict[str, float]] = {}
    for row in _rubric().itertuples(index=False):
        table.setdefault(str(row.dimension), {})[str(row.partnership)] = float(row.score)
    return pd.DataFrame.from_dict(table, orient="index")[[NATO, RC]]


def _by_dimension(frame: pd.DataFrame, name: str) -> pd.DataFrame:
    """The answer indexed by dimension, whether the learner kept it as the index or as a column."""
    if isinstance(frame.columns, pd.MultiIndex):
        raise Mismatch(f"{name} has two-level column names, because pivot was not told which column to spread. "
                       "Pass values=\"score\": rubric.pivot(index=\"dimension\", columns=\"partnership\", "
                       "values=\"score\").")
    if "partnership" in frame.columns:
        raise Mismatch(f"{name} still has a partnership column, so it has one row per dimension AND partnership. "
                       "Pivot it so each partnership becomes a column: rubric.pivot(index=\"dimension\", "
                       "columns=\"partnership\", values=\"score\").")
    dimensions = set(_rubric()["dimension"])
    if dimensions <= set(map(str, frame.columns)) and NATO not in frame.columns:
        raise Mismatch(f"In {name} the rows and columns are swapped: the dimensions are columns. Use "
                       "index=\"dimension\" and columns=\"partnership\" (or add .T).")
    if "dimension" in frame.columns:
        frame = frame.set_index("dimension")
    checks.require_columns(frame, [NATO, RC], name)
    index = frame.index.astype(str)
    if not set(index) <= dimensions:
        raise Mismatch(f"The rows of {name} should be labelled by dimension (e.g. 'command'); found "
                       f"{list(index[:3])}. Use index=\"dimension\" in pivot.")
    if index.duplicated().any():
        raise Mismatch(f"Dimension {index[index.duplicated()][0]!r} appears on more than one row; "
                       "each dimension should have one row.")
    missing = sorted(dimensions - set(index))
    if missing:
        raise Mismatch(f"Dimension {missing[0]!r} is missing from {name}: did a filter drop rows? "
                       f"The rubric has {len(dimensions)} dimensions.")
    for column in (NATO, RC):
        if not pd.api.types.is_numeric_dtype(frame[column]):
            raise Mismatch(f"The {column} column holds text, not scores. Use values=\"score\" in pivot.")
    return frame.set_axis(index, axis=0)


def _compare_scores(frame: pd.DataFrame) -> None:
    expected = _expected_table()
    for column in (NATO, RC):
        given = frame[column].astype(float).reindex(expected.index)
        if given.equals(expected[column]):
            continue
        other = RC if column == NATO else NATO
        if given.equals(expected[other]):
            raise Mismatch(f"The {NATO} and {RC} columns are swapped: each column should hold that "
                           "partnership's scores.")
        wrong = (given != expected[column]).idxmax()
        raise Mismatch(f"The {column} score for {wrong!r} does not match the rubric's score column. "
                       "Pivot the score column, without changing it.")


def _no_series(answer: Any, name: str, advice: str) -> None:
    """A Series gets task-specific advice (the shared message is about counts, not this task)."""
    if isinstance(answer, pd.Series):
        raise Mismatch(f"{name} is a Series (a single column of numbers), not a table. {advice}")


@checker
def check_by_dimension(answer: Any) -> CheckResult:
    """Task 1: one row per dimension, a NATO and a Russia-China column holding the scores."""
    _no_series(answer, "by_dimension",
               "groupby(...).mean() or picking one column gives that. Use pivot to keep a table with a NATO and "
               "a Russia-China column: rubric.pivot(index=\"dimension\", columns=\"partnership\", "
               "values=\"score\").")
    frame = _by_dimension(checks.require_frame(answer, "by_dimension"), "by_dimension")
    _compare_scores(frame)
    return checks.passed(f"Right: {len(frame)} dimensions, each with both partnerships' scores side by side.")


def weighted_average(weights: dict[str, float], partnership: str) -> float:
    """Weighted average score of ``partnership`` with ``weights`` (the course's definition)."""
    scores = _expected_table()[partnership]
    total = sum(weights.values())
    return sum(weights[d] * scores[d] for d in weights) / total


@checker
def check_weighted_score(answer: Any) -> CheckResult:
    """Task 2: Russia-China's weighted average score with TASK_WEIGHTS."""
    if isinstance(answer, pd.Series) and len(answer) == len(TASK_WEIGHTS):
        raise Mismatch(f"rc_weighted is a Series of {len(answer)} values, one score × weight per dimension; "
                       "expected one number. Add the products up with .sum(), then divide by the sum of the "
                       "weights, w.sum().")
    value = checks.require_number(answer, "rc_weighted")
    expected = weighted_average(TASK_WEIGHTS, RC)
    if abs(value - expected) <= _TOLERANCE:
        return checks.passed(f"Right: with these weights Russia-China scores {expected:.2f} on the 0-4 scale "
                             "(a weighted average stays on the rubric's scale).")
    table = _expected_table()
    weighted_sum = sum(TASK_WEIGHTS[d] * table.loc[d, RC] for d in TASK_WEIGHTS)
    mistakes = [
        (weighted_average(TASK_WEIGHTS, NATO), "That is NATO's weighted score. Use the Russia-China scores."),
        (table[RC].mean(), "That is the plain (unweighted) mean of the Russia-China scores. Multiply each score "
                           "by its dimension's weight first."),
        (weighted_sum, "That is the weighted SUM. Divide it by the sum of the weights, "
                       "sum(weights.values()), so the result stays on the 0-4 scale."),
        (weighted_sum / len(TASK_WEIGHTS), "You divided by the number of dimensions. Divide by the sum of the "
                                           "weights instead, so heavier dimensions count more."),
    ]
    for wrong, advice in mistakes:
        if abs(value - wrong) <= _TOLERANCE:
            raise Mismatch(f"You gave {value:g}. {advice}")
    if abs(value - expected) <= _CLOSE:
        raise Mismatch(f"You gave {value:g}, close to {expected:.4f} (unrounded): your method looks right, but the rounding is "
                       "too coarse. Round to two decimals, round(rc_weighted, 2), or do not round at all.")
    direction = "high" if value > expected else "low"
    raise Mismatch(f"You gave {value:g}, too {direction}. Multiply each Russia-China score by its weight, add them up, "
                   "then divide by the sum of the weights.")


_SCALE_WORDS = re.compile(r"0\s*(?:-|–|—|to|through)\s*4|out of 4|/\s*4|of 4\b|none|fully", re.IGNORECASE)


def _axis_title(encoding: dict[str, Any], channel: str) -> str:
    value = encoding.get(channel, {})
    title = value.get("title") if isinstance(value, dict) else None
    if isinstance(title, list):
        title = " ".join(map(str, title))
    return str(title or "")


_POINTLIKE = {"point", "circle", "square", "tick"}
_SEPARATORS = ("color", "shape", "xOffset", "yOffset", "row", "column", "facet")


def _field(encoding: dict[str, Any], channel: str) -> str | None:
    value = encoding.get(channel)
    return value.get("field") if isinstance(value, dict) else None


def _layer_encoding(spec: dict[str, Any], layer: dict[str, Any]) -> dict[str, Any]:
    encoding = dict(spec.get("encoding", {}))
    encoding.update(layer.get("encoding", {}))
    return encoding


def _mark_type(node: dict[str, Any]) -> str | None:
    mark = node.get("mark")
    return mark.get("type") if isinstance(mark, dict) else mark


@checker
def check_score_chart(answer: Any) -> CheckResult:
    """Task 3: grouped bars or a dot plot of score per dimension, partnerships told apart, with titles.

    A layered chart (such as the lesson's dumbbell, ``bar + dots``) is checked through its dot or
    bar layer: the layer that shows each score; other layers (the gap rule) may add to it.
    """
    if isinstance(answer, (alt.ConcatChart, alt.HConcatChart, alt.VConcatChart)):
        raise Mismatch("Make one chart, not several side by side: alt.Chart(rubric).mark_point().encode(...).")
    if not isinstance(answer, (alt.Chart, alt.FacetChart, alt.LayerChart)):
        raise Mismatch(f"chart is {checks.kind_of(answer)}; expected an Altair chart made with alt.Chart(rubric).")
    if isinstance(answer, alt.Chart) and not isinstance(answer.mark, (str, alt.MarkDef)):
        raise Mismatch("The chart has no mark yet: add .mark_bar() or .mark_point().")
    spec = answer.to_dict()
    if "layer" in spec:
        layers = [layer for layer in spec["layer"] if isinstance(layer, dict)]
        score_layers = [layer for layer in layers if _mark_type(layer) in _POINTLIKE | {"bar"}
                        and "score" in {_field(_layer_encoding(spec, layer), c) for c in ("x", "y")}]
        if not score_layers:
            raise Mismatch("None of the chart's layers draws one dot or bar per score. Layer a "
                           ".mark_point() chart with x=\"score:Q\" (as the lesson's dots chart) into it.")
        inner = score_layers[-1]  # the top-most score layer (dots drawn over the gap rule)
        encoding = _layer_encoding(spec, inner)
    else:
        inner = spec.get("spec", spec)  # a FacetChart keeps mark and encoding one level down
        encoding = dict(inner.get("encoding", {}))
        encoding.update({k: v for k, v in spec.get("encoding", {}).items()})
        if "facet" in spec:
            encoding["facet"] = spec["facet"]
    mark_type = _mark_type(inner)
    if mark_type is None:
        raise Mismatch("The chart has no mark yet: add .mark_bar() or .mark_point().")
    if mark_type not in _POINTLIKE | {"bar"}:
        raise Mismatch(f"The chart uses mark '{mark_type}'. Scores for categories read best as bars "
                       "(.mark_bar()) or dots (.mark_point()).")
    x, y = _field(encoding, "x"), _field(encoding, "y")
    fields = {x, y}
    if {NATO, RC} & fields:
        raise Mismatch("The chart uses the wide table's NATO / Russia-China columns. Chart the long table "
                       "`rubric` (one row per dimension and partnership), so score and partnership are columns.")
    if "dimension" not in fields:
        raise Mismatch("Put dimension on one axis (x or y).")
    score_channel = "y" if x == "dimension" else "x"
    score = encoding.get(score_channel, {})
    if score.get("field") != "score":
        raise Mismatch(f"The other axis shows {score.get('field') or score.get('aggregate') or 'nothing'}; "
                       "it should show the score column.")
    if score.get("aggregate") in ("sum", "count"):
        raise Mismatch("The score axis is summed; plot each score as it is (\"score:Q\") so a bar or dot is one score.")
    separated = [c for c in _SEPARATORS if isinstance(encoding.get(c), dict)
                 and (encoding[c].get("field") == "partnership"
                      or (c == "facet" and "partnership" in str(encoding[c])))]
    if not separated:
        raise Mismatch("NATO and Russia-China land in the same place and cannot be told apart. "
                       "Encode partnership: color=\"partnership:N\".")
    offset = "xOffset" if score_channel == "y" else "yOffset"
    if mark_type == "bar" and not set(separated) & {offset, "row", "column", "facet"} \
            and score.get("stack", "zero") is not None:
        raise Mismatch(f"The bars are stacked, so each bar's length is NATO's and Russia-China's scores added "
                       f"together. Put them side by side with {offset}=\"partnership:N\", or use .mark_point().")
    missing = [c for c in untitled_channels(spec) if c not in ("x2", "y2")]  # x2/y2 share x/y's axis
    if missing:
        raise Mismatch(f"Give the {' and '.join(missing)} axis a title; the score axis should name the unit, "
                       "e.g. title=\"Score (0-4, course authors' judgement)\".")
    score_title = _axis_title(encoding, score_channel)
    if score_title and not _SCALE_WORDS.search(score_title):
        raise Mismatch(f"The score axis title {score_title!r} does not say what the scale is. Name it in the "
                       "title, e.g. title=\"Score (0-4, course authors' judgement)\" or \"Score (0 = none, "
                       "4 = fully integrated)\".")
    if not chart_title(spec):
        raise Mismatch("Add a title that says what the chart shows, e.g. .properties(title=\"Integration by "
                       "dimension: NATO and Russia-China\").")
    return checks.passed("Right: a titled chart of each dimension's score, NATO and Russia-China told apart.")


_ELEMENTS = ("diplomatic_cover", "secure_rear", "simultaneous_opportunism", "technology_transfer")


def _expected_basis_table() -> pd.DataFrame:
    """Element × basis counts of alignment_evidence, counted with a loop (an independent route from crosstab)."""
    counts: dict[str, dict[str, int]] = {}
    frame = load("alignment_evidence")
    bases = sorted(set(frame["basis"]))
    for row in frame.itertuples(index=False):
        cell = counts.setdefault(str(row.element), dict.fromkeys(bases, 0))
        cell[str(row.basis)] += 1
    return pd.DataFrame.from_dict(counts, orient="index").sort_index()[bases]


@checker
def check_basis_table(answer: Any) -> CheckResult:
    """Task 4: a cross-tabulation of alignment_evidence, one row per element, one column per basis, counts."""
    if isinstance(answer, pd.Series):
        names = set(map(str, answer.index.get_level_values(-1)))
        if isinstance(answer.index, pd.MultiIndex):
            advice = ("It has one count per (element, basis) pair, as groupby([\"element\", \"basis\"]).size() "
                      "gives; spread the bases into columns with .unstack(fill_value=0), or use "
                      "pd.crosstab(alignment[\"element\"], alignment[\"basis\"]).")
        elif names <= set(_expected_basis_table().columns) or names <= {"for", "against", "mixed"}:
            advice = ("It counts the items of one column over all elements, as value_counts() does; the task wants "
                      "the counts per element too: pd.crosstab(alignment[\"element\"], alignment[\"basis\"]).")
        else:
            advice = "Use pd.crosstab(alignment[\"element\"], alignment[\"basis\"]) to count every pair."
        raise Mismatch(f"by_basis is a Series (a single column of numbers), not a table. {advice}")
    frame = checks.require_frame(answer, "by_basis")
    expected = _expected_basis_table()
    bases = list(expected.columns)
    if isinstance(frame.columns, pd.MultiIndex):
        raise Mismatch("by_basis has two-level column names. Use pd.crosstab(alignment[\"element\"], "
                       "alignment[\"basis\"]), which counts without a values column.")
    frame = frame.copy()
    frame.index = frame.index.astype(str)
    frame.columns = frame.columns.astype(str)
    if "All" in frame.index or "All" in frame.columns:
        raise Mismatch("by_basis has an 'All' row or column (margins=True). Leave the totals out: the task asks "
                       "for the counts per element and basis only.")
    if set(_ELEMENTS) & set(frame.columns) and set(bases) & set(frame.index):
        raise Mismatch("Rows and columns are swapped: the bases are rows. Put element first: "
                       "pd.crosstab(alignment[\"element\"], alignment[\"basis\"]) (or add .T).")
    if {"for", "against", "mixed"} & set(frame.columns):
        raise Mismatch("The columns are for / against / mixed: that is the 'bears' column. This task asks what "
                       "each item rests on: cross-tabulate element with 'basis'.")
    if "element" in frame.columns:
        raise Mismatch("by_basis still has an element column: the elements should be the row labels. "
                       "Use pd.crosstab(alignment[\"element\"], alignment[\"basis\"]).")
    missing_cols = [b for b in bases if b not in frame.columns]
    if missing_cols:
        raise Mismatch(f"by_basis has no {missing_cols[0]!r} column; it needs one column per basis: {bases}.")
    missing_rows = [e for e in expected.index if e not in frame.index]
    if missing_rows:
        raise Mismatch(f"Element {missing_rows[0]!r} is missing from the rows of by_basis. Did a filter drop rows? "
                       f"Count all {int(expected.to_numpy().sum())} items.")
    given = frame.loc[expected.index, bases].apply(pd.to_numeric, errors="coerce")
    if given.isna().any().any():
        raise Mismatch("Some cells are empty or not numbers; fill missing pairs with 0 (crosstab does this itself).")
    if (given.to_numpy() <= 1).all() and abs(given.to_numpy().sum() - 1) < 1e-6 or \
            ((given.sum(axis=1) - 1).abs() < 1e-6).all():
        raise Mismatch("The cells are shares, not counts (normalize=...). Leave normalize out so each cell counts items.")
    if not (given.astype(float) == expected.astype(float)).all().all():
        wrong = (given.astype(float) != expected.astype(float)).stack().idxmax()
        raise Mismatch(f"The count for {wrong[0]!r} and {wrong[1]!r} is {given.loc[wrong]:g}; it should be the "
                       "number of alignment_evidence rows with that element and that basis.")
    leaky = expected["leak"].idxmax() if "leak" in expected.columns else None
    return checks.passed(f"Right: {int(expected.to_numpy().sum())} items. The element that rests most on leaks is "
                         f"{leaky!r} ({int(expected.loc[leaky, 'leak'])} of {int(expected.loc[leaky].sum())} items).")
