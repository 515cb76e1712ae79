"""Lesson 06's narrative-spread model keeps the promises the lesson makes about it."""
from __future__ import annotations

import itertools
import math

import pytest

from coursekit import charts
from coursekit.charts import untitled_channels
from coursekit.explorers import narrative_spread as ns

GRID_AMPLIFIER = [0, 100, 1_000, 5_000, 20_000]
GRID_FRICTION = [0.0, 0.1, 0.5, 0.9, 0.99, 1.0]
GRID_SEEDS = [0, 1, 10, 50]


@pytest.mark.parametrize("seeds, friction", list(itertools.product(GRID_SEEDS, GRID_FRICTION)))
def test_more_amplification_never_lowers_reach(seeds, friction):
    for pickup in (0.0, 0.2, 1.0):
        reached = [ns.people_reached(seeds=seeds, friction=friction, pickup=pickup, amplifier_audience=a)
                   for a in GRID_AMPLIFIER]
        assert reached == sorted(reached)
    for audience in (1_000, 5_000):
        reached = [ns.people_reached(seeds=seeds, friction=friction, amplifier_audience=audience, pickup=p)
                   for p in (0.0, 0.05, 0.2, 0.5, 1.0)]
        assert reached == sorted(reached)


@pytest.mark.parametrize("seeds, amplifier", list(itertools.product(GRID_SEEDS, GRID_AMPLIFIER)))
def test_more_friction_never_raises_reach(seeds, amplifier):
    reached = [ns.people_reached(seeds=seeds, amplifier_audience=amplifier, friction=f) for f in GRID_FRICTION]
    assert reached == sorted(reached, reverse=True)


def test_full_friction_and_zero_seeding_reach_nobody():
    assert ns.people_reached(seeds=0, amplifier_audience=20_000, pickup=1.0) == 0
    assert ns.people_reached(friction=1.0, amplifier_audience=20_000) == 0
    assert "Nobody is reached" in ns.sentence(seeds=0)


@pytest.mark.parametrize("amplifier, friction", list(itertools.product(GRID_AMPLIFIER, GRID_FRICTION)))
def test_totals_never_fall_as_steps_are_added(amplifier, friction):
    run = ns.spread(amplifier_audience=amplifier, friction=friction, steps=30)
    assert (run["people_reached"].diff().dropna() >= 0).all()
    assert (run["new_people"] >= 0).all()
    totals = [ns.people_reached(amplifier_audience=amplifier, friction=friction, steps=s) for s in range(1, 15)]
    assert totals == sorted(totals)


def test_more_seeds_never_lower_reach_and_reach_stays_within_the_population():
    reached = [ns.people_reached(seeds=s, amplifier_audience=5_000) for s in range(0, 30)]
    assert reached == sorted(reached)
    assert max(reached) <= ns.DEFAULTS["population"]


def test_growth_per_post_decides_fade_or_spread():
    assert ns.growth_per_post() < 1 < ns.growth_per_post(amplifier_audience=ns.ILLUSTRATIVE_AMPLIFIER)
    assert "fades" in ns.sentence()
    assert "grows" in ns.sentence(amplifier_audience=ns.ILLUSTRATIVE_AMPLIFIER)
    assert "Reach is not effect" in ns.sentence()


def test_the_lessons_scenarios_tell_the_story_the_lesson_tells():
    table = ns.summary().set_index("scenario")["people_reached"]
    alone, tag_team, friction, bought, nothing = (table[s.name] for s in ns.SCENARIOS)
    assert nothing == 0  # by construction: the amplifier never originates
    assert friction < alone < bought < tag_team  # viewers who never share add views but no onward sharing
    assert tag_team == ns.DEFAULTS["population"]
    assert ns.growth_per_post(amplifier_audience=ns.ILLUSTRATIVE_AMPLIFIER, amplifier_share_rate=0) < 1


def test_one_step_is_the_seed_posts_views():
    run = ns.spread(seeds=4, audience=10, amplifier_audience=0, steps=1, population=10**12)
    assert run["views"].iloc[0] == 40
    assert math.isclose(run["people_reached"].iloc[0], 40, rel_tol=1e-6)


@pytest.mark.parametrize("inputs, words", [
    ({"seeds": -1}, "cannot be negative"),
    ({"friction": 1.5}, "between 0 and 1"),
    ({"friction": 30}, "write 0.3"),
    ({"pickup": 2}, "between 0 and 1"),
    ({"seeds": "ten"}, "must be a number"),
    ({"amplifier_audience": None}, "must be a number"),
    ({"share_rate": True}, "must be a number"),
    ({"audience": float("nan")}, "finite"),
    ({"seeds": 2.5}, "whole number"),
    ({"steps": 0}, "between 1 and"),
    ({"steps": 1000}, "between 1 and"),
    ({"population": 0}, "at least 1"),
    ({"reach": 3}, "unknown input"),
])
def test_bad_inputs_give_a_clear_error(inputs, words):
    with pytest.raises(ns.SpreadInputError, match=words):
        ns.spread(**inputs)


def test_sliders_turn_percent_into_shares():
    assert ns.inputs_from_sliders({"friction": 30, "pickup": 5, "seeds": 10}) == {
        "friction": 0.3, "pickup": 0.05, "seeds": 10}


def test_chart_has_titles_and_a_small_spec():
    chart = ns.finished_chart(ns.compare(), title="T", description="D")
    spec = chart.to_dict()
    assert not untitled_channels(spec)
    assert len(str(spec)) < 50_000


def test_explorer_keeps_slider_positions_when_rerun_and_redraws():
    first = ns.spread_explorer()
    view = ns._VIEWS["narrative-spread"]
    view.sliders["friction"].value = 90
    assert "fades" in view.text.value
    ns.spread_explorer()
    again = ns._VIEWS["narrative-spread"]
    assert again is not view and again.sliders["friction"].value == 90
    assert again.chart_area.outputs and first is not again.widget


def test_the_explorers_chart_output_is_a_valid_spec_and_a_slider_move_is_fast():
    import time

    import altair as alt

    ns.spread_explorer()
    view = ns._VIEWS["narrative-spread"]
    spec = view.chart_area.outputs[0]["data"][charts.VEGALITE_MIME]
    alt.Chart.from_dict(spec, validate=True)  # the unvalidated output is still a valid Vega-Lite spec
    start = time.perf_counter()
    for value in (10, 20, 30, 40, 50):
        view.sliders["friction"].value = value
    assert (time.perf_counter() - start) / 5 < 0.2  # far above the measured ~15 ms; guards against a slow rewrite


@pytest.mark.parametrize("friction", GRID_FRICTION)
def test_a_more_sharing_amplifier_audience_never_lowers_reach(friction):
    reached = [ns.people_reached(amplifier_audience=5_000, friction=friction, amplifier_share_rate=r)
               for r in (0.0, 0.001, 0.005, 0.01)]
    assert reached == sorted(reached)


def test_the_per_thousand_slider_becomes_a_share():
    assert ns.inputs_from_sliders({"amplifier_share_rate": 5, "friction": 30, "seeds": 10}) == {
        "amplifier_share_rate": 0.005, "friction": 0.3, "seeds": 10}


def test_log_chart_has_a_tick_under_every_line():
    """On the symmetric log scale Vega-Lite's own ticks bunched at the top (lesson 06's second learner): the
    axis gets powers of ten up to the largest value."""
    axis = ns.reach_chart(ns.compare(), log=True).to_dict()["encoding"]["y"]["axis"]
    assert axis["values"][:4] == [0, 10, 100, 1000] and axis["values"][-1] == 1_000_000
    assert "values" not in ns.reach_chart(ns.compare()).to_dict()["encoding"]["y"]["axis"]


def test_log_chart_formats_each_tick_label_on_its_own():
    """A shared '~s' format gave 0, 10, 100, 1k and 10k the prefix of 1M ('0M'; lesson 06's third learner)."""
    axis = ns.reach_chart(ns.compare(), log=True).to_dict()["encoding"]["y"]["axis"]
    assert "format" not in axis and axis["labelExpr"] == "format(datum.value, '~s')"


def test_a_fading_story_is_said_to_level_off_not_to_fall():
    """'Fades' beside a line that keeps rising confused a learner: the sentence says the running total levels off."""
    text = ns.sentence()
    assert "fades" in text and "levels off" in text and "never falls" in text
