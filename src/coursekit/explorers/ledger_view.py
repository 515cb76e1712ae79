"""The ledger on screen (lesson 09): the learner's verdicts beside the course's readings, and what is left to judge.

Why plain HTML and not a widget: the ledger only shows, it saves nothing, so it needs no kernel round trips,
costs no widget time, works in a static view of the notebook, and its links to earlier lessons are ordinary
links a keyboard user reaches with Tab. Re-running the cell reads the progress file again.
"""
from __future__ import annotations

import html
import re
from typing import Any

from coursekit import progress
from coursekit.synthesis import ledger

_MARK = {ledger.SAME: "same", ledger.DIFFERS: "differs", ledger.NOT_JUDGED: "not judged yet",
         ledger.NO_READING: "no course reading"}
_LINK = re.compile(r"\[([^\]]+)\]\(([^)]+)\)")


def _markdown_list_html(text: str) -> str:
    """The not-judged list (Markdown with links) as HTML, links kept."""
    lines = text.splitlines()
    head, items = lines[0], [line[2:] for line in lines[1:] if line.startswith("- ")]

    def linked(line: str) -> str:
        out, last = [], 0
        for match in _LINK.finditer(line):
            out.append(html.escape(line[last:match.start()]))
            out.append(f'<a href="{html.escape(match.group(2))}">{html.escape(match.group(1))}</a>')
            last = match.end()
        out.append(html.escape(line[last:]))
        return "".join(out)

    listed = "".join(f"<li>{linked(item)}</li>" for item in items)
    return f"<p>{html.escape(head)}</p>" + (f"<ul>{listed}</ul>" if listed else "")


# JupyterLab right-aligns table cells; a long claim read ragged on the left (round 3), so every cell is
# left-aligned and top-aligned inline (the output's own style survives the notebook's and the record's CSS).
_LEFT = "text-align:left; vertical-align:top"
_HEADS = ("Claim", "Lesson", "Statement", "Your verdict", "Course's reading", "Compared")


def ledger_html(record: dict[str, Any], notice: str = "") -> str:
    """The ledger as HTML: a notice (damaged file), the summary, the table, and the claims still to judge."""
    table = ledger.ledger_table(record)
    rows = []
    for row in table.itertuples(index=False):
        mine = html.escape(row.your_verdict) if isinstance(row.your_verdict, str) else "\u2014"
        course = (html.escape(row.course_reading) if isinstance(row.course_reading, str)
                  else ledger.HIDDEN_READING if row.course_hidden else "\u2014")
        cells = (html.escape(row.claim_id), html.escape(row.lesson), html.escape(row.proposition), mine, course,
                 _MARK.get(row.comparison, row.comparison))
        rows.append("<tr>" + "".join(f"<td style='{_LEFT}'>{cell}</td>" for cell in cells) + "</tr>")
    warning = f'<p role="status" style="color:#7a4f00">{html.escape(notice)}</p>' if notice else ""
    return (f'<div class="course-ledger" style="max-width:60em">{warning}'
            f"<p><b>{html.escape(ledger.summary_line(table))}</b></p>"
            f"<p>{html.escape(ledger.joint_or_alone_line(record))}</p>"
            "<table><caption style='text-align:left'>Every claim: your verdict and the course's reading</caption>"
            "<thead><tr>" + "".join(f"<th scope='col' style='{_LEFT}'>{head}</th>" for head in _HEADS) +
            f"</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            f"{_markdown_list_html(ledger.not_judged_markdown(table))}</div>")


def show_ledger() -> Any:
    """The ledger for the learner's progress file, for the cell to display (re-run the cell to refresh it)."""
    from IPython.display import HTML

    record, notice = progress.read()
    return HTML(ledger_html(record, notice))
