"""Undersea incidents on a map and a timeline, and beside the base rate of ordinary cable faults (lesson 08).

Why a module: the lesson asks whether the cable and pipeline breaks in the news show a deniable campaign.
Three habits answer that, and each is a rule here, tested without a browser:

* **Read the outcome, not the headline.** Every incident carries what investigators or courts concluded as
  of the latest source (``outcome``); :data:`OUTCOMES` fixes their order (from "nature did it" to "a court
  convicted someone") and one colour-blind-safe colour each, so the map, the timeline and the explorer agree.
* **Say how precise a dot is.** No source publishes exact coordinates for most breaks; the data researcher
  placed each incident from the sources' own words and recorded the basis and an honest radius
  (``location_basis``, ``location_precision_km``). Tooltips and tables always show both.
* **Compare with a base rate.** Cables break about every other day worldwide, mostly through fishing and
  anchors. :func:`base_rate_share` says what share of one year's ordinary faults the incidents in the data
  make up: the reported incidents are a small, selected part of all damage, not a count of attacks.

The maps draw land from ``data/basemap_land.csv`` (Natural Earth via world-atlas 2.0.2, cut by
:mod:`coursekit.maintainer.basemap` to the boxes in :mod:`coursekit.explorers.map_regions`), inline and offline:
:func:`land_features` turns its rows into GeoJSON features, which ``mark_geoshape`` draws. :func:`incident_explorer`
is the lesson's widget: pick a region, see its map and a table of what happened there, who was involved and what
was concluded.
"""
from __future__ import annotations

import html
import math
import textwrap
from typing import Any

import altair as alt
import pandas as pd

from coursekit.explorers.map_regions import REGIONS

OUTCOMES: dict[str, tuple[str, str]] = {
    "natural_hazard": ("Natural hazard (e.g. undersea landslide)", "#56B4E9"),
    "accident": ("Accident (investigators' finding)", "#009E73"),
    "unresolved": ("Unresolved: no finding published", "#999999"),
    "suspected_sabotage": ("Sabotage suspected, investigation open", "#E69F00"),
    "charged": ("Charges brought, trial pending", "#0072B2"),
    "charges_dismissed": ("Charges brought, then dismissed", "#CC79A7"),
    "convicted": ("Court conviction (first instance or final)", "#000000"),
}
"""Outcome code -> (label a learner reads, Okabe-Ito colour; grey for 'no finding'), in the order legends use."""

SHORT_OUTCOMES = {"natural_hazard": "natural hazard", "accident": "accident", "unresolved": "unresolved",
                  "suspected_sabotage": "sabotage suspected", "charged": "charged, trial pending",
                  "charges_dismissed": "charges dismissed",
                  "convicted": "conviction"}
"""Outcome names for the sentences a screen reader reads ("unresolved 10, conviction 2")."""

OPEN_OUTCOMES = ("unresolved", "suspected_sabotage", "charged")
"""Open cases: no court ruling on responsibility yet, whatever an authority suspects, finds or charges (Denmark found
Nord Stream deliberate and Finnish police identified the Balticconnector anchor, but no court has ruled on
responsibility in either)."""

REQUIRED_COLUMNS = ("id", "date", "sea", "lat", "lon", "location_basis", "location_precision_km",
                    "infrastructure", "vessel", "flag", "outcome", "outcome_date", "states_involved")
REGION_TITLES = {region.name: region.title for region in REGIONS}
CLOSE_UPS = [region for region in REGIONS if region.name != "world"]
AREA_NAMES = {"baltic": "Baltic Sea", "taiwan": "Around Taiwan", "red_sea": "Red Sea", "world": "Elsewhere"}
"""Short names of the map regions, for the timeline's rows and the outcome table (the world map's own rows:
incidents outside the three close-ups)."""
MAP_WIDTH, MAP_HEIGHT = 460, 340
TABLE_COLUMNS = {"date": "Date", "place": "Place", "lat": "Latitude", "lon": "Longitude", "infrastructure": "Damaged",
                 "vessel": "Ship", "flag": "Flag", "states_involved": "States involved", "outcome_label": "Outcome",
                 "outcome_date": "As of", "location_basis": "Where the dot comes from",
                 "location_precision_km": "Within about (km)"}
"""What the explorer's table shows for each incident, under the headers it shows (the id, notes and sources stay in
the data set). It is the map's text alternative, as the chart's collapsed data table is elsewhere: every dot's place,
position and outcome in words, always in view."""


def outcome_label(code: Any) -> str:
    """The label a learner reads for an outcome code; ValueError naming the known codes for anything else."""
    if code not in OUTCOMES:
        raise ValueError(f"unknown outcome {code!r}; the outcomes are: {', '.join(OUTCOMES)}")
    return OUTCOMES[code][0]


def check_incidents(frame: pd.DataFrame) -> None:
    """Refuse a table the charts would draw wrongly: missing columns, or an outcome with no colour."""
    missing = [column for column in REQUIRED_COLUMNS if column not in frame.columns]
    if missing:
        raise ValueError(f"the incidents table lacks column(s) {missing}; load it with load('undersea_incidents')")
    unknown = sorted(set(frame["outcome"].dropna()) - set(OUTCOMES))
    if unknown:
        raise ValueError(f"outcome(s) {unknown} have no label or colour; add them to OUTCOMES")


def region_of(lon: Any, lat: Any) -> str:
    """The close-up map whose box holds the point (see coursekit.explorers.map_regions.REGIONS), else 'world'.

    A point with no coordinates has no map: ValueError.
    """
    try:
        x, y = float(lon), float(lat)
    except (TypeError, ValueError):
        raise ValueError("a point needs a numeric longitude and latitude") from None
    if math.isnan(x) or math.isnan(y):
        raise ValueError("a point needs a numeric longitude and latitude")
    for region in CLOSE_UPS:
        west, south, east, north = region.bbox
        if west <= x <= east and south <= y <= north:
            return region.name
    return "world"


def tidy_incidents(frame: pd.DataFrame) -> pd.DataFrame:
    """The located incidents with what the charts need: ``region``, ``outcome_label``, ``year`` and a text date.

    Rows without coordinates are left out (the lesson counts them separately). Dates stay as the sources give
    them (a day or a month); ``when`` is the first day of that period, for the time axis.
    """
    check_incidents(frame)
    located = frame[frame["lat"].notna() & frame["lon"].notna()].copy()
    located["region"] = [region_of(x, y) for x, y in zip(located["lon"], located["lat"])]
    located["area"] = located["region"].map(AREA_NAMES)
    located["outcome_label"] = located["outcome"].map(outcome_label)
    located["date"] = located["date"].astype(str)
    located["when"] = located["date"].map(lambda d: d if len(d) == 10 else f"{d}-01" if len(d) == 7 else f"{d}-01-01")
    located["year"] = located["when"].str[:4].astype(int)
    for column in ("outcome_date", "states_involved", "location_basis", "vessel", "flag"):
        located[column] = located[column].astype(object).where(located[column].notna(), "")
    return located.reset_index(drop=True)


def land_features(land: pd.DataFrame, region: str) -> list[dict[str, Any]]:
    """GeoJSON polygon features of one region from the ``basemap_land`` table, for ``mark_geoshape``.

    Each ring is closed here (GeoJSON repeats its first vertex). ValueError names the regions for an unknown one.
    """
    part = land[land["region"] == region]
    if part.empty:
        raise ValueError(f"no basemap for region {region!r}; the regions are: {', '.join(sorted(set(land['region'])))}")
    features: list[dict[str, Any]] = []
    rings: dict[tuple[int, int], list[list[float]]] = {}
    part = part.sort_values(["feature", "ring", "point"])
    for feature, ring, lon, lat in zip(part["feature"], part["ring"], part["lon"], part["lat"]):
        rings.setdefault((int(feature), int(ring)), []).append([float(lon), float(lat)])
    polygons: dict[int, list[list[list[float]]]] = {}
    for (feature, _ring), points in rings.items():  # dicts keep the sorted order: outline first, then holes
        polygons.setdefault(feature, []).append(points + [points[0]])
    for feature in sorted(polygons):
        features.append({"type": "Feature", "properties": {},
                         "geometry": {"type": "Polygon", "coordinates": polygons[feature]}})
    return features


def _outcome_scale(codes: Any) -> alt.Scale:
    used = [code for code in OUTCOMES if code in set(codes)]
    return alt.Scale(domain=[OUTCOMES[c][0] for c in used], range=[OUTCOMES[c][1] for c in used])


def outcome_colour(incidents: pd.DataFrame) -> alt.Color:
    """Colour by outcome label with the fixed OUTCOMES colours (only outcomes present get a legend entry)."""
    # A title on the channel too: screen readers hear "Outcome: ..." for each dot, not the field name.
    return alt.Color("outcome_label:N", title="Outcome", scale=_outcome_scale(incidents["outcome"]), legend=OUTCOME_LEGEND)


OUTCOME_LEGEND = alt.Legend(title="Outcome as of the latest source", orient="bottom", columns=2, labelLimit=300,
                           titleLimit=400)
TOOLTIP = [alt.Tooltip("date:N", title="Date"), alt.Tooltip("infrastructure:N", title="Damaged"),
           alt.Tooltip("vessel:N", title="Ship"), alt.Tooltip("flag:N", title="Flag"),
           alt.Tooltip("states_involved:N", title="States involved"),
           alt.Tooltip("outcome_label:N", title="Outcome"), alt.Tooltip("outcome_date:N", title="As of"),
           alt.Tooltip("location_basis:N", title="Where the dot comes from"),
           alt.Tooltip("location_precision_km:Q", title="Within about (km)")]
_POINT_COLUMNS = ["id", "date", "infrastructure", "vessel", "flag", "states_involved", "outcome", "outcome_label",
                  "outcome_date", "location_basis", "location_precision_km", "lat", "lon"]


def map_chart(incidents: pd.DataFrame, land: pd.DataFrame, region: str, *,
              width: int = MAP_WIDTH, height: int = MAP_HEIGHT) -> alt.LayerChart:
    """Land of ``region`` and one dot per incident in it, coloured by outcome (unfinished: call finish).

    ``incidents`` is :func:`tidy_incidents`; on the 'world' map every located incident is drawn, so the
    overview shows where the close-ups are. The projection fits the land and the dots (Mercator for the
    close-ups, Equal Earth for the world); nothing is fetched from the network.
    """
    rows = incidents if region == "world" else incidents[incidents["region"] == region]
    projection = "equalEarth" if region == "world" else "mercator"
    # The GeoJSON features go in as a DataFrame (one row per polygon), not alt.Data(values=...): Altair then
    # hands them to Vega-Lite as one inline data set without walking every coordinate pair through its schema
    # code, which made each map cost about 0.1 s more to build (bench: a lesson stays under 1.5x a bare kernel).
    features = pd.DataFrame([{"type": f["type"], "geometry": f["geometry"]} for f in land_features(land, region)])
    # aria=False: the land is a backdrop, hidden from screen readers (the map's description says what matters);
    # Vega otherwise gives its shapes an unnamed 'graphics-symbol' role (axe-core: svg-img-alt, serious).
    land_layer = alt.Chart(features).mark_geoshape(
        fill="#e8e4d8", stroke="#9a9a9a", strokeWidth=0.5, aria=False).project(type=projection)
    dots = alt.Chart(rows[_POINT_COLUMNS]).mark_circle(size=110, opacity=0.9, stroke="#222222", strokeWidth=0.8).encode(
        longitude=alt.Longitude("lon:Q", title="Longitude (degrees)"),
        latitude=alt.Latitude("lat:Q", title="Latitude (degrees)"),
        color=outcome_colour(incidents), tooltip=TOOLTIP).project(type=projection)
    return alt.layer(land_layer, dots).properties(width=width, height=height)


def describe_map(incidents: pd.DataFrame, region: str) -> str:
    """A screen-reader description of one map: how many incidents, their outcomes, how precise the dots are."""
    rows = incidents if region == "world" else incidents[incidents["region"] == region]
    if rows.empty:
        return f"{REGION_TITLES.get(region, region)} map with no located incidents."
    counts = rows["outcome"].value_counts()
    parts = ", ".join(f"{SHORT_OUTCOMES[c]} {counts[c]}" for c in OUTCOMES if c in counts.index)
    radius = rows["location_precision_km"].dropna()
    spread = (f" Dots are placed from the sources' descriptions, to within {radius.min():g} to {radius.max():g} km."
              if len(radius) else "")
    return (f"{REGION_TITLES.get(region, region)} map with {len(rows)} located incident"
            f"{'s' if len(rows) != 1 else ''} of cable or pipeline damage, coloured by outcome: {parts}.{spread} "
            "A table lists each one with how its dot was placed.")


LANE_DAYS = 60  # dots of one region closer in time than this would overlap at the chart's width, so they stack


def timeline_lanes(incidents: pd.DataFrame, days: int = LANE_DAYS) -> pd.Series:
    """A lane (0, 1, 2, ...) per incident so that dots of one region within ``days`` of each other do not overlap.

    Why: several incidents fall in the same month (three Baltic breaks around New Year 2026), and one dot
    hid another, so a learner could not count the open cases from the chart. Each incident takes the lowest
    lane whose last dot is at least ``days`` earlier; lane 0 is the region's middle line.
    """
    lanes = pd.Series(0, index=incidents.index, dtype=int)
    when = pd.to_datetime(incidents["when"])
    for _, group in incidents.groupby("area", sort=False):
        last: list[pd.Timestamp] = []
        for index in when[group.index].sort_values(kind="stable").index:
            day = when[index]
            lane = next((k for k, seen in enumerate(last) if (day - seen).days >= days), len(last))
            if lane == len(last):
                last.append(day)
            else:
                last[lane] = day
            lanes[index] = lane
    return lanes


def timeline_chart(incidents: pd.DataFrame) -> alt.Chart:
    """One dot per incident on a time axis, one row per map region, coloured by outcome (unfinished: call finish).

    Dots close in time are stacked within their region's row (:func:`timeline_lanes`), so none hides another.
    """
    from coursekit.charts import TABLE_COLUMNS_KEY

    rows = incidents[_POINT_COLUMNS + ["area", "sea", "when"]].assign(lane=timeline_lanes(incidents))
    # The data table gives the date as the source gives it (a day, a month), not the drawn position beside it.
    table = {"date": "Date of the damage", "area": "Where", "outcome_label": "Outcome as of the latest source",
             "infrastructure": "Damaged", "vessel": "Ship", "flag": "Flag", "states_involved": "States involved",
             "outcome_date": "As of", "location_basis": "Where the dot comes from",
             "location_precision_km": "Within about (km)"}
    return alt.Chart(rows, usermeta={TABLE_COLUMNS_KEY: table}).mark_circle(size=110, opacity=0.9, stroke="#222222", strokeWidth=0.8).encode(
        x=alt.X("when:T", title="Date of the damage", scale=alt.Scale(padding=14),
                axis=alt.Axis(format="%Y", tickCount="year")),
        y=alt.Y("area:N", title="Where", sort=list(AREA_NAMES.values()), axis=alt.Axis(labelLimit=220)),
        yOffset=alt.YOffset("lane:O", scale=alt.Scale(paddingInner=0.1)),
        color=outcome_colour(incidents), tooltip=TOOLTIP).properties(
            width=440, height=alt.Step(52, **{"for": "position"}))


def outcome_table(incidents: pd.DataFrame) -> pd.DataFrame:
    """Incidents per outcome (rows, in OUTCOMES order) and map region (columns), with totals: the timeline in numbers."""
    outcomes = [c for c in OUTCOMES if c in set(incidents["outcome"])]
    areas = [a for a in AREA_NAMES.values() if a in set(incidents["area"])]
    # A groupby rather than pd.crosstab(margins=True): the same table in a few milliseconds instead of 0.1 s.
    table = (incidents.groupby(["outcome", "area"]).size().unstack(fill_value=0)
             .reindex(index=outcomes, columns=areas, fill_value=0).astype(int))
    table["total"] = table.sum(axis=1)
    table.loc["total"] = table.sum(axis=0)
    table.index.name, table.columns.name = "outcome", "where"
    return table


def base_rate_share(count: Any, faults_low: Any, faults_high: Any) -> tuple[float, float]:
    """What share (in %) ``count`` incidents are of one year's cable faults, given a base rate of low to high.

    Dividing by the high end gives the low share and vice versa: (count / high, count / low) x 100. A count
    can exceed the base rate only if the numbers describe different things, so that is refused too.

    >>> base_rate_share(10, 150, 200)
    (5.0, 6.67)
    """
    try:
        n, low, high = float(count), float(faults_low), float(faults_high)
    except (TypeError, ValueError):
        raise ValueError("give the count and both ends of the base rate as numbers") from None
    if any(math.isnan(v) for v in (n, low, high)):
        raise ValueError("give the count and both ends of the base rate as numbers")
    if n < 0:
        raise ValueError("a count of incidents cannot be negative")
    if not 0 < low <= high:
        raise ValueError("the base rate needs 0 < low <= high faults a year")
    if n > high:
        raise ValueError("more incidents than faults in a year: the two numbers cannot count the same thing")
    return round(100 * n / high, 2), round(100 * n / low, 2)


def incidents_per_year(frame: pd.DataFrame) -> pd.Series:
    """Incidents per calendar year of the damage (years with none shown as 0), located or not.

    Takes the data set as loaded (or :func:`tidy_incidents`); the year is read from ``date`` (a day or a month).
    """
    years = frame["date"].astype(str).str[:4].astype(int)
    counts = years.value_counts().reindex(range(int(years.min()), int(years.max()) + 1), fill_value=0)
    return counts.rename("incidents").rename_axis("year")


def uses_url_data(spec: Any) -> bool:
    """True if a Vega-Lite spec (a dict from ``chart.to_dict()``) loads any data from a URL.

    Why: the course runs offline, so a map must carry its land outlines inline (``alt.Data(values=...)``);
    a world file fetched from a CDN would leave a blank map on a train or behind a firewall.
    """
    if isinstance(spec, dict):
        if isinstance(spec.get("data"), dict) and "url" in spec["data"]:
            return True
        return any(uses_url_data(value) for value in spec.values())
    if isinstance(spec, list):
        return any(uses_url_data(value) for value in spec)
    return False


# --------------------------------------------------------------------------- the explorer widget
SOURCE_LINE_CHARS = 95
"""Longest source line under a chart title: a longer one widens the chart past a notebook's output area."""


def source_lines(source: str, width: int = SOURCE_LINE_CHARS) -> list[str]:
    """A long source credit split into lines of at most ``width`` characters.

    Lines break at '; ' between publishers first; a part still too long (a credit that lists publishers
    with commas) is wrapped between words, so no line runs off the chart and no word is lost.
    """
    lines: list[str] = []
    for part in source.split("; "):
        if lines and len(lines[-1]) + 2 + len(part) <= width:
            lines[-1] += "; " + part
        else:
            lines.append(part)
    wrapped: list[str] = []
    for line in lines:
        wrapped += textwrap.wrap(line, width, break_long_words=False, break_on_hyphens=False) if len(line) > width \
            else [line]
    return wrapped


def finish_wrapped(chart: alt.TopLevelMixin, *, title: str, source: str, description: str,
                   subtitle: str | None = None, table_columns: dict[str, str] | None = None) -> alt.TopLevelMixin:
    """:func:`coursekit.charts.finish`, with a long source credit wrapped onto several subtitle lines.

    Why: lesson 08's data sets cite many publishers, and ``citation`` lists four of them on one line; on a
    single line the credit alone made a chart over 1,000 px wide. finish's checks (axis titles, a description
    for screen readers) run unchanged.
    """
    from coursekit.charts import course_made, finish

    finished = finish(chart, title=title, source=source, description=description, subtitle=subtitle,
                      table_columns=table_columns)
    lines = ([subtitle] if subtitle else []) + source_lines(source)
    return course_made(finished.properties(title=alt.TitleParams(text=title, subtitle=lines)))


def finished_map(incidents: pd.DataFrame, land: pd.DataFrame, region: str, *, source: str) -> alt.TopLevelMixin:
    """The map of one region with title, source line (data and basemap) and description."""
    return finish_wrapped(map_chart(incidents, land, region),
                  title=f"Cable and pipeline damage: {REGION_TITLES.get(region, region)}",
                  subtitle="Colour: outcome as of the latest source; dots placed from the sources' descriptions",
                  source=source, description=describe_map(incidents, region))


def region_rows(incidents: pd.DataFrame, region: str) -> pd.DataFrame:
    """The incidents the explorer lists for ``region`` ('world': those outside every close-up), by date."""
    if region not in REGION_TITLES:
        raise ValueError(f"unknown region {region!r}; the regions are: {', '.join(REGION_TITLES)}")
    return incidents[incidents["region"] == region].sort_values("when")


def region_summary(rows: pd.DataFrame, region: str) -> str:
    """One sentence for the explorer: how many incidents in the region and how many have a finding of any kind."""
    title = (REGION_TITLES.get(region, region) if region != "world"
             else "The world map shows every located incident; outside the three close-ups")
    if rows.empty:
        return f"No located incidents in {title}."
    open_cases = int((rows["outcome"].isin(OPEN_OUTCOMES)).sum())
    return (f"{title}: {len(rows)} located incident{'s' if len(rows) != 1 else ''} (rows without a position are "
            f"not on the map), {len(rows) - open_cases} with a "
            f"finding (accident, natural hazard or a court decision), {open_cases} open (no court ruling on "
            f"responsibility yet: unresolved, sabotage suspected, or charged and awaiting trial).")


def incident_explorer(incidents: pd.DataFrame, land: pd.DataFrame, *, source: str, initial: str = "baltic") -> Any:
    """A menu of regions driving the map and a table of that region's incidents (a course widget).

    The question it answers: where did the reported incidents happen, whose ships and which states were
    involved, and what did investigators conclude? Keyboard-ready like every course widget (Tab to the menu,
    arrows to change region, Escape back to the cell); the table says in words what the map shows, so
    nothing depends on seeing the dots or hovering. ``.region_picker``, ``.chart_area``, ``.summary`` and
    ``.table`` are attributes of the returned box, for tests.
    """
    import ipywidgets as w

    from coursekit.charts import chart_output
    from coursekit.explorers.table import TABLE_STYLE
    from coursekit.widget_tools import keyboard_ready

    options = [(REGION_TITLES[r.name], r.name) for r in (*CLOSE_UPS, *[r for r in REGIONS if r.name == "world"])]
    start = initial if initial in REGION_TITLES else "baltic"
    picker = w.Dropdown(options=options, value=start, description="Region:",
                        style={"description_width": "initial"}, layout=w.Layout(width="32em"))
    chart_area = w.Output()
    summary = w.HTML()
    table = w.HTML()
    table.add_class("course-explorer-table")

    def render(change: Any = None) -> None:
        region = picker.value
        chart_area.outputs = (chart_output(finished_map(incidents, land, region, source=source)),)
        rows = region_rows(incidents, region)
        summary.value = f"<p>{html.escape(region_summary(rows, region))}</p>"
        shown = rows[list(TABLE_COLUMNS)].rename(columns=TABLE_COLUMNS).astype(object)
        table.value = TABLE_STYLE + shown.where(shown.notna(), "").to_html(
            index=False, escape=True, border=0, classes="course-table")

    picker.observe(render, names="value")
    render()
    box = keyboard_ready(w.VBox([picker, chart_area, summary, table]))
    box.region_picker, box.chart_area, box.summary, box.table = picker, chart_area, summary, table
    return box
