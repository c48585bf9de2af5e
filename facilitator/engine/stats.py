"""Speaking statistics, computed from the turns (the fold keeps its own total to check them)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from facilitator.engine.state import SessionState


@dataclass(frozen=True, slots=True)
class SpeakerStats:
    """How much one person has spoken.

    Attributes:
        turns: Turns that did not end in a pass (a turn still going on counts).
        passes: Turns that ended in a pass.
        total_seconds: Speaking time, breaks excluded.
        median_seconds: Median length of the turns that spoke (0 without any).
    """

    turns: int
    passes: int
    total_seconds: float
    median_seconds: float


def speaking_stats(state: SessionState, at: float | None = None) -> dict[str, SpeakerStats]:
    """Speaking statistics for every participant (zeros for those who never held the piece).

    Args:
        state: The session state.
        at: Session time up to which a turn still going on counts; the last event by default.
    """
    t = state.last_t if at is None else at
    spoken: dict[str, list[float]] = {pid: [] for pid in state.participants}
    passes: dict[str, int] = dict.fromkeys(spoken, 0)
    for turn in state.turns:
        if turn.passed:
            passes[turn.participant_id] += 1
        elif turn.end is None:
            spoken[turn.participant_id].append(state.active_seconds(turn.start, t))
        else:
            spoken[turn.participant_id].append(turn.speaking_seconds)
    return {
        pid: SpeakerStats(
            turns=len(secs),
            passes=passes[pid],
            total_seconds=sum(secs),
            median_seconds=statistics.median(secs) if secs else 0.0,
        )
        for pid, secs in spoken.items()
    }
