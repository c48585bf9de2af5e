"""Writing a whole session read from an export (the lead's import command calls the store)."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import insert
from sqlalchemy.orm import Session

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.session import SessionInfo
from facilitator.engine.events import LoggedEvent
from facilitator.storage.errors import StoreError
from facilitator.storage.mapping import (
    case_from_row,
    case_row,
    consent_row,
    event_values,
    participant_row,
    session_row,
)
from facilitator.storage.projections import apply_events
from facilitator.storage.queries import check_unique
from facilitator.storage.records import CaseRow, EventRow, SessionRow
from facilitator.storage.search import index_case, index_people


def import_session(
    s: Session,
    *,
    case: Case,
    info: SessionInfo,
    participants: Sequence[Participant],
    consents: Sequence[ConsentRecord],
    events: Sequence[LoggedEvent],
    now: datetime,
) -> None:
    """Write a session with its case, people, consent and log, inside the caller's transaction.

    Raises:
        StoreError: see :meth:`facilitator.storage.store.Store.import_session`.
    """
    _check(case, info, participants, consents, events)
    existing = s.get(CaseRow, case.id)
    if existing is None:
        s.add(case_row(case, now))
        s.flush()
    else:
        stored = case_from_row(existing)
        incoming = (
            case if case.created_at else dataclasses.replace(case, created_at=stored.created_at)
        )
        if incoming != stored:
            raise StoreError(
                "This store already holds a different case with the same id; nothing was imported."
            )
    if s.get(SessionRow, info.id) is not None:
        raise StoreError("This session is already in this store; nothing was imported.")
    s.add(session_row(info, now))
    # Records have no relationship() between them, so the flush order is ours to keep.
    s.flush()
    s.add_all(
        participant_row(p, info.id, position, joined_late=False)
        for position, p in enumerate(participants)
    )
    s.flush()
    index_case(s, case.id)
    index_people(s, info.id)
    s.add_all(consent_row(c, info.id) for c in consents)
    # The events go in through Core, which does not flush pending records first.
    s.flush()
    if events:
        s.execute(
            insert(EventRow.__table__),  # type: ignore[arg-type]
            [event_values(info.id, logged) for logged in events],
        )
    apply_events(s, info.id, events)


def _check(
    case: Case,
    info: SessionInfo,
    participants: Sequence[Participant],
    consents: Sequence[ConsentRecord],
    events: Sequence[LoggedEvent],
) -> None:
    if info.case_id != case.id:
        raise StoreError("The session does not belong to the case given with it.")
    check_unique([p.id for p in participants])
    people = {p.id for p in participants}
    if any(c.participant_id not in people for c in consents):
        raise StoreError("A consent record names someone who is not in the session.")
    if [e.seq for e in events] != list(range(1, len(events) + 1)):
        raise StoreError("The session's events are not numbered 1, 2, 3...; nothing was imported.")
