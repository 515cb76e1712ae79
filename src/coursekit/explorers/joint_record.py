"""The record of joint Russia-China exercises and patrols as one table (lesson 01).

Why a helper: lesson 01 reads two data sets as one timeline. ``joint_exercises`` has one row per
exercise or joint naval patrol, ``bomber_patrols`` one row per joint bomber patrol, and their
columns differ. Stacking them, naming each row's kind and sorting dates known only to the year or
month took a dense pandas cell that learners found hard to follow; the reasoning the lesson
teaches (what grew, and which kind grew) does not need that plumbing on screen.

Rules, each a plain function the tests pin down:

- ``kind``: a row of ``joint_exercises`` with ``host == "none"`` is a joint naval patrol (no
  country hosts a patrol at sea); every other row is an exercise; every ``bomber_patrols`` row is
  a joint bomber patrol.
- ``event_format``: exercises split into two-country and multilateral, and multilateral ones by
  whether a third country hosted (``host == "other"``). Every patrol in the record is a
  two-country event, so a patrol's format is its kind.
- Sorting: a date known only to the year ("2024") or month ("2024-07") goes to the end of that
  period, after every full date in it.
- Names: a bomber patrol is named by its month ("Joint bomber patrol, July 2019"), not by an
  ordinal: the ordinals come from different bodies (China's defence ministry, Russia's, a wire
  report) and the latest row's from the compilers, so a name must not present one as official.
"""
from __future__ import annotations

import pandas as pd

EXERCISE = "exercise"
NAVAL_PATROL = "joint naval patrol"
BOMBER_PATROL = "joint bomber patrol"
TWO_COUNTRY = "exercise: two countries"
THIRD_HOST = "exercise: multilateral, third-country host"
PARTY_HOST = "exercise: multilateral, Russia or China host"
ALL_EXERCISES = "exercise: all formats"
COLUMNS = ["date", "year", "kind", "name", "domain", "location", "host", "multilateral",
           "notable_first", "note"]


def end_of_period(dates: pd.Series) -> pd.Series:
    """Sort key: pad '2024' or '2024-07' to ten characters with '~', which sorts after every digit."""
    return dates.astype(str).str.ljust(10, "~")


def events_table(exercises: pd.DataFrame, patrols: pd.DataFrame) -> pd.DataFrame:
    """One row per event from both data sets, with ``year`` and ``kind``, sorted by date."""
    ex = exercises.assign(date=exercises["start_date"])
    ex["kind"] = ex["host"].map(lambda host: NAVAL_PATROL if host == "none" else EXERCISE)
    air = patrols.assign(kind=BOMBER_PATROL, domain="air", host="none", multilateral=False,
                         location=patrols["areas"],
                         name="Joint bomber patrol, " + pd.to_datetime(patrols["date"]).dt.strftime("%B %Y"))
    events = pd.concat([ex, air], ignore_index=True)
    events["year"] = events["date"].str[:4].astype(int)
    return events[COLUMNS].sort_values("date", key=end_of_period, ignore_index=True)


def event_format(row: pd.Series) -> str:
    """A patrol's kind, or an exercise sorted by who took part and who hosted."""
    if row["kind"] != EXERCISE:
        return row["kind"]
    if not row["multilateral"]:
        return TWO_COUNTRY
    return THIRD_HOST if row["host"] == "other" else PARTY_HOST


def format_by_period(events: pd.DataFrame, split_year: int = 2019) -> pd.DataFrame:
    """Count events by format in the years before ``split_year`` and from it on, with totals.

    A row ``exercise: all formats`` follows the three exercise rows: their sum, so the lesson's
    "exercises rose from 16 to 21" can be read off the table.
    """
    first, last = int(events["year"].min()), int(events["year"].max())
    labels = {False: f"{first}-{split_year - 1}", True: f"{split_year}-{last}"}
    period = events["year"].ge(split_year).map(labels)
    formats = events.apply(event_format, axis=1)
    table = pd.crosstab(formats, period, margins=True, margins_name="all",
                        rownames=["format"], colnames=["period"])
    exercise_rows = [row for row in table.index if row.startswith("exercise:")]
    others = [row for row in table.index if row not in exercise_rows]
    subtotal = table.loc[exercise_rows].sum().to_frame(ALL_EXERCISES).T
    table = pd.concat([table.loc[exercise_rows], subtotal, table.loc[others]])
    table.index.name, table.columns.name = "format", "period"
    return table


def first_dots(events: pd.DataFrame) -> pd.DataFrame:
    """One row per event for a dot timeline: ``slot`` stacks a year's events, ``first`` names the colour."""
    reported = events["notable_first"].notna()
    return pd.DataFrame({
        "year": events["year"],
        "slot": events.groupby("year").cumcount() + 1,
        "kind": events["kind"],
        "name": events["name"],
        "first": reported.map({True: "a first was reported", False: "no first reported"}),
        "notable_first": events["notable_first"].fillna(""),
    })


def readable_date(date: str) -> str:
    """Non-breaking hyphens keep a date on one line; a partial date says what is missing."""
    missing = {4: " (month not fixed: see note)", 7: " (day not fixed)"}.get(len(date), "")
    return date.replace("-", "\u2011") + missing
