"""Plain typed domain objects and rules: no I/O, no Qt, no SQL."""
