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
from dataclasses import dataclass
from pathlib import Path

import yaml

from coursekit.banks import YAML_LOADER
from coursekit.maintainer.launch_links import binder_url, hub_url_for  # noqa: F401 (binder_url: old callers)

ROOT = Path(__file__).resolve().parents[3]
CATALOGUE = ROOT / "course.yml"
README = ROOT / "README.md"
TABLE_START, TABLE_END = "<!-- lesson-table:start -->", "<!-- lesson-table:end -->"


@dataclass(frozen=True)
class Lesson:
    number: str
    slug: str
    title: str
    minutes: int
    question: str

    @property
    def filename(self) -> str:
        return f"{self.number}-{self.slug}.ipynb"


def load_catalogue(path: Path = CATALOGUE) -> dict:
    """course.yml, parsed with libyaml's safe loader when PyYAML has it (as the banks are): lesson 09's ledger
    reads the lesson titles in most of its cells, and the pure-Python loader took 16 ms each time."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)


def lessons(path: Path = CATALOGUE) -> list[Lesson]:
    return [Lesson(**entry) for entry in load_catalogue(path)["lessons"]]


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
