"""The competing-hypotheses matrix (lesson 09): the learner rates each evidence item against four hypotheses.

One item at a time, with Previous and Next: the whole matrix (some 20 items x 4 hypotheses) would be 80 menus,
slow to build (the benchmark wants lesson 09 light) and hard to move through by keyboard. Each hypothesis has
one menu (C, I or N); *Save my ratings* stores every fully rated item; *Show the course's ratings* sets the
learner's ratings beside the course's, with both rankings and the items that would change each result. The
scoring is :mod:`coursekit.synthesis.hypotheses`; this module only turns clicks into calls of it.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from coursekit import progress
from coursekit.errors import CourseError
from coursekit.synthesis import hypotheses as ach
from coursekit.synthesis.takeaway import table_html
from coursekit.widget_tools import after_pending_input, close_tree, keyboard_ready, replace_view, shared, status_html

CHOOSE = "\u2014 rate \u2014"
OPTIONS = [(CHOOSE, "")] + [(f"{key}: {word}", key) for key, word in ach.RATINGS.items()]
_LIVE: dict[str, "HypothesisMatrix"] = {}


def _frame_html(frame: pd.DataFrame, caption: str) -> str:
    return table_html(frame, caption) or f"<p>{html.escape(caption)}: none.</p>"


class HypothesisMatrix:
    """One evidence item on screen at a time, a rating menu per hypothesis, and the buttons that act on them."""

    def __init__(self, hypotheses: pd.DataFrame, evidence: pd.DataFrame, path: Path | None = None) -> None:
        import ipywidgets as w

        self.path = path
        self.ids = [str(h) for h in hypotheses["hypothesis_id"]]
        self.names = {str(h): str(n) for h, n in zip(hypotheses["hypothesis_id"], hypotheses["name"])}
        short = {str(h): str(n).replace("_", " ") for h, n in zip(hypotheses["hypothesis_id"], hypotheses["short_name"])}
        self.evidence = evidence.reset_index(drop=True)
        self.items = [str(i) for i in self.evidence["item_id"]]
        self.course = ach.course_ratings(self.evidence)
        self.weights = ach.credibility_weights(self.evidence)
        saved, notice = progress.hypothesis_ratings(ach.LESSON, path)
        self.ratings: dict[str, dict[str, str]] = {
            k: {h: r for h, r in v.items() if h in self.ids and r in ach.RATINGS} for k, v in saved.items()
            if k in self.items}
        self._saved = {k: dict(v) for k, v in self.ratings.items()}  # as in the progress file when the cell ran
        self.index = 0
        legend = "".join(f"<li><b>{html.escape(h)}</b> {html.escape(str(row.name))}: "
                         f"{html.escape(str(row.statement))}</li>"
                         for h, row in zip(self.ids, hypotheses.itertuples(index=False)))
        self.legend = w.HTML(f"<ul>{legend}</ul>", layout=shared("layout"), style=shared("html"))
        self.item = w.HTML(layout=shared("layout"), style=shared("html"))
        self._style = shared("description", description_width="16em")
        self.menus = {h: w.Dropdown(options=OPTIONS, value="", description=f"{h} {short[h]}",
                                    style=self._style, layout=shared("layout")) for h in self.ids}
        self.previous = w.Button(description="Previous item", tooltip="Show the previous evidence item",
                                 layout=shared("layout"), style=shared("button"))
        self.next = w.Button(description="Next item", tooltip="Show the next evidence item",
                             layout=shared("layout"), style=shared("button"))
        self.save_button = w.Button(description="Save my ratings", button_style="primary",
                                    tooltip="Save every item you have rated for all four hypotheses",
                                    layout=shared("layout"), style=shared("button"))
        self.compare_button = w.Button(description="Show the course's ratings",
                                       tooltip="Compare your ratings with the course's, with both rankings",
                                       layout=shared("layout"), style=shared("button"))
        self.status = w.HTML(status_html(notice, "warning") if notice else "", layout=shared("layout"),
                             style=shared("html"))
        self.result = w.HTML(layout=shared("layout"), style=shared("html"))
        self.previous.on_click(lambda _b: after_pending_input(lambda: self.move(-1)))
        self.next.on_click(lambda _b: after_pending_input(lambda: self.move(1)))
        self.save_button.on_click(lambda _b: after_pending_input(self.save))
        self.compare_button.on_click(lambda _b: after_pending_input(self.compare))
        self.widget = keyboard_ready(w.VBox(
            [self.legend, self.item, *self.menus.values(),
             w.HBox([self.previous, self.next, self.save_button], layout=shared("layout")),
             self.status, self.compare_button, self.result], layout=shared("layout", max_width="860px")))
        self.widget.add_class("course-hypotheses")
        self._show()

    # ------------------------------------------------------------------ moving through the items
    def _show(self) -> None:
        row = self.evidence.iloc[self.index]
        item_id = self.items[self.index]
        where = f"lesson {row['lesson']}, data set {row['dataset']}" if "dataset" in row else f"lesson {row['lesson']}"
        credibility = f"; credibility {row['credibility']}" if "credibility" in row else ""
        self.item.value = (f"<p><b>Item {self.index + 1} of {len(self.items)}: {html.escape(item_id)}</b> "
                           f"({html.escape(where)}{html.escape(credibility)})<br>{html.escape(str(row['item']))}</p>")
        for h, menu in self.menus.items():
            menu.value = self.ratings.get(item_id, {}).get(h, "")

    def _keep_current(self) -> None:
        """Hold what the menus show for the current item (saved or not), so moving on loses nothing."""
        chosen = {h: m.value for h, m in self.menus.items() if m.value}
        if chosen:
            self.ratings[self.items[self.index]] = chosen
        else:
            self.ratings.pop(self.items[self.index], None)

    def move(self, step: int) -> None:
        """Show the next (``step`` 1) or previous (-1) item and put the keyboard focus on its first menu, so a
        keyboard user rates it at once instead of pressing Shift+Tab five times back from the button.
        ``focus()`` (ipywidgets 8) sends the browser a message; the dropdown's view focuses its select box."""
        self._keep_current()
        self.index = (self.index + step) % len(self.items)
        self._show()
        next(iter(self.menus.values())).focus()

    # ------------------------------------------------------------------ saving and comparing
    def complete(self) -> dict[str, dict[str, str]]:
        """The items rated for every hypothesis (only these are saved and scored)."""
        return {k: v for k, v in self.ratings.items() if all(v.get(h) for h in self.ids)}

    def save(self) -> None:
        self._keep_current()
        done = self.complete()
        partial = [k for k in self.ratings if k not in done]
        if not done:
            self.status.value = status_html("Rate an item for all four hypotheses (C, I or N), then press Save.",
                                            "problem")
            return
        report = progress.save_hypothesis_ratings(ach.LESSON, done, self.path)
        if not report.saved:
            self.status.value = status_html(report.message, "problem")
            return
        line = f"Saved your ratings of {len(done)} of {len(self.items)} items."
        if partial:
            line += f" Not saved yet (a hypothesis still unrated): {', '.join(partial)}."
        self.status.value = status_html("\n".join(m for m in (report.message, line) if m),
                                        "warning" if partial or report.message else "ok")

    def compare(self) -> None:
        self._keep_current()
        mine = self.complete()
        course_lines = ach.explain(self.course, self.weights, self.names)
        parts = ["<h4>The course's ratings</h4>", *(f"<p>{html.escape(x)}</p>" for x in course_lines),
                 _frame_html(ach.scores(self.course, self.weights, self.ids), "The course's scores"),
                 _frame_html(ach.sensitivity_by_item(ach.sensitivity(self.course, self.weights)),
                             "Single changes that would change the course's result"),
                 _frame_html(ach.challenges(self.course, self.weights),
                             "The fewest changes that would bring each other hypothesis level")]
        if mine:
            compared = ach.compare(mine, self.course)
            same = int(compared["same"].sum())
            parts = ["<h4>Your ratings</h4>",
                     *(f"<p>{html.escape(x)}</p>" for x in ach.explain(mine, self.weights, self.names)),
                     _frame_html(ach.scores(mine, self.weights, self.ids), "Your scores (1 = least evidence against)"),
                     _frame_html(ach.sensitivity_by_item(ach.sensitivity(mine, self.weights)), "Single changes that would change your result"),
                     _frame_html(ach.challenges(mine, self.weights),
                                 "The fewest changes that would bring each other hypothesis level"),
                     f"<p>On {same} of your {len(compared)} ratings you and the course agree.</p>",
                     _frame_html(compared[~compared["same"]], "Where your ratings and the course's differ"),
                     *parts]
        else:
            parts.insert(0, "<p>You have not rated a whole item yet, so only the course's ratings are shown. "
                            "Rate some items (all four hypotheses each) to compare.</p>")
        self.result.value = f'<div role="status">{"".join(parts)}</div>'

    def take_from(self, previous: "HypothesisMatrix") -> None:
        """Carry a re-run cell's ratings (saved or not) and position over."""
        previous._keep_current()
        self.ratings.update({k: v for k, v in previous.ratings.items() if k in self.items})
        self.index = min(previous.index, len(self.items) - 1)
        self._show()
        unsaved = [k for k in self.items if k in self.ratings and self.ratings[k] != self._saved.get(k)]
        if unsaved:  # say so, or a re-run looks as if every rating on screen were saved (learner run, W11)
            line = status_html(f"Kept from before you re-ran the cell, not saved yet: {', '.join(unsaved)}. "
                               "Press Save my ratings to keep those rated for all four hypotheses.", "warning")
            self.status.value = "\n".join(v for v in (self.status.value, line) if v)

    def close(self) -> None:
        for button in (self.previous, self.next, self.save_button, self.compare_button):
            button._click_handlers.callbacks.clear()
        close_tree(self.widget)  # the description style is shared (widget_tools.shared): not closed here


def show_hypothesis_matrix(hypotheses: pd.DataFrame | None = None, evidence: pd.DataFrame | None = None,
                           path: Path | None = None) -> Any:
    """The matrix widget for the course's hypotheses and evidence (tests pass small tables and a path)."""
    import ipywidgets as w

    try:
        hypotheses = ach.load_hypotheses() if hypotheses is None else hypotheses
        evidence = ach.load_evidence() if evidence is None else evidence
    except CourseError as exc:
        return w.HTML(status_html(f"The competing-hypotheses matrix could not be built: {exc}", "problem"))
    if evidence.empty or hypotheses.empty:
        return w.HTML(status_html("There are no evidence items or hypotheses to rate yet.", "problem"))
    return replace_view(_LIVE, "matrix", HypothesisMatrix(hypotheses, evidence, path), HypothesisMatrix.take_from)


def current_matrix() -> HypothesisMatrix | None:
    """The live matrix (tests drive it without a browser)."""
    return _LIVE.get("matrix")
