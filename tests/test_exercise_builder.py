"""Exercises are generated from solutions; --check catches a stale exercises/ folder."""
from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook, new_output

from coursekit.maintainer import exercise_builder as builder

SOLUTION_CELL = """claims = load("claims")
### BEGIN SOLUTION
counts = claims.groupby("claim_type").size()
answer, other = counts.max(), 1
### END SOLUTION
check_answer(answer)"""


def make_solution() -> nbformat.NotebookNode:
    checked = new_code_cell("len(claims)", metadata={"tags": ["nbval-check-output"]})
    checked.outputs = [new_output("execute_result", data={"text/plain": "26"}, execution_count=3)]
    checker_cell = new_code_cell("check_answer(answer)", metadata={"tags": ["checker", "nbval-check-output"]})
    checker_cell.outputs = [new_output("execute_result", data={"text/plain": "\u2705 Right"})]
    return new_notebook(cells=[
        new_markdown_cell("# Exercises 00"),
        new_code_cell(SOLUTION_CELL),
        checked,
        checker_cell,
        new_markdown_cell("Why the answer works", metadata={"tags": ["solution-only"]}),
    ], metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})


def test_solution_block_becomes_placeholders():
    source = builder.exercise_source(SOLUTION_CELL)
    assert source.splitlines() == ['claims = load("claims")', "# YOUR CODE HERE", "counts = ...",
                                   "answer = ...", "other = ...", "check_answer(answer)"]


def test_indented_block_keeps_indentation():
    source = "def f():\n    ### BEGIN SOLUTION\n    x = 1\n    ### END SOLUTION\n    return x"
    assert builder.exercise_source(source) == "def f():\n    # YOUR CODE HERE\n    x = ...\n    return x"


def test_item_and_attribute_assignments_do_not_wipe_the_learners_table():
    source = ('### BEGIN SOLUTION\ntable["share"] = table["a"] / 2\ntable.attrs = {}\n'
              'first, *rest = table["share"]\n### END SOLUTION')
    assert builder.exercise_source(source).splitlines() == ["# YOUR CODE HERE", "first = ...", "rest = ..."]
    only_columns = '### BEGIN SOLUTION\ntable["share"] = 1\n### END SOLUTION'
    assert builder.exercise_source(only_columns) == "# YOUR CODE HERE\n..."


def test_expression_only_block_becomes_ellipsis():
    assert builder.exercise_source("### BEGIN SOLUTION\nprint(1)\n### END SOLUTION") == "# YOUR CODE HERE\n..."


@pytest.mark.parametrize("source, problem", [
    ("### BEGIN SOLUTION\nx = 1", "without ### END"),
    ("x = 1\n### END SOLUTION", "without ### BEGIN"),
    ("### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION", "inside another"),
    ("### BEGIN SOLUTION\nx = (\n### END SOLUTION", "does not parse"),
])
def test_bad_markup_is_reported(source, problem):
    with pytest.raises(builder.SolutionMarkupError, match=problem):
        builder.exercise_source(source, "00-x.ipynb, cell 2")


def test_build_exercise_handles_outputs_and_tags():
    exercise = builder.build_exercise(make_solution(), "00-x.ipynb")
    assert len(exercise.cells) == 4  # solution-only cell dropped
    assert "### BEGIN" not in exercise.cells[1].source
    data_cell, checker_cell = exercise.cells[2], exercise.cells[3]
    assert data_cell.outputs[0]["data"]["text/plain"] == "26"  # a checked figure stays checked
    assert checker_cell.outputs == [] and "nbval-check-output" not in checker_cell.metadata["tags"]
    assert exercise.metadata["coursekit"]["generated_from"] == "solutions/00-x.ipynb"


def test_check_mode_detects_stale_missing_and_orphaned(tmp_path, capsys):
    (tmp_path / "solutions").mkdir()
    (tmp_path / "exercises").mkdir()
    nbformat.write(make_solution(), tmp_path / "solutions" / "00-x.ipynb")
    assert builder.main(["--check", "--root", str(tmp_path)]) == 1
    assert "exercises/00-x.ipynb is missing" in capsys.readouterr().out

    assert builder.main(["--root", str(tmp_path)]) == 0
    assert builder.main(["--check", "--root", str(tmp_path)]) == 0

    solution = nbformat.read(tmp_path / "solutions" / "00-x.ipynb", as_version=4)
    solution.cells[1].source = solution.cells[1].source.replace("max()", "min()")
    nbformat.write(solution, tmp_path / "solutions" / "00-x.ipynb")
    assert builder.main(["--check", "--root", str(tmp_path)]) == 0  # only the hidden answer changed

    solution.cells[0].source = "# Exercises 00, revised task wording"
    nbformat.write(solution, tmp_path / "solutions" / "00-x.ipynb")
    assert builder.main(["--check", "--root", str(tmp_path)]) == 1
    assert "differs from what its solution generates" in capsys.readouterr().out

    builder.main(["--root", str(tmp_path)])
    (tmp_path / "exercises" / "01-orphan.ipynb").write_text("{}")
    assert builder.main(["--check", "--root", str(tmp_path)]) == 1
    assert "has no solutions/01-orphan.ipynb" in capsys.readouterr().out


def test_repository_exercises_are_current():
    problems = builder.stale_exercises()
    assert problems == [], "\n".join(problems) + "\nRun `make exercises`."
