"""Circle Facilitator core: domain, live-session engine, storage. No Qt here."""

__version__ = "0.1.0"
