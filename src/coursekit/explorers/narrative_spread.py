"""A toy model of how a narrative spreads: seeding, amplification and friction (lesson 06).

Why a model at all: the article calls coordinated Russian and Chinese information operations the pair's
"most effective" joint operation. Effective at what? The official reports the lesson reads count
incidents, channels and takedowns; none measures what a narrative did to what people believe or do.
This model lets a learner see what an amplifier *could* add to an originator's reach, what friction
(takedowns, fact-check labels) takes away, and that even a perfect count of people reached says nothing
about belief. It is a **model for reasoning**: deterministic, not fitted to any real operation, and every
default is an illustrative round number, labelled as such (DEFAULTS), never a figure from ``data/``.

The rules, in plain words (the lesson prints them too):

1. In step 1 the originator puts out ``seeds`` posts.
2. Friction first: a share ``friction`` of each step's posts is removed (taken down, or labelled so that
   nobody shares it) before anyone sees it.
3. Every post left is seen ``audience`` times by ordinary followers. An amplifier (a network of outlets or
   accounts) picks up a share ``pickup`` of those posts and shows each to its own ``amplifier_audience``.
   The amplifier never posts anything of its own: it only carries what the originator started. That is
   the article's division of labour ("Moscow originates, Beijing amplifies") built in as an ASSUMPTION, so
   "an amplifier with nothing to amplify reaches nobody" is true by construction, not a finding.
4. Of the followers' views in a step, a share ``share_rate`` turn into new posts in the next step; of the
   amplifier's views, a share ``amplifier_share_rate`` (0 for real viewers who look but never share). The
   amplifier's views always land on real people (rule 5): an audience of bought or fake accounts, which sees
   nothing, is ``amplifier_audience`` = 0, as with channels that have no subscribers. Each audience counts
   at most ``population`` views for sharing (nobody shares more than once a step), so posts cannot run away.
5. Views land on people at random in a population of ``population``; people reached so far is
   ``population * (1 - exp(-views so far / population))``, so a person who sees it twice counts once.

Properties the tests check (tests/test_narrative_spread.py): more amplification (audience or pickup) never
lowers reach; more friction never raises it; no seed posts reach nobody; the total never falls as steps
are added; bad inputs raise :class:`SpreadInputError` with a sentence a learner can act on. They hold
because every step's views are built from products and minimums of non-negative factors, each
non-decreasing in seeds, audience, pickup and both share rates and non-increasing in friction, and rule 5 is
increasing in total views. (A rule where only people not yet reached share would be more realistic, but then
more amplification early can mean fewer shares later, and the first property could fail.)
"""
from __future__ import annotations

import html
import math
from dataclasses import dataclass
from numbers import Real
from typing import Any

import pandas as pd

# --------------------------------------------------------------------------- inputs
DEFAULTS: dict[str, float] = {
    "seeds": 10,                 # posts the originator makes in step 1
    "audience": 150,             # views per post from ordinary followers
    "share_rate": 0.005,         # share of followers' views that become a new post next step
    "amplifier_share_rate": 0.005,  # the same for the amplifier's viewers (0 = real viewers who never share)
    "amplifier_audience": 0,     # followers of the amplifier who see each post it picks up
    "pickup": 0.2,               # share of live posts the amplifier picks up
    "friction": 0.0,             # share of each step's posts removed before anyone sees them
    "population": 1_000_000,     # people who could see it
    "steps": 10,                 # rounds of sharing
}
"""Illustrative round numbers, chosen so that without an amplifier a narrative fades (each post leads to
fewer than one new post) and with one it spreads. They describe no real operation or platform."""

SHARES = ("share_rate", "amplifier_share_rate", "pickup", "friction")
"""Inputs that are shares of something, between 0 and 1."""

WHOLE = ("seeds", "steps")
"""Inputs that count whole things."""

MAX_STEPS = 60
"""More steps than any slider offers; a guard against a typo such as 1000."""

ILLUSTRATIVE_AMPLIFIER = 5_000
"""The amplifier audience of the lesson's scenarios: illustrative, like DEFAULTS."""

STRONG_FRICTION = 0.9
"""The friction of the lesson's 'strong friction' scenario: 9 posts in 10 removed (illustrative)."""


class SpreadInputError(ValueError):
    """An input the model cannot use; the message says which one and what to give instead."""


def _number(name: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, Real):
        shown = f"{value!r} ({type(value).__name__})"
        raise SpreadInputError(f"{name} must be a number, not {shown}. Type it without quotes, e.g. {name}={DEFAULTS[name]:g}.")
    number = float(value)
    if math.isnan(number) or math.isinf(number):
        raise SpreadInputError(f"{name} must be a finite number, not {value}.")
    if number < 0:
        raise SpreadInputError(f"{name} cannot be negative (you gave {value:g}): the model counts posts, views and "
                               "people, none of which can be below zero.")
    return number


def check_inputs(**inputs: Any) -> dict[str, float]:
    """``inputs`` merged over DEFAULTS and checked; raises :class:`SpreadInputError` naming the first problem.

    Why strict: a learner who types ``friction=30`` meaning 30% would otherwise get a silent nonsense run.
    """
    unknown = sorted(set(inputs) - set(DEFAULTS))
    if unknown:
        raise SpreadInputError(f"unknown input(s) {unknown}; the model takes {sorted(DEFAULTS)}.")
    merged = {**DEFAULTS, **inputs}
    checked = {name: _number(name, value) for name, value in merged.items()}
    for name in SHARES:
        if checked[name] > 1:
            raise SpreadInputError(f"{name} is a share between 0 and 1 (0.3 means 30%); you gave {merged[name]:g}. "
                                   f"For {merged[name]:g}% write {checked[name] / 100:g}.")
    for name in WHOLE:
        if not checked[name].is_integer():
            raise SpreadInputError(f"{name} counts whole things; give a whole number, not {merged[name]:g}.")
    if checked["steps"] < 1 or checked["steps"] > MAX_STEPS:
        raise SpreadInputError(f"steps must be between 1 and {MAX_STEPS}; you gave {merged['steps']:g}.")
    if checked["population"] < 1:
        raise SpreadInputError("population must be at least 1 person.")
    return checked


# --------------------------------------------------------------------------- the model
def spread(**inputs: Any) -> pd.DataFrame:
    """Run the model: one row per step with ``posts`` (seen, after friction), ``views``, ``new_people``
    and ``people_reached`` (so far). Inputs not given take their DEFAULTS.

    >>> spread(seeds=0)["people_reached"].iloc[-1]
    0.0
    """
    p = check_inputs(**inputs)
    amplified_per_post = p["pickup"] * p["amplifier_audience"]
    rows = []
    made = p["seeds"]  # posts made this step, before friction
    total_views = reached = 0.0
    for step in range(1, int(p["steps"]) + 1):
        posts = made * (1 - p["friction"])
        organic, amplified = posts * p["audience"], posts * amplified_per_post
        views = organic + amplified
        total_views += views
        now = p["population"] * -math.expm1(-total_views / p["population"])
        now = max(now, reached)  # rounding never lets the running total fall
        rows.append({"step": step, "posts": posts, "views": views, "new_people": now - reached,
                     "people_reached": now})
        reached = now
        made = (min(organic, p["population"]) * p["share_rate"]
                + min(amplified, p["population"]) * p["amplifier_share_rate"])
    return pd.DataFrame(rows)


def people_reached(**inputs: Any) -> float:
    """People reached after the last step (see :func:`spread`), rounded to 6 decimals so that a whole
    population prints as 1000000.0, not 999999.9999999999 (rounding keeps every ordering the tests check)."""
    return round(float(spread(**inputs)["people_reached"].iloc[-1]), 6)


def growth_per_post(**inputs: Any) -> float:
    """New posts each post leads to in the next step; below 1 a narrative fades, above 1 it grows.

    ``(audience * share_rate + pickup * amplifier_audience * amplifier_share_rate) * (1 - friction)``: the
    one number that decides whether a narrative dies out or spreads until it runs out of people.
    """
    p = check_inputs(**inputs)
    return ((p["audience"] * p["share_rate"] + p["pickup"] * p["amplifier_audience"] * p["amplifier_share_rate"])
            * (1 - p["friction"]))


@dataclass(frozen=True)
class Scenario:
    """A named set of inputs for the lesson's comparison."""

    name: str
    inputs: dict[str, float]


SCENARIOS: tuple[Scenario, ...] = (
    Scenario("Originator alone", {}),
    Scenario("Originator + amplifier", {"amplifier_audience": ILLUSTRATIVE_AMPLIFIER}),
    Scenario("Originator + amplifier, strong friction",
             {"amplifier_audience": ILLUSTRATIVE_AMPLIFIER, "friction": STRONG_FRICTION}),
    Scenario("Originator + amplifier whose viewers never share",
             {"amplifier_audience": ILLUSTRATIVE_AMPLIFIER, "amplifier_share_rate": 0.0}),
    Scenario("Amplifier with nothing to amplify (by construction)",
             {"seeds": 0, "amplifier_audience": ILLUSTRATIVE_AMPLIFIER}),
)
"""The lesson's five cases: what the article's 'tag-team' would add, what friction takes away, what an
amplifier whose audience never shares adds, and the case the model's own rule decides (an amplifier that
cannot originate reaches nobody without an originator). All inputs illustrative."""


def compare(scenarios: tuple[Scenario, ...] = SCENARIOS, **common: Any) -> pd.DataFrame:
    """Every scenario's run in one long table (``scenario`` + the columns of :func:`spread`), for a chart."""
    runs = [spread(**{**common, **s.inputs}).assign(scenario=s.name) for s in scenarios]
    return pd.concat(runs, ignore_index=True)[["scenario", "step", "posts", "views", "new_people", "people_reached"]]


def summary(**inputs: Any) -> pd.DataFrame:
    """One row per scenario: growth per post, people reached after the last step and their share of the
    population (rounded for reading)."""
    rows = []
    for s in SCENARIOS:
        merged = {**inputs, **s.inputs}
        p = check_inputs(**merged)
        total = people_reached(**merged)
        rows.append({"scenario": s.name, "growth_per_post": round(growth_per_post(**merged), 2),
                     "people_reached": round(total), "share_of_population_pct": round(100 * total / p["population"], 1)})
    return pd.DataFrame(rows)


def sentence(**inputs: Any) -> str:
    """The run in one plain sentence: reach, how it changed, and what the model does not measure."""
    p = check_inputs(**inputs)
    run = spread(**inputs)
    total = run["people_reached"].iloc[-1]
    g = growth_per_post(**inputs)
    steps = int(p["steps"])
    if total == 0:
        return ("Nobody is reached: with no posts left to see (no seed posts, or every post removed), "
                "there is nothing for anyone to amplify.")
    trend = ("each post leads to fewer than one new post, so new posts dwindle and the narrative fades "
             "(people reached so far levels off; a running total never falls)"
             if g < 1 else "each post leads to more than one new post, so the narrative grows, given enough steps, "
             "until it runs out of people"
             if g > 1 else "each post leads to exactly one new post, so the narrative neither grows nor fades")
    share = 100 * total / p["population"]
    return (f"After {steps} step{'s' if steps != 1 else ''} the model reaches about {total:,.0f} people "
            f"({share:.1f}% of {p['population']:,.0f}): {trend} ({g:.2f} new posts per post). "
            "Reach is not effect: the model says nothing about who believed it or acted on it.")


# --------------------------------------------------------------------------- chart
def reach_chart(runs: pd.DataFrame, *, colour_by: str = "scenario", log: bool = False) -> Any:
    """Line chart of people reached so far by step, one line per ``colour_by`` value (unfinished: call
    :func:`coursekit.charts.finish` on it). Colours are Okabe-Ito, fixed by order. ``log=True`` uses a
    symmetric log scale, so runs of a few thousand people and of a million show on one chart, and zero still
    has a place (a plain log scale has none)."""
    import altair as alt

    from coursekit.charts import OKABE_ITO

    names = list(dict.fromkeys(runs[colour_by]))
    top = float(runs["people_reached"].max()) if len(runs) else 0.0
    # A symmetric log scale bunches Vega-Lite's automatic ticks near the top; powers of ten, up to the largest
    # value, give a tick under every line (a line at 5,000 sits between the 1k and 10k ticks).
    ticks = [0] + [10 ** k for k in range(1, 10) if 10 ** k <= max(top, 10) * 1.0001]
    # Each label formatted on its own: with a shared "~s" format Vega gives every tick the largest tick's prefix
    # (0, 10, 100, 1k and 10k all read "0M" beside 1M; lesson 06's third learner).
    y_axis = (alt.Axis(values=ticks, labelExpr="format(datum.value, '~s')") if log
              else alt.Axis(format="~s"))
    return alt.Chart(runs).mark_line(point=True).encode(
        x=alt.X("step:Q", title="Step (rounds of sharing)", axis=alt.Axis(tickMinStep=1)),
        y=alt.Y("people_reached:Q", axis=y_axis,
                title="People reached so far (model, illustrative" + (", log scale)" if log else ")"),
                scale=alt.Scale(type="symlog") if log else alt.Undefined),
        color=alt.Color(f"{colour_by}:N", title="Case", sort=names,
                        scale=alt.Scale(domain=names, range=OKABE_ITO[: len(names)]),
                        legend=alt.Legend(orient="bottom", direction="vertical", labelLimit=320)),
        tooltip=[alt.Tooltip(f"{colour_by}:N", title="Case"), alt.Tooltip("step:Q", title="Step"),
                 alt.Tooltip("people_reached:Q", title="People reached so far", format=",.0f"),
                 alt.Tooltip("new_people:Q", title="New this step", format=",.0f")],
    ).properties(width=420, height=220)


MODEL_SOURCE = "Source: course model (coursekit.explorers.narrative_spread), illustrative inputs; no real data"


def finished_chart(runs: pd.DataFrame, *, title: str, description: str, colour_by: str = "scenario",
                   log: bool = False) -> Any:
    """:func:`reach_chart` with title, the model's source line and a screen-reader description."""
    from coursekit.charts import finish

    return finish(reach_chart(runs, colour_by=colour_by, log=log), title=title, source=MODEL_SOURCE, description=description,
                  subtitle="A model for reasoning, not a measurement: every input is an illustrative round number")


# --------------------------------------------------------------------------- widget
SLIDERS: tuple[tuple[str, str, float, float, float], ...] = (
    # (input, label, min, max, step); shares are shown in % and divided by 100
    ("seeds", "Seed posts by the originator", 0, 50, 1),
    ("amplifier_audience", "Amplifier's audience per post", 0, 20_000, 500),
    ("pickup", "Posts the amplifier picks up (%)", 0, 100, 5),
    ("friction", "Posts removed each step: friction (%)", 0, 100, 5),
    ("amplifier_share_rate", "Amplifier's viewers who share (per 1,000)", 0, 10, 1),
    ("steps", "Steps", 1, 20, 1),
)
PERCENT_INPUTS = ("pickup", "friction")
PER_THOUSAND_INPUTS = ("amplifier_share_rate",)
_VIEWS: dict[str, Any] = {}


def inputs_from_sliders(values: dict[str, float]) -> dict[str, float]:
    """Slider positions -> model inputs (percent and per-thousand sliders become shares). A plain function,
    so it is tested."""
    return {name: (value / 100 if name in PERCENT_INPUTS else value / 1000 if name in PER_THOUSAND_INPUTS
                   else value) for name, value in values.items()}


def describe_run(run: pd.DataFrame) -> str:
    """A screen-reader description of the explorer's chart."""
    last = run["people_reached"].iloc[-1]
    return (f"Line chart of people reached so far over {len(run)} steps of the course's model, "
            f"ending at about {last:,.0f} people.")


class _SpreadView:
    """The explorer on screen: sliders, a sentence and a chart; ``render`` is what a slider move runs."""

    def __init__(self) -> None:
        import ipywidgets as w

        from coursekit.widget_tools import keyboard_ready

        self.sliders = {}
        for name, label, low, high, step in SLIDERS:
            start = DEFAULTS[name] * (100 if name in PERCENT_INPUTS else 1000 if name in PER_THOUSAND_INPUTS else 1)
            if name == "amplifier_audience":
                start = ILLUSTRATIVE_AMPLIFIER
            self.sliders[name] = w.IntSlider(value=int(start), min=int(low), max=int(high), step=int(step),
                                             description=label, continuous_update=False,
                                             style={"description_width": "24em"}, layout=w.Layout(width="46em"))
        self.text = w.HTML()
        self.chart_area = w.Output()
        for slider in self.sliders.values():
            slider.observe(self.render, names="value")
        self.widget = keyboard_ready(w.VBox([*self.sliders.values(), self.text, self.chart_area]))
        self.widget.add_class("course-spread")  # the browser test finds the explorer by it
        self.text.add_class("course-spread-result")
        self.render()

    def values(self) -> dict[str, float]:
        return inputs_from_sliders({name: slider.value for name, slider in self.sliders.items()})

    def render(self, change: Any = None) -> None:
        from coursekit.charts import chart_output, data_table_output

        try:
            inputs = self.values()
            run = spread(**inputs).assign(case="Your settings")
            message = sentence(**inputs)
        except SpreadInputError as problem:  # sliders keep inputs valid; a guard for typed readouts
            self.text.value = f"<p>{html.escape(str(problem))}</p>"
            return
        self.text.value = f"<p>{html.escape(message)}</p>"
        chart = finished_chart(run, title="Your run of the narrative-spread model", colour_by="case",
                               description=describe_run(run))
        self.chart_area.outputs = (chart_output(chart), *data_table_output(chart))  # the run as a table too

    def close(self) -> None:
        from coursekit.widget_tools import close_tree

        close_tree(self.widget)


def _carry_over(new: _SpreadView, old: _SpreadView) -> None:
    for name, slider in old.sliders.items():
        new.sliders[name].value = slider.value


def spread_explorer() -> Any:
    """Sliders for seeding, amplification, friction, the amplifier audience's sharing and steps, with the run as a sentence and a chart.

    Keyboard: Tab reaches each slider, the arrow keys move it (keyboard_ready keeps JupyterLab from taking
    them). Re-running the cell keeps the slider positions and closes the old view (replace_view).
    """
    from coursekit.widget_tools import replace_view

    return replace_view(_VIEWS, "narrative-spread", _SpreadView(), _carry_over)
