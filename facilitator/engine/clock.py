"""Injected time. The engine never sleeps and never counts ticks, so timers cannot drift."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    """Where the engine gets time from."""

    def monotonic(self) -> float:
        """Seconds on a clock that never goes backwards (for durations)."""
        ...

    def wall(self) -> datetime:
        """The current wall-clock time, timezone-aware UTC (for the record and for idle time)."""
        ...


class SystemClock:
    """The real clocks of this machine."""

    def monotonic(self) -> float:
        """See :meth:`Clock.monotonic`."""
        return time.monotonic()

    def wall(self) -> datetime:
        """See :meth:`Clock.wall`."""
        return datetime.now(UTC)


class FakeClock:
    """A clock that only moves when told to: for tests, replays and benchmarks."""

    def __init__(self, start: float = 1000.0, wall_start: datetime | None = None) -> None:
        self._now = start
        self._wall = wall_start or datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

    def monotonic(self) -> float:
        """See :meth:`Clock.monotonic`."""
        return self._now

    def wall(self) -> datetime:
        """See :meth:`Clock.wall`."""
        return self._wall

    def advance(self, seconds: float) -> None:
        """Move both clocks forward by ``seconds`` (never backwards)."""
        if seconds < 0:
            raise ValueError("a clock cannot go backwards")
        self._now += seconds
        self._wall += timedelta(seconds=seconds)
