"""Lesson 09's synthesis models, as plain functions tested without a browser (the widgets are in ``explorers``).

``ledger`` (the learner's verdicts beside the course's readings), ``hypotheses`` (competing-hypotheses scoring),
``allocation`` (the transparent budget model) and ``takeaway`` (the record to download, and bringing a saved
progress file back). Calibration, used by every lesson's predictions, stays in :mod:`coursekit.calibration`.
"""
