"""Estimates that disagree, kept apart and drawn as ranges with who made them.

Why a module: lesson 04 compares intelligence, government and think-tank figures on North
Korea's help to Russia (shells, containers, missiles, troops, casualties). Those figures come in
four shapes: a range ("11,000 to 12,000 troops"), a single number, an open-ended floor ("more than
6 million") and an open-ended ceiling ("up to 4.8 million"). A fifth case is not a shape of one figure:
an *either/or* conversion ("more than 3 million 152 mm shells or more than 500,000 122 mm rounds" for the
same containers) is two floors under two assumptions about contents, stored as two rows whose ``method``
says "either/or" (EITHER_OR), and drawn as two floors linked by a dashed line, never as a range. The data sets store them as
``estimate_low`` / ``estimate_high`` with a gap where a bound is missing, and the course rule is
never to average estimates that disagree (``data/README.md``). These helpers

* say which of the four shapes each row has (:func:`bound_kind`), so a chart can draw a floor as
  a floor and not as an exact value;
* sort estimators into broad groups (:func:`estimator_group`), because who measured a figure
  (a government at war, a neighbour's spy agency, a think tank) is the first question to ask;
* put the two lesson data sets into one tidy table by topic (:func:`tidy_estimates`), one
  topic per unit, so a chart never puts shells and troops on the same axis;
* keep the two halves of an either/or conversion together on one chart row (:func:`tidy_estimates`);
* draw one line or marker per estimate (:func:`range_chart`), and let a learner pick the topic with
  a keyboard-safe menu (:func:`range_explorer`).

The grouping and the topic names are the course authors' labels, not the sources' words; the
original ``estimated_by`` text is always kept beside them.
"""
from __future__ import annotations

import html
import math
import re
from typing import Any

import altair as alt
import pandas as pd

BOUND_KINDS = ("range", "point", "at least", "up to")
"""Shapes of an estimate: low < high, low == high, only a low bound, only a high bound."""

MARKER_SHAPES = {"point": "circle", "at least": "triangle-right", "up to": "triangle-left"}
"""How :func:`range_chart` draws estimates that are not ranges (a floor points to higher values)."""

SHAPE_LEGEND_LABELS = ("datum.label == 'point' ? 'single figure' : datum.label == 'at least' ? "
                       "'floor (more than)' : datum.label == 'up to' ? 'ceiling (up to)' : datum.label")
"""Vega expression: the shape legend names each kind of figure in the lesson's words."""

ESTIMATOR_GROUPS: tuple[tuple[str, tuple[str, ...]], ...] = (
    # Checked in this order: "Ukraine GUR chief Budanov, as relayed by South Korean lawmaker Yu"
    # is a Ukrainian figure passed on in Seoul, so Ukraine is tested before South Korea.
    ("Sanctions monitors of 11 governments (MSMT)", ("MSMT",)),
    ("Ukrainian government", ("Ukrain", "GUR", "Budanov", "Zelensky", "Skibitskyi")),
    ("South Korean government", ("South Korea",)),
    ("US or UK government", ("US ", "White House", "Pentagon", "State Department", "UK ")),
    ("Unnamed Western officials", ("Western",)),
    ("Think tank or newspaper analysis", ("C4ADS", "RUSI", "CSIS", "Yomiuri", "Open Source Centre")),
    ("Russian or North Korean government", ("Russia", "North Korea", "Shoigu", "KCNA")),
)
OTHER_GROUP = "other"

GROUP_COLOURS = {
    "Ukrainian government": "#0072B2",
    "South Korean government": "#E69F00",
    "US or UK government": "#009E73",
    "Unnamed Western officials": "#999999",
    "Think tank or newspaper analysis": "#000000",
    "Russian or North Korean government": "#CC79A7",
    "Sanctions monitors of 11 governments (MSMT)": "#D55E00",
    OTHER_GROUP: "#F0E442",
}
"""Okabe-Ito colours (coursekit.charts.OKABE_ITO, plus the course's grey), fixed per group so every chart agrees.

The groups get clearly different hues (only one blue, no second orange), so Ukraine and the think tanks,
or South Korea and Russia, cannot be confused. Grey goes to unnamed officials (figures nobody puts a name
to); the pale yellow to the catch-all group, which the lesson data never uses."""

TOPIC_BY_UNIT = {
    "shells": "Artillery shells sent, cumulative (shells)",
    "shells per year": "Artillery shells per year (shells a year)",
    "pct": "Share of Russia's shells or ammunition from North Korea (%)",
    "containers": "Shipping containers sent (containers)",
    "metric tonnes": "Explosives sent (tonnes)",
    "missiles": "Ballistic missiles supplied, fired or expected (missiles)",
    "guns": "Self-propelled guns supplied (guns)",
    "launchers": "Rocket launchers supplied (launchers)",
    "voyages": "Ship round trips observed (voyages)",
    "troops": "North Korean troops in Russia, totals (troops)",
    "troops (planned)": "Troops or workers decided, planned, expected or announced (persons)",
    "troops (expected)": "Troops or workers decided, planned, expected or announced (persons)",
    "personnel (announced)": "Troops or workers decided, planned, expected or announced (persons)",
    "killed": "North Korean soldiers killed (persons)",
    "wounded": "North Korean soldiers wounded (persons)",
    "killed_or_wounded": "North Korean soldiers killed or wounded (persons)",
    "122 mm rounds": "122 mm rounds, either/or with 152 mm shells (rounds)",
    "rounds (shells and missiles)": "Shells and missiles in one figure, cumulative (rounds)",
    "rounds per year (shells and rockets)": "Shells and rockets in one figure, per year (rounds a year)",
}
"""One topic per unit (planned/expected/announced headcounts share one), so an axis never mixes units.

Rows in unit ``troops`` whose text describes one transfer (TRANSFER_WORDS) get TRANSFER_TOPIC
instead, so a single shipment of troops is never read against a running total."""

TRANSFER_TOPIC = "North Korean troops in Russia, single transfers (troops)"
TRANSFER_WORDS = ("moved to", "reinforcements sent", "further troops", "additional", "already arrived")
"""Words in ``event`` that mark a troop figure as one transfer, not a total (our reading of each row)."""

CAPACITY_READING = ("container capacity converted to shells, as if every container were full of one "
                    "calibre: however it is worded, it probably overstates what was sent")
"""Tooltip line for capacity conversions: the wording may be a floor, the method leans high."""

EITHER_OR = "either/or"
"""Words in ``method`` that mark one half of an either/or conversion: two floors for the same containers
(e.g. 152 mm shells or 122 mm rounds), never a low and a high count of one thing. The halves share a date
and an estimator; :func:`tidy_estimates` puts the 122 mm half in its 152 mm partner's topic and row."""

EITHER_OR_READING = ("one half of an either/or: the same containers counted under another assumption about "
                     "contents; read the two as alternatives, not as a range")

NO_METHOD = "not recorded for troop and casualty figures"
"""``method`` of rows from russia_dprk_events, which has no method column; "not stated" means the source gave none."""
TIDY_COLUMNS = ["topic", "date", "what", "estimate_low", "estimate_high", "unit", "estimated_by", "who",
                "method", "status", "bound", "either_or", "marker_at", "label", "order", "note", "reading", "source_id"]
LABEL_WHO_CHARS = 34
"""Estimator names are cut to this length in chart labels so that what tells two rows apart stays visible."""
WHAT_CHARS = 36
"""What a figure counts, added to the label of two same-day figures by one maker, is cut to this length
(at a word, with an ellipsis); the table under the explorer's chart gives the full text."""
REPEAT_WHO_CHARS = 24
"""In those labels the maker is cut to this length, so that the label stays short."""
EXPLORER_PLOT_WIDTH = 250
"""Width of the explorer's plot area in px: with labels of at most EXPLORER_LABEL_LIMIT px the chart stays
within about 600 px, narrower than a notebook's output area at 1280 px (third learner run, issue 9)."""
EXPLORER_LABEL_LIMIT = 340


def _missing(value: Any) -> bool:
    if value is None or value is pd.NA:
        return True
    try:
        return math.isnan(float(value))
    except (TypeError, ValueError):
        return False


def bound_kind(low: Any, high: Any) -> str:
    """'range', 'point', 'at least' (only low) or 'up to' (only high); ValueError if neither.

    >>> bound_kind(11_000, 12_000), bound_kind(12, 12), bound_kind(6_000_000, None)
    ('range', 'point', 'at least')
    """
    no_low, no_high = _missing(low), _missing(high)
    if no_low and no_high:
        raise ValueError("an estimate needs a low or a high bound")
    if no_high:
        return "at least"
    if no_low:
        return "up to"
    return "point" if float(low) == float(high) else "range"


def estimator_group(estimated_by: Any) -> str:
    """The broad group of an estimator, from the wording of ``estimated_by`` (see ESTIMATOR_GROUPS)."""
    text = "" if _missing(estimated_by) else str(estimated_by)
    for group, keywords in ESTIMATOR_GROUPS:
        if any(keyword in text for keyword in keywords):
            return group
    return OTHER_GROUP


ABBREVIATIONS = {"Multilateral Sanctions Monitoring Team (MSMT: 11 governments incl. the US, Japan and South Korea)": "MSMT (11 governments)",
                 "Reuters with the Open Source Centre (OSC)": "Reuters and Open Source Centre",
                 "Yomiuri Shimbun analysis of CSIS data": "Yomiuri (CSIS data)",
                 "National Intelligence Service (NIS)": "NIS", "Ministry of National Defense": "MND", "Defense Intelligence Agency": "DIA",
                 "National Intelligence Service": "NIS", "Department of Defense": "DoD",
                 "National Security Council": "NSC", "Prosecutor General's Office": "Prosecutor General"}
"""Long agency names shortened in chart labels (the full ``estimated_by`` text stays in tooltips and tables)."""

PERSON_FIRST = re.compile(r"^(?:[A-Z][\w-]+ )+?(?P<surname>[A-Z][\w-]+), (?:deputy chief of |chief of |"
                          r"Secretary of )?(?P<org>.+?)(?: chief)?(?: \([^)]*\))?$")
"""'Vadym Skibitskyi, deputy chief of Ukraine GUR (to Reuters)': a person, then the organisation."""


def _short(text: str, limit: int = LABEL_WHO_CHARS) -> str:
    """A chart label for an estimator: organisation first, then at most ``limit`` characters.

    'Vadym Skibitskyi, deputy chief of Ukraine GUR (to Reuters)' becomes 'Ukraine GUR (Skibitskyi)', so
    the organisation, which decides how to read the figure, is never the part that is cut off. Long
    agency names are abbreviated (ABBREVIATIONS); a bracketed remark that does not fit is dropped;
    anything still too long is cut with an ellipsis.
    """
    person = PERSON_FIRST.match(text)
    if person:
        text = f"{person['org']} ({person['surname']})"
    text = re.sub(r", as (?:relayed|reported) by (.+)$", r" (via \1)", text)
    text = re.sub(r"^(.+?) chief ([A-Z][\w-]+)(?=$| \()", r"\1 (\2)", text)  # 'Ukraine GUR chief Budanov'
    for name, short in ABBREVIATIONS.items():
        text = text.replace(name, short)
    if len(text) > limit and text.endswith(")") and " (" in text:
        text = text[: text.rindex(" (")]
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _repeat_who(text: str) -> str:
    """The maker in a label that also says what the figure counts: 'Ukraine GUR (Budanov)' -> 'Budanov'."""
    short = _short(text, REPEAT_WHO_CHARS)
    surname = re.fullmatch(r".+ \(([A-Z][\w-]+)\)", short)
    return surname[1] if surname else short


def _cut_at_word(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters at a word boundary, with an ellipsis if cut."""
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:-")
    return cut + "…"


def _unique_labels(labels: list[str]) -> list[str]:
    """Labels with ' #2', ' #3' added to repeats, so every estimate keeps its own row on a chart."""
    seen: dict[str, int] = {}
    out = []
    for label in labels:
        seen[label] = seen.get(label, 0) + 1
        out.append(label if seen[label] == 1 else f"{label} #{seen[label]}")
    return out


ITEM_WORDS = {"dprk": "North Korea", "russian": "Russian", "mrl": "MRL", "kn23": "KN-23", "koksan": "Koksan",
              "m1991": "M1991", "najin": "Najin", "rajin": "Rajin", "dunai": "Dunai", "vostochny": "Vostochny",
              "122mm": "122 mm", "170mm": "170 mm", "240mm": "240 mm", "h1": "H1", "h2": "H2"}
"""Words of an ``item`` code written as a reader expects them (names capitalised, calibres spaced)."""


def item_text(item: Any) -> str:
    """'share_of_russian_artillery_shells_from_dprk' -> 'Share of Russian artillery shells from North Korea'."""
    words = [ITEM_WORDS.get(word, word) for word in str(item).split("_")]
    text = " ".join(words)
    return text[:1].upper() + text[1:]


def tidy_estimates(munitions: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """One row per estimate from ``dprk_munitions_estimates`` and ``russia_dprk_events``.

    Rows without any estimate (treaty milestones) are left out. Columns: ``topic`` (from the
    unit, see TOPIC_BY_UNIT), ``date``, ``what`` (item or event), both bounds, ``unit``,
    ``estimated_by`` as in the source, ``who`` (:func:`estimator_group`), ``method`` (events
    record none), ``status``, ``bound`` (:func:`bound_kind`), ``marker_at`` (where a
    non-range marker sits), ``label`` ("date · estimator", unique within a topic), ``order`` (by date) and
    ``source_id``.
    """
    arms = pd.DataFrame({
        "date": munitions["as_of"], "what": munitions["item"].map(item_text),
        "estimate_low": munitions["estimate_low"], "estimate_high": munitions["estimate_high"],
        "unit": munitions["unit"], "estimated_by": munitions["estimated_by"], "method": munitions["method"],
        "status": munitions["status"], "note": munitions["note"], "source_id": munitions["source_id"],
    })
    counted = events[events["estimate_low"].notna() | events["estimate_high"].notna()]
    people = pd.DataFrame({
        "date": counted["date"], "what": counted["event"],
        "estimate_low": counted["estimate_low"], "estimate_high": counted["estimate_high"],
        "unit": counted["unit"], "estimated_by": counted["estimated_by"], "method": NO_METHOD,
        "status": counted["status"], "note": counted["note"], "source_id": counted["source_id"],
    })
    tidy = pd.concat([arms, people], ignore_index=True).astype(
        {"date": str, "what": str, "unit": str, "estimated_by": str, "method": str, "status": str, "source_id": str})
    tidy["note"] = tidy["note"].astype(object).where(tidy["note"].notna(), "").astype(str)
    unknown = sorted(set(tidy["unit"]) - set(TOPIC_BY_UNIT))
    if unknown:
        raise ValueError(f"no topic for unit(s) {unknown}: add them to TOPIC_BY_UNIT")
    tidy["topic"] = tidy["unit"].map(TOPIC_BY_UNIT)
    transfer = (tidy["unit"] == "troops") & tidy["what"].str.contains("|".join(TRANSFER_WORDS), case=False)
    tidy.loc[transfer, "topic"] = TRANSFER_TOPIC
    tidy["either_or"] = tidy["method"].str.contains(EITHER_OR, regex=False)
    # The halves of an either/or share a chart: each pair goes into the topic of its 'shells' half.
    for _key, pair in tidy[tidy["either_or"]].groupby(["date", "estimated_by"]).groups.items():
        shells_topic = tidy.loc[pair, "topic"][tidy.loc[pair, "unit"] == "shells"]
        if len(pair) > 1 and len(shells_topic):
            tidy.loc[pair, "topic"] = shells_topic.iloc[0]
    tidy["reading"] = tidy["method"].map(lambda m: CAPACITY_READING if "capacity" in m else "")
    tidy.loc[tidy["either_or"], "reading"] = EITHER_OR_READING
    tidy["who"] = tidy["estimated_by"].map(estimator_group)
    tidy["bound"] = [bound_kind(lo, hi) for lo, hi in zip(tidy["estimate_low"], tidy["estimate_high"])]
    tidy["marker_at"] = tidy["estimate_low"].where(tidy["estimate_low"].notna(), tidy["estimate_high"])
    tidy = tidy.sort_values(["topic", "date", "estimated_by"], kind="stable", ignore_index=True)
    tidy["order"] = range(len(tidy))
    labels = [f"{date} · {_short(who)}" for date, who in zip(tidy["date"], tidy["estimated_by"])]
    tidy["label"] = labels
    for _topic, rows in tidy.groupby("topic", sort=False).groups.items():
        rows = list(rows)
        repeated = pd.Series([labels[i] for i in rows]).duplicated(keep=False).tolist()
        # Same date and estimator twice (e.g. two Budanov figures): add what each one counts.
        # The maker is already in the label, so 'Pentagon: total forces' adds only 'total forces'.
        named = [f"{tidy.at[i, 'date']} · {_repeat_who(tidy.at[i, 'estimated_by'])} · {_cut_at_word(tidy.at[i, 'what'].split(': ', 1)[-1], WHAT_CHARS)}" if rep else labels[i]
                 for i, rep in zip(rows, repeated)]
        tidy.loc[rows, "label"] = _unique_labels(named)
    # The two halves of an either/or sit on one chart row, so the dashed line can join them.
    for _key, pair in tidy[tidy["either_or"]].groupby(["topic", "date", "estimated_by"]).groups.items():
        pair = list(pair)
        if len(pair) > 1:
            first = tidy.at[pair[0], "label"].split(" · ")
            tidy.loc[pair, "label"] = f"{first[0]} · {first[1]} · either/or"
    return tidy[TIDY_COLUMNS]


def range_chart(tidy: pd.DataFrame, *, x_title: str, y_title: str = "Date · who estimated",
                label_limit: int = 480) -> alt.LayerChart:
    """A rule from low to high for each range and a marker for every other estimate, coloured by group.

    ``tidy`` is (a selection of) :func:`tidy_estimates` with a single unit (one topic). Returns an
    unfinished chart: call :func:`coursekit.charts.finish` on it. To let a learner choose the topic,
    use :func:`range_explorer`, not a Vega menu: a Vega-bound select hands ArrowDown to JupyterLab,
    which moves the cell selection away (a keyboard learner's run, issue 9).
    """
    missing = [c for c in TIDY_COLUMNS if c not in tidy.columns]
    if missing:
        raise ValueError(f"range_chart needs the columns of tidy_estimates(); missing {missing}")
    # Units that share a topic (planned, expected, announced headcounts) may share a chart; others may not.
    if tidy.loc[~tidy["either_or"], "unit"].map(lambda u: TOPIC_BY_UNIT.get(u, u)).nunique() > 1:
        raise ValueError("these rows mix units; pick one topic (range_explorer offers a menu of topics)")
    shown = tidy[["topic", "date", "what", "estimate_low", "estimate_high", "unit", "estimated_by", "who",
                  "method", "status", "bound", "either_or", "marker_at", "label", "order", "reading"]]
    base = alt.Chart(shown)
    # The y title sits above the labels, right-aligned: long estimator names would run into it.
    y = alt.Y("label:N", title=y_title, sort=alt.EncodingSortField(field="order", op="min"),
              axis=alt.Axis(labelLimit=label_limit, titleAngle=0, titleAlign="right", titleAnchor="start",
                            titleBaseline="bottom", titleX=0, titleY=-8))
    groups = [g for g in GROUP_COLOURS if g in set(shown["who"])]
    colour = alt.Color("who:N", title="Who estimated",
                       scale=alt.Scale(domain=groups, range=[GROUP_COLOURS[g] for g in groups]),
                       legend=alt.Legend(labelLimit=260, columns=1))
    tooltip = [alt.Tooltip("what:N", title="What"), alt.Tooltip("estimate_low:Q", title="Low", format=","),
               alt.Tooltip("estimate_high:Q", title="High", format=","), alt.Tooltip("unit:N", title="Unit"),
               alt.Tooltip("estimated_by:N", title="Estimated by"), alt.Tooltip("date:N", title="Date"),
               alt.Tooltip("method:N", title="Method"), alt.Tooltip("status:N", title="Status"),
               alt.Tooltip("reading:N", title="How to read it")]
    rules = base.transform_filter(alt.datum.bound == "range").mark_rule(strokeWidth=5, strokeCap="round").encode(
        x=alt.X("estimate_low:Q", title=x_title, axis=alt.Axis(format="~s")),
        x2=alt.X2("estimate_high:Q", title=x_title), y=y, color=colour, tooltip=tooltip)
    markers = base.transform_filter(alt.datum.bound != "range").mark_point(filled=True, size=130, opacity=1).encode(
        x=alt.X("marker_at:Q", title=x_title, axis=alt.Axis(format="~s")), y=y, color=colour,
        shape=alt.Shape("bound:N", title="Kind of figure",
                        scale=alt.Scale(domain=list(MARKER_SHAPES), range=list(MARKER_SHAPES.values())),
                        legend=alt.Legend(labelExpr=SHAPE_LEGEND_LABELS)),
        tooltip=tooltip)
    layers = [rules, markers]
    if shown["either_or"].any():
        # Two floors for the same containers under two assumptions: a dashed link, not a range line.
        pairs = base.transform_filter(alt.datum.either_or).transform_aggregate(
            low="min(marker_at)", high="max(marker_at)", groupby=["label", "who"]).mark_rule(
            strokeDash=[4, 3], strokeWidth=2).encode(
            x=alt.X("low:Q", title=x_title), x2=alt.X2("high:Q", title=x_title), y=y, color=colour,
            tooltip=[alt.Tooltip("label:N", title="Either/or conversion")])
        layers.insert(0, pairs)
    return alt.layer(*layers).properties(height=alt.Step(24))


KIND_NAMES = {"range": "range", "point": "single figure", "at least": "floor", "up to": "ceiling"}
"""Plain names for :data:`BOUND_KINDS` in descriptions read by screen readers."""

EXPLORER_COLUMNS = ["date", "what", "estimate_low", "estimate_high", "bound", "estimated_by", "method", "status"]
"""Columns of the table under the explorer's chart: what each figure counts, its wording (bound), maker and
method (eight columns: the unit is in the topic, notes and source ids stay in the data sets)."""


def describe_topic(rows: pd.DataFrame) -> str:
    """A screen-reader description of one topic's chart: how many figures, of which kinds, by whom, when."""
    kinds = rows["bound"].map(KIND_NAMES).value_counts()
    kind_text = ", ".join(f"{n} {kind}{'s' if n > 1 else ''}" for kind, n in kinds.items())
    groups = ", ".join(rows["who"].value_counts().index)
    dates = sorted(rows["date"])
    span = dates[0] if dates[0] == dates[-1] else f"{dates[0]} to {dates[-1]}"
    pairs = rows.loc[rows["either_or"], "label"].nunique() if "either_or" in rows else 0
    pair_text = (f" {pairs} row{'s' if pairs != 1 else ''} hold{'s' if pairs == 1 else ''} an either/or "
                 "conversion: two floors for the same containers, joined by a dashed line, not a range."
                 if pairs else "")
    return (f"Range chart of {len(rows)} estimate{'s' if len(rows) != 1 else ''} ({kind_text}) of "
            f"{rows['topic'].iloc[0]}, dated {span}, one row each, by {groups}.{pair_text} "
            "The table under the chart gives every figure with its wording and source.")


def topic_chart(tidy: pd.DataFrame, topic: str, *, source: str) -> alt.TopLevelMixin:
    """The finished range chart of one topic of :func:`tidy_estimates` (title, source line, description)."""
    from coursekit.charts import course_made, finish

    rows = tidy[tidy["topic"] == topic]
    if rows.empty:
        raise ValueError(f"no estimates for topic {topic!r}")
    chart = range_chart(rows, x_title=topic, label_limit=EXPLORER_LABEL_LIMIT).properties(width=EXPLORER_PLOT_WIDTH)
    lines = ["A thick line is a range (low to high); ● one figure; ► a floor ('more than'); ◄ a ceiling ('up to')"]
    if rows["either_or"].any():
        lines.append("Dashed: either/or, the same containers counted two ways")
    finished = finish(chart, title="Estimates of North Korea's help to Russia, by topic", subtitle=lines[0],
                      source=source, description=describe_topic(rows))
    # One subtitle line each (finish takes one): a long single line would widen the chart past the output area.
    return course_made(finished.properties(title=alt.TitleParams(
        text="Estimates of North Korea's help to Russia, by topic", subtitle=[*lines, source])))


def _as_text(value: Any) -> str:
    return "" if _missing(value) else f"{float(value):,.0f}"


def range_explorer(tidy: pd.DataFrame, *, source: str, initial: str | None = None,
                   label: str = "Topic:") -> Any:
    """A menu of topics driving the range chart and a table of the topic's figures (a course widget).

    Why ipywidgets and not a Vega menu: the widget is :func:`keyboard_ready`, so Tab reaches the
    menu, the arrow keys change the topic and Escape returns to the cell, as in every course widget.
    The chart is redrawn by setting the Output widget's ``outputs`` (no capture of prints, which
    behaves differently headless); the table says in words what the chart shows, so nothing depends
    on seeing the chart or hovering over it. Returns the VBox; ``.topic_picker``, ``.chart_area``
    and ``.table`` are attributes of it for tests.
    """
    import ipywidgets as w

    from coursekit.charts import chart_output
    from coursekit.explorers.table import TABLE_STYLE
    from coursekit.widget_tools import keyboard_ready

    topics = sorted(tidy["topic"].unique())
    start = initial if initial in topics else topics[0]
    picker = w.Dropdown(options=topics, value=start, description=label,
                        style={"description_width": "initial"}, layout=w.Layout(width="48em"))
    chart_area = w.Output()
    table = w.HTML()
    table.add_class("course-explorer-table")

    def render(change: Any = None) -> None:
        rows = tidy[tidy["topic"] == picker.value]
        chart_area.outputs = (chart_output(topic_chart(tidy, picker.value, source=source)),)
        shown = rows[EXPLORER_COLUMNS].assign(estimate_low=rows["estimate_low"].map(_as_text),
                                              estimate_high=rows["estimate_high"].map(_as_text))
        count = f"<p>{len(rows)} figure{'s' if len(rows) != 1 else ''} on {html.escape(picker.value)}</p>"
        table.value = TABLE_STYLE + count + shown.astype(object).where(shown.notna(), "").to_html(
            index=False, escape=True, border=0, classes="course-table")

    picker.observe(render, names="value")
    render()
    box = keyboard_ready(w.VBox([picker, chart_area, table]))
    box.topic_picker, box.chart_area, box.table = picker, chart_area, table
    return box
