"""Lesson 03's checkers: right answers pass, typical mistakes get specific advice."""
from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from coursekit.checkers import lesson03
from coursekit.checks import NOT_ATTEMPTED
from coursekit.data import load

TRADE = load("china_russia_trade")
PARTNERS = load("china_trade_partners")

# The right answers, computed here the way a learner would (independently of the checker's code).
PEAK_YEAR = TRADE.sort_values("total_usd_bn").iloc[-1]["year"]
BALANCE = (TRADE.assign(balance_usd_bn=TRADE["china_exports_usd_bn"] - TRADE["china_imports_usd_bn"])
           [["year", "balance_usd_bn"]].dropna())


def total(year: int, reporter: str, partner: str) -> float:
    rows = PARTNERS.query("year == @year and reporter == @reporter and partner == @partner")
    return rows["total_usd_bn"].dropna().item()


RUSSIA_IN_CHINA = 100 * total(2023, "china", "russia") / total(2023, "china", "world")
CHINA_IN_RUSSIA = 100 * total(2023, "china", "russia") / total(2023, "russia", "world")


def bar(x, y, frame=BALANCE, **props):
    return alt.Chart(frame).mark_bar().encode(x=x, y=y).properties(**props)


GOOD_CHART = bar(alt.X("year:O", title="Year"), alt.Y("balance_usd_bn:Q", title="Balance (billion US$)"), title="T")


@pytest.mark.parametrize("check", [lesson03.check_peak_year, lesson03.check_trade_balance,
                                   lesson03.check_shares_2023, lesson03.check_balance_chart])
def test_placeholder_is_not_attempted(check):
    assert check(...).message == NOT_ATTEMPTED


def test_right_answers_pass():
    assert lesson03.check_peak_year(PEAK_YEAR).passed
    assert lesson03.check_peak_year(int(PEAK_YEAR)).passed
    assert lesson03.check_peak_year(float(PEAK_YEAR)).passed
    assert lesson03.check_trade_balance(BALANCE).passed
    assert lesson03.check_trade_balance(BALANCE.sort_values("year", ascending=False)).passed
    assert lesson03.check_shares_2023(RUSSIA_IN_CHINA, CHINA_IN_RUSSIA).passed
    assert lesson03.check_shares_2023(round(RUSSIA_IN_CHINA, 1), round(CHINA_IN_RUSSIA, 1)).passed
    assert lesson03.check_balance_chart(GOOD_CHART).passed
    swapped_axes = bar(alt.X("balance_usd_bn:Q", title="Balance (billion US$)"), alt.Y("year:O", title="Year"),
                       title="T")
    assert lesson03.check_balance_chart(swapped_axes).passed
    unit_in_axis = bar(alt.X("year:N", title="Year"), alt.Y("balance_usd_bn:Q", axis=alt.Axis(title="Balance, bn $")),
                       title="T")
    assert lesson03.check_balance_chart(unit_in_axis).passed


def test_shares_really_are_asymmetric():
    """Guards the premise of task 3: if the data changed so that this failed, the task would need rewriting."""
    assert CHINA_IN_RUSSIA > 5 * RUSSIA_IN_CHINA


PEAK_VALUE = TRADE["total_usd_bn"].max()
FASTEST = TRADE.sort_values("total_yoy_pct").iloc[-1]["year"]
SMALLEST = TRADE.sort_values("total_usd_bn").iloc[0]["year"]


@pytest.mark.parametrize("answer, advice", [
    (PEAK_VALUE, "not the year"),
    (TRADE["total_usd_bn"].idxmax(), "row label"),
    (FASTEST, "fastest growth"),
    (SMALLEST, "smallest trade"),
    (TRADE.loc[TRADE["year"] != PEAK_YEAR, "year"].iloc[-1], "not at its largest"),
    (1999, "not a year in china_russia_trade"),
    (str(PEAK_YEAR), "remove the quotes"),
    (TRADE.loc[TRADE["total_usd_bn"] == PEAK_VALUE, "year"], ".item()"),
    (TRADE[TRADE["total_usd_bn"] == PEAK_VALUE], "is a table"),
    (None, "None"),
])
def test_peak_year_mistakes(answer, advice):
    result = lesson03.check_peak_year(answer)
    assert result.passed is False and advice in result.message, result.message


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
    (RUSSIA_IN_CHINA, ..., "still `...`"),
    ("4.0", CHINA_IN_RUSSIA, "remove the quotes"),
    (RUSSIA_IN_CHINA, None, "None"),
    (PARTNERS.query("year == 2023 and reporter == 'china' and partner == 'russia'")["total_usd_bn"],
     CHINA_IN_RUSSIA, ".item()"),
    (RUSSIA_IN_CHINA, PARTNERS.query("year == 2023 and reporter == 'russia'")["total_usd_bn"], "match both"),
    (PARTNERS.query("year == 1900")["total_usd_bn"], CHINA_IN_RUSSIA, "matched no row"),
])
def test_shares_mistakes(first, second, advice):
    result = lesson03.check_shares_2023(first, second)
    assert result.passed is False and advice in result.message, result.message


@pytest.mark.parametrize("answer, advice", [
    (alt.Chart(BALANCE), "no mark yet"),
    (alt.Chart(BALANCE).mark_line().encode(x="year:O", y="balance_usd_bn:Q"), "mark 'line'"),
    (bar(alt.X("year:O", title="Year"), alt.Y("total_usd_bn:Q", title="Trade"), frame=TRADE, title="T"),
     "plot balance_usd_bn"),
    (bar(alt.X("balance_usd_bn:Q", title="B"), alt.Y("count():Q", title="N"), title="T"), "put year"),
    (bar("year:O", alt.Y("balance_usd_bn:Q", title="B"), title="T"), "x (year)"),
    (bar(alt.X("year:O", title="Year"), alt.Y("balance_usd_bn:Q", title="B")), "add a title"),
    (GOOD_CHART + GOOD_CHART, "not a layered"),
    (bar(alt.X("year:Q", title="Year"), alt.Y("balance_usd_bn:Q", title="Balance (billion US$)"), title="T"),
     "year:O"),
    (bar(alt.X("year:T", title="Year"), alt.Y("balance_usd_bn:Q", title="Balance (billion US$)"), title="T"),
     "a date"),
    (bar(alt.X("year:O", title="Year"), alt.Y("balance_usd_bn:Q", title="Balance"), title="T"), "has no unit"),
    (bar(alt.X("year:O", title="Year"), alt.Y("balance_usd_bn:Q", axis=alt.Axis(title="Balance")), title="T"),
     "has no unit"),
    ("a chart", "expected an Altair chart"),
])
def test_chart_mistakes(answer, advice):
    result = lesson03.check_balance_chart(answer)
    assert result.passed is False and advice in result.message, result.message


# Task 5: the implied price, computed here the way a learner would.
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
    """Guards the premise of task 5 and its reading in the lesson: the customs price sits a few dollars below Brent."""
    assert (IMPLIED["gap_usd_per_bbl"] < 0).all() and (IMPLIED["gap_usd_per_bbl"] > -15).all()
    assert len(IMPLIED) >= 3


ALL_RUSSIA_ROWS = CRUDE[CRUDE["supplier"] == "russia"][["year"]].assign(implied_usd_per_bbl=70.0, gap_usd_per_bbl=-5.0)


@pytest.mark.parametrize("answer, advice", [
    (with_price(IMPLIED["implied_usd_per_bbl"] * PER_TONNE), "per **tonne**"),
    (with_price(IMPLIED["implied_usd_per_bbl"] * PER_TONNE ** 2), "divide by it instead"),
    (with_price(IMPLIED["implied_usd_per_bbl"] / 1000), "1,000 times too small"),
    (with_price(IMPLIED["implied_usd_per_bbl"] * 1000), "1,000 times too large"),
    (IMPLIED.assign(gap_usd_per_bbl=-IMPLIED["gap_usd_per_bbl"]), "wrong sign"),
    (IMPLIED.assign(gap_usd_per_bbl=IMPLIED["gap_usd_per_bbl"] + 1), "the gap for"),
    (IMPLIED.iloc[1:], "is missing"),
    (ALL_RUSSIA_ROWS, "each year once"),
    (pd.concat([IMPLIED, IMPLIED.iloc[:1].assign(year=2019)]), "should not be there"),
    (IMPLIED.drop(columns="gap_usd_per_bbl"), "gap_usd_per_bbl"),
    (IMPLIED.assign(implied_usd_per_bbl=float("nan")), "missing (NaN)"),
    (IMPLIED["implied_usd_per_bbl"], "is a Series"),
    (IMPLIED["implied_usd_per_bbl"], "implied[\"implied_usd_per_bbl\"] = ..."),
    (IMPLIED["implied_usd_per_bbl"].iloc[0], "single number"),
    (float(IMPLIED["implied_usd_per_bbl"].mean()), "one row per year"),
])
def test_implied_price_mistakes(answer, advice):
    result = lesson03.check_implied_price(answer)
    assert result.passed is False and advice in result.message, result.message
