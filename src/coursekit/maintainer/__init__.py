"""Tools for the people who keep the course, never imported by a lesson.

``catalog`` writes README's lesson table from course.yml; ``data_readme`` writes data/README.md
from the Data Package; ``exercise_builder`` makes exercises/ from solutions/; ``notebook_outputs``
strips and refreshes the figures nbval checks; ``pins`` reads environment.yml (standard library
only: it runs before anything is installed).
"""
