"""Timers as pure functions of the session timeline: they cannot drift, and breaks pause them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from facilitator.engine.events import BreakKind

#: Share of a budget after which a timer warns that time is nearly up.
NEAR_FRACTION = 0.8


class TimerStatus(StrEnum):
    """How a timer stands against its budget (budgets are soft: over is a hint, not a stop)."""

    OK = "ok"
    NEAR = "near"
    OVER = "over"


@dataclass(frozen=True, slots=True)
class TimerReading:
    """One timer at one moment.

    Attributes:
        elapsed: Active seconds (breaks excluded) since the timer started.
        budget: The soft budget in seconds, or ``None`` when there is none.
        status: ``near`` from 80% of the budget, ``over`` past it; always ``ok`` without budget.
    """

    elapsed: float
    budget: float | None
    status: TimerStatus

    @classmethod
    def of(cls, elapsed: float, budget: float | None) -> TimerReading:
        """Read ``elapsed`` against ``budget``."""
        if budget is None:
            status = TimerStatus.OK
        elif elapsed > budget:
            status = TimerStatus.OVER
        elif elapsed >= NEAR_FRACTION * budget:
            status = TimerStatus.NEAR
        else:
            status = TimerStatus.OK
        return cls(elapsed, budget, status)

    @property
    def remaining(self) -> float | None:
        """Seconds left in the budget (negative when over), or ``None`` without budget."""
        return None if self.budget is None else self.budget - self.elapsed


#: The reading of a timer that is not running (no phase, no round, nobody holding the piece).
IDLE = TimerReading(0.0, None, TimerStatus.OK)


@dataclass(frozen=True, slots=True)
class Timers:
    """The four timers the facilitator sees."""

    session: TimerReading
    phase: TimerReading
    round: TimerReading
    speaker: TimerReading


@dataclass(frozen=True, slots=True)
class BreakSpan:
    """A pause of the session on its timeline.

    Attributes:
        kind: A break, or private family time.
        reason: What the facilitator gave as the reason, if anything.
        start: Session time the break began.
        end: Session time it ended, or ``None`` while it goes on.
    """

    kind: BreakKind
    reason: str
    start: float
    end: float | None = None


def paused_seconds(breaks: Sequence[BreakSpan], until: float) -> float:
    """Seconds of the timeline before ``until`` that fell inside breaks."""
    total = 0.0
    for span in breaks:
        if span.start >= until:
            break  # spans are in timeline order
        end = until if span.end is None else min(span.end, until)
        total += end - span.start
    return total


def active_seconds(breaks: Sequence[BreakSpan], start: float, end: float) -> float:
    """Seconds between ``start`` and ``end`` that were not inside a break."""
    if end <= start:
        return 0.0
    return (end - start) - (paused_seconds(breaks, end) - paused_seconds(breaks, start))
