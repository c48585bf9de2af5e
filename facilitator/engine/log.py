"""Where a live session's events go. The store implements this; so does an in-memory log."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from facilitator.engine.events import LoggedEvent


class EventLog(Protocol):
    """An append-only log of one session's events.

    ``append`` must make the events durable (committed) before it returns, all or none: the
    engine acknowledges an action only after this call came back.
    """

    def append(self, events: Sequence[LoggedEvent]) -> None:
        """Durably append ``events`` (consecutive ``seq`` numbers) in one unit of work.

        Raises:
            LogWriteError: nothing was written (disk full, I/O error, a conflicting writer).
        """
        ...

    def read(self) -> list[LoggedEvent]:
        """All events of the session, in ``seq`` order."""
        ...


class LogWriteError(RuntimeError):
    """Appending to the log failed and nothing was written. Safe to show; holds no content."""


class MemoryEventLog:
    """An event log in memory: for tests of the fold and for previews. Not durable."""

    def __init__(self, events: Sequence[LoggedEvent] = ()) -> None:
        self._events: list[LoggedEvent] = list(events)

    def append(self, events: Sequence[LoggedEvent]) -> None:
        """See :meth:`EventLog.append`."""
        expected = len(self._events) + 1
        for offset, logged in enumerate(events):
            if logged.seq != expected + offset:
                raise LogWriteError(f"out-of-sequence event {logged.seq}, expected {expected}")
        self._events.extend(events)

    def read(self) -> list[LoggedEvent]:
        """See :meth:`EventLog.read`."""
        return list(self._events)
