"""The claim sorter grades like the quiz: a plain function, with a thin widget that wires clicks to it."""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit.explorers import claim_sorter as cs

CLAIMS = pd.DataFrame({
    "claim_id": ["X1", "X2", "X3"],
    "proposition": ["A happened.", "B is cynical.", "Someone should do C."],
    "claim": ["The article says A happened.", "The article calls B cynical.", "The article urges C."],
    "claim_type": ["empirical", "value_judgement", "prescription"],
    "note": ["", "Evaluative label.", pd.NA],
}).astype({"note": "string"})
REASONS = {"X2": "B is graded, not measured."}
ITEMS = cs.items_from_claims(CLAIMS, ["X1", "X2", "X3"], REASONS)


@pytest.fixture(autouse=True)
def no_live_sorters():
    """Each test starts as a fresh kernel would: no sorter shown yet."""
    cs._LIVE.clear()
    yield
    cs._LIVE.clear()


def test_items_keep_order_type_and_reason():
    items = cs.items_from_claims(CLAIMS, ["X3", "X1"], REASONS)
    assert [i.claim_id for i in items] == ["X3", "X1"]
    assert items[0].claim_type == "prescription" and items[0].why == ""
    assert ITEMS[1].why == "B is graded, not measured."


def test_data_notes_are_not_shown_as_feedback():
    """The claims data set's notes are written for analysts; feedback uses rules of thumb instead."""
    result = cs.grade_sort(ITEMS, {"X2": "forecast"})
    assert "Evaluative label." not in result.message


def test_unknown_claim_or_type_is_a_sentence():
    with pytest.raises(cs.ClaimSorterError, match="no claim X9"):
        cs.items_from_claims(CLAIMS, ["X1", "X9"])
    odd = CLAIMS.assign(claim_type=["empirical", "opinion", "prescription"])
    with pytest.raises(cs.ClaimSorterError, match="type 'opinion'"):
        cs.items_from_claims(odd, ["X2"])


@pytest.mark.parametrize("choices", [{}, {"X1": None, "X2": ""}, {"Y7": "forecast"}])
def test_nothing_chosen_is_a_gentle_prompt(choices):
    result = cs.grade_sort(ITEMS, choices)
    assert result.status == "empty" and result.message == cs.EMPTY_MESSAGE


def test_all_right():
    result = cs.grade_sort(ITEMS, {"X1": "empirical", "X2": "value_judgement", "X3": "prescription"})
    assert result.correct and result.right == 3 and result.answered == 3
    assert result.message.startswith("3 of 3 claims sorted")
    assert "Yes: it evaluates" in result.message


def test_wrong_pick_names_the_course_typing_the_rule_and_the_reason():
    result = cs.grade_sort(ITEMS, {"X1": "empirical", "X2": "forecast"})
    assert result.status == "partial" and (result.right, result.answered) == (1, 2)
    assert "X2: you chose forecast; the course team typed it as value judgement" in result.message
    assert "no measurement could settle it" in result.message, "the rule of thumb for the right type"
    assert cs.WHY_NOT["forecast"] in result.message, "why the chosen type does not fit"
    assert "Why: B is graded, not measured." in result.message
    assert "X3: not sorted yet." in result.message


def test_empirical_pick_for_a_judgement_says_what_would_settle_it():
    """The learner review: C02 typed as empirical got a note that did not say why it is not empirical."""
    result = cs.grade_sort(ITEMS, {"X2": "empirical"})
    assert "Why not empirical: ask which observation would settle it" in result.message


def test_reason_is_shown_when_right_too():
    result = cs.grade_sort(ITEMS, {"X2": "value_judgement"})
    assert result.right == 1 and "Why: B is graded, not measured." in result.message


def test_all_wrong_is_incorrect():
    result = cs.grade_sort(ITEMS, {"X1": "forecast"})
    assert result.status == "incorrect" and result.right == 0


@pytest.mark.parametrize("choices", [["empirical"], "empirical", None])
def test_odd_choices_never_raise(choices):
    assert cs.grade_sort(ITEMS, choices).status == "invalid"


def test_unknown_type_is_named():
    result = cs.grade_sort(ITEMS, {"X1": "opinion"})
    assert result.status == "invalid" and "opinion is not a claim type" in result.message


def test_every_claim_type_has_a_label_a_rule_and_a_why_not():
    assert set(cs.CLAIM_TYPES) == set(cs.WHAT_MARKS_IT) == set(cs.WHY_NOT)


def test_widget_check_gives_feedback():
    cs.show_claim_sorter(["X1", "X2"], key="t", claims=CLAIMS)
    view = cs.current_sorter("t")
    view.check_button.click()
    assert "Pick a type for at least one claim" in view.feedback.value
    view.menus["X1"].value = "empirical"
    view.menus["X2"].value = "prescription"
    view.check_button.click()
    assert "1 of 2 claims sorted" in view.feedback.value and "you chose prescription" in view.feedback.value


def test_rerunning_the_cell_keeps_picks_and_no_stale_handlers():
    cs.show_claim_sorter(["X1", "X2"], key="t", claims=CLAIMS)
    first = cs.current_sorter("t")
    first.menus["X2"].value = "value_judgement"
    cs.show_claim_sorter(["X1", "X2"], key="t", claims=CLAIMS)
    second = cs.current_sorter("t")
    assert first is not second and second.menus["X2"].value == "value_judgement"
    assert len(second.check_button._click_handlers.callbacks) == 1
    assert len(first.check_button._click_handlers.callbacks) == 0
    assert first.widget.comm is None  # closed: the old copy on the page stops responding


def test_bad_claim_id_shows_a_message_not_a_traceback():
    shown = cs.show_claim_sorter(["X9"], key="t", claims=CLAIMS)
    assert "could not be built" in shown.value and cs.current_sorter("t") is None


def test_course_claims_load():
    """The sorter works on the real claims data set (every type is known)."""
    from coursekit.data import load

    claims = load("claims")
    items = cs.items_from_claims(claims, claims["claim_id"].tolist())
    assert {i.claim_type for i in items} <= set(cs.CLAIM_TYPES)
    assert set(cs.WHY_THIS_TYPE) <= set(claims["claim_id"]), "every reason belongs to a real claim"
    assert next(i for i in items if i.claim_id == "C02").why == cs.WHY_THIS_TYPE["C02"]
