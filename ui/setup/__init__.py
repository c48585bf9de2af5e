"""Setting up a session before it starts: case, process, people, consent, seats, checklist."""
