"""Lesson 07's concentration model: the HHI's defining cases, its refusals, the 'Other countries' bounds,
the near-monopoly table and the explorer widget (driven without a browser)."""
from __future__ import annotations

import math
import random

import numpy as np
import pandas as pd
import pytest

from coursekit.explorers import concentration as cc


# --------------------------------------------------------------------------- the index itself
def test_one_producer_is_ten_thousand():
    assert cc.hhi([100]) == 10_000
    assert cc.hhi({"China": 100}) == 10_000


@pytest.mark.parametrize("n", [1, 2, 3, 4, 5, 10, 40])
def test_n_equal_producers_give_ten_thousand_over_n(n):
    assert cc.hhi([100 / n] * n) == pytest.approx(10_000 / n)
    assert cc.equal_producers(cc.hhi([100 / n] * n)) == pytest.approx(n)


def test_order_does_not_matter():
    shares = [61.5, 12.0, 9.5, 8.0, 5.0, 4.0]
    shuffled = shares[:]
    random.Random(7).shuffle(shuffled)
    assert cc.hhi(shares) == pytest.approx(cc.hhi(shuffled))
    assert cc.hhi(pd.Series(shares, index=list("abcdef"))) == pytest.approx(cc.hhi(shares[::-1]))


def test_concentrating_supply_never_lowers_the_index():
    # moving share from a smaller producer to a larger one raises the index
    assert cc.hhi([60, 30, 10]) < cc.hhi([65, 25, 10]) < cc.hhi([70, 20, 10])


def test_accepts_numpy_and_rounded_shares():
    assert cc.hhi(np.array([50.0, 50.0])) == 5_000
    assert cc.hhi([33, 33, 33]) == pytest.approx(3 * 33 ** 2)  # adds up to 99: rounding, accepted


@pytest.mark.parametrize("shares, words", [
    ([60, 30], "add up to 90.0, not 100"),
    ([0.6, 0.4], "look like fractions"),
    ([], "at least one producer"),
    ([50, float("nan"), 50], "missing (NaN)"),
    ([120, -20], "negative"),
    ([0, 0], "every share is 0"),
    (["fifty", 50], "is not a number"),
    ("100", "not '100'"),
    (100, "not 100"),
    (pd.DataFrame({"a": [100]}), "not a whole table"),
    (None, "not a NoneType"),
    ([float("inf"), 1], "infinite"),
])
def test_bad_shares_get_a_clear_error(shares, words):
    with pytest.raises(cc.ConcentrationError, match=words.replace("(", r"\(").replace(")", r"\)")):
        cc.hhi(shares)


def test_normalise_rescales_and_says_it_is_optional():
    assert cc.hhi([60, 30], normalise=True) == pytest.approx((600 / 9) ** 2 + (300 / 9) ** 2)
    assert cc.hhi([30, 30, 30], normalise=True) == pytest.approx(10_000 / 3)


@pytest.mark.parametrize("bad", [0, -5, 10_001, float("nan"), "5000", True])
def test_equal_producers_refuses_impossible_indices(bad):
    with pytest.raises(cc.ConcentrationError):
        cc.equal_producers(bad)


def test_concentration_error_is_a_value_error():
    assert issubclass(cc.ConcentrationError, ValueError)


# --------------------------------------------------------------------------- from production rows
def rows(production: dict[str, float | None], world: float | None = None, mineral="m", stage="mine",
         year=2024, basis="test basis") -> pd.DataFrame:
    records = [{"mineral": mineral, "stage": stage, "year": year, "basis": basis, "country": c,
                "production": p, "unit": "t"} for c, p in production.items()]
    if world is not None:
        records.append({"mineral": mineral, "stage": stage, "year": year, "basis": basis,
                        "country": cc.WORLD, "production": world, "unit": "t"})
    return pd.DataFrame(records)


def test_bounds_bracket_the_other_lump():
    result = cc.concentration(rows({"China": 60, "B": 20, cc.OTHER: 20}, world=100))
    assert result.lower == pytest.approx(60 ** 2 + 20 ** 2)
    assert result.upper == pytest.approx(60 ** 2 + 20 ** 2 + 20 ** 2)
    assert result.china_share_pct == 60 and result.other_share_pct == 20 and result.n_named == 2
    few, many = result.producers_equivalent
    assert few < many
    assert "HHI 4,000 to 4,400" in result.summary()


def test_splitting_the_lump_lands_between_the_bounds():
    result = cc.concentration(rows({"China": 60, "B": 20, cc.OTHER: 20}))
    split = cc.hhi([60, 20, 5, 5, 5, 5])
    assert result.lower <= split <= result.upper


def test_no_other_row_means_one_exact_index():
    result = cc.concentration(rows({"China": 90, "B": 10}))
    assert result.lower == result.upper == pytest.approx(8_200)
    assert "to" not in result.summary().split("HHI")[1].split("(")[0]


def test_shares_are_of_the_listed_rows_not_the_rounded_world_total():
    result = cc.concentration(rows({"China": 270, "B": 45, cc.OTHER: 75}, world=400))
    assert result.china_share_pct == pytest.approx(round(270 / 390 * 100, 1))
    assert result.world_total == 400 and result.listed_total == 390


def test_withheld_producers_are_named_not_counted():
    result = cc.concentration(rows({"China": 90, "United States": None, cc.OTHER: 10}))
    assert result.withheld == ("United States",)
    assert "Withheld: United States" in result.summary()
    assert result.upper == pytest.approx(8_200)


def test_mixed_groups_are_refused():
    both = pd.concat([rows({"China": 100}, year=2023), rows({"China": 100}, year=2024)])
    with pytest.raises(cc.ConcentrationError, match="one index per group"):
        cc.concentration(both)
    table = cc.concentration_table(both)
    assert list(table["year"]) == [2023, 2024] and list(table["hhi_high"]) == [10_000, 10_000]


def test_duplicate_country_is_refused():
    twice = pd.concat([rows({"China": 50}), rows({"China": 50})])
    with pytest.raises(cc.ConcentrationError, match="appears twice"):
        cc.production_shares(twice)


@pytest.mark.parametrize("bad, words", [
    ("rows", "not a str"),
    (pd.DataFrame(columns=["mineral"]), "lack the column"),
    (rows({"China": 1}).iloc[0:0], "no rows"),
    (rows({"China": None, cc.OTHER: None}), "no production figures"),
    (rows({"China": -5, "B": 10}), "negative"),
])
def test_bad_production_rows_get_a_clear_error(bad, words):
    with pytest.raises(cc.ConcentrationError, match=words):
        cc.concentration(bad)


# --------------------------------------------------------------------------- near-monopoly by mineral and stage
SHARES = pd.DataFrame({
    "mineral": ["gallium", "gallium", "rare_earths", "rare_earths", "rare_earths", "graphite"],
    "stage": ["primary", "primary", "mine", "refining", "magnet_manufacturing", "mine"],
    "year": [2022, 2024, 2024, 2024, 2025, 2024],
    "china_share_pct": [98.0, 98.0, 69.0, 91.0, 94.0, None],
    "compiled_by": ["USGS", "UNU", "USGS", "IEA", "IEA", "USGS"],
})


@pytest.mark.parametrize("text, value", [("90", 90.0), (" 75 % ", 75.0), ("99,5", 99.5), (80, 80.0), ("100", 100.0)])
def test_parse_threshold_accepts_percentages(text, value):
    assert cc.parse_threshold(text) == (value, "")


@pytest.mark.parametrize("text, words", [("", "Type a share"), ("ninety", "is not a number"), ("0.8", "fraction"),
                                         ("150", "not a share"), ("-3", "not a share"), ("nan", "finite")])
def test_parse_threshold_explains_bad_input(text, words):
    value, message = cc.parse_threshold(text)
    assert value is None and words in message


def test_near_monopoly_depends_on_the_threshold_and_the_stage():
    at_90 = cc.near_monopoly_table(SHARES, 90)
    assert len(at_90) == 5  # graphite has no share, so it is left out
    met = set(at_90.loc[at_90["meets"], "stage"])
    assert met == {"primary", "refining", "magnet_manufacturing"}
    assert cc.near_monopoly_table(SHARES, 60)["meets"].all()
    assert not cc.near_monopoly_table(SHARES, 99)["meets"].any()


def test_near_monopoly_filters_by_mineral_and_refuses_a_bad_threshold():
    assert set(cc.near_monopoly_table(SHARES, 90, "rare_earths")["mineral"]) == {"rare_earths"}
    with pytest.raises(cc.ConcentrationError, match="not a share"):
        cc.near_monopoly_table(SHARES, 250)


def test_verdict_by_stage_counts_figures_never_averages_them():
    verdict = cc.verdict_by_stage(cc.near_monopoly_table(SHARES, 90)).set_index(["mineral", "stage"])
    assert verdict.loc[("gallium", "primary"), "reading"] == "all figures"
    assert verdict.loc[("rare_earths", "mine"), "reading"] == "none of the figures"
    mixed = cc.verdict_by_stage(cc.near_monopoly_table(pd.concat([SHARES, SHARES.assign(china_share_pct=50.0)]), 90))
    assert "some figures" in set(mixed["reading"])
    assert cc.verdict_by_stage(cc.near_monopoly_table(SHARES, 90).iloc[0:0]).empty


# --------------------------------------------------------------------------- the widget
PRODUCTION = pd.concat([rows({"China": 270, "B": 45, cc.OTHER: 75}, mineral="rare_earths"),
                        rows({"China": 98, cc.OTHER: 2}, mineral="gallium", stage="primary")])


def test_explorer_renders_and_keeps_the_last_good_threshold():
    box = cc.show_concentration_explorer(SHARES, PRODUCTION, key="test")
    explorer = cc.current_explorer("test")
    assert explorer is not None and explorer.widget is box
    assert "at or above 90%" in explorer.table.value and "HHI" in explorer.index_table.value
    explorer.threshold.value = "ninety"
    assert "is not a number" in explorer.message.value and "Still showing 90%" in explorer.message.value
    assert "at or above 90%" in explorer.table.value
    explorer.threshold.value = "60"
    assert explorer.message.value == "" and "at or above 60%" in explorer.table.value
    explorer.mineral.value = "graphite"
    assert "No per-country production" in explorer.index_table.value


def test_rerunning_the_cell_keeps_the_learners_choices():
    cc.show_concentration_explorer(SHARES, PRODUCTION, key="rerun")
    first = cc.current_explorer("rerun")
    first.mineral.value, first.threshold.value = "gallium", "75"
    cc.show_concentration_explorer(SHARES, PRODUCTION, key="rerun")
    second = cc.current_explorer("rerun")
    assert second is not first and (second.mineral.value, second.threshold.value) == ("gallium", "75")
    assert "at or above 75%" in second.table.value


def test_explorer_reports_bad_data_as_a_sentence():
    box = cc.show_concentration_explorer(SHARES, PRODUCTION.assign(production=-1), key="bad")
    assert "could not be built" in box.value and "negative" in box.value


def test_explorer_works_without_production_rows():
    cc.show_concentration_explorer(SHARES, None, key="noprod")
    assert cc.current_explorer("noprod").index_table.value == ""


def test_callbacks_are_fast():
    import time

    cc.show_concentration_explorer(SHARES, PRODUCTION, key="fast")
    explorer = cc.current_explorer("fast")
    start = time.perf_counter()
    for value in ("50", "60", "70", "80", "90"):
        explorer.threshold.value = value
    assert (time.perf_counter() - start) / 5 < 0.05
    assert math.isfinite(explorer.last_threshold)


def test_row_type_column_and_source_spellings_are_read():
    frame = rows({"China": 60, "B": 20, "Other": 20}, world=100)
    frame.loc[frame["country"] == cc.WORLD, "country"] = "World total (rounded)"
    assert cc.concentration(frame).upper == pytest.approx(4_400)  # names alone
    frame["row_type"] = ["country", "country", "other", "world_total"]
    frame.loc[2, "country"] = "Other (not listed)"
    result = cc.concentration(frame)
    assert (result.lower, result.upper, result.other_share_pct) == (4_000, 4_400, 20)
    assert result.world_total == 100


def test_a_figure_given_as_about_the_threshold_is_named_as_borderline():
    shares = pd.DataFrame({"mineral": ["rare_earths", "rare_earths"], "stage": ["refining", "refining"],
                           "year": [2023, 2024], "china_share_pct": [90.0, 90.0],
                           "figure_qualifier": ["about", "stated"]})
    table = cc.near_monopoly_table(shares, 90)
    assert table["meets"].all()
    assert list(cc.borderline(table, 90)["year"]) == [2023]
    assert cc.borderline(table, 85).empty and cc.borderline(table.drop(columns="figure_qualifier"), 90).empty
    cc.show_concentration_explorer(shares, None, key="edge")
    explorer = cc.current_explorer("edge")
    assert "1 of them is given only as <i>about</i> 90%" in explorer.table.value
    assert "rare_earths refining 2023" in explorer.table.value and "borderline" in explorer.table.value
    explorer.threshold.value = "85"
    assert "borderline" not in explorer.table.value
