"""Every course chart has a title, source line, description and titled axes, and stays small."""
from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from coursekit import charts

FRAME = pd.DataFrame({"year": [2022, 2023], "value": [1.0, 2.0]})


def titled_chart():
    return alt.Chart(FRAME).mark_line().encode(
        x=alt.X("year:O", title="Year"), y=alt.Y("value:Q", title="Trade (billion US$)"))


def test_finish_adds_title_source_and_description():
    charts.use_course_style()
    spec = charts.finish(titled_chart(), title="T", source="Source: X", description="D",
                         subtitle="S").to_dict()
    assert spec["title"] == {"text": "T", "subtitle": ["S", "Source: X"]}
    assert spec["description"] == "D"


def test_untitled_axis_is_refused():
    chart = alt.Chart(FRAME).mark_line().encode(x="year:O", y=alt.Y("value:Q", title="Value (US$)"))
    with pytest.raises(ValueError, match="x"):
        charts.finish(chart, title="T", source="S", description="D")


def test_layered_charts_are_checked_too():
    bare = alt.Chart(FRAME).mark_point().encode(x=alt.X("year:O", title="Year"), y="value:Q")
    with pytest.raises(ValueError, match="y"):
        charts.finish(titled_chart() + bare, title="T", source="S", description="D")


@pytest.mark.parametrize("missing", ["title", "source", "description"])
def test_empty_text_is_refused(missing):
    kwargs = {"title": "T", "source": "S", "description": "D", missing: " "}
    with pytest.raises(ValueError, match=missing):
        charts.finish(titled_chart(), **kwargs)


def test_draft_names_its_step_and_keeps_a_description():
    spec = charts.draft(titled_chart(), step="Step 1: a line", description="A line of values by year.").to_dict()
    assert spec["title"]["text"] == "Step 1: a line"
    assert spec["description"] == "A line of values by year."


@pytest.mark.parametrize("missing", ["step", "description"])
def test_draft_without_step_or_description_is_refused(missing):
    kwargs = {"step": "Step 1", "description": "D", missing: ""}
    with pytest.raises(ValueError, match=missing):
        charts.draft(titled_chart(), **kwargs)


def test_theme_uses_colour_blind_safe_palette_and_offline_renderer():
    charts.use_course_style()
    charts.use_course_style()  # twice is harmless
    assert alt.renderers.active == "mimetype"
    bundle, metadata = titled_chart()._repr_mimebundle_()
    spec = bundle["application/vnd.vegalite.v5+json"]
    assert spec["config"]["range"]["category"] == charts.OKABE_ITO
    assert metadata["application/vnd.vegalite.v5+json"]["embed_options"]["renderer"] == "svg"
    assert "text/html" not in bundle  # nothing that would load a CDN


def test_placeholder_titles_count_as_missing():
    """Learners copied a hint's title="..." and checkers accepted it."""
    from coursekit.charts import chart_title, is_placeholder_title, untitled_channels

    for text in ("...", "\u2026", "Title", "Chart title here", "Your axis label", "TODO", ""):
        assert is_placeholder_title(text), text
    for text in ("Claims by type", "Troops (thousands)", "Score (0-4)", "Figure", "T"):
        assert not is_placeholder_title(text), text
    spec = {"title": "...", "encoding": {"x": {"field": "n", "title": "..."}, "y": {"field": "k", "title": "Kind"}}}
    assert untitled_channels(spec) == ["x"]
    assert chart_title(spec) == ""
    assert chart_title({"layer": [{"title": "Estimates of troops sent"}]}) == "Estimates of troops sent"


def test_dollar_signs_in_tables_are_not_typeset_as_mathematics():
    """A row like '$400m ... $150m' must not become italics between the dollar signs (lesson 07's learner saw it)."""
    import pandas as pd

    charts.use_course_style()
    table = pd.DataFrame({"description": ["takes $400m of stock and lends $150m"]})
    assert "tex2jax_ignore" in table._repr_html_(), "JupyterLab's MathJax must skip course tables"


def test_a_chart_with_inline_values_is_checked_without_losing_its_data():
    """The title check empties a basemap's inline values in a copy (it only reads encodings), never the chart."""
    land = alt.Chart(alt.Data(values=[{"type": "Feature", "geometry": None, "properties": {}}])).mark_geoshape()
    points = alt.Chart(pd.DataFrame({"x": [1.0], "y": [2.0]})).mark_point().encode(
        x=alt.X("x:Q", title="x (units)"), y=alt.Y("y:Q", title="y (units)"))
    finished = charts.finish(land + points, title="T", source="S", description="D")
    assert finished.layer[0].data.values, "the shown chart keeps its land shapes"
    untitled = alt.Chart(alt.Data(values=[{"x": 1}])).mark_point().encode(x="x:Q")
    with pytest.raises(ValueError, match="title"):
        charts.finish(untitled, title="T", source="S", description="D")
