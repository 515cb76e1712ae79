"""The evidence base: every data set validates, every figure traces to a source, totals add up."""
from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urlparse

import pandas as pd
import pytest

from coursekit import data, verdicts
from coursekit.maintainer import catalog, data_readme
from coursekit.errors import DataError

DESCRIPTOR = data.load_descriptor()
RESOURCES = [r["name"] for r in DESCRIPTOR["resources"]]
DATA_SETS = [name for name in RESOURCES if name != "sources"]
PARTIAL_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def fields_of(name: str) -> list[dict]:
    return data.describe(name).fields


@pytest.mark.parametrize("name", RESOURCES)
def test_resource_validates_against_its_schema(name):
    frame = data.load(name)
    assert not frame.empty, f"{name} has no rows"


@pytest.mark.parametrize("name", RESOURCES)
def test_resource_declares_key_title_and_description(name):
    resource = data.describe(name)
    assert resource.primary_key, f"{name}: declare a primaryKey so duplicates are caught"
    assert resource.title and resource.description


@pytest.mark.parametrize("name", DATA_SETS)
def test_every_numeric_field_has_a_unit(name):
    missing = [f["name"] for f in fields_of(name) if f.get("type") in ("number", "integer")
               and "unit" not in f and f["name"] not in ("year", "sequence")]
    assert not missing, f"{name}: give these fields a unit: {missing}"


@pytest.mark.parametrize("name", DATA_SETS)
def test_every_row_cites_a_source_that_resolves(name):
    known = set(data.load_sources()["source_id"])
    frame = data.load(name)
    assert "source_id" in frame.columns, f"{name} has no source_id column"
    listed = set(data.describe(name).source_ids)
    for line, cell in zip(range(2, len(frame) + 2), frame["source_id"]):
        ids = data.source_ids(cell)
        assert ids, f"{name}.csv line {line}: empty source_id"
        unknown = [i for i in ids if i not in known]
        assert not unknown, f"{name}.csv line {line}: source_id {unknown} is not in sources.csv"
        unlisted = [i for i in ids if i not in listed]
        assert not unlisted, f"{name}: add {unlisted} to the resource's sources in datapackage.json"


def test_resource_source_lists_resolve():
    known = set(data.load_sources()["source_id"])
    for name in DATA_SETS:
        assert set(data.describe(name).source_ids) <= known, name


def test_source_urls_are_well_formed():
    sources = data.load_sources()
    for row in sources.itertuples():
        url = urlparse(str(row.url))
        assert url.scheme in ("http", "https") and "." in url.netloc and " " not in str(row.url), \
            f"{row.source_id}: malformed url {row.url!r}"


def test_source_dates_are_real_dates():
    for row in data.load_sources().itertuples():
        if isinstance(row.published, str):
            assert_partial_date(row.published, f"sources.csv {row.source_id}")


def assert_partial_date(text: str, where: str) -> None:
    match = PARTIAL_DATE.match(text)
    assert match, f"{where}: '{text}' is not YYYY, YYYY-MM or YYYY-MM-DD"
    year, month, day = match.groups()
    pd.Timestamp(year=int(year), month=int(month or 1), day=int(day or 1))  # raises if impossible
    assert 1945 <= int(year) <= 2026, f"{where}: year {year} out of range"


@pytest.mark.parametrize("name", DATA_SETS)
def test_partial_date_columns_parse(name):
    frame = data.load(name)
    for field in fields_of(name):
        pattern = field.get("constraints", {}).get("pattern", "")
        if field.get("type") == "string" and pattern == PARTIAL_DATE.pattern:
            for value in frame[field["name"]].dropna():
                assert_partial_date(value, f"{name}.{field['name']}")


@pytest.mark.parametrize("name", DATA_SETS)
def test_shares_lie_between_0_and_100(name):
    frame = data.load(name)
    for column in [c for c in frame.columns if c.endswith("_pct")]:
        values = frame[column].dropna()
        if column.startswith("change") or "change" in column or "yoy" in column:
            continue  # a change can be negative or above 100
        assert values.between(0, 100).all(), f"{name}.{column}: {values[~values.between(0, 100)].tolist()}"


@pytest.mark.parametrize("name", DATA_SETS)
def test_ranges_are_ordered(name):
    frame = data.load(name)
    for low in [c for c in frame.columns if c.endswith("low") or c.startswith("low")]:
        high = low.replace("low", "high")
        if high in frame.columns:
            both = frame[[low, high]].dropna()
            assert (both[low] <= both[high]).all(), f"{name}: {low} > {high} in some rows"


@pytest.mark.parametrize("name", DATA_SETS)
def test_coordinates_in_range(name):
    frame = data.load(name)
    if "lat" in frame.columns:
        assert frame["lat"].dropna().between(-90, 90).all()
        assert frame["lon"].dropna().between(-180, 180).all()


def _trade_triples(frame: pd.DataFrame):
    for total in [c for c in frame.columns if c.startswith("total_") and "_usd" in c]:
        unit = total[len("total"):]
        for exports, imports in ((f"china_exports{unit}", f"china_imports{unit}"), (f"exports{unit}", f"imports{unit}")):
            if exports in frame.columns and imports in frame.columns:
                yield total, exports, imports


@pytest.mark.parametrize("name", DATA_SETS)
def test_exports_plus_imports_equal_total(name):
    frame = data.load(name)
    for total, exports, imports in _trade_triples(frame):
        rows = frame.dropna(subset=[total, exports, imports])
        gap = (rows[exports] + rows[imports] - rows[total]).abs()
        # Sources round; a larger gap is allowed only when the note explains the rounding.
        explained = rows["note"].fillna("").str.contains("round", case=False) & (gap <= 0.02 * rows[total])
        bad = rows[(gap > 0.25) & ~explained]
        assert bad.empty, f"{name}: {exports}+{imports} differs from {total} in rows {bad.index.tolist()}"


def test_claims_point_at_real_lessons_and_data_sets():
    claims = data.load("claims")
    lessons = {lesson.number for lesson in catalog.lessons()}
    assert set(claims["lesson"]) <= lessons
    assert set(claims["claim_type"]) == {"empirical", "forecast", "value_judgement", "prescription"}
    for cell in claims["datasets"].dropna():
        unknown = [d for d in cell.split(";") if d and d not in RESOURCES]
        assert not unknown, f"claims.datasets names unknown data sets {unknown}"


def test_every_claim_has_an_unattributed_proposition():
    """Learners judge the proposition; an attributed one would ask whether the article said it."""
    assert verdicts.proposition_errors(data.load("claims")) == []


@pytest.mark.parametrize("text, problem", [
    ("", "is empty"),
    ("   ", "is empty"),
    (None, "is empty"),
    ("The article says China buys Russian oil at a discount.", "is attributed"),
    ("According to the author, the drills are theatre.", "is attributed"),
    ("She argues that the two militaries cannot talk.", "is attributed"),
    ("Turner holds that the bloc is a myth.", "is attributed"),
])
def test_an_empty_or_attributed_proposition_is_rejected(text, problem):
    claims = data.load("claims").head(2).astype({"proposition": object})
    claims.loc[claims.index[0], "proposition"] = text
    errors = verdicts.proposition_errors(claims)
    assert len(errors) == 1 and errors[0].startswith(f"{claims['claim_id'].iloc[0]}: the proposition {problem}")


def test_a_claims_table_without_propositions_is_rejected():
    assert verdicts.proposition_errors(data.load("claims").drop(columns="proposition")) == [
        "the claims table has no 'proposition' column"]


def test_data_readme_is_generated_from_the_descriptor():
    assert (data.data_dir() / "README.md").read_text(encoding="utf-8") == data_readme.render(), \
        "data/README.md is stale: run `python -m coursekit.maintainer.data_readme`"


def test_every_csv_in_data_is_described():
    described = {r["path"] for r in DESCRIPTOR["resources"]}
    on_disk = {p.name for p in data.data_dir().glob("*.csv")}
    assert on_disk == described, f"undescribed: {on_disk - described}; missing: {described - on_disk}"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "data"
    shutil.copytree(data.data_dir(), copy, ignore=shutil.ignore_patterns("_staging"))
    return copy


@pytest.mark.parametrize("name", DATA_SETS)
def test_a_corrupted_copy_fails_with_file_and_column_named(data_copy, name):
    """Replace one typed value with text; the loader must name the file and the column."""
    resource = data.describe(name, data_copy)
    frame = pd.read_csv(resource.path, dtype=str, keep_default_na=False)
    typed = [f["name"] for f in resource.fields if f.get("type") in ("number", "integer", "date", "boolean")
             and (frame[f["name"]] != "").any()]
    if typed:
        column = typed[0]
        row = frame.index[frame[column] != ""][0]
        frame.loc[row, column] = "not-a-value"
        expected = rf"{name}.csv, column '{column}'"
    else:
        column = frame.columns[0]
        frame = frame.rename(columns={column: column + "_renamed"})
        expected = rf"{name}.csv: missing column\(s\) '{column}'"
    frame.to_csv(resource.path, index=False)
    with pytest.raises(DataError, match=expected):
        data.load(name, data_copy)


def test_missing_file_in_a_copy_is_reported(data_copy):
    (data_copy / "claims.csv").unlink()
    with pytest.raises(DataError, match="claims.csv is missing"):
        data.load("claims", data_copy)


def test_descriptor_is_valid_json_with_licence():
    raw = json.loads((data.data_dir() / "datapackage.json").read_text(encoding="utf-8"))
    assert raw["licenses"] and raw["resources"]


# Sites that may not be cited for anything: disinformation networks, document dumps, mirrors,
# proxies and staging copies (see data/README.md, "Updating the data").
BLOCKED_DOMAINS = ("news-pravda.com", "pravda.ru", "voltairenet.org", "docslib.org", "studylib.ru",
                   "wikipedia.org", "deepnewz.com")
BLOCKED_HOST_PARTS = ("siteproxy", "staging.", "preview.", "-develop.", "webcache")


def test_no_source_from_a_blocked_site():
    bad = []
    for row in data.load_sources().itertuples():
        host = urlparse(str(row.url)).netloc.lower()
        if host.endswith(BLOCKED_DOMAINS) or any(part in host for part in BLOCKED_HOST_PARTS):
            bad.append(f"{row.source_id}: {row.url}")
    assert not bad, "replace these sources with the original publisher:\n" + "\n".join(bad)


def test_state_media_sources_are_labelled():
    """State media are cited only for their own government's statements, and say so."""
    state_media = ("tass.com", "ria.ru", "rt.com", "sputnik", "xinhuanet", "news.cn", "chinamil.com.cn",
                   "globaltimes.cn", "cgtn.com", "people.cn", "chinadaily.com.cn", "kcna")
    unlabelled = []
    for row in data.load_sources().itertuples():
        host = urlparse(str(row.url)).netloc.lower()
        if any(name in host for name in state_media) and "state media" not in str(row.note).lower():
            unlabelled.append(f"{row.source_id}: {row.url}")
    assert not unlabelled, "say 'state media' and what it is cited for in the note:\n" + "\n".join(unlabelled)


def test_every_source_is_used():
    used = {i for name in DATA_SETS for cell in data.load(name)["source_id"] for i in data.source_ids(cell)}
    unused = set(data.load_sources()["source_id"]) - used
    assert not unused, f"remove unused sources from sources.csv: {sorted(unused)}"
