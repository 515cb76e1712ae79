"""Speed-ups in coursekit.charts give the same results: Altair's class lookup for channels written as text is
built once, and a displayed chart's table reuses the spec made for the display."""
import altair as alt
import pandas as pd
from altair.utils import schemapi

from coursekit import charts  # installs the once-built lookup

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
