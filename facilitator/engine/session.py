"""The live session: the one writer of a session's event log.

Every command follows the same three steps (docs/architecture.md, "The live session is an event
log"): check the rules against the current state and build the events; append them to the log in
one unit of work; only then fold them into the state and tell the listeners. If the append fails
(:class:`~facilitator.engine.log.LogWriteError`), nothing changed and the error propagates.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from facilitator.domain.case import Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.ids import new_id
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import Direction, ProcessTemplate
from facilitator.engine import people, piece
from facilitator.engine.clock import Clock
from facilitator.engine.errors import SessionRuleError
from facilitator.engine.events import (
    BreakEnded,
    BreakKind,
    BreakStarted,
    Event,
    LoggedEvent,
    NoteAdded,
    NoteEdited,
    NoteStruck,
    RoundEnded,
    SessionEnded,
    SessionResumed,
)
from facilitator.engine.guards import check_free_text, check_note_text, require_live
from facilitator.engine.log import EventLog
from facilitator.engine.state import SessionState
from facilitator.engine.timers import Timers

#: Called with the events of one command, after they are stored and folded into the state.
Listener = Callable[[Sequence[LoggedEvent]], None]


class LiveSession:
    """A session being run: commands in, events out, state always a fold of the stored log.

    Create one with :meth:`start` or :meth:`resume`, never directly.
    """

    def __init__(self, log: EventLog, clock: Clock, state: SessionState) -> None:
        self._log = log
        self._clock = clock
        self._state = state
        self._listeners: list[Listener] = []
        # The session timeline continues from the last event; this process's monotonic clock has
        # its own origin, so anchor the one to the other.
        self._anchor_t = state.last_t
        self._anchor_mono = clock.monotonic()

    # ------------------------------------------------------------------ life cycle

    @classmethod
    def start(
        cls,
        log: EventLog,
        clock: Clock,
        *,
        template: ProcessTemplate,
        participants: Sequence[Participant],
        consents: Sequence[ConsentRecord],
        keeper_id: str | None,
        direction: Direction | None = None,
    ) -> LiveSession:
        """Start a session on an empty log, at session time 0.

        Args:
            log: Where the events go; must be empty.
            clock: Where time comes from.
            template: The process to run (a snapshot is stored in the first event).
            participants: Everyone taking part, with their seats.
            consents: Consent records; everyone in the room needs an active one.
            keeper_id: The keeper the piece returns to, or ``None`` for a process without one.
            direction: Which way the piece travels; the template's default if ``None``.

        Raises:
            ConsentMissing: someone in the room has no active consent record.
            SessionRuleError: the log is not empty, or the participants or keeper are invalid.
            LogWriteError: the first event could not be stored.
        """
        if log.read():
            raise SessionRuleError("This session has already started; resume it instead.")
        first = people.plan_start(template, participants, consents, keeper_id, direction)
        session = cls(log, clock, SessionState())
        session._commit([first])
        return session

    @classmethod
    def resume(cls, log: EventLog, clock: Clock) -> LiveSession:
        """Open a session again from its stored log (after closing the app, or a crash).

        The timeline continues from the last event, so every timer reads what it read then.
        A session not yet ended gets a ``session_resumed`` event with the wall-clock gap.

        Raises:
            SessionRuleError: the log is empty.
            EngineError: the log is impossible.
            LogWriteError: the resume event could not be stored.
        """
        events = log.read()
        if not events:
            raise SessionRuleError("This session has not started yet.")
        session = cls(log, clock, SessionState.fold(events))
        if not session._state.ended:
            gap = (clock.wall() - events[-1].wall).total_seconds()
            session._commit([SessionResumed(wall_gap_seconds=gap)])
        return session

    # ------------------------------------------------------------------ reading

    @property
    def state(self) -> SessionState:
        """The current state (read-only for callers)."""
        return self._state

    def now(self) -> float:
        """The current session time in seconds."""
        return max(self._anchor_t + (self._clock.monotonic() - self._anchor_mono), 0.0)

    def session_timers(self) -> Timers:
        """The timers now."""
        return self._state.timers(self.now())

    def subscribe(self, listener: Listener) -> Callable[[], None]:
        """Call ``listener`` with each command's events once they are stored and folded.

        Listeners must not raise and must not issue commands from inside the call.

        Returns:
            A function that unsubscribes the listener.
        """
        self._listeners.append(listener)

        def unsubscribe() -> None:
            if listener in self._listeners:
                self._listeners.remove(listener)

        return unsubscribe

    # ------------------------------------------------------------------ phases and rounds

    def enter_phase(self, index: int) -> None:
        """Move to phase ``index`` (any phase); a private phase starts family time."""
        self._commit(piece.plan_enter_phase(self._state, index))

    def start_round(self, round_index: int | None = None) -> None:
        """Start a round of the current phase (the next one if ``None``)."""
        self._commit(piece.plan_start_round(self._state, round_index))

    def end_round(self) -> None:
        """End the running round."""
        self._commit(piece.plan_end_round(self._state))

    # ------------------------------------------------------------------ the piece

    def next_holder(self) -> None:
        """The holder is done: the piece goes on, or returns to the keeper when nobody is left."""
        self._commit(piece.plan_next(self._state))

    def pass_turn(self) -> None:
        """The holder passes; the piece goes on."""
        self._commit(piece.plan_pass(self._state))

    def back_to_keeper(self) -> None:
        """The keeper calls the piece back."""
        self._commit(piece.plan_back_to_keeper(self._state))

    def hand_to(self, pid: str) -> None:
        """Hand the piece to ``pid`` out of order (it uses up no rotation turn)."""
        self._commit(piece.plan_hand_to(self._state, pid))

    def keeper_speaks(self) -> None:
        """The keeper takes the word."""
        self._commit(piece.plan_keeper_speaks(self._state))

    def offer_to_passers(self) -> None:
        """After the rotation, offer the piece again to those who passed."""
        self._commit(piece.plan_offer(self._state))

    def raise_hand(self, pid: str) -> None:
        """Open discussion: ``pid`` asks for the word."""
        self._commit(piece.plan_raise_hand(self._state, pid))

    def lower_hand(self, pid: str) -> None:
        """Open discussion: ``pid`` withdraws their hand."""
        self._commit(piece.plan_lower_hand(self._state, pid))

    def set_least_spoken_first(self, on: bool) -> None:
        """Open discussion: whether those who have spoken least go first."""
        self._commit(piece.plan_queue_policy(self._state, on))

    # ------------------------------------------------------------------ people

    def join_late(
        self, participant: Participant, consent: ConsentRecord | None, after_seat: int | None = None
    ) -> None:
        """Someone joins late (see :func:`facilitator.engine.people.plan_join` for the seat)."""
        self._commit(people.plan_join(self._state, participant, consent, after_seat))

    def leave(self, pid: str, reason: str = "") -> None:
        """``pid`` leaves the session."""
        self._commit(people.plan_leave(self._state, pid, reason))

    def withdraw_consent(self, pid: str, recorded_by: str, note: str = "") -> None:
        """``pid`` withdraws consent."""
        self._commit(people.plan_withdraw(self._state, pid, recorded_by, note))

    def resolve_withdrawal(self, pid: str, resolution: str, recorded_by: str) -> None:
        """Record how ``pid``'s consent withdrawal was resolved."""
        self._commit(people.plan_resolve(self._state, pid, resolution, recorded_by))

    # ------------------------------------------------------------------ breaks and the end

    def start_break(self, kind: BreakKind = BreakKind.BREAK, reason: str = "") -> None:
        """Pause the session: every timer stops."""
        require_live(self._state)
        check_free_text(reason, "A reason")
        if self._state.on_break is not None:
            raise SessionRuleError("The session is already paused.")
        self._commit([BreakStarted(kind, reason)])

    def end_break(self) -> None:
        """End the break (or family time)."""
        require_live(self._state)
        if self._state.on_break is None:
            raise SessionRuleError("There is no break to end.")
        self._commit([BreakEnded()])

    def end_session(self, reason: str = "") -> None:
        """End the session, ending any break and round first."""
        require_live(self._state)
        check_free_text(reason, "A reason")
        events: list[Event] = []
        if self._state.on_break is not None:
            events.append(BreakEnded())
        if self._state.round is not None:
            events.append(RoundEnded())
        events.append(SessionEnded(reason))
        self._commit(events)

    # ------------------------------------------------------------------ notes

    def add_note(
        self, kind: NoteKind, text: str, visibility: Visibility = Visibility.FACILITATOR_ONLY
    ) -> str:
        """Write a note, tied to the current phase, round and holder; return its id.

        Notes may be written during breaks.
        """
        state = self._state
        require_live(state)
        check_note_text(text)
        note_id = new_id()
        rnd = state.round
        self._commit(
            [
                NoteAdded(
                    note_id,
                    kind,
                    visibility,
                    text,
                    state.phase_index,
                    None if rnd is None else rnd.round_no,
                    state.holder,
                )
            ]
        )
        return note_id

    def edit_note(
        self,
        note_id: str,
        text: str,
        kind: NoteKind | None = None,
        visibility: Visibility | None = None,
    ) -> None:
        """Change a note; the earlier version stays in its history. No change records nothing."""
        require_live(self._state)
        note = self._state.notes.get(note_id)
        if note is None:
            raise SessionRuleError("Unknown note.")
        if note.struck:
            raise SessionRuleError("A struck note cannot be edited.")
        check_note_text(text)
        kind = note.kind if kind is None else kind
        visibility = note.visibility if visibility is None else visibility
        if (text, kind, visibility) == (note.text, note.kind, note.visibility):
            return
        self._commit([NoteEdited(note_id, text, kind, visibility)])

    def strike_note(self, note_id: str, reason: str = "") -> None:
        """Strike a note out; it stays in the record, marked as struck."""
        require_live(self._state)
        check_free_text(reason, "A reason")
        note = self._state.notes.get(note_id)
        if note is None:
            raise SessionRuleError("Unknown note.")
        if note.struck:
            raise SessionRuleError("The note is already struck.")
        self._commit([NoteStruck(note_id, reason)])

    # ------------------------------------------------------------------ writing

    def _commit(self, events: Sequence[Event]) -> None:
        """Append ``events`` as one unit of work, then fold them in and tell the listeners."""
        if not events:
            return
        t = max(self.now(), self._state.last_t)
        wall = self._clock.wall()
        first = self._state.last_seq + 1
        logged = [LoggedEvent(first + i, t, wall, event) for i, event in enumerate(events)]
        self._log.append(logged)  # raises LogWriteError with nothing written: state untouched
        for item in logged:
            self._state.apply(item)
        for listener in list(self._listeners):
            listener(logged)
