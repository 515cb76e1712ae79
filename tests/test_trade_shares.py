"""Mutual trade shares: computed where both totals exist, stated shares kept, bases labelled."""
from __future__ import annotations

import pandas as pd
import pytest

from coursekit.explorers import trade_shares as ts
from coursekit.data import load

COLUMNS = ["year", "reporter", "partner", "total_usd_bn", "share_of_reporter_trade_pct",
           "share_of_reporter_imports_pct", "status", "source_id"]


def partners(*rows: tuple) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    return frame


MINI = partners(
    (2030, "china", "russia", 50.0, None, None, "official_statistic", "c-ru"),
    (2030, "china", "world", 1000.0, None, None, "official_statistic", "c-w1"),
    (2030, "china", "world", 800.0, None, None, "reported", "c-w2;c-ru"),
    (2030, "russia", "world", 200.0, None, None, "official_statistic", "r-w"),
    (2030, "russia", "china", None, 20.0, None, "estimate", "est"),
    (2031, "china", "russia", 60.0, 2.5, None, "official_statistic", "c-ru2"),
    (2031, "russia", "china", None, None, 40.0, "estimate", "imp"),
)


def test_russia_in_china_is_computed_once_per_world_total():
    table = ts.mutual_trade_shares(MINI)
    computed = table[table["basis"] == ts.COMPUTED_CHINA]
    assert sorted(computed["share_pct"]) == [5.0, 6.25]  # 50/1000 and 50/800, never averaged
    assert set(computed["side"]) == {ts.RUSSIA_IN_CHINA}
    assert "c-w2;c-ru" not in set(computed["source_id"])
    assert set(computed["source_id"]) == {"c-ru;c-w1", "c-ru;c-w2"}  # repeats dropped, order kept


def test_china_in_russia_mixes_reporters_and_says_so():
    table = ts.mutual_trade_shares(MINI)
    mixed = table[table["basis"] == ts.COMPUTED_MIXED]
    assert mixed["share_pct"].tolist() == [25.0]  # China's 50 over Russia's 200
    assert mixed["side"].tolist() == [ts.CHINA_IN_RUSSIA]


def test_stated_shares_keep_measure_and_who_stated_them():
    table = ts.mutual_trade_shares(MINI)
    stated = table[~table["basis"].str.startswith("computed")]
    got = {(r.year, r.side, r.measure, r.basis): r.share_pct for r in stated.itertuples()}
    assert got == {
        (2030, ts.CHINA_IN_RUSSIA, "total trade", ts.THIRD_PARTY): 20.0,
        (2031, ts.RUSSIA_IN_CHINA, "total trade", ts.STATED_OFFICIAL): 2.5,
        (2031, ts.CHINA_IN_RUSSIA, "imports only", ts.THIRD_PARTY): 40.0,
    }


def test_no_total_means_no_computed_share():
    table = ts.mutual_trade_shares(MINI)
    assert not ((table["year"] == 2031) & table["basis"].str.startswith("computed")).any()


def test_real_data_gives_both_sides_with_plausible_percentages():
    table = ts.mutual_trade_shares(load("china_trade_partners"))
    assert list(table.columns) == ts.COLUMNS
    assert set(table["side"]) == {ts.RUSSIA_IN_CHINA, ts.CHINA_IN_RUSSIA}
    assert table["share_pct"].between(0, 100).all()
    assert table["source_id"].str.len().gt(0).all()
    per_side = table[table["measure"] == "total trade"].groupby("side")["share_pct"].max()
    assert per_side[ts.CHINA_IN_RUSSIA] > per_side[ts.RUSSIA_IN_CHINA]


@pytest.mark.parametrize("cells, joined", [(("a;b", "b;c"), "a;b;c"), (("a",), "a"), (("a;", ";a"), "a")])
def test_ids_are_joined_without_repeats(cells, joined):
    assert ts._ids(*cells) == joined


LABELLED = partners(
    (2030, "china", "russia", 50.0, None, None, "official_statistic", "c-ru"),
    (2030, "china", "world", 800.0, None, None, "reported", "conv"),
    (2030, "russia", "china", None, 10.0, None, "official_statistic", "mofcom"),
    (2030, "russia", "china", None, 30.0, None, "estimate", "op"),
    (2030, "russia", "china", None, 20.0, None, "estimate", "tt"),
    (2030, "china", "russia", None, 4.0, None, "reported", "wire"),
).assign(note=["", "a state-media dollar conversion of the yuan total", "stated by China's Ministry of Commerce",
               "", "", "CNN calculation for January-November 2030 only"])
SOURCES = pd.DataFrame({"source_id": ["op", "tt", "wire"],
                        "publisher": ["Daily Paper (opinion, A. Writer)", "Think Tank", "Wire (citing CNN)"],
                        "kind": ["analysis", "analysis", "secondary"]})


def test_labels_name_who_stated_each_share_from_the_data():
    table = ts.mutual_trade_shares(LABELLED, SOURCES)
    got = dict(zip(table["share_pct"], table["basis"]))
    assert got[10.0] == "stated by China's Ministry of Commerce"
    assert got[30.0] == "opinion column in Daily Paper"
    assert got[20.0] == "estimate by Think Tank"
    assert got[4.0] == "calculation by CNN (Jan–Nov only)"
    assert got[6.25] == ts.COMPUTED_CONVERTED  # world total is a conversion, not customs dollars


def test_without_sources_labels_fall_back_but_keep_partial_year():
    table = ts.mutual_trade_shares(LABELLED.assign(note=""))
    assert set(table.loc[table["share_pct"].isin([20.0, 30.0]), "basis"]) == {ts.THIRD_PARTY}
    assert table.loc[table["share_pct"] == 10.0, "basis"].item() == ts.STATED_OFFICIAL
    assert table.loc[table["share_pct"] == 6.25, "basis"].item() == ts.COMPUTED_CHINA


def test_real_data_names_the_chinese_ministry_and_the_opinion_column():
    table = ts.mutual_trade_shares(load("china_trade_partners"), load("sources"))
    bases = set(table["basis"])
    assert "stated by China's Ministry of Commerce" in bases
    assert any(b.startswith("opinion column") for b in bases)
    assert any("only)" in b for b in bases)
    assert not bases & {ts.STATED_OFFICIAL, ts.THIRD_PARTY}
