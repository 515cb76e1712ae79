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
"""
from __future__ import annotations

import re
from typing import Any

import altair as alt

OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
THEME_NAME = "course"
FONT = "Source Sans Pro, Helvetica Neue, Arial, sans-serif"
EMBED_OPTIONS = {"renderer": "svg", "actions": False}
_POSITION_CHANNELS = ("x", "y", "x2", "y2", "theta", "latitude", "longitude")


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


def finish(chart: alt.TopLevelMixin, *, title: str, source: str, description: str,
           subtitle: str | None = None) -> alt.TopLevelMixin:
    """Add title, source line and accessible description; check every axis has a title.

    ``source`` is printed under the title (e.g. from :func:`coursekit.data.citation`);
    ``description`` is read aloud by screen readers, so say what the chart shows and its main
    pattern in a sentence or two. Raises ValueError (for course authors) when a positional
    channel has no title: axis titles must name the quantity and its unit.
    """
    for text, what in ((title, "title"), (source, "source"), (description, "description")):
        if not isinstance(text, str) or not text.strip():
            raise ValueError(f"every course chart needs a non-empty {what}")
    lines = [subtitle, source] if subtitle else [source]
    finished = chart.properties(title=alt.TitleParams(text=title, subtitle=lines), description=description)
    untitled = untitled_channels(_spec_without_data(finished))
    if untitled:
        raise ValueError(f"give these channels a title with units: {', '.join(untitled)}")
    return finished


_NO_DATA = "course_no_data"
alt.data_transformers.register(_NO_DATA, lambda _data: {"values": []})


def _spec_without_data(chart: alt.TopLevelMixin) -> dict[str, Any]:
    """The chart's Vega-Lite spec with empty data and no schema validation, for the title check.

    Why: the check needs only the encodings. Serialising the data and validating the whole spec
    would be done twice per chart (here and when the notebook displays it), about 30 ms a chart;
    the display still validates, and the real-browser test counts every chart drawn.
    """
    with alt.data_transformers.enable(_NO_DATA):
        return _without_inline_values(chart).to_dict(validate=False)


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
    return chart.properties(title=alt.TitleParams(text=step, color="#555555", fontWeight="normal"),
                            description=description)


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
