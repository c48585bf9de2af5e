"""What happened in a session, in order: read by folding its stored log with the engine.

Every entry comes from the engine's own state after it folded an event (the phase it entered, the
round's title, the turn it opened, how long that turn lasted once the fold closed it), so the
review never applies a rule of its own: what the live session counted is what the review shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from PySide6.QtCore import QCoreApplication

from facilitator.engine.events import (
    BreakKind,
    BreakStarted,
    ConsentWithdrawn,
    HandRaised,
    LoggedEvent,
    OfferedToPassers,
    ParticipantJoined,
    ParticipantLeft,
    PhaseEntered,
    PieceReturned,
    RoundStarted,
    SessionEnded,
    SessionResumed,
    SessionStarted,
    TurnBegan,
    TurnHow,
    WithdrawalResolved,
)
from facilitator.engine.state import SessionState
from facilitator.engine.turns import Turn
from ui.live.look import clock_text


def _tr(text: str) -> str:
    return QCoreApplication.translate("timeline", text)


class EntryKind(StrEnum):
    """What a timeline entry is, for its place and its look."""

    SESSION = "session"
    PHASE = "phase"
    ROUND = "round"
    TURN = "turn"
    BREAK = "break"
    PEOPLE = "people"
    """Someone joined, left or withdrew consent, or a withdrawal was resolved."""
    PIECE = "piece"
    """The piece was offered again, or a hand was raised."""


@dataclass(slots=True)
class TimelineEntry:
    """One line of the timeline.

    Attributes:
        kind: What it is.
        t: Session time it happened at, in seconds.
        text: What happened, in words.
        participant_id: Who it is about, if anyone.
        detail: How long it lasted, or how a turn ended ("passed").
        children: Entries inside it (a phase holds its rounds, a round its turns).
    """

    kind: EntryKind
    t: float
    text: str
    participant_id: str | None = None
    detail: str = ""
    children: list[TimelineEntry] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Review:
    """A folded session: its final state and its timeline."""

    state: SessionState
    entries: tuple[TimelineEntry, ...]


def build_review(events: Sequence[LoggedEvent]) -> Review:
    """Fold ``events`` and describe each step.

    Raises:
        facilitator.engine.errors.EngineError: the log cannot have happened (damaged).
    """
    builder = _Builder()
    for logged in events:
        builder.step(logged)
    return builder.finish()


class _Builder:
    def __init__(self) -> None:
        self.state = SessionState()
        self.top: list[TimelineEntry] = []
        self.phase: TimelineEntry | None = None
        self.round: TimelineEntry | None = None
        # Entries whose length is known only once the fold closes them.
        self.turn_entries: dict[int, TimelineEntry] = {}
        self.break_entries: dict[int, TimelineEntry] = {}

    def step(self, logged: LoggedEvent) -> None:
        turns_before = len(self.state.turns)
        breaks_before = len(self.state.breaks)
        had_round = self.state.round is not None
        self.state.apply(logged)
        event, t = logged.event, logged.t
        if had_round and self.state.round is None:
            self.round = None
        entry = self._describe(event, t)
        if len(self.state.turns) > turns_before:
            turn_entry = self._turn_entry(self.state.turns[-1], event)
            self.turn_entries[len(self.state.turns) - 1] = turn_entry
            self._place(turn_entry)
        if entry is not None:
            self._place(entry)
        if len(self.state.breaks) > breaks_before and entry is not None:
            self.break_entries[len(self.state.breaks) - 1] = entry

    def finish(self) -> Review:
        turns = self.state.turns
        for index, entry in self.turn_entries.items():
            entry.detail = _turn_detail(self.state, turns[index])
        breaks = self.state.breaks
        for index, entry in self.break_entries.items():
            span = breaks[index]
            entry.detail = (
                _tr("still on") if span.end is None else clock_text(span.end - span.start)
            )
        return Review(self.state, tuple(self.top))

    # ------------------------------------------------------------------ placing

    def _place(self, entry: TimelineEntry) -> None:
        if entry.kind is EntryKind.PHASE:
            self.top.append(entry)
            self.phase, self.round = entry, None
        elif entry.kind is EntryKind.ROUND:
            self._in_phase(entry)
            self.round = entry
        elif entry.kind is EntryKind.SESSION:
            self.top.append(entry)
        elif self.round is not None:
            self.round.children.append(entry)
        else:
            self._in_phase(entry)

    def _in_phase(self, entry: TimelineEntry) -> None:
        (self.phase.children if self.phase is not None else self.top).append(entry)

    # ------------------------------------------------------------------ words

    def _name(self, pid: str) -> str:
        p = self.state.participants.get(pid)
        return "" if p is None else p.display_name

    def _turn_entry(self, turn: Turn, event: object) -> TimelineEntry:
        name = self._name(turn.participant_id)
        texts = {
            TurnHow.ROTATION: "{name}",
            TurnHow.OUT_OF_ORDER: _tr("{name} (handed the piece out of order)"),
            TurnHow.OFFER: _tr("{name} (offered the piece again)"),
            TurnHow.QUEUE: _tr("{name} (raised hand)"),
            TurnHow.KEEPER: _tr("{name} (keeper)"),
        }
        text = texts[turn.how].format(name=name)
        if isinstance(event, PieceReturned):
            text = _tr("The piece returns to the keeper: {name}").format(name=name)
        return TimelineEntry(EntryKind.TURN, turn.start, text, turn.participant_id)

    def _describe(self, event: object, t: float) -> TimelineEntry | None:  # noqa: PLR0911 - one branch per event
        state = self.state
        if isinstance(event, SessionStarted):
            text = _tr("Session started: {process}, {count} people").format(
                process=state.template.name, count=len(state.participants)
            )
            return TimelineEntry(EntryKind.SESSION, t, text)
        if isinstance(event, SessionResumed):
            return TimelineEntry(EntryKind.SESSION, t, _tr("Opened again after the app closed"))
        if isinstance(event, SessionEnded):
            return TimelineEntry(EntryKind.SESSION, t, _tr("Session ended"))
        if isinstance(event, PhaseEntered):
            title = state.template.phases[event.phase_index].title
            return TimelineEntry(EntryKind.PHASE, t, _tr("Phase: {title}").format(title=title))
        if isinstance(event, RoundStarted):
            rt = state.template.round_at(event.phase_index, event.round_index)
            text = _tr("Round {number}: {title}").format(number=event.round_no, title=rt.title)
            return TimelineEntry(EntryKind.ROUND, t, text)
        if isinstance(event, BreakStarted):
            text = _tr("Family time") if event.break_kind is BreakKind.FAMILY_TIME else _tr("Break")
            return TimelineEntry(EntryKind.BREAK, t, text)
        if isinstance(event, OfferedToPassers):
            text = QCoreApplication.translate(
                "timeline", "The piece is offered again to %n who passed", "", len(event.order)
            )
            return TimelineEntry(EntryKind.PIECE, t, text)
        return self._people(event, t)

    def _people(self, event: object, t: float) -> TimelineEntry | None:
        words: tuple[str, str] | None = None
        if isinstance(event, TurnBegan | PieceReturned):
            return None  # the turn entry says it
        if isinstance(event, HandRaised):
            words = (event.participant_id, _tr("{name} raised a hand"))
        elif isinstance(event, ParticipantJoined):
            pid = str(event.participant.get("id", ""))
            words = (pid, _tr("{name} joined"))
        elif isinstance(event, ParticipantLeft):
            words = (event.participant_id, _tr("{name} left"))
        elif isinstance(event, ConsentWithdrawn):
            words = (event.participant_id, _tr("{name} withdrew consent"))
        elif isinstance(event, WithdrawalResolved):
            words = (event.participant_id, _tr("{name}'s withdrawal was resolved"))
        if words is None:
            return None
        pid, text = words
        kind = EntryKind.PIECE if isinstance(event, HandRaised) else EntryKind.PEOPLE
        return TimelineEntry(kind, t, text.format(name=self._name(pid)), pid)


def _turn_detail(state: SessionState, turn: Turn) -> str:
    if turn.passed:
        return _tr("passed")
    if turn.end is None:
        return clock_text(state.active_seconds(turn.start, state.last_t))
    return clock_text(turn.speaking_seconds)
