"""The ledger: the learner's verdicts beside the course's readings, counts for the chart, and what is left to judge."""
from __future__ import annotations

import re

import pandas as pd
import pytest

from coursekit.explorers import ledger_view
from coursekit.synthesis import ledger

CLAIMS = pd.DataFrame({
    "claim_id": ["C02", "C01", "C03", "C27"],
    "section": ["Intro", "Intro", "Interop", "Prescriptions"],
    "topic": ["t", "t", "t", "t"],
    "proposition": ["Two.", "One.", "Three.", "Four."],
    "lesson": [1, 1, 2, 9],
})
READINGS = pd.DataFrame({
    "claim_id": ["C01", "C02", "C03", "C27"],
    "course_reading": ["partly supported", "not testable with this evidence", "contradicted", "not supported"],
    "summary": ["s1", "s2", "s3", "s4"],
})


def _record(**verdicts):
    lessons: dict = {}
    for claim_id, (lesson, verdict) in verdicts.items():
        lessons.setdefault(lesson, {"verdicts": {}})["verdicts"][claim_id] = {
            "verdict": verdict, "reason": "the rows show it", "saved": "2026-12-06T10:00:00+00:00"}
    return {"format": "paper-tiger-course progress", "version": 1, "lessons": lessons}


def table(record):
    return ledger.ledger_table(record, READINGS, CLAIMS)


def test_every_claim_is_a_row_in_claim_order_with_the_lesson_to_open():
    result = table(_record())
    assert list(result["claim_id"]) == ["C01", "C02", "C03", "C27"]
    assert list(result["notebook"]) == ["01-panic-narrative.ipynb", "01-panic-narrative.ipynb",
                                        "02-interoperability.ipynb", "09-prescriptions.ipynb"]
    assert set(result["comparison"]) == {ledger.NOT_JUDGED} and result["your_verdict"].isna().all()


def test_same_differs_and_not_judged():
    result = table(_record(C01=("01-panic-narrative", "partly supported"), C03=("02-interoperability", "well supported")))
    assert dict(zip(result["claim_id"], result["comparison"])) == {
        "C01": "same", "C02": "not judged", "C03": "differs", "C27": "not judged"}
    assert ledger.agreement_counts(result) == {"same": 1, "differs": 1, "not judged": 2}
    assert ledger.summary_line(result).startswith("You have judged 2 of 4 claims; on 1 your verdict is the course's")


def test_the_latest_save_wins_and_junk_entries_are_ignored():
    record = _record(C01=("01-panic-narrative", "contradicted"))
    record["lessons"]["00-start-here"] = {"verdicts": {
        "C01": {"verdict": "partly supported", "saved": "2026-12-07T00:00:00+00:00"},
        "C02": {"verdict": "not a verdict"}, "C03": "junk"}}
    record["lessons"]["05-dual-use"] = "junk"
    result = table(record)
    assert result.loc[0, "your_verdict"] == "partly supported"
    assert result.loc[1, "comparison"] == result.loc[2, "comparison"] == "not judged"


def test_a_claim_the_readings_lack_is_not_called_a_difference():
    result = ledger.ledger_table(_record(C01=("01-panic-narrative", "contradicted")), READINGS.iloc[1:], CLAIMS)
    assert result.loc[0, "comparison"] == ledger.NO_READING and result.loc[0, "course_reading"] is None


def test_verdict_counts_hold_the_course_and_only_judged_claims_for_you():
    empty = ledger.verdict_counts(table=table(_record()))
    assert set(empty["who"]) == {"course"} and empty["claims"].sum() == 3  # C27, lesson 09's, waits for a verdict
    counts = ledger.verdict_counts(table=table(_record(C01=("01-panic-narrative", "partly supported"),
                                                       C02=("01-panic-narrative", "partly supported"))))
    mine = counts[counts["who"] == "you"]
    assert mine[["section", "verdict", "claims"]].astype(str).values.tolist() == [["Intro", "partly supported", "2"]]
    assert list(counts["section"].cat.categories) == ["Intro", "Interop", "Prescriptions"]
    assert list(counts["verdict"].cat.categories)[0] == "well supported"


def test_lesson_09s_own_claims_show_the_course_reading_only_after_the_learners_verdict():
    before = table(_record(C01=("01-panic-narrative", "contradicted")))
    c27 = before.set_index("claim_id").loc["C27"]
    assert c27["course_hidden"] and c27["course_reading"] is None and c27["course_summary"] == ledger.HIDDEN_SUMMARY
    assert c27["comparison"] == ledger.NOT_JUDGED and "s4" not in before.to_string()
    assert not before["course_hidden"].drop(index=before.index[before["claim_id"] == "C27"]).any()
    assert before.set_index("claim_id").loc["C02", "course_reading"] == "not testable with this evidence"  # 01: not held back
    rows = {re.search(r"<td[^>]*>(C\d\d)</td>", row).group(1): row
            for row in ledger_view.ledger_html(_record()).split("<tr>")[2:]}  # the course's own claims and readings
    assert all(f">{ledger.HIDDEN_READING}<" in rows[c] for c in ("C27", "C28", "C29", "C30"))
    assert ledger.HIDDEN_READING not in "".join(rows[c] for c in rows if c < "C27")
    after = table(_record(C27=("09-prescriptions", "partly supported"))).set_index("claim_id").loc["C27"]
    assert not after["course_hidden"] and after["course_reading"] == "not supported" and after["course_summary"] == "s4"
    assert after["comparison"] == ledger.DIFFERS
    counts = ledger.verdict_counts(table=table(_record(C27=("09-prescriptions", "partly supported"))))
    assert counts[(counts["who"] == "course") & (counts["section"] == "Prescriptions")]["verdict"].astype(str).tolist() \
        == ["not supported"]


def test_not_judged_lists_lessons_with_relative_links_and_this_lesson_apart():
    result = table(_record(C01=("01-panic-narrative", "partly supported")))
    text = ledger.not_judged_markdown(result)
    assert text.splitlines() == ["3 claim(s) are not judged yet:",
                                 "- [Lesson 01: The panic narrative](01-panic-narrative.ipynb): C02",
                                 f"- [Lesson 02: {ledger.lesson_files()['02'][1]}](02-interoperability.ipynb): C03",
                                 "- this lesson, in the claims-on-trial widget below: C27"]
    assert list(ledger.not_judged(result)["claim_id"]) == ["C02", "C03", "C27"]
    everything = {c: ("x", "contradicted") for c in CLAIMS["claim_id"]}
    assert ledger.not_judged_markdown(table(_record(**everything))) == "You have judged every claim in the course."


def test_the_course_data_give_a_full_ledger_for_an_empty_record():
    result = ledger.ledger_table({"lessons": {}})
    assert len(result) == 30 and ledger.summary_line(result).startswith("You have not judged any of the 30 claims")


def test_joint_or_alone_summary_counts_matches_and_accepted_readings():
    record = {"lessons": {"06-information-operations": {"joint_or_alone": {
        "J06-01": {"choice": "parallel"}, "J06-02": {"choice": "joint"}, "J06-03": "junk"}}}}
    summary = ledger.joint_or_alone_summary(record).set_index("lesson")
    assert summary.loc["06", "read"] == 2 and summary.loc["07", "read"] == 0
    assert summary.loc["06", "match"] + summary.loc["06", "differ"] == 2
    assert "you read 2 of" in ledger.joint_or_alone_line(record)
    assert ledger.joint_or_alone_line({"lessons": {}}).startswith("You have not read any")


def test_the_ledger_view_links_unjudged_lessons_and_shows_a_damaged_file_notice(private_progress_file):
    page = ledger_view.ledger_html({"lessons": {}}, "The file was damaged.")
    assert '<a href="01-panic-narrative.ipynb">Lesson 01: The panic narrative</a>' in page
    assert 'role="status"' in page and "The file was damaged." in page
    private_progress_file.parent.mkdir(parents=True)
    private_progress_file.write_text("{not json", encoding="utf-8")
    shown = ledger_view.show_ledger().data
    assert "damaged" in shown and "You have not judged any" in shown


@pytest.mark.parametrize("record", [{}, {"lessons": "junk"}, {"lessons": {"01": None}}])
def test_odd_records_read_as_nothing_judged(record):
    assert set(table(record)["comparison"]) == {ledger.NOT_JUDGED}


def test_with_nothing_read_the_joint_or_alone_line_says_what_the_sorter_is_and_where():
    """A learner who skipped lessons 06–08 was told only that they had not "read" any joint-or-alone items."""
    line = ledger.joint_or_alone_line({"lessons": {}})
    assert "sorter in lessons 06–08" in line and "together" in line and "alone" in line and "lesson 06" in line


def test_the_ledger_table_left_aligns_long_claim_texts(private_progress_file):
    """Round 3: JupyterLab right-aligned the long claim statements in cell 8's table."""
    import re

    page = ledger_view.ledger_html({"lessons": {}})
    cells = re.findall(r"<t[dh]\b[^>]*>", page.split("<table", 1)[1].split("</table>", 1)[0])
    assert len(cells) > 6 and all("text-align:left" in cell for cell in cells), cells[:8]
