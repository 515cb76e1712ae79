"""Shared helpers for the course "Paper tiger? Testing a claim about the Russia–China partnership".

The package in three parts (a newcomer should be able to find anything from this list):

Core, used by every lesson:
``data`` loads the evidence base through data/datapackage.json; ``errors`` turns problems into
one-line messages; ``charts`` gives every chart the course look, source line and description;
``answers`` reads sourced figures from data/ as answers and numbers from what learners type;
``banks`` reads the YAML banks and the lesson catalogue; ``quiz`` shows question banks; ``predictions`` asks for a
prediction before the data and reveals it after; ``calibration`` scores all of a learner's
predictions; ``verdicts`` puts the article's claims (as propositions) on trial; ``progress``
keeps the learner's answers in one JSON file; ``checks`` is the shared toolkit of the exercise
checkers; ``widget_tools`` holds what every widget needs (re-run safety, keyboard operation).

``explorers/``: the generic table explorer and the interactive models of single lessons.
``checkers/``: one module of exercise feedback per lesson.
``maintainer/``: tools for the people who keep the course (lesson table, data README,
exercise builder, checked outputs, version pins); lessons never import them.
"""
__version__ = "0.1.0"

import gc as _gc

# A lesson's kernel holds about 110,000 long-lived objects from the libraries imported before this package
# (IPython, the kernel, pandas, Altair and its Vega-Lite schema). Python's full garbage collections rescan
# all of them, and a lesson's widgets and charts set off two such collections, each about 40 ms of
# CPU time on the course VM (bench: a lesson should run within 1.5x a bare kernel start). gc.freeze()
# moves the objects that exist now into a generation the collector no longer scans; the same full
# collections then take about 4 ms. Objects made later are collected as usual. Every lesson imports
# Altair and pandas before coursekit, so they are among the frozen objects.
_gc.freeze()
