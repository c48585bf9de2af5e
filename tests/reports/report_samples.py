"""Stores with known contents for the report tests, built through the real store API."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from facilitator.agreements.model import (
    Agreement,
    AgreementItem,
    AgreementStatus,
    ItemKind,
    Party,
)
from facilitator.domain.case import Case, Participant, participant_to_dict
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import (
    Direction,
    PhaseTemplate,
    ProcessKind,
    ProcessTemplate,
    RoundTemplate,
    SpeakingOrder,
)
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.events import Event, LoggedEvent, NoteAdded, SessionStarted
from facilitator.storage.store import Store

OPENED = datetime(2025, 1, 1, 12, 0, tzinfo=UTC)


def noon(day: date) -> datetime:
    """Midday UTC of ``day``: the same day in every time zone from UTC-11 to UTC+11."""
    return datetime.combine(day, time(12, 0), tzinfo=UTC)


def template(kind: ProcessKind, name: str = "Process") -> ProcessTemplate:
    return ProcessTemplate(
        id=f"t-{kind.value}",
        name=name,
        kind=kind,
        direction=Direction.CLOCKWISE,
        phases=(
            PhaseTemplate(id="open", title="Opening"),
            PhaseTemplate(
                id="talk",
                title="Stories",
                rounds=(
                    RoundTemplate(id="r1", title="What happened", order=SpeakingOrder.SEAT),
                    RoundTemplate(id="r2", title="What now", order=SpeakingOrder.SEAT),
                ),
            ),
        ),
    )


def add_case(store: Store, reference: str, *, summary: str = "", referral: str = "") -> Case:
    return store.add_case(
        Case(reference=reference, summary=summary, referral_source=referral, created_at=OPENED)
    )


def add_session(
    store: Store,
    case: Case,
    kind: ProcessKind,
    people: list[Participant],
    *,
    started: date | None,
    title: str = "",
    template_name: str = "Process",
) -> SessionInfo:
    """A session of ``case``; started (its first event logged) at noon of ``started``."""
    info = store.create_session(
        SessionInfo(case_id=case.id, template=template(kind, template_name), title=title),
        people,
    )
    if started is not None:
        start = SessionStarted(
            template=info.template.to_dict(),
            participants=tuple(participant_to_dict(p) for p in people),
            keeper_id=people[0].id if people else None,
            direction=Direction.CLOCKWISE,
        )
        append(store, info.id, [start], wall=noon(started))
    return store.get_session(info.id)


def append(store: Store, session_id: str, events: list[Event], *, wall: datetime) -> None:
    first = len(store.events(session_id)) + 1
    store.event_log(session_id).append(
        [
            LoggedEvent(
                seq=first + i, t=60.0 * (first + i), wall=wall + timedelta(minutes=i), event=e
            )
            for i, e in enumerate(events)
        ]
    )


def cast(*roles: Role, prefix: str = "Person") -> list[Participant]:
    return [Participant(f"{prefix} {i}", role) for i, role in enumerate(roles)]


def sign(
    store: Store,
    info: SessionInfo,
    case: Case,
    items: tuple[AgreementItem, ...],
    *,
    locked: date | None,
    people: list[Participant] | None = None,
    summary: str = "",
    version: int = 1,
    previous: str | None = None,
) -> Agreement:
    """Store an agreement version: locked at noon of ``locked``, or a draft when ``None``."""
    agreement = Agreement(
        session_id=info.id,
        case_reference=case.reference,
        template_id="t",
        title="Agreement",
        parties=tuple(Party(p.id, p.display_name, p.role) for p in people or []),
        items=items,
        summary=summary,
        version=version,
        previous_version_id=previous,
        status=AgreementStatus.LOCKED if locked else AgreementStatus.DRAFT,
        created_at=noon(locked) if locked else OPENED,
        locked_at=noon(locked) if locked else None,
    )
    return store.agreements.save(agreement)


def item(description: str = "Repaint the wall", **fields: object) -> AgreementItem:
    return AgreementItem(ItemKind.WORK_FOR_HARMED, description, **fields)  # type: ignore[arg-type]


def note(
    note_id: str,
    text: str,
    *,
    visibility: Visibility,
    kind: NoteKind = NoteKind.OBSERVATION,
    phase: int | None = 1,
    round_no: int | None = 1,
    speaker: str | None = None,
) -> NoteAdded:
    return NoteAdded(
        note_id=note_id,
        note_kind=kind,
        visibility=visibility,
        text=text,
        phase_index=phase,
        round_no=round_no,
        speaker_id=speaker,
    )
