"""The scorecard maths (weights, gaps, rescoring) and its explorer widget."""
from __future__ import annotations

import math

import pandas as pd
import pytest

from coursekit.explorers import scorecard
from coursekit.data import describe, load

RUBRIC = load("interoperability_rubric")


def toy(rows: list[tuple[str, str, int]]) -> pd.DataFrame:
    """A hand-made rubric whose right answers can be worked out on paper."""
    return pd.DataFrame(rows, columns=["dimension", "partnership", "score"])


# Two dimensions: on "a" NATO 4 vs 0 (gap 4), on "b" NATO 2 vs 1 (gap 1).
TOY = toy([("a", "NATO", 4), ("a", "Russia-China", 0), ("b", "NATO", 2), ("b", "Russia-China", 1)])


def test_score_table_has_one_row_per_dimension_in_rubric_order():
    table = scorecard.score_table(RUBRIC)
    assert list(table.index) == list(dict.fromkeys(RUBRIC["dimension"]))
    assert list(table.columns) == ["NATO", "Russia-China"]
    row = RUBRIC[(RUBRIC["dimension"] == "command") & (RUBRIC["partnership"] == "Russia-China")]
    assert table.loc["command", "Russia-China"] == row["score"].iloc[0]


def test_score_table_refuses_a_dimension_scored_for_one_side_only():
    with pytest.raises(ValueError, match="'c' is not scored for every partnership"):
        scorecard.score_table(pd.concat([TOY, toy([("c", "NATO", 3)])]))


def test_weighted_average_worked_on_paper():
    result = scorecard.weighted_scores(TOY, {"a": 1, "b": 3})
    assert result.ok
    assert result.scores["NATO"] == pytest.approx((4 * 1 + 2 * 3) / 4)
    assert result.scores["Russia-China"] == pytest.approx((0 * 1 + 1 * 3) / 4)
    assert result.gap == pytest.approx(7 / 4)
    assert "NATO leads by 1.75 points" in result.message


def test_equal_weights_on_the_course_rubric_equal_the_plain_mean():
    result = scorecard.weighted_scores(RUBRIC, {d: 2 for d in RUBRIC["dimension"].unique()})
    means = RUBRIC.groupby("partnership")["score"].mean()
    assert result.scores["NATO"] == pytest.approx(means["NATO"])
    assert result.scores["Russia-China"] == pytest.approx(means["Russia-China"])


def test_missing_dimensions_count_zero():
    assert scorecard.weighted_scores(TOY, {"b": 1}).scores == {"NATO": 2.0, "Russia-China": 1.0}


@pytest.mark.parametrize("weights", [{}, {"a": 0, "b": 0}, {"a": 0.0}])
def test_all_zero_weights_give_a_friendly_message_not_a_division_by_zero(weights):
    result = scorecard.weighted_scores(TOY, weights)
    assert result.ok is False and result.gap is None
    assert "All weights are zero" in result.message


@pytest.mark.parametrize("weights, advice", [
    ({"a": -1, "b": 1}, "cannot be negative"),
    ({"a": 1, "zz": 1}, "Unknown dimension 'zz'"),
    ({"a": "2"}, "must be an ordinary number"),
    ({"a": math.nan}, "must be an ordinary number"),
    ({"a": True}, "must be an ordinary number"),
    ([1, 2], "as a dictionary"),
])
def test_bad_weights_are_rejected_with_advice(weights, advice):
    result = scorecard.weighted_scores(TOY, weights)
    assert result.ok is False and advice in result.message, result.message


def test_shifts_rescore_a_side_and_stay_on_the_scale():
    shifted = scorecard.weighted_scores(TOY, {"a": 1, "b": 1}, {"NATO": 1, "Russia-China": -1})
    # NATO 4 stays 4 (top of the scale), 2 becomes 3; Russia-China 0 stays 0, 1 becomes 0.
    assert shifted.scores == {"NATO": 3.5, "Russia-China": 0.0}


@pytest.mark.parametrize("shifts, advice", [({"Nato": 1}, "Unknown partnership"), ({"NATO": 0.5}, "whole points")])
def test_bad_shifts_are_rejected(shifts, advice):
    result = scorecard.weighted_scores(TOY, {"a": 1}, shifts)
    assert result.ok is False and advice in result.message


def test_no_weighting_beats_the_smallest_single_dimension_gap():
    dimensions, smallest = scorecard.smallest_possible_gap(TOY)
    assert (dimensions, smallest) == (["b"], 1.0)
    for weights in ({"a": 1, "b": 1}, {"a": 0.01, "b": 100}, {"b": 5}):
        assert scorecard.weighted_scores(TOY, weights).gap >= smallest - 1e-12
    real_dims, real_smallest = scorecard.smallest_possible_gap(RUBRIC)
    gaps = scorecard.gap_by_dimension(RUBRIC)
    assert real_smallest == gaps.min() and set(real_dims) == set(gaps[gaps == gaps.min()].index)


def test_scale_comes_from_the_data_schema():
    field = next(f for f in describe("interoperability_rubric").fields if f["name"] == "score")
    assert scorecard.scale_bounds() == (field["constraints"]["minimum"], field["constraints"]["maximum"])


def test_labels_are_plain_words():
    assert scorecard.label("basing_access") == "Basing and access"
    assert scorecard.label("new_thing") == "New thing"
    assert set(scorecard.ARTICLE_DIMENSIONS) <= set(RUBRIC["dimension"])


# --------------------------------------------------------------------------- widget
def test_explorer_updates_when_a_slider_moves():
    scorecard.scorecard_explorer(TOY, key="test-move")
    view = scorecard.current_scorecard("test-move")
    assert "NATO 3.00" in view.result.value
    view.sliders["a"].value = 0
    assert "NATO 2.00" in view.result.value and "Russia-China 1.00" in view.result.value
    view.sliders["b"].value = 0
    assert "All weights are zero" in view.result.value
    view.close()


def test_presets_and_rescoring():
    scorecard.scorecard_explorer(RUBRIC, key="test-presets")
    view = scorecard.current_scorecard("test-presets")
    view.buttons["article"].click()
    assert {d for d, s in view.sliders.items() if s.value} == set(scorecard.ARTICLE_DIMENSIONS)
    view.shifts["Russia-China"].value = 1
    assert view.current().scores["Russia-China"] > scorecard.weighted_scores(
        RUBRIC, {d: 1 for d in scorecard.ARTICLE_DIMENSIONS}).scores["Russia-China"]
    view.buttons["reset"].click()
    assert all(s.value == 1 for s in view.sliders.values()) and view.shifts["Russia-China"].value == 0
    view.close()


def test_rerunning_the_cell_does_not_pile_up_handlers_and_keeps_the_setting():
    scorecard.scorecard_explorer(TOY, key="test-rerun")
    first = scorecard.current_scorecard("test-rerun")
    first.sliders["a"].value = 3
    scorecard.scorecard_explorer(TOY, key="test-rerun")
    second = scorecard.current_scorecard("test-rerun")
    assert second is not first and second.sliders["a"].value == 3
    notifiers = second.sliders["a"]._trait_notifiers["value"]["change"]
    assert notifiers.count(second.update) == 1
    assert first.update not in first.sliders["a"]._trait_notifiers.get("value", {}).get("change", [])
    assert not first.buttons["equal"]._click_handlers.callbacks
    assert first.widget.comm is None  # closed: the old copy on the page stops responding
    second.close()


# --------------------------------------------------------------------------- the floor and the wording
@pytest.mark.parametrize("value, digits, text", [(1, None, "1 point"), (2, None, "2 points"),
                                                 (1.0, 2, "1.00 point"), (0.5, 2, "0.50 points"),
                                                 (0, None, "0 points")])
def test_points_is_singular_only_for_one(value, digits, text):
    assert scorecard.points(value, digits) == text


def test_a_one_point_lead_is_singular():
    result = scorecard.weighted_scores(TOY, {"b": 1})  # NATO 2 vs Russia-China 1
    assert "NATO leads by 1.00 point;" in result.message or result.message.endswith("1.00 point.")


def test_floor_sentence_covers_positive_zero_and_negative_floors():
    positive = scorecard.floor_sentence(["b"], 1.0)
    assert "no weighting can bring the gap below 1 point:" in positive and "(b)" in positive
    # NATO -1 and Russia-China +1 on the course rubric: some dimensions tie, so a weighting closes the gap.
    dims, zero = scorecard.smallest_possible_gap(RUBRIC, {"NATO": -1, "Russia-China": 1})
    assert zero == 0
    closed = scorecard.floor_sentence(dims, zero)
    assert "can close the gap" in closed and "cannot" not in closed
    weights = {d: int(d == dims[0]) for d in RUBRIC["dimension"].unique()}
    tied = scorecard.weighted_scores(RUBRIC, weights, {"NATO": -1, "Russia-China": 1})
    assert tied.gap == 0 and "the gap is closed" in tied.message
    reversed_ = scorecard.floor_sentence(["a"], -2.0)
    assert "can reverse the gap" in reversed_ and "by 2 points on a" in reversed_


def test_floor_names_every_dimension_that_has_it():
    dims, smallest = scorecard.smallest_possible_gap(RUBRIC)
    text = scorecard.floor_sentence(dims, smallest)
    assert all(scorecard.label(d).lower() in text for d in dims)


def test_floor_is_hidden_until_the_learner_asks():
    scorecard.scorecard_explorer(RUBRIC, key="test-reveal")
    view = scorecard.current_scorecard("test-reveal")
    assert "no weighting can" not in view.result.value
    view.buttons["article"].click()
    view.sliders["command"].value = 3
    assert "no weighting can" not in view.result.value
    view.buttons["reveal"].click()
    assert "no weighting can bring the gap below" in view.result.value
    view.shifts["NATO"].value = -1
    view.shifts["Russia-China"].value = 1
    assert "can close the gap" in view.result.value and "below 0" not in view.result.value
    scorecard.scorecard_explorer(RUBRIC, key="test-reveal")  # a re-run keeps it revealed
    again = scorecard.current_scorecard("test-reveal")
    assert again.revealed and "can close the gap" in again.result.value
    again.close()


# --------------------------------------------------------------------------- evidence reader
def test_evidence_html_shows_both_sides_as_escaped_paragraphs():
    frame = pd.DataFrame([
        ("a", "NATO", 4, "x < y", "none", None, "s1"),
        ("a", "Russia-China", 1, "ad hoc", "drills", "could be 2", "s2;s3"),
        ("b", "NATO", 2, "other", "", None, "s4"),
    ], columns=["dimension", "partnership", "score", "evidence", "counter_evidence", "note", "source_id"])
    text = scorecard.evidence_html(frame, "a")
    assert "NATO: score 4" in text and "Russia-China: score 1" in text
    assert "x &lt; y" in text and "could be 2" in text and "s2; s3" in text
    assert "other" not in text  # only the chosen dimension
    assert text.count("<b>Note:</b>") == 1  # an empty note is left out, not shown as "None"
    assert "text-align:left" in text
    assert "No rubric rows" in scorecard.evidence_html(frame, "zzz")


def test_evidence_explorer_follows_the_dropdown_and_keeps_it_on_rerun():
    scorecard.evidence_explorer(RUBRIC, initial="logistics", key="test-evidence")
    view = scorecard.current_evidence_view("test-evidence")
    first = RUBRIC[RUBRIC["dimension"] == "logistics"]["evidence"].iloc[0]
    assert first[:30] in view.text.value.replace("&#x27;", "'").replace("&quot;", '"')
    view.picker.value = "basing_access"
    basing = RUBRIC[RUBRIC["dimension"] == "basing_access"]["evidence"].iloc[0]
    shown = view.text.value.replace("&#x27;", "'").replace("&quot;", '"')
    assert basing[:30] in shown and first[:30] not in shown
    scorecard.evidence_explorer(RUBRIC, key="test-evidence")
    again = scorecard.current_evidence_view("test-evidence")
    assert again is not view and again.picker.value == "basing_access"
    again.close()


def test_source_mix_counts_each_source_once_per_partnership_and_groups_state_links():
    rubric = pd.DataFrame({"dimension": ["a", "b", "a"], "partnership": ["NATO", "NATO", "Russia-China"],
                           "score": [4, 3, 1], "source_id": ["s1;s2", "s1;s3", "s4;s5"]})
    sources = pd.DataFrame({"kind": ["primary", "secondary", "secondary", "secondary", "analysis"],
                            "state_link": [None, "NATO: official", "Germany: public", "China: owned", None],
                            "note": ["", "", "", "", "State media: x"]},
                           index=pd.Index(["s1", "s2", "s3", "s4", "s5"], name="source_id"))
    mix = scorecard.source_mix(rubric, sources)
    assert list(mix.columns) == ["primary", "secondary", "state-linked", "analysis"]
    assert mix.loc["NATO"].tolist() == [1, 1, 1, 0]  # s1 once; public stays secondary; official is state-linked
    assert mix.loc["Russia-China"].tolist() == [0, 0, 2, 0]  # owned, and a 'state media' note
