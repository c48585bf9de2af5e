"""Exports: the session notes PDF, the agreed items CSV and the program statistics."""
