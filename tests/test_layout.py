"""The package's shape, and the README's layout table that describes it, stay in step.

Why: a newcomer reads the layout table to find things. A module added at the top without a
mention, a folder renamed, or the core growing past a glance are caught here, not in review.
"""
from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGE = REPO / "src" / "coursekit"
MAX_CORE_MODULES = 12


def layout_rows() -> dict[str, str]:
    """``{path: what it holds}`` from the README's Layout table."""
    text = (REPO / "README.md").read_text(encoding="utf-8")
    section = text.split("## Layout", 1)[1].split("\n## ", 1)[0]
    rows = {}
    for line in section.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) == 2 and cells[0].startswith("`"):
            for path in re.findall(r"`([^`]+)`", cells[0]):
                rows[path] = cells[1]
    return rows


def core_modules() -> list[str]:
    return sorted(p.stem for p in PACKAGE.glob("*.py") if p.name != "__init__.py")


def test_every_path_in_the_layout_table_exists():
    missing = [path for path in layout_rows() if not (REPO / path).exists()]
    assert not missing, f"README's layout table names paths that do not exist: {missing}"


def test_every_top_level_folder_and_sub_package_has_a_row():
    rows = layout_rows()
    folders = [p.name + "/" for p in REPO.iterdir()
               if p.is_dir() and not p.name.startswith((".", "__"))  # __pycache__: the root conftest.py's bytecode
               and p.name not in {"src", "progress", "test-artifacts"}]
    subpackages = [f"src/coursekit/{p.name}/" for p in PACKAGE.iterdir() if (p / "__init__.py").exists()]
    missing = [folder for folder in folders + subpackages if folder not in rows]
    assert not missing, f"README's layout table has no row for {missing}"


def test_the_core_is_small_and_every_core_module_is_named():
    modules = core_modules()
    assert len(modules) <= MAX_CORE_MODULES, (
        f"{len(modules)} modules at the top of coursekit (at most {MAX_CORE_MODULES}): move lesson-specific "
        f"models to explorers/ and tools to maintainer/: {modules}")
    core_row = layout_rows()["src/coursekit/"]
    unnamed = [m for m in modules if f"`{m}`" not in core_row]
    assert not unnamed, f"README's layout row for src/coursekit/ does not name {unnamed}"


def test_only_the_maintainer_tools_import_the_maintainer_tools():
    """Lessons, and the package code they run, never depend on the tools that rebuild the course's files."""
    importing = re.compile(r"^\s*(from coursekit\.maintainer\b|from coursekit import maintainer\b|import coursekit\.maintainer\b)",
                           re.MULTILINE)
    outside = [p.relative_to(REPO).as_posix() for p in PACKAGE.rglob("*.py")
               if "maintainer" not in p.relative_to(PACKAGE).parts and importing.search(p.read_text(encoding="utf-8"))]
    notebooks = [p.relative_to(REPO).as_posix() for folder in ("notebooks", "exercises", "solutions")
                 for p in (REPO / folder).glob("*.ipynb") if "coursekit.maintainer" in p.read_text(encoding="utf-8")]
    assert not outside + notebooks, f"these import coursekit.maintainer: {outside + notebooks}"
