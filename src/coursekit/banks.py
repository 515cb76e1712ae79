"""The course's plain YAML files: banks of items (quiz questions, predictions) and the lesson catalogue.

Why one place: both kinds of bank are edited by hand by instructors, so both must say in one
sentence what is wrong (a missing file, a YAML slip, a duplicated id) and how to restore the
file. The kind-specific rules stay with each kind (:mod:`coursekit.quiz`,
:mod:`coursekit.predictions`). The catalogue (``course.yml``: each lesson's number, file, title, minutes and
question) is read here too, because lessons read it (lesson 09's ledger names and links the lesson of every
claim) and a lesson must not depend on the maintainer's tools, which build the README's lesson table from it.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from coursekit.errors import QuizBankError

# libyaml's safe loader parses a bank ten times faster (10 ms -> 1 ms) and is just as safe.
YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read(path: Path, what: str, restore: str, error: type[QuizBankError] = QuizBankError) -> Any:
    """The parsed YAML of a bank; else ``error`` naming the file and how to restore it (``restore``)."""
    if not path.exists():
        raise error(f"No {what} bank at {path.name}. `git checkout -- {restore}` restores it.")
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise error(f"{path.name} is not valid YAML: {exc}") from None


def item_errors(bank: Any, list_key: str, noun: str) -> tuple[list[str], list[tuple[str, dict[str, Any]]]]:
    """The shared rules (a title; a non-empty list of mappings with unique ids and a prompt).

    Returns the errors and, for the kind's own checks, each item that is a mapping with the name
    to report it by ("question 'thesis'", or "prediction 3" when its id is unusable).
    """
    if not isinstance(bank, dict):
        return [f"the file must hold a mapping with 'title' and '{list_key}'"], []
    errors: list[str] = []
    if not isinstance(bank.get("title"), str) or not bank["title"].strip():
        errors.append("'title' must be a non-empty text")
    items = bank.get(list_key)
    if not isinstance(items, list) or not items:
        return errors + [f"'{list_key}' must be a non-empty list"], []
    seen: set[str] = set()
    checked: list[tuple[str, dict[str, Any]]] = []
    for number, item in enumerate(items, start=1):
        where = f"{noun} {number}"
        if not isinstance(item, dict):
            errors.append(f"{where} must be a mapping")
            continue
        item_id = item.get("id")
        if not isinstance(item_id, str) or not item_id.strip():
            errors.append(f"{where}: 'id' must be a non-empty text")
        elif item_id in seen:
            errors.append(f"{where}: id '{item_id}' is used twice")
        else:
            seen.add(item_id)
            where = f"{noun} '{item_id}'"
        if not isinstance(item.get("prompt"), str) or not item["prompt"].strip():
            errors.append(f"{where}: 'prompt' must be a non-empty text")
        checked.append((where, item))
    return errors, checked


# --------------------------------------------------------------------------- the lesson catalogue
CATALOGUE = Path(__file__).resolve().parents[2] / "course.yml"


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
    """course.yml, parsed with libyaml's safe loader when PyYAML has it: lesson 09's ledger reads the lesson
    titles in most of its cells, and the pure-Python loader took 16 ms each time."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=YAML_LOADER)


def lessons(path: Path = CATALOGUE) -> list[Lesson]:
    """Every lesson in course.yml, in the catalogue's order."""
    return [Lesson(**entry) for entry in load_catalogue(path)["lessons"]]
