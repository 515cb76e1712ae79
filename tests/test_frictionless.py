"""The data package checked by the Data Package standard's own reference implementation.

`coursekit.data` stays the fast runtime loader the lessons use. This module validates the same
`data/datapackage.json` and every CSV with frictionless (a test-only dependency pinned in
tests/requirements.txt), so conformance to the Tabular Data Package standard (v1) is proven by
the standard's reference implementation, not only by our own reading of it: descriptor rules,
field types, constraints, primary keys and, if a schema declares them, foreign keys.

Offline: the descriptor names the v1 profiles ("tabular-data-package", "tabular-data-resource"),
which frictionless checks with code it ships; it fetches nothing. `test_descriptor_needs_no_network`
keeps it that way (no `$schema`, no profile URL, no remote path, schema or dialect), and the
`no_network` fixture fails any test in which frictionless tries to open a connection anyway.

A failure prints frictionless's own messages (file, row, field, what is wrong), one line each.
"""
from __future__ import annotations

import copy
import json
import socket
from pathlib import Path
from typing import Any

import pytest

try:
    import frictionless
    from frictionless.resources import TableResource
except ImportError as exc:  # pragma: no cover - a setup problem, said plainly
    raise ImportError(
        "tests/test_frictionless.py needs frictionless: "
        "`.venv/bin/python -m pip install -r tests/requirements.txt` (or `make test`)") from exc

DATA = Path(__file__).resolve().parents[1] / "data"
DESCRIPTOR_PATH = DATA / "datapackage.json"
DESCRIPTOR: dict[str, Any] = json.loads(DESCRIPTOR_PATH.read_text(encoding="utf-8"))
RESOURCES = [r["name"] for r in DESCRIPTOR["resources"]]
LOCAL_PROFILES = {"data-package", "tabular-data-package", "data-resource", "tabular-data-resource"}
SHOWN = 30  # errors printed per failure; the count says if there are more


def _resource(descriptor: dict[str, Any], name: str) -> dict[str, Any]:
    return next(r for r in descriptor["resources"] if r["name"] == name)


def fail_on(errors: list[Any], where: str, extra: str = "") -> None:
    """Fail with frictionless's own messages, one a line, each prefixed with the file it concerns."""
    if not errors:
        return
    lines = [f"{where}: [{error.type}] {error.message}" for error in errors[:SHOWN]]
    if len(errors) > SHOWN:
        lines.append(f"... and {len(errors) - SHOWN} more (`.venv/bin/frictionless validate data/datapackage.json`)")
    pytest.fail(f"frictionless found {len(errors)} problem(s):\n" + "\n".join(lines) + extra, pytrace=False)


def descriptor_errors(descriptor: dict[str, Any]) -> list[Any]:
    report = frictionless.Package.validate_descriptor(copy.deepcopy(descriptor), basepath=str(DATA))
    return report.errors


def hint(descriptor: dict[str, Any]) -> str:
    """frictionless's note on the tabular profile does not name the resource; name it here."""
    lacking = [r["name"] for r in descriptor["resources"] if r.get("profile") != "tabular-data-resource"]
    return f'\nresources without "profile": "tabular-data-resource": {lacking}' if lacking else ""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation must be offline: any attempt to resolve or reach a host fails the test."""
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise AssertionError(f"frictionless tried to use the network ({args[1:] or kwargs}); "
                             "the descriptor must only name local profiles and local files")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)


def test_descriptor_needs_no_network():
    """Nothing in the descriptor makes frictionless fetch a profile, schema, dialect or file."""
    problems = []
    if "$schema" in DESCRIPTOR:
        problems.append('package: "$schema" (frictionless would resolve it)')
    if DESCRIPTOR.get("profile", "data-package") not in LOCAL_PROFILES:
        problems.append(f"package: profile {DESCRIPTOR['profile']!r} is not a built-in profile")
    for resource in DESCRIPTOR["resources"]:
        name = resource.get("name", "?")
        if "$schema" in resource:
            problems.append(f'{name}: "$schema"')
        if resource.get("profile", "data-resource") not in LOCAL_PROFILES:
            problems.append(f"{name}: profile {resource['profile']!r} is not a built-in profile")
        paths = resource.get("path")
        for path in paths if isinstance(paths, list) else [paths]:
            if not isinstance(path, str) or "://" in path or path.startswith("/") or ".." in path:
                problems.append(f"{name}: path {path!r} is not a file inside data/")
        for key in ("schema", "dialect"):
            if isinstance(resource.get(key), str):
                problems.append(f"{name}: {key} {resource[key]!r} is a reference; write it inline")
    if problems:
        pytest.fail("frictionless would need the network for:\n" + "\n".join(problems), pytrace=False)


def test_package_descriptor_conforms():
    """datapackage.json against frictionless's package rules."""
    fail_on(descriptor_errors(DESCRIPTOR), "data/datapackage.json", hint(DESCRIPTOR))


def table_resource(name: str) -> TableResource:
    """Resource ``name`` inside a minimal package holding it and the resources its foreign keys reference.

    Package-wide properties are left to `test_package_descriptor_conforms`, so a problem there
    does not fail every resource, and a broken resource descriptor fails only its own test.
    """
    descriptor = DESCRIPTOR
    own = _resource(descriptor, name)
    keys = own.get("schema", {}).get("foreignKeys", []) if isinstance(own.get("schema"), dict) else []
    referenced = {key.get("reference", {}).get("resource") for key in keys} - {"", None, name}
    wrapper = {key: descriptor[key] for key in ("name", "profile") if key in descriptor}
    wrapper["resources"] = [r for r in descriptor["resources"] if r["name"] == name or r["name"] in referenced]
    try:
        return frictionless.Package.from_descriptor(wrapper, basepath=str(DATA)).get_resource(name)
    except frictionless.FrictionlessException as exc:
        problems = exc.reasons or [exc.error]
    fail_on(problems, f"data/datapackage.json, resource '{name}'")  # outside `except`: no chained traceback
    raise AssertionError("unreachable")


@pytest.mark.parametrize("name", RESOURCES)
def test_resource_conforms(name):
    """Resource descriptor, header, types, constraints, primary key, foreign keys: frictionless's checks."""
    resource = table_resource(name)
    where = f"data/{resource.path}"
    # The standard's default encoding is UTF-8; without this frictionless would guess one (chardet).
    resource.encoding = resource.encoding or "utf-8"
    report = resource.validate()
    fail_on(report.errors + [error for task in report.tasks for error in task.errors], where)
    assert isinstance(resource, TableResource), f"{where}: frictionless did not read it as a table"
    assert report.task.stats["rows"] > 0, f"{where}: frictionless read no rows"
