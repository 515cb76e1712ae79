"""The course catalogue (course.yml): lessons, minutes, and the README's lesson table.

Why one file: README's lesson table, each notebook's launch link and the tests all read
lesson titles from here, so renaming a lesson or moving the repository is a one-line change.
The launch links themselves (Binder, nbgitpuller) are built in ``launch_links``, which also
regenerates this table when it rewrites the README.

    python -m coursekit.maintainer.catalog --write   # regenerate README.md's lesson table
    python -m coursekit.maintainer.catalog --check   # exit 1 if README.md's table is stale
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from coursekit.banks import CATALOGUE, lessons
from coursekit.maintainer.launch_links import binder_url, hub_url_for  # noqa: F401 (binder_url: old callers)

ROOT = CATALOGUE.parent
README = ROOT / "README.md"
TABLE_START, TABLE_END = "<!-- lesson-table:start -->", "<!-- lesson-table:end -->"


def lesson_table(path: Path = CATALOGUE, available: set[str] | None = None) -> str:
    """The README's Markdown lesson table; lessons not yet written are marked as coming."""
    rows = ["| # | Lesson | The question it answers | Minutes | Launch |", "|---|---|---|---|---|"]
    for lesson in lessons(path):
        notebook = f"notebooks/{lesson.filename}"
        exists = available is None or lesson.filename in available
        title = f"[{lesson.title}]({notebook})" if exists else f"{lesson.title} *(in preparation)*"
        launch = f"[Binder]({binder_url(notebook, path)})" if exists else ""
        hub = hub_url_for(notebook, path) if exists else None
        if hub:
            launch += f" · [JupyterHub]({hub})"
        rows.append(f"| {lesson.number} | {title} | {lesson.question} | {lesson.minutes} | {launch} |")
    return "\n".join(rows)


def _written_lessons(root: Path = ROOT) -> set[str]:
    return {p.name for p in (root / "notebooks").glob("[0-9][0-9]-*.ipynb")}


def readme_with_table(text: str, path: Path = CATALOGUE, root: Path = ROOT) -> str:
    start, end = text.index(TABLE_START) + len(TABLE_START), text.index(TABLE_END)
    return text[:start] + "\n" + lesson_table(path, available=_written_lessons(root)) + "\n" + text[end:]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="README lesson table from course.yml")
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args(argv)
    current = README.read_text(encoding="utf-8")
    wanted = readme_with_table(current)
    if args.check:
        if wanted != current:
            print("README.md's lesson table is stale: run `python -m coursekit.maintainer.catalog --write`.")
            return 1
        print("README.md's lesson table is current.")
    elif args.write:
        if wanted != current:
            README.write_text(wanted, encoding="utf-8")
            print("README.md lesson table updated.")
    else:
        print(lesson_table(available=_written_lessons()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
