"""Competing-hypotheses scoring (Heuer): only inconsistencies count, ties stay ties, sensitivity finds the
items that decide the result, and bad ratings are sentences, not errors."""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit.synthesis import hypotheses as ach

H = ["H1", "H2", "H3", "H4"]


def rated(**items: str) -> dict[str, dict[str, str]]:
    """``rated(E1="ICNC")``: one letter per hypothesis, H1..H4."""
    return {item: dict(zip(H, letters)) for item, letters in items.items()}


def test_the_least_evidence_against_leads_not_the_most_for():
    # H1 has three consistent items and one inconsistent; H2 none consistent and none inconsistent.
    ratings = rated(E1="CNCC", E2="CNCC", E3="CNCC", E4="INCC")
    result = ach.ranking(ratings, {}, H)
    assert result.scores == {"H1": 1.0, "H2": 0.0, "H3": 0.0, "H4": 0.0}
    assert result.leaders == ("H2", "H3", "H4") and result.order[-1] == "H1"


def test_one_inconsistent_item_decides():
    result = ach.ranking(rated(E1="CCCC", E2="CCCI"), {}, H)
    assert result.leaders == ("H1", "H2", "H3") and result.order[-1] == "H4"
    assert ach.ranking(rated(E1="IIIC"), {}, H).leaders == ("H4",)


def test_ties_share_a_rank_and_are_explained_as_a_tie():
    ratings = rated(E1="ICCI", E2="CIIC")
    table = ach.scores(ratings, {}, H)
    assert list(table["rank"]) == [1, 1, 1, 1] and list(table["inconsistent"]) == [1, 1, 1, 1]
    assert "tie with the least evidence against them" in ach.explain(ratings, {})[0]


def test_all_neutral_ties_everything_and_nothing_is_diagnostic():
    ratings = rated(E1="NNNN", E2="CCCC")
    assert ach.ranking(ratings, {}, H).leaders == tuple(H)
    assert ach.diagnostic_items(ratings) == [] and ach.not_diagnostic(ratings) == ["E1", "E2"]
    assert any("do not help choose" in line for line in ach.explain(ratings, {}))


def test_credibility_weights_make_a_doubtful_item_count_less():
    ratings = rated(E1="ICCC", E2="CICC", E3="CCIC")
    weights = {"E1": 1.0, "E2": 0.5, "E3": 0.75}
    table = ach.scores(ratings, weights, H)
    assert list(table["hypothesis_id"]) == ["H4", "H2", "H3", "H1"]
    assert list(table["weighted"]) == [0.0, 0.5, 0.75, 1.0] and list(table["rank"]) == [1, 2, 3, 4]
    evidence = pd.DataFrame({"item_id": ["E1", "E2", "E3", "E4"], "credibility": ["high", "medium", "low", "??"]})
    assert ach.credibility_weights(evidence) == {"E1": 1.0, "E2": 0.75, "E3": 0.5, "E4": 1.0}


def test_an_item_missing_from_the_weights_counts_in_full():
    assert ach.ranking(rated(E9="ICCC"), {"E1": 0.5}, H).scores["H1"] == 1.0


def test_sensitivity_names_the_items_whose_change_moves_the_lead():
    ratings = rated(E1="CIII", E2="CCII", E3="NNNN")
    assert ach.ranking(ratings, {}, H).leaders == ("H1",)
    table = ach.sensitivity(ratings, {})
    assert list(table.columns) == ["item_id", "change", "new_leader"]
    changes = set(zip(table["item_id"], table["change"], table["new_leader"]))
    assert ("E1", "drop E1 (if it is wrong)", "H1 = H2") in changes
    assert ("E1", "H2 rated consistent instead of inconsistent", "H1 = H2") in changes
    assert ("E3", "H1 rated inconsistent instead of neutral", "H2") not in changes  # H1 1, H2 1: a tie
    assert ("E3", "H1 rated inconsistent instead of neutral", "H1 = H2") in changes
    assert not table["change"].str.contains("\u2192").any()  # no arrows: plain words


def test_a_robust_result_has_no_sensitive_items():
    ratings = rated(E1="CIII", E2="CIII", E3="CIII")
    assert ach.sensitivity(ratings, {}).empty


@pytest.mark.parametrize("ratings, problem", [
    ({}, "Rate at least one evidence item"),
    (None, "Rate at least one evidence item"),
    ({"E1": {"H9": "C"}}, "'H9' is not one of the hypotheses"),
    ({"E1": {"H1": "X"}}, "'X' is not a rating; use C (consistent), I (inconsistent) or N (neutral)"),
    ({"E1": {}}, "give a rating for each hypothesis"),
    ({"E1": "CCCC"}, "give a rating for each hypothesis"),
])
def test_bad_ratings_are_sentences_and_score_nothing(ratings, problem):
    assert any(problem in line for line in ach.check_ratings(ratings, H))
    result = ach.ranking(ratings, {}, H)
    assert not result.ok and result.leaders == ()
    assert ach.scores(ratings, {}, H).empty and list(ach.scores(ratings, {}, H).columns) == [
        "hypothesis_id", "inconsistent", "weighted", "rank"]
    assert ach.sensitivity(ratings, {}).empty
    assert ach.explain(ratings, {})  # a sentence, never an exception


def test_course_ratings_and_compare_read_the_stored_matrix():
    evidence = pd.DataFrame({"item_id": ["E1", "E2"], "credibility": ["high", "low"], "H1": ["C", "i"],
                             "H2": ["I", "N"], "H3": ["N", "N"], "H4": ["C", "C"]})
    course = ach.course_ratings(evidence)
    assert course == {"E1": {"H1": "C", "H2": "I", "H3": "N", "H4": "C"},
                      "E2": {"H1": "I", "H2": "N", "H3": "N", "H4": "C"}}
    compared = ach.compare({"E1": {"H1": "I", "H2": "I"}}, course)
    assert compared[["hypothesis_id", "yours", "course", "same"]].values.tolist() == [
        ["H1", "I", "C", False], ["H2", "I", "I", True]]


def test_saved_ratings_keep_only_ratings():
    record = {"lessons": {ach.LESSON: {"hypotheses": {"E1": {"H1": "C", "H2": "Z", "saved": "t"}, "E2": "junk"}}}}
    assert ach.saved_ratings(record) == {"E1": {"H1": "C"}}
    assert ach.saved_ratings({}) == {} and ach.saved_ratings({"lessons": {ach.LESSON: {"hypotheses": []}}}) == {}


def test_challenges_count_the_fewest_changes_that_bring_each_rival_level():
    ratings = rated(E1="CIII", E2="CIII", E3="CCII", E4="CCCI")  # H1 0, H2 2, H3 3, H4 4
    assert ach.sensitivity(ratings, {}).empty  # no single change moves a lead of 2
    table = ach.challenges(ratings, {}).set_index("hypothesis_id")
    assert table.loc["H2", "margin"] == 2 and table.loc["H2", "changes_needed"] == 2
    assert table.loc["H2", "changes"] == ("E1: H2 rated consistent instead of inconsistent; "
                                          "E2: H2 rated consistent instead of inconsistent")
    assert table.loc["H4", "changes_needed"] == 4
    assert "it would take at least 2 changes to bring H2 level" in " ".join(ach.explain(ratings, {}))


def test_heavier_items_close_the_gap_first_and_ties_have_no_challenges():
    ratings = rated(E1="CIII", E2="CIII", E3="CIII")  # H1 leads by 2.5 with these weights
    table = ach.challenges(ratings, {"E1": 0.5, "E2": 1.0, "E3": 1.0})
    h2 = table.set_index("hypothesis_id").loc["H2"]
    assert h2["margin"] == 2.5 and h2["changes_needed"] == 3 and h2["changes"].startswith("E2: H2 rated consistent instead of inconsistent; E3: H2 rated consistent")
    assert ach.challenges(rated(E1="ICCI"), {}).empty and ach.challenges({}, {}).empty


def test_sensitivity_by_item_folds_the_changes_into_one_line_per_item():
    ratings = rated(E1="CIII", E2="CCII", E3="NNNN")
    folded = ach.sensitivity_by_item(ach.sensitivity(ratings, {}))
    line = folded.set_index("item_id").loc["E1", "changes"]
    assert line == ("If the item were dropped (if it is wrong), H1 and H2 would tie. "
                    "If H1 were rated inconsistent instead of consistent, H1 and H2 would tie. "
                    "If H2 were rated consistent instead of inconsistent, H1 and H2 would tie.")
    assert ach.change_sentence("H3 rated consistent instead of unrated", "H3") == \
        "If H3 were rated consistent instead of unrated, H3 would lead."
    assert list(ach.sensitivity_by_item(ach.sensitivity({}, {})).columns) == ["item_id", "changes"]


def test_sensitivity_grouped_lists_the_items_that_make_the_same_change_in_one_line():
    """Round 3: cell 29 printed eleven identical sentences, one per item; one line now names them all."""
    ratings = rated(E1="CIII", E2="CCII", E3="NNNN")
    table = ach.sensitivity(ratings, {})
    lines = ach.sensitivity_grouped(table)
    assert len(lines) == len(set(lines)) < len(table)  # fewer lines than changes, none repeated
    assert all(line.startswith("If ") and line.endswith(".") for line in lines)
    same = table[~table["change"].str.startswith("drop ")].groupby(["change", "new_leader"])["item_id"].apply(list)
    for (change, _), items in same.items():
        if len(items) > 1:
            assert any(f"any one of {', '.join(items)} were rated" in line for line in lines), lines
    fake = pd.DataFrame({"item_id": ["E01", "E02", "E15", "E15"],
                         "change": ["H2 rated inconsistent instead of consistent"] * 2 + ["drop E15 (if it is wrong)",
                                    "H3 rated consistent instead of inconsistent"],
                         "new_leader": ["H2 = H3"] * 4})
    assert ach.sensitivity_grouped(fake) == [
        "If any one of E01, E02 were rated inconsistent for H2 (instead of consistent), H2 and H3 would tie.",
        "If E15 were dropped (if it is wrong), H2 and H3 would tie.",
        "If E15 were rated consistent for H3 (instead of inconsistent), H2 and H3 would tie."]
    assert ach.sensitivity_grouped(ach.sensitivity({}, {})) == []
