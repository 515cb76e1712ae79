"""Checkers for exercises/03-asymmetry.ipynb. Expected values are computed from data/, never typed in."""
from __future__ import annotations

import math
import numbers
from typing import Any

import pandas as pd

from coursekit import checks
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load

SHARE_TOLERANCE = 0.06  # percentage points: rounding to one decimal passes, a wrong denominator does not
BALANCE_TOLERANCE = 0.01  # billion US$
BALANCE_SERIES_HINT = ("keep the table: add the column with `trade.assign(balance_usd_bn=...)`, then keep "
                       "`[[\"year\", \"balance_usd_bn\"]]`, so each balance stays next to its year.")
IMPLIED_SERIES_HINT = ("`implied` should stay the table the cell builds: run the cell again from the top, then add each result as a new column, `implied[\"implied_usd_per_bbl\"] = ...`, instead of setting `implied` to it.")


def _one_number(answer: Any, name: str, fix: str) -> float:
    """The answer as one number; a Series or table of several values gets advice on how to get down to one,
    and a number written as text ('4.0%', from an f-string) is told to compute it with round(..., 1) instead."""
    if isinstance(answer, str):
        digits = answer.strip().rstrip("%").strip()
        try:
            float(digits)
        except ValueError:
            digits = ""
        if digits:
            raise Mismatch(f"{name} is the text {answer!r}, not a number: an f-string makes text. Compute it "
                           "instead, e.g. round(100 * ... / ..., 1), which keeps one decimal and stays a number "
                           "(remove the quotes and any % sign).")
    if isinstance(answer, (pd.Series, pd.DataFrame)) and answer.size != 1:
        values = pd.to_numeric(pd.Series(answer.to_numpy().ravel()), errors="coerce")
        if answer.size > 1 and values.isna().all():
            raise Mismatch(f"{name} is a {type(answer).__name__} of NaN (missing) values: you divided one filtered "
                           "column by another, and pandas lines the rows up by their labels, which do not match. "
                           "Take each value out with `.item()` first (e.g. `...[\"total_usd_bn\"].item()`), then divide "
                           "the two numbers.")
        if answer.size == 0:
            raise Mismatch(f"{name} is an empty {type(answer).__name__}: your filter matched no row. {fix}")
        raise Mismatch(f"{name} is a {type(answer).__name__} with {answer.size} values; expected one number. Take "
                       "each value out with `.item()` before you divide; `.item()` fails if more than one row is left, "
                       f"which tells you the filter needs another condition. {fix}")
    return checks.require_number(answer, name)


def _frame(answer: Any, name: str, series_hint: str, scalar_hint: str) -> pd.DataFrame:
    """The answer as a table; a single number gets advice on keeping the table instead of reducing it."""
    if isinstance(answer, numbers.Real) and not isinstance(answer, bool):
        raise Mismatch(f"{name} is a single number ({float(answer):.4g}, a {type(answer).__name__}); expected a "
                       f"pandas DataFrame with one row per year. {scalar_hint}")
    return checks.require_frame(answer, name, series_hint=series_hint)


def _trade() -> pd.DataFrame:
    return load("china_russia_trade")


def _expected_balance() -> pd.Series:
    """China's exports to Russia minus its imports from Russia, by year, where both are known."""
    trade = _trade().dropna(subset=["china_exports_usd_bn", "china_imports_usd_bn"])
    balance = trade["china_exports_usd_bn"] - trade["china_imports_usd_bn"]
    return pd.Series(balance.to_numpy(), index=trade["year"].astype(int).to_numpy())


def _one_total(partners: pd.DataFrame, year: int, reporter: str, partner: str) -> float:
    """The reporter's total trade with partner in year; the official customs row when several exist."""
    rows = partners[(partners["year"] == year) & (partners["reporter"] == reporter)
                    & (partners["partner"] == partner)].dropna(subset=["total_usd_bn"])
    official = rows[rows["status"] == "official_statistic"]
    return float((official if len(official) == 1 else rows)["total_usd_bn"].iloc[0])


def expected_shares_2023() -> tuple[float, float]:
    """(Russia's share of China's 2023 trade, China's share of Russia's 2023 trade), in percent.

    Both use China's customs figure for China–Russia trade as the numerator; the denominators are
    China's and Russia's own totals with the world.
    """
    partners = load("china_trade_partners")
    bilateral = _one_total(partners, 2023, "china", "russia")
    return (100 * bilateral / _one_total(partners, 2023, "china", "world"),
            100 * bilateral / _one_total(partners, 2023, "russia", "world"))


def _missing_year_message(year: int) -> str:
    """Why a year with both flows went missing: usually a .dropna() on the whole table.

    ``trade.dropna()`` drops any row with a gap in *any* column, e.g. a growth rate no source gave,
    although that year has both exports and imports.
    """
    row = _trade().set_index("year").loc[year]
    gaps = [c for c in row.index if pd.isna(row[c])]
    if gaps:
        return (f"year {year} is missing, although it has both exports and imports. A .dropna() on the whole "
                f"table drops any row with a gap in any column ({year} has no value for {gaps[0]}). Drop only rows "
                "missing a flow: .dropna(subset=['china_exports_usd_bn', 'china_imports_usd_bn']), or call "
                ".dropna() after keeping the year and balance columns.")
    return f"year {year} is missing: keep every year that has both exports and imports."


@checker
def check_trade_balance(answer: Any) -> CheckResult:
    """Task 1: one row per year with both flows known; balance_usd_bn = exports minus imports."""
    frame = _frame(answer, "balance", BALANCE_SERIES_HINT,
                   "Keep every year: subtract the two columns, not two single values, and add the result "
                   "to the table with `.assign(balance_usd_bn=...)`.")
    if "balance_usd_bn" not in frame.columns:
        other = [c for c in frame.columns if c != "year"]
        if len(other) == 1:
            raise Mismatch(f"the balance column is called {other[0]!r}; name it 'balance_usd_bn': "
                           f"`.rename(columns={{{other[0]!r}: 'balance_usd_bn'}})`.")
    checks.require_columns(frame, ["year", "balance_usd_bn"], "balance")
    expected = _expected_balance()
    values = pd.to_numeric(frame["balance_usd_bn"], errors="coerce")
    if values.isna().any():
        raise Mismatch("some balances are missing (NaN): in those years no source gives the export/import split. "
                       "Drop them with .dropna() after selecting the two columns, or with "
                       ".dropna(subset=['balance_usd_bn']).")
    years = pd.to_numeric(frame["year"], errors="coerce")
    if years.isna().any() or years.duplicated().any():
        raise Mismatch("`year` should hold each year once, as a number.")
    given = pd.Series(values.to_numpy(), index=years.astype(int).to_numpy())
    missing = [y for y in expected.index if y not in given.index]
    if missing:
        raise Mismatch(_missing_year_message(missing[0]))
    checks.require_rows(frame, len(expected), "one row per year that has both exports and imports", "balance")
    given = given.loc[expected.index]
    if ((given + expected).abs() < BALANCE_TOLERANCE).all():
        raise Mismatch("the signs are flipped: you computed imports minus exports. China's balance is "
                       "china_exports_usd_bn - china_imports_usd_bn (negative = China buys more than it sells).")
    wrong = (given - expected).abs() >= BALANCE_TOLERANCE
    if wrong.any():
        year = int(given.index[wrong.to_numpy()][0])
        raise Mismatch(f"the balance for {year} is {given[year]:g}; subtract china_imports_usd_bn from "
                       "china_exports_usd_bn for that year.")
    deficits = int((expected < 0).sum())
    return checks.passed(f"Right: China bought more from Russia than it sold in {deficits} of the "
                         f"{len(expected)} years with a split.")


@checker
def check_shares_2023(russia_in_china_pct: Any, china_in_russia_pct: Any = ...) -> CheckResult:
    """Task 2: Russia's share of China's 2023 trade and China's share of Russia's, both in percent."""
    if china_in_russia_pct is ...:
        raise Mismatch("china_in_russia_pct is still `...`: compute it too, then run this cell again.")
    fix = ("Keep the 2023 rows that have a total (`.dropna(subset=[\"total_usd_bn\"])`) and match both "
           "`reporter` and `partner`, so one row is left for each value you divide.")
    first = _one_number(russia_in_china_pct, "russia_in_china_pct", fix)
    second = _one_number(china_in_russia_pct, "china_in_russia_pct", fix)
    russia_in_china, china_in_russia = expected_shares_2023()

    def close(value: float, target: float) -> bool:
        return abs(value - target) <= SHARE_TOLERANCE

    if close(first, china_in_russia) and close(second, russia_in_china):
        raise Mismatch("the two shares are swapped: Russia is a small part of China's trade, China a large "
                       "part of Russia's.")
    for value, target, name in ((first, russia_in_china, "russia_in_china_pct"),
                                (second, china_in_russia, "china_in_russia_pct")):
        if close(100 * value, target):
            raise Mismatch(f"{name} is {value:g}, a fraction. Shares here are in percent: multiply by 100.")
    if not close(first, russia_in_china):
        raise Mismatch(f"russia_in_china_pct is {first:g}. Divide China's 2023 trade with Russia by China's "
                       "2023 trade with the world (both rows with reporter == 'china'), times 100.")
    if close(second, russia_in_china):
        raise Mismatch("china_in_russia_pct equals Russia's share of China's trade: you divided by China's total. "
                       "Divide by Russia's 2023 trade with the world (reporter == 'russia', partner == 'world').")
    stated = load("china_trade_partners").query("year == 2023 and reporter == 'russia' and partner == 'china'")
    if stated["share_of_reporter_trade_pct"].dropna().eq(second).any():
        raise Mismatch(f"{second:g} is an estimate quoted in the table. Compute the share yourself from the two "
                       "totals, so you know where it comes from.")
    if not close(second, china_in_russia):
        raise Mismatch(f"china_in_russia_pct is {second:g}. Use China's figure for China–Russia trade (reporter "
                       "'china', partner 'russia') over Russia's total (reporter 'russia', partner 'world'), times 100.")
    return checks.passed(f"Right: Russia was {russia_in_china:.1f}% of China's trade, China about "
                         f"{china_in_russia:.1f}% of Russia's, roughly {china_in_russia / russia_in_china:.0f} "
                         "times as much (approximate: the second share mixes two countries' statistics).")


PRICE_TOLERANCE = 0.3  # US$ per barrel: 7.3 or 7.33 barrels per tonne instead of 7.32 passes, a unit slip does not


def expected_implied_prices() -> pd.DataFrame:
    """China's customs value per barrel of Russian crude, next to the Brent average, by year.

    One row per year in which a source gives both the tonnage and the dollar value of China's crude imports
    from Russia and the course has a Brent average: implied price = value / (tonnes x barrels per tonne),
    gap = implied price - Brent (negative: below Brent).
    """
    crude = load("china_crude_imports")
    russia = crude[crude["supplier"] == "russia"].dropna(subset=["volume_mt", "value_usd_bn"])
    factor = load("oil_conversion_factors").query("product == 'crude_oil'")["factor"].item()
    table = russia[["year", "volume_mt", "value_usd_bn"]].merge(load("brent_annual")[["year", "brent_usd_per_bbl"]],
                                                                on="year")
    table["implied_usd_per_bbl"] = 1000 * table["value_usd_bn"] / (table["volume_mt"] * factor)
    table["gap_usd_per_bbl"] = table["implied_usd_per_bbl"] - table["brent_usd_per_bbl"]
    return table.sort_values("year").reset_index(drop=True)


def _unit_slip(given: float, right: float, factor: float) -> str | None:
    """Name the usual unit mistake behind a wrong implied price, if one fits."""
    checks_ = (
        (right * factor, "that is dollars per tonne, not per barrel: divide by the barrels in a tonne (the factor in "
                         "oil_conversion_factors) to get dollars per barrel."),
        (right * factor * factor, "you multiplied by the barrels-per-tonne factor; divide by it instead "
                                  "(more barrels than tonnes, so the price per barrel is lower)."),
        (right / 1000, "the price is 1,000 times too small: value_usd_bn is in billions (10^9) and volume_mt in "
                       "millions (10^6), so multiply value / volume by 1,000."),
        (right * 1000, "the price is 1,000 times too large: value_usd_bn is in billions (10^9) and volume_mt in "
                       "millions (10^6), so the ratio needs 1,000, not 10^6."),
    )
    for value, advice in checks_:
        if math.isclose(given, value, rel_tol=0.01):
            return advice
    return None


@checker
def check_implied_price(answer: Any) -> CheckResult:
    """Task 3: implied price per barrel of China's crude imports from Russia, and its gap to Brent, by year."""
    frame = _frame(answer, "implied", IMPLIED_SERIES_HINT,
                   "Keep one row per year: run the cell again, then compute the price as a column of the table "
                   "(`implied[\"implied_usd_per_bbl\"] = ...`), with no `.item()`, `.mean()` or `float(...)`.")
    new = [c for c in ("implied_usd_per_bbl", "gap_usd_per_bbl") if c not in frame.columns]
    if len(new) == 2 and {"year", "volume_mt", "value_usd_bn", "brent_usd_per_bbl"} <= set(frame.columns):
        return CheckResult(None, "\u23f3 Not attempted yet: `implied` is still the table the cell builds. Add its two "
                                 "new columns, implied_usd_per_bbl and gap_usd_per_bbl (replace the `...` in the cell "
                                 "above), run that cell, then run this one again.")
    if new and "year" in frame.columns:
        raise Mismatch(f"implied has no column {new[0]!r} yet: add it with `implied[{new[0]!r}] = ...` in the cell "
                       "above (see the task's two bullets), run that cell, then this one.")
    checks.require_columns(frame, ["year", "implied_usd_per_bbl", "gap_usd_per_bbl"], "implied")
    expected = expected_implied_prices()
    factor = load("oil_conversion_factors").query("product == 'crude_oil'")["factor"].item()
    years = pd.to_numeric(frame["year"], errors="coerce")
    if years.isna().any() or years.duplicated().any():
        raise Mismatch("`year` should hold each year once. Keep only rows with both volume_mt and value_usd_bn "
                       "(.dropna(subset=['volume_mt', 'value_usd_bn'])): some years have several source rows, "
                       "but only one gives both.")
    given = frame.assign(year=years.astype(int)).set_index("year")
    missing = [int(y) for y in expected["year"] if y not in given.index]
    if missing:
        raise Mismatch(f"year {missing[0]} is missing: it has both a tonnage and a value for Russia in "
                       "china_crude_imports and a Brent average in brent_annual.")
    extra = [int(y) for y in given.index if y not in set(expected["year"])]
    if extra:
        raise Mismatch(f"year {extra[0]} should not be there: keep only years with both a tonnage and a value "
                       "for Russia and a Brent average.")
    prices = pd.to_numeric(given["implied_usd_per_bbl"], errors="coerce")
    gaps = pd.to_numeric(given["gap_usd_per_bbl"], errors="coerce")
    if prices.isna().any() or gaps.isna().any():
        raise Mismatch("some prices or gaps are missing (NaN): check that every kept row has volume_mt and "
                       "value_usd_bn, and that the Brent merge matched each year.")
    for row in expected.itertuples():
        price, gap = float(prices[row.year]), float(gaps[row.year])
        if abs(price - row.implied_usd_per_bbl) > PRICE_TOLERANCE:
            slip = _unit_slip(price, row.implied_usd_per_bbl, factor)
            raise Mismatch(f"the implied price for {row.year} is {price:.4g}; "
                           + (slip or "compute 1000 * value_usd_bn / (volume_mt * barrels per tonne)."))
        if abs(gap + row.gap_usd_per_bbl) <= PRICE_TOLERANCE < abs(row.gap_usd_per_bbl):
            raise Mismatch("the gap has the wrong sign: compute implied price minus Brent, so a price below Brent "
                           "gives a negative gap.")
        if abs(gap - row.gap_usd_per_bbl) > PRICE_TOLERANCE:
            raise Mismatch(f"the gap for {row.year} is {gap:.3g}; it is implied_usd_per_bbl minus that year's "
                           "brent_usd_per_bbl.")
    low, high = expected["gap_usd_per_bbl"].min(), expected["gap_usd_per_bbl"].max()
    return checks.passed(f"Right: by China's own customs values, Russian crude cost China between about {-high:.1f} "
                         f"and {-low:.1f} dollars a barrel less than the Brent average in these years, far less than "
                         "the port discounts. The customs value includes freight (CIF) and mixes pipeline and "
                         "seaborne grades, so read it as an average, not a contract price. For 2022 the Brent average is EIA's "
                         "rounded figure; EIA's unrounded one (see brent_annual's note) makes that gap about a dollar "
                         "wider.")
