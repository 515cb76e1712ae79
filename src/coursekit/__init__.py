"""Shared helpers for the course "Paper tiger? Testing a claim about the Russia–China partnership".

Modules, one job each:
``data`` loads the evidence base through data/datapackage.json; ``charts`` gives every chart
the course look and its title, source line and description; ``quiz`` shows question banks;
``checks`` and ``checkers`` give exercise feedback; ``exercise_builder`` makes exercises from
solutions; ``notebook_outputs`` keeps the figures nbval checks; ``pins`` reads environment.yml.
"""
__version__ = "0.1.0"
