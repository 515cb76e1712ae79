"""The budget explorer (lesson 09): split 100 points across four lines, weigh each threat (how likely × how harmful), see coverage.

Four whole-number boxes for the split (typing 30 is quicker and more exact by keyboard than dragging four
linked sliders), four sliders for the scenario weights (likelihood × harm), a preset menu with *Apply*, and *Compute and save*. The
running total is shown as the learner types, so a split that does not add up to 100 is caught before the
press. The model and every check are :mod:`coursekit.synthesis.allocation`; the split is saved to the
progress file under lesson 09.
"""
from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import pandas as pd

from coursekit import progress
from coursekit.errors import CourseError
from coursekit.synthesis import allocation as model
from coursekit.synthesis import hypotheses as ach
from coursekit.synthesis.takeaway import table_html
from coursekit.widget_tools import after_pending_input, close_tree, keyboard_ready, replace_view, shared, status_html

DEFAULT_LIKELIHOOD = 50
_LIVE: dict[str, "BudgetView"] = {}


class BudgetView:
    """The split boxes, likelihood sliders, preset menu and result of one budget explorer."""

    def __init__(self, presets: Any, path: Path | None = None) -> None:
        import ipywidgets as w
        from ipywidgets.widgets.widget_int import SliderStyle

        self.path, self.presets = path, presets
        self._computed: tuple[Any, str] | None = None  # (the numbers, the result shown) of the last computation
        # The boxes and menu share one description style (widget_tools.shared); the four sliders share their own.
        # Widths fit the longest label in full ("Sabotage of cables, pipelines or satellites (weight 50 of 100)") and
        # leave each slider a track to drag: at 15em in the default 300px, a slider's track was 9px (learner run).
        self._style = shared("description", description_width="20em")
        self._slider_style = SliderStyle(description_width="32em")
        saved, notice = progress.allocation(ach.LESSON, path)
        spend = saved.get("spend") if isinstance(saved.get("spend"), dict) else model.preset("equal", presets)
        odds = saved.get("likelihoods") if isinstance(saved.get("likelihoods"), dict) else {}
        # IntText, not BoundedIntText: a bounded box silently turns -5 into 0 in the browser; here every number
        # reaches the model's check, and the total line says what is wrong with it (learner run, W1).
        self.boxes = {line: w.IntText(value=_int(spend.get(line), 0), step=5,
                                      description=f"{label} (points)", style=self._style,
                                      layout=shared("layout", width="28em"))
                      for line, label in model.LINES.items()}
        # No readout box: ipywidgets' readout is an editable field with no name, an extra Tab stop a screen reader
        # announces as nothing (learner run); the weight is in the slider's own name, which the handle carries.
        self.sliders = {s: w.IntSlider(value=_int(odds.get(s), DEFAULT_LIKELIHOOD), min=0, max=100, step=5,
                                       description=_weight_label(label, _int(odds.get(s), DEFAULT_LIKELIHOOD)),
                                       readout=False, continuous_update=False, style=self._slider_style,
                                       layout=shared("layout", width="100%", max_width="56em"))
                        for s, label in model.SCENARIOS.items()}
        for s, slider in self.sliders.items():
            slider.observe(lambda change, label=model.SCENARIOS[s]: self._weight_changed(change, label), names="value")
        choices = [(str(label), str(pid)) for pid, label, hyp in
                   zip(presets["preset_id"], presets["label"], presets["hypothesis_id"]) if _empty(hyp)]
        choices.append(("From my competing-hypotheses result", model.FROM_HYPOTHESES))
        self.menu = w.Dropdown(options=choices, value=str(saved.get("preset") or "equal")
                               if str(saved.get("preset") or "equal") in {c[1] for c in choices} else choices[0][1],
                               description="Preset", style=self._style, layout=shared("layout", width="42em"))
        self.apply_button = w.Button(description="Apply preset", tooltip="Put the preset's split in the four boxes",
                                     layout=shared("layout"), style=shared("button"))
        self.compute_button = w.Button(description="Compute and save", button_style="primary",
                                       tooltip="Run the model on your split and weights and save them",
                                       layout=shared("layout"), style=shared("button"))
        self.total = w.HTML(layout=shared("layout"), style=shared("html"))
        self.status = w.HTML(status_html(notice, "warning") if notice else "", layout=shared("layout"), style=shared("html"))
        self.result = w.HTML(layout=shared("layout"), style=shared("html"))
        for box in self.boxes.values():
            box.observe(lambda _c: (self._show_total(), self._mark_out_of_date()), names="value")
        self.apply_button.on_click(lambda _b: after_pending_input(self.apply_preset))
        self.compute_button.on_click(lambda _b: after_pending_input(self.compute))
        intro = w.HTML("<b>Your split of 100 points</b> (whole numbers; a box left empty keeps its last number)",
                       layout=shared("layout"), style=shared("html"))
        odds_intro = w.HTML("<b>Weigh each scenario: how likely × how harmful you find it (0 = ignore it, 100 = the gravest risk)</b>",
                            layout=shared("layout"), style=shared("html"))
        self.widget = keyboard_ready(w.VBox(
            [w.HBox([self.menu, self.apply_button], layout=shared("layout")), intro, *self.boxes.values(), self.total, odds_intro,
             *self.sliders.values(), self.compute_button, self.status, self.result],
            layout=shared("layout", max_width="860px")))
        self.widget.add_class("course-budget")
        self._show_total()
        if saved:
            self.compute(save=False)

    def split(self) -> dict[str, int]:
        return {line: int(box.value) for line, box in self.boxes.items()}

    def likelihoods(self) -> dict[str, int]:
        return {s: int(slider.value) for s, slider in self.sliders.items()}

    def _weight_changed(self, change: dict[str, Any], scenario: str) -> None:
        change["owner"].description = _weight_label(scenario, change["new"])
        self._mark_out_of_date()

    def _mark_out_of_date(self) -> None:
        """Say so above a coverage table computed for other numbers than the boxes and sliders now hold (a
        learner applied a preset and read the old table as the new one); the table stays, for comparison."""
        if self._computed is None:
            return
        numbers, shown = self._computed
        stale = numbers != (self.split(), self.likelihoods())
        self.result.value = (status_html("Out of date: the table and the sentence below are for your numbers before "
                                         "the change. Press Compute and save to update them.", "warning") + shown
                             if stale else shown)

    def _show_total(self) -> None:
        checked = model.check_allocation(self.split())
        if not checked.ok and not checked.values:  # a negative number: the check names the line
            self.total.value = status_html(checked.message, "problem")
            return
        total = sum(self.split().values())
        kind = "ok" if total == model.BUDGET else "warning"
        gap = "" if total == model.BUDGET else (f" ({total - model.BUDGET} too many)" if total > model.BUDGET
                                                 else f" ({model.BUDGET - total} left to place)")
        self.total.value = status_html(f"Total: {total} of {model.BUDGET} points{gap}.", kind)

    def apply_preset(self) -> dict[str, int]:
        """Fill the boxes from the chosen preset (the hypotheses preset reads the learner's saved ratings)."""
        chosen = self.menu.value
        if chosen == model.FROM_HYPOTHESES:
            leading = ach.leaders(ach.saved_ratings(progress.read(self.path)[0]))
            split = model.preset_from_hypotheses(leading, self.presets)
            line = (f"Preset from your competing-hypotheses result ({' = '.join(leading)} leading)." if leading else
                    "You have not saved competing-hypotheses ratings yet, so this is the equal split; rate the "
                    "evidence above first.")
        else:
            split = model.preset(chosen, self.presets)
            row = self.presets[self.presets["preset_id"] == chosen].iloc[0]
            line = f"{row['label']}: {row['basis']}"
        for key, box in self.boxes.items():
            box.value = split[key]
        self.status.value = status_html(line + " Press Compute and save to see what it covers.", "info")
        return split

    def compute(self, save: bool = True) -> model.Outcome:
        outcome = model.evaluate(self.split(), self.likelihoods())
        if not outcome.ok or outcome.table is None:
            self.status.value = status_html(outcome.message, "problem")
            return outcome
        shown = outcome.table.rename(columns={"coverage_pct": "your split: coverage (%)"})
        article = model.evaluate(model.preset("article", self.presets), self.likelihoods())
        line = outcome.summary
        if article.ok and article.table is not None:  # the article's direction, scored with the same likelihoods
            shown["article's direction: coverage (%)"] = article.table["coverage_pct"].to_numpy()
            shown = pd.concat([shown, pd.DataFrame([{"scenario": "Weighted by your scenario weights", "weight": None,
                                                     "your split: coverage (%)": outcome.weighted_pct,
                                                     "article's direction: coverage (%)": article.weighted_pct}])],
                              ignore_index=True)
            line += " " + compare_with_article(outcome.weighted_pct, article.weighted_pct)
        self.result.value = (table_html(shown, "Coverage of each scenario: your split beside the article's direction, "
                                               "with your scenario weights (the course's assumed model)",
                                        cell_style="padding:2px 10px;text-align:left;vertical-align:top")
                             + f'<p role="status">{html.escape(line)}</p>')
        self._computed = ((self.split(), self.likelihoods()), self.result.value)
        if save:
            report = progress.save_allocation(ach.LESSON, self.split(), self.likelihoods(), str(self.menu.value),
                                              self.path)
            self.status.value = (status_html(report.message or "Saved your split and weights.",
                                             "ok" if report.saved and not report.message else "warning")
                                 if report.saved else status_html(report.message, "problem"))
        return outcome

    def take_from(self, previous: "BudgetView") -> None:
        """Carry a re-run cell's boxes, sliders and preset over (saved or not)."""
        for key, box in self.boxes.items():
            box.value = previous.boxes[key].value
        for key, slider in self.sliders.items():
            slider.value = previous.sliders[key].value
        self.menu.value = previous.menu.value

    def close(self) -> None:
        for button in (self.apply_button, self.compute_button):
            button._click_handlers.callbacks.clear()
        for control in (*self.boxes.values(), *self.sliders.values()):
            control.unobserve_all()
        close_tree(self.widget)
        self._slider_style.close()  # its own; the description style is shared (widget_tools.shared)


def _weight_label(scenario: str, weight: int) -> str:
    """A slider's name with its value, e.g. "A large information operation (weight 50 of 100)"."""
    return f"{scenario} (weight {weight} of 100)"


def compare_with_article(yours: float, article: float) -> str:
    """One sentence setting the learner's weighted coverage beside the article preset's, same weights."""
    if abs(yours - article) < 0.05:
        return f"The article's direction covers the same, {article:g}%, with your weights."
    which = "more" if yours > article else "less"
    return (f"With the same weights the article's direction covers {article:g}%, so your split covers "
            f"{abs(yours - article):.1f} points {which}. Which weight or effectiveness would have to change "
            "to reverse that?")


def _int(value: Any, default: int) -> int:
    return int(value) if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 100 else default


def _empty(value: Any) -> bool:
    return bool(pd.isna(value)) or not str(value).strip()


def show_budget(path: Path | None = None) -> Any:
    """The budget explorer for the learner's progress file (``path`` in tests); re-running keeps the entries."""
    import ipywidgets as w

    try:
        presets = model.load_presets()
        model.load_model()
    except (CourseError, ValueError) as exc:
        return w.HTML(status_html(f"The allocation model could not be loaded: {exc}", "problem"))
    return replace_view(_LIVE, "budget", BudgetView(presets, path), BudgetView.take_from)


def current_budget() -> BudgetView | None:
    """The live explorer (tests drive it without a browser)."""
    return _LIVE.get("budget")
