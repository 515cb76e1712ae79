"""Speed-ups in coursekit.charts give the same results: Altair's class lookup for channels written as text is
built once, a layered chart without params keeps its parts instead of deep-copying them, plain values pass
through Altair's spec builder as they are, and a displayed chart's table reuses the spec made for the display."""
import altair as alt
import pandas as pd
import pytest
from altair.utils import schemapi

from coursekit import charts  # installs the once-built lookup and the copy-free layering

FRAME = pd.DataFrame({"year": [2020, 2021], "country": ["A", "B"], "value": [1.5, 2.5]})


def test_text_channels_give_the_same_spec_as_channel_objects():
    by_text = alt.Chart(FRAME).mark_line().encode(x="year:O", y="value:Q", detail="country:N",
                                                   tooltip=["year", "country:N", "value"])
    by_class = alt.Chart(FRAME).mark_line().encode(
        x=alt.X("year:O"), y=alt.Y("value:Q"), detail=alt.Detail("country:N"),
        tooltip=[alt.Tooltip("year"), alt.Tooltip("country:N"), alt.Tooltip("value")])
    assert isinstance(by_text.encoding.detail, alt.Detail)
    assert by_text.to_dict() == by_class.to_dict()


def test_the_class_table_is_built_once_per_set_of_classes():
    lookup = schemapi._FromDict
    for _ in range(3):
        alt.Chart(FRAME).mark_point().encode(x="year:O", y="value:Q")
    assert len(lookup._course_tables) == 1
    fresh = lookup(alt.X._default_wrapper_classes())  # the classes Altair passes for a channel
    assert fresh.class_dict is next(iter(lookup._course_tables.values()))


def test_a_chart_table_from_the_displayed_spec_is_the_table_made_from_the_chart():
    bars = alt.Chart(FRAME).mark_bar().encode(x=alt.X("country:N", title="Country"),
                                              y=alt.Y("value:Q", title="Value (units)"))
    layered = charts.finish(bars + bars.mark_text(dy=-5).encode(text="value:Q"), title="Values",
                            source="Source: a test", description="Bars with labels.")
    for chart in (bars, layered):
        shown = chart.to_dict()  # what the display makes, data and all
        assert charts.data_table_html(chart, spec=shown) == charts.data_table_html(chart) != ""


def test_the_data_free_spec_copies_a_chart_only_when_it_has_inline_values():
    frame_chart = alt.Chart(FRAME).mark_line().encode(x="year:O", y="value:Q")
    inline = alt.Chart(alt.Data(values=[{"year": 2020, "value": 1.0}])).mark_point().encode(x="year:O", y="value:Q")
    assert not charts._has_inline_values(frame_chart + frame_chart)
    assert charts._has_inline_values(frame_chart + inline) and charts._has_inline_values(alt.hconcat(frame_chart, inline))
    for chart in (frame_chart, frame_chart + frame_chart, frame_chart + inline):
        spec = charts._spec_without_data(chart)
        assert all(not values for values in spec.get("datasets", {}).values())  # no data serialised
        assert spec.get("layer", [spec])[0]["mark"]["type"] in ("line", "point")
    assert inline.data.values == [{"year": 2020, "value": 1.0}]  # the chart keeps its data


def _altair_unpatched():
    """Altair's own layer functions, for building a chart as plain Altair would (a context manager)."""
    import contextlib

    from altair.vegalite.v5 import api

    @contextlib.contextmanager
    def unpatched():
        fast = api._remove_duplicate_params, api._combine_subchart_params, schemapi._todict
        api._remove_duplicate_params = fast[0]._course_original
        api._combine_subchart_params = fast[1]._course_original
        schemapi._todict = fast[2]._course_original
        try:
            yield
        finally:
            api._remove_duplicate_params, api._combine_subchart_params, schemapi._todict = fast

    return unpatched()


def _layered_charts():
    """Layered and concatenated charts as the lessons build them, with and without selection parameters."""
    base = alt.Chart(FRAME).encode(x=alt.X("year:O", title="Year"), y=alt.Y("value:Q", title="Value (units)"),
                                   color=alt.Color("country:N", title="Country"))
    pick = alt.selection_point(fields=["country"], bind="legend")
    return [
        base.mark_line() + base.mark_point() + base.mark_text(dy=-5).encode(text="value:Q"),
        (base.mark_line() + base.mark_point()).properties(width=200) | base.mark_bar(),
        base.mark_line().add_params(pick) + base.mark_point().add_params(pick),  # the same param on two layers
        alt.layer(base.mark_line(), base.mark_point().add_params(pick)).properties(height=120),
        alt.vconcat(base.mark_bar().add_params(pick), base.mark_line().encode(opacity=alt.condition(pick, alt.value(1),
                                                                                                    alt.value(0.2)))),
    ]


def _numbered_names(spec: dict) -> str:
    """The spec as JSON with Altair's running names (view_12, param_3) numbered from 1 in order of appearance."""
    import json
    import re

    text, seen = json.dumps(spec, sort_keys=True), {}
    return re.sub(r"\b(view|param)_\d+\b", lambda m: seen.setdefault(m.group(0), f"{m.group(1)}#{len(seen) + 1}"), text)


def test_layered_charts_give_altairs_own_spec_with_and_without_params():
    fast = [chart.to_dict() for chart in _layered_charts()]
    with _altair_unpatched():
        slow = [chart.to_dict() for chart in _layered_charts()]
    assert [_numbered_names(spec) for spec in fast] == [_numbered_names(spec) for spec in slow]
    assert "params" in fast[2] and "params" not in fast[0]  # a shared param is lifted once, as Altair does


def test_plain_values_pass_through_and_other_values_take_altairs_path():
    import datetime

    import numpy as np

    assert schemapi._todict._course_original is not None  # the short path is installed
    values = [{"year": np.int64(2020), "value": np.float64(1.5), "when": pd.Timestamp("2021-05-01"),
               "day": datetime.date(2022, 1, 2), "flag": True, "none": None, "text": "a", "points": [[1.5, 2], [3, 4.25]]}]
    inline = alt.Chart(alt.Data(values=values)).mark_point(size=40, opacity=0.5).encode(
        x=alt.X("year:O", title="Year"), y=alt.Y("value:Q", title="Value (units)", scale=alt.Scale(domain=[0, 2.5])))
    fast = [chart.to_dict() for chart in [*_layered_charts(), inline]]
    with _altair_unpatched():
        slow = [chart.to_dict() for chart in [*_layered_charts(), inline]]
    assert [_numbered_names(spec) for spec in fast] == [_numbered_names(spec) for spec in slow]
    shown = fast[-1]["data"]["values"][0]  # inline values stay in the chart
    assert shown["year"] == 2020 and type(shown["value"]) is float and shown["when"] == "2021-05-01T00:00:00"
    assert shown["day"] == {"year": 2022, "month": 1, "date": 2} and shown["points"] == [[1.5, 2], [3, 4.25]]


def test_showing_a_chart_leaves_altairs_early_checks_on(monkeypatch):
    monkeypatch.delenv(charts.VALIDATE_ENV, raising=False)
    chart = alt.Chart(FRAME).mark_bar().encode(x=alt.X("country:N", title="Country"), y=alt.Y("value:Q", title="V (units)"))
    assert schemapi.DEBUG_MODE
    charts._display_spec(chart)
    charts._spec_without_data(chart)
    assert schemapi.DEBUG_MODE  # a learner's alt.X("...", scale="big") is still refused where it is written
    with pytest.raises(schemapi.SchemaValidationError):
        charts._display_spec(_invalid_chart())  # and a learner's chart is still checked whole when shown
    assert schemapi.DEBUG_MODE
    with pytest.raises(schemapi.SchemaValidationError):
        alt.Scale(type="no such scale")


def test_a_layered_chart_without_params_keeps_its_parts_and_a_part_with_params_is_copied():
    line = alt.Chart().mark_line().encode(x="year:O", y="value:Q")  # the data is the layer's, given below
    dots = line.mark_point()
    assert all(a is b for a, b in zip(alt.layer(line, dots, data=FRAME).layer, (line, dots)))  # nothing copied
    picked = dots.add_params(alt.selection_point(fields=["country"]))
    layered = alt.layer(line, picked, data=FRAME)
    assert layered.layer[1] is not picked and schemapi.is_undefined(layered.layer[1]._get("params"))
    assert not schemapi.is_undefined(picked._get("params"))  # the learner's part is left as it was


def _invalid_chart() -> alt.Chart:
    """A chart Vega-Lite's schema refuses (a mark size given as text), built without Altair's early checks."""
    with schemapi.debug_mode(False):
        return alt.Chart(FRAME).mark_point(size="big").encode(x=alt.X("year:O", title="Year"),
                                                              y=alt.Y("value:Q", title="Value (units)"))


def test_a_course_chart_is_shown_unvalidated_in_a_learners_kernel_and_validated_under_the_tests(monkeypatch):
    made = charts.course_made(_invalid_chart())
    monkeypatch.delenv(charts.VALIDATE_ENV, raising=False)  # a learner's kernel
    assert charts._display_spec(made)["mark"] == {"type": "point", "size": "big"}
    monkeypatch.setenv(charts.VALIDATE_ENV, "1")  # what conftest.py sets for every test and notebook run
    with pytest.raises(schemapi.SchemaValidationError):
        charts._display_spec(made)
    with pytest.raises(schemapi.SchemaValidationError):
        charts.chart_output(made)


def test_a_learners_chart_or_a_course_chart_changed_afterwards_is_always_validated(monkeypatch):
    monkeypatch.delenv(charts.VALIDATE_ENV, raising=False)
    with pytest.raises(schemapi.SchemaValidationError):
        charts._display_spec(_invalid_chart())  # never passed through finish() or draft()
    finished = charts.finish(_invalid_chart(), title="Sizes", source="Source: a test", description="Dots.")
    charts._display_spec(finished)  # as finish() returned it: the tests' own run validates it
    with pytest.raises(schemapi.SchemaValidationError):
        charts._display_spec(finished.properties(height=300))  # changed afterwards: a new object, checked


def test_the_unvalidated_spec_is_the_validated_one_and_a_dead_charts_id_is_not_trusted(monkeypatch):
    import gc

    monkeypatch.delenv(charts.VALIDATE_ENV, raising=False)
    chart = charts.finish(alt.Chart(FRAME).mark_bar().encode(x=alt.X("country:N", title="Country"),
                                                             y=alt.Y("value:Q", title="Value (units)")),
                          title="Values", source="Source: a test", description="Two bars.")
    assert charts._display_spec(chart) == chart.to_dict(validate=True, context={"pre_transform": False})
    key = id(chart)
    del chart
    gc.collect()
    assert key not in charts._COURSE_CHARTS  # nothing kept alive, and a new object with that id is not trusted
