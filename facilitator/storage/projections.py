"""Rows derived from the event log, kept in the same transaction as the events.

The log is the record; these rows let the store answer questions without folding a whole log
(which sessions are running, who joined late, whose consent was withdrawn, the current text of
every note). Appending events and importing a session both go through :func:`apply_events`, so a
store rebuilt from an export holds exactly what the original held.

A projection never refuses an event the engine logged: an edit of a note the projection does
not hold, or a withdrawal with no active consent on record, leaves the rows as they are.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from facilitator.domain.case import participant_from_dict
from facilitator.domain.session import SessionStatus
from facilitator.engine.events import (
    ConsentWithdrawn,
    Event,
    LoggedEvent,
    NoteAdded,
    NoteEdited,
    NoteStruck,
    ParticipantJoined,
    SessionEnded,
    SessionStarted,
)
from facilitator.storage.mapping import participant_values
from facilitator.storage.people import next_position
from facilitator.storage.records import ConsentRow, NoteRow, ParticipantRow, SessionRow
from facilitator.storage.search import index_note, index_people

_Handler = Callable[[Session, str, LoggedEvent], None]
_E = TypeVar("_E", bound=Event)


def apply_events(s: Session, session_id: str, events: Sequence[LoggedEvent]) -> None:
    """Update the derived rows for ``events`` of ``session_id``, inside the caller's transaction."""
    for logged in events:
        handler = _HANDLERS.get(type(logged.event))
        if handler is not None:
            handler(s, session_id, logged)


def _session_started(s: Session, session_id: str, logged: LoggedEvent) -> None:
    s.execute(
        update(SessionRow)
        .where(SessionRow.id == session_id)
        .values(status=SessionStatus.RUNNING.value, started_at=logged.wall)
    )


def _session_ended(s: Session, session_id: str, logged: LoggedEvent) -> None:
    s.execute(
        update(SessionRow)
        .where(SessionRow.id == session_id)
        .values(status=SessionStatus.ENDED.value, ended_at=logged.wall)
    )


def _participant_joined(s: Session, session_id: str, logged: LoggedEvent) -> None:
    event = _as(logged.event, ParticipantJoined)
    participant = participant_from_dict(event.participant)
    values = participant_values(participant)
    exists = s.scalar(select(ParticipantRow.id).where(ParticipantRow.id == participant.id))
    if exists is not None:
        s.execute(
            update(ParticipantRow)
            .where(ParticipantRow.id == participant.id, ParticipantRow.session_id == session_id)
            .values(joined_late=True, **values)
        )
    else:
        s.execute(
            insert(ParticipantRow).values(
                id=participant.id,
                session_id=session_id,
                position=next_position(s, session_id),
                joined_late=True,
                **values,
            )
        )
    index_people(s, session_id)


def _consent_withdrawn(s: Session, session_id: str, logged: LoggedEvent) -> None:
    event = _as(logged.event, ConsentWithdrawn)
    latest = s.scalar(
        select(ConsentRow.id)
        .where(
            ConsentRow.session_id == session_id,
            ConsentRow.participant_id == event.participant_id,
            ConsentRow.withdrawn_at.is_(None),
        )
        .order_by(ConsentRow.recorded_at.desc(), ConsentRow.id.desc())
        .limit(1)
    )
    if latest is None:
        return
    s.execute(
        update(ConsentRow)
        .where(ConsentRow.id == latest)
        .values(withdrawn_at=logged.wall, withdrawal_note=event.note)
    )


def _note_added(s: Session, session_id: str, logged: LoggedEvent) -> None:
    event = _as(logged.event, NoteAdded)
    s.execute(
        insert(NoteRow).values(
            id=event.note_id,
            session_id=session_id,
            created_seq=logged.seq,
            kind=event.note_kind.value,
            visibility=event.visibility.value,
            text=event.text,
            phase_index=event.phase_index,
            round_no=event.round_no,
            speaker_id=event.speaker_id,
            created_t=logged.t,
            updated_t=logged.t,
            struck=False,
            struck_reason="",
            revision_count=1,
        )
    )
    index_note(s, session_id, event.note_id, event.text)


def _note_edited(s: Session, session_id: str, logged: LoggedEvent) -> None:
    event = _as(logged.event, NoteEdited)
    s.execute(
        update(NoteRow)
        .where(NoteRow.id == event.note_id, NoteRow.session_id == session_id)
        .values(
            text=event.text,
            kind=event.note_kind.value,
            visibility=event.visibility.value,
            updated_t=logged.t,
            revision_count=NoteRow.revision_count + 1,
        )
    )
    struck = s.scalar(select(NoteRow.struck).where(NoteRow.id == event.note_id))
    if struck is not None and not struck:
        index_note(s, session_id, event.note_id, event.text)


def _note_struck(s: Session, session_id: str, logged: LoggedEvent) -> None:
    event = _as(logged.event, NoteStruck)
    s.execute(
        update(NoteRow)
        .where(NoteRow.id == event.note_id, NoteRow.session_id == session_id)
        .values(struck=True, struck_reason=event.reason, updated_t=logged.t)
    )
    index_note(s, session_id, event.note_id, None)


def _as(event: Event, cls: type[_E]) -> _E:
    assert isinstance(event, cls)
    return event


_HANDLERS: dict[type[Event], _Handler] = {
    SessionStarted: _session_started,
    SessionEnded: _session_ended,
    ParticipantJoined: _participant_joined,
    ConsentWithdrawn: _consent_withdrawn,
    NoteAdded: _note_added,
    NoteEdited: _note_edited,
    NoteStruck: _note_struck,
}
