"""The allocation model: inputs checked with friendly messages, coverage monotone with diminishing returns,
presets sum to the budget, and the hypotheses preset follows the learner's result."""
from __future__ import annotations

import itertools

import pandas as pd
import pytest

from coursekit.synthesis import allocation as model

LIKELY = {s: 50 for s in model.SCENARIOS}
MODEL = model.load_model()


def split(conventional=25, supply_chain=25, info_cyber=25, infrastructure=25):
    return {"conventional": conventional, "supply_chain": supply_chain, "info_cyber": info_cyber,
            "infrastructure": infrastructure}


def test_the_course_model_is_complete_and_every_preset_sums_to_the_budget():
    assert set(MODEL.effectiveness) == set(model.LINES)
    assert all(set(row) == set(model.SCENARIOS) for row in MODEL.effectiveness.values())
    presets = model.load_presets()
    for preset_id in presets["preset_id"]:
        assert sum(model.preset(preset_id).values()) == model.BUDGET, preset_id
    assert {"article", "steelman", "equal"} <= set(presets["preset_id"])
    assert set(presets["hypothesis_id"].dropna()) == {"H1", "H2", "H3", "H4"}


def test_rules_state_the_models_half_spend():
    assert set(MODEL.half_spend.values()) == {25.0} and "Every 25 points" in model.RULES


@pytest.mark.parametrize("spend, problem", [
    ({}, "Split the 100 points"),
    (None, "Split the 100 points"),
    (split(conventional=-5, supply_chain=55), "cannot be negative"),
    (split(conventional="ten"), "'ten' is not a whole number"),
    (split(conventional=10.5), "is not a whole number"),
    (split(conventional=True), "is not a whole number"),
    (split(conventional=50), "add up to 125, not 100 (25 too many"),
    (split(conventional=0), "add up to 75, not 100 (25 left to place)"),
    ({**split(), "navy": 5}, "navy is not a budget line"),
])
def test_a_bad_split_is_refused_with_a_sentence(spend, problem):
    checked = model.check_allocation(spend)
    assert not checked.ok and problem in checked.message
    outcome = model.evaluate(spend, LIKELY)
    assert not outcome.ok and problem in outcome.message and outcome.table is None


def test_text_numbers_and_missing_lines_are_read_as_a_learner_means_them():
    checked = model.check_allocation({"conventional": " 40 ", "supply_chain": 60.0})
    assert checked.ok and checked.values == {"conventional": 40, "supply_chain": 60, "info_cyber": 0,
                                             "infrastructure": 0}


@pytest.mark.parametrize("likelihoods, problem", [
    ({}, "Give each scenario a weight"),
    ({**LIKELY, "conventional_attack": 101}, "from 0 to 100"),
    ({**LIKELY, "minerals_cutoff": "often"}, "not 'often'"),
    ({s: 0 for s in model.SCENARIOS}, "at least one scenario needs a weight above 0".capitalize()),
    ({**LIKELY, "asteroid": 5}, "asteroid is not a scenario"),
    ({"conventional_attack": 50}, "give a whole number from 0 to 100, not 'None'"),
])
def test_likelihoods_are_checked(likelihoods, problem):
    checked = model.check_likelihoods(likelihoods)
    assert not checked.ok and problem in checked.message


def test_zero_budget_covers_nothing():
    assert model.coverage_by_scenario(split(0, 0, 0, 0), MODEL) == {s: 0.0 for s in model.SCENARIOS}


def test_more_budget_on_any_line_never_lowers_any_coverage():
    for line in model.LINES:
        before = None
        for points in range(0, 101, 5):
            now = model.coverage_by_scenario({**split(0, 0, 0, 0), line: points}, MODEL)
            if before is not None:
                assert all(now[s] >= before[s] for s in model.SCENARIOS), (line, points)
            before = now


def test_returns_diminish_and_coverage_never_reaches_100():
    steps = [model.coverage_by_scenario({**split(0, 0, 0, 0), "supply_chain": p}, MODEL)["minerals_cutoff"]
             for p in (0, 25, 50, 75, 100)]
    gains = [b - a for a, b in zip(steps, steps[1:])]
    assert steps[1] == pytest.approx(0.5)  # 25 points of fully effective spending halve the gap
    assert all(x > y for x, y in zip(gains, gains[1:])) and steps[-1] < 1


def test_every_split_on_a_grid_is_bounded_and_weighted_coverage_is_an_average():
    for a, b, c in itertools.product(range(0, 101, 20), repeat=3):
        if a + b + c <= 100:
            cov = model.coverage_by_scenario(split(a, b, c, 100 - a - b - c), MODEL)
            assert all(0 <= v < 1 for v in cov.values())
            assert min(cov.values()) <= model.weighted_coverage(cov, LIKELY) <= max(cov.values())


def test_weighted_coverage_follows_the_likelihoods():
    cov = {"conventional_attack": 0.8, "minerals_cutoff": 0.2, "info_operation": 0.0, "infrastructure_sabotage": 0.0}
    only_war = {"conventional_attack": 100, "minerals_cutoff": 0, "info_operation": 0, "infrastructure_sabotage": 0}
    assert model.weighted_coverage(cov, only_war) == pytest.approx(0.8)
    assert model.weighted_coverage(cov, {s: 0 for s in model.SCENARIOS}) == 0.0


def test_evaluate_and_coverage_give_a_table_and_a_sentence():
    outcome = model.evaluate(split(conventional=10, supply_chain=30, info_cyber=30, infrastructure=30), LIKELY)
    assert outcome.ok and list(outcome.table.columns) == ["scenario", "weight", "coverage_pct"]
    assert outcome.weighted_pct == pytest.approx(57.3) and "57.3% of the threat" in outcome.summary
    assert "conventional attack" in outcome.summary  # the least covered scenario
    table = model.coverage(model.preset("steelman"), LIKELY)
    assert table.iloc[-1]["scenario"] == "Weighted by your scenario weights" and table.iloc[-1]["coverage_pct"] == 50.6
    refused = model.coverage(split(conventional=90), LIKELY)
    assert len(refused) == 1 and "add up to 165" in refused.iloc[0]["scenario"]


def test_an_impossible_scenario_is_not_named_the_weakest():
    odds = {"conventional_attack": 0, "minerals_cutoff": 50, "info_operation": 50, "infrastructure_sabotage": 50}
    outcome = model.evaluate(split(0, 40, 30, 30), odds)
    assert "conventional attack" not in outcome.summary


def test_the_hypotheses_preset_follows_the_leader_and_averages_a_tie():
    assert model.preset_from_hypotheses(("H4",)) == model.preset("from-H4")
    assert model.preset_from_hypotheses(()) == split()
    tie = model.preset_from_hypotheses(("H2", "H4"))
    assert sum(tie.values()) == 100 and tie["conventional"] == 35
    assert model.preset_from_hypotheses(("H1",))["conventional"] < model.preset_from_hypotheses(("H4",))["conventional"]


def test_an_unknown_preset_names_the_known_ones():
    with pytest.raises(KeyError, match="the presets are: article"):
        model.preset("nope")


@pytest.mark.parametrize("change, problem", [
    (lambda t: t.iloc[1:], "has no effectiveness for conventional x conventional_attack"),
    (lambda t: t.assign(effectiveness=t["effectiveness"].where(t.index != 0, 1.5)), "between 0 and 1"),
    (lambda t: t.assign(half_spend=t["half_spend"].where(t.index != 0, 30)), "one positive half_spend"),
    (lambda t: t.assign(line_id=t["line_id"].where(t.index != 0, "navy")), "unknown line or scenario"),
])
def test_a_broken_model_table_is_caught_for_authors(change, problem):
    table = pd.read_csv(model.data.data_dir() / "allocation_model.csv")
    with pytest.raises(ValueError, match=problem):
        model.model_from_table(change(table))


def test_the_weighted_row_names_the_likelihoods_used():
    """Lesson 09's cell with equal odds labelled its last row "Weighted by your likelihoods"."""
    equal = {s: 25 for s in model.SCENARIOS}
    table = model.coverage(model.preset("article"), equal, total_label="Weighted, every scenario equally likely")
    assert table.iloc[-1]["scenario"] == "Weighted, every scenario equally likely"
