"""Follow-up screens: the overview of what is due, an agreement's progress, closing a case."""
