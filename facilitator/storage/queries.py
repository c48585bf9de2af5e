"""Lookups and read queries shared by the store's units of work (each runs in the caller's)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from facilitator.domain.notes import NoteKind, NoteRevision, Visibility
from facilitator.domain.session import SessionStatus, SessionSummary
from facilitator.engine.events import NoteAdded, NoteEdited
from facilitator.storage.errors import NotFound, StoreError
from facilitator.storage.records import CaseRow, EventRow, ParticipantRow, SessionRow


def case_row_of(s: Session, case_id: str) -> CaseRow:
    """The record of a case.

    Raises:
        NotFound: no such case.
    """
    row = s.get(CaseRow, case_id)
    if row is None:
        raise NotFound("No case with this id.")
    return row


def session_row_of(s: Session, session_id: str) -> SessionRow:
    """The record of a session.

    Raises:
        NotFound: no such session.
    """
    row = s.get(SessionRow, session_id)
    if row is None:
        raise NotFound("No session with this id.")
    return row


def participant_row_of(s: Session, session_id: str, participant_id: str) -> ParticipantRow:
    """The record of a participant of a given session.

    Raises:
        NotFound: no such participant in that session.
    """
    row = s.get(ParticipantRow, participant_id)
    if row is None or row.session_id != session_id:
        raise NotFound("No participant with this id in this session.")
    return row


def check_unique(ids: Sequence[str]) -> None:
    """Refuse a list of participants that names someone twice.

    Raises:
        StoreError: an id repeats.
    """
    if len(set(ids)) != len(ids):
        raise StoreError("The same participant is listed twice.")


def summaries(s: Session, status: SessionStatus | None = None) -> list[SessionSummary]:
    """Rows of the sessions list, newest first; only those with ``status`` if given."""
    counts = (
        select(ParticipantRow.session_id, func.count().label("n"))
        .group_by(ParticipantRow.session_id)
        .subquery()
    )
    query = (
        select(
            SessionRow.id,
            SessionRow.case_id,
            CaseRow.reference,
            SessionRow.template_name,
            SessionRow.title,
            SessionRow.status,
            func.coalesce(counts.c.n, 0),
            SessionRow.created_at,
            SessionRow.started_at,
            SessionRow.ended_at,
        )
        .join(CaseRow, CaseRow.id == SessionRow.case_id)
        .outerjoin(counts, counts.c.session_id == SessionRow.id)
        .order_by(SessionRow.created_at.desc(), SessionRow.id)
    )
    if status is not None:
        query = query.where(SessionRow.status == status.value)
    return [
        SessionSummary(
            id=r[0],
            case_id=r[1],
            case_reference=r[2],
            template_name=r[3],
            title=r[4],
            status=SessionStatus(r[5]),
            participant_count=r[6],
            created_at=r[7],
            started_at=r[8],
            ended_at=r[9],
        )
        for r in s.execute(query)
    ]


def note_history(s: Session, session_id: str, note_id: str) -> tuple[NoteRevision, ...]:
    """The earlier versions of a note, oldest first, folded from the session's note events.

    The notes table holds only the current version; the log holds every version.
    """
    # Ids are hex, so a substring match on the JSON payload is exact enough to narrow the scan;
    # the decoded payload is then checked.
    rows = s.execute(
        select(EventRow.kind, EventRow.t, EventRow.payload)
        .where(
            EventRow.session_id == session_id,
            EventRow.kind.in_((NoteAdded.kind, NoteEdited.kind)),
            EventRow.payload.contains(note_id),
        )
        .order_by(EventRow.seq)
    )
    versions: list[NoteRevision] = []
    for _kind, t, payload in rows:
        data = json.loads(payload)
        if data.get("note_id") != note_id:
            continue
        versions.append(
            NoteRevision(
                text=data["text"],
                kind=NoteKind(data["note_kind"]),
                visibility=Visibility(data["visibility"]),
                at=t,
            )
        )
    return tuple(versions[:-1])
