"""Small interactive explorers for lessons: pick a value, see the matching rows.

Why an HTML widget rather than ``interact``/``Output``: setting ``HTML.value`` from a callback
behaves the same in JupyterLab, on Binder and under nbval/nbclient (see stack notes); an
Output widget's captured prints can leak into the cell output when run headless.
"""
from __future__ import annotations

from typing import Any, Sequence

import pandas as pd

from coursekit.widget_tools import keyboard_ready, shared

ALL = "(all)"
# JupyterLab right-aligns table cells and gives HTML widgets a one-line line height: both make
# the long text these tables hold (claims, notes, evidence) hard to read.
TABLE_STYLE = ("<style>.course-explorer-table .widget-html-content{line-height:1.4}"
               ".course-explorer-table .course-table td,.course-explorer-table .course-table th"
               "{text-align:left!important;vertical-align:top}</style>")


def rows_matching(frame: pd.DataFrame, column: str, value: Any) -> pd.DataFrame:
    """Rows of ``frame`` whose ``column`` equals ``value`` (every row for ``ALL``)."""
    if value == ALL:
        return frame
    return frame[frame[column] == value]


def table_explorer(frame: pd.DataFrame, column: str, show: Sequence[str], label: str,
                   initial: str | None = None, max_rows: int = 40) -> Any:
    """A dropdown of ``column``'s values and a table of the matching rows' ``show`` columns.

    Starts at ``initial`` (default: the first value), so the page stays short until asked.
    """
    import ipywidgets as w

    values = sorted(frame[column].dropna().astype(str).unique().tolist())
    choices = [ALL] + values
    start = initial if initial in choices else (values[0] if values else ALL)
    picker = w.Dropdown(options=choices, value=start, description=label,
                        style=shared("description", description_width="initial"),
                        layout=shared("layout", width="auto", min_width="22em"))
    table = w.HTML(layout=shared("layout"), style=shared("html"))
    table.add_class("course-explorer-table")

    def render(change: Any = None) -> None:
        picked = rows_matching(frame.astype({column: "string"}), column, picker.value)
        more = f" (the first {max_rows} are shown)" if len(picked) > max_rows else ""
        count = f"<p>{len(picked)} row{'s' if len(picked) != 1 else ''}{more}</p>"
        shown = picked[list(show)].head(max_rows).astype(object)
        table.value = TABLE_STYLE + count + shown.where(shown.notna(), "").to_html(
            index=False, escape=True, border=0, classes="course-table")

    picker.observe(render, names="value")
    render()
    return keyboard_ready(w.VBox([picker, table], layout=shared("layout")))
