"""Interactive explorers: the generic table explorer and the models one lesson each uses.

``table`` (any lesson: pick a value, read the matching rows), ``claim_sorter`` and
``joint_record`` (01), ``scorecard`` (02), ``trade_shares`` (03), ``estimate_ranges`` (04), ``trade_yardsticks`` (05), ``concentration`` (07);
lesson 09's ``ledger_view``, ``hypothesis_matrix``, ``budget``, ``reflection`` and ``takeaway_view``, whose plain
models live in :mod:`coursekit.synthesis`.
Each keeps its rules in plain, tested functions; the widgets only call them.
"""
from coursekit.explorers.table import ALL, rows_matching, table_explorer

__all__ = ["ALL", "rows_matching", "table_explorer"]
