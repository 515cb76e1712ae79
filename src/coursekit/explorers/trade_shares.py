"""Each side's share of the other's trade, with how every share was obtained (lesson 03).

Why a helper: "who needs whom more" turns on two percentages that no single source reports
side by side. Russia's share of China's trade can be *computed* from China's own customs
totals (trade with Russia ÷ trade with the world). China's share of Russia's trade cannot:
Russia stopped publishing detailed customs data in 2022, so that side rests on shares *stated*
by officials or estimated by analysts, plus one calculation that divides China's customs figure
by Russia's customs total (two reporters mixed). Putting all of them in one long table with a
``basis`` column lets the lesson chart both sides on one axis without hiding that they were
measured differently.

Where several world totals exist for a year (a customs dollar total and a state-media
conversion of the yuan total, or two wire reports), each gives its own row: the course shows
disagreements, it never averages them.

Labels say **who** stated or estimated each figure, derived from the data (the row's ``note`` and
``status``, and the publisher and kind of its source in ``sources.csv``), because "stated by an
official" or "a third party" leaves learners to guess a country, and a signed opinion column is
weaker evidence than a think tank's estimate. Partial-year figures say so ("Jan–Nov only").
"""
from __future__ import annotations

import re

import pandas as pd

RUSSIA_IN_CHINA = "Russia's share of China's trade"
CHINA_IN_RUSSIA = "China's share of Russia's trade"
COMPUTED_CHINA = "computed from China's customs (Russia ÷ world)"
COMPUTED_MIXED = "computed, mixing China's and Russia's customs"
COMPUTED_CONVERTED = "computed: China's customs ÷ state-media conversion of world total"
STATED_OFFICIAL = "stated by an official"  # fallback when the note names no body
THIRD_PARTY = "estimate by a third party"  # fallback when no source table is given
# Who stated a share, read from the row's note (first match wins). The phrases are those the
# course data use; a new row with another body falls back to the source's publisher.
STATERS = (("Ministry of Commerce", "stated by China's Ministry of Commerce"),
           ("GACC spokesperson", "stated by China's customs spokesperson"),
           ("FCS deputy head", "stated by Russia's customs service"),
           ("CNN calculation", "calculation by CNN"))
_MONTHS = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
COLUMNS = ["year", "side", "measure", "share_pct", "basis", "source_id"]


def _by_id(sources: pd.DataFrame | None) -> pd.DataFrame | None:
    if sources is None or "source_id" not in sources.columns:
        return sources
    return sources.set_index("source_id")


def _ids(*cells: object) -> str:
    """Join ``a;b`` source-id cells into one, keeping order and dropping repeats."""
    seen: list[str] = []
    for cell in cells:
        for part in str(cell).split(";"):
            if part and part not in seen:
                seen.append(part)
    return ";".join(seen)


def _rows(partners: pd.DataFrame, reporter: str, partner: str) -> pd.DataFrame:
    return partners[(partners["reporter"] == reporter) & (partners["partner"] == partner)]


def _computed(partners: pd.DataFrame, numerator_reporter: str, denominator_reporter: str,
              side: str, basis: str) -> list[dict[str, object]]:
    """China-reported China–Russia totals divided by ``denominator_reporter``'s world totals."""
    bilateral = _rows(partners, numerator_reporter, "russia").dropna(subset=["total_usd_bn"])
    world = _rows(partners, denominator_reporter, "world").dropna(subset=["total_usd_bn"])
    rows: list[dict[str, object]] = []
    for _, pair in bilateral.iterrows():
        for _, total in world[world["year"] == pair["year"]].iterrows():
            label = (COMPUTED_CONVERTED if basis == COMPUTED_CHINA and _is_conversion(total) else basis)
            rows.append({"year": int(pair["year"]), "side": side, "measure": "total trade",
                         "share_pct": 100 * pair["total_usd_bn"] / total["total_usd_bn"],
                         "basis": label, "source_id": _ids(pair["source_id"], total["source_id"])})
    return rows


def _text(row: pd.Series, column: str) -> str:
    value = row.get(column, "")
    return "" if pd.isna(value) else str(value)


def _is_conversion(world_row: pd.Series) -> bool:
    """A world total that is a media outlet's dollar conversion of the yuan total, not customs dollars."""
    return world_row["status"] != "official_statistic" and "conversion" in _text(world_row, "note")


def _period(note: str) -> str:
    """' (Jan–Nov only)' when the note says the figure covers part of a year, else ''."""
    found = re.search(_MONTHS + r"[-–]" + _MONTHS + r" \d{4} only", note)
    return f" ({found.group(1)[:3]}–{found.group(2)[:3]} only)" if found else ""


def _who(row: pd.Series, sources: pd.DataFrame | None) -> str:
    """Who stated or estimated a share: from the note, else from the source's publisher and kind."""
    note = _text(row, "note")
    for phrase, label in STATERS:
        if phrase in note:
            return label + _period(note)
    first_id = str(row["source_id"]).split(";")[0]
    if sources is not None and first_id in sources.index:
        publisher = str(sources.loc[first_id, "publisher"])
        name = publisher.split(" (")[0]
        if "opinion" in publisher.lower():
            return f"opinion column in {name}" + _period(note)
        if sources.loc[first_id, "kind"] == "analysis":
            return f"estimate by {name}" + _period(note)
        return f"reported by {name}" + _period(note)
    return (STATED_OFFICIAL if row["status"] == "official_statistic" else THIRD_PARTY) + _period(note)


def _stated(partners: pd.DataFrame, reporter: str, partner: str, side: str,
            sources: pd.DataFrame | None) -> list[dict[str, object]]:
    """Shares a source states outright, for total trade or (where that is all there is) imports."""
    rows: list[dict[str, object]] = []
    for column, measure in (("share_of_reporter_trade_pct", "total trade"),
                            ("share_of_reporter_imports_pct", "imports only")):
        for _, row in _rows(partners, reporter, partner).dropna(subset=[column]).iterrows():
            basis = _who(row, sources)
            rows.append({"year": int(row["year"]), "side": side, "measure": measure,
                         "share_pct": float(row[column]), "basis": basis, "source_id": row["source_id"]})
    return rows


def mutual_trade_shares(partners: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Russia's share of China's trade and China's share of Russia's trade, one row per figure.

    ``partners`` is the course data set ``china_trade_partners``; ``sources`` (optional) is the
    course data set ``sources``, used to name who published a stated share. Returns columns ``year``,
    ``side``, ``measure`` ("total trade" or "imports only"), ``share_pct`` (percent, 0-100),
    ``basis`` (how the figure was obtained) and ``source_id`` (every source the figure rests
    on), sorted by year and side.
    """
    rows = (_computed(partners, "china", "china", RUSSIA_IN_CHINA, COMPUTED_CHINA)
            + _stated(partners, "china", "russia", RUSSIA_IN_CHINA, _by_id(sources))
            + _computed(partners, "china", "russia", CHINA_IN_RUSSIA, COMPUTED_MIXED)
            + _stated(partners, "russia", "china", CHINA_IN_RUSSIA, _by_id(sources)))
    table = pd.DataFrame(rows, columns=COLUMNS)
    table["year"] = table["year"].astype("Int64")
    return table.sort_values(["year", "side", "basis", "share_pct"], ignore_index=True)
