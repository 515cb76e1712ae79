"""The record to take away, and bringing a saved progress file back.

Why: a Binder session is deleted when it closes, and a learner's analysis is worth keeping. One call,
:func:`write_record`, writes ``my-analysis.html`` (readable anywhere, offline, with no scripts: the ledger, the
competing-hypotheses result, calibration, the allocation and the reflections, with the charts drawn as inline
SVG and their figures as tables too) and ``my-progress.json`` (a copy of the progress file) into the progress
folder, for the learner to download. :func:`bring_back` takes such a JSON file back in a later session.

Bringing back is careful because it may overwrite work. The file is checked first (size, UTF-8 JSON, the
course's format, a known version, the course's lesson names, a record's shape); any problem gives a sentence and
changes nothing on disk. Only then is the current file copied aside (``<stem>.before-import-<time>.json``, the
progress module's backup naming) and the new record written under the progress lock.

Merge or replace: ``mode="merge"`` (the default) keeps everything in both files. Where both hold the same entry
(the same verdict, quiz question, prediction...), the one saved later wins, except that a revealed prediction
is never replaced by an unrevealed one and, of two revealed ones, the first reveal counts (as in the progress
file itself). ``mode="replace"`` makes the brought file the whole record (the old one stays in the backup).
"""
from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pandas as pd

from coursekit import calibration, progress
from coursekit.charts import OKABE_ITO
from coursekit.errors import CourseError
from coursekit.verdicts import VERDICTS

HTML_NAME, JSON_NAME = "my-analysis.html", "my-progress.json"
MAX_BYTES = 2_000_000  # a full record is ~100 KB; anything far larger is not a progress file
MODES = ("merge", "replace")
ENTRY_PARTS = ("verdicts", "quiz", "predictions", "joint_or_alone", "hypotheses", "reflections")
DOWNLOAD_HINT = ("To keep them, open the file browser on the left, go to {where}, right-click each "
                 "file and choose Download. On Binder, do it before you close the tab: the session and its files "
                 "are deleted when it ends.")


def where_in_file_browser(folder: Path) -> str:
    """The folder in the file browser's terms: the ``progress`` folder beside ``notebooks`` (the browser starts
    at the course folder and takes no absolute path), with the full path only as a reference."""
    if (folder.parent / "notebooks").is_dir():
        return (f"the {folder.name} folder (it sits beside the notebooks folder, at the top of the course; "
                f"full path {folder})")
    return f"the folder {progress.shown_path(folder)}"


# --------------------------------------------------------------------------- export
@dataclass(frozen=True)
class Written:
    """What :func:`write_record` wrote, and the message for the learner (shown when a cell returns it)."""

    ok: bool
    message: str
    html_path: Path | None = None
    json_path: Path | None = None

    def _repr_markdown_(self) -> str:
        return self.message.replace("\n", "\n\n")


def write_record(path: Path | None = None, folder: Path | None = None) -> Written:
    """Write ``my-analysis.html`` and ``my-progress.json`` beside the progress file (or into ``folder``)."""
    path = path or progress.progress_path()
    folder = folder or path.parent
    record, notice = progress.read(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        html_path = folder / HTML_NAME
        html_path.write_text(render_html(record), encoding="utf-8")
        json_path: Path | None = None
        if path.exists():
            json_path = folder / JSON_NAME
            shutil.copy2(path, json_path)
    except OSError as exc:
        return Written(False, f"\u26a0\ufe0f The record could not be written: {exc}.")
    except CourseError as exc:
        return Written(False, f"\u26a0\ufe0f The record could not be built: {exc}.")
    shown = progress.shown_path(html_path)
    lines = [notice] if notice else []
    lines.append(f"Wrote your analysis to {shown}" + (f" and a copy of your progress file to "
                                                       f"{progress.shown_path(json_path)}." if json_path else
                                                       " (there is no progress file yet to copy: save a verdict, "
                                                       "a prediction or a quiz answer first)."))
    lines.append(DOWNLOAD_HINT.format(where=where_in_file_browser(folder)))
    return Written(True, "\n".join(lines), html_path, json_path)


def table_html(frame: pd.DataFrame, caption: str, cell_style: str = "") -> str:
    """A plain, captioned HTML table (header cells scoped for screen readers); empty string for no rows.

    ``cell_style``: an inline style for every cell, for a table shown in a widget, where no style sheet spaces
    the cells (the record has its own); without it, headers ran together ("weight your split: coverage (%)").
    """
    if frame.empty:
        return ""
    style = f" style='{html.escape(cell_style, quote=True)}'" if cell_style else ""
    head = "".join(f"<th scope='col'{style}>{html.escape(str(c))}</th>" for c in frame.columns)
    body = "".join("<tr>" + "".join(f"<td{style}>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
                   for row in frame.itertuples(index=False))
    return f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, (list, dict, str)) and pd.isna(value)):
        return "\u2014"
    return f"{value:g}" if isinstance(value, float) else str(value)


_FIRST_PERSON = [(r"\bYou have\b", "I have"), (r"\byou have\b", "I have"), (r"\bYou are\b", "I am"),
                 (r"\byou are\b", "I am"), (r"\bYou were\b", "I was"), (r"\byou were\b", "I was"),
                 (r"\bYour\b", "My"), (r"\byour\b", "my"), (r"\byours\b", "mine"), (r"\bYou\b", "I"),
                 (r"\byou\b", "I")]


def first_person(text: str) -> str:
    """A lesson sentence (written to the learner: "You have judged…") in the record's voice, the learner's own
    ("I have judged…"): the record is titled "My analysis", so it speaks as its owner throughout."""
    for pattern, replacement in _FIRST_PERSON:
        text = re.sub(pattern, replacement, text)
    return text


def _paragraphs(lines: list[str]) -> str:
    return "".join(f"<p>{html.escape(first_person(line))}</p>" for line in lines)


def verdict_bars_svg(counts: pd.DataFrame, held_back: dict[str, int] | None = None) -> str:
    """The verdicts by section as horizontal stacked bars (inline SVG): in each section the course's reading,
    then the learner's verdicts when saved, in the lesson chart's colours and outline dashes (one mapping,
    :data:`coursekit.synthesis.ledger.VERDICT_COLOURS` and ``VERDICT_DASHES``). ``held_back`` ({section:
    claims}) counts the course's readings kept back until the learner judges them, said after the bar."""
    from coursekit.synthesis.ledger import VERDICT_COLOURS, VERDICT_DASHES

    if counts.empty:
        return ""
    sections = list(counts["section"].cat.categories)  # every section, judged or not: an empty row says why
    readers = [w for w in ("course", "you") if w in set(counts["who"])]
    labels = {"course": "course", "you": "me"}
    unit, left, bar_h, gap = 22, 290, 18, 10
    row_h = bar_h * len(readers) + gap
    height = row_h * len(sections) + 70
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="760" height="{height}" role="img" '
             'aria-labelledby="vt vd"><title id="vt">The course\'s readings and my verdicts by section of the '
             'article</title><desc id="vd">For each section, an upper bar for the course\'s reading and, when saved, '
             'a lower bar for my verdicts; each part is the number of claims given that verdict, shown by its '
             'colour and the dash pattern of its outline. The same figures are in the table below.</desc>']
    for i, section in enumerate(sections):
        for j, who in enumerate(readers):
            y = 10 + i * row_h + j * bar_h
            label = f"{section} \u00b7 {labels[who]}"
            parts.append(f'<text x="{left - 6}" y="{y + 13}" text-anchor="end" font-size="12">'
                         f'{html.escape(label)}</text>')
            x = left
            rows = counts[(counts["who"] == who) & (counts["section"] == section)]
            for verdict in VERDICTS:
                n = int(rows[rows["verdict"] == verdict]["claims"].sum())
                if n:
                    parts.append(f'<rect x="{x}" y="{y}" width="{n * unit}" height="{bar_h - 3}" '
                                 f'fill="{VERDICT_COLOURS[verdict]}" {_outline(VERDICT_DASHES[verdict])}>'
                                 f'<title>{html.escape(label)}: {n} {html.escape(verdict)}</title></rect>')
                    x += n * unit
            # Say what is not drawn, rather than leave a row blank or short.
            waiting = (held_back or {}).get(section, 0) if who == "course" else 0
            note = (f"{'+ ' if x > left else ''}{_held_back(waiting)}" if waiting else "" if x > left else
                    "not judged yet" if who == "you" else "readings held back until I judge those claims")
            if note:
                parts.append(f'<text x="{x + 4}" y="{y + 13}" font-size="11" fill="#555555">{note}</text>')
    legend_y = 10 + len(sections) * row_h + 14
    x = 10
    for verdict in VERDICTS:
        parts.append(f'<rect x="{x}" y="{legend_y}" width="18" height="12" fill="{VERDICT_COLOURS[verdict]}" '
                     f'{_outline(VERDICT_DASHES[verdict])}/>'
                     f'<text x="{x + 22}" y="{legend_y + 11}" font-size="11">{html.escape(verdict)}</text>')
        x += 36 + 6 * len(verdict)
    parts.append(f'<text x="{left}" y="{legend_y + 34}" font-size="11">Each block: one claim</text></svg>')
    return "".join(parts)


def _held_back(claims: int) -> str:
    """The record's words for course readings held back until the learner judges the claims (lesson 09's own)."""
    if claims == 1:
        return "1 reading held back until I judge that claim"
    return f"{claims} readings held back until I judge those claims"


def _outline(dashes: list[int]) -> str:
    """The bar outline of the lesson's charts (coursekit.charts.OUTLINE) with a verdict's dash pattern."""
    from coursekit.charts import OUTLINE

    return (f'stroke="{OUTLINE["stroke"]}" stroke-width="{OUTLINE["strokeWidth"]}" '
            f'stroke-dasharray="{" ".join(str(d) for d in dashes)}"')


def calibration_svg(table: pd.DataFrame) -> str:
    """Stated probability against share true per bin, with the diagonal of perfect calibration (inline SVG)."""
    if table.empty:
        return ""
    size, pad = 260, 44
    scale = size / 100

    def px(v: float) -> float:
        return pad + v * scale

    def py(v: float) -> float:
        return pad + size - v * scale

    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{size + 2 * pad}" height="{size + 2 * pad}" '
             'role="img" aria-labelledby="ct cd"><title id="ct">My calibration</title><desc id="cd">For each bin '
             'of stated probabilities, the mean probability I stated (across) against the share of those '
             'statements that were true (up). Points on the diagonal are perfectly calibrated; below it, '
             'overconfident. The same figures are in the table below.</desc>',
             f'<rect x="{pad}" y="{pad}" width="{size}" height="{size}" fill="none" stroke="#999"/>',
             f'<line x1="{px(0)}" y1="{py(0)}" x2="{px(100)}" y2="{py(100)}" stroke="#999" stroke-dasharray="4 3"/>',
             *(f'<text x="{px(v)}" y="{py(0) + 14}" text-anchor="middle" font-size="10">{v}</text>'
               f'<text x="{px(0) - 4}" y="{py(v) + 4}" text-anchor="end" font-size="10">{v}</text>' for v in (0, 50, 100)),
             f'<text x="{pad + size / 2}" y="{size + 2 * pad - 8}" text-anchor="middle" font-size="11">'
             'Probability I stated (%)</text>',
             f'<text x="12" y="{pad + size / 2}" font-size="11" transform="rotate(-90 12 {pad + size / 2})" '
             'text-anchor="middle">Share true (%)</text>']
    for row in table.itertuples(index=False):
        radius = 4 + 2 * min(int(row.count), 8)
        parts.append(f'<circle cx="{px(row.mean_stated):.1f}" cy="{py(row.share_true):.1f}" r="{radius}" '
                     f'fill="{OKABE_ITO[0]}" fill-opacity="0.7"><title>{html.escape(str(row.bin))}: stated '
                     f'{row.mean_stated:g}%, true {row.share_true:g}% of {row.count}</title></circle>')
    parts.append("</svg>")
    return "".join(parts)


_STYLE = ("body{font-family:Source Sans Pro,Helvetica Neue,Arial,sans-serif;max-width:60em;margin:2em auto;"
          "line-height:1.45;color:#222;padding:0 1em}table{border-collapse:collapse;margin:0.8em 0}"
          "td,th{border:1px solid #bbb;padding:4px 6px;text-align:left;vertical-align:top;font-size:0.92em}"
          "caption{text-align:left;font-weight:bold;margin-bottom:4px}h2{margin-top:1.6em}")


def render_html(record: dict[str, Any]) -> str:
    """The whole analysis as one self-contained HTML page (no scripts, no network)."""
    from coursekit.synthesis import allocation, hypotheses, ledger

    stamp = datetime.now(timezone.utc).strftime("%d %B %Y, %H:%M UTC")
    body = [f"<h1>My analysis: is the Russia\u2013China partnership a paper tiger?</h1><p>Written {stamp} from "
            "my progress file in the course <i>Paper tiger? Testing an op-ed on the Russia\u2013China defence "
            "partnership</i>. The course's readings are argued judgements, not an answer key.</p>"]
    table = ledger.ledger_table(record)
    body.append("<h2>1. The ledger: my verdicts and the course's readings</h2>")
    body.append(_paragraphs([ledger.summary_line(table), ledger.joint_or_alone_line(record, advice=False)]))
    held_back = table[table["course_hidden"]].groupby("section").size().to_dict()
    body.append(verdict_bars_svg(ledger.verdict_counts(table=table), held_back))
    shown = table[["claim_id", "lesson", "proposition", "your_verdict", "your_reason", "course_reading", "comparison"]]
    shown = shown.assign(course_reading=shown["course_reading"].mask(table["course_hidden"],
                                                                   "held back until I judge it"))
    body.append(table_html(shown.rename(columns={"claim_id": "claim", "proposition": "statement",
                                                  "your_verdict": "my verdict", "your_reason": "my reason",
                                                  "course_reading": "course's reading", "comparison": "compared"}),
                           "Every claim"))
    body.append("<h2>2. Competing hypotheses</h2>")
    mine = hypotheses.saved_ratings(record)
    if mine:
        names = _hypothesis_names()
        body.append(_paragraphs(hypotheses.explain(mine, names=names)))
        body.append(table_html(hypotheses.scores(mine), "My ratings scored (weighted evidence against each hypothesis)"))
        body.append(table_html(hypotheses.sensitivity_by_item(hypotheses.sensitivity(mine)), "Single changes that would change my result"))
        body.append(table_html(hypotheses.challenges(mine), "The fewest changes that would bring each other "
                                                             "hypothesis level"))
    else:
        body.append("<p>I have not rated the evidence against the hypotheses yet.</p>")
    body.append("<h2>3. Calibration of my predictions</h2>")
    body.append(_paragraphs(calibration.report(record)))
    cal = calibration.calibration_table(record)
    body.append(calibration_svg(cal))
    body.append(table_html(cal, "Calibration by bin (per cent)"))
    body.append(table_html(calibration.predictions_table(record), "Every revealed prediction"))
    body.append("<h2>4. My allocation</h2>")
    saved = (record.get("lessons", {}).get(hypotheses.LESSON, {}) or {}).get("allocation")
    outcome = allocation.evaluate(saved.get("spend"), saved.get("likelihoods")) if isinstance(saved, dict) else None
    if outcome is not None and outcome.ok and outcome.table is not None:
        split = pd.DataFrame([{"line": label, "points": saved["spend"][k]} for k, label in allocation.LINES.items()
                              if k in saved["spend"]])  # in the widget's order, not the file's
        body.append(table_html(split, "My split of 100 points"))
        body.append(table_html(outcome.table.rename(columns={"coverage_pct": "coverage (%)"}),
                               "Coverage of each scenario (course model, course assumptions)"))
        body.append(_paragraphs([outcome.summary]))
    else:
        body.append("<p>I have not saved an allocation yet.</p>")
    body.append("<h2>5. Reflections</h2>")
    notes = (record.get("lessons", {}).get(hypotheses.LESSON, {}) or {}).get("reflections")
    notes = {k: v for k, v in notes.items() if isinstance(v, dict)} if isinstance(notes, dict) else {}
    if notes:
        body.extend(f"<h3>{html.escape(first_person(str(v.get('prompt') or k)))}</h3><p>{html.escape(str(v.get('text', '')))}</p>"
                    for k, v in notes.items())
    else:
        body.append("<p>No reflections saved yet.</p>")
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>My analysis</title>'
            f"<style>{_STYLE}</style></head><body>{''.join(body)}</body></html>\n")


def _hypothesis_names() -> dict[str, str]:
    from coursekit.synthesis import hypotheses

    try:
        table = hypotheses.load_hypotheses()
    except CourseError:
        return {}
    return {str(h): str(n) for h, n in zip(table["hypothesis_id"], table["name"])}


# --------------------------------------------------------------------------- import
@dataclass(frozen=True)
class Brought:
    """What :func:`bring_back` did: ``ok`` and the message, the backup of the old file, and what came in."""

    ok: bool
    message: str
    backup: Path | None = None
    counts: dict[str, int] = field(default_factory=dict)


def _course_lessons() -> set[str]:
    from coursekit.synthesis.ledger import lesson_files

    return {filename.removesuffix(".ipynb") for filename, _title in lesson_files().values()}


def check_file(content: bytes) -> tuple[dict[str, Any] | None, str]:
    """The record in ``content`` if it is a progress file this course can read, else ``None`` and why not."""
    if not content:
        return None, "That file is empty: it is not a progress file."
    if len(content) > MAX_BYTES:
        return None, (f"That file is {len(content) / 1e6:.1f} MB; a progress file is far smaller "
                      f"(at most {MAX_BYTES / 1e6:g} MB). Choose my-progress.json or learner-progress.json.")
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None, ("That file is not a JSON progress file: it is not text at all (perhaps an image or another "
                      "kind of file). Choose my-progress.json or learner-progress.json.")
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:
        ending = exc.pos >= len(text.rstrip())
        return None, ("That file is not a JSON progress file that can be read: "
                      + ("it stops before its end (it may have been cut short while downloading or copying)"
                         if ending else f"its JSON text breaks at line {exc.lineno}, character {exc.colno} "
                         "(it may have been edited by hand or damaged)")
                      + ". Choose my-progress.json or learner-progress.json.")
    if not isinstance(value, dict):
        return None, (f"That JSON file holds a {_json_kind(value)}, not a progress record: it is not a progress "
                      "file from this course.")
    if "format" not in value:
        return None, ("That JSON file is not a progress file from this course (it does not say it is a "
                      f"'{progress.FORMAT}' record).")
    if value["format"] != progress.FORMAT:
        return None, (f"That JSON file says it is a {json.dumps(value['format'])[:60]} file, not a "
                      f"'{progress.FORMAT}' record: it is not a progress file from this course.")
    if "version" not in value:
        return None, "That progress file has no version number, so this course cannot tell how to read it."
    version = value["version"]
    if not isinstance(version, int) or isinstance(version, bool):
        return None, (f"That progress file's version is {json.dumps(version)[:40]}, not a whole number such as "
                      f"{progress.VERSION}: the file has been edited or damaged, so this course cannot tell how "
                      "to read it.")
    if version > progress.VERSION:
        return None, (f"That progress file was made by a newer version of the course (version {version}; this "
                      f"copy reads version {progress.VERSION}). Update the course (a fresh Binder launch does), "
                      "then bring it back.")
    if version < progress.VERSION:
        return None, (f"That progress file is from an older version of the course (version {version}) that this "
                      f"copy (version {progress.VERSION}) cannot read.")
    lessons = value.get("lessons")
    if lessons is None:
        return None, "That progress file is damaged: it has no 'lessons' part, where the course keeps your work."
    if not isinstance(lessons, dict):
        return None, (f"That progress file is damaged: its 'lessons' part is a {_json_kind(lessons)}, not the "
                      "lesson-by-lesson record this course writes.")
    broken = sorted(str(k) for k, v in lessons.items() if not isinstance(v, dict))
    if broken:
        return None, (f"That progress file is damaged: the entry for lesson {', '.join(broken[:5])} is not stored "
                      "as this course stores a lesson.")
    unknown = sorted(set(lessons) - _course_lessons())
    if unknown:
        return None, (f"That progress file names lessons this course does not have ({', '.join(unknown[:5])}): "
                      "it is from another course or another version.")
    faults = bad_entries(lessons)
    if faults:
        shown = "; ".join(faults[:MAX_FAULTS_SHOWN])
        more = (f"; and {len(faults) - MAX_FAULTS_SHOWN} more" if len(faults) > MAX_FAULTS_SHOWN else "")
        return None, (f"That progress file has {len(faults)} entr{'y' if len(faults) == 1 else 'ies'} this course "
                      f"cannot use (edited by hand or damaged): {shown}{more}. Correct or remove "
                      f"{'it' if len(faults) == 1 else 'them'} in the file, or bring back a file saved by the "
                      "course.")
    return value, ""


MAX_FAULTS_SHOWN = 8  # a message naming every fault of a badly damaged file would be unreadable
PREDICTION_KINDS = ("quantity", "statement")
PART_NAMES = {"verdicts": "verdict", "quiz": "quiz answer", "predictions": "prediction",
              "joint_or_alone": "joint-or-alone reading", "hypotheses": "rating",
              "reflections": "reflection"}


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and value == value


def _shown(value: Any) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "\u2026"


def bad_entries(lessons: dict[str, Any]) -> list[str]:
    """Every entry the lessons could not use, as "lesson L, part id: value" phrases: a verdict off the verdict
    scale, a prediction with an unknown kind or a probability/range that is not a number in range, a rating that
    is not C/I/N, or an entry that is not stored as the course stores one. Checked before anything is written, so
    that a hand-edited value is refused with its name instead of vanishing from the ledger."""
    from coursekit.synthesis.hypotheses import RATINGS

    faults: list[str] = []
    for lesson, entry in sorted(lessons.items()):
        for part in ENTRY_PARTS:
            if part in entry and not isinstance(entry[part], dict):
                faults.append(f"lesson {lesson}'s {PART_NAMES[part]}s cannot be read (a {_json_kind(entry[part])}, "
                              "not the course's list of entries)")
                continue
            for key, item in sorted((entry.get(part) or {}).items(), key=lambda kv: str(kv[0])):
                where = f"lesson {lesson}, {PART_NAMES[part]} {key}"
                if not isinstance(item, dict):
                    faults.append(f"{where}: {_shown(item)} (not stored as the course stores an entry)")
                    continue
                if part == "verdicts" and item.get("verdict") not in VERDICTS:
                    faults.append(f"{where}: {_shown(item.get('verdict'))} is not on the verdict scale")
                elif part == "predictions":
                    faults.extend(f"{where}: {fault}" for fault in _prediction_faults(item))
                elif part == "hypotheses":
                    faults.extend(f"{where}: {h} rated {_shown(r)}, not C, I or N" for h, r in sorted(item.items())
                                  if h != "saved" and r not in RATINGS)
        if "allocation" in entry:
            faults.extend(f"lesson {lesson}, allocation: {fault}" for fault in _allocation_faults(entry["allocation"]))
    return faults


def _allocation_faults(value: Any) -> list[str]:
    if not isinstance(value, dict):
        return [f"{_shown(value)} (not stored as the course stores a budget split)"]
    faults = []
    for part in ("spend", "likelihoods"):
        amounts = value.get(part)
        if not isinstance(amounts, dict):
            faults.append(f"{part} {_shown(amounts)} is not a list of amounts")
            continue
        faults.extend(f"{part} {key} {_shown(v)} is not a number" for key, v in sorted(amounts.items())
                      if not _is_number(v))
    return faults


def _prediction_faults(item: dict[str, Any]) -> list[str]:
    faults: list[str] = []
    kind = item.get("kind")
    if "kind" in item and kind not in PREDICTION_KINDS:
        faults.append(f"kind {_shown(kind)} is not {' or '.join(PREDICTION_KINDS)}")
    if "probability" in item and not (_is_number(item["probability"]) and 0 <= item["probability"] <= 100):
        faults.append(f"probability {_shown(item['probability'])} is not a number from 0 to 100")
    for name in ("guess", "low", "high", "figure"):
        if name in item and not _is_number(item[name]) and not (name == "figure" and item[name] is None):
            faults.append(f"{name} {_shown(item[name])} is not a number")
    if _is_number(item.get("low")) and _is_number(item.get("high")) and item["low"] > item["high"]:
        faults.append(f"low {_shown(item['low'])} is above high {_shown(item['high'])}")
    for name in ("truth", "scored", "inside"):
        if name in item and not isinstance(item[name], bool) and item[name] is not None:
            faults.append(f"{name} {_shown(item[name])} is not true or false")
    return faults


def _json_kind(value: Any) -> str:
    """What a JSON value is, in plain words, for a refusal message."""
    if isinstance(value, list):
        return "list"
    if isinstance(value, str):
        return "piece of text"
    if isinstance(value, bool):
        return "true/false value"
    if isinstance(value, (int, float)):
        return "number"
    return "empty value" if value is None else "different kind of value"


def _newer(incoming: dict[str, Any], current: dict[str, Any], part: str) -> bool:
    """Whether an incoming entry should replace the current one (see the module docstring)."""
    if part == "predictions":
        if current.get("revealed") and not incoming.get("revealed"):
            return False
        if incoming.get("revealed") and not current.get("revealed"):
            return True
        if incoming.get("revealed") and current.get("revealed"):
            return str(incoming["revealed"]) < str(current["revealed"])
    return str(incoming.get("saved", "")) > str(current.get("saved", ""))


def merge(current: dict[str, Any], incoming: dict[str, Any]) -> tuple[dict[str, Any], dict[str, int]]:
    """``current`` with ``incoming`` merged in (rules in the module docstring), and counts of what changed."""
    merged = json.loads(json.dumps(current))
    counts = {"added": 0, "replaced": 0, "kept": 0}
    for lesson, entry in incoming["lessons"].items():
        target = merged["lessons"].setdefault(lesson, {})
        for part, value in entry.items():
            if part in ENTRY_PARTS and isinstance(value, dict):
                have = target.setdefault(part, {})
                if not isinstance(have, dict):
                    have = target[part] = {}
                for key, item in value.items():
                    if not isinstance(item, dict):
                        continue
                    if key not in have or not isinstance(have[key], dict):
                        have[key], counts["added"] = item, counts["added"] + 1
                    elif _newer(item, have[key], part):
                        have[key], counts["replaced"] = item, counts["replaced"] + 1
                    else:
                        counts["kept"] += 1
            elif part == "allocation" and isinstance(value, dict):
                before = target.get(part)
                if not isinstance(before, dict) or _newer(value, before, part):
                    target[part] = value
                    counts["added" if not isinstance(before, dict) else "replaced"] += 1
                else:
                    counts["kept"] += 1
            elif part not in target:
                target[part] = value
    return merged, counts


def _entry_count(record: dict[str, Any]) -> int:
    return sum(len(v) for entry in record["lessons"].values() for p, v in entry.items()
               if p in ENTRY_PARTS and isinstance(v, dict)) + sum(
        1 for entry in record["lessons"].values() if isinstance(entry.get("allocation"), dict))


def _content(source: Any) -> tuple[bytes | None, str]:
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), ""
    if isinstance(source, (str, Path)):
        file = Path(source).expanduser()
        try:
            if file.stat().st_size > MAX_BYTES:
                return None, f"{file.name} is too large to be a progress file (at most {MAX_BYTES / 1e6:g} MB)."
            return file.read_bytes(), ""
        except OSError as exc:
            return None, f"{file} could not be read: {exc.strerror or exc}."
    return None, "Give the saved progress file (a path or the uploaded file)."


def bring_back(source: Any, mode: str = "merge", path: Path | None = None) -> Brought:
    """Check a saved progress file (a path, or the bytes of an upload) and merge it into the progress file, or
    replace it. Any problem: ``ok=False`` with a sentence, and the progress file is left exactly as it was."""
    if mode not in MODES:
        return Brought(False, f"Choose how to bring it back: {' or '.join(MODES)}.")
    content, problem = _content(source)
    if content is None:
        return Brought(False, f"\u26a0\ufe0f {problem} Nothing was changed.")
    incoming, problem = check_file(content)
    if incoming is None:
        return Brought(False, f"\u26a0\ufe0f {problem} Nothing was changed.")
    counts: dict[str, int] = {}

    def build(current: dict[str, Any]) -> dict[str, Any] | None:
        if mode == "replace":
            counts.update(added=_entry_count(incoming), replaced=0, kept=0)
            return json.loads(json.dumps(incoming))
        merged, found = merge(current, incoming)
        counts.update(found)
        return merged if found["added"] or found["replaced"] else None

    report, backup = progress.replace_all(build, "before-import", path)
    if not report.saved:
        return Brought(False, report.message)
    if mode == "merge" and not (counts["added"] or counts["replaced"]):
        return Brought(True, "\n".join(m for m in (report.message, "That file holds nothing your progress file "
                                                    "lacks (every entry in it is already here, or older): nothing "
                                                    "was changed.") if m), None, counts)
    lessons = len(incoming["lessons"])
    what = (f"replaced your progress with the file's {counts['added']} entries" if mode == "replace" else
            f"{counts['added']} new entries, {counts['replaced']} newer ones replaced yours, "
            f"{counts['kept']} of yours kept")
    lines = [m for m in (report.message,) if m]
    lines.append(f"Brought back a progress file covering {lessons} lesson(s): {what}.")
    lines.append(f"Your previous file is kept as {progress.shown_path(backup)}." if backup else
                 "There was no progress file before, so nothing needed a backup.")
    lines.append("To see it in this lesson, run the setup cell again, then every cell after it (Run \u2192 Run "
                 "Selected Cell and All Below): each part reads your progress file when its cell runs.")
    return Brought(True, "\n".join(lines), backup, counts)
