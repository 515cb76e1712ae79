"""Threat-report figures grouped by whom they are attributed to and by what they count (lesson 06).

Why a module: ``data/information_operations.csv`` keeps each source's own wording of the actor ("China (pro-PRC
network)", "Russia (RT and FSB, per DOJ affidavits)", "mainly Russia and China"), which is right for the record
but too varied to colour a chart by. :func:`actor_group` sorts that wording into a few groups with one rule,
checked in order, so every chart and table in the lesson and its exercise groups a row the same way. The
original ``actor`` text is always kept beside the group.

:data:`COUNTS` names, in plain words, what each value of the ``measures`` column counts, because the lesson's
first point is that incidents, networks, accounts, channels and pieces of content are different things that
must never be added or ranked on one axis.
"""
from __future__ import annotations

import math
from typing import Any

import pandas as pd

JOINT = "Joint (the source's word)"
SEVERAL = "Several, no split"
BOTH = SEVERAL  # the name earlier code used for rows naming both states; kept so old exercises still run
RUSSIA = "Russia"
CHINA = "China"
OTHER = "Other states"
ALL = "All (no split)"
ACTOR_GROUPS = (RUSSIA, CHINA, JOINT, SEVERAL, OTHER, ALL)
"""Groups in legend order. *Joint* is kept apart from *several* on purpose: a row the source says the two
states ran jointly is evidence on the lesson's question; a total that names both (or several) states without
splitting them is not, and sharing one colour would make it look as if it were."""

GROUP_COLOURS = {RUSSIA: "#D55E00", CHINA: "#0072B2", JOINT: "#CC79A7", SEVERAL: "#000000", OTHER: "#009E73",
                 ALL: "#999999"}
"""Okabe-Ito colours (and the course's grey for 'no split'), fixed per group so every chart agrees."""

COUNTS = {
    "incidents": "incidents in an analysed sample",
    "operations": "operations or networks",
    "accounts": "accounts, pages or instances",
    "channels": "channels",
    "content": "pieces of content",
    "targets": "people, organisations or countries targeted",
    "engagement": "audience or engagement",
    "statement": "statement (no figure)",
    "domains": "internet domains",
    "effect_assessment": "effect as the source judged it (no figure)",
    "spending": "money spent",
    "charges": "people charged",
    "sites": "websites",
    "actors": "actors (groups) tracked",
}
"""What each ``measures`` value counts, in the lesson's words."""


def actor_group(actor: Any) -> str:
    """The group of a row's ``actor`` wording: Russia, China, joint, several, other states, or all actors.

    Checked in this order: 'all actors' first (a total that names Russia and China among others is still a
    total); then a row whose wording says the two acted *jointly* (the source's word, e.g. the EEAS's
    'operating jointly'); then a row naming both Russia and China, or several states, with no split ('mainly
    Russia and China', 'Russia, China, Iran, Israel'); then Russia; then China; anything else is another state.

    >>> actor_group("China (pro-PRC network)"), actor_group("mainly Russia and China"), actor_group("Iran")
    ('China', 'Several, no split', 'Other states')
    >>> actor_group("Russia and China, jointly (the EEAS's word)")
    "Joint (the source's word)"
    """
    if actor is None or (isinstance(actor, float) and math.isnan(actor)):
        return ALL
    text = str(actor).strip()
    head = text.split("(")[0].lower()  # the bracket says who in the state, not which state
    if head.startswith("all actors"):
        return ALL
    names_russia, names_china = "russia" in head, "china" in head
    if names_russia and names_china and "jointly" in text.lower():
        return JOINT
    if (names_russia and names_china) or "," in head:
        return SEVERAL
    if names_russia:
        return RUSSIA
    if names_china:
        return CHINA
    return OTHER


def with_groups(figures: pd.DataFrame) -> pd.DataFrame:
    """``figures`` (information_operations) with ``actor_group`` and ``counts`` (what the row counts) added.

    A ``measures`` value with no plain name keeps its own word (a new kind added to the data set must not
    break a learner's lesson); :func:`unnamed_measures` lists them for the tests."""
    return figures.assign(actor_group=figures["actor"].map(actor_group),
                          counts=figures["measures"].map(lambda m: COUNTS.get(m, m)))


def unnamed_measures(figures: pd.DataFrame) -> list[str]:
    """``measures`` values in ``figures`` that :data:`COUNTS` has no plain name for."""
    return sorted(set(figures["measures"].dropna()) - set(COUNTS))
