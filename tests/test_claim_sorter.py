"""The claim sorter grades like the quiz: a plain function, with a thin widget that wires clicks to it."""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit import claim_sorter as cs

CLAIMS = pd.DataFrame({
    "claim_id": ["X1", "X2", "X3"],
    "claim": ["The article says A happened.", "The article calls B cynical.", "The article urges C."],
    "claim_type": ["empirical", "value_judgement", "prescription"],
    "note": ["", "Evaluative label.", pd.NA],
}).astype({"note": "string"})
ITEMS = cs.items_from_claims(CLAIMS, ["X1", "X2", "X3"])


@pytest.fixture(autouse=True)
def no_live_sorters():
    """Each test starts as a fresh kernel would: no sorter shown yet."""
    cs._LIVE.clear()
    yield
    cs._LIVE.clear()


def test_items_keep_order_type_and_note():
    items = cs.items_from_claims(CLAIMS, ["X3", "X1"])
    assert [i.claim_id for i in items] == ["X3", "X1"]
    assert items[0].claim_type == "prescription" and items[0].note == ""
    assert ITEMS[1].note == "Evaluative label."


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


def test_wrong_pick_names_the_course_typing_and_the_note():
    result = cs.grade_sort(ITEMS, {"X1": "empirical", "X2": "forecast"})
    assert result.status == "partial" and (result.right, result.answered) == (1, 2)
    assert "X2: you chose forecast; the course team typed it as value judgement" in result.message
    assert "Note on X2: Evaluative label." in result.message
    assert "X3: not sorted yet." in result.message


def test_all_wrong_is_incorrect():
    result = cs.grade_sort(ITEMS, {"X1": "forecast"})
    assert result.status == "incorrect" and result.right == 0


@pytest.mark.parametrize("choices", [["empirical"], "empirical", None])
def test_odd_choices_never_raise(choices):
    assert cs.grade_sort(ITEMS, choices).status == "invalid"


def test_unknown_type_is_named():
    result = cs.grade_sort(ITEMS, {"X1": "opinion"})
    assert result.status == "invalid" and "opinion is not a claim type" in result.message


def test_every_claim_type_has_a_label_and_a_reason():
    assert set(cs.CLAIM_TYPES) == set(cs.WHAT_MARKS_IT)


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
