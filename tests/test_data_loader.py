"""The loader returns typed frames and fails with one clear message naming file, column, problem."""
from __future__ import annotations

import json

import pandas as pd
import pytest

from coursekit import data
from coursekit.errors import DataError


def test_loads_typed_frame(mini_data):
    frame = data.load("trade", mini_data)
    assert list(frame["year"]) == [2022, 2023, 2024]
    assert str(frame["year"].dtype) == "Int64"
    assert frame["total_usd_bn"].dtype == "float64"
    assert frame["total_usd_bn"].sum() == pytest.approx(675.2)
    assert pd.isna(frame.loc[2, "share_pct"])
    assert str(frame["official"].dtype) == "boolean" and frame["official"].tolist() == [True, True, False]
    assert pd.api.types.is_datetime64_any_dtype(frame["first_day"])
    assert frame.loc[2, "note"] == "a note, quoted"
    assert pd.isna(frame.loc[0, "note"])


def test_returns_a_copy_so_learners_cannot_corrupt_the_cache(mini_data):
    first = data.load("trade", mini_data)
    first.loc[0, "total_usd_bn"] = -1
    assert data.load("trade", mini_data).loc[0, "total_usd_bn"] == pytest.approx(190.3)


def test_edited_file_is_reread(mini_data):
    data.load("trade", mini_data)
    text = (mini_data / "trade.csv").read_text().replace("190.3", "191.0")
    (mini_data / "trade.csv").write_text(text + "\n")
    assert data.load("trade", mini_data).loc[0, "total_usd_bn"] == pytest.approx(191.0)


def test_describe_gives_units_and_sources(mini_data):
    resource = data.describe("trade", mini_data)
    assert resource.units["total_usd_bn"] == "billion US$"
    assert resource.primary_key == ["year"]
    assert resource.source_ids == ["src-a", "src-b"]


def test_citation_names_publishers(mini_data):
    assert data.citation("trade", mini_data) == "Source: Customs; Wire service (course data set 'trade')"


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("190.3", "abc", r"trade.csv, column 'total_usd_bn': expected a number.*line 2 \('abc'\)"),
        ("190.3", "inf", r"column 'total_usd_bn': expected a number.*\('inf'\)"),  # frictionless accepts it; no chart can draw it
        ("190.3", "1_90.3", r"column 'total_usd_bn': expected a number.*\('1_90.3'\)"),
        ("2022-01-01", "2022-02-30", r"column 'first_day': expected a date written YYYY-MM-DD.*2022-02-30"),
        ("2023,240.1", "2022,240.1", r"key column\(s\) \['year'\].*\[2022\].*more than once"),
        ("12.5", "120", r"column 'share_pct': values must be at most 100"),
        ("190.3", "-5", r"column 'total_usd_bn': values must be at least 0"),
        ("2022-01-01", "01/01/2022", r"column 'first_day': expected a date written YYYY-MM-DD"),
        ("true,2022", "maybe,2022", r"column 'official': expected true or false"),
        ("2024,244.8", "2024.5,244.8", r"column 'year': expected a whole number"),
        ("2023,240.1,15.0,true,2023-01-01,src-a,", "2023,240.1,15.0,true,2023-01-01,,",
         r"column 'source_id': a value is required"),
        ("year,total_usd_bn", "yr,total_usd_bn", r"missing column\(s\) 'year' and unexpected column\(s\) 'yr'"),
    ],
)
def test_corrupt_values_are_named(mini_data, old, new, expected):
    path = mini_data / "trade.csv"
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(DataError, match=expected):
        data.load("trade", mini_data)


def test_missing_file(mini_data):
    (mini_data / "trade.csv").unlink()
    with pytest.raises(DataError, match=r"trade.csv is missing.*git checkout"):
        data.load("trade", mini_data)


def test_binary_garbage(mini_data):
    (mini_data / "trade.csv").write_bytes(b"\xff\xfe\x00\x81garbage")
    with pytest.raises(DataError, match="not UTF-8"):
        data.load("trade", mini_data)


def test_empty_file(mini_data):
    (mini_data / "trade.csv").write_text("")
    with pytest.raises(DataError, match="empty"):
        data.load("trade", mini_data)


def test_ragged_csv(mini_data):
    (mini_data / "trade.csv").write_text(
        (mini_data / "trade.csv").read_text() + "2025,1,2,true,2025-01-01,src-a,x,EXTRA,MORE\n")
    with pytest.raises(DataError, match="not a well-formed CSV"):
        data.load("trade", mini_data)


def test_broken_descriptor(mini_data):
    (mini_data / "datapackage.json").write_text("{not json")
    with pytest.raises(DataError, match=r"datapackage.json is not valid JSON"):
        data.load("trade", mini_data)


def test_unknown_name_lists_the_real_ones(mini_data):
    with pytest.raises(DataError, match=r"no data set called 'trde'.*sources, trade"):
        data.load("trde", mini_data)


def test_unsupported_type_in_schema(mini_data):
    descriptor = json.loads((mini_data / "datapackage.json").read_text())
    descriptor["resources"][0]["schema"]["fields"][0]["type"] = "geopoint"
    (mini_data / "datapackage.json").write_text(json.dumps(descriptor))
    with pytest.raises(DataError, match="type 'geopoint' is not supported"):
        data.load("trade", mini_data)


def test_error_renders_without_traceback(mini_data):
    (mini_data / "trade.csv").unlink()
    try:
        data.load("trade", mini_data)
    except DataError as exc:
        lines = exc._render_traceback_()
    assert len(lines) == 1 and "DataError" in lines[0] and "Traceback" not in lines[0]


def test_environment_variable_points_at_another_folder(mini_data, monkeypatch):
    monkeypatch.setenv(data.DATA_DIR_VARIABLE, str(mini_data))
    assert data.resource_names() == ["trade", "sources"]
