"""Keep notebooks' stored outputs to the figures nbval checks, and refresh those figures.

Why: a stored output is a promise ("a learner running this sees 244.8"). nbval re-runs the
notebook and fails when a checked cell prints something else, so a data change that moves a
number a learner reads cannot slip through. Every other output is stripped to keep diffs small.

    python -m coursekit.maintainer.notebook_outputs strip   notebooks/*.ipynb   # clear unchecked outputs
    python -m coursekit.maintainer.notebook_outputs refresh notebooks/*.ipynb   # re-execute, store checked ones
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import nbformat

CHECK_TAG = "nbval-check-output"
CHECK_COMMENT = "# NBVAL_CHECK_OUTPUT"


def is_checked(cell: Any) -> bool:
    """True for a code cell whose output nbval compares (tag or comment)."""
    return cell.get("cell_type") == "code" and (
        CHECK_TAG in cell.get("metadata", {}).get("tags", []) or CHECK_COMMENT in cell.get("source", "")
    )


def strip(notebook: Any) -> Any:
    """Clear unchecked cells' outputs and execution counts, and widget state; returns the notebook."""
    notebook.metadata.pop("widgets", None)
    for cell in notebook.cells:
        cell.get("metadata", {}).pop("execution", None)
        if cell.cell_type != "code":
            continue
        if not is_checked(cell):  # nbval wants a checked cell's execution count kept
            cell.execution_count = None
            cell.outputs = []
    return notebook


def write(notebook: Any, path: Path) -> None:
    """Write with a stable layout (one-space indent, trailing newline) so diffs stay readable."""
    path.write_text(nbformat.writes(notebook) + "\n", encoding="utf-8")


def refresh(path: Path, timeout: int = 120) -> None:
    """Execute ``path`` in its own folder and store the outputs of its checked cells."""
    from nbclient import NotebookClient

    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=timeout, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    write(strip(notebook), path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["strip", "refresh"])
    parser.add_argument("paths", nargs="+", type=Path)
    args = parser.parse_args(argv)
    for path in args.paths:
        if args.action == "refresh":
            refresh(path)
        else:
            write(strip(nbformat.read(path, as_version=4)), path)
        print(f"{args.action}: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
