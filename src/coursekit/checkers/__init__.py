"""Exercise checkers, one module per lesson (``lesson00`` ...).

Importing them also makes a NameError in the learner's kernel say what to do (see
:func:`coursekit.checks.explain_missing_names`)."""
from coursekit.checks import explain_missing_names

explain_missing_names()
