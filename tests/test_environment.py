"""One source of truth for versions: the running environment matches environment.yml."""
from __future__ import annotations

import importlib.metadata as metadata
import importlib.util
import platform
import re
from pathlib import Path

import pytest

from coursekit.maintainer import pins

REPO = Path(__file__).resolve().parents[1]
RUNTIME = ["jupyterlab", "ipywidgets", "pandas", "altair", "nbval"]


def test_every_runtime_package_is_pinned_exactly():
    pinned = pins.pip_pins()
    for name in RUNTIME:
        assert name in pinned, f"{name} is not pinned in environment.yml"
    assert all(re.fullmatch(r"\d+(\.\d+)+", v) for v in pinned.values())
    assert re.fullmatch(r"3\.11\.\d+", pins.conda_pins()["python"])


@pytest.mark.parametrize("name, version", sorted(pins.pip_pins().items()))
def test_installed_version_matches_the_pin(name, version):
    assert metadata.version(name) == version, (
        f"{name} {metadata.version(name)} is installed but environment.yml pins {version}: "
        "run `make test` (it reinstalls when environment.yml changes)")


def test_python_matches_the_pinned_minor_version():
    pinned = pins.conda_pins()["python"].split(".")[:2]
    assert platform.python_version_tuple()[:2] == tuple(pinned)


def test_pip_route_requirements_equal_environment_pins(tmp_path):
    written = tmp_path / "environment.yml"
    written.write_text("dependencies:\n  - python=3.11.7\n  - pip:\n      - pandas==3.1.1\n      - altair==5.5.0\n")
    assert pins.requirements_text(written) == "pandas==3.1.1\naltair==5.5.0\n"
    written.write_text("dependencies:\n  - pip:\n      - pandas>=3\n")
    with pytest.raises(ValueError, match="not pinned"):
        pins.pip_pins(written)


def test_test_tools_are_not_runtime_dependencies():
    assert "playwright" not in pins.pip_pins()
    assert "playwright==" in (REPO / "tests" / "requirements.txt").read_text()


def test_slow_import_package_removed():
    """rfc3987-syntax adds ~1 s to every kernel start (see docs/design-notes.md)."""
    assert importlib.util.find_spec("rfc3987_syntax") is None


def test_binder_uses_root_environment():
    assert not (REPO / "binder").exists(), "repo2docker ignores root files when binder/ exists"
    assert "pip install --no-deps -e ." in (REPO / "postBuild").read_text()
