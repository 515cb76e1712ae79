"""The joint record helper: kinds, formats, sorting of partial dates, and the lesson's counts."""
from __future__ import annotations

import pandas as pd

from coursekit.data import load
from coursekit.explorers import joint_record as jr

EX_COLUMNS = ["exercise_id", "name", "start_date", "domain", "location", "host", "multilateral",
              "notable_first", "note"]


def mini_exercises() -> pd.DataFrame:
    return pd.DataFrame([
        ("ex-a", "Two-country drill", "2018-05-01", "naval", "Sea", "China", False, None, None),
        ("ex-b", "Patrol at sea", "2021-10", "naval", "Pacific", "none", False, "first patrol", None),
        ("ex-c", "Hosted by Iran", "2021-01-20", "naval", "Gulf", "other", True, None, None),
        ("ex-d", "SCO drill", "2021", "land", "Range", "Russia", True, None, None),
    ], columns=EX_COLUMNS)


def mini_patrols() -> pd.DataFrame:
    return pd.DataFrame({"sequence": [1], "date": ["2021-10-15"], "areas": ["Sea of Japan"],
                         "notable_first": [None], "note": [None]})


def test_kinds_and_years():
    events = jr.events_table(mini_exercises(), mini_patrols())
    kinds = dict(zip(events["name"], events["kind"]))
    assert kinds["Patrol at sea"] == jr.NAVAL_PATROL
    assert kinds["Two-country drill"] == jr.EXERCISE
    assert kinds["Joint bomber patrol, October 2021"] == jr.BOMBER_PATROL
    assert events["year"].dtype.kind == "i"


def test_partial_dates_sort_to_the_end_of_their_period():
    events = jr.events_table(mini_exercises(), mini_patrols())
    assert list(events["date"]) == ["2018-05-01", "2021-01-20", "2021-10-15", "2021-10", "2021"]


def test_formats_split_by_participants_and_host():
    events = jr.events_table(mini_exercises(), mini_patrols())
    formats = dict(zip(events["name"], events.apply(jr.event_format, axis=1)))
    assert formats["Two-country drill"] == jr.TWO_COUNTRY
    assert formats["Hosted by Iran"] == jr.THIRD_HOST
    assert formats["SCO drill"] == jr.PARTY_HOST
    assert formats["Patrol at sea"] == jr.NAVAL_PATROL


def test_format_by_period_labels_and_totals():
    table = jr.format_by_period(jr.events_table(mini_exercises(), mini_patrols()))
    assert list(table.columns) == ["2018-2018", "2019-2021", "all"]
    assert table.loc["all", "all"] == 5
    assert table.loc[jr.ALL_EXERCISES, "all"] == 3  # the three exercise rows summed
    assert list(table.index)[3] == jr.ALL_EXERCISES  # right after the exercise rows


def test_patrol_names_carry_no_ordinal():
    """The latest patrol's ordinal is the compilers'; a name must not present it as official."""
    events = jr.events_table(load("joint_exercises"), load("bomber_patrols"))
    names = events.loc[events["kind"] == jr.BOMBER_PATROL, "name"]
    assert names.is_unique and not names.str.contains("no.", regex=False).any()


def test_first_dots_stack_each_year():
    dots = jr.first_dots(jr.events_table(mini_exercises(), mini_patrols()))
    assert list(dots.loc[dots["year"] == 2021, "slot"]) == [1, 2, 3, 4]
    assert (dots["first"] == "a first was reported").sum() == 1
    assert dots["notable_first"].notna().all()


def test_readable_date_names_what_is_missing():
    assert jr.readable_date("2024") == "2024 (month not fixed: see note)"
    assert jr.readable_date("2024-07") == "2024\u201107 (day not fixed)"
    assert jr.readable_date("2024-07-14") == "2024\u201107\u201114"


def test_the_lessons_counts_on_the_course_data():
    """The counts lesson 01 states in its text: two-country exercises level, the rise multilateral."""
    events = jr.events_table(load("joint_exercises"), load("bomber_patrols"))
    table = jr.format_by_period(events[events["year"] <= 2025])
    assert table.loc[jr.TWO_COUNTRY, "2012-2018"] == 11 and table.loc[jr.TWO_COUNTRY, "2019-2025"] == 10
    assert table.loc[jr.THIRD_HOST, "2012-2018"] == 2 and table.loc[jr.THIRD_HOST, "2019-2025"] == 7
    assert table.loc[jr.BOMBER_PATROL, "2012-2018"] == 0
    assert table.loc[jr.ALL_EXERCISES, "2012-2018"] == 16 and table.loc[jr.ALL_EXERCISES, "2019-2025"] == 21
