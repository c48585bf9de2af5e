"""Writing a session's participants, shared by the store and the late-joiner projection."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from facilitator.domain.case import Participant
from facilitator.storage.mapping import participant_row, participant_values
from facilitator.storage.queries import check_unique
from facilitator.storage.records import ConsentRow, ParticipantRow


def next_position(s: Session, session_id: str) -> int:
    """The position after everyone already in the session (0 for the first)."""
    last = s.scalar(
        select(func.max(ParticipantRow.position)).where(ParticipantRow.session_id == session_id)
    )
    return last + 1 if last is not None else 0


def replace_participants(s: Session, session_id: str, participants: Sequence[Participant]) -> None:
    """Make ``participants`` the session's people, in this order, inside the caller's transaction.

    People kept (same id) are updated in place and keep their consent records; people left out
    are removed with their consent records.

    Raises:
        StoreError: someone is listed twice.
    """
    check_unique([p.id for p in participants])
    existing = set(
        s.scalars(select(ParticipantRow.id).where(ParticipantRow.session_id == session_id))
    )
    removed = existing - {p.id for p in participants}
    if removed:
        s.execute(delete(ConsentRow).where(ConsentRow.participant_id.in_(removed)))
        s.execute(delete(ParticipantRow).where(ParticipantRow.id.in_(removed)))
    for position, p in enumerate(participants):
        if p.id in existing:
            s.execute(
                update(ParticipantRow)
                .where(ParticipantRow.id == p.id)
                .values(position=position, **participant_values(p))
            )
        else:
            s.add(participant_row(p, session_id, position, joined_late=False))
