"""One source of truth for versions: the running environment matches environment.yml."""
from __future__ import annotations

import importlib.metadata as metadata
import importlib.util
import os
import platform
import re
import shutil
import subprocess
import tomllib
from pathlib import Path

import pytest
from packaging.specifiers import SpecifierSet

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


def supported_pythons() -> list[str]:
    """The Makefile's SUPPORTED_PYTHONS, the versions the pip/uv route is tested on."""
    match = re.search(r"^SUPPORTED_PYTHONS\s*:?=\s*(.+)$", (REPO / "Makefile").read_text(), re.MULTILINE)
    assert match, "Makefile: no SUPPORTED_PYTHONS line"
    return match.group(1).split()


def test_requires_python_admits_exactly_the_supported_versions():
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    spec = SpecifierSet(project["requires-python"])
    admitted = [f"3.{minor}" for minor in range(6, 20) if spec.contains(f"3.{minor}.0")]
    assert admitted == supported_pythons() == ["3.11", "3.12", "3.13"]


def test_running_python_is_supported():
    assert ".".join(platform.python_version_tuple()[:2]) in supported_pythons()


def test_binder_python_is_a_supported_version():
    assert ".".join(pins.conda_pins()["python"].split(".")[:2]) in supported_pythons()


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


# --------------------------------------------------------------------------- the Makefile's choice of Python
MAKE = shutil.which("make")
needs_make = pytest.mark.skipif(MAKE is None, reason="make is not installed")


def fake_python(path: Path, version: str) -> Path:
    """An executable that answers the Makefile's probes like a Python of ``version`` (X.Y)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f'#!/bin/sh\ncase "$2" in *version_info*) echo {version};; esac\nexit 0\n')
    path.chmod(0o755)
    return path


def make_check(tmp_path: Path, python: str, venv_python: str | None = None, **env: str):
    """Run the Makefile's Python check with PYTHON given, against a venv in tmp_path."""
    venv = tmp_path / "venv"
    if venv_python:
        fake_python(venv / "bin" / "python", venv_python)
    environ = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL", "MAKEOVERRIDES")}
    environ.update(env)
    return subprocess.run([MAKE, "--no-print-directory", "-C", str(REPO), "check-venv-python",
                           f"PYTHON={python}", f"VENV={venv}"], capture_output=True, text=True, env=environ,
                          timeout=60)


@needs_make
def test_make_refuses_a_missing_or_unsupported_python(tmp_path):
    missing = make_check(tmp_path, str(tmp_path / "no-such-python"))
    assert missing.returncode != 0 and "no working" in missing.stderr
    old = make_check(tmp_path, str(fake_python(tmp_path / "old" / "python3", "3.10")))
    assert old.returncode != 0 and "needs Python 3.11 3.12 3.13" in old.stderr


@needs_make
def test_make_finds_a_python_in_pyenv_when_the_name_is_not_on_path(tmp_path):
    """pyenv's shim for an inactive version fails; the Makefile then looks in pyenv's versions folder."""
    fake_python(tmp_path / "pyenv" / "versions" / "3.13.9" / "bin" / "python3.99", "3.13")
    found = make_check(tmp_path, "python3.99", venv_python="3.13", PYENV_ROOT=str(tmp_path / "pyenv"))
    assert found.returncode == 0, found.stderr
    other = make_check(tmp_path, "python3.99", venv_python="3.12", PYENV_ROOT=str(tmp_path / "pyenv"))
    assert other.returncode != 0 and "has Python 3.12, not 3.13" in other.stderr
    # A path is taken as given: a missing one is an error, not a cue to search pyenv.
    path = make_check(tmp_path, str(tmp_path / "elsewhere" / "python3.99"), PYENV_ROOT=str(tmp_path / "pyenv"))
    assert path.returncode != 0 and "no working" in path.stderr


# --------------------------------------------------------------------------- CI runs what the README says
def _commands(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_ci_runs_exactly_the_readmes_test_command_then_the_offline_run():
    """CI runs `make test` as the README tells learners to, then the second-Python run with no network."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make test +# runs every test$", readme, re.M), "the README's quick start names `make test`"
    commands = _commands(REPO / ".ci" / "run")
    assert "make test" in commands, ".ci/run must call exactly the README's test command"
    offline = [c for c in commands if c.startswith("make test-python")]
    assert offline and all("OFFLINE=1" in c for c in offline), "CI's second Python runs offline"
    assert commands.index("make test") < commands.index(offline[0])


def test_make_test_runs_in_parallel_with_a_pinned_xdist():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^PARALLEL \?= -n auto$", makefile, re.M)
    assert re.search(r"^test: .*\n\t\$\(BIN\)/python -m pytest \$\(PARALLEL\)$", makefile, re.M)
    assert re.search(r"^pytest-xdist==\d", (REPO / "tests" / "requirements.txt").read_text(), re.M)
    assert os.access(REPO / ".ci" / "offline", os.X_OK)
