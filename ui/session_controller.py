"""The one bridge between the live-session engine and Qt.

Widgets never call :class:`~facilitator.engine.session.LiveSession` themselves: they call one
method here per command. A command the rules refuse, or that could not be saved, never raises:
it emits :attr:`SessionController.failed` with a message safe to show, and returns a false value
so the caller keeps whatever the facilitator typed. After every command that changed something,
:attr:`SessionController.changed` is emitted (from the engine's listener, so only after the events
are stored and folded).

Opening a session reads the store and folds its whole log, which can be slow on a long session:
:func:`start_live` and :func:`resume_live` are plain functions that a
:class:`~ui.tasks.TaskRunner` can run off the GUI thread; :meth:`SessionController.start` and
:meth:`SessionController.resume` are the synchronous shortcuts.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, QTimer, Signal

from facilitator.domain.case import DomainError, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import ProcessTemplate
from facilitator.engine.clock import Clock
from facilitator.engine.errors import EngineError
from facilitator.engine.events import (
    BreakKind,
    LoggedEvent,
    NoteAdded,
    NoteEdited,
    NoteStruck,
)
from facilitator.engine.log import LogWriteError
from facilitator.engine.people import plan_join
from facilitator.engine.session import LiveSession
from facilitator.engine.state import SessionState
from facilitator.storage.store import Store, StoreError
from ui.live.projection import current_prompt, projector_frame, questions_for_holder
from ui.projector import ProjectorFeed

_NOTE_EVENTS = (NoteAdded, NoteEdited, NoteStruck)


def start_live(store: Store, session_id: str, clock: Clock, keeper_id: str | None) -> LiveSession:
    """Start a planned session from what the store holds (safe to run on a worker thread).

    Raises:
        ConsentMissing: someone in the room has no active consent record.
        SessionRuleError: the session already started, or the keeper is not a participant.
        StoreError: the session cannot be read.
        LogWriteError: the first event could not be stored.
    """
    info = store.get_session(session_id)
    return LiveSession.start(
        store.event_log(session_id),
        clock,
        template=info.template,
        participants=store.participants(session_id),
        consents=store.consents(session_id),
        keeper_id=keeper_id,
    )


def resume_live(store: Store, session_id: str, clock: Clock) -> LiveSession:
    """Open a started session again from its log (safe to run on a worker thread).

    Raises:
        SessionRuleError: the session has not started.
        EngineError: the log is damaged.
        StoreError: the session cannot be read.
        LogWriteError: the resume event could not be stored.
    """
    return LiveSession.resume(store.event_log(session_id), clock)


class SessionController(QObject):
    """Commands in, Qt signals out, for one live session.

    Args:
        live: The running session.
        store: The store it writes to (late joiners and their consent go there first).
        session_id: The stored session.
        parent: Qt owner.
    """

    #: Something in the state changed (after each command's events are stored and folded).
    changed = Signal()
    #: The notes changed (a note added, edited or struck); :attr:`changed` follows too.
    notes_changed = Signal()
    #: A command was refused or could not be saved; the message is safe to show.
    failed = Signal(str)
    #: The question shown for the holder changed (see :meth:`step_question`).
    question_changed = Signal()

    def __init__(
        self, live: LiveSession, store: Store, session_id: str, parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._live = live
        self._store = store
        self._session_id = session_id
        self._last_error: str | None = None
        self._question_index = 0
        self._asked_of: tuple[str | None, int | None] = self._turn_key()
        self._projector_timer = False
        self.projector_feed = ProjectorFeed(self)
        # Only repaints the projector's round timer; the engine owns no timer.
        self._projector_tick = QTimer(self)
        self._projector_tick.setInterval(1000)
        self._projector_tick.timeout.connect(self._feed_projector)
        self._unsubscribe = live.subscribe(self._on_live_events)
        self._feed_projector()

    # ------------------------------------------------------------------ opening

    @classmethod
    def start(
        cls,
        store: Store,
        session_id: str,
        clock: Clock,
        *,
        keeper_id: str | None,
        parent: QObject | None = None,
    ) -> SessionController:
        """Start a planned session and return its controller (see :func:`start_live`)."""
        return cls(start_live(store, session_id, clock, keeper_id), store, session_id, parent)

    @classmethod
    def resume(
        cls, store: Store, session_id: str, clock: Clock, parent: QObject | None = None
    ) -> SessionController:
        """Open a started session again and return its controller (see :func:`resume_live`)."""
        return cls(resume_live(store, session_id, clock), store, session_id, parent)

    def close(self) -> None:
        """Stop listening to the session (the controller sends nothing afterwards)."""
        self._projector_tick.stop()
        self._unsubscribe()

    # ------------------------------------------------------------------ reading

    @property
    def live(self) -> LiveSession:
        """The running session (read its clock with ``live.now()``)."""
        return self._live

    @property
    def state(self) -> SessionState:
        """The current state; treat it as read-only."""
        return self._live.state

    @property
    def session_id(self) -> str:
        """The stored session's id."""
        return self._session_id

    @property
    def template(self) -> ProcessTemplate:
        """The process the session runs."""
        return self._live.state.template

    @property
    def last_error(self) -> str | None:
        """The message of the last refused or failed command, ``None`` after a success."""
        return self._last_error

    # ------------------------------------------------------------------ the question asked

    @property
    def question_index(self) -> int:
        """Which of the holder's questions is being asked (reset when the piece moves)."""
        return self._question_index

    def current_question(self) -> str:
        """The question on the table (what the projector shows as the prompt)."""
        return current_prompt(self.state, self._question_index)

    def step_question(self, delta: int) -> None:
        """Move to the holder's next (``+1``) or previous (``-1``) question."""
        questions = questions_for_holder(self.state)
        if not questions:
            self._fail(self.tr("The holder has no questions in this round."))
            return
        index = min(max(self._question_index + delta, 0), len(questions) - 1)
        if index != self._question_index:
            self._question_index = index
            self.question_changed.emit()
            self._feed_projector()

    # ------------------------------------------------------------------ the projector

    @property
    def projector_timer_shown(self) -> bool:
        """Whether the projector shows the round timer (off by default)."""
        return self._projector_timer

    def set_projector_timer_shown(self, on: bool) -> None:
        """Show or hide the gentle round timer on the projector."""
        self._projector_timer = on
        if on:
            self._projector_tick.start()
        else:
            self._projector_tick.stop()
        self._feed_projector()

    # ------------------------------------------------------------------ phases and rounds

    def enter_phase(self, index: int) -> bool:
        """Move to phase ``index`` (a private phase starts family time)."""
        return self._run(lambda: self._live.enter_phase(index))

    def step_phase(self, delta: int) -> bool:
        """Move to the next (``+1``) or previous (``-1``) phase."""
        current = self.state.phase_index
        index = 0 if current is None and delta > 0 else (current or 0) + delta
        if not 0 <= index < len(self.template.phases) or index == current:
            last = self.tr("This is the last phase.")
            return self._fail(last if delta > 0 else self.tr("This is the first phase."))
        return self.enter_phase(index)

    def start_round(self, round_index: int | None = None) -> bool:
        """Start a round of the current phase (the next one by default)."""
        return self._run(lambda: self._live.start_round(round_index))

    def end_round(self) -> bool:
        """End the running round."""
        return self._run(self._live.end_round)

    # ------------------------------------------------------------------ the piece

    def next_holder(self) -> bool:
        """The holder is done: the piece goes on (or back to the keeper)."""
        return self._run(self._live.next_holder)

    def pass_turn(self) -> bool:
        """The holder passes."""
        return self._run(self._live.pass_turn)

    def back_to_keeper(self) -> bool:
        """The piece returns to the keeper (outside a round, the keeper takes the word)."""
        if self.state.round is None:
            return self.keeper_speaks()
        return self._run(self._live.back_to_keeper)

    def hand_to(self, pid: str) -> bool:
        """Hand the piece to ``pid`` out of order."""
        return self._run(lambda: self._live.hand_to(pid))

    def keeper_speaks(self) -> bool:
        """The keeper takes the word."""
        return self._run(self._live.keeper_speaks)

    def offer_to_passers(self) -> bool:
        """Offer the piece again to those who passed."""
        return self._run(self._live.offer_to_passers)

    def raise_hand(self, pid: str) -> bool:
        """Open discussion: ``pid`` asks for the word."""
        return self._run(lambda: self._live.raise_hand(pid))

    def lower_hand(self, pid: str) -> bool:
        """Open discussion: ``pid`` withdraws their hand."""
        return self._run(lambda: self._live.lower_hand(pid))

    def set_least_spoken_first(self, on: bool) -> bool:
        """Open discussion: those who have spoken least go first."""
        return self._run(lambda: self._live.set_least_spoken_first(on))

    # ------------------------------------------------------------------ people

    def join_late(
        self, participant: Participant, consent: ConsentRecord | None, after_seat: int | None = None
    ) -> bool:
        """Someone joins late: stored with their consent first, then recorded in the session."""

        def work() -> None:
            # The rules first, so that nobody is stored whom the session would then refuse.
            plan_join(self.state, participant, consent, after_seat)
            self._store.add_participant(self._session_id, participant)
            if consent is not None:
                self._store.record_consent(self._session_id, consent)
            self._live.join_late(participant, consent, after_seat)

        return self._run(work)

    def leave(self, pid: str, reason: str = "") -> bool:
        """``pid`` leaves the session."""
        return self._run(lambda: self._live.leave(pid, reason))

    def withdraw_consent(self, pid: str, recorded_by: str, note: str = "") -> bool:
        """``pid`` withdraws consent."""
        return self._run(lambda: self._live.withdraw_consent(pid, recorded_by, note))

    def resolve_withdrawal(self, pid: str, resolution: str, recorded_by: str) -> bool:
        """Record how ``pid``'s withdrawal was resolved."""
        return self._run(lambda: self._live.resolve_withdrawal(pid, resolution, recorded_by))

    # ------------------------------------------------------------------ breaks and the end

    def toggle_break(self) -> bool:
        """Start a break, or end the break (or family time) going on."""
        if self.state.on_break is not None:
            return self._run(self._live.end_break)
        return self._run(lambda: self._live.start_break(BreakKind.BREAK))

    def end_session(self, reason: str = "") -> bool:
        """End the session."""
        return self._run(lambda: self._live.end_session(reason))

    # ------------------------------------------------------------------ notes

    def add_note(
        self, kind: NoteKind, text: str, visibility: Visibility = Visibility.FACILITATOR_ONLY
    ) -> str | None:
        """Write a note; its id once it is stored, or ``None`` (and :attr:`failed`) if not."""
        added: list[str] = []
        self._run(lambda: added.append(self._live.add_note(kind, text, visibility)))
        return added[0] if added else None

    def edit_note(
        self,
        note_id: str,
        text: str,
        kind: NoteKind | None = None,
        visibility: Visibility | None = None,
    ) -> bool:
        """Change a note (its earlier version stays in its history)."""
        return self._run(lambda: self._live.edit_note(note_id, text, kind, visibility))

    def strike_note(self, note_id: str, reason: str = "") -> bool:
        """Strike a note out (it stays in the record, marked)."""
        return self._run(lambda: self._live.strike_note(note_id, reason))

    # ------------------------------------------------------------------ internals

    def _run(self, command: Callable[[], object]) -> bool:
        try:
            command()
        except (DomainError, LogWriteError, StoreError) as exc:
            # Their messages are written to be shown: no names, no note text.
            return self._fail(str(exc))
        except EngineError:
            return self._fail(
                self.tr(
                    "The session could not be updated because of an internal error. Close the "
                    "session and open it again; everything saved so far is kept."
                )
            )
        self._last_error = None
        return True

    def _fail(self, message: str) -> bool:
        self._last_error = message
        self.failed.emit(message)
        return False

    def _turn_key(self) -> tuple[str | None, int | None]:
        rnd = self.state.round
        return (self.state.holder, None if rnd is None else rnd.round_no)

    def _on_live_events(self, events: Sequence[LoggedEvent]) -> None:
        key = self._turn_key()
        if key != self._asked_of:
            self._asked_of = key
            self._question_index = 0
        if any(isinstance(e.event, _NOTE_EVENTS) for e in events):
            self.notes_changed.emit()
        self.changed.emit()
        self._feed_projector()

    def _feed_projector(self) -> None:
        self.projector_feed.set_frame(
            projector_frame(
                self.state,
                self._live.now(),
                question_index=self._question_index,
                show_timer=self._projector_timer,
            )
        )
