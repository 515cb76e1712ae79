"""A learner's own edits survive a re-pull: nbgitpuller's merge, on local git repositories.

Why: on a hub, learners get the course with an nbgitpuller link and click it again whenever the
course is updated (a fixed figure, a new lesson). The instructor guide promises that this never
throws away a learner's work. That promise is nbgitpuller's automatic merge (its docs, "automatic
merging"), so it is tested here with nbgitpuller's own puller, pinned in tests/requirements.txt:
the learner edits a lesson and adds a file, the course changes another file upstream, and the
re-pull keeps both. `make rehearsal` checks the same through a real hub (deploy/README.md).
"""
from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

try:
    from nbgitpuller import GitPuller
except ImportError:  # pragma: no cover - a setup problem, said plainly
    GitPuller = None

GIT_ENV = {"GIT_AUTHOR_NAME": "Course", "GIT_AUTHOR_EMAIL": "course@localhost",
           "GIT_COMMITTER_NAME": "Course", "GIT_COMMITTER_EMAIL": "course@localhost",
           "GIT_CONFIG_NOSYSTEM": "1"}


@pytest.fixture(autouse=True)
def _nbgitpuller():
    if GitPuller is not None:
        return
    message = "nbgitpuller is not installed: run `make test` (it installs tests/requirements.txt)"
    if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
        pytest.fail(message, pytrace=False)
    pytest.skip(f"re-pull test SKIPPED: {message}")


@pytest.fixture(autouse=True)
def _git_identity(monkeypatch, tmp_path):
    # nbgitpuller runs git in subprocesses: give them an identity and no user or system config.
    for key, value in GIT_ENV.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()


def git(*args: str, cwd: Path) -> str:
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def notebook(*markdown: str) -> str:
    cells = [{"cell_type": "markdown", "metadata": {}, "source": text} for text in markdown]
    return json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}, indent=1) + "\n"


@pytest.fixture
def course(tmp_path):
    """An upstream course repository (branch main) and a maintainer's clone that pushes to it."""
    upstream = tmp_path / "upstream" / "course.git"
    git("init", "--quiet", "--bare", "--initial-branch=main", str(upstream), cwd=tmp_path)
    work = tmp_path / "maintainer"
    git("clone", "--quiet", f"file://{upstream}", str(work), cwd=tmp_path)
    git("checkout", "--quiet", "-b", "main", cwd=work)
    (work / "notebooks").mkdir()
    (work / "notebooks" / "01-lesson.ipynb").write_text(
        notebook("# Lesson 01", "Some text.", "\n".join(f"Line {i}" for i in range(30)), "## Summary"),
        encoding="utf-8")
    (work / "data").mkdir()
    (work / "data" / "figures.csv").write_text("year,value\n2024,1\n", encoding="utf-8")
    git("add", ".", cwd=work)
    git("commit", "--quiet", "-m", "The course", cwd=work)
    git("push", "--quiet", "origin", "main", cwd=work)
    return f"file://{upstream}", work


def pull(repo_url: str, target: Path) -> list[str]:
    # The same call nbgitpuller's /git-pull/api handler makes (a shallow clone, depth 1, by default).
    return list(GitPuller(repo_url, str(target), branch="main").pull())


def push_change(work: Path, path: str, text: str) -> None:
    (work / path).write_text(text, encoding="utf-8")
    git("commit", "--quiet", "-am", f"Upstream change to {path}", cwd=work)
    git("push", "--quiet", "origin", "main", cwd=work)


def test_learner_edits_and_new_files_survive_an_upstream_change_elsewhere(course, tmp_path):
    repo_url, work = course
    learner = tmp_path / "learner" / "course"
    pull(repo_url, learner)
    lesson = learner / "notebooks" / "01-lesson.ipynb"
    assert lesson.exists()

    # The learner writes in the lesson and keeps notes of their own.
    lesson.write_text(notebook("# Lesson 01", "Some text.", "\n".join(f"Line {i}" for i in range(30)),
                               "## Summary", "My answer: not supported."), encoding="utf-8")
    (learner / "notebooks" / "my-notes.md").write_text("My notes\n", encoding="utf-8")
    # The course fixes a figure upstream.
    push_change(work, "data/figures.csv", "year,value\n2024,2\n")

    pull(repo_url, learner)
    assert "My answer: not supported." in lesson.read_text(encoding="utf-8")
    assert (learner / "notebooks" / "my-notes.md").read_text(encoding="utf-8") == "My notes\n"
    assert (learner / "data" / "figures.csv").read_text(encoding="utf-8") == "year,value\n2024,2\n"
    json.loads(lesson.read_text(encoding="utf-8"))  # still a valid notebook


def test_an_upstream_fix_to_another_part_of_the_edited_lesson_merges_with_the_edit(course, tmp_path):
    repo_url, work = course
    learner = tmp_path / "learner" / "course"
    pull(repo_url, learner)
    lesson = learner / "notebooks" / "01-lesson.ipynb"
    body = "\n".join(f"Line {i}" for i in range(30))
    lesson.write_text(notebook("# Lesson 01", "Some text.", body, "## Summary", "My answer."), encoding="utf-8")
    push_change(work, "notebooks/01-lesson.ipynb", notebook("# Lesson 01 (corrected)", "Some text.", body, "## Summary"))

    pull(repo_url, learner)
    merged = json.loads(lesson.read_text(encoding="utf-8"))
    sources = [cell["source"] for cell in merged["cells"]]
    assert sources[0] == "# Lesson 01 (corrected)" and sources[-1] == "My answer."


def test_on_a_conflict_the_learners_version_wins(course, tmp_path):
    repo_url, work = course
    learner = tmp_path / "learner" / "course"
    pull(repo_url, learner)
    lesson = learner / "notebooks" / "01-lesson.ipynb"
    body = "\n".join(f"Line {i}" for i in range(30))
    lesson.write_text(notebook("# Lesson 01", "The learner rewrote this.", body, "## Summary"), encoding="utf-8")
    push_change(work, "notebooks/01-lesson.ipynb", notebook("# Lesson 01", "The course rewrote this.", body, "## Summary"))

    pull(repo_url, learner)
    text = lesson.read_text(encoding="utf-8")
    assert "The learner rewrote this." in text and "The course rewrote this." not in text
    json.loads(text)


def test_a_deleted_lesson_comes_back_on_the_next_pull(course, tmp_path):
    # A learner who broke a notebook beyond repair deletes it and clicks the link again.
    repo_url, work = course
    learner = tmp_path / "learner" / "course"
    pull(repo_url, learner)
    (learner / "notebooks" / "01-lesson.ipynb").unlink()
    pull(repo_url, learner)
    assert json.loads((learner / "notebooks" / "01-lesson.ipynb").read_text(encoding="utf-8"))["cells"]
