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
    picker, table = box.children
    assert picker.value == "01" and "<p>2 rows</p>" in table.value
    picker.value = "02"
    assert "<p>1 row</p>" in table.value and "&lt;NA&gt;" not in table.value and "<NA>" not in table.value
    picker.value = ALL
    assert "<p>3 rows</p>" in table.value
