"""Lesson 07's checkers: right answers pass, typical beginner mistakes get specific advice."""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit.checkers import lesson07
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load

PRODUCTION = load("mineral_production_by_country")
SHARES = load("critical_minerals")

# The learner's way, written independently of the checker's helpers.
ROWS = PRODUCTION[(PRODUCTION["mineral"] == "tungsten") & (PRODUCTION["stage"] == "mine")
                  & (PRODUCTION["year"] == 2025)]
PRODUCERS = ROWS[ROWS["row_type"] != "world_total"]
TABLE = PRODUCERS.assign(share_pct=100 * PRODUCERS["production"] / PRODUCERS["production"].sum())
HHI_HIGH = float((TABLE["share_pct"] ** 2).sum())
HHI_LOW = float((TABLE.loc[TABLE["row_type"] != "other", "share_pct"] ** 2).sum())
NEAR = SHARES[SHARES["china_share_pct"] >= 90]
WORLD_NAME = ROWS.loc[ROWS["row_type"] == "world_total", "country"].item()
OTHER_NAME = ROWS.loc[ROWS["row_type"] == "other", "country"].item()

CHECKS = [lesson07.check_shares, lesson07.check_hhi_high, lesson07.check_hhi_low, lesson07.check_near_monopoly]


@pytest.mark.parametrize("check", CHECKS)
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


@pytest.mark.parametrize("check", CHECKS)
@pytest.mark.parametrize("wrong", [None, "a string", 3.5, [1, 2], pd.DataFrame()])
def test_wrong_types_get_a_sentence_not_a_traceback(check, wrong):
    result = check(wrong)
    assert result.passed is False and "Traceback" not in result.message and len(result.message) > 20


def test_right_answers_pass():
    assert lesson07.check_shares(TABLE).passed, lesson07.check_shares(TABLE).message
    assert lesson07.check_shares(TABLE[["country", "share_pct"]]).passed
    assert lesson07.check_shares(TABLE.set_index("country")).passed
    assert lesson07.check_hhi_high(HHI_HIGH).passed
    assert lesson07.check_hhi_high(round(HHI_HIGH)).passed
    assert lesson07.check_hhi_low(HHI_LOW).passed
    assert lesson07.check_near_monopoly(NEAR).passed
    assert lesson07.check_near_monopoly(NEAR.sort_values("year")).passed


def test_the_anticipated_mistakes_really_differ_from_the_answer():
    # if the data changed so that a mistake gave the right numbers, these tests would prove nothing
    assert HHI_HIGH - HHI_LOW >= 1, "the tungsten lump should part the two bounds"
    world = ROWS.loc[ROWS["row_type"] == "world_total", "production"].item()
    assert abs(PRODUCERS["production"].sum() - world) > 0, "the rounded world total should differ from the rows"


@pytest.mark.parametrize("answer, advice", [
    (ROWS.assign(share_pct=100 * ROWS["production"] / ROWS["production"].sum()), "not a producer"),
    (PRODUCERS.assign(share_pct=PRODUCERS["production"] / PRODUCERS["production"].sum()), "fractions"),
    (PRODUCERS.assign(share_pct=100 * PRODUCERS["production"]
                      / ROWS.loc[ROWS["row_type"] == "world_total", "production"].item()), "rounded world total"),
    (TABLE[TABLE["row_type"] != "other"], "is missing: it is part of world supply"),
    (TABLE[TABLE["country"] != "China"], "producer(s) are missing"),
    (TABLE.assign(share_pct=TABLE["share_pct"].where(TABLE["country"] != "China", 1.0)), "not 100"),
    (pd.concat([TABLE, TABLE.iloc[:1]]), "appears twice"),
    (TABLE.assign(year=2024), "year other than 2025"),
    (TABLE.drop(columns="share_pct"), "needs ['country', 'share_pct']"),
    (TABLE["share_pct"], "is a Series"),
    (PRODUCERS["row_type"] != "world_total", "True/False mask"),
    (TABLE.assign(share_pct=None), "missing values"),
    (TABLE.iloc[0:0], "holds numbers, so write 2025, not \"2025\""),
])
def test_share_mistakes(answer, advice):
    result = lesson07.check_shares(answer)
    assert result.passed is False and advice in result.message, result.message


def _swap(table, a, b):
    """Two producers' shares swapped: the total stays 100, one share is wrong."""
    shares = table.set_index("country")["share_pct"].copy()
    shares[a], shares[b] = shares[b], shares[a]
    return table.assign(share_pct=shares.reindex(table["country"]).to_numpy())


def test_a_wrong_share_is_named():
    second = TABLE.sort_values("share_pct", ascending=False)["country"].iloc[1]
    result = lesson07.check_shares(_swap(TABLE, "China", second))
    assert result.passed is False and "is not right" in result.message


@pytest.mark.parametrize("answer, advice", [
    (float(TABLE["share_pct"].sum()), "sum of the shares"),
    (HHI_HIGH / 10_000, "fractions"),
    (HHI_LOW, "that is the lower bound"),
    (float(((100 * ROWS["production"] / ROWS["production"].sum()) ** 2).sum()), "world total as a producer"),
    (HHI_HIGH ** 0.5, "square root"),
    (12_345.0, "above 10,000"),
    (HHI_HIGH + 50, "square every share"),
    (10_000.0, "square of the sum of the shares"),
    ("6000", "in quotes"),
    (TABLE["share_pct"] ** 2, "Series with"),
    (float("nan"), "NaN"),
])
def test_hhi_high_mistakes(answer, advice):
    result = lesson07.check_hhi_high(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (HHI_HIGH, "that is the upper bound"),
    (float(TABLE.loc[TABLE["row_type"] != "other", "share_pct"].sum()), "sum of the shares"),
    (HHI_LOW / 10_000, "fractions"),
    (HHI_LOW - 40, "every named country"),
    (True, "True/False"),
])
def test_hhi_low_mistakes(answer, advice):
    result = lesson07.check_hhi_low(answer)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (SHARES["china_share_pct"] >= 90, "True/False mask"),
    (SHARES[SHARES["china_share_pct"] >= 80], "below 90%"),
    (SHARES[SHARES["china_share_pct"] >= 0.9], "typed as a fraction (0.9)"),
    (NEAR.iloc[1:], "missing"),
    (pd.concat([NEAR, NEAR.iloc[:1]]), "rows twice"),
    (NEAR["mineral"], "keep whole rows"),
    (NEAR.drop(columns="compiled_by"), "missing the column(s) ['compiled_by']: keep them"),
    (NEAR.rename(columns={"compiled_by": "compiler"}), "give it back its name with .rename"),
    (pd.concat([NEAR, SHARES[SHARES["china_share_pct"].isna()].iloc[:1]]), "no share (NaN)"),
])
def test_near_monopoly_mistakes(answer, advice):
    result = lesson07.check_near_monopoly(answer)
    assert result.passed is False and advice in result.message, result.message


def test_strictly_above_is_caught_when_a_share_sits_on_the_threshold():
    if not (SHARES["china_share_pct"] == 90).any():
        pytest.skip("no published share is exactly 90% in the data")
    result = lesson07.check_near_monopoly(SHARES[SHARES["china_share_pct"] > 90])
    assert result.passed is False and ">=, not >" in result.message


def test_messages_name_the_learners_table_and_their_code_runs():
    """The exercise's table is called `tungsten` (another table there is called `shares`): a message must name it,
    and a code hint copied from a message must run on the learner's table (a learner hit a KeyError)."""
    series = lesson07.check_shares(TABLE["share_pct"])
    assert "tungsten is a Series" in series.message, series.message
    added = lesson07.check_hhi_high(float(TABLE["share_pct"].sum()))
    assert 'tungsten["share_pct"]' in added.message and 'shares["share_pct"]' not in added.message, added.message
    tungsten = TABLE  # the hint's code, run on a table named as in the exercise
    assert lesson07.check_hhi_high(float((tungsten["share_pct"] ** 2).sum())).passed


def test_a_producer_with_zero_production_may_be_left_out():
    """Dropping a 0-tonne producer changes no share and no index (a learner was marked wrong for it)."""
    zero = TABLE.loc[TABLE["production"] == 0, "country"]
    assert len(zero), "the tungsten rows should hold a producer with 0 for this test to mean anything"
    without = TABLE[TABLE["production"] != 0]
    result = lesson07.check_shares(without)
    assert result.passed, result.message
    assert zero.iloc[0] in result.message and "with 0 production" in result.message, result.message
    assert lesson07.check_hhi_high(float((without["share_pct"] ** 2).sum())).passed
    assert "with 0 production" not in lesson07.check_shares(TABLE).message
    # a producer with output is still missed
    assert not lesson07.check_shares(TABLE[TABLE["country"] != "China"]).passed


def test_dropped_columns_are_named_with_how_to_select_them_back():
    """Picking columns to look at is not a rename: say which columns went and how to get them back."""
    result = lesson07.check_near_monopoly(NEAR[["mineral", "stage", "china_share_pct"]])
    assert result.passed is False, result.message
    assert "['year', 'compiled_by']" in result.message and "Select them back" in result.message, result.message
    assert ".rename" not in result.message, result.message
    near_monopoly = NEAR[["mineral", "stage", "china_share_pct"]]  # the advice's code, run as a learner would
    assert lesson07.check_near_monopoly(SHARES.loc[near_monopoly.index]).passed
