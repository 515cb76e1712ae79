"""Estimates that disagree stay apart: bound kinds, estimator groups, one topic per unit, range charts."""
from __future__ import annotations

import json
import math

import pandas as pd
import pytest

from coursekit.explorers import estimate_ranges as er
from coursekit.charts import OKABE_ITO, untitled_channels
from coursekit.data import load

MUNITIONS = load("dprk_munitions_estimates")
EVENTS = load("russia_dprk_events")
TIDY = er.tidy_estimates(MUNITIONS, EVENTS)


@pytest.mark.parametrize("low, high, kind", [
    (500_000, 3_000_000, "range"),
    (12.0, 12.0, "point"),
    (6_000_000, None, "at least"),
    (6_000_000, math.nan, "at least"),
    (pd.NA, 4_800_000, "up to"),
])
def test_bound_kind(low, high, kind):
    assert er.bound_kind(low, high) == kind


def test_bound_kind_needs_a_bound():
    with pytest.raises(ValueError, match="low or a high"):
        er.bound_kind(None, math.nan)


@pytest.mark.parametrize("who, group", [
    ("Ukraine GUR chief Budanov, as relayed by South Korean lawmaker Yu", "Ukrainian government"),
    ("South Korea NIS (via lawmakers)", "South Korean government"),
    ("US Department of Defense (Maj. Gen. Pat Ryder)", "US or UK government"),
    ("UK Ministry of Defence (Defence Intelligence)", "US or UK government"),
    ("White House National Security Council (John Kirby)", "US or UK government"),
    ("Western intelligence sources (The Times)", "Unnamed Western officials"),
    ("C4ADS with The Washington Post", "Think tank or newspaper analysis"),
    ("Sergei Shoigu, Secretary of Russia's Security Council", "Russian or North Korean government"),
    ("A new estimator", er.OTHER_GROUP),
    (None, er.OTHER_GROUP),
])
def test_estimator_group(who, group):
    assert er.estimator_group(who) == group


def test_every_estimator_in_the_data_has_a_group_and_a_palette_colour():
    assert er.OTHER_GROUP not in set(TIDY["who"]), TIDY.loc[TIDY["who"] == er.OTHER_GROUP, "estimated_by"].tolist()
    assert set(er.GROUP_COLOURS.values()) <= set(OKABE_ITO) | {"#999999"}  # the course grey
    assert set(er.GROUP_COLOURS) == {g for g, _ in er.ESTIMATOR_GROUPS} | {er.OTHER_GROUP}


def test_tidy_keeps_every_estimate_once_and_drops_milestones():
    with_estimate = EVENTS["estimate_low"].notna() | EVENTS["estimate_high"].notna()
    assert len(TIDY) == len(MUNITIONS) + with_estimate.sum()
    assert TIDY["estimate_low"].sum() == MUNITIONS["estimate_low"].sum() + EVENTS["estimate_low"].sum()
    assert list(TIDY.columns) == er.TIDY_COLUMNS
    assert TIDY["order"].is_unique


def test_one_unit_per_topic_and_unique_labels_within_a_topic():
    """Only the halves of an either/or conversion share a row (and bring their own unit to their partner's topic)."""
    units = TIDY[~TIDY["either_or"]].groupby("topic")["unit"].unique()
    for topic, topic_units in units.items():
        assert len(topic_units) == 1 or topic.startswith("Troops or workers decided"), (topic, topic_units)
    assert not TIDY[~TIDY["either_or"]].duplicated(["topic", "label"]).any()
    assert not TIDY[TIDY["either_or"]].duplicated(["topic", "label"], keep=False).eq(False).any()


def test_either_or_conversions_are_pairs_of_floors_on_one_row_never_ranges():
    """Shin's February 2024 conversion: 'more than 3 million' 152 mm shells OR 'more than 500,000' 122 mm rounds."""
    pairs = TIDY[TIDY["either_or"]]
    assert len(pairs) >= 4 and (pairs["bound"] == "at least").all()
    shells_topic = er.TOPIC_BY_UNIT["shells"]
    for _label, pair in pairs.groupby("label"):
        assert len(pair) == 2 and set(pair["unit"]) == {"shells", "122 mm rounds"}
        assert (pair["topic"] == shells_topic).all() and pair["date"].nunique() == 1
        assert (pair["reading"] == er.EITHER_OR_READING).all()
    feb = pairs[pairs["date"] == "2024-02"].set_index("unit")["estimate_low"]
    assert feb["shells"] == 3_000_000 and feb["122 mm rounds"] == 500_000
    # The either/or halves are never a range; the one true range is an independent count (Reuters and OSC).
    ranges = TIDY[(TIDY["topic"] == shells_topic) & (TIDY["bound"] == "range")]
    assert not ranges["either_or"].any() and (ranges["status"] == "estimate").all()
    spec = er.range_chart(TIDY[TIDY["topic"] == shells_topic], x_title="Shells").to_dict()
    dashed = [layer for layer in spec["layer"] if layer["mark"].get("strokeDash")]
    assert len(dashed) == 1 and dashed[0]["mark"]["type"] == "rule"
    assert "either/or" in er.describe_topic(TIDY[TIDY["topic"] == shells_topic])


def test_marker_sits_on_the_bound_that_exists():
    floors = TIDY[TIDY["bound"] == "at least"]
    ceilings = TIDY[TIDY["bound"] == "up to"]
    assert (floors["marker_at"] == floors["estimate_low"]).all() and floors["estimate_high"].isna().all()
    assert (ceilings["marker_at"] == ceilings["estimate_high"]).all() and len(ceilings) > 0


def test_unknown_unit_is_refused_with_advice():
    odd = MUNITIONS.head(1).assign(unit="barrels")
    with pytest.raises(ValueError, match="TOPIC_BY_UNIT"):
        er.tidy_estimates(odd, EVENTS)


def test_range_chart_for_one_topic():
    shells = TIDY[TIDY["unit"] == "shells"]
    spec = er.range_chart(shells, x_title="Shells").to_dict()
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["rule", "rule", "point"]  # either/or links, ranges, markers
    troops = er.range_chart(TIDY[TIDY["topic"] == er.TOPIC_BY_UNIT["troops"]], x_title="Troops").to_dict()
    assert [layer["mark"]["type"] for layer in troops["layer"]] == ["rule", "point"]
    assert not untitled_channels(spec)
    colours = spec["layer"][0]["encoding"]["color"]["scale"]
    assert colours["domain"] == [g for g in er.GROUP_COLOURS if g in set(shells["who"])]
    assert len(json.dumps(spec)) < 50_000


def test_range_chart_refuses_mixed_units_without_a_menu():
    with pytest.raises(ValueError, match="mix units"):
        er.range_chart(TIDY, x_title="Estimate")
    with pytest.raises(ValueError, match="missing"):
        er.range_chart(TIDY.drop(columns="bound"), x_title="Estimate")


def test_range_chart_has_no_vega_menu():
    """A Vega-bound select hands ArrowDown to JupyterLab (keyboard trap): topics are chosen in range_explorer."""
    spec = er.range_chart(TIDY[TIDY["unit"] == "troops"], x_title="Troops").to_dict()
    assert "bind" not in json.dumps(spec)


def _chart_spec(explorer):
    (output,) = explorer.chart_area.outputs
    return output["data"]["application/vnd.vegalite.v5+json"]


def test_range_explorer_is_a_keyboard_ready_menu_driving_chart_and_table():
    from coursekit.widget_tools import KEYBOARD_CLASS

    shells = er.TOPIC_BY_UNIT["shells"]
    explorer = er.range_explorer(TIDY, source="Source: test", initial=shells)
    assert KEYBOARD_CLASS in explorer._dom_classes
    assert type(explorer.children[-1]).__name__ == "KeyboardGuard"
    picker = explorer.topic_picker
    assert type(picker).__name__ == "Dropdown" and set(picker.options) == set(TIDY["topic"])
    assert picker.value == shells
    spec = _chart_spec(explorer)
    assert spec["layer"][0]["encoding"]["x"]["title"] == shells
    assert f"of {shells}" in spec["description"] and "bind" not in json.dumps(spec)
    n_shells = int((TIDY["topic"] == shells).sum())
    assert f"{n_shells} figures on" in explorer.table.value

    troops = "North Korean troops in Russia, totals (troops)"
    picker.value = troops  # what the arrow keys do in the browser
    spec = _chart_spec(explorer)
    assert spec["layer"][0]["encoding"]["x"]["title"] == troops
    values = spec["datasets"][next(iter(spec["datasets"]))]
    assert {row["topic"] for row in values} == {troops}
    assert "25,000" in explorer.table.value or "," in explorer.table.value
    assert "Pentagon" in explorer.table.value and "shells" not in explorer.table.value.split("<table")[1]


def test_range_explorer_starts_on_the_first_topic_when_initial_is_unknown():
    explorer = er.range_explorer(TIDY, source="Source: test", initial="no such topic")
    assert explorer.topic_picker.value == sorted(TIDY["topic"].unique())[0]


def test_topic_description_counts_kinds_for_screen_readers():
    rows = TIDY[TIDY["unit"] == "killed"]
    text = er.describe_topic(rows)
    assert text.startswith(f"Range chart of {len(rows)} estimate")
    assert "North Korean soldiers killed (persons)" in text
    with pytest.raises(ValueError, match="no estimates"):
        er.topic_chart(TIDY, "no such topic", source="Source: test")


def test_single_troop_transfers_are_kept_apart_from_totals():
    transfers = TIDY[TIDY["topic"] == er.TRANSFER_TOPIC]
    assert len(transfers) > 0 and (transfers["unit"] == "troops").all()
    assert transfers["what"].str.contains("|".join(er.TRANSFER_WORDS), case=False).all()
    totals = TIDY[TIDY["topic"] == er.TOPIC_BY_UNIT["troops"]]
    assert not totals["what"].str.contains("|".join(er.TRANSFER_WORDS), case=False).any()


def test_same_date_and_estimator_labels_say_what_differs():
    budanov = TIDY[(TIDY["unit"] == "missiles") & TIDY["estimated_by"].str.contains("Budanov")]
    assert len(budanov) == 2 and budanov["label"].is_unique
    for _, row in budanov.iterrows():
        assert row["label"].endswith(er._short(row["what"].split(": ", 1)[-1], er.WHAT_CHARS))
    assert (TIDY["label"].str.len() <= 10 + 3 + er.LABEL_WHO_CHARS + 3 + er.WHAT_CHARS + 3).all()


def test_what_reads_as_words_and_the_explorer_table_is_short():
    share = TIDY.loc[TIDY["unit"] == "pct", "what"]
    assert "Share of Russian artillery shells from North Korea" in set(share)
    assert not TIDY["what"].str.contains("dprk|_").any()
    assert len(er.EXPLORER_COLUMNS) <= 8 and "method" in er.EXPLORER_COLUMNS


def test_the_msmt_and_reuters_osc_have_their_own_groups():
    msmt = TIDY[TIDY["estimated_by"].str.contains("MSMT")]
    assert len(msmt) and (msmt["who"] == "Sanctions monitors of 11 governments (MSMT)").all()
    assert (msmt["status"] == "claimed").all()
    osc = TIDY[TIDY["estimated_by"].str.contains("Open Source Centre")]
    assert len(osc) and (osc["who"] == "Think tank or newspaper analysis").all()


def test_capacity_conversions_carry_a_reading_and_every_row_its_note():
    capacity = TIDY["method"].str.contains("capacity") & ~TIDY["either_or"]
    assert capacity.any() and (TIDY.loc[capacity, "reading"] == er.CAPACITY_READING).all()
    capacity = TIDY["method"].str.contains("capacity")
    assert (TIDY.loc[~capacity & ~TIDY["either_or"], "reading"] == "").all()
    assert TIDY["note"].map(type).eq(str).all()
    floors = TIDY[(TIDY["bound"] == "at least") & capacity]
    assert len(floors) > 0  # the 'more than' capacity figures the lesson warns about


def test_ukraine_and_think_tanks_get_clearly_different_colours():
    ukraine, think_tank = er.GROUP_COLOURS["Ukrainian government"], er.GROUP_COLOURS["Think tank or newspaper analysis"]
    assert ukraine != think_tank and {ukraine, think_tank} != {"#0072B2", "#56B4E9"}
    assert len(set(er.GROUP_COLOURS.values())) == len(er.GROUP_COLOURS)


@pytest.mark.parametrize("who, label", [
    ("Vadym Skibitskyi, deputy chief of Ukraine GUR (to Reuters)", "Ukraine GUR (Skibitskyi)"),
    ("Kyrylo Budanov, Ukraine GUR chief", "Ukraine GUR (Budanov)"),
    ("Sergei Shoigu, Secretary of Russia's Security Council", "Russia's Security Council (Shoigu)"),
    ("South Korea Defense Intelligence Agency (report to Rep. Kang Dae-sik)", "South Korea DIA"),
    ("Western officials, as reported by CNN", "Western officials (via CNN)"),
    ("RUSI", "RUSI"),
])
def test_short_labels_keep_the_organisation_first(who, label):
    assert er._short(who) == label


def test_every_label_fits_and_no_organisation_is_cut():
    shown = TIDY["label"].str.split(" · ").str[1]
    assert (shown.str.len() <= er.LABEL_WHO_CHARS).all()
    assert not shown.str.endswith("of…").any() and not shown.str.endswith("of").any()


def test_colours_are_distinct_and_points_are_opaque():
    assert len(set(er.GROUP_COLOURS.values())) == len(er.GROUP_COLOURS)
    assert er.GROUP_COLOURS["Russian or North Korean government"] not in {"#D55E00", "#E69F00"}
    spec = er.range_chart(TIDY[TIDY["unit"] == "shells"], x_title="Shells").to_dict()
    points = [layer for layer in spec["layer"] if layer["mark"]["type"] == "point"]
    assert points and all(layer["mark"].get("opacity") == 1 for layer in points)


def test_explorer_charts_stay_narrow_enough_for_the_output_area():
    """Third learner run: long labels made three topics wider than the output area; cap plot and labels."""
    for topic in TIDY["topic"].unique():
        spec = er.topic_chart(TIDY, topic, source="Source: test").to_dict()
        assert spec["width"] == er.EXPLORER_PLOT_WIDTH
        limits = {layer["encoding"]["y"]["axis"]["labelLimit"] for layer in spec["layer"]}
        assert limits == {er.EXPLORER_LABEL_LIMIT}
        assert er.EXPLORER_PLOT_WIDTH + er.EXPLORER_LABEL_LIMIT <= 600
        assert all(len(line) <= 110 for line in spec["title"]["subtitle"]), spec["title"]["subtitle"]
    assert TIDY["label"].str.len().max() <= 60


def test_mixed_rounds_are_never_drawn_as_shells():
    """The MSMT's shells-and-rockets and the NIS's shells-and-missiles figures get topics of their own."""
    shells = TIDY[TIDY["topic"].str.startswith("Artillery shells")]
    assert not shells["what"].str.contains("rocket rounds|and missiles", case=False).any()
    mixed = TIDY[TIDY["unit"].str.startswith("rounds")]
    assert len(mixed) == 2 and mixed["topic"].str.contains("in one figure").all()
