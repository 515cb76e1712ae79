"""Lesson 03's checkers: right answers pass, typical mistakes get specific advice."""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit.checkers import lesson03
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load

TRADE = load("china_russia_trade")
PARTNERS = load("china_trade_partners")

# The right answers, computed here the way a learner would (independently of the checker's code).
BALANCE = (TRADE.assign(balance_usd_bn=TRADE["china_exports_usd_bn"] - TRADE["china_imports_usd_bn"])
           [["year", "balance_usd_bn"]].dropna())


def total(year: int, reporter: str, partner: str) -> float:
    rows = PARTNERS.query("year == @year and reporter == @reporter and partner == @partner")
    return rows["total_usd_bn"].dropna().item()


RUSSIA_IN_CHINA = 100 * total(2023, "china", "russia") / total(2023, "china", "world")
CHINA_IN_RUSSIA = 100 * total(2023, "china", "russia") / total(2023, "russia", "world")


@pytest.mark.parametrize("check", [lesson03.check_trade_balance, lesson03.check_shares_2023,
                                   lesson03.check_implied_price])
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


def test_right_answers_pass():
    assert lesson03.check_trade_balance(BALANCE).passed
    assert lesson03.check_trade_balance(BALANCE.sort_values("year", ascending=False)).passed
    assert lesson03.check_shares_2023(RUSSIA_IN_CHINA, CHINA_IN_RUSSIA).passed
    assert lesson03.check_shares_2023(round(RUSSIA_IN_CHINA, 1), round(CHINA_IN_RUSSIA, 1)).passed


def test_shares_really_are_asymmetric():
    """Guards the premise of task 2: if the data changed so that this failed, the task would need rewriting."""
    assert CHINA_IN_RUSSIA > 5 * RUSSIA_IN_CHINA


FLIPPED = BALANCE.assign(balance_usd_bn=-BALANCE["balance_usd_bn"])
WITH_GAPS = TRADE.assign(balance_usd_bn=TRADE["china_exports_usd_bn"] - TRADE["china_imports_usd_bn"])[
    ["year", "balance_usd_bn"]]
# dropna() on the whole table first also drops years with a gap in an unrelated column (a growth rate).
WHOLE_TABLE_DROPNA = TRADE.dropna().assign(
    balance_usd_bn=lambda t: t["china_exports_usd_bn"] - t["china_imports_usd_bn"])[["year", "balance_usd_bn"]]
ONE_WRONG = BALANCE.assign(balance_usd_bn=BALANCE["balance_usd_bn"].where(BALANCE["year"] != 2023, 0.0))


@pytest.mark.parametrize("answer, advice", [
    (FLIPPED, "signs are flipped"),
    (WITH_GAPS, ".dropna()"),
    (WHOLE_TABLE_DROPNA, "drops any row with a gap in any column"),
    (BALANCE.rename(columns={"balance_usd_bn": "balance"}), "{'balance': 'balance_usd_bn'}"),
    (BALANCE.iloc[1:], "is missing"),
    (pd.concat([BALANCE, BALANCE.iloc[:1]]), "each year once"),
    (ONE_WRONG, "the balance for 2023"),
    (BALANCE["balance_usd_bn"], "is a Series"),
    (BALANCE["balance_usd_bn"], "trade.assign(balance_usd_bn="),
    (TRADE["china_exports_usd_bn"] - TRADE["china_imports_usd_bn"], "trade.assign(balance_usd_bn="),
    (BALANCE["balance_usd_bn"].iloc[0], "single number"),
    (BALANCE.iloc[0:0], "empty table"),
    ("balance", "expected a pandas DataFrame"),
])
def test_trade_balance_mistakes(answer, advice):
    result = lesson03.check_trade_balance(answer)
    assert result.passed is False and advice in result.message, result.message


STATED = PARTNERS.query("year == 2023 and reporter == 'russia' and partner == 'china'")[
    "share_of_reporter_trade_pct"].dropna().item()


@pytest.mark.parametrize("first, second, advice", [
    (CHINA_IN_RUSSIA, RUSSIA_IN_CHINA, "swapped"),
    (RUSSIA_IN_CHINA / 100, CHINA_IN_RUSSIA, "a fraction"),
    (RUSSIA_IN_CHINA, CHINA_IN_RUSSIA / 100, "multiply by 100"),
    (RUSSIA_IN_CHINA, RUSSIA_IN_CHINA, "divided by China's total"),
    (RUSSIA_IN_CHINA, STATED, "estimate quoted in the table"),
    (RUSSIA_IN_CHINA + 1, CHINA_IN_RUSSIA, "russia_in_china_pct is"),
    (RUSSIA_IN_CHINA, CHINA_IN_RUSSIA + 3, "Russia's total"),
    (RUSSIA_IN_CHINA, ..., "still ..."),
    ("4.0", CHINA_IN_RUSSIA, "remove the quotes"),
    (RUSSIA_IN_CHINA, None, "None"),
    (PARTNERS.query("year == 2023 and reporter == 'china' and partner == 'russia'")["total_usd_bn"],
     CHINA_IN_RUSSIA, ".item()"),
    (RUSSIA_IN_CHINA, PARTNERS.query("year == 2023 and reporter == 'russia'")["total_usd_bn"], "match both"),
    (PARTNERS.query("year == 1900")["total_usd_bn"], CHINA_IN_RUSSIA, "matched no row"),
    # forgetting .item(): two one-row Series with different labels divide into NaN
    (100 * PARTNERS.query("year == 2023 and reporter == 'china' and partner == 'russia'")["total_usd_bn"]
     / PARTNERS.query("year == 2023 and reporter == 'china' and partner == 'world'")["total_usd_bn"],
     CHINA_IN_RUSSIA, "NaN (missing) values"),
])
def test_shares_mistakes(first, second, advice):
    result = lesson03.check_shares_2023(first, second)
    assert result.passed is False and advice in result.message, result.message


# Task 3: the implied price, computed here the way a learner would.
CRUDE = load("china_crude_imports")
PER_TONNE = load("oil_conversion_factors").query("product == 'crude_oil'")["factor"].item()
IMPLIED = (CRUDE[CRUDE["supplier"] == "russia"].dropna(subset=["volume_mt", "value_usd_bn"])
           .merge(load("brent_annual"), on="year"))
IMPLIED["implied_usd_per_bbl"] = 1000 * IMPLIED["value_usd_bn"] / (IMPLIED["volume_mt"] * PER_TONNE)
IMPLIED["gap_usd_per_bbl"] = IMPLIED["implied_usd_per_bbl"] - IMPLIED["brent_usd_per_bbl"]
IMPLIED = IMPLIED[["year", "implied_usd_per_bbl", "brent_usd_per_bbl", "gap_usd_per_bbl"]]


def with_price(price):
    return IMPLIED.assign(implied_usd_per_bbl=price, gap_usd_per_bbl=price - IMPLIED["brent_usd_per_bbl"])


def test_implied_price_right_answers_pass():
    assert lesson03.check_implied_price(IMPLIED).passed
    assert lesson03.check_implied_price(IMPLIED.sort_values("year", ascending=False)).passed
    assert lesson03.check_implied_price(IMPLIED.round(1)).passed
    # another common convention (7.33 barrels per tonne) is close enough
    assert lesson03.check_implied_price(with_price(IMPLIED["implied_usd_per_bbl"] * PER_TONNE / 7.33)).passed
    assert lesson03.check_implied_price(...).message == NOT_ATTEMPTED


def test_implied_prices_stay_below_brent():
    """Guards the premise of task 3 and its reading in the lesson: the customs price sits a few dollars below Brent."""
    assert (IMPLIED["gap_usd_per_bbl"] < 0).all() and (IMPLIED["gap_usd_per_bbl"] > -15).all()
    assert len(IMPLIED) >= 3


ALL_RUSSIA_ROWS = CRUDE[CRUDE["supplier"] == "russia"][["year"]].assign(implied_usd_per_bbl=70.0, gap_usd_per_bbl=-5.0)


@pytest.mark.parametrize("answer, advice", [
    (with_price(IMPLIED["implied_usd_per_bbl"] * PER_TONNE), "per tonne, not per barrel"),
    (with_price(IMPLIED["implied_usd_per_bbl"] * PER_TONNE ** 2), "divide by it instead"),
    (with_price(IMPLIED["implied_usd_per_bbl"] / 1000), "1,000 times too small"),
    (with_price(IMPLIED["implied_usd_per_bbl"] * 1000), "1,000 times too large"),
    (IMPLIED.assign(gap_usd_per_bbl=-IMPLIED["gap_usd_per_bbl"]), "wrong sign"),
    (IMPLIED.assign(gap_usd_per_bbl=IMPLIED["gap_usd_per_bbl"] + 1), "the gap for"),
    (IMPLIED.iloc[1:], "is missing"),
    (ALL_RUSSIA_ROWS, "each year once"),
    (pd.concat([IMPLIED, IMPLIED.iloc[:1].assign(year=2019)]), "should not be there"),
    (IMPLIED.drop(columns="gap_usd_per_bbl"), "no column 'gap_usd_per_bbl' yet: add it"),
    (IMPLIED.assign(implied_usd_per_bbl=float("nan")), "missing (NaN)"),
    (IMPLIED["implied_usd_per_bbl"], "is a Series"),
    (IMPLIED["implied_usd_per_bbl"], "implied[\"implied_usd_per_bbl\"] = ..."),
    (IMPLIED["implied_usd_per_bbl"], "run the cell again"),
    (IMPLIED["implied_usd_per_bbl"].iloc[0], "single number"),
    (float(IMPLIED["implied_usd_per_bbl"].mean()), "one row per year"),
])
def test_implied_price_mistakes(answer, advice):
    result = lesson03.check_implied_price(answer)
    assert result.passed is False and advice in result.message, result.message


def test_the_untouched_task_3_table_is_not_attempted_and_says_what_to_add():
    """The exercise cell builds `implied` before the `...`: run untouched, the check says 'not attempted', as Tasks
    1 and 2 do, and names the two columns to add (not 'rename', a learner's run)."""
    built = (CRUDE[CRUDE["supplier"] == "russia"].dropna(subset=["volume_mt", "value_usd_bn"])
             [["year", "volume_mt", "value_usd_bn"]].merge(load("brent_annual")[["year", "brent_usd_per_bbl"]], on="year"))
    result = lesson03.check_implied_price(built)
    assert result.passed is None and "Not attempted yet" in result.message
    assert "implied_usd_per_bbl" in result.message and "gap_usd_per_bbl" in result.message
    assert "rename" not in result.message.lower()


def test_the_task_3_success_message_gives_the_range_the_reveal_gives():
    """Reveal 3 says 'between about 1.5 and 7.5 dollars below the Brent average': the checker says the same, and
    prints no Markdown asterisks (its message is plain text)."""
    gaps = -IMPLIED["gap_usd_per_bbl"]
    message = lesson03.check_implied_price(IMPLIED).message
    assert f"between about {gaps.min():.1f} and {gaps.max():.1f}" in message, message
    for answer in (IMPLIED, with_price(IMPLIED["implied_usd_per_bbl"] * PER_TONNE)):
        assert "**" not in lesson03.check_implied_price(answer).message


@pytest.mark.parametrize("typed", ["4.0%", "4.0 %", "4.0"])
def test_a_share_typed_as_text_is_told_to_compute_it_not_to_type_it(typed):
    """The final learner run: the message leads with computing the share (round(100 * ..., 1)), never with
    'type 4.0', which invites hard-coding the answer."""
    result = lesson03.check_shares_2023(typed, CHINA_IN_RUSSIA)
    assert result.passed is False and "round(100 * ... / ..., 1)" in result.message, result.message
    assert "type 4" not in result.message and "4.0," not in result.message.replace(repr(typed), "")
