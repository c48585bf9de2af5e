"""The live-session engine: an append-only event log, and the state as a fold of it."""
