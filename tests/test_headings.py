"""Headings in order in every notebook: one h1 (the title, first), and no level skipped on the way down.

Why: screen-reader users move through a lesson by its headings (issue 12, item 6). A skipped level
(an h2 followed by an h4) hides where a part belongs; a second h1 reads as a second document.
Markdown headings (``#`` to ``######``, outside code fences) and HTML ``<h1>``-``<h6>`` in markdown
cells count; going back up any number of levels is fine.
"""
from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted(path for folder in ("notebooks", "solutions", "exercises")
                   for path in (REPO / folder).glob("[0-9][0-9]-*.ipynb"))

_FENCE = re.compile(r"^\s*(```|~~~)")
_MARKDOWN_HEADING = re.compile(r"^ {0,3}(#{1,6})\s+(.*?)\s*#*\s*$")
_HTML_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.IGNORECASE | re.DOTALL)


def headings(markdown: str) -> list[tuple[int, str]]:
    """(level, text) of each heading in a markdown cell's source, in order."""
    found: list[tuple[int, str]] = []
    in_fence = False
    for line in markdown.splitlines():
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = _MARKDOWN_HEADING.match(line)
        if match:
            found.append((len(match.group(1)), match.group(2)))
            continue
        found.extend((int(level), re.sub(r"<[^>]+>", "", text).strip())
                     for level, text in _HTML_HEADING.findall(line))
    return found


def notebook_headings(path: Path) -> list[tuple[int, str, int]]:
    """(level, text, cell index) of every heading in the notebook's markdown cells."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    result = []
    for index, cell in enumerate(notebook.get("cells", [])):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            result.extend((level, text, index) for level, text in headings(source))
    return result


def heading_problems(found: list[tuple[int, str, int]]) -> list[str]:
    problems = []
    titles = [(text, index) for level, text, index in found if level == 1]
    if len(titles) != 1:
        problems.append(f"{len(titles)} h1 headings (one, the title, expected): {titles}")
    if found and found[0][0] != 1:
        level, text, index = found[0]
        problems.append(f"the first heading is an h{level} ({text!r}, cell {index}), not the h1 title")
    previous = 0
    for level, text, index in found:
        if level > previous + 1 and previous:
            problems.append(f"cell {index}: h{level} {text!r} follows an h{previous} (h{previous + 1} skipped)")
        previous = level
    return problems


def test_the_rules_catch_a_skip_and_a_second_title():
    assert headings("# T\n```\n# not a heading\n```\n## A\n<h4>B</h4>") == [(1, "T"), (2, "A"), (4, "B")]
    found = [(1, "T", 0), (2, "A", 1), (4, "B", 2), (2, "C", 3), (1, "U", 4)]
    problems = heading_problems(found)
    assert any("h3 skipped" in p for p in problems) and any("2 h1 headings" in p for p in problems)
    assert heading_problems([(1, "T", 0), (2, "A", 1), (3, "B", 2), (2, "C", 3)]) == []


def test_there_are_notebooks_to_check():
    assert len(NOTEBOOKS) >= 27, [p.name for p in NOTEBOOKS]


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_headings_in_order(path: Path):
    problems = heading_problems(notebook_headings(path))
    assert not problems, f"{path.relative_to(REPO)}: headings out of order: {problems}"
