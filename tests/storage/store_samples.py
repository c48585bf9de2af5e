"""Hand-built domain objects and events for the store tests (no engine: the store stands alone)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from facilitator.domain.case import Case, Participant, participant_to_dict
from facilitator.domain.consent import ConsentMethod, ConsentRecord
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import (
    Direction,
    PhaseTemplate,
    ProcessKind,
    ProcessTemplate,
    RoundTemplate,
    SpeakingOrder,
)
from facilitator.domain.roles import Participation, Role, Side
from facilitator.domain.session import SessionInfo
from facilitator.engine.events import (
    BreakEnded,
    BreakKind,
    BreakStarted,
    ConsentWithdrawn,
    Event,
    HandLowered,
    HandRaised,
    LoggedEvent,
    NoteAdded,
    NoteEdited,
    NoteStruck,
    OfferedToPassers,
    ParticipantJoined,
    ParticipantLeft,
    Passed,
    PhaseEntered,
    PieceReturned,
    QueuePolicyChanged,
    RoundEnded,
    RoundStarted,
    SessionEnded,
    SessionResumed,
    SessionStarted,
    TurnBegan,
    TurnHow,
    WithdrawalResolved,
)
from facilitator.storage.store import Store

WALL = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)

NAMES = {
    "vietnamese": "Nguyễn Thị Ánh",
    "greek": "Μαρία Παπαδοπούλου",
    "cyrillic": "Олександр Шевченко",
    "arabic": "فاطمة الزهراء",
    "emoji": "Zoë 🌱 O'Brien-Łukasz",
}


def template() -> ProcessTemplate:
    """A small conference template that uses every kind of field."""
    return ProcessTemplate(
        id="mini-conference",
        name="Mini conference — Μικρή",
        kind=ProcessKind.CONFERENCE,
        description="Для тестов",
        version=3,
        direction=Direction.COUNTERCLOCKWISE,
        speaker_limit_seconds=180,
        checklist=("Consent re-checked", "Interpreter booked"),
        phases=(
            PhaseTemplate(id="welcome", title="Welcome", guidance="Say why we are here."),
            PhaseTemplate(
                id="stories",
                title="Stories",
                budget_seconds=1800,
                rounds=(
                    RoundTemplate(
                        id="what",
                        title="What happened",
                        order=SpeakingOrder.ROLES,
                        question="What happened?",
                        role_questions={Role.PERSON_HARMED: ("What was hardest?", "And since?")},
                        roles=(Role.PERSON_RESPONSIBLE, Role.PERSON_HARMED),
                        budget_seconds=900,
                        speaker_limit_seconds=240,
                    ),
                ),
            ),
            PhaseTemplate(id="family", title="Family time", private=True),
        ),
    )


def people() -> list[Participant]:
    """A keeper and one person per script, with every field of a participant in use."""
    keeper = Participant("Keeper Kā", Role.KEEPER, seat=0)
    harmed = Participant(
        NAMES["vietnamese"],
        Role.PERSON_HARMED,
        address_as="Ánh",
        relationship="Chủ cửa hàng",
        language="vi",
        interpreter=NAMES["greek"],
        requests="Cần ghế gần cửa",
        risk_notes="Không ngồi cạnh nhau",
        seat=1,
    )
    responsible = Participant(
        NAMES["cyrillic"],
        Role.PERSON_RESPONSIBLE,
        is_minor=True,
        guardian_name=NAMES["arabic"],
        side=Side.COMMUNITY,
        participation=Participation.IN_PERSON,
        seat=2,
    )
    supporter = Participant(
        NAMES["emoji"],
        Role.SUPPORTER_RESPONSIBLE,
        guardian_id=responsible.id,
        participation=Participation.WRITTEN_STATEMENT,
    )
    return [keeper, harmed, responsible, supporter]


def add_session(
    store: Store, *, title: str = "Conference"
) -> tuple[SessionInfo, list[Participant]]:
    """A case and a planned session with :func:`people` in it."""
    case = store.add_case(Case(reference="ΑΒΓ-Ж-١٢٣", summary="Résumé — ✓ 🕊️"))
    cast = people()
    info = store.create_session(
        SessionInfo(case_id=case.id, template=template(), title=title, checklist={"a": True}),
        cast,
    )
    return info, cast


def consent(participant: Participant, minutes: int = 0) -> ConsentRecord:
    """A written consent recorded ``minutes`` after :data:`WALL`."""
    return ConsentRecord(
        participant_id=participant.id,
        recorded_by="Kā",
        recorded_at=WALL + timedelta(minutes=minutes),
        method=ConsentMethod.WRITTEN,
        info_sheet_version="2026-01",
        witness_present=True,
    )


def logged(events: list[Event], *, first_seq: int = 1, t0: float = 0.0) -> list[LoggedEvent]:
    """Number ``events`` from ``first_seq``, one second of session time apart."""
    return [
        LoggedEvent(
            seq=first_seq + i,
            t=t0 + i + 0.25,
            wall=WALL + timedelta(seconds=t0 + i, microseconds=250_000),
            event=event,
        )
        for i, event in enumerate(events)
    ]


def every_event(cast: list[Participant], late: Participant, *, note_id: str) -> list[Event]:
    """One session that uses every event type, in an order the engine could produce."""
    keeper, harmed, responsible, supporter = cast
    return [
        SessionStarted(
            template=template().to_dict(),
            participants=tuple(participant_to_dict(p) for p in cast),
            keeper_id=keeper.id,
            direction=Direction.CLOCKWISE,
        ),
        PhaseEntered(phase_index=1),
        RoundStarted(
            phase_index=1,
            round_index=0,
            round_no=1,
            speaking_order=SpeakingOrder.SEAT,
            order=(harmed.id, responsible.id),
        ),
        TurnBegan(participant_id=harmed.id, how=TurnHow.ROTATION),
        NoteAdded(
            note_id=note_id,
            note_kind=NoteKind.HARM,
            visibility=Visibility.FACILITATOR_ONLY,
            text=f"{NAMES['arabic']} — первая версия 🌱",
            phase_index=1,
            round_no=1,
            speaker_id=harmed.id,
        ),
        Passed(participant_id=responsible.id),
        PieceReturned(),
        OfferedToPassers(order=(responsible.id,)),
        QueuePolicyChanged(least_spoken_first=True),
        HandRaised(participant_id=supporter.id),
        HandLowered(participant_id=supporter.id),
        ParticipantJoined(participant=participant_to_dict(late)),
        NoteEdited(
            note_id=note_id,
            text="Δεύτερη εκδοχή",
            note_kind=NoteKind.NEED,
            visibility=Visibility.SHAREABLE,
        ),
        ConsentWithdrawn(participant_id=supporter.id, recorded_by="Kā", note="Cần nghỉ"),
        WithdrawalResolved(participant_id=supporter.id, resolution="left", recorded_by="Kā"),
        ParticipantLeft(participant_id=supporter.id, reason="withdrew"),
        BreakStarted(break_kind=BreakKind.FAMILY_TIME, reason=""),
        BreakEnded(),
        SessionResumed(wall_gap_seconds=42.5),
        NoteStruck(note_id=note_id, reason="Wrong person"),
        RoundEnded(),
        SessionEnded(reason="done"),
    ]


def note_added(note_id: str, text: str) -> NoteAdded:
    """A facilitator-only observation outside any round."""
    return NoteAdded(
        note_id=note_id,
        note_kind=NoteKind.OBSERVATION,
        visibility=Visibility.FACILITATOR_ONLY,
        text=text,
        phase_index=0,
        round_no=None,
        speaker_id=None,
    )
