"""Checkers for exercises/08-subsea-and-space.ipynb. Expected values are computed from data/, never typed in.

Each checker names the likely slip (a share instead of a count, the located rows only, ``<`` for ``<=``, the
wrong end of the base rate) because those are the mistakes that change the lesson's reading, not just a number.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from coursekit import checks
from coursekit.checks import CheckResult, Mismatch, checker
from coursekit.data import load

INCIDENTS = "undersea_incidents"
BASE_RATE = "cable_fault_base_rate"
FAULTS_ROW = "icpc-faults-per-year-2025"
SEA = "Baltic Sea"
PRECISION_KM = 50
YEAR = "2025"


def _raw() -> pd.DataFrame:
    return load(INCIDENTS)


def _ids(frame: pd.DataFrame, name: str) -> set[str]:
    if "id" not in frame.columns:
        raise Mismatch(f"{name} has no 'id' column. Keep whole rows: raw[mask], not a selection of columns.")
    return set(frame["id"].astype(str))


def _listed(ids: set[str]) -> str:
    return ", ".join(sorted(ids))


# --------------------------------------------------------------------------- task 1
@checker
def check_outcome_counts(answer: Any) -> CheckResult:
    """Task 1: how many incidents have each outcome (every row, located or not)."""
    raw = _raw()
    expected = raw["outcome"].value_counts()
    if isinstance(answer, pd.DataFrame):
        if answer.empty:
            raise Mismatch("by_outcome is an empty table. Count the outcome column of raw: raw[\"outcome\"].value_counts().")
        if "outcome" in answer.columns and answer.shape[1] == 2:
            answer = answer.set_index("outcome").iloc[:, 0]
        elif answer.shape[1] == 1:
            answer = answer.iloc[:, 0]
        else:
            raise Mismatch(f"by_outcome is a table with {answer.shape[1]} columns. Count one column: "
                           "raw[\"outcome\"].value_counts() gives one number per outcome.")
    if isinstance(answer, dict):
        raise Mismatch("by_outcome is a dict. The counts may be right, but the task wants the pandas Series that "
                       "raw[\"outcome\"].value_counts() returns (it prints as a table and keeps pandas' tools): "
                       "leave out .to_dict() or dict(...).")
    if not isinstance(answer, pd.Series):
        raise Mismatch(f"by_outcome is {checks.kind_of(answer)}; expected a count per outcome: one number for "
                       "each value of the outcome column, with the outcomes as labels (see the hint above the task).")
    if pd.api.types.is_bool_dtype(answer):
        raise Mismatch("by_outcome is a True/False mask, one value per row. Count instead: "
                       "raw[\"outcome\"].value_counts().")
    given = pd.to_numeric(answer, errors="coerce")
    if given.isna().any():
        raise Mismatch("by_outcome holds text, not counts. Count the outcome column: raw[\"outcome\"].value_counts().")
    index = set(map(str, answer.index))
    if not index & set(expected.index):
        raise Mismatch("by_outcome does not count outcomes (its labels are not outcome codes such as 'accident'). "
                       "Count the outcome column: raw[\"outcome\"].value_counts().")
    if given.sum() <= 1.0001 and len(raw) > 1:
        raise Mismatch("by_outcome holds shares (they add up to 1), not counts. Leave out normalize=True.")
    located = raw[raw["lat"].notna()]["outcome"].value_counts()
    if given.sum() == located.sum() and located.sum() != len(raw):
        raise Mismatch(f"by_outcome counts {int(given.sum())} incidents: only those with a position. Count every "
                       f"row of raw ({len(raw)}), located or not: the outcome is known for all of them.")
    missing = set(expected.index) - index
    if missing:
        raise Mismatch(f"by_outcome has no count for {_listed(missing)}. Count every row of raw, with no filter.")
    extra = index - set(expected.index)
    if extra:
        raise Mismatch(f"by_outcome counts {_listed(extra)}, which is not an outcome in the data. "
                       "Count the outcome column itself.")
    given.index = given.index.map(str)
    wrong = [code for code in expected.index if given[code] != expected[code]]
    if wrong:
        raise Mismatch(f"the count for {_listed(set(wrong))} is not right. Count every row of raw, with no filter: "
                       "raw[\"outcome\"].value_counts().")
    open_cases = int(sum(expected.get(code, 0) for code in ("unresolved", "suspected_sabotage", "charged")))
    return checks.passed(f"Right: {open_cases} of the {len(raw)} incidents have no court ruling on responsibility yet "
                         "(unresolved, sabotage suspected with the investigation open, or charged and awaiting trial).")


# --------------------------------------------------------------------------- task 2
def _expected_close() -> pd.DataFrame:
    raw = _raw()
    return raw[(raw["sea"] == SEA) & (raw["location_precision_km"] <= PRECISION_KM)]


@checker
def check_baltic_close(answer: Any) -> CheckResult:
    """Task 2: Baltic incidents placed to within 50 km (location_precision_km <= 50), whole rows."""
    if isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer):
        raise Mismatch("baltic_close is a True/False mask. Use it to pick rows: raw[mask].")
    if isinstance(answer, pd.DataFrame) and answer.empty:
        raise Mismatch(f"baltic_close has 0 rows. Check the spelling: the sea is written \"{SEA}\", and the "
                       "precision column is location_precision_km (in km).")
    frame = checks.require_frame(answer, "baltic_close", series_hint="keep whole rows: raw[mask].")
    given = _ids(frame, "baltic_close")
    raw = _raw().set_index("id")
    dropped = [c for c in raw.columns if c not in frame.columns]
    if dropped:
        raise Mismatch(f"baltic_close keeps only {len(frame.columns)} of the data set's {len(raw.columns) + 1} columns "
                       f"(missing, e.g., {', '.join(dropped[:3])}). The task asks for whole rows: raw[mask], with no "
                       "[[...]] column list after it.")
    expected = set(_expected_close()["id"])
    other_seas = {i for i in given if i in raw.index and raw.loc[i, "sea"] != SEA}
    if other_seas:
        raise Mismatch(f"{_listed(other_seas)} {'is' if len(other_seas) == 1 else 'are'} not in the Baltic Sea. "
                       f"Add the condition raw[\"sea\"] == \"{SEA}\", each condition in its own brackets, joined by &.")
    loose = {i for i in given - expected if i in raw.index}
    if loose:
        unlocated = {i for i in loose if pd.isna(raw.loc[i, "location_precision_km"])}
        if unlocated:
            raise Mismatch(f"{_listed(unlocated)} {'has' if len(unlocated) == 1 else 'have'} no position at all "
                           "(location_precision_km is empty): a row with no position cannot be within 50 km.")
        raise Mismatch(f"{_listed(loose)} {'is' if len(loose) == 1 else 'are'} placed less precisely than 50 km. "
                       f"Keep rows with raw[\"location_precision_km\"] <= {PRECISION_KM}.")
    missing = expected - given
    if missing:
        edge = {i for i in missing if raw.loc[i, "location_precision_km"] == PRECISION_KM}
        if edge and edge == missing:
            raise Mismatch(f"{_listed(edge)} {'is' if len(edge) == 1 else 'are'} placed to within exactly "
                           f"{PRECISION_KM} km, and 'within 50 km' includes 50: use <=, not <.")
        raise Mismatch(f"{_listed(missing)} {'is' if len(missing) == 1 else 'are'} missing: Baltic rows placed "
                       f"to within {PRECISION_KM} km.")
    return checks.passed(f"Right: {len(expected)} Baltic incidents are placed to within {PRECISION_KM} km. Even "
                         "these are the course's placements from descriptions, not coordinates from investigators.")


# --------------------------------------------------------------------------- task 3
def _faults_low() -> float:
    return float(load(BASE_RATE).set_index("id").loc[FAULTS_ROW, "value_low"])


def _faults_high() -> float:
    return float(load(BASE_RATE).set_index("id").loc[FAULTS_ROW, "value_high"])


def _count_in(year: str, located_only: bool = False) -> int:
    raw = _raw()
    if located_only:
        raw = raw[raw["lat"].notna()]
    return int(raw["date"].astype(str).str.startswith(year).sum())


def expected_share() -> float:
    """Task 3's answer: the year's incidents as a percentage of the bottom of ICPC's yearly range."""
    return 100 * _count_in(YEAR) / _faults_low()


@checker
def check_share_of_faults(answer: Any) -> CheckResult:
    """Task 3: the 2025 incidents (every row) as a percentage of the low end of ICPC's faults a year."""
    if isinstance(answer, str) and "%" in answer:
        raise Mismatch(f"share_2025 is the text '{answer}'. Drop the quotes and the % sign: a percentage here is a "
                       "plain number, such as 12.5 for 12.5%.")
    if isinstance(answer, pd.Series) and len(answer) > 1:
        raise Mismatch(f"share_2025 is a column of {len(answer)} values, one per row, not one number. The fix belongs "
                       "one step earlier: n_2025 should be a count, so add .sum() to the True/False mask that picks "
                       "the 2025 rows, then compute the share from that number.")
    value = checks.require_number(answer, "share_2025")
    expected = expected_share()
    low, high = _faults_low(), _faults_high()
    n = _count_in(YEAR)

    def near(target: float) -> bool:
        return abs(value - target) <= 0.01

    if near(expected / 100):
        raise Mismatch(f"{value:g} is a fraction; the task asks for a percentage: multiply by 100.")
    if near(100 * n / high):
        raise Mismatch(f"{value:g} divides by the top of ICPC's range ({high:g}). The task asks for the largest "
                       f"share the range allows: divide by the bottom, {low:g}.")
    located = _count_in(YEAR, located_only=True)
    if located != n and near(100 * located / low):
        raise Mismatch(f"{value:g} counts only the located incidents of {YEAR} ({located}). Count every row of raw "
                       f"whose date starts with \"{YEAR}\" ({n}).")
    everything = len(_raw())
    if near(100 * everything / low):
        raise Mismatch(f"{value:g} counts every incident in the data set. Keep only rows whose date starts with "
                       f"\"{YEAR}\": raw[\"date\"].str.startswith(\"{YEAR}\").")
    if near(n):
        raise Mismatch(f"{value:g} is the number of incidents, not yet a share: divide by {low:g} and multiply by 100.")
    # 0.05: a share rounded to one decimal (6.7 for 6.67) is right; the mistakes above sit a whole point or more away
    checks.require_close(value, expected, 0.05, f"the {YEAR} incidents as a percentage of {low:g} faults a year")
    return checks.passed(f"Right: about {expected:.1f}% at most. The incidents that made the news in {YEAR} are a "
                         "small part of a year's cable faults worldwide (ICPC's count covers telecom cables only).")
