"""Every course chart has a title, source line, description and titled axes, and stays small."""
from __future__ import annotations

import re
from pathlib import Path

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


# --------------------------------------------------------------------------- colour is never the only carrier
KINDS = pd.DataFrame({"year": [2020, 2020, 2021, 2021, 2021], "kind": ["a", "b", "a", "a", "b"],
                      "row": ["x · a", "x · b", "y · a", "y · a", "y · b"],
                      "value": [1.5, 2.0, 3.25, 4.0, 12345.0]})
X_YEAR, Y_VALUE = alt.X("year:O", title="Year"), alt.Y("value:Q", title="Value (tonnes)")
BY_KIND = alt.Color("kind:N", title="Kind")


def finished(chart):
    return charts.finish(chart, title="T", source="S", description="D")


def test_a_colour_only_category_is_found():
    dots = alt.Chart(KINDS).mark_point().encode(x=X_YEAR, y=Y_VALUE, color=BY_KIND)
    assert charts.colour_only_fields(dots) == ["color:kind"]
    assert charts.colour_only_fields(dots.encode(shape=alt.Shape("kind:N", title="Kind"))) == []
    assert charts.colour_only_fields(dots.encode(y=alt.Y("kind:N", title="Kind"))) == []  # on an axis
    assert charts.colour_only_fields(dots.encode(y=alt.Y("row:N", title="Row"))) == []  # the labels name it
    assert charts.colour_only_fields(dots.encode(color=alt.Color("value:Q", title="V"))) == []  # a quantity


@pytest.mark.parametrize("mark, channel", [("mark_point", "shape"), ("mark_circle", "shape"),
                                           ("mark_line", "strokeDash"), ("mark_bar", "strokeDash"),
                                           ("mark_area", "strokeDash")])
def test_finish_gives_a_colour_only_category_a_second_carrier(mark, channel):
    chart = getattr(alt.Chart(KINDS), mark)().encode(x=X_YEAR, y=Y_VALUE, color=BY_KIND)
    spec = finished(chart).to_dict()
    key = {k: spec["encoding"][channel][k] for k in ("field", "type", "title")}
    assert key == {"field": "kind", "type": "nominal", "title": "Kind"}  # the same key as colour: one legend
    assert charts.colour_only_fields(finished(chart)) == []
    if mark == "mark_circle":  # only the point mark draws shapes
        assert spec["mark"]["type"] == "point" and spec["mark"]["filled"] is True
    if mark == "mark_bar":  # dashes need an outline
        assert spec["mark"]["stroke"] and spec["mark"]["strokeWidth"] > 0


def test_a_layer_can_carry_another_layers_colour():
    rules = alt.Chart(KINDS).mark_rule().encode(x=X_YEAR, y=Y_VALUE, color=BY_KIND)
    dots = alt.Chart(KINDS).mark_point().encode(x=X_YEAR, y=Y_VALUE, color=BY_KIND,
                                               shape=alt.Shape("kind:N", title="Kind"))
    assert charts.colour_only_fields(rules + dots) == []
    assert finished(rules + dots).to_dict()["layer"][0]["encoding"].keys() == {"x", "y", "color"}  # unchanged


def test_a_colour_only_category_that_cannot_get_a_second_carrier_is_refused():
    dots = alt.Chart(KINDS).mark_point().encode(x=X_YEAR, y=Y_VALUE, color=BY_KIND,
                                               shape=alt.Shape("year:N", title="Year"))
    with pytest.raises(ValueError, match="colour is the only carrier of color:kind"):
        finished(dots)


# --------------------------------------------------------------------------- the data as a table
def test_data_table_lists_the_encoded_fields_under_their_titles():
    chart = finished(alt.Chart(KINDS).mark_point().encode(
        x=X_YEAR, y=Y_VALUE, color=BY_KIND, tooltip=["row"]))
    table = charts.data_table_html(chart)
    assert table.startswith('<details class="course-chart-data"><summary>Data table: T</summary>')
    headers = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert headers == ["Year", "Kind", "Value (tonnes)", "row"]  # categories first; units from the axis title;
    # the tooltip's fields last (what hovering shows)
    assert "<td>12,345</td>" in table and "<td>3.25</td>" in table
    assert "<caption>Data of T</caption>" in table


def test_data_table_of_a_count_is_the_count_drawn():
    chart = finished(alt.Chart(KINDS).mark_bar().encode(
        x=X_YEAR, y=alt.Y("count():Q", title="Number of events"), color=BY_KIND))
    [table] = charts.chart_tables(chart)
    assert list(table.columns) == ["Year", "Kind", "Number of events"]
    assert table.values.tolist() == [[2020, "a", 1], [2020, "b", 1], [2021, "a", 2], [2021, "b", 1]]


def test_long_data_is_capped_and_says_so():
    many = pd.DataFrame({"year": range(1900, 2000), "value": range(100)})
    chart = finished(alt.Chart(many).mark_line().encode(x=X_YEAR, y=Y_VALUE))
    table = charts.data_table_html(chart, max_rows=10)
    assert table.count("<tr>") == 11 and "(first 10 of 100 rows)" in table


def test_a_chart_without_a_data_frame_has_no_table():
    chart = alt.Chart(alt.Data(values=[{"year": 1, "value": 2}])).mark_point().encode(x=X_YEAR, y=Y_VALUE)
    assert charts.data_table_html(finished(chart)) == ""


def test_a_displayed_chart_is_followed_by_its_table():
    """In a kernel, use_course_style() makes display(chart) show the chart and then its data table."""
    from IPython.core.interactiveshell import InteractiveShell
    from IPython.utils.capture import capture_output

    shell = InteractiveShell.instance()
    charts.use_course_style()
    chart = finished(alt.Chart(KINDS).mark_point().encode(x=X_YEAR, y=Y_VALUE, color=BY_KIND))
    with capture_output() as captured:
        shell.display_formatter.format(chart)
    kinds = [list(output.data) for output in captured.outputs]
    assert "application/vnd.vegalite.v5+json" in kinds[0] and "text/html" in kinds[1], kinds
    assert "Data table: T" in captured.outputs[1].data["text/html"]
    charts.show_data_tables(False)


# --------------------------------------------------------------------------- wide tables the keyboard can scroll
def test_a_wide_table_is_a_named_box_the_keyboard_reaches_and_a_narrow_one_is_not():
    narrow = charts.scrollable_table_html(KINDS[["year", "kind"]])
    assert narrow.startswith('<div class="course-table">') and "tabindex" not in narrow
    wide_frame = KINDS.assign(note="a long sentence that makes the table wider than the page " * 2)
    with pd.option_context("display.max_colwidth", None):  # as lessons set it: long text shown in full
        wide = charts.scrollable_table_html(wide_frame)
    for part in ('role="group"', 'tabindex="0"', 'data-lm-suppress-shortcuts="true"', "overflow-x: auto",
                 'aria-label="Table of year, kind, row, value, ...: 5 rows by 5 columns'):
        assert part in wide, part


def test_nbval_compares_a_boxed_table_with_the_bare_one_stored_before():
    """nbval-sanitize.cfg strips the box on both sides, so outputs stored before the box still compare equal."""
    import configparser

    config = configparser.ConfigParser()
    config.read(Path(__file__).resolve().parents[1] / "nbval-sanitize.cfg", encoding="utf-8")
    frame = KINDS.assign(note="a long sentence that makes the table wider than the page " * 2)
    with pd.option_context("display.max_colwidth", None):
        boxed, bare = charts.scrollable_table_html(frame), frame._repr_html_()
    assert "tabindex" in boxed
    for section in ("course-table-box-open", "course-table-box-close"):
        boxed = re.sub(config[section]["regex"], config[section].get("replace", ""), boxed)
    assert boxed == bare


def test_a_widget_can_add_the_data_table_to_its_own_outputs():
    chart = finished(alt.Chart(KINDS).mark_line().encode(x=X_YEAR, y=Y_VALUE))
    [output] = charts.data_table_output(chart)
    assert output["output_type"] == "display_data" and "Data table: T" in output["data"]["text/html"]
    inline = alt.Chart(alt.Data(values=[])).mark_line().encode(x=X_YEAR, y=Y_VALUE)
    assert charts.data_table_output(finished(inline)) == ()


def test_a_chart_can_choose_its_data_table_columns():
    nudged = KINDS.assign(x=KINDS["year"] + 0.15)  # dots kept apart: the axis field is not the year itself
    chart = alt.Chart(nudged).mark_point().encode(x=alt.X("x:Q", title="Year"), y=Y_VALUE,
                                                  shape=alt.Shape("kind:N", title="Kind"))
    spec_chart = charts.finish(chart, title="T", source="S", description="D",
                               table_columns={"year": "Year", "kind": "Kind", "value": "Value (tonnes)"})
    [table] = charts.chart_tables(spec_chart)
    assert list(table.columns) == ["Year", "Kind", "Value (tonnes)"] and table["Year"].tolist()[0] == 2020


def test_an_empty_layer_is_hidden_from_screen_readers():
    """Vega draws an empty layer's mark container as an unnamed graphics-symbol (axe: svg-img-alt)."""
    line = alt.Chart(pd.DataFrame({"a": [0, 100], "b": [0, 100]})).mark_line().encode(
        x=alt.X("a:Q", title="Stated (%)"), y=alt.Y("b:Q", title="Came true (%)"))
    dots = alt.Chart(pd.DataFrame({"a": [], "b": []})).mark_circle(color="#0072B2").encode(
        x=alt.X("a:Q", title="Stated (%)"), y=alt.Y("b:Q", title="Came true (%)"))
    spec = finished(line + dots).to_dict()
    assert spec["layer"][1]["mark"] == {"type": "circle", "color": "#0072B2", "aria": False}
    assert "aria" not in (spec["layer"][0]["mark"] if isinstance(spec["layer"][0]["mark"], dict) else {})


def test_chosen_table_columns_leave_other_layers_frames_out_of_the_table():
    """Lesson 08's debris chart repeated its country labels' frame as 'part 2 of 2' under the chosen table."""
    counts = pd.DataFrame({"country": ["A", "A", "B"], "as_of": ["2020-07-01", "2021-07-01", "2020-07-01"],
                           "count_year": ["2020", "2021", "2020"], "pieces": [10, 20, 5]})
    labels = counts.drop_duplicates("country")[["country", "as_of", "pieces"]]
    line = alt.Chart(counts).mark_line().encode(x=alt.X("as_of:T", title="Date"), y=alt.Y("pieces:Q", title="Pieces"),
                                                color=alt.Color("country:N", title="Test by"))
    text = alt.Chart(labels).mark_text().encode(x=alt.X("as_of:T", title="Date"), y=alt.Y("pieces:Q", title="Pieces"),
                                                text="country:N")
    chosen = {"country": "Test by", "count_year": "Count as of", "pieces": "Pieces"}
    finished = charts.finish(line + text, title="Counts", source="Source: a test", description="Lines.",
                             table_columns=chosen)
    tables = charts.chart_tables(finished)
    assert len(tables) == 1 and list(tables[0].columns) == list(chosen.values()) and len(tables[0]) == 3
    assert "part 1 of" not in charts.data_table_html(finished)
