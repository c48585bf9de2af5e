"""Export and import of one whole session as a versioned JSON document.

The format is documented in ``docs/export-format.md``. Export is deterministic (no export
timestamp, stable key order) so that ``import`` followed by ``export`` gives the same bytes.
Import checks everything before it writes anything: a malformed file writes nothing.
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from facilitator.domain.case import (
    Case,
    DomainError,
    Participant,
    participant_from_dict,
    participant_to_dict,
)
from facilitator.domain.consent import ConsentMethod, ConsentRecord
from facilitator.domain.notes import Note
from facilitator.domain.process import ProcessTemplate
from facilitator.domain.session import SessionInfo, SessionStatus
from facilitator.engine.errors import EngineError
from facilitator.engine.events import (
    LoggedEvent,
    SessionStarted,
    event_from_dict,
    event_to_dict,
)
from facilitator.engine.state import SessionState
from facilitator.exchange.agreement_part import records_from_document, records_to_document
from facilitator.exchange.fields import (
    ExchangeError,
    as_obj,
    at,
    bind,
    check_unique,
    dt_text,
    flag,
    ident,
    listed,
    obj,
    parse_dt,
    text,
)
from facilitator.storage.agreement_records import AgreementRecords
from facilitator.storage.store import Store

__all__ = [
    "FORMAT",
    "MAX_FILE_BYTES",
    "READS_VERSIONS",
    "VERSION",
    "ExchangeError",
    "SessionBundle",
    "bundle_from_document",
    "bundle_from_store",
    "bundle_to_document",
    "dumps",
    "export_session",
    "import_session",
    "parse_document",
    "read_document",
]

FORMAT = "circle-facilitator/session"
#: The version written. Version 2 added the agreement versions and their follow-up; a version 1
#: file (a session without them) still imports.
VERSION = 2
READS_VERSIONS = (1, 2)

#: Files larger than this are refused before parsing: a session with a thousand 1 MB notes is
#: still far below it, and it keeps a wrong file (a disk image, a video) from eating the memory.
MAX_FILE_BYTES = 2 * 1024 * 1024 * 1024


@dataclass(frozen=True, slots=True)
class SessionBundle:
    """Everything about one session, as carried by an export file."""

    case: Case
    session: SessionInfo
    participants: tuple[Participant, ...]
    consents: tuple[ConsentRecord, ...]
    events: tuple[LoggedEvent, ...]
    records: AgreementRecords = field(default_factory=AgreementRecords)


# --------------------------------------------------------------------------- export


def bundle_from_store(store: Store, session_id: str) -> SessionBundle:
    """Read one session and everything that belongs to it from the store."""
    info = store.get_session(session_id)
    return SessionBundle(
        case=store.get_case(info.case_id),
        session=info,
        participants=tuple(store.participants(session_id)),
        consents=tuple(store.consents(session_id)),
        events=tuple(store.events(session_id)),
        records=store.agreement_records(session_id),
    )


def bundle_to_document(bundle: SessionBundle) -> dict[str, Any]:
    """The JSON-ready document for a bundle (see ``docs/export-format.md``)."""
    state = SessionState.fold(bundle.events) if bundle.events else None
    notes = sorted(state.notes.values(), key=lambda n: (n.created_at, n.id)) if state else []
    info = bundle.session
    return {
        "format": FORMAT,
        "version": VERSION,
        "case": {
            "id": bundle.case.id,
            "reference": bundle.case.reference,
            "referral_source": bundle.case.referral_source,
            "summary": bundle.case.summary,
            "created_at": dt_text(bundle.case.created_at),
            "closed_at": dt_text(bundle.case.closed_at),
            "outcome": bundle.case.outcome,
        },
        "session": {
            "id": info.id,
            "title": info.title,
            "status": info.status.value,
            "created_at": dt_text(info.created_at),
            "started_at": dt_text(info.started_at),
            "ended_at": dt_text(info.ended_at),
            "checklist": dict(info.checklist),
            "template": info.template.to_dict(),
        },
        "participants": [participant_to_dict(p) for p in bundle.participants],
        "consents": [_consent_to_dict(c) for c in bundle.consents],
        "events": [
            {"seq": e.seq, "t": e.t, "wall": dt_text(e.wall), "event": event_to_dict(e.event)}
            for e in bundle.events
        ],
        "notes": [_note_to_dict(n) for n in notes],
        **records_to_document(bundle.records),
    }


def dumps(document: Mapping[str, Any]) -> str:
    """Serialise a document: UTF-8 friendly, indented, stable."""
    return json.dumps(document, ensure_ascii=False, indent=2, allow_nan=False) + "\n"


def export_session(store: Store, session_id: str) -> str:
    """Return the export file text for one session."""
    return dumps(bundle_to_document(bundle_from_store(store, session_id)))


# --------------------------------------------------------------------------- import


def read_document(path: Path) -> dict[str, Any]:
    """Read and parse an export file, refusing what is too large or not JSON."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ExchangeError(f"{path.name}: the file is too large to be a session export")
        raw = path.read_bytes()
    except OSError as exc:
        raise ExchangeError(f"{path.name}: cannot read the file ({exc.strerror})") from None
    return parse_document(raw, path.name)


def parse_document(raw: bytes, name: str = "file") -> dict[str, Any]:
    """Parse export bytes into a dict, with a clear message for anything that is not JSON."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise ExchangeError(f"{name}: not a session export (the file is not UTF-8 text)") from None
    try:
        document = json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise ExchangeError(
            f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise ExchangeError(f"{name}: not a session export (nested too deeply)") from None
    if not isinstance(document, dict):
        raise ExchangeError(f"{name}: not a session export (expected a JSON object)")
    return document


def bundle_from_document(document: Mapping[str, Any]) -> SessionBundle:
    """Check a parsed document completely and turn it into a bundle.

    Raises:
        ExchangeError: anything is missing, of the wrong type, inconsistent, or of an unknown
            format or version. The message names the place (``events[12].event.kind``).
    """
    if document.get("format") != FORMAT:
        raise ExchangeError(f"not a Circle Facilitator session export (format must be {FORMAT!r})")
    version = document.get("version")
    if isinstance(version, bool) or version not in READS_VERSIONS:
        raise ExchangeError(
            f"export version {version!r} is not supported by this version of the app "
            f"(it reads versions {READS_VERSIONS[0]} to {READS_VERSIONS[-1]})"
        )
    case = at("case", lambda: _case_from(obj(document, "case")))
    session_doc = obj(document, "session")
    template = at("session.template", lambda: _template_from(obj(session_doc, "template")))
    info = at("session", lambda: _session_from(session_doc, case.id, template))
    participants = tuple(
        at(f"participants[{i}]", bind(_participant_from, p))
        for i, p in enumerate(listed(document, "participants"))
    )
    check_unique("participants", [p.id for p in participants])
    known = {p.id for p in participants}
    consents = tuple(
        at(f"consents[{i}]", bind(_consent_from, c, known))
        for i, c in enumerate(listed(document, "consents"))
    )
    check_unique("consents", [c.id for c in consents])
    events = tuple(
        at(f"events[{i}]", bind(_logged_from, e, i + 1))
        for i, e in enumerate(listed(document, "events"))
    )
    _check_events(events)
    records = (
        records_from_document(document, info.id, known) if version >= 2 else AgreementRecords()
    )
    bundle = SessionBundle(case, info, participants, consents, events, records)
    # The notes are derived from the events; a file whose notes disagree has been edited by hand
    # or damaged, and importing it would silently change what the record says.
    expected = bundle_to_document(bundle)["notes"]
    if listed(document, "notes") != expected:
        raise ExchangeError("notes: do not match the notes recorded in the event log")
    return bundle


def import_session(store: Store, document: Mapping[str, Any]) -> SessionBundle:
    """Check ``document`` completely, then write it to ``store`` in one unit of work."""
    bundle = bundle_from_document(document)
    store.import_session(
        bundle.case,
        bundle.session,
        bundle.participants,
        bundle.consents,
        bundle.events,
        records=bundle.records,
    )
    return bundle


# --------------------------------------------------------------------------- helpers


def _refuse_constant(name: str) -> Any:
    raise ExchangeError(f"not valid JSON ({name} is not allowed)")


def _case_from(data: Mapping[str, Any]) -> Case:
    return Case(
        id=ident(data, "id"),
        reference=text(data, "reference"),
        referral_source=text(data, "referral_source", required=False),
        summary=text(data, "summary", required=False),
        created_at=parse_dt(data, "created_at"),
        closed_at=parse_dt(data, "closed_at"),
        outcome=text(data, "outcome", required=False),
    )


def _template_from(data: Mapping[str, Any]) -> ProcessTemplate:
    template = ProcessTemplate.from_dict(dict(data))
    if not template.phases:
        raise ExchangeError("phases: a process needs at least one phase")
    return template


def _session_from(data: Mapping[str, Any], case_id: str, template: ProcessTemplate) -> SessionInfo:
    checklist = data.get("checklist", {})
    if not isinstance(checklist, dict) or not all(
        isinstance(k, str) and isinstance(v, bool) for k, v in checklist.items()
    ):
        raise ExchangeError("checklist: expected an object of item -> true/false")
    return SessionInfo(
        id=ident(data, "id"),
        case_id=case_id,
        template=template,
        title=text(data, "title", required=False),
        status=SessionStatus(text(data, "status")),
        created_at=parse_dt(data, "created_at"),
        started_at=parse_dt(data, "started_at"),
        ended_at=parse_dt(data, "ended_at"),
        checklist=checklist,
    )


def _consent_to_dict(c: ConsentRecord) -> dict[str, Any]:
    return {
        "id": c.id,
        "participant_id": c.participant_id,
        "recorded_by": c.recorded_by,
        "recorded_at": dt_text(c.recorded_at),
        "method": c.method.value,
        "info_sheet_version": c.info_sheet_version,
        "witness_present": c.witness_present,
        "interpreter_present": c.interpreter_present,
        "guardian_present": c.guardian_present,
        "withdrawn_at": dt_text(c.withdrawn_at),
        "withdrawal_note": c.withdrawal_note,
    }


def _participant_from(value: object) -> Participant:
    return participant_from_dict(as_obj(value))


def _consent_from(value: object, participants: set[str]) -> ConsentRecord:
    data = as_obj(value)
    participant_id = text(data, "participant_id")
    if participant_id not in participants:
        raise ExchangeError("participant_id: not one of the session's participants")
    recorded_at = parse_dt(data, "recorded_at", required=True)
    assert recorded_at is not None
    return ConsentRecord(
        id=ident(data, "id"),
        participant_id=participant_id,
        recorded_by=text(data, "recorded_by"),
        recorded_at=recorded_at,
        method=ConsentMethod(text(data, "method")),
        info_sheet_version=text(data, "info_sheet_version", required=False),
        witness_present=flag(data, "witness_present"),
        interpreter_present=flag(data, "interpreter_present"),
        guardian_present=flag(data, "guardian_present"),
        withdrawn_at=parse_dt(data, "withdrawn_at"),
        withdrawal_note=text(data, "withdrawal_note", required=False),
    )


def _logged_from(value: object, expected_seq: int) -> LoggedEvent:
    data = as_obj(value)
    seq = data.get("seq")
    if seq != expected_seq or isinstance(seq, bool):
        raise ExchangeError(f"seq: expected {expected_seq} (events must be complete and in order)")
    t = data.get("t")
    if isinstance(t, bool) or not isinstance(t, int | float) or not math.isfinite(t) or t < 0:
        raise ExchangeError("t: expected a session time in seconds (a number >= 0)")
    wall = parse_dt(data, "wall", required=True)
    assert wall is not None
    return LoggedEvent(seq=seq, t=float(t), wall=wall, event=event_from_dict(obj(data, "event")))


def _check_events(events: tuple[LoggedEvent, ...]) -> None:
    if not events:
        return
    if not isinstance(events[0].event, SessionStarted):
        raise ExchangeError("events[0]: a session log must begin with session_started")
    for i in range(1, len(events)):
        if events[i].t < events[i - 1].t:
            raise ExchangeError(f"events[{i}].t: session time goes backwards")
    try:
        SessionState.fold(events)
    # AttributeError: the replay met a value of the wrong kind inside an event (``null`` where
    # a template's object was due), as :func:`_at` does for the fields it builds.
    except (AttributeError, EngineError, DomainError, KeyError, TypeError, ValueError) as exc:
        raise ExchangeError(f"events: the log cannot be replayed ({exc})") from None


def _note_to_dict(n: Note) -> dict[str, Any]:
    return {
        "id": n.id,
        "kind": n.kind.value,
        "visibility": n.visibility.value,
        "text": n.text,
        "phase_index": n.phase_index,
        "round_no": n.round_no,
        "speaker_id": n.speaker_id,
        "created_at": n.created_at,
        "struck": n.struck,
        "struck_reason": n.struck_reason,
        "history": [
            {"text": r.text, "kind": r.kind.value, "visibility": r.visibility.value, "at": r.at}
            for r in n.history
        ],
    }
