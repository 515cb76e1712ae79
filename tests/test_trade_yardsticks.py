"""The yardstick rules of lesson 05: each family of method is recognised, including the tricky wordings."""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit.explorers import trade_yardsticks as ty
from coursekit.data import load


@pytest.mark.parametrize("text, expected", [
    ("customs/trade data by supplying country (country of dispatch or origin) - mainland China plus Hong Kong",
     ty.DISPATCH),
    # uses customs records but counts by brand: must not be read as dispatch
    ("brand / manufacturer headquarters of goods in Russia's customs import records", ty.HEADQUARTERS),
    ("brand / manufacturer headquarters / country of manufacture of components", ty.HEADQUARTERS),
    ("country of production (the report's 'Western' group includes e.g. Taiwan) of goods shipped from China/HK",
     ty.PRODUCTION),
    ("not stated; share of Russia's imports coming from China (US government assessment)", ty.NOT_STATED),
    ("not stated", ty.NOT_STATED),
    (None, ty.NOT_STATED),
    (pd.NA, ty.NOT_STATED),
])
def test_yardstick(text, expected):
    assert ty.yardstick(text) == expected


@pytest.mark.parametrize("item, expected", [
    ("microelectronics", ty.CHINA),
    ("foreign_components_in_recovered_russian_weapons_from_china", ty.CHINA),
    ("foreign_components_in_recovered_russian_weapons_from_coalition_countries", ty.WESTERN),
    ("foreign_components_in_recovered_russian_weapons_from_us_companies", ty.WESTERN),
    ("western_company_goods_in_china_hk_exports_to_russia", ty.WESTERN),
    (None, ty.CHINA),
])
def test_share_of(item, expected):
    assert ty.share_of(item) == expected


@pytest.mark.parametrize("text, expected", [
    ("customs/trade data by supplying country (country of dispatch or origin) - goods declared as Chinese-origin",
     True),
    ("customs/trade data by supplying country (country of dispatch or origin) - mainland China plus Hong Kong",
     False),
    ("brand / manufacturer headquarters", False),
    (None, False),
])
def test_declared_origin(text, expected):
    assert ty.declared_origin(text) is expected


def test_the_origin_rows_of_the_data_are_flagged():
    frame = ty.add_yardsticks(load("dual_use_trade"))
    flagged = set(frame.loc[frame["declared_origin"], "id"])
    assert flagged and flagged <= set(frame.loc[frame["yardstick"] == ty.DISPATCH, "id"])
    assert frame["how_measured"][frame["declared_origin"]].str.contains("Chinese-origin").all()


def test_short_who_prefers_the_acronym_for_long_names():
    assert ty.short_who("Ukraine's National Agency on Corruption Prevention (NACP), via RFE/RL") == "NACP"
    assert ty.short_who("Antony Blinken, US Secretary of State (Senate hearing)") == "Antony Blinken"
    assert ty.short_who("Financial Times analysis of Russian customs returns") == "Financial Times"
    assert len(ty.short_who("x" * 80)) == 30 and ty.short_who(None) == "unknown"


def test_short_item_keeps_what_distinguishes_rows():
    assert ty.short_item("foreign_components_in_recovered_russian_weapons_from_china") == \
        "recovered parts from China"
    assert ty.short_item("cnc_machine_tools") == "CNC machine tools"
    assert ty.short_item("dual_use_goods_all") == "all dual-use goods"


def test_every_row_of_the_data_gets_a_known_yardstick_and_a_unique_label():
    raw = load("dual_use_trade")
    frame = ty.add_yardsticks(raw)
    assert set(frame["yardstick"]) <= set(ty.YARDSTICKS)
    assert set(frame["share_of"]) <= {ty.CHINA, ty.WESTERN}
    assert frame["label"].is_unique and frame["label"].str.len().max() <= 70
    assert list(raw.columns) == list(frame.columns[: len(raw.columns)]), "the input columns stay first"
    assert "yardstick" not in raw.columns, "add_yardsticks must not change its input"
    # the two sides of the lesson's comparison both exist in the data
    assert {ty.DISPATCH, ty.HEADQUARTERS} <= set(frame.loc[frame["share_of"] == ty.CHINA, "yardstick"])
