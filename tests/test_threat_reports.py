"""Lesson 06's grouping of threat-report figures: one rule for every row, nothing left unnamed."""
from __future__ import annotations

import math

import pytest

from coursekit.data import load
from coursekit.explorers import threat_reports as tr


@pytest.mark.parametrize("actor, group", [
    ("Russia", tr.RUSSIA),
    ("Russia (RT and FSB, per DOJ affidavits)", tr.RUSSIA),
    ("China (pro-PRC network)", tr.CHINA),
    ("China (linked by Meta to individuals associated with Chinese law enforcement)", tr.CHINA),
    ("Russia and China", tr.SEVERAL),
    ("Russia and China, jointly (the EEAS's word)", tr.JOINT),
    ("mainly Russia and China", tr.SEVERAL),
    ("Russia, China, Iran, Israel", tr.SEVERAL),
    ("all actors", tr.ALL),
    ("all actors (incl. Chinese- and Russian-linked)", tr.ALL),
    ("Iran", tr.OTHER),
    ("United States (links to individuals associated with the US military)", tr.OTHER),
    (math.nan, tr.ALL),
])
def test_actor_group(actor, group):
    assert tr.actor_group(actor) == group


def test_a_bracket_naming_another_state_does_not_move_the_row():
    # 'Russia (technical links to a Crimea-based web firm)' names Russia only; the bracket says who within it.
    assert tr.actor_group("Russia (pro-Russian network; technical links to a Crimea-based web firm)") == tr.RUSSIA


def test_every_row_of_the_data_set_gets_a_group_and_a_plain_count():
    raw = load("information_operations")
    assert not tr.unnamed_measures(raw), "add a plain name to threat_reports.COUNTS"
    figures = tr.with_groups(raw)
    assert set(figures["actor_group"]) <= set(tr.ACTOR_GROUPS)
    assert figures["counts"].notna().all()
    assert set(tr.GROUP_COLOURS) == set(tr.ACTOR_GROUPS)


def test_an_unknown_measure_keeps_its_word_and_is_listed():
    figures = load("information_operations").head(2).assign(measures="likes")
    assert list(tr.with_groups(figures)["counts"]) == ["likes", "likes"]
    assert tr.unnamed_measures(figures) == ["likes"]


def test_only_the_row_the_source_calls_joint_is_coloured_joint():
    # A total naming both states must not share the joint colour (specialist review, round 1).
    figures = tr.with_groups(load("information_operations"))
    joint = figures.loc[figures["actor_group"] == tr.JOINT, "id"].tolist()
    assert joint == ["eeas1-joint"]
    assert tr.GROUP_COLOURS[tr.JOINT] != tr.GROUP_COLOURS[tr.SEVERAL]
