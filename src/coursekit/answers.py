"""Figures read from ``data/`` as answers, and numbers read from what a learner typed.

Why one module: a quiz answer and a prediction's true value must both be sourced figures,
never numbers typed into a bank, so both describe them the same way (``answer_from``) and
both credit the rows they come from. And a learner types "3 million", "1,000" or "245 " into
both kinds of box, so one reader turns that text into a number for both.

An ``answer_from`` spec::

    {dataset: china_russia_trade, column: total_usd_bn, where: {year: 2024}, aggregate: value}

A ``where`` value that is a list keeps the rows whose column holds any of its values
(``where: {lesson: ["00", "01"]}``).

``aggregate`` is one of :data:`AGGREGATES` (default ``value``: exactly one matching value);
``count`` counts the matching rows and ``share`` gives them as a percentage of all the data
set's rows ("60% of the claims are empirical").
"""
from __future__ import annotations

import re
from typing import Any

import pandas as pd

from coursekit import data
from coursekit.errors import QuizBankError

AGGREGATES = ("value", "sum", "max", "min", "mean", "count", "share")


def spec_errors(spec: Any, where: str) -> list[str]:
    """Every way ``spec`` is not a usable ``answer_from``; empty when it is."""
    if not isinstance(spec, dict) or not {"dataset", "column"} <= spec.keys():
        return [f"{where}: answers come from data: give answer_from with dataset and column"]
    if spec.get("aggregate", "value") not in AGGREGATES:
        return [f"{where}: answer_from.aggregate must be one of {AGGREGATES}"]
    if "where" in spec and not isinstance(spec["where"], dict):
        return [f"{where}: answer_from.where must map column names to values"]
    return []


def value_and_rows(spec: dict[str, Any]) -> tuple[float, pd.DataFrame]:
    """The figure ``spec`` describes and the rows it is read from (for the citation)."""
    frame = whole = data.load(spec["dataset"])
    for column, wanted in (spec.get("where") or {}).items():
        if column not in frame.columns:
            raise QuizBankError(f"answer_from: data set '{spec['dataset']}' has no column '{column}'")
        frame = frame[frame[column].isin(wanted)] if isinstance(wanted, list) else frame[frame[column] == wanted]
    if spec["column"] not in frame.columns:
        raise QuizBankError(f"answer_from: data set '{spec['dataset']}' has no column '{spec['column']}'")
    values = frame[spec["column"]].dropna()
    aggregate = spec.get("aggregate", "value")
    if aggregate == "count":
        return float(len(frame)), frame
    if aggregate == "share":
        return (100.0 * len(frame) / len(whole) if len(whole) else 0.0), frame
    if values.empty:
        raise QuizBankError(f"answer_from {spec}: no value matches")
    if aggregate == "value":
        if len(values) != 1:
            raise QuizBankError(f"answer_from {spec}: expected one matching value, found {len(values)}")
        return float(values.iloc[0]), frame.loc[values.index]
    if aggregate in ("max", "min"):
        picked = values[values == getattr(values, aggregate)()]
        return float(picked.iloc[0]), frame.loc[picked.index]
    return float(getattr(values, aggregate)()), frame.loc[values.index]


def citation(spec: dict[str, Any], rows: pd.DataFrame | None = None, credit: str = "") -> str:
    """Credit for a figure: the publishers of the rows it is read from, not the whole data set.

    ``credit`` names who made the figure when the rows' own sources would mislead: a count of
    the claims is the course authors' typing, though every claim row cites the article.
    """
    if credit:
        return f"Source: {credit} (course data set '{spec['dataset']}')"
    if rows is None:
        _value, rows = value_and_rows(spec)
    ids: list[str] = []
    if "source_id" in rows.columns:
        for cell in rows["source_id"]:
            ids += [i for i in data.source_ids(cell) if i not in ids]
    return data.citation(spec["dataset"], ids=ids or None)


# --------------------------------------------------------------------------- typed numbers
def shown_number(value: float) -> str:
    """3000000 -> "3,000,000", 4.0 -> "4", 12.25 -> "12.25": how a person writes it, never "3e+06"."""
    return format(value, ",.10g") if abs(value) < 1e15 else format(value, ".3g")


def shown_figure(value: float) -> str:
    """A figure the course computed (a share, a mean), as a reader wants it: 39.13043478 -> "39.1",
    0.4567 -> "0.46". Values with two decimals or fewer are shown as stored (12.25 stays 12.25), so a
    figure copied from a source is never altered; only the course's own arithmetic is rounded."""
    if abs(value) < 1e15 and value != round(value, 2):
        value = round(value, 1 if abs(value) >= 10 else 2 if abs(value) >= 0.1 else 3)
    return shown_number(value)


_SCALE_WORDS = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6,
                "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_WORDS_AFTER_NUMBER = re.compile(r"^\s*[+-]?[\d.,\s\u00a0\u202f]*?\d\s*([a-z][a-z\s-]*)", re.IGNORECASE)
# "50,000", "50 000" (a space, no-break or thin space between groups of three) or "50000".
_LEADING_NUMBER = re.compile(
    r"^\s*([+-]?(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:\.\d+)?)(?:\s*[^\d\s.,].*)?$")
_COMMA_DECIMAL = re.compile(r"\d,\d{1,2}(?!\d)")


def read_number(response: Any, unit: str = "") -> float | None:
    """The number a learner meant, or None: "245", "1,000", "50 000", "30 claims", "3 million",
    "3 hundred thousand", "300k", "1e1", 12.5.

    Scale words multiply ("3 million" is 3,000,000; "3 hundred thousand" is 300,000) unless
    ``unit`` is itself in that scale ("245 billion" with unit "billion US$" is 245). Booleans are
    not numbers.
    """
    if isinstance(response, bool):
        return None
    if not isinstance(response, str):
        try:
            return float(response)
        except (TypeError, ValueError):
            return None
    try:
        return float(response.strip())  # "10 ", "1e1", "-3.5", "nan"
    except ValueError:
        pass
    match = _LEADING_NUMBER.match(response)
    if not match:
        return None
    digits = re.sub(r"[,\s\u00a0\u202f]", "", match.group(1))
    return float(digits) * _scale_word_factor(response, unit)


def looks_like_comma_decimal(text: Any) -> bool:
    """True for "12,5": a decimal comma, which :func:`read_number` does not guess at."""
    return isinstance(text, str) and bool(_COMMA_DECIMAL.search(text))


def _scale_word_factor(text: str, unit: str) -> float:
    """The product of the scale words right after the number ("hundred thousand" -> 100,000)."""
    match = _WORDS_AFTER_NUMBER.match(text)
    words = re.findall(r"[a-z]+", match.group(1).lower()) if match else []
    unit_scales = {_SCALE_WORDS.get(w) for w in re.findall(r"[a-z]+", unit.lower())}
    factor = 1.0
    for word in words:
        if word not in _SCALE_WORDS:
            break
        if _SCALE_WORDS[word] not in unit_scales:  # "245 billion" of "billion US$" is 245
            factor *= _SCALE_WORDS[word]
    return factor
