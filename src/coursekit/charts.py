"""One look for every chart in the course, and the rules every chart must meet.

Why these choices (details and measurements in docs/design-notes.md):

* Renderer ``mimetype`` with Altair 5: the notebook stores only the Vega-Lite JSON (a few KB);
  JupyterLab's built-in Vega 5 extension draws it with no network, and selections stay
  interactive. The ``html`` renderer loads Vega from a CDN (blank offline) and the ``jupyter``
  renderer ships ~0.9 MB of JavaScript with every chart.
* SVG output (``embed_options``): crisp text at any zoom. The chart's ``description`` becomes
  the ``aria-label`` of the chart's container (role ``graphics-document``), read by screen readers.
* Okabe-Ito palette: distinguishable with the common colour-vision deficiencies; viridis for
  ordered and continuous scales.

Every chart goes through :func:`finish`, which adds title, source line and accessible
description, and refuses a chart whose axes have no titles (units belong in axis titles).

Colour is never the only carrier of meaning: :func:`finish` gives a category shown by colour alone a
second carrier (a shape for dots, a dash pattern for lines, bar outlines and rules), unless a shape,
dash, text, axis, facet or the axis labels' own text already carry it (:func:`colour_only_fields`).
And every chart's data can be read as a table: once :func:`use_course_style` has run, a displayed chart
is followed by a collapsed "Data table: <title>" (:func:`data_table_html`), the fields the chart
encodes under their axis and legend titles (with units), capped at :data:`TABLE_ROWS` rows.
"""
from __future__ import annotations

import html
import os
import re
import weakref
from typing import Any

import altair as alt
import pandas as pd

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
THEME_NAME = "course"
FONT = "Source Sans Pro, Helvetica Neue, Arial, sans-serif"
EMBED_OPTIONS = {"renderer": "svg", "actions": False}
_POSITION_CHANNELS = ("x", "y", "x2", "y2", "theta", "latitude", "longitude")
VEGALITE_MIME = "application/vnd.vegalite.v5+json"


# --------------------------------------------------------------------------- Altair without repeated work
# Three places where Altair 5.5 repeats work whose result it already has. Each keeps Altair's output byte for byte
# (tests/test_chart_speedups.py compares it with Altair's unpatched functions) and does nothing when a later Altair
# lacks the function it replaces.


def _build_class_lookup_once() -> None:
    """Make Altair build its table of schema classes once, not for every channel given as text.

    Why: Altair 5.5 turns a channel written as text (``detail="event:N"``, a tooltip list of column
    names) into its class through ``_FromDict``, which hashes all ~600 schema classes as JSON each
    time: about 3 ms a channel, 12 to 13 times in lessons 07 and 08 (bench: a lesson should run
    within 1.5x a bare kernel). The table depends only on the set of classes, so it is kept per set;
    the lookup itself is Altair's own.
    """
    from altair.utils import schemapi

    lookup = getattr(schemapi, "_FromDict", None)
    if lookup is None or getattr(lookup, "_course_tables", None) is not None:
        return
    build = lookup.__init__
    lookup._course_tables = tables = {}

    def __init__(self: Any, wrapper_classes: Any, /) -> None:
        classes = tuple(wrapper_classes)
        key = frozenset(classes)
        if key not in tables:
            build(self, classes)
            tables[key] = self.class_dict
        self.class_dict = tables[key]

    lookup.__init__ = __init__


def _has_no_params(subcharts: list[Any]) -> bool:
    from altair.utils import schemapi

    return all(isinstance(chart, schemapi.SchemaBase) and schemapi.is_undefined(chart._get("params"))
               for chart in subcharts)


def _copy_layers_only_when_needed() -> None:
    """Let a layered or concatenated chart keep its parts instead of deep-copying them twice when none has params.

    Why: every time Altair makes a LayerChart (``a + b``, and again for each copy, and for every ``to_dict``),
    ``_remove_duplicate_params`` and ``_combine_subchart_params`` deep-copy every layer so that they can move
    selection parameters up to the parent. A chart without parameters (all of the course's but the explorers'
    selections) has nothing to move, and the copies are thrown away unchanged: they were about a fifth of
    Altair's time in lessons 03-09 (py-spy). Here the copies are made only when a part, or the parent, has
    params; otherwise Altair's own result is returned, with the same parts. Altair's other steps already copy
    a part before they change it, and the course never changes a chart in place.
    """
    from altair.utils import schemapi
    from altair.vegalite.v5 import api

    remove, combine = getattr(api, "_remove_duplicate_params", None), getattr(api, "_combine_subchart_params", None)
    if remove is None or combine is None or getattr(remove, "_course_original", None) is not None:
        return

    def _remove_duplicate_params(layer: list[Any]) -> list[Any]:
        return list(layer) if _has_no_params(layer) else remove(layer)

    def _combine_subchart_params(params: Any, subcharts: list[Any]) -> tuple[Any, list[Any]]:
        if (schemapi.is_undefined(params) or params == []) and _has_no_params(subcharts):
            return schemapi.Undefined, list(subcharts)
        return combine(params, subcharts)

    _remove_duplicate_params._course_original = remove
    _combine_subchart_params._course_original = combine
    api._remove_duplicate_params = _remove_duplicate_params
    api._combine_subchart_params = _combine_subchart_params


def _return_plain_values_at_once() -> None:
    """Let Altair's spec builder hand back a plain string, number, bool or None as it is, without its type tests.

    Why: ``to_dict`` passes every value of a spec (titles, field names, sizes, a basemap's coordinates) through
    ``schemapi._todict``, which asks of each whether it is a NumPy array, a schema object, a list, a dict, a
    ``SchemaLike`` (a runtime Protocol: about 10 microseconds a check), a Timestamp, iterable or a date, and then
    returns it unchanged. Only the exact built-in types are let through (a NumPy float, a subclass of float, still
    takes Altair's path), so the result is Altair's own; ``_todict`` calls itself by its module name, so values
    inside lists and dicts take the short path too.
    """
    from altair.utils import schemapi

    todict = getattr(schemapi, "_todict", None)
    if todict is None or getattr(todict, "_course_original", None) is not None:
        return
    plain = frozenset((str, int, float, bool, type(None)))

    def _todict(obj: Any, context: Any, np_opt: Any, pd_opt: Any) -> Any:
        if type(obj) in plain:
            return obj
        return todict(obj, context, np_opt, pd_opt)

    _todict._course_original = todict
    schemapi._todict = _todict


_build_class_lookup_once()
_copy_layers_only_when_needed()
_return_plain_values_at_once()


def _course_theme() -> dict[str, Any]:
    return {
        "config": {
            "font": FONT,
            "view": {"continuousWidth": 560, "continuousHeight": 300, "stroke": None},
            "title": {"fontSize": 16, "anchor": "start", "subtitleFontSize": 12,
                      "subtitleColor": "#444444", "offset": 10},
            "axis": {"labelFontSize": 12, "titleFontSize": 13, "titleColor": "#222222",
                     "labelColor": "#222222", "gridColor": "#e6e6e6"},
            "legend": {"labelFontSize": 12, "titleFontSize": 12, "orient": "bottom"},
            "range": {"category": OKABE_ITO, "ordinal": {"scheme": "viridis"},
                      "ramp": {"scheme": "viridis"}, "heatmap": {"scheme": "viridis"}},
            "mark": {"color": OKABE_ITO[0]},
            "bar": {"color": OKABE_ITO[0]},
            "line": {"color": OKABE_ITO[0], "strokeWidth": 2.5},
            "point": {"filled": True, "size": 60},
        }
    }


def use_course_style() -> None:
    """Enable the course theme and the offline renderer, and show dollar signs in tables as dollar signs.

    Every lesson's setup cell calls this. JupyterLab typesets text between two ``$`` in a pandas HTML
    table as mathematics, so a row saying "$400m ... $150m" became run-together italics (a learner saw it
    in lesson 07); ``display.html.use_mathjax = False`` keeps such cells plain. Safe to call any number of times.
    """
    import pandas as pd

    alt.theme.register(THEME_NAME, enable=True)(_course_theme)
    alt.renderers.enable("mimetype", embed_options=EMBED_OPTIONS)
    pd.set_option("display.html.use_mathjax", False)
    show_data_tables()
    keyboard_scrollable_tables()


# A pandas table wider than this many characters (an estimate) may scroll sideways in a 1280 px window.
WIDE_TABLE_CHARS = 90
TABLE_WRAPPER_END = "</div><!--/course-table-->"


def keyboard_scrollable_tables(enable: bool = True) -> None:
    """Show a wide pandas table in a box that the keyboard can reach and scroll (Tab, then arrow keys).

    Why: JupyterLab scrolls a wide table inside the output area, a box that neither Tab nor the arrow
    keys reach (axe-core: scrollable-region-focusable, serious). A wide table sits in its own named,
    focusable box; ``data-lm-suppress-shortcuts`` keeps the arrow keys for scrolling, not for moving
    between cells. Narrow tables get the box without a Tab stop. The wrapper is stripped before nbval
    compares stored outputs (nbval-sanitize.cfg), so stored tables need no refresh.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.formatters["text/html"]
    if enable:
        formatter.for_type(pd.DataFrame, scrollable_table_html)
    else:
        formatter.type_printers.pop(pd.DataFrame, None)


def table_width_chars(frame: pd.DataFrame) -> int:
    """A rough width of a table as pandas shows it: the widest text of each column (index too), plus gaps."""
    limit = pd.get_option("display.max_colwidth") or 10_000
    shown = frame.head(pd.get_option("display.max_rows") or 60)
    width = max((len(str(v)) for v in shown.index), default=0) + 3
    for column in shown.columns:
        cells = [len(str(v)) for v in shown[column]]
        width += min(max([len(str(column)), *cells]), limit) + 3
    return width


def scrollable_table_html(frame: pd.DataFrame) -> str | None:
    inner = frame._repr_html_()
    if inner is None:
        return None
    rows, columns = frame.shape
    if table_width_chars(frame) <= WIDE_TABLE_CHARS:
        return f'<div class="course-table">{inner}{TABLE_WRAPPER_END}'
    names = ", ".join(str(c) for c in frame.columns[:4]) + (", ..." if columns > 4 else "")
    label = (f"Table of {names}: {rows} rows by {columns} columns, wider than the page; "
             "scroll it with the arrow keys")
    # role=group, not region: a named group is not a landmark, so many tables do not crowd landmark navigation.
    return (f'<div class="course-table course-table-wide" role="group" tabindex="0" data-lm-suppress-shortcuts="true" '
            f'aria-label="{html.escape(label)}" style="overflow-x: auto; max-width: 100%;">{inner}{TABLE_WRAPPER_END}')


def show_data_tables(enable: bool = True) -> None:
    """After each chart a notebook displays, show its data as a collapsed table (see :func:`data_table_html`).

    Why an IPython display hook rather than a wrapper object: every chart a lesson shows (finished,
    draft or a bare step) gets its table, and :func:`finish` still returns a plain Altair chart that
    checkers and learners can keep building on. Outside IPython this does nothing.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython ships with every kernel
        return
    shell = get_ipython()
    if shell is None:
        return
    formatter = shell.display_formatter.ipython_display_formatter
    if enable:
        formatter.for_type(alt.TopLevelMixin, _display_with_table)
    else:
        formatter.type_printers.pop(alt.TopLevelMixin, None)


# Set (to anything but "" or "0") by the test suite: every chart is validated against the Vega-Lite schema when shown.
VALIDATE_ENV = "COURSEKIT_VALIDATE_CHARTS"
# The charts finish() and draft() returned, by id (a weak reference each: a chart is not kept alive by being here).
_COURSE_CHARTS: dict[int, weakref.ref] = {}


def course_made(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    """``chart``, noted as made by the course's own code (:func:`finish`, :func:`draft`, an explorer's chart
    function), whose specs the test suite validates; see :func:`_display_spec`. Returns the same object."""
    key = id(chart)
    _COURSE_CHARTS[key] = weakref.ref(chart, lambda _gone, key=key: _COURSE_CHARTS.pop(key, None))
    return chart


def _display_spec(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The Vega-Lite spec a notebook shows for ``chart``, validated against the schema unless the course made it.

    Why: Altair checks every spec it shows against the whole Vega-Lite schema, the largest single cost of
    showing a chart (a third of Altair's time in lessons 03-09, 2 to 55 ms a chart). A chart returned by
    :func:`finish` or :func:`draft` and shown as it is was built by the course's own code, which the test
    suite runs with every chart validated (it sets ``COURSEKIT_VALIDATE_CHARTS``): in a learner's kernel the
    same code makes the same spec, so the check is not repeated there. Any other chart, a learner's own or
    a course chart changed afterwards (``.interactive()``, ``.properties(...)``: a new object), is validated,
    and its error reaches the learner as Altair words it.
    """
    checked = _COURSE_CHARTS.get(id(chart))
    trusted = checked is not None and checked() is chart and os.environ.get(VALIDATE_ENV, "") in ("", "0")
    with _parts_unchecked():
        return chart.to_dict(validate=not trusted, context={"pre_transform": False})


def _parts_unchecked() -> Any:
    """A context in which the schema objects Altair makes on its way to a spec (the named data set of each
    chart) are not each checked against the schema as they are made.

    Why: the check of a part is Altair's "debug mode", meant to catch a mistake where it is written. Parts
    made inside ``to_dict`` are not written by anyone, and the whole spec is checked at the end whenever
    it is checked at all (see :func:`_display_spec`); about a millisecond a chart.
    """
    from altair.utils import schemapi

    return schemapi.debug_mode(False)


def chart_output(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart as one notebook output, for an explorer that sets an Output widget's ``outputs`` directly (those
    charts bypass the display hook). Drawn by JupyterLab's own Vega extension (no network), with the course's
    embed options and theme whatever renderer is enabled; validated as :func:`_display_spec` says."""
    use_course_style()  # the course theme goes into the spec
    spec = _display_spec(chart)
    return {"output_type": "display_data",
            "data": {VEGALITE_MIME: spec, "text/plain": f"<chart: {chart_title(spec) or 'untitled'}>"},
            "metadata": {VEGALITE_MIME: {"embed_options": EMBED_OPTIONS}}}


def _display_with_table(chart: alt.TopLevelMixin) -> None:
    from IPython.display import HTML, display

    try:
        spec = _display_spec(chart)
    except Exception:  # as Altair's own display does: the error is shown under the cell, nothing is drawn
        from altair.utils import display_traceback

        display_traceback(in_ipython=True)
        return
    renderer = alt.renderers.get()
    bundle = renderer(spec) if renderer else {}
    data, metadata = bundle if isinstance(bundle, tuple) else (bundle, {})
    display(data, metadata=metadata, raw=True)
    # The spec just made for the chart serves its table too: data_table_html would otherwise turn the chart
    # into a spec once more (a few ms a chart; bench: a lesson should run within 1.5x a bare kernel).
    table = data_table_html(chart, spec=spec)
    if table:
        display(HTML(table))


def finish(chart: alt.TopLevelMixin, *, title: str, source: str, description: str,
           subtitle: str | None = None, table_columns: dict[str, str] | None = None) -> alt.TopLevelMixin:
    """Add title, source line and accessible description; check every axis has a title.

    ``source`` is printed under the title (e.g. from :func:`coursekit.data.citation`);
    ``description`` is read aloud by screen readers, so say what the chart shows and its main
    pattern in a sentence or two. Raises ValueError (for course authors) when a positional
    channel has no title: axis titles must name the quantity and its unit.
    ``table_columns`` ({column: header with unit}) chooses the chart's data table when the encoded
    fields would mislead (a year nudged sideways to keep dots apart is still the year); frames of other layers
    (text labels, rules) are then left out of the table.
    """
    for text, what in ((title, "title"), (source, "source"), (description, "description")):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"every course chart needs a non-empty {what}")
    lines = [subtitle, source] if subtitle else [source]
    finished = chart.properties(title=alt.TitleParams(text=title, subtitle=lines), description=description)
    if table_columns:
        finished = finished.properties(usermeta={TABLE_COLUMNS_KEY: dict(table_columns)})
    spec = _spec_without_data(finished)
    untitled = untitled_channels(spec)
    if untitled:
        raise ValueError(f"give these channels a title with units: {', '.join(untitled)}")
    return course_made(hide_empty_layers(not_by_colour_alone(finished, spec)))


_NO_DATA = "course_no_data"
alt.data_transformers.register(_NO_DATA, lambda _data: {"values": []})


def _spec_without_data(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec with empty data and no schema validation, for the title check.

    Why: the check needs only the encodings. Serialising the data and validating the whole spec
    would be done twice per chart (here and when the notebook displays it), about 30 ms a chart;
    the test suite validates every chart the lessons show (see :func:`_display_spec`), and the real-browser
    test counts every chart drawn.
    """
    with alt.data_transformers.enable(_NO_DATA), _parts_unchecked():
        # A copy only when there are inline values to empty: copying a layered chart rebuilds its layers
        # (Altair deep-copies each), about half the time of this function (lessons 07 and 08).
        return (_without_inline_values(chart) if _has_inline_values(chart) else chart).to_dict(validate=False)


def _has_inline_values(chart: Any) -> bool:
    """True when ``chart`` or any part of it has inline ``alt.Data(values=...)`` (see :func:`_without_inline_values`)."""
    data = getattr(chart, "data", alt.Undefined)
    if isinstance(data, (alt.Data, alt.InlineData)) and not isinstance(getattr(data, "values", alt.Undefined),
                                                                        type(alt.Undefined)):
        return True
    for part in ("layer", "hconcat", "vconcat", "concat"):
        children = getattr(chart, part, alt.Undefined)
        if isinstance(children, list) and any(_has_inline_values(child) for child in children):
            return True
    spec = getattr(chart, "spec", alt.Undefined)
    return spec is not alt.Undefined and hasattr(spec, "copy") and _has_inline_values(spec)


def _without_inline_values(chart: Any) -> Any:
    """A shallow copy of ``chart`` whose inline ``alt.Data(values=...)`` (a map's land shapes) is emptied.

    Why: the data transformer above empties DataFrames only; a basemap given as inline GeoJSON was
    serialised vertex by vertex just to read the axis titles (67 ms of lesson 08's map cell)."""
    copy = chart.copy(deep=False)
    data = getattr(copy, "data", alt.Undefined)
    if isinstance(data, (alt.Data, alt.InlineData)) and not isinstance(getattr(data, "values", alt.Undefined),
                                                                        type(alt.Undefined)):
        copy.data = alt.Data(values=[])
    for part in ("layer", "hconcat", "vconcat", "concat"):
        children = getattr(copy, part, alt.Undefined)
        if isinstance(children, list):
            setattr(copy, part, [_without_inline_values(child) for child in children])
    spec = getattr(copy, "spec", alt.Undefined)
    if spec is not alt.Undefined and hasattr(spec, "copy"):
        copy.spec = _without_inline_values(spec)
    return copy


def draft(chart: alt.TopLevelMixin, *, step: str, description: str) -> alt.TopLevelMixin:
    """Show an intermediate step of a chart built step by step.

    Why: a draft is still a chart on the learner's screen, so a screen reader needs its
    ``description`` too; the title says it is a step (``step``, e.g. "Step 1: one bar per year"),
    so nobody mistakes it for the finished, sourced chart that :func:`finish` makes.
    """
    for text, what in ((step, "step"), (description, "description")):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"a draft chart needs a non-empty {what}")
    drafted = chart.properties(title=alt.TitleParams(text=step, color="#555555", fontWeight="normal"),
                               description=description)
    return course_made(hide_empty_layers(not_by_colour_alone(drafted)))


def untitled_channels(spec: dict[str, Any], placeholders_count: bool = True) -> list[str]:
    """Positional encodings (x, y, ...) in a Vega-Lite spec that have neither a title nor an axis title.

    ``placeholders_count``: a placeholder title ('...', 'Title') counts as missing; a checker that names
    placeholders itself (lesson 00's) passes False."""
    missing: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            encoding = node.get("encoding")
            if isinstance(encoding, dict):
                for channel in _POSITION_CHANNELS:
                    enc = encoding.get(channel)
                    if isinstance(enc, dict) and (enc.get("field") or enc.get("aggregate")) \
                            and not _has_title(enc, placeholders_count):
                        missing.append(channel)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    return sorted(set(missing))


def _has_title(encoding: dict[str, Any], placeholders_count: bool = True) -> bool:
    axis = encoding.get("axis")
    if axis is None and "axis" in encoding:  # axis=None: a deliberately hidden axis
        return True
    axis_title = axis.get("title") if isinstance(axis, dict) else None
    title = title_text(axis_title or encoding.get("title"))
    return not is_placeholder_title(title) if placeholders_count else bool(title)


# Titles that only say "a title goes here" ("...", "Title", "Chart title here", "Your axis label", "TODO"). Kept
# narrow on purpose: a short real title ("Figure", "Score") must pass. Lesson 00's checker is stricter.
FILLER_WORDS = {"title", "titles", "chart", "axis", "label", "here", "your", "my", "the", "a", "of", "this", "write",
                "put", "add", "insert", "enter", "goes", "go", "placeholder", "todo", "tbd", "fixme", "x", "y"}


def title_text(title: Any) -> str:
    """A Vega-Lite title (text, list of lines, or a dict with 'text') as plain text."""
    if isinstance(title, dict):
        title = title.get("text", "")
    if isinstance(title, (list, tuple)):
        title = " ".join(map(str, title))
    return "" if title is None else str(title).strip()


def is_placeholder_title(title: str) -> bool:
    """True for a title that says nothing to a reader: empty, '...' or only filler words ('Title', 'TODO').

    Learners copied a hint's title="..." literally and several checkers accepted it; they all read titles
    through this one test."""
    words = re.findall(r"[^\W\d_]+", title)
    return not words or all(word.lower() in FILLER_WORDS for word in words)


def chart_title(spec: dict[str, Any]) -> str:
    """The chart's own title (of the chart or any layer) as text, or "" when missing or a placeholder."""
    titles = [title_text(spec.get("title"))] + [title_text(layer.get("title")) for layer in spec.get("layer", [])]
    return next((t for t in titles if t and not is_placeholder_title(t)), "")



# --------------------------------------------------------------------------- colour is never the only carrier
COLOUR_CHANNELS = ("color", "fill", "stroke")
# Channels that carry a category without colour: a shape or dash, text, a position on a labelled axis, a facet.
OTHER_CARRIERS = ("shape", "strokeDash", "text", "x", "y", "row", "column", "facet", "latitude", "longitude")
OUTLINE = {"stroke": "#222222", "strokeWidth": 1.5}
# Dash patterns far enough apart to tell on a bar's outline: solid, long dashes, dots, dash-dot, ...
DASHES = [[1, 0], [8, 4], [2, 2], [8, 3, 2, 3], [14, 4], [4, 4, 1, 4], [2, 6], [10, 2, 2, 2, 2, 2]]


def _views(chart: Any, spec: dict[str, Any], data: Any = None,
           encoding: dict[str, Any] | None = None) -> list[tuple[Any, dict[str, Any], Any, dict[str, Any]]]:
    """(chart object, its spec, its data, its encoding with the parent layer's merged in) for every single view."""
    own = getattr(chart, "data", alt.Undefined)
    if own is not alt.Undefined and own is not None:
        data = own
    merged = {**(encoding or {}), **(spec.get("encoding") or {})}
    found: list[tuple[Any, dict[str, Any], Any, dict[str, Any]]] = []
    if isinstance(spec.get("layer"), list):
        for child, child_spec in zip(chart.layer, spec["layer"]):
            found += _views(child, child_spec, data, merged)
    elif any(isinstance(spec.get(part), list) for part in ("hconcat", "vconcat", "concat")):
        for part in ("hconcat", "vconcat", "concat"):
            for child, child_spec in zip(getattr(chart, part, None) or [], spec.get(part) or []):
                found += _views(child, child_spec, data, {})
    elif isinstance(spec.get("spec"), dict) and getattr(chart, "spec", alt.Undefined) is not alt.Undefined:
        facet = spec.get("facet") or {}
        facets = {"facet": facet} if "field" in facet else dict(facet)
        found += _views(chart.spec, spec["spec"], data, {**merged, **facets})
    else:
        found.append((chart, spec, data, merged))
    return found


def _field(encoding: Any) -> str | None:
    if isinstance(encoding, dict) and isinstance(encoding.get("field"), str) and not encoding.get("aggregate"):
        return encoding["field"]
    return None


def _mark_type(spec: dict[str, Any]) -> str:
    mark = spec.get("mark")
    return (mark.get("type") if isinstance(mark, dict) else mark) or ""


def _labels_carry(frame: Any, colour: str, label: str) -> bool:
    """True when every row's axis label names its colour's category ('lithium · mining' names 'mining')."""
    if not isinstance(frame, pd.DataFrame) or colour not in frame or label not in frame or frame.empty:
        return False
    pairs = frame[[colour, label]].dropna()
    return not pairs.empty and all(str(c) in str(a) for c, a in pairs.itertuples(index=False))


def colour_only_fields(chart: alt.TopLevelMixin, spec: dict[str, Any] | None = None) -> list[str]:
    """Categories a chart shows by colour alone, as 'channel:field' ('color:flow').

    A category shown by colour is also carried when the same field is on a shape, a dash pattern, text,
    an axis or a facet anywhere in the chart (a layer's dots can carry its rules' colours), or when an
    axis's labels name it (a row labelled 'lithium · mining' for a colour by stage). Quantities on a
    colour scale (type quantitative) are not categories and are left alone."""
    spec = _spec_without_data(chart) if spec is None else spec
    views = _views(chart, spec)
    carried = {_field(enc.get(channel)) for _c, _s, _d, enc in views for channel in OTHER_CARRIERS} - {None}
    found = []
    for _chart, _spec, data, enc in views:
        for channel in COLOUR_CHANNELS:
            colour = enc.get(channel)
            field = _field(colour)
            if not field or colour.get("type") == "quantitative" or field in carried:
                continue
            labels = [_field(enc.get(axis)) for axis in ("x", "y") if (enc.get(axis) or {}).get("type") in
                      ("nominal", "ordinal")]
            if any(label and _labels_carry(data, field, label) for label in labels):
                continue
            found.append(f"{channel}:{field}")
    return sorted(set(found))


def not_by_colour_alone(chart: alt.TopLevelMixin, spec: dict[str, Any] | None = None) -> alt.TopLevelMixin:
    """``chart`` with a second carrier for every category it shows by colour alone; ValueError if none fits.

    Dots get a shape (a circle mark becomes a filled point), lines a dash pattern, bars, areas and rules a
    dashed outline, each on the colour's field and under its title, so the legend shows both in one key."""
    spec = _spec_without_data(chart) if spec is None else spec
    missing = colour_only_fields(chart, spec)
    if not missing:
        return chart
    fields = {item.split(":", 1)[1] for item in missing}
    fixed = _add_carriers(chart, spec, fields, {})
    left = colour_only_fields(fixed)
    if left:
        raise ValueError(f"colour is the only carrier of {', '.join(left)}: show the category another way too "
                         "(a shape, dashes, text labels, a facet, or axis labels that name it)")
    return fixed


def _add_carriers(chart: Any, spec: dict[str, Any], fields: set[str], inherited: dict[str, Any]) -> Any:
    merged = {**inherited, **(spec.get("encoding") or {})}
    if isinstance(spec.get("layer"), list):
        copy = chart.copy(deep=False)
        copy.layer = [_add_carriers(child, child_spec, fields, merged)
                      for child, child_spec in zip(chart.layer, spec["layer"])]
        return copy
    if any(isinstance(spec.get(part), list) for part in ("hconcat", "vconcat", "concat")):
        copy = chart.copy(deep=False)
        for part in ("hconcat", "vconcat", "concat"):
            if isinstance(spec.get(part), list):
                setattr(copy, part, [_add_carriers(child, child_spec, fields, {})
                                     for child, child_spec in zip(getattr(chart, part), spec[part])])
        return copy
    if isinstance(spec.get("spec"), dict) and getattr(chart, "spec", alt.Undefined) is not alt.Undefined:
        copy = chart.copy(deep=False)
        copy.spec = _add_carriers(chart.spec, spec["spec"], fields, merged)
        return copy
    colour = next((merged[c] for c in COLOUR_CHANNELS if _field(merged.get(c)) in fields), None)
    if colour is None:
        return chart
    field, mark = colour["field"], _mark_type(spec)
    key = {k: colour[k] for k in ("field", "type", "title", "sort") if k in colour}
    legend = colour.get("legend")
    if isinstance(legend, dict):
        key["legend"] = legend
    scale = colour.get("scale") or {}
    if isinstance(scale, dict) and "domain" in scale:
        key["scale"] = {"domain": scale["domain"]}
    if mark in ("point", "circle", "square") and "shape" not in merged:
        result = chart.encode(shape=alt.Shape(**key))
        if mark != "point":  # only the point mark draws shapes
            props = spec.get("mark") if isinstance(spec.get("mark"), dict) else {}
            result = result.mark_point(**{"filled": True, **{k: v for k, v in props.items() if k != "type"}})
        return result
    if mark in ("line", "trail", "bar", "area", "rect", "rule", "arc", "tick") and "strokeDash" not in merged:
        dashes = {**key, "scale": {**key.get("scale", {}), "range": DASHES}}
        result = chart.encode(strokeDash=alt.StrokeDash(**dashes))
        if mark in ("bar", "area", "rect", "arc"):  # the dashes are drawn on an outline
            props = spec.get("mark") if isinstance(spec.get("mark"), dict) else {}
            result = result.mark_bar(**{**OUTLINE, **{k: v for k, v in props.items() if k != "type"}}) \
                if mark == "bar" else getattr(result, f"mark_{mark}")(
                    **{**OUTLINE, **{k: v for k, v in props.items() if k != "type"}})
        return result
    return chart


def hide_empty_layers(chart: Any, data: Any = None) -> Any:
    """``chart`` with every layer whose data frame has no rows hidden from screen readers (mark ``aria=False``).

    Why: Vega still draws an empty layer's mark container, an unnamed 'graphics-symbol' with nothing in it
    (axe-core: svg-img-alt, serious), e.g. lesson 09's calibration dots before any statement is revealed."""
    own = getattr(chart, "data", alt.Undefined)
    if own is not alt.Undefined and own is not None:
        data = own
    for part in ("layer", "hconcat", "vconcat", "concat"):
        children = getattr(chart, part, alt.Undefined)
        if isinstance(children, list):
            copy = chart.copy(deep=False)
            setattr(copy, part, [hide_empty_layers(child, data) for child in children])
            return copy
    inner = getattr(chart, "spec", alt.Undefined)
    if inner is not alt.Undefined and hasattr(inner, "copy"):
        copy = chart.copy(deep=False)
        copy.spec = hide_empty_layers(inner, data)
        return copy
    mark = getattr(chart, "mark", alt.Undefined)
    if not (isinstance(data, pd.DataFrame) and data.empty) or mark is alt.Undefined:
        return chart
    props = mark.to_dict() if hasattr(mark, "to_dict") else {"type": mark}
    copy = chart.copy(deep=False)
    copy.mark = alt.MarkDef(**{**props, "aria": False})
    return copy


# --------------------------------------------------------------------------- a chart's data as a table
TABLE_ROWS = 30
TABLE_COLUMNS_KEY = "course_table_columns"  # in the spec's usermeta (Vega-Lite ignores it): finish(table_columns=)
# Categories (facets, then the axes, then legends) before quantities, each group in this order.
TABLE_CHANNELS = ("row", "column", "facet", "x", "y", "x2", "y2", "latitude", "longitude", "theta", "color",
                  "fill", "stroke", "shape", "strokeDash", "size", "opacity", "text")
_AGGREGATES = {"count": "size", "sum": "sum", "mean": "mean", "average": "mean", "median": "median",
               "min": "min", "max": "max"}


def _header(encoding: dict[str, Any], fallback: str) -> str:
    axis = encoding.get("axis") if isinstance(encoding.get("axis"), dict) else {}
    legend = encoding.get("legend") if isinstance(encoding.get("legend"), dict) else {}
    for title in (axis.get("title"), legend.get("title"), encoding.get("title")):
        text = title_text(title)
        if text:
            return text
    return fallback


def _columns(encoding: dict[str, Any], frame: pd.DataFrame) -> tuple[dict[str, str], list[tuple[str, str, str]]]:
    """({field: header} of plain fields in the frame, [(aggregate, field, header)] of aggregated channels).

    The tooltip's fields come last: what a mouse user reads on hover, a keyboard user reads in the table."""
    plain: dict[str, str] = {}
    measures: list[tuple[str, str, str]] = []
    channels = sorted(TABLE_CHANNELS, key=lambda c: (encoding.get(c) or {}).get("type") == "quantitative"
                      if isinstance(encoding.get(c), dict) else False)  # stable: categories first
    tips = encoding.get("tooltip")
    tips = tips if isinstance(tips, list) else [tips] if isinstance(tips, dict) else []
    for enc in [encoding.get(channel) for channel in channels] + tips:
        if not isinstance(enc, dict):
            continue
        field, aggregate = enc.get("field"), enc.get("aggregate")
        if aggregate:
            known = {(a, f) for a, f, _h in measures}
            if (aggregate == "count" or (isinstance(field, str) and field in frame)) \
                    and (aggregate, field or "") not in known:
                measures.append((aggregate, field or "", _header(enc, f"{aggregate}({field or ''})")))
        elif isinstance(field, str) and field in frame and field not in plain:
            plain[field] = _header(enc, field)
    return plain, measures


def chart_tables(chart: alt.TopLevelMixin, spec: dict[str, Any] | None = None) -> list[pd.DataFrame]:
    """The data behind a chart as tables with readable headers: one per data frame the chart draws from.

    The fields the chart encodes, then its tooltip's, under their titles; a view that only aggregates (a
    count or sum per category) is shown aggregated as drawn; transforms are not applied, so a layer's
    filter shows as the rows it starts from. Data loaded from a URL or given inline have no table."""
    spec = _spec_without_data(chart) if spec is None else spec
    by_frame: dict[int, tuple[pd.DataFrame, list[dict[str, Any]]]] = {}
    for _chart, _spec, data, enc in _views(chart, spec):
        if isinstance(data, pd.DataFrame):
            by_frame.setdefault(id(data), (data, []))[1].append(enc)
    chosen = (spec.get("usermeta") or {}).get(TABLE_COLUMNS_KEY) or {}
    tables = []
    for frame, encodings in by_frame.values():
        if chosen:  # the author chose the table: a layer's other frame (labels, a rule) is not repeated under it
            if all(column in frame for column in chosen):
                tables.append(frame[list(chosen)].drop_duplicates().rename(columns=chosen).reset_index(drop=True))
            continue
        columns = [_columns(enc, frame) for enc in encodings]
        raw = [plain for plain, measures in columns if not measures]
        if raw or not any(plain for plain, _m in columns):
            headers: dict[str, str] = {}
            for plain, _m in columns:
                for field, header in plain.items():
                    headers.setdefault(field, header)
            if not headers:
                continue
            table = frame[list(headers)].drop_duplicates().rename(columns=headers)
        else:
            plain, measures = next((p, m) for p, m in columns if p)
            if any(agg not in _AGGREGATES for agg, _f, _h in measures):
                table = frame[list(plain)].drop_duplicates().rename(columns=plain)
            else:
                grouped = frame.groupby(list(plain), sort=True, dropna=False)
                parts = {header: (grouped.size() if agg == "count" else getattr(grouped[field], _AGGREGATES[agg])())
                         for agg, field, header in measures}
                table = pd.DataFrame(parts).reset_index().rename(columns=plain)
        tables.append(table.reset_index(drop=True))
    return tables


def _cell(value: Any) -> str:
    if value is None or (not isinstance(value, (list, dict, tuple)) and pd.isna(value)):
        return ""
    if isinstance(value, pd.Timestamp):
        return value.strftime("%Y-%m-%d") if value == value.normalize() else value.isoformat(sep=" ")
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 1e15:
            return f"{int(value):,}" if abs(value) >= 10_000 else str(int(value))
        return f"{value:,.0f}" if abs(value) >= 10_000 else f"{value:.3g}" if abs(value) < 1 else \
            f"{round(value, 2):g}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    text = str(value)
    return text if len(text) <= 160 else text[:157] + "..."


def data_table_html(chart: alt.TopLevelMixin, max_rows: int = TABLE_ROWS, spec: dict[str, Any] | None = None) -> str:
    """A collapsed ``<details>`` holding the chart's data as HTML tables ('' when it has none it can show).

    Why collapsed and capped: the chart stays the first thing a sighted learner sees, while a screen
    reader user (or anyone who wants the numbers) opens "Data table: <title>" and reads rows with
    headers; a long data set shows its first ``max_rows`` rows and says how many there are. ``spec`` is the
    chart's Vega-Lite spec when the caller has it already (only its structure, encodings and title are read)."""
    try:
        spec = _spec_without_data(chart) if spec is None else spec
        tables = chart_tables(chart, spec)
    except Exception:  # a chart the table cannot read is still shown; its description stays
        return ""
    if not tables:
        return ""
    title = chart_title(spec) or "this chart"
    parts = [f'<details class="course-chart-data"><summary>Data table: {html.escape(title)}</summary>']
    for number, table in enumerate(tables, start=1):
        caption = f"Data of {title}" + (f", part {number} of {len(tables)}" if len(tables) > 1 else "")
        shown = table.head(max_rows)
        if len(table) > max_rows:
            caption += f" (first {max_rows} of {len(table)} rows)"
        head = "".join(f'<th scope="col">{html.escape(str(c))}</th>' for c in shown.columns)
        body = "".join("<tr>" + "".join(f"<td>{html.escape(_cell(v))}</td>" for v in row) + "</tr>"
                       for row in shown.itertuples(index=False))
        # In a box the keyboard can scroll when the table is wider than the page (inside a closed <details>
        # it is no Tab stop); named by its caption.
        parts.append(f'<div class="course-table-wide" role="group" tabindex="0" data-lm-suppress-shortcuts="true" '
                     f'aria-label="{html.escape(caption)}" style="overflow-x: auto; max-width: 100%;">'
                     f'<table class="course-chart-table"><caption>{html.escape(caption)}</caption>'
                     f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")
    parts.append("</details>")
    return "".join(parts)


def data_table_output(chart: alt.TopLevelMixin) -> tuple[dict[str, Any], ...]:
    """The chart's data table as notebook outputs (none or one), for a widget that sets an Output's ``outputs``
    directly (those charts bypass the display hook): ``area.outputs = (chart_output, *data_table_output(chart))``."""
    table = data_table_html(chart)
    if not table:
        return ()
    return ({"output_type": "display_data", "data": {"text/html": table, "text/plain": "<data table>"},
             "metadata": {}},)
