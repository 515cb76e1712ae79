"""Exercise checkers, one module per lesson (``lesson00`` ...)."""
