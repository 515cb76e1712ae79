"""Sort the published 'share from China' figures by the yardstick behind them (lesson 05).

Why this module: ``data/dual_use_trade.csv`` keeps each source's own description of its method
in free text (``how_measured``), because sources word it differently and the wording matters
as evidence. To compare figures, a lesson needs the same three or four families of method
every time:

* **dispatch or declared origin**: customs data by supplying country. Customs records name
  either the country the goods were shipped from (dispatch: a US-brand chip shipped from Hong
  Kong counts as "from China") or the declared *country of origin*, the country where the goods
  were made. Most sources do not say which; rows whose method names "Chinese-origin" goods are
  origin-based, and :func:`declared_origin` flags them;
* **manufacturer HQ**: where the brand or maker is headquartered, wherever the goods were
  shipped from;
* **country of production**: where the goods were made;
* **not stated**: the figure came without a method.

It also says *whose* share a figure is (China's, or Western companies' or countries'), read
from ``item_category``. Keeping these rules in one tested place means the lesson, its
exercises and its checkers classify every row the same way, and a learner can read the rules.
"""
from __future__ import annotations

import re

import pandas as pd

DISPATCH = "dispatch or declared origin"
HEADQUARTERS = "manufacturer HQ"
PRODUCTION = "country of production"
NOT_STATED = "not stated"
YARDSTICKS = (DISPATCH, HEADQUARTERS, PRODUCTION, NOT_STATED)

CHINA = "China (incl. Hong Kong)"
WESTERN = "Western companies or countries"
_WESTERN_WORDS = ("coalition", "us_companies", "western")


def yardstick(how_measured: object) -> str:
    """The family of method behind one figure, from its ``how_measured`` text.

    The order of the tests matters: "brand / manufacturer headquarters of goods in Russia's
    customs import records" uses customs records but counts by brand, so brand is tested first.
    """
    text = str(how_measured).lower() if isinstance(how_measured, str) else ""
    if "manufacturer headquarters" in text or text.startswith("brand"):
        return HEADQUARTERS
    if "country of dispatch" in text or text.startswith("customs/trade data by supplying country"):
        return DISPATCH
    if text.startswith("country of production"):
        return PRODUCTION
    return NOT_STATED


def declared_origin(how_measured: object) -> bool:
    """True when the method says the goods were *declared* as made in a country ('Chinese-origin'):
    such a share counts where goods were made, close to country of production, not only the route."""
    text = str(how_measured).lower() if isinstance(how_measured, str) else ""
    return "-origin" in text


def share_of(item_category: object) -> str:
    """Whose share a figure gives: Western companies' or countries' (named in the item
    category, e.g. '..._from_coalition_countries'), otherwise China's (incl. Hong Kong)."""
    text = str(item_category).lower() if isinstance(item_category, str) else ""
    return WESTERN if any(word in text for word in _WESTERN_WORDS) else CHINA


_SHORTER_ITEMS = (
    ("foreign_components_in_recovered_russian_weapons_", "recovered parts "),
    ("foreign_components_in_russian_weapons_on_the_battlefield_", "battlefield parts "),
    ("critical_electronics_in_russian_drones_", "drone electronics "),
    ("from_coalition_countries", "from coalition"),
    ("metalworking_machine_tools_and_parts", "metalworking tools"),
    ("microelectronic_components_in_27_russian_weapon_systems_", "chips in 27 weapon types "),
    ("_in_china_hk_exports_to_russia", " in China/HK exports"),
    ("battlefield_items_produced_by_coalition_country_companies", "battlefield goods by coalition firms"),
    ("critical_military_components_by_coalition_hq_companies", "critical parts by coalition firms"),
    ("goods_produced_in_western_countries", "goods made in Western countries"),
    ("western_company_goods", "Western-brand goods"),
    ("g7_common_high_priority_items", "G7 high-priority items"),
    ("dual_use_goods_all", "all dual-use goods"),
    ("cnc_", "CNC_"),
    ("us_companies", "US_companies"),
    ("from_china", "from_China"),
)


def short_who(who_said_it: object, width: int = 30) -> str:
    """The speaker or organisation without details: text before a bracket, comma or ';',
    or the acronym in brackets (e.g. NACP) when the name is longer than ``width``."""
    text = str(who_said_it) if isinstance(who_said_it, str) else "unknown"
    text = text.replace("Yermak-McFaul group / KSE", "KSE/Yermak group")
    acronym = re.search(r"\(([A-Z]{3,})\)", text)
    name = re.split(r"[(,;]| analysis of | with the ", text)[0].strip()
    if len(name) > width and acronym:
        return acronym.group(1)
    return name if len(name) <= width else name[: width - 1].rstrip() + "\u2026"


def short_item(item_category: object) -> str:
    """``item_category`` in words, with the longest recurring phrases shortened for an axis."""
    text = str(item_category) if isinstance(item_category, str) else ""
    for long, short in _SHORTER_ITEMS:
        text = text.replace(long, short)
    return text.replace("_", " ")


def add_yardsticks(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``dual_use_trade`` with four added columns: ``yardstick``, ``declared_origin``
    (the method names declared origin), ``share_of`` and ``label`` (row id, speaker and item,
    short enough for a chart axis)."""
    out = frame.copy()
    out["yardstick"] = out["how_measured"].map(yardstick).astype("string")
    out["declared_origin"] = out["how_measured"].map(declared_origin).astype(bool)
    out["share_of"] = out["item_category"].map(share_of).astype("string")
    out["label"] = (out["id"] + " \u00b7 " + out["who_said_it"].map(short_who) + ": "
                    + out["item_category"].map(short_item)).astype("string")
    return out
