"""The ledger: every verdict the learner gave in lessons 00–09 beside the course's reading of the same claim.

Why: the course judged the article one claim at a time; lesson 09 lays those judgements side by side so the
learner can answer the course question as a whole and see where their reading and the course's part. The
course's reading (``data/claim_readings.csv``) is an argued reading of the evidence, not an answer key: a
differing verdict is a prompt to look again at the reason, not a mark.

Everything here is plain and never raises on a learner's record: a claim with no verdict is "not judged",
with the lesson to open; a missing readings file leaves the course column empty rather than failing.

Judge first, then compare: lesson 09's own claims (the prescriptions, C27-C30) are judged near its end, after
the ledger, its chart and the record have been on screen. So the course's reading of such a claim stays hidden
(``course_hidden``) until the learner has saved a verdict on it; a reading seen first would anchor the verdict,
the bias that predicting before the data guards against in every other lesson.
"""
from __future__ import annotations

from typing import Any

import pandas as pd

from coursekit import data, progress
from coursekit.charts import DASHES
from coursekit.errors import CourseError
from coursekit.verdicts import VERDICTS

NOT_JUDGED = "not judged"
SAME, DIFFERS = "same", "differs"
NO_READING = "no course reading"  # only when data/claim_readings.csv lacks the claim or cannot be read
SYNTHESIS_LESSON = "09"  # its claims are judged in the lesson that shows the ledger, after the ledger
HIDDEN_READING = "after your verdict"  # what a view shows for a reading kept back until the claim is judged
HIDDEN_SUMMARY = ("The course's reading appears here once you have saved your own verdict on this claim "
                  "(Claims on trial, near the end of lesson 09), so that it does not steer your verdict.")
# One mapping for every chart of verdicts, the lesson's Altair chart and the take-away's SVG alike: a colour
# (colour-blind safe, green for well supported to red for contradicted, grey for not testable) and, as the
# second carrier, the dash pattern of the bar's outline (the dashes coursekit.charts.finish gives a bar coloured
# by category, in the scale's order). tests/test_takeaway.py checks that both charts use it.
VERDICT_COLOURS: dict[str, str] = dict(zip(VERDICTS, ["#009E73", "#56B4E9", "#E69F00", "#D55E00", "#999999"]))
VERDICT_DASHES: dict[str, list[int]] = dict(zip(VERDICTS, DASHES))
COLUMNS = ["claim_id", "lesson", "section", "topic", "proposition", "your_verdict", "your_reason",
           "course_reading", "course_summary", "course_hidden", "comparison", "notebook"]


def _record(record: dict[str, Any] | None) -> dict[str, Any]:
    return progress.read()[0] if record is None else record


def lesson_files() -> dict[str, tuple[str, str]]:
    """``{"01": ("01-panic-narrative.ipynb", "The panic narrative"), ...}`` from course.yml."""
    from coursekit.banks import lessons

    return {lesson.number: (lesson.filename, lesson.title) for lesson in lessons()}


def learner_verdicts(record: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Every saved verdict in a record by claim id (any lesson; the latest save wins if one was saved twice)."""
    found: dict[str, dict[str, Any]] = {}
    lessons = record.get("lessons") if isinstance(record, dict) else None
    for entry in (lessons or {}).values() if isinstance(lessons, dict) else ():
        stored = entry.get("verdicts") if isinstance(entry, dict) else None
        for claim_id, item in (stored or {}).items() if isinstance(stored, dict) else ():
            if not isinstance(item, dict) or item.get("verdict") not in VERDICTS:
                continue
            if claim_id not in found or str(item.get("saved", "")) > str(found[claim_id].get("saved", "")):
                found[claim_id] = item
    return found


def course_readings() -> pd.DataFrame:
    """The course's reading of each claim (``claim_readings``), or an empty table if it cannot be read."""
    try:
        return data.load("claim_readings")
    except CourseError:
        return pd.DataFrame(columns=["claim_id", "course_reading", "summary"])


def ledger_table(record: dict[str, Any] | None = None, readings: pd.DataFrame | None = None,
                 claims: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per claim: the learner's verdict (or None), the course's reading and whether they agree.

    ``record`` defaults to the progress file; ``readings`` and ``claims`` to the course's data (tests pass
    small tables). ``comparison`` is "same", "differs" or "not judged" ("no course reading" if the course's
    readings lack the claim). For a claim of lesson 09 not judged yet, ``course_hidden`` is True and the
    reading and its summary are held back (``course_reading`` None; see the module's docstring).
    """
    claims = data.load("claims") if claims is None else claims
    readings = course_readings() if readings is None else readings
    mine = learner_verdicts(_record(record))
    files = lesson_files()
    by_claim = {str(r.claim_id): r for r in readings.itertuples(index=False)}
    rows = []
    for claim in claims.sort_values("claim_id").itertuples(index=False):
        claim_id = str(claim.claim_id)
        number = str(claim.lesson).zfill(2)
        reading = by_claim.get(claim_id)
        course = str(reading.course_reading) if reading is not None and pd.notna(reading.course_reading) else None
        summary = str(reading.summary) if reading is not None and pd.notna(getattr(reading, "summary", None)) else ""
        verdict = mine.get(claim_id, {}).get("verdict")
        hidden = course is not None and verdict is None and number == SYNTHESIS_LESSON
        if hidden:
            course, summary = None, HIDDEN_SUMMARY
        comparison = (NOT_JUDGED if verdict is None else NO_READING if course is None
                      else SAME if verdict == course else DIFFERS)
        rows.append({"claim_id": claim_id, "lesson": number, "section": str(claim.section), "topic": str(claim.topic),
                     "proposition": str(claim.proposition), "your_verdict": verdict,
                     "your_reason": mine.get(claim_id, {}).get("reason") or "", "course_reading": course,
                     "course_summary": summary, "course_hidden": hidden, "comparison": comparison,
                     "notebook": files.get(number, (f"{number}.ipynb", ""))[0]})
    table = pd.DataFrame(rows, columns=COLUMNS)
    for column in ("your_verdict", "course_reading"):  # None, not NaN, where there is no verdict or reading
        table[column] = table[column].astype(object).where(table[column].notna(), None)
    return table


def sections_in_order(table: pd.DataFrame) -> list[str]:
    """The article's sections in the order its claims appear."""
    return list(dict.fromkeys(table["section"]))


def verdict_counts(record: dict[str, Any] | None = None, table: pd.DataFrame | None = None) -> pd.DataFrame:
    """Claims per section, verdict and reader (``who`` = "you" or "course"), for the chart of verdicts by section.

    The course's rows are there for every claim of lessons 00-08, so the chart can be drawn before the learner
    has judged anything (a lesson-09 claim's only once it is judged); "you" rows exist only for judged claims.
    ``verdict`` and ``section`` are ordered categoricals (the verdict scale's order; the article's order), so a
    chart's colours and rows keep one order.
    """
    table = ledger_table(record) if table is None else table
    parts = []
    for who, column in (("course", "course_reading"), ("you", "your_verdict")):
        rows = table[table[column].notna()]
        counts = rows.groupby(["section", column], sort=False).size().reset_index(name="claims")
        parts.append(counts.rename(columns={column: "verdict"}).assign(who=who))
    result = pd.concat(parts, ignore_index=True)[["section", "who", "verdict", "claims"]]
    result["section"] = pd.Categorical(result["section"], categories=sections_in_order(table), ordered=True)
    result["verdict"] = pd.Categorical(result["verdict"], categories=list(VERDICTS), ordered=True)
    result["claims"] = result["claims"].astype(int)
    return result.sort_values(["who", "section", "verdict"], ignore_index=True)


def agreement_counts(table: pd.DataFrame) -> dict[str, int]:
    """How many claims the learner's verdict matches the course's reading on, differs on, or has not judged."""
    counts = table["comparison"].value_counts()
    return {key: int(counts.get(key, 0)) for key in (SAME, DIFFERS, NOT_JUDGED)}


def summary_line(table: pd.DataFrame) -> str:
    """One sentence: how many claims are judged and how many agree with the course's reading."""
    counts = agreement_counts(table)
    judged = counts[SAME] + counts[DIFFERS]
    if judged == 0:
        return (f"You have not judged any of the {len(table)} claims yet: each lesson's claims-on-trial widget "
                "saves your verdicts, and they appear here.")
    return (f"You have judged {judged} of {len(table)} claims; on {counts[SAME]} your verdict is the course's "
            f"reading, on {counts[DIFFERS]} it differs. A difference is a reason to reread the evidence, not a "
            "mistake: the course's reading is an argued judgement too.")


def not_judged(table: pd.DataFrame) -> pd.DataFrame:
    """The claims with no verdict yet, with the lesson notebook that judges them."""
    rows = table[table["comparison"] == NOT_JUDGED]
    return rows[["claim_id", "lesson", "notebook", "proposition"]].reset_index(drop=True)


def not_judged_markdown(table: pd.DataFrame, this_lesson: str = SYNTHESIS_LESSON) -> str:
    """A Markdown list of the claims still to judge, grouped by lesson, each lesson a relative link to open."""
    missing = not_judged(table)
    if missing.empty:
        return "You have judged every claim in the course."
    titles = lesson_files()
    lines = [f"{len(missing)} claim(s) are not judged yet:"]
    for number, rows in missing.groupby("lesson", sort=True):
        ids = ", ".join(rows["claim_id"])
        if number == this_lesson:
            lines.append(f"- this lesson, in the claims-on-trial widget below: {ids}")
            continue
        filename, title = titles.get(number, (rows["notebook"].iloc[0], ""))
        lines.append(f"- [Lesson {number}: {title}]({filename}): {ids}")
    return "\n".join(lines)


def joint_or_alone_summary(record: dict[str, Any] | None = None) -> pd.DataFrame:
    """Per lesson with a joint-or-alone sorter (06–08): items, how many the learner read, and how many match
    the course's reading (or another it accepts), differ, or are not read yet."""
    from coursekit.explorers.joint_or_alone import items_for_lesson

    record = _record(record)
    lessons = record.get("lessons") if isinstance(record.get("lessons"), dict) else {}
    rows = []
    for number in ("06", "07", "08"):
        try:
            items = items_for_lesson(number)
        except CourseError:
            continue
        picks: dict[str, Any] = {}
        for key, entry in lessons.items():
            if str(key).startswith(number) and isinstance(entry, dict) and isinstance(entry.get("joint_or_alone"), dict):
                picks.update({k: v.get("choice") for k, v in entry["joint_or_alone"].items() if isinstance(v, dict)})
        read = [i for i in items if picks.get(i.item_id)]
        match = sum(1 for i in read if picks[i.item_id] == i.reading or picks[i.item_id] in i.also)
        rows.append({"lesson": number, "items": len(items), "read": len(read), "match": match,
                     "differ": len(read) - match, "not_read": len(items) - len(read)})
    return pd.DataFrame(rows, columns=["lesson", "items", "read", "match", "differ", "not_read"])


def joint_or_alone_line(record: dict[str, Any] | None = None, advice: bool = True) -> str:
    """One sentence on the learner's joint-or-alone readings across lessons 06–08; ``advice`` adds what to do
    when there are none (the lesson's cell; a record to keep says only what is there)."""
    table = joint_or_alone_summary(record)
    if table.empty or table["read"].sum() == 0:
        return ("You have not read any joint-or-alone items yet. The joint-or-alone sorter in lessons 06–08 shows "
                "one piece of grey-zone evidence at a time and asks who it shows acting: Russia and China "
                "together, one of them alone, both separately, or neither."
                + (" Try it in lesson 06, 07 or 08, then re-run this cell." if advice else ""))
    return (f"In lessons 06–08 you read {table['read'].sum()} of {table['items'].sum()} joint-or-alone items; "
            f"{table['match'].sum()} match the course's reading or another it accepts.")
