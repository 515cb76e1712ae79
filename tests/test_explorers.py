"""The table explorer answers its question: pick a value, see exactly the matching rows."""
from __future__ import annotations

import pandas as pd

from coursekit.explorers import ALL, rows_matching, table_explorer

FRAME = pd.DataFrame({"lesson": ["01", "01", "02"], "claim": ["a", "b", pd.NA]}).astype("string")


def test_rows_matching():
    assert rows_matching(FRAME, "lesson", "01")["claim"].tolist() == ["a", "b"]
    assert len(rows_matching(FRAME, "lesson", ALL)) == 3


def test_widget_starts_on_first_value_and_updates():
    box = table_explorer(FRAME, "lesson", ["lesson", "claim"], "Lesson:")
    picker, table, _keyboard_guard = box.children
    assert picker.value == "01" and "<p>2 rows</p>" in table.value
    picker.value = "02"
    assert "<p>1 row</p>" in table.value and "&lt;NA&gt;" not in table.value and "<NA>" not in table.value
    picker.value = ALL
    assert "<p>3 rows</p>" in table.value


def test_a_long_table_says_how_many_rows_are_shown():
    frame = pd.DataFrame({"lesson": ["01"] * 5, "claim": list("abcde")})
    table = table_explorer(frame, column="lesson", show=["claim"], label="L", initial=ALL, max_rows=3).children[1]
    assert "<p>5 rows (the first 3 are shown)</p>" in table.value
    assert table.value.count("<td>") == 3
