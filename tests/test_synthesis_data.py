"""Lesson 09's data: the course's claim readings, the hypotheses, the evidence matrix and the tripwires point at
real claims, rows and sources, use the scales the code uses, and keep to their length limits."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from coursekit import data, verdicts


def _words(text: str) -> int:
    return len(re.findall(r"\S+", str(text)))


def _ids(cell) -> list[str]:
    return [i.strip() for i in str(cell).split(";") if i.strip()] if pd.notna(cell) else []


def _first_key_values(name: str) -> set[str]:
    """Values of a data set's first primary-key field (row_ids name these; for one-field keys, the row id)."""
    key = data.describe(name).primary_key
    key = [key] if isinstance(key, str) else list(key)
    return set(data.load(name)[key[0]].astype(str))


def test_every_claim_has_one_reading_on_the_verdict_scale():
    readings, claims = data.load("claim_readings"), data.load("claims")
    assert list(readings["claim_id"]) == list(claims["claim_id"])
    assert (readings["lesson"].astype(str).values == claims["lesson"].astype(str).values).all()
    assert set(readings["course_reading"]) <= set(verdicts.VERDICTS)
    long = [(r.claim_id, _words(r.summary)) for r in readings.itertuples() if _words(r.summary) > 60]
    assert not long, long


def test_prescription_readings_say_they_read_the_threat_assumed():
    readings = data.load("claim_readings").set_index("claim_id")
    for cid in ("C27", "C28", "C29", "C30"):
        summary = readings.loc[cid, "summary"]
        assert readings.loc[cid, "course_reading"] == "not testable with this evidence" or "threat it assumes" in summary \
            or "it assumes" in summary, cid


@pytest.mark.parametrize("name, id_col, ds_col", [("claim_readings", "claim_id", "datasets"),
                                                   ("hypothesis_evidence", "item_id", "dataset")])
def test_row_ids_exist_in_the_named_data_sets(name, id_col, ds_col):
    unresolved = []
    for row in data.load(name).itertuples():
        ids = set(_ids(getattr(row, "row_ids")))
        if not ids:
            continue
        known: set[str] = set()
        for ds in _ids(getattr(row, ds_col)):
            known |= _first_key_values(ds)
        if ids - known:
            unresolved.append(f"{getattr(row, id_col)}: {sorted(ids - known)}")
    assert not unresolved, unresolved


def test_hypotheses_are_the_four_of_the_issue():
    hyp = data.load("hypotheses")
    assert list(hyp["hypothesis_id"]) == ["H1", "H2", "H3", "H4"]
    assert "art-turner" in _ids(hyp.set_index("hypothesis_id").loc["H1", "source_id"])
    for row in hyp.itertuples():
        assert _words(row.statement) <= 40 and _words(row.would_expect) <= 40, row.hypothesis_id


def test_the_matrix_is_balanced_and_includes_non_diagnostic_items():
    ev = data.load("hypothesis_evidence")
    assert 18 <= len(ev) <= 25  # one item at a time in the widget; 25 keeps the rating pass within the lesson's minutes
    assert set(ev["lesson"].astype(str)) >= {f"0{n}" for n in range(1, 9)}, "every lesson 01-08 gives an item"
    ratings = ev[["H1", "H2", "H3", "H4"]]
    assert (ratings == "I").any(axis=0).sum() >= 3, "inconsistent evidence for at least three hypotheses"
    assert (ev["H1"] == "I").sum() >= 3 and (ev["H1"] == "C").sum() >= 3, "items for and against the article"
    assert ratings.nunique(axis=1).eq(1).sum() >= 1, "at least one item rated alike for every hypothesis"
    for row in ev.itertuples():
        assert _words(row.item) <= 35, row.item_id
        assert len(re.findall(r"[.!?](?:\s|$)", row.why)) <= 2, row.item_id


def test_tripwires_name_real_hypotheses_and_data_sets():
    tw = data.load("tripwires")
    assert 8 <= len(tw) <= 12
    names = {r["name"] for r in data.load_descriptor()["resources"]}
    for row in tw.itertuples():
        favours, weakens = set(_ids(row.favours)), set(_ids(row.weakens))
        assert favours and not favours & weakens, row.tripwire_id
        assert set(_ids(row.datasets)) <= names, row.tripwire_id
        assert _words(row.status_note) <= 40, row.tripwire_id


def test_no_data_file_calls_a_lesson_in_preparation():
    """claims.csv still said 'lesson 09 (in preparation)' after lesson 09 was published."""
    root = Path(__file__).resolve().parents[1] / "data"
    stale = [p.name for p in sorted(root.glob("*")) if p.suffix in {".csv", ".json", ".md"}
             and "in preparation" in p.read_text(encoding="utf-8")]
    assert not stale, f"'in preparation' although every lesson exists: {stale}"
