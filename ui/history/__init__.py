"""The history of past sessions: the list, and a read-only review of one session."""
