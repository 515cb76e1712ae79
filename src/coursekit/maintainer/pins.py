"""Read the pinned versions from environment.yml, the single source of truth.

Why a hand-rolled reader: this runs *before* anything is installed (it writes the pip
requirements that `make` installs), so it may only use the standard library.
Run as a script it prints a requirements file: ``python src/coursekit/maintainer/pins.py``.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

ENVIRONMENT_FILE = Path(__file__).resolve().parents[3] / "environment.yml"
_PIN = re.compile(r"^([A-Za-z0-9_.\-\[\]]+)==([A-Za-z0-9_.+\-]+)$")


def pip_pins(path: Path = ENVIRONMENT_FILE) -> dict[str, str]:
    """Return ``{package: version}`` for every entry of the ``pip:`` list."""
    pins: dict[str, str] = {}
    in_pip = False
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        if line.strip() == "- pip:":
            in_pip = True
            continue
        if in_pip:
            item = line.strip()
            if not item.startswith("- "):
                break
            match = _PIN.match(item[2:].strip())
            if not match:
                raise ValueError(f"{path.name}: '{item}' is not pinned as name==version")
            pins[match.group(1).lower()] = match.group(2)
    if not pins:
        raise ValueError(f"{path.name}: no '- pip:' list of pinned packages found")
    return pins


def conda_pins(path: Path = ENVIRONMENT_FILE) -> dict[str, str]:
    """Return the conda-level pins (``python=3.11.7`` → ``{"python": "3.11.7"}``)."""
    pins: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        item = raw.split("#", 1)[0].strip()
        match = re.match(r"^- ([A-Za-z0-9_.\-]+)=([0-9][A-Za-z0-9_.]*)$", item)
        if match:
            pins[match.group(1).lower()] = match.group(2)
    return pins


def requirements_text(path: Path = ENVIRONMENT_FILE) -> str:
    """The pip requirements file equivalent to the environment's pip list."""
    return "".join(f"{name}=={version}\n" for name, version in pip_pins(path).items())


if __name__ == "__main__":
    sys.stdout.write(requirements_text())
