"""Checkers for exercises/07-critical-minerals.ipynb. Expected values are computed from data/, never typed in.

The index rules live in :mod:`coursekit.explorers.concentration`, so the lesson, the exercise and these checkers
compute every share and every index the same way. The checkers know the mistakes a beginner makes with an HHI:
keeping the world total as if it were a producer, dividing by the rounded world total, shares left as fractions,
adding the shares instead of squaring them, and the 'Other countries' lump counted the wrong way.
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

from coursekit import checks
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load
from coursekit.explorers.concentration import _kinds, concentration

PRODUCTION = "mineral_production_by_country"
SHARES = "critical_minerals"
MINERAL, STAGE, YEAR = "tungsten", "mine", 2025
"""Tasks 1 and 2: tungsten mining in 2025, whose 'Other countries' lump is large enough to part the two bounds."""
THRESHOLD = 90
"""Task 3: the share the task calls a near-monopoly (the learner's own choice in the lesson's explorer)."""
INDEX_TOLERANCE = 1.0
SHARE_TOLERANCE = 0.05


def _rows() -> pd.DataFrame:
    production = load(PRODUCTION)
    return production[(production["mineral"] == MINERAL) & (production["stage"] == STAGE)
                      & (production["year"] == YEAR)]


def expected_shares() -> pd.Series:
    """Each producer's share (%) of the listed rows, indexed by the data set's own country names."""
    rows = _rows()
    producers = rows[_kinds(rows) != "world_total"].dropna(subset=["production"])
    shares = 100 * producers["production"] / producers["production"].sum()
    shares.index = producers["country"].astype(str)
    return shares.astype(float)


def _world_name() -> str:
    rows = _rows()
    return str(rows.loc[_kinds(rows) == "world_total", "country"].iloc[0])


def _other_name() -> str:
    rows = _rows()
    return str(rows.loc[_kinds(rows) == "other", "country"].iloc[0])


# --------------------------------------------------------------------------- task 1
@checker
def check_shares(answer: Any) -> CheckResult:
    """Task 1: tungsten mine producers in 2025 with their share (%) of what the listed rows add up to."""
    if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
        raise Mismatch("tungsten is a True/False mask. Use it to pick rows: production[mask].")
    if isinstance(answer, pd.DataFrame) and answer.empty:
        # The usual cause: year compared with text ("2025"); the column holds numbers, so no row matches.
        raise Mismatch(f"tungsten is an empty table (0 rows): no row met all your conditions. Check each one: "
                       f"mineral == \"{MINERAL}\", stage == \"{STAGE}\", year == {YEAR}. The year column holds "
                       f"numbers, so write {YEAR}, not \"{YEAR}\" in quotes.")
    frame = checks.require_frame(answer, "tungsten", series_hint="keep the table and add the column with "
                                 ".assign(share_pct=100 * rows[\"production\"] / rows[\"production\"].sum()).")
    if "country" not in frame.columns and frame.index.name == "country":
        frame = frame.reset_index()  # set_index("country") is a fine way to read the table
    checks.require_columns(frame, ["country", "share_pct"], "tungsten")
    for column, wanted in (("mineral", MINERAL), ("stage", STAGE), ("year", YEAR)):
        if column in frame.columns and set(frame[column].dropna()) - {wanted}:
            raise Mismatch(f"tungsten holds rows with {column} other than {wanted!r}: keep tungsten mining in {YEAR} "
                           "only (three conditions, each in its own brackets, joined with &).")
    expected = expected_shares()
    countries = frame["country"].astype(str)
    world = _world_name()
    if world in set(countries):
        raise Mismatch(f"'{world}' is the source's total, not a producer: drop it before you divide "
                       "(row_type != \"world_total\"), or every share comes out about half as large as it is.")
    missing = set(expected.index) - set(countries)
    other = _other_name()
    if other in missing:
        raise Mismatch(f"the '{other}' row is missing: it is part of world supply (the producers USGS does not "
                       "name), so keep it; Task 2 decides how to count it.")
    # A producer with 0 adds nothing to the sum, to any share or to the index: leaving it out is not a mistake.
    dropped_zero = sorted(country for country in missing if expected[country] == 0)
    missing -= set(dropped_zero)
    if missing:
        raise Mismatch(f"{len(missing)} producer(s) are missing, e.g. {sorted(missing)[0]}: keep every country row "
                       f"of tungsten mining in {YEAR} (one with 0 production may be left out).")
    extra = set(countries) - set(expected.index)
    if extra:
        raise Mismatch(f"tungsten has rows that are not tungsten producers in {YEAR}, e.g. {sorted(extra)[0]}.")
    if countries.duplicated().any():
        raise Mismatch(f"{countries[countries.duplicated()].iloc[0]} appears twice: did you keep more than one year?")
    given = pd.to_numeric(frame["share_pct"], errors="coerce")
    if given.isna().any():
        raise Mismatch("share_pct has missing values (NaN): compute it from the production column of the same rows.")
    given.index = countries
    total = float(given.sum())
    if abs(total - 1) < 0.01:
        raise Mismatch("your shares add up to 1: they are fractions. Multiply by 100, so that one producer with all "
                       "the supply has 100 (the index in Task 2 squares percentages).")
    world_total = float(_rows().loc[_kinds(_rows()) == "world_total", "production"].iloc[0])
    listed = float(_rows().loc[_kinds(_rows()) != "world_total", "production"].sum())
    if abs(total - 100 * listed / world_total) < 0.05 and abs(total - 100) > 0.05:
        raise Mismatch(f"your shares add up to {total:.1f}, not 100: you divided by the rounded world total. Divide "
                       "by the sum of the listed rows (rows[\"production\"].sum()), so the shares add up to 100.")
    if abs(total - 100) > 0.5:
        raise Mismatch(f"your shares add up to {total:.1f}, not 100: divide each production by the sum of the same "
                       "rows' production, then multiply by 100.")
    wrong = (given - expected.reindex(given.index)).abs() > SHARE_TOLERANCE
    if wrong.any():
        raise Mismatch(f"the share of {wrong.index[wrong][0]} is not right: 100 * its production / the sum of all "
                       "the listed rows' production.")
    china = expected.get("China", math.nan)
    zero_note = (f" You left out {', '.join(dropped_zero)}, with 0 production: that changes no share and no index."
                 if dropped_zero else "")
    return checks.passed(f"Right: {len(given)} rows add up to 100%; China's share is {china:.1f}% and the "
                         f"'{other}' lump {expected[other]:.1f}%.{zero_note}")


# --------------------------------------------------------------------------- task 2
def expected_bounds() -> tuple[float, float]:
    """(lower, upper): 'Other countries' as many tiny producers, and as one producer."""
    result = concentration(_rows())
    return result.lower, result.upper


def _index_mistake(value: float, name: str) -> None:
    """The mistakes both bounds share: fractions, shares added not squared, the world total kept, too large."""
    low, high = expected_bounds()
    shares = expected_shares()
    if abs(value - 100) < 0.5 or abs(value - shares.drop(labels=[_other_name()]).sum()) < 0.5:
        raise Mismatch(f"{name} is {value:g}: that is the sum of the shares. Square each share first, then add: "
                       "(tungsten[\"share_pct\"] ** 2).sum().")
    if abs(value - 10_000) < 0.5:
        raise Mismatch(f"{name} is 10,000: that is 100 squared, the square of the sum of the shares (or one producer "
                       "with everything). Square each share first, then add the squares.")
    if 0 < value <= 1.0001:
        raise Mismatch(f"{name} is {value:g}: your shares were fractions. Use shares in percent (0 to 100): one "
                       "producer with all supply gives 10,000.")
    rows = _rows()
    with_world = 100 * rows["production"] / rows["production"].sum()  # the world total kept as a producer
    if abs(value - float((with_world ** 2).sum())) < INDEX_TOLERANCE:
        raise Mismatch(f"{name} counts the world total as a producer. Drop the '{_world_name()}' row first "
                       "(Task 1's shares do).")
    if value > 10_000 + INDEX_TOLERANCE:
        raise Mismatch(f"{name} is {value:,.0f}, above 10,000, the index of a single producer: were your shares in "
                       "percent, and did they add up to 100?")
    if abs(value - math.sqrt(high)) < 0.5 or abs(value - math.sqrt(low)) < 0.5:
        raise Mismatch(f"{name} is a square root: the index is the sum of the squared shares, with no root.")


@checker
def check_hhi_high(answer: Any) -> CheckResult:
    """Task 2: the index with 'Other countries' counted as one producer (the upper bound)."""
    value = checks.require_number(answer, "hhi_high")
    low, high = expected_bounds()
    _index_mistake(value, "hhi_high")
    if abs(value - low) < INDEX_TOLERANCE and abs(low - high) >= INDEX_TOLERANCE:
        raise Mismatch("hhi_high leaves the 'Other countries' share out: that is the lower bound. Here count the "
                       "lump as one producer: square its share too.")
    if abs(value - high) > INDEX_TOLERANCE:
        raise Mismatch(f"hhi_high is {value:,.1f}; square every share in your Task 1 table (the '{_other_name()}' "
                       "row included) and add them up.")
    return checks.passed(f"Right: {high:,.0f}. As concentrated as about {10_000 / high:.1f} equal-sized producers.")


@checker
def check_hhi_low(answer: Any) -> CheckResult:
    """Task 2: the index with 'Other countries' as very many tiny producers (its square left out: the lower bound)."""
    value = checks.require_number(answer, "hhi_low")
    low, high = expected_bounds()
    _index_mistake(value, "hhi_low")
    if abs(value - high) < INDEX_TOLERANCE and abs(low - high) >= INDEX_TOLERANCE:
        raise Mismatch("hhi_low still squares the 'Other countries' share: that is the upper bound. Leave that "
                       "row out before you square and add (very many tiny producers add almost nothing).")
    if abs(value - low) > INDEX_TOLERANCE:
        raise Mismatch(f"hhi_low is {value:,.1f}; square the share of every named country (not the "
                       f"'{_other_name()}' row) and add them up.")
    return checks.passed(f"Right: the true index lies between {low:,.0f} and {high:,.0f}. The lump is small, so "
                         "the bounds are close: the answer does not hang on how it is split.")


# --------------------------------------------------------------------------- task 3
def expected_near_monopoly() -> pd.DataFrame:
    shares = load(SHARES)
    return shares[shares["china_share_pct"] >= THRESHOLD]


def _row_keys(frame: pd.DataFrame) -> list[tuple[Any, ...]]:
    columns = ["mineral", "stage", "year", "compiled_by", "china_share_pct"]
    return [tuple(row) for row in frame[columns].astype(str).itertuples(index=False)]


def _require_share_columns(frame: pd.DataFrame, shares: pd.DataFrame) -> None:
    """The columns the check reads; a learner who picked columns to look at is told which went and how to keep
    them (the generic 'rename' advice misled a learner whose columns were dropped, not renamed)."""
    needed = ["mineral", "stage", "year", "compiled_by", "china_share_pct"]
    lost = [column for column in needed if column not in frame.columns]
    if not lost:
        return
    renamed = [str(column) for column in frame.columns if column not in shares.columns]
    advice = (f" If you renamed a column (near_monopoly has {renamed}, which shares does not), give it back its "
              "name with .rename(columns={...})." if renamed else "")
    raise Mismatch(f"near_monopoly is missing the column(s) {lost}: keep them, the check reads whole rows. Select "
                   "them back, e.g. near_monopoly = shares.loc[near_monopoly.index], or filter shares again "
                   "(shares[mask]) and pick columns only in the line that displays the table." + advice)


@checker
def check_near_monopoly(answer: Any) -> CheckResult:
    """Task 3: every published China share at or above THRESHOLD percent, whole rows."""
    if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
        raise Mismatch("near_monopoly is a True/False mask. Use it to pick rows: shares[mask].")
    frame = checks.require_frame(answer, "near_monopoly", series_hint="keep whole rows: shares[mask], not one column.")
    shares = load(SHARES)
    _require_share_columns(frame, shares)
    expected = expected_near_monopoly()
    given_keys, wanted = _row_keys(frame), _row_keys(expected)
    values = pd.to_numeric(frame["china_share_pct"], errors="coerce")
    if values.isna().any():
        raise Mismatch("near_monopoly keeps rows with no share (NaN): a tonnage without a share cannot meet the "
                       "threshold.")
    published = shares["china_share_pct"].dropna()
    if (values < THRESHOLD).any() and len(frame) == len(published) and published.min() >= 1:
        # every share kept: the usual slip is a threshold typed as a fraction (0.9), as in Task 1's shares
        raise Mismatch(f"near_monopoly keeps every published share, even {values.min():g}%: was the threshold typed "
                       f"as a fraction (0.9)? china_share_pct is in percent: keep china_share_pct >= {THRESHOLD}.")
    if (values < THRESHOLD).any():
        low = values[values < THRESHOLD].min()
        raise Mismatch(f"near_monopoly keeps a share of {low:g}%, below {THRESHOLD}%: keep china_share_pct >= "
                       f"{THRESHOLD}.")
    at_threshold = shares[shares["china_share_pct"] == THRESHOLD]
    missing = [key for key in wanted if key not in given_keys]
    if missing and len(at_threshold) and set(_row_keys(at_threshold)) <= set(missing):
        raise Mismatch(f"a share of exactly {THRESHOLD}% is missing: 'at or above' is >=, not >.")
    if missing:
        mineral, stage, year = missing[0][:3]
        raise Mismatch(f"{len(missing)} figure(s) are missing, e.g. {mineral} {stage} {year}: keep every row of "
                       f"critical_minerals whose china_share_pct is at least {THRESHOLD}, whatever its mineral, "
                       "stage, year or compiler.")
    if len(given_keys) != len(wanted):
        raise Mismatch("near_monopoly has rows twice: filter the critical_minerals table once.")
    stages = sorted(set(expected["stage"]))
    # 'primary' and 'primary_metal' are a metal's first refined output (gallium and magnesium are not mined as
    # ores of their own), so saying 'none of them mining' beside 'primary' confused a learner: name the stage code.
    mining = ("none at the 'mine' stage ('primary' and 'primary_metal' are first refined metal, not ore)"
              if "mine" not in stages else "the 'mine' stage among them")
    return checks.passed(f"Right: {len(expected)} figures reach {THRESHOLD}%, at these stages: {', '.join(stages)}; "
                         f"{mining}.")
