"""The state of a live session: a fold of its event log.

:class:`SessionState` is the only place that gives meaning to events. It checks that each event
could have happened and raises :class:`EngineError` when one could not, so a damaged log is never
silently read as something else. Consumers treat the state as read-only: only
:class:`~facilitator.engine.session.LiveSession` and replays apply events to it.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from facilitator.domain.case import Participant
from facilitator.domain.notes import Note
from facilitator.domain.process import (
    Direction,
    PhaseTemplate,
    ProcessTemplate,
    RoundTemplate,
    SpeakingOrder,
)
from facilitator.engine.errors import EngineError
from facilitator.engine.events import LoggedEvent, TurnHow
from facilitator.engine.fold import StateCore
from facilitator.engine.piece import upcoming
from facilitator.engine.rotation import by_seat
from facilitator.engine.snapshot import state_snapshot
from facilitator.engine.timers import IDLE, BreakSpan, TimerReading, Timers, active_seconds
from facilitator.engine.turns import ParticipantStatus, RoundStage, RoundState, Turn

# What the state hands out (and the error its fold raises), so readers may import it from here.
__all__ = [
    "EngineError",
    "ParticipantStatus",
    "RoundStage",
    "RoundState",
    "SessionState",
    "Turn",
]


class SessionState(StateCore):
    """Everything about a live session that its events say, and the rules to read it.

    Build it with :meth:`fold`; :meth:`apply` adds one more event. Mutable inside, read-only for
    everyone else: the collections it returns are copies.
    """

    @classmethod
    def fold(cls, events: Iterable[LoggedEvent]) -> SessionState:
        """Fold a whole log, from its first event.

        Raises:
            EngineError: the log is impossible (it does not begin with ``session_started``, has a
                gap in ``seq``, goes back in time, or an event breaks the session's invariants).
        """
        state = cls()
        for logged in events:
            state.apply(logged)
        return state

    # ------------------------------------------------------------------ what the session is

    @property
    def template(self) -> ProcessTemplate:
        """The process template the session runs (the snapshot stored when it started)."""
        if self._template is None:
            raise EngineError("the session has not started")
        return self._template

    @property
    def participants(self) -> dict[str, Participant]:
        """Everyone who ever took part, late joiners included, with their current seats."""
        return dict(self._participants)

    def participant(self, pid: str) -> Participant:
        """One participant by id (``KeyError`` if unknown)."""
        return self._participants[pid]

    def seat_order(self) -> list[str]:
        """Ids of everyone seated, by seat number (those who left keep their seat)."""
        return [p.id for p in by_seat(self._participants.values())]

    @property
    def keeper_id(self) -> str | None:
        """The keeper (or facilitator) the piece returns to; ``None`` if the process has none."""
        return self._keeper_id

    @property
    def direction(self) -> Direction:
        """Which way the piece travels."""
        return self._direction

    @property
    def started(self) -> bool:
        """Whether ``session_started`` has been folded."""
        return self._started

    @property
    def ended(self) -> bool:
        """Whether the session has ended."""
        return self._ended

    @property
    def ended_at(self) -> float | None:
        """Session time the session ended, if it did."""
        return self._ended_at

    @property
    def resume_count(self) -> int:
        """How many times the session was opened again after the app closed."""
        return self._resumes

    # ------------------------------------------------------------------ phase and round

    @property
    def phase_index(self) -> int | None:
        """The current phase, or ``None`` before the first phase is entered."""
        return self._phase_index

    @property
    def phase(self) -> PhaseTemplate | None:
        """The current phase's template."""
        return None if self._phase_index is None else self.template.phases[self._phase_index]

    @property
    def next_round_index(self) -> int | None:
        """The round of the current phase that ``start_round()`` would start, if any is left."""
        phase = self.phase
        if phase is None or self._next_round_index >= len(phase.rounds):
            return None
        return self._next_round_index

    @property
    def round(self) -> RoundState | None:
        """The running round, or ``None`` between rounds."""
        return self._round

    @property
    def round_template(self) -> RoundTemplate | None:
        """The running round's template."""
        rnd = self._round
        return None if rnd is None else self.template.round_at(rnd.phase_index, rnd.round_index)

    @property
    def round_count(self) -> int:
        """How many rounds have started in the whole session."""
        return self._round_count

    # ------------------------------------------------------------------ the piece

    @property
    def holder(self) -> str | None:
        """Who holds the piece, or ``None`` if nobody does."""
        return self._holder

    @property
    def holder_how(self) -> TurnHow | None:
        """How the holder came to hold it."""
        return self._holder_how

    @property
    def holder_since(self) -> float | None:
        """Session time the holder took the piece."""
        return self._holder_since

    @property
    def turns(self) -> list[Turn]:
        """Every turn of the session, oldest first; the last one may still be open."""
        return list(self._turns)

    def next_in_rotation(self) -> str | None:
        """Who "next" would hand the piece to; ``None`` when it would return to the keeper.

        In the rotation: the next in the order without their rotation turn who is still in the
        rotation. During the offer: the next person who passed. In open discussion: the next
        raised hand by the round's policy.
        """
        nxt = upcoming(self)
        return None if nxt is None else nxt[0]

    @property
    def rotation_done(self) -> bool:
        """Whether everyone in the round's order still in the rotation has had their turn."""
        rnd = self._round
        if rnd is None or not rnd.has_rotation:
            return False
        return all(pid in rnd.had_turn or not self.in_rotation(pid) for pid in rnd.order)

    def offer_candidates(self) -> tuple[str, ...]:
        """Who passed on their rotation turn and is still in the rotation, in round order."""
        rnd = self._round
        if rnd is None:
            return ()
        return tuple(pid for pid in rnd.order if pid in rnd.passed and self.in_rotation(pid))

    def status_of(self, pid: str) -> ParticipantStatus:
        """Where ``pid`` stands in the current round (``KeyError`` if unknown)."""
        if pid not in self._participants:
            raise KeyError(pid)
        if pid in self._withdrawn:
            return ParticipantStatus.WITHDRAWN
        if pid in self._left:
            return ParticipantStatus.LEFT
        if pid == self._holder:
            return ParticipantStatus.HOLDING
        return self._status_in_round(pid)

    def _status_in_round(self, pid: str) -> ParticipantStatus:
        rnd = self._round
        if rnd is None:
            return ParticipantStatus.NOT_IN_ROUND
        if pid in rnd.order and pid not in rnd.had_turn and self.in_rotation(pid):
            return ParticipantStatus.WAITING
        for turn in reversed(self._turns):
            if turn.round_no != rnd.round_no:
                break  # turns are in time order: the round's own are at the end
            if turn.participant_id == pid and turn.how is not TurnHow.KEEPER:
                return ParticipantStatus.PASSED if turn.passed else ParticipantStatus.SPOKE
        if rnd.speaking_order is SpeakingOrder.QUEUE and self.in_rotation(pid):
            return ParticipantStatus.WAITING
        return ParticipantStatus.NOT_IN_ROUND

    def prompt_for(self, pid: str) -> tuple[str, ...]:
        """The current round's question(s) for ``pid``'s role (``KeyError`` if unknown)."""
        p = self._participants[pid]
        rt = self.round_template
        return () if rt is None else rt.questions_for(p.role)

    def next_prompt(self) -> tuple[str, str] | None:
        """A peek at what comes next: ``(title, question)`` of the next round.

        The next round of this phase, else the first round of the next phase; a next phase
        without rounds gives its title and an empty question. ``None`` at the end.
        """
        phases = self.template.phases
        if self._phase_index is not None:
            nxt = self.next_round_index
            phase = phases[self._phase_index]
            if nxt is not None:
                return (phase.rounds[nxt].title, phase.rounds[nxt].question)
        following = 0 if self._phase_index is None else self._phase_index + 1
        if following >= len(phases):
            return None
        phase = phases[following]
        if phase.rounds:
            return (phase.rounds[0].title, phase.rounds[0].question)
        return (phase.title, "")

    # ------------------------------------------------------------------ people

    @property
    def left(self) -> frozenset[str]:
        """Who left the session."""
        return frozenset(self._left)

    @property
    def withdrawn(self) -> frozenset[str]:
        """Who withdrew consent."""
        return frozenset(self._withdrawn)

    @property
    def unresolved_withdrawals(self) -> frozenset[str]:
        """Withdrawals whose resolution is not recorded yet: they block finalising an agreement."""
        return frozenset(self._unresolved)

    # ------------------------------------------------------------------ the breaks and time

    @property
    def breaks(self) -> tuple[BreakSpan, ...]:
        """Every break of the session, in order."""
        return tuple(self._breaks)

    @property
    def last_t(self) -> float:
        """Session time of the last event."""
        return self._last_t

    @property
    def last_seq(self) -> int:
        """``seq`` of the last event (0 before any)."""
        return self._last_seq

    @property
    def last_wall(self) -> datetime | None:
        """Wall-clock time of the last event."""
        return self._last_wall

    def active_seconds(self, start: float, end: float) -> float:
        """Seconds between two session times that were not inside a break."""
        return active_seconds(self._breaks, start, self._clamp(end))

    def timers(self, t: float) -> Timers:
        """The timers at session time ``t`` (clamped to the last event and the end).

        Breaks pause every timer: during one, each elapsed stays where it was when it began.
        """
        t = self._clamp(t)
        phases = self.template.phases
        budgets = [p.budget_seconds for p in phases if p.budget_seconds is not None]
        session = TimerReading.of(
            self.active_seconds(self._started_at, t), float(sum(budgets)) if budgets else None
        )
        phase_reading = IDLE
        if self._phase_index is not None:
            phase_reading = TimerReading.of(
                self.active_seconds(self._phase_entered_at, t),
                _budget(phases[self._phase_index].budget_seconds),
            )
        round_reading = IDLE
        speaker_reading = IDLE
        rt = self.round_template
        if self._round is not None and rt is not None:
            round_reading = TimerReading.of(
                self.active_seconds(self._round.started_at, t), _budget(rt.budget_seconds)
            )
        if self._holder_since is not None:
            limit = None
            if self._holder_how is not TurnHow.KEEPER:
                limit = self.template.speaker_limit_seconds
                if rt is not None and rt.speaker_limit_seconds is not None:
                    limit = rt.speaker_limit_seconds
            speaker_reading = TimerReading.of(
                self.active_seconds(self._holder_since, t), _budget(limit)
            )
        return Timers(session, phase_reading, round_reading, speaker_reading)

    @property
    def total_speaking_seconds(self) -> float:
        """All speaking time so far (up to the last event), summed as events came in."""
        open_part = self._open_speaking if self._holder is not None else 0.0
        return self._closed_speaking + open_part

    # ------------------------------------------------------------------ notes

    @property
    def notes(self) -> dict[str, Note]:
        """Every note by id, in the order written; struck notes are kept and marked."""
        return self._notebook.notes

    # ------------------------------------------------------------------ comparison

    def snapshot(self) -> dict[str, Any]:
        """A canonical, JSON-ready picture of the whole state, for comparing two folds."""
        return state_snapshot(self)

    # ------------------------------------------------------------------ internals

    def _clamp(self, t: float) -> float:
        t = max(t, self._last_t)
        return t if self._ended_at is None else min(t, self._ended_at)


def _budget(seconds: int | None) -> float | None:
    return None if seconds is None else float(seconds)
