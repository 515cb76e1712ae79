"""Errors that the course shows to a learner as a short message instead of a traceback.

Why: a learner who meets a 40-line pandas traceback because a data file was edited or lost
cannot tell what to do next. IPython renders an exception that has ``_render_traceback_``
with only the lines that method returns, so the notebook shows the problem and the fix.
"""
from __future__ import annotations


class CourseError(Exception):
    """Base class for problems the learner (or maintainer) can fix; shown without a traceback."""

    def _render_traceback_(self) -> list[str]:
        return [f"\u26a0\ufe0f  {type(self).__name__}: {self}"]


class DataError(CourseError):
    """A data file is missing, unreadable, or does not match its schema in datapackage.json."""


class QuizBankError(CourseError):
    """A quiz bank (YAML) is missing or does not follow the quiz schema."""
