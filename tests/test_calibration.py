"""Calibration over a learner's revealed predictions: hit rate, Brier score, bins, and damaged entries."""
from __future__ import annotations

import pytest

from coursekit import calibration


def _quantity(low, high, figure, revealed=True, scored=True):
    return {"kind": "quantity", "guess": low, "low": low, "high": high, "figure": figure,
            "revealed": "2026-12-06T10:00:00+00:00" if revealed else None, "scored": scored}


def _statement(probability, truth, revealed=True):
    return {"kind": "statement", "probability": probability, "truth": truth, "figure": 1.0,
            "revealed": "2026-12-06T10:00:00+00:00" if revealed else None, "scored": True}


def _record(**lessons):
    return {"format": "paper-tiger-course progress", "version": 1,
            "lessons": {lesson: {"predictions": items} for lesson, items in lessons.items()}}


RECORD = _record(**{
    "00-start-here": {"a": _quantity(10, 20, 15), "b": _statement(70, True), "c": _statement(90, False)},
    "03-asymmetry": {"d": _quantity(10, 20, 25), "e": _quantity(0, 5, 5), "f": _statement(10, False),
                     "g": _statement(30, True), "later": _quantity(1, 2, 3, revealed=False)},
})


def test_hit_rate_counts_ranges_that_held_the_truth_edges_included():
    result = calibration.calibration(RECORD)
    assert (result.ranges, result.ranges_hit) == (3, 2)
    assert result.hit_rate == pytest.approx(2 / 3)


def test_brier_is_the_mean_squared_gap_between_probability_and_outcome():
    result = calibration.calibration(RECORD)
    expected = ((0.7 - 1) ** 2 + (0.9 - 0) ** 2 + (0.1 - 0) ** 2 + (0.3 - 1) ** 2) / 4
    assert result.statements == 4 and result.brier == pytest.approx(expected, abs=1e-4)


def test_bins_give_what_a_calibration_chart_needs():
    bins = calibration.calibration(RECORD).bins
    assert [(b.low, b.high) for b in bins] == [(0, 20), (20, 40), (40, 60), (60, 80), (80, 100)]
    assert [b.count for b in bins] == [1, 1, 0, 1, 1]
    assert (bins[0].mean_stated, bins[0].share_true) == (10.0, 0.0)
    assert (bins[1].mean_stated, bins[1].share_true) == (30.0, 100.0)
    assert bins[2].mean_stated is None and bins[2].share_true is None
    assert calibration.calibration(_record(x={"p": _statement(100, True)})).bins[-1].count == 1  # 100% is in


def test_unrevealed_and_unscored_predictions_do_not_count_but_are_reported():
    record = _record(x={"a": _quantity(1, 2, 3, revealed=False), "b": _quantity(1, 2, 3, scored=False)})
    result = calibration.calibration(record)
    assert result.ranges == 0 and result.hit_rate is None and result.not_revealed == 1
    assert "1 prediction(s) are saved but not yet revealed" in " ".join(calibration.summary(result))


@pytest.mark.parametrize("damaged", [
    {"kind": "quantity", "low": "ten", "high": 20, "figure": 15, "revealed": "t", "scored": True},
    {"kind": "statement", "probability": 150, "truth": True, "revealed": "t", "scored": True},
    {"kind": "statement", "probability": 50, "truth": "yes", "revealed": "t", "scored": True},
    {"kind": "statement", "probability": True, "truth": True, "revealed": "t", "scored": True},
    "not a dict",
])
def test_a_damaged_entry_is_left_out_not_fatal(damaged):
    record = _record(x={"good": _statement(80, True), "bad": damaged})
    result = calibration.calibration(record)
    assert result.statements == 1 and result.brier == pytest.approx(0.04)


@pytest.mark.parametrize("record", [{}, {"lessons": {}}, {"lessons": {"x": "junk"}}, {"lessons": {"x": {}}},
                                    {"lessons": {"x": {"predictions": ["junk"]}}}])
def test_an_empty_or_odd_record_gives_no_figures_and_says_so(record):
    result = calibration.calibration(record)
    assert result.ranges == 0 and result.statements == 0 and result.brier is None
    text = " ".join(calibration.summary(result))
    assert "no hit rate" in text and "no Brier score" in text


def test_summary_reads_the_figures_in_words():
    narrow = _record(x={str(i): _quantity(0, 1, 5) for i in range(6)})
    assert "too narrow" in " ".join(calibration.summary(calibration.calibration(narrow)))
    wide = _record(x={str(i): _quantity(0, 10, 5) for i in range(6)})
    assert "wider than they need" in " ".join(calibration.summary(calibration.calibration(wide)))
    few = calibration.summary(calibration.calibration(RECORD))
    assert few[0].startswith("Your 80% ranges held the true value 2 times out of 3 (67%)")
    assert "luck moves this rate" in few[1]


# --------------------------------------------------------------------------- lesson 09: late predictions, chart table
def _late(item):
    return {**item, "after_other_cells": True}


def test_a_perfectly_calibrated_record_scores_as_such():
    # Ranges: 8 of 10 hold the truth; statements at 80% come true 4 times in 5, at 20% once in 5.
    ranges = {f"r{i}": _quantity(0, 10, 5 if i < 8 else 50) for i in range(10)}
    high = {f"h{i}": _statement(80, i < 4) for i in range(5)}
    low = {f"l{i}": _statement(20, i < 1) for i in range(5)}
    result = calibration.calibration(_record(x={**ranges, **high, **low}))
    assert result.hit_rate == pytest.approx(0.8)
    table = calibration.calibration_table(_record(x={**ranges, **high, **low}))
    assert table.values.tolist() == [["20\u201340%", 20.0, 20.0, 5], ["80\u2013100%", 80.0, 80.0, 5]]
    assert result.brier == pytest.approx(0.16)  # (4 x 0.04 + 0.64) / 5 in each bin
    text = " ".join(calibration.summary(result))
    assert "8 times out of 10 (80%)" in text and "too narrow" not in text and "wider than" not in text


def test_the_worst_case_scores_as_such():
    record = _record(x={**{f"r{i}": _quantity(0, 1, 5) for i in range(5)},
                        **{f"s{i}": _statement(100, False) for i in range(3)},
                        **{f"t{i}": _statement(0, True) for i in range(2)}})
    result = calibration.calibration(record)
    assert result.hit_rate == 0 and result.brier == 1.0
    assert calibration.calibration_table(record)["share_true"].tolist() == [100.0, 0.0]
    assert "too narrow" in " ".join(calibration.summary(result))


def test_late_predictions_are_counted_apart_with_a_sentence():
    record = _record(x={"a": _quantity(0, 10, 5), "b": _late(_quantity(0, 10, 5)), "c": _quantity(0, 1, 5),
                        "d": _statement(90, True), "e": _late(_statement(90, True))})
    every = calibration.calibration(record)
    assert (every.ranges, every.ranges_hit, every.statements, every.late) == (3, 2, 2, 2)
    early = calibration.calibration(record, late="exclude")
    assert (early.ranges, early.ranges_hit, early.statements, early.late) == (2, 1, 1, 0)
    assert calibration.calibration(record, late="only").ranges == 1
    lines = calibration.report(record)
    assert lines[-1] == ("2 of these 5 predictions were saved after other cells had run, so you may have seen the "
                         "data first; they are included above. Without them, your ranges held 1 of 2 times (50%) "
                         "and your Brier score is 0.010.")
    assert not any("saved after other cells" in x for x in calibration.report(_record(x={"a": _quantity(0, 1, 0)})))
    with pytest.raises(ValueError):
        calibration.calibration(record, late="sometimes")


def test_with_only_late_predictions_nothing_is_left_to_score_without_them():
    lines = calibration.report(_record(x={"a": _late(_quantity(0, 10, 5))}))
    assert lines[-1].endswith("it is included above; without it nothing is left to score.")


def test_the_chart_table_is_empty_with_its_columns_when_nothing_is_revealed():
    table = calibration.calibration_table({"lessons": {}})
    assert table.empty and list(table.columns) == ["bin", "mean_stated", "share_true", "count"]


def test_record_none_reads_the_progress_file(private_progress_file):
    assert calibration.calibration().ranges == 0 and calibration.calibration_table().empty
    assert calibration.report()[0].startswith("No quantity prediction has been revealed yet")


def test_the_predictions_table_lists_each_revealed_prediction():
    record = _record(x={"a": _quantity(0, 10, 5), "b": _late(_statement(70, False)),
                        "c": _quantity(1, 2, 3, revealed=False)})
    table = calibration.predictions_table(record)
    assert table[["id", "kind", "stated", "hit", "late"]].values.tolist() == [
        ["a", "quantity", "0\u201310", True, False], ["b", "statement", "70%", False, True]]


def test_explain_says_what_both_measures_mean():
    text = " ".join(calibration.explain())
    assert "8 in 10" in text and "0.25 is what always saying 50% earns" in text and "diagonal" in text


def test_answers_revealed_with_no_prediction_are_counted_with_a_sentence():
    """Lesson 09's learner revealed two answers without a saved prediction (lessons 03 and 08): the
    calibration part says how many, and where, instead of leaving them out silently."""
    unscored = {"kind": "statement", "figure": 1.0, "truth": True, "revealed": "2026-12-06T10:00:00+00:00",
                "scored": False}
    record = _record(**{"03-asymmetry": {"p": unscored, "q": _quantity(1, 5, 3)},
                        "08-subsea-and-space": {"r": dict(unscored, kind="quantity")}})
    result = calibration.calibration(record)
    assert result.unpredicted == ("03-asymmetry p", "08-subsea-and-space r") and result.ranges == 1
    text = " ".join(calibration.report(record))
    assert "2 answers were revealed with no prediction saved (lessons 03, 08): they are not scored" in text
    one = calibration.report(_record(x={"p": unscored}))
    assert any(line.startswith("1 answer was revealed with no prediction saved (lesson x") for line in one)
    assert not any("no prediction saved" in line for line in calibration.report(RECORD))


def test_the_brier_score_is_printed_to_three_decimals_never_rounded_further():
    """A learner's two statements scored 0.16 and 0.09, mean 0.125, which
    printed as 0.12 (by hand 0.13). Every printed score now matches the kept value."""
    record = _record(x={"a": _statement(60, True), "b": _statement(70, True)})
    result = calibration.calibration(record)
    assert result.brier == pytest.approx(0.125)
    assert "is 0.125:" in " ".join(calibration.summary(result))
    assert [calibration.shown_brier(v) for v in (0.125, 0.09, 0.0625, 0.1234, 0.0)] == [
        "0.125", "0.090", "0.0625", "0.1234", "0.000"]


def test_one_predictions_brier_score_is_printed_in_full():
    from coursekit import predictions

    statement = next(p for p in predictions.load_bank("00-start-here")[1] if p.kind == "statement")
    lines = predictions.reveal_text(statement, {"kind": "statement", "probability": 75, "truth": True,
                                                "brier": 0.0625, "scored": True, "figure": 1.0})
    assert "Score for this prediction (Brier): 0.0625," in " ".join(lines)
