"""Altair's class lookup for channels written as text is built once (coursekit.charts), with the same result."""
import altair as alt
import pandas as pd
from altair.utils import schemapi

import coursekit.charts  # noqa: F401  (installs the once-built lookup)

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
