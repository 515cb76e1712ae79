"""How concentrated is the supply of a mineral? A Herfindahl–Hirschman index, and China's share by stage (lesson 07).

Why a module: the article says China is securing a "near-monopoly" on defence minerals. Two questions need a
yardstick. *How concentrated is world supply?* The Herfindahl–Hirschman index (HHI) answers it in one number:
take each producer's share **in percent**, square it, and add the squares. One producer with 100% gives
100² = 10,000; n equal producers give 10,000 / n; the more evenly supply is spread, the lower the index. Read
back the other way, 10,000 / HHI is the number of equal-sized producers that would give the same index
(:func:`equal_producers`), a reading that needs no official threshold.

*Is China's share a near-monopoly?* No official definition exists, so :func:`near_monopoly_table` lets the
learner choose the share that would count, and lists which minerals and stages reach it, each figure with who
compiled it and on what basis.

Two honest complications, handled here rather than hidden:

* **the 'Other countries' lump.** A source lists the big producers and puts the rest in one row. Treated as one
  producer it adds its share squared: the largest it could add, so that HHI is an **upper bound**. Treated as
  very many tiny producers it adds almost nothing: a **lower bound**. The true index lies between the two
  (:func:`concentration`).
* **withheld or missing figures.** A country whose production the source withholds (left blank in the data) cannot
  enter the index; :func:`concentration` names it, and the shares are of what the listed rows add up to.

Shares are computed from the country rows (named countries plus 'Other countries'), so they add up to 100; the
source's rounded world total is kept beside them (``world_total``) for comparison, never mixed into the squares.
The rules live in plain, tested functions; :func:`show_concentration_explorer` is a thin widget over them.
"""
from __future__ import annotations

import html

import math
import numbers
from dataclasses import dataclass
from typing import Any, Iterable, Mapping

import pandas as pd

OTHER = "Other countries"
"""The row a source uses for every producer it does not list by name (``row_type`` 'other', or this name)."""
WORLD = "World total"
"""The source's own world total (often rounded): kept for comparison, never a producer (``row_type``
'world_total', or a country name starting with this)."""
MAX_HHI = 10_000.0
"""The index of a single producer with 100% of supply (100 squared)."""
SUM_TOLERANCE = 1.0
"""How far (in percentage points) shares may add up away from 100 before :func:`hhi` refuses them: shares rounded
to whole percents can add up to 99 or 101."""
GROUP = ["mineral", "stage", "year", "basis"]
"""One index per mineral, stage, year and basis: never mix two sources' bases in one set of shares."""


class ConcentrationError(ValueError):
    """Shares or production rows that cannot give an index; the message says what to fix."""


# --------------------------------------------------------------------------- the index
def _as_series(shares: Any) -> pd.Series:
    if isinstance(shares, pd.DataFrame):
        raise ConcentrationError("hhi() takes one column of shares (a Series, list or dict), not a whole table: "
                                 "pick the share column, e.g. table[\"share_pct\"].")
    if isinstance(shares, pd.Series):
        series = shares
    elif isinstance(shares, Mapping):
        series = pd.Series(dict(shares), dtype=object)
    elif isinstance(shares, (str, bytes)) or isinstance(shares, numbers.Number):
        raise ConcentrationError(f"hhi() needs several shares (a list, dict or Series), not {shares!r}.")
    elif isinstance(shares, Iterable):
        series = pd.Series(list(shares), dtype=object)
    else:
        raise ConcentrationError(f"hhi() needs a list, dict or Series of shares, not a {type(shares).__name__}.")
    if series.empty:
        raise ConcentrationError("no shares given: an index needs at least one producer.")
    values = pd.to_numeric(series, errors="coerce")
    bad_text = series[values.isna() & series.notna()]
    if len(bad_text):
        raise ConcentrationError(f"share {bad_text.iloc[0]!r} ({bad_text.index[0]}) is not a number.")
    if values.isna().any():
        where = values.index[values.isna()][0]
        raise ConcentrationError(f"the share of {where} is missing (NaN): drop withheld producers first and say "
                                 "so, or the index would silently leave them out.")
    if (values < 0).any():
        where = values.index[values < 0][0]
        raise ConcentrationError(f"the share of {where} is negative ({values[where]:g}); a share cannot be below 0.")
    if not values.map(math.isfinite).all():
        raise ConcentrationError("a share is infinite: did a division by zero make it?")
    return values.astype(float)


def hhi(shares: Any, *, normalise: bool = False, tolerance: float = SUM_TOLERANCE) -> float:
    """The Herfindahl–Hirschman index of ``shares`` given **in percent**: the sum of the squared shares.

    >>> hhi([100]), hhi([50, 50]), hhi([25, 25, 25, 25])
    (10000.0, 5000.0, 2500.0)

    Why it refuses shares that do not add up to about 100: a list missing a producer (or the 'Other
    countries' row) gives an index that is too low without any warning. ``normalise=True`` rescales the shares
    to add up to 100 instead: use it only when you can say why they did not (say so beside the result).
    Shares that add up to about 1 are fractions: the message says to multiply them by 100 (squared fractions
    give an index 10,000 times too small).
    """
    values = _as_series(shares)
    total = float(values.sum())
    if total == 0:
        raise ConcentrationError("every share is 0: there is no supply to measure.")
    if normalise:
        values = values * (100.0 / total)
    elif abs(total - 100.0) > tolerance:
        if abs(total - 1.0) <= tolerance / 100:
            raise ConcentrationError(f"the shares add up to {total:g}: they look like fractions. Multiply them by "
                                     "100 first (the index squares percentages).")
        raise ConcentrationError(f"the shares add up to {total:.1f}, not 100. Add the missing producers (often the "
                                 "'Other countries' row), or pass normalise=True to rescale them to 100 and say so.")
    return float((values ** 2).sum())


def equal_producers(index: float) -> float:
    """How many equal-sized producers would give this index: 10,000 / HHI (one producer: 1; 2,500: 4).

    Why: it reads an index without borrowing an official threshold. An index of 5,000 is as concentrated as two
    producers with half each, however many there really are."""
    if isinstance(index, bool) or not isinstance(index, numbers.Real) or not math.isfinite(index) or index <= 0:
        raise ConcentrationError(f"an index must be a number above 0 and at most 10,000, not {index!r}.")
    if index > MAX_HHI + 1e-6:
        raise ConcentrationError(f"{index:g} is above 10,000, the index of a single producer: were the shares in "
                                 "percent and did they add up to 100?")
    return MAX_HHI / float(index)


# --------------------------------------------------------------------------- from production rows
# Why plain Python lists below, not pandas operations: a lesson computes a dozen groups of a dozen rows each,
# where pandas' per-call overhead dominated (140 ms for the whole table, against the lesson's runtime budget).
def _kind(name: Any, row_type: Any = None) -> str:
    """'country', 'other' or 'world_total': from ``row_type`` where the data set has it, else from the name
    ('Other', 'Other countries'; 'World total', 'World total (rounded)')."""
    if isinstance(row_type, str) and row_type:
        return row_type
    text = str(name)
    if text.lower() in ("other", OTHER.lower()):
        return "other"
    return "world_total" if text.startswith(WORLD) else "country"


def _kinds(rows: pd.DataFrame) -> pd.Series:
    """:func:`_kind` of every row, as a Series aligned with ``rows``."""
    types = rows["row_type"].tolist() if "row_type" in rows.columns else [None] * len(rows)
    return pd.Series([_kind(name, kind if kind is not pd.NA else None)
                      for name, kind in zip(rows["country"].tolist(), types)], index=rows.index, dtype=object)


def _number(value: Any) -> float | None:
    """A production cell as a float, or None when it is blank (withheld) or not a number."""
    if value is None or value is pd.NA:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else number


def _producer_rows(rows: pd.DataFrame) -> tuple[list[tuple[str, str, float | None]], float | None]:
    """``[(name, kind, production)]`` of the producer rows (the 'Other' lump named OTHER) and the world total."""
    types = rows["row_type"].tolist() if "row_type" in rows.columns else [None] * len(rows)
    producers: list[tuple[str, str, float | None]] = []
    world: float | None = None
    for name, kind, value in zip(rows["country"].tolist(), types, rows["production"].tolist()):
        kind = _kind(name, kind if kind is not pd.NA else None)
        number = _number(value)
        if kind == "world_total":
            world = number
            continue
        if number is not None and number < 0:
            raise ConcentrationError("a production figure is negative: check the data.")
        producers.append((OTHER if kind == "other" else str(name), kind, number))
    return producers, world


def _shares(producers: list[tuple[str, str, float | None]]) -> dict[str, float]:
    """Shares in percent of the producers with a figure, in table order."""
    listed = [(name, value) for name, _kind_, value in producers if value is not None]
    names = [name for name, _value in listed]
    if len(set(names)) != len(names):
        twice = next(name for name in names if names.count(name) > 1)
        raise ConcentrationError(f"{twice} appears twice: keep one mineral, stage, year and basis at a time.")
    total = sum(value for _name, value in listed)
    if not listed or total <= 0:
        raise ConcentrationError("these rows hold no production figures to share out.")
    return {name: 100.0 * value / total for name, value in listed}


@dataclass(frozen=True)
class Concentration:
    """The index of one mineral, stage, year and basis, with the bounds the 'Other countries' lump allows."""

    mineral: str
    stage: str
    year: int
    basis: str
    unit: str
    lower: float
    """'Other countries' as very many tiny producers (their squares vanish): the least the index can be."""
    upper: float
    """'Other countries' as one producer: the most the index can be."""
    china_share_pct: float | None
    largest: str
    largest_share_pct: float
    other_share_pct: float
    n_named: int
    withheld: tuple[str, ...]
    world_total: float | None
    listed_total: float

    @property
    def producers_equivalent(self) -> tuple[float, float]:
        """Equal-sized producers giving the same index: (at the upper bound, at the lower bound)."""
        return equal_producers(self.upper), equal_producers(self.lower)

    def summary(self) -> str:
        """One sentence a learner can read (and a screen reader can say)."""
        china = "" if self.china_share_pct is None else f" China {self.china_share_pct:.0f}%;"
        gap = "" if self.lower == self.upper else f" to {self.upper:,.0f}"
        withheld = f" Withheld: {', '.join(self.withheld)}." if self.withheld else ""
        return (f"{self.mineral} {self.stage} {self.year}:{china} HHI {self.lower:,.0f}{gap} "
                f"({self.n_named} named producers, 'Other countries' {self.other_share_pct:.1f}%).{withheld}")


def production_shares(rows: pd.DataFrame) -> pd.Series:
    """Each producer's share in percent of what the country rows add up to (named countries + 'Other').

    The 'World total' row is left out (it is not a producer) and so are withheld rows (blank production).
    """
    _require(rows, ["country", "production"])
    shares = _shares(_producer_rows(rows)[0])
    return pd.Series(shares, dtype=float)


def _require(rows: Any, columns: list[str]) -> None:
    if not isinstance(rows, pd.DataFrame):
        raise ConcentrationError(f"expected a table of production rows, not a {type(rows).__name__}.")
    missing = [c for c in columns if c not in rows.columns]
    if missing:
        raise ConcentrationError(f"the rows lack the column(s) {missing}.")
    if rows.empty:
        raise ConcentrationError("no rows: check the filter (mineral, stage, year).")


def concentration(rows: pd.DataFrame) -> Concentration:
    """The bounded index of one group of ``mineral_production_by_country`` rows (one mineral, stage, year, basis)."""
    _require(rows, GROUP + ["country", "production", "unit"])
    keys = set(zip(*(rows[column].tolist() for column in GROUP)))
    if len(keys) != 1:
        raise ConcentrationError("these rows mix minerals, stages, years or bases: compute one index per group "
                                 f"({len(keys)} groups here); concentration_table() does them all.")
    return _concentration(rows, next(iter(keys)))


def _concentration(rows: pd.DataFrame, key: tuple[Any, ...]) -> Concentration:
    producers, world_total = _producer_rows(rows)
    shares = _shares(producers)
    other = shares.get(OTHER, 0.0)
    named = {name: share for name, share in shares.items() if name != OTHER}
    lower = sum(share ** 2 for share in named.values())
    upper = lower + other ** 2
    largest = max(named, key=named.get) if named else OTHER
    mineral, stage, year, basis = key
    return Concentration(
        mineral=str(mineral), stage=str(stage), year=int(year), basis=str(basis), unit=str(rows["unit"].iloc[0]),
        lower=round(lower, 1), upper=round(upper, 1),
        china_share_pct=round(shares["China"], 1) if "China" in shares else None,
        largest=str(largest), largest_share_pct=round(shares.get(largest, other), 1),
        other_share_pct=round(other, 1), n_named=len(named),
        withheld=tuple(name for name, _kind_, value in producers if value is None),
        world_total=world_total, listed_total=float(sum(value for _n, _k, value in producers if value is not None)))


TABLE_COLUMNS = ["mineral", "stage", "year", "china_share_pct", "hhi_low", "hhi_high", "equal_producers_low",
                 "equal_producers_high", "other_share_pct", "n_named", "largest", "withheld", "basis"]


def concentration_table(production: pd.DataFrame) -> pd.DataFrame:
    """One row per mineral, stage, year and basis: China's share, the HHI bounds and their equal-producer reading.

    ``equal_producers_low`` reads the upper index (fewest equivalent producers), ``equal_producers_high`` the lower.
    """
    _require(production, GROUP + ["country", "production", "unit"])
    rows = []
    for key, group in production.groupby(GROUP, sort=True):
        result = _concentration(group, key)
        few, many = result.producers_equivalent
        rows.append({"mineral": result.mineral, "stage": result.stage, "year": result.year,
                     "china_share_pct": result.china_share_pct, "hhi_low": result.lower, "hhi_high": result.upper,
                     "equal_producers_low": round(few, 1), "equal_producers_high": round(many, 1),
                     "other_share_pct": result.other_share_pct, "n_named": result.n_named, "largest": result.largest,
                     "withheld": "; ".join(result.withheld), "basis": result.basis})
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


# --------------------------------------------------------------------------- near-monopoly, by mineral and stage
SHARE_COLUMNS = ["mineral", "stage", "year", "china_share_pct", "figure_qualifier", "compiled_by", "status", "source_id"]


def parse_threshold(text: Any) -> tuple[float | None, str]:
    """The share (in %) a learner says would make a 'near-monopoly', or None and a sentence saying what to type.

    >>> parse_threshold("90")
    (90.0, '')
    """
    raw = str(text).strip().rstrip("%").strip().replace(",", ".")
    if not raw:
        return None, "Type a share in percent, for example 75."
    try:
        value = float(raw)
    except ValueError:
        return None, f"'{text}' is not a number: type a share in percent, for example 75."
    if not math.isfinite(value):
        return None, "Type a finite share in percent, for example 75."
    if 0 < value <= 1:
        return None, f"{value:g} looks like a fraction: type the share in percent (for example 80, not 0.8)."
    if value <= 0 or value > 100:
        return None, f"{value:g}% is not a share: type a number above 0 and at most 100."
    return value, ""


def near_monopoly_table(shares: pd.DataFrame, threshold: float, mineral: str | None = None) -> pd.DataFrame:
    """Every published China share (``critical_minerals``) with ``meets``: at or above ``threshold`` percent.

    One row per figure, not one per mineral: figures from different compilers and bases stay apart, so a learner
    sees that 'near-monopoly' can hold on one series and stage and not on another. Rows without a share (a
    tonnage only) are left out. Sorted by mineral, stage and year, newest last.
    """
    value, message = parse_threshold(threshold)
    if value is None:
        raise ConcentrationError(message)
    _require(shares, ["mineral", "stage", "year", "china_share_pct"])
    picked = shares if mineral in (None, "", "(all)") else shares[shares["mineral"] == mineral]
    picked = picked.dropna(subset=["china_share_pct"])
    shown = [c for c in SHARE_COLUMNS if c in picked.columns]
    table = picked[shown].sort_values(["mineral", "stage", "year"], kind="stable").reset_index(drop=True)
    table["meets"] = table["china_share_pct"] >= value
    return table


APPROXIMATE = ("about",)
"""Qualifiers (``figure_qualifier``) that mean the source rounded: 'about 90' may be a little below 90."""


def borderline(table: pd.DataFrame, threshold: float) -> pd.DataFrame:
    """Figures of :func:`near_monopoly_table` given only as 'about' the threshold itself.

    Why: ``meets`` compares the number as printed, so a share the source gave as 'about 90%' counts as reaching
    90%, though the true share may be a little below. The explorer names such figures instead of hiding the
    choice: the learner decides whether 'about 90' is a near-monopoly at 90.
    """
    if "figure_qualifier" not in table.columns:
        return table.iloc[0:0]
    qualifier = table["figure_qualifier"].fillna("").astype(str).str.strip().str.lower()
    return table[(table["china_share_pct"] == threshold) & qualifier.isin(APPROXIMATE)]


def verdict_by_stage(table: pd.DataFrame) -> pd.DataFrame:
    """For each mineral and stage of :func:`near_monopoly_table`: how many figures meet the threshold, of how many,
    and the newest year's figures. 'all', 'some' or 'none' of the figures meet it, never an average of them."""
    if table.empty:
        return pd.DataFrame(columns=["mineral", "stage", "figures", "meeting", "newest_year", "reading"])
    rows = []
    for (mineral, stage), group in table.groupby(["mineral", "stage"], sort=True):
        meeting = int(group["meets"].sum())
        reading = "all figures" if meeting == len(group) else ("none of the figures" if meeting == 0 else "some figures")
        rows.append({"mineral": mineral, "stage": stage, "figures": len(group), "meeting": meeting,
                     "newest_year": int(group["year"].max()), "reading": reading})
    return pd.DataFrame(rows)


# --------------------------------------------------------------------------- the widget
_LIVE: dict[str, Any] = {}
INDEX_SHOWN = ["mineral", "stage", "year", "china_share_pct", "hhi_low", "hhi_high", "equal_producers_low",
               "other_share_pct", "withheld"]
"""The index table's columns in the widget (the basis is one USGS edition throughout; the full table has it)."""


def _table_html(frame: pd.DataFrame) -> str:
    from coursekit.explorers.table import TABLE_STYLE

    shown = frame.astype(object).where(frame.notna(), "")
    return TABLE_STYLE + shown.to_html(index=False, escape=True, border=0, classes="course-table")


class ConcentrationExplorer:
    """A mineral menu, a threshold box and two tables: which stages meet 'near-monopoly', and the HHI bounds."""

    def __init__(self, shares: pd.DataFrame, production: pd.DataFrame | None, threshold: float = 90) -> None:
        import ipywidgets as w

        from coursekit.widget_tools import keyboard_ready, status_html

        self._status_html = status_html
        self.shares = shares
        self.index = concentration_table(production) if production is not None and len(production) else None
        minerals = sorted(shares["mineral"].dropna().astype(str).unique())
        self.mineral = w.Dropdown(options=["(all)", *minerals], value="(all)", description="Mineral:",
                                  style={"description_width": "initial"}, layout=w.Layout(width="22em"))
        self.threshold = w.Text(value=f"{threshold:g}", description="Near-monopoly from (%):",
                                continuous_update=False, style={"description_width": "initial"},
                                layout=w.Layout(width="18em"))
        self.message = w.HTML(layout=w.Layout(min_height="1.5em"))
        self.table = w.HTML()
        self.table.add_class("course-explorer-table")
        self.index_table = w.HTML()
        self.index_table.add_class("course-explorer-table")
        self.mineral.observe(self.render, names="value")
        self.threshold.observe(self.render, names="value")
        self.widget = keyboard_ready(w.VBox([w.HBox([self.mineral, self.threshold]), self.message, self.table,
                                             self.index_table]))
        self.last_threshold = float(threshold)
        self.render()

    def render(self, change: Any = None) -> None:
        """Redraw both tables; a threshold that is not a share keeps the last good one and says why."""
        value, problem = parse_threshold(self.threshold.value)
        if value is None:
            self.message.value = self._status_html(problem + f" Still showing {self.last_threshold:g}%.", "warning")
            value = self.last_threshold
        else:
            self.last_threshold = value
            self.message.value = ""
        mineral = self.mineral.value
        figures = near_monopoly_table(self.shares, value, mineral)
        stages = verdict_by_stage(figures)
        head = (f"<p><b>{len(figures)}</b> published China share{'s' if len(figures) != 1 else ''} (rows of "
                "critical_minerals that give a share; a few give only tonnages); "
                f"<b>{int(figures['meets'].sum())}</b> at or above {value:g}%.")
        edge = borderline(figures, value)
        if len(edge):
            named = "; ".join(f"{r.mineral} {r.stage} {int(r.year)}" for r in edge.itertuples())
            head += (f" {len(edge)} of them {'is' if len(edge) == 1 else 'are'} given only as <i>about</i> "
                     f"{value:g}% ({html.escape(named)}), which may be a little below: counted as reaching it, but "
                     "borderline.")
        head += " By stage:</p>"
        self.table.value = head + _table_html(stages) + "<p>Every figure:</p>" + _table_html(figures)
        if self.index is None:
            self.index_table.value = ""
            return
        index = self.index if mineral == "(all)" else self.index[self.index["mineral"] == mineral]
        note = ("<p>Concentration from per-country production (HHI: lowest if 'Other countries' are many tiny "
                "producers, highest if they are one; withheld names any producer whose figure the source "
                "withholds):</p>")
        self.index_table.value = note + (_table_html(index[INDEX_SHOWN]) if len(index) else
                                         "<p>No per-country production in the data for this mineral.</p>")

    def take_state_from(self, previous: "ConcentrationExplorer") -> None:
        """Carry a re-run cell's choices over, so re-running never loses the learner's threshold."""
        if previous.mineral.value in self.mineral.options:
            self.mineral.value = previous.mineral.value
        self.threshold.value = previous.threshold.value

    def close(self) -> None:
        from coursekit.widget_tools import close_tree

        close_tree(self.widget)


def show_concentration_explorer(shares: pd.DataFrame, production: pd.DataFrame | None = None, *,
                                threshold: float = 90, key: str = "07-critical-minerals") -> Any:
    """The explorer for lesson 07 (see :class:`ConcentrationExplorer`); re-running the cell keeps the choices."""
    import ipywidgets as w

    from coursekit.widget_tools import replace_view, status_html

    try:
        explorer = ConcentrationExplorer(shares, production, threshold)
    except ConcentrationError as exc:
        return w.HTML(status_html(f"The explorer could not be built: {exc}", "problem"))
    return replace_view(_LIVE, key, explorer, ConcentrationExplorer.take_state_from)


def current_explorer(key: str = "07-critical-minerals") -> ConcentrationExplorer | None:
    """The live explorer for ``key`` (tests drive it without a browser)."""
    return _LIVE.get(key)

