"""Load the course's evidence base through ``data/datapackage.json``.

Why through the descriptor: the Data Package is the contract between the files a maintainer
edits and the numbers a learner reads. Reading every CSV through its schema means a typo in a
file (a word in a number column, a duplicated year, a missing column) stops the lesson with
one message naming the file, the column and the problem, instead of a wrong chart.
"""
from __future__ import annotations

import copy
import json
import os
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from coursekit.errors import DataError

DATA_DIR_VARIABLE = "COURSE_DATA_DIR"
_REPO_DATA_DIR = Path(__file__).resolve().parents[2] / "data"
_FIELD_TYPES = {"string", "integer", "number", "boolean", "date"}
_TRUE = {"true", "True", "TRUE", "yes", "1"}
_FALSE = {"false", "False", "FALSE", "no", "0"}
_RESTORE_HINT = "If you edited it by accident, `git checkout -- data/` restores the course copy."


def data_dir() -> Path:
    """The folder holding datapackage.json: ``$COURSE_DATA_DIR`` if set, else the repo's ``data/``."""
    override = os.environ.get(DATA_DIR_VARIABLE)
    return Path(override) if override else _REPO_DATA_DIR


@dataclass(frozen=True)
class Resource:
    """One data set as described in datapackage.json."""

    name: str
    path: Path
    title: str
    description: str
    fields: list[dict[str, Any]]
    primary_key: list[str]
    source_ids: list[str]
    caveats: str = ""
    units: dict[str, str] = field(default_factory=dict)


def _read_json(path: Path) -> dict[str, Any]:
    if not path.exists():
        raise DataError(f"{path} is missing. The course cannot find its data. {_RESTORE_HINT}")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataError(f"{path} is not valid JSON ({exc}). {_RESTORE_HINT}") from None


def load_descriptor(directory: Path | None = None) -> dict[str, Any]:
    """The parsed datapackage.json of ``directory`` (default: :func:`data_dir`), a copy the caller may change."""
    return copy.deepcopy(_descriptor(directory or data_dir()))


def _descriptor(directory: Path) -> dict[str, Any]:
    """The parsed descriptor, read again only when the file changes (a lesson calls ``load`` a dozen times)."""
    path = directory / "datapackage.json"
    try:
        stat = path.stat()
    except FileNotFoundError:
        return _read_json(path)  # raises the learner-facing DataError
    return _descriptor_cached(str(path), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _descriptor_cached(path: str, _mtime: int, _size: int) -> dict[str, Any]:
    return _read_json(Path(path))


def resource_names(directory: Path | None = None) -> list[str]:
    """Names of every data set, in the order datapackage.json lists them."""
    return [r["name"] for r in _descriptor(directory or data_dir()).get("resources", [])]


def describe(name: str, directory: Path | None = None) -> Resource:
    """The metadata of data set ``name``: title, fields with units, sources, caveats."""
    directory = directory or data_dir()
    descriptor = _descriptor(directory)
    for raw in descriptor.get("resources", []):
        if raw.get("name") == name:
            schema = raw.get("schema", {})
            fields = schema.get("fields", [])
            key = schema.get("primaryKey", [])
            return Resource(
                name=name,
                path=directory / raw["path"],
                title=raw.get("title", name),
                description=raw.get("description", ""),
                fields=fields,
                primary_key=[key] if isinstance(key, str) else list(key),
                source_ids=[s["source_id"] for s in raw.get("sources", [])],
                caveats=raw.get("caveats", ""),
                units={f["name"]: f["unit"] for f in fields if "unit" in f},
            )
    known = ", ".join(sorted(r.get("name", "?") for r in descriptor.get("resources", [])))
    raise DataError(f"There is no data set called '{name}'. The data sets are: {known}.")


def load(name: str, directory: Path | None = None) -> pd.DataFrame:
    """Read data set ``name`` as a typed DataFrame, validated against its schema.

    Integers become ``Int64``, numbers ``float64``, booleans ``boolean``, dates ``datetime64``
    and text ``string``; empty cells are missing values. Raises :class:`DataError` naming the
    file, the column and the problem when the file is missing or does not match its schema.
    """
    resource = describe(name, directory)
    try:
        stat = resource.path.stat()
    except FileNotFoundError:
        raise DataError(f"{_shown(resource.path)} is missing. {_RESTORE_HINT}") from None
    frame = _load_cached(str(resource.path), stat.st_mtime_ns, stat.st_size, _freeze(resource))
    return frame.copy()


def _freeze(resource: Resource) -> str:
    """A hashable stand-in for the schema, so a changed schema is not served from cache."""
    return json.dumps({"fields": resource.fields, "key": resource.primary_key}, sort_keys=True)


@lru_cache(maxsize=64)
def _load_cached(path: str, _mtime: int, _size: int, schema_json: str) -> pd.DataFrame:
    schema = json.loads(schema_json)
    return _read_and_validate(Path(path), schema["fields"], schema["key"])


def _shown(path: Path) -> str:
    """The path as a learner would recognise it: relative to the repo when inside it."""
    try:
        return str(path.resolve().relative_to(_REPO_DATA_DIR.parent))
    except ValueError:
        return str(path)


def _read_and_validate(path: Path, fields: list[dict[str, Any]], key: list[str]) -> pd.DataFrame:
    where = _shown(path)
    try:
        raw = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except UnicodeDecodeError:
        raise DataError(f"{where} is not UTF-8 text. {_RESTORE_HINT}") from None
    except pd.errors.EmptyDataError:
        raise DataError(f"{where} is empty: it has no header row. {_RESTORE_HINT}") from None
    except pd.errors.ParserError as exc:
        raise DataError(f"{where} is not a well-formed CSV file ({exc}). {_RESTORE_HINT}") from None

    expected = [f["name"] for f in fields]
    missing = [c for c in expected if c not in raw.columns]
    extra = [c for c in raw.columns if c not in expected]
    if missing or extra:
        parts = []
        if missing:
            parts.append("missing column(s) " + ", ".join(f"'{c}'" for c in missing))
        if extra:
            parts.append("unexpected column(s) " + ", ".join(f"'{c}'" for c in extra))
        raise DataError(f"{where}: {' and '.join(parts)} (the schema lists {expected}). {_RESTORE_HINT}")

    typed = {f["name"]: _convert_column(raw[f["name"]], f, where) for f in fields}
    frame = pd.DataFrame(typed, index=raw.index)[expected]
    if key:
        duplicated = frame.duplicated(subset=key, keep=False)
        if duplicated.any():
            first = frame.loc[duplicated, key].iloc[0].tolist()
            rows = ", ".join(str(i + 2) for i in frame.index[duplicated][:5])
            raise DataError(
                f"{where}, key column(s) {key}: the value {first} appears more than once "
                f"(file lines {rows}); each row must have a unique key."
            )
    return frame


def _bad(where: str, column: str, rows: pd.Series, problem: str) -> DataError:
    shown = ", ".join(f"line {i + 2} ('{v}')" for i, v in rows.head(3).items())
    return DataError(f"{where}, column '{column}': {problem}: {shown}.")


# A decimal number as the Data Package standard writes it ("12", "-3.5", "1e3"); no "1_000", "nan" or "inf".
_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
_INTEGER = re.compile(r"[+-]?\d+")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _convert_column(values: pd.Series, spec: dict[str, Any], where: str) -> pd.Series:
    """One column's text cells as typed values, or a DataError naming the first bad lines.

    Why plain Python over the cells rather than pandas string methods: the files are small (tens
    to hundreds of rows), where each pandas call costs more than a loop over every cell, and a
    lesson loads ten data sets before its first chart.
    """
    name, kind = spec["name"], spec.get("type", "string")
    constraints = spec.get("constraints", {})
    if kind not in _FIELD_TYPES:
        raise DataError(f"{where}, column '{name}': the schema type '{kind}' is not supported.")
    cells = [str(v).strip() for v in values.tolist()]

    def fail(positions: list[int], shown: list[Any], problem: str) -> DataError:
        rows = pd.Series([shown[i] for i in positions], index=values.index[positions], dtype=object)
        return _bad(where, name, rows, problem)

    if constraints.get("required"):
        empty = [i for i, v in enumerate(cells) if not v]
        if empty:
            raise fail(empty, cells, "a value is required but the cell is empty")
    check, convert, problem = _READERS[kind]
    wrong = [i for i, v in enumerate(cells) if v and not check(v)]
    if wrong:
        raise fail(wrong, cells, problem)
    typed = [convert(v) if v else None for v in cells]
    for rule, test, says in _constraint_rules(constraints, spec):
        broken = [i for i, v in enumerate(typed) if v is not None and not test(v)]
        if broken:
            raise fail(broken, typed, says)
    if kind == "integer":
        return pd.Series(pd.array(typed, dtype="Int64"), index=values.index)
    if kind == "number":
        return pd.Series([float("nan") if v is None else v for v in typed], index=values.index, dtype="float64")
    if kind == "boolean":
        return pd.Series(pd.array(typed, dtype="boolean"), index=values.index)
    if kind == "date":
        return pd.to_datetime(pd.Series(typed, index=values.index, dtype=object))
    return pd.Series(pd.array(typed, dtype="string"), index=values.index)


def _is_date(text: str) -> bool:
    """A real calendar date written YYYY-MM-DD (the pattern first: ``fromisoformat`` also takes other forms)."""
    if not _DATE.fullmatch(text):
        return False
    try:
        datetime.fromisoformat(text)
    except ValueError:
        return False
    return True


# For each field type: is a non-empty cell valid, how to read it, and what to say when it is not.
_READERS: dict[str, tuple[Any, Any, str]] = {
    "integer": (_INTEGER.fullmatch, int, "expected a whole number"),
    "number": (_NUMBER.fullmatch, float, "expected a number (use a dot for decimals, no commas)"),
    "boolean": (lambda v: v in _TRUE or v in _FALSE, lambda v: v in _TRUE, "expected true or false"),
    # datetime.fromisoformat, not strptime or pd.Timestamp per cell: sources.csv's 1,000 dates took 15 ms that way,
    # most of the time a lesson spends loading its data (bench: a lesson should run within 1.5x a bare kernel).
    "date": (_is_date, datetime.fromisoformat, "expected a date written YYYY-MM-DD"),
    "string": (lambda v: True, str, ""),
}


def _constraint_rules(constraints: dict[str, Any], spec: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """``(rule, test(value) -> ok, message)`` for each constraint of a field (unique is checked apart)."""
    rules = []
    if "minimum" in constraints:
        low = _bound(constraints["minimum"], spec)
        rules.append(("minimum", lambda v: v >= low, f"values must be at least {constraints['minimum']}"))
    if "maximum" in constraints:
        high = _bound(constraints["maximum"], spec)
        rules.append(("maximum", lambda v: v <= high, f"values must be at most {constraints['maximum']}"))
    if "enum" in constraints:
        allowed = {_bound(v, spec) for v in constraints["enum"]}
        rules.append(("enum", lambda v: v in allowed, f"allowed values are {constraints['enum']}"))
    if "pattern" in constraints:
        pattern = re.compile(constraints["pattern"])
        rules.append(("pattern", lambda v: bool(pattern.fullmatch(str(v))),
                      f"values must match the pattern {constraints['pattern']}"))
    if constraints.get("unique"):
        rules.append(("unique", _unique_test(), "values must be unique but repeat"))
    return rules


def _unique_test() -> Any:
    """A test that fails each value already seen in the column, so the message names the repeats."""
    seen: dict[Any, int] = {}

    def test(value: Any) -> bool:
        seen[value] = seen.get(value, 0) + 1
        return seen[value] == 1
    return test


def _bound(value: Any, spec: dict[str, Any]) -> Any:
    return pd.Timestamp(value) if spec.get("type") == "date" else value


def load_sources(directory: Path | None = None) -> pd.DataFrame:
    """``data/sources.csv``: one row per source (id, publisher, title, url, dates, kind, note)."""
    return load("sources", directory)


def citation(name: str, directory: Path | None = None, ids: list[str] | None = None) -> str:
    """A one-line source credit for data set ``name``, for chart source lines and captions.

    ``ids`` narrows it to the sources of particular rows (e.g. the row a quiz answer comes
    from), so a single figure is not credited to every publisher in the data set.
    """
    wanted = describe(name, directory).source_ids if ids is None else ids
    table = load_sources(directory).set_index("source_id")
    publishers: list[str] = []
    for source_id in wanted:
        if source_id in table.index:
            publisher = str(table.loc[source_id, "publisher"])
            if publisher not in publishers:
                publishers.append(publisher)
    shown = "; ".join(publishers[:4]) + (" and others" if len(publishers) > 4 else "")
    return f"Source: {shown} (course data set '{name}')"


def source_ids(cell: object) -> list[str]:
    """Split a ``source_id`` cell ("a;b") into ids."""
    return [part for part in re.split(r";", str(cell)) if part] if isinstance(cell, str) else []
