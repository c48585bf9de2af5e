"""Conversions between records and domain objects. Records never leave the storage package."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentMethod, ConsentRecord
from facilitator.domain.notes import Note, NoteKind, Visibility
from facilitator.domain.process import ProcessTemplate
from facilitator.domain.roles import Participation, Role, Side
from facilitator.domain.session import SessionInfo, SessionStatus
from facilitator.engine.events import LoggedEvent, event_from_dict, event_to_dict
from facilitator.storage.records import (
    CaseRow,
    ConsentRow,
    EventRow,
    NoteRow,
    ParticipantRow,
    SessionRow,
)


def dumps(value: object) -> str:
    """Compact JSON; non-ASCII text is kept as it is, so every script stays readable."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


# ----------------------------------------------------------------------------- cases


def case_row(case: Case, created_at: datetime) -> CaseRow:
    """A new record for ``case``."""
    return CaseRow(
        id=case.id,
        reference=case.reference,
        referral_source=case.referral_source,
        summary=case.summary,
        created_at=case.created_at or created_at,
        closed_at=case.closed_at,
        outcome=case.outcome,
    )


def update_case_row(row: CaseRow, case: Case) -> None:
    """Copy the editable fields of ``case`` onto ``row`` (the creation time stays)."""
    row.reference = case.reference
    row.referral_source = case.referral_source
    row.summary = case.summary
    row.closed_at = case.closed_at
    row.outcome = case.outcome


def case_from_row(row: CaseRow) -> Case:
    """The domain case of a record."""
    return Case(
        id=row.id,
        reference=row.reference,
        referral_source=row.referral_source,
        summary=row.summary,
        created_at=row.created_at,
        closed_at=row.closed_at,
        outcome=row.outcome,
    )


# ----------------------------------------------------------------------------- sessions


def session_row(info: SessionInfo, created_at: datetime) -> SessionRow:
    """A new record for ``info``."""
    return SessionRow(
        id=info.id,
        case_id=info.case_id,
        title=info.title,
        template_id=info.template.id,
        template_name=info.template.name,
        template_json=dumps(info.template.to_dict()),
        status=info.status.value,
        created_at=info.created_at or created_at,
        started_at=info.started_at,
        ended_at=info.ended_at,
        checklist_json=dumps(info.checklist),
    )


def session_from_row(row: SessionRow) -> SessionInfo:
    """The domain session of a record."""
    return SessionInfo(
        id=row.id,
        case_id=row.case_id,
        template=ProcessTemplate.from_dict(json.loads(row.template_json)),
        title=row.title,
        status=SessionStatus(row.status),
        created_at=row.created_at,
        started_at=row.started_at,
        ended_at=row.ended_at,
        checklist=json.loads(row.checklist_json),
    )


# ----------------------------------------------------------------------------- participants


def participant_values(p: Participant) -> dict[str, Any]:
    """The columns of a participant record that come from the domain object."""
    return {
        "display_name": p.display_name,
        "address_as": p.address_as,
        "role": p.role.value,
        # Participant.__post_init__ fills the side from the role, so it is never None here.
        "side": p.side.value if p.side else Side.NEUTRAL.value,
        "relationship": p.relationship,
        "is_minor": p.is_minor,
        "guardian_id": p.guardian_id,
        "guardian_name": p.guardian_name,
        "language": p.language,
        "interpreter": p.interpreter,
        "requests": p.requests,
        "participation": p.participation.value,
        "risk_notes": p.risk_notes,
        "seat": p.seat,
    }


def participant_row(
    p: Participant, session_id: str, position: int, *, joined_late: bool
) -> ParticipantRow:
    """A new record for ``p``."""
    return ParticipantRow(
        id=p.id,
        session_id=session_id,
        position=position,
        joined_late=joined_late,
        **participant_values(p),
    )


def participant_from_row(row: ParticipantRow) -> Participant:
    """The domain participant of a record."""
    return Participant(
        id=row.id,
        display_name=row.display_name,
        address_as=row.address_as,
        role=Role(row.role),
        side=Side(row.side),
        relationship=row.relationship,
        is_minor=row.is_minor,
        guardian_id=row.guardian_id,
        guardian_name=row.guardian_name,
        language=row.language,
        interpreter=row.interpreter,
        requests=row.requests,
        participation=Participation(row.participation),
        risk_notes=row.risk_notes,
        seat=row.seat,
    )


# ----------------------------------------------------------------------------- consent


def consent_row(consent: ConsentRecord, session_id: str) -> ConsentRow:
    """A new record for ``consent``."""
    return ConsentRow(
        id=consent.id,
        session_id=session_id,
        participant_id=consent.participant_id,
        recorded_by=consent.recorded_by,
        recorded_at=consent.recorded_at,
        method=consent.method.value,
        info_sheet_version=consent.info_sheet_version,
        witness_present=consent.witness_present,
        interpreter_present=consent.interpreter_present,
        guardian_present=consent.guardian_present,
        withdrawn_at=consent.withdrawn_at,
        withdrawal_note=consent.withdrawal_note,
    )


def consent_from_row(row: ConsentRow) -> ConsentRecord:
    """The domain consent record of a record."""
    return ConsentRecord(
        id=row.id,
        participant_id=row.participant_id,
        recorded_by=row.recorded_by,
        recorded_at=row.recorded_at,
        method=ConsentMethod(row.method),
        info_sheet_version=row.info_sheet_version,
        witness_present=row.witness_present,
        interpreter_present=row.interpreter_present,
        guardian_present=row.guardian_present,
        withdrawn_at=row.withdrawn_at,
        withdrawal_note=row.withdrawal_note,
    )


# ----------------------------------------------------------------------------- events and notes


def event_values(session_id: str, logged: LoggedEvent) -> dict[str, Any]:
    """The column values of one event row (for a Core insert: no ORM object per event)."""
    payload = event_to_dict(logged.event)
    kind = payload.pop("kind")
    return {
        "session_id": session_id,
        "seq": logged.seq,
        "kind": kind,
        "t": logged.t,
        "wall": logged.wall,
        "payload": dumps(payload),
    }


def event_from_row(row: EventRow) -> LoggedEvent:
    """The logged event of a record.

    Raises:
        facilitator.engine.events.EventFormatError: the stored payload does not read as its kind.
    """
    data = json.loads(row.payload)
    data["kind"] = row.kind
    return LoggedEvent(seq=row.seq, t=row.t, wall=row.wall, event=event_from_dict(data))


def note_from_row(row: NoteRow) -> Note:
    """The current state of a note (without history: see ``Store.note_history``)."""
    return Note(
        id=row.id,
        kind=NoteKind(row.kind),
        visibility=Visibility(row.visibility),
        text=row.text,
        phase_index=row.phase_index,
        round_no=row.round_no,
        speaker_id=row.speaker_id,
        created_at=row.created_t,
        struck=row.struck,
        struck_reason=row.struck_reason,
    )
