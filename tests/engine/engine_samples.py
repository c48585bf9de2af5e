"""A small process and a circle of people, built by hand, for the engine's tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from facilitator.domain.case import Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.process import (
    Direction,
    PhaseTemplate,
    ProcessKind,
    ProcessTemplate,
    RoundTemplate,
    SpeakingOrder,
)
from facilitator.domain.roles import Participation, Role
from facilitator.engine.clock import FakeClock
from facilitator.engine.log import MemoryEventLog
from facilitator.engine.session import LiveSession

WALL = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)

# Phase and round positions in TEMPLATE.
OPENING, FAMILY, CLOSING = 0, 1, 2
CHECK_IN, STORY, DISCUSSION, READING = 0, 1, 2, 3

TEMPLATE = ProcessTemplate(
    id="test-circle",
    name="Test circle",
    kind=ProcessKind.CIRCLE,
    speaker_limit_seconds=120,
    phases=(
        PhaseTemplate(
            id="opening",
            title="Opening",
            budget_seconds=1200,
            rounds=(
                RoundTemplate(
                    id="check-in",
                    title="Check-in",
                    order=SpeakingOrder.SEAT,
                    question="How are you arriving today?",
                    budget_seconds=300,
                    speaker_limit_seconds=60,
                ),
                RoundTemplate(
                    id="story",
                    title="What happened",
                    order=SpeakingOrder.ROLES,
                    question="What would you like to say about what happened?",
                    role_questions={
                        Role.PERSON_RESPONSIBLE: (
                            "What happened?",
                            "Who has been affected, and how?",
                        ),
                        Role.PERSON_HARMED: ("What has been hardest?",),
                    },
                    roles=(
                        Role.PERSON_RESPONSIBLE,
                        Role.PERSON_HARMED,
                        Role.SUPPORTER_HARMED,
                        Role.SUPPORTER_RESPONSIBLE,
                    ),
                ),
                RoundTemplate(
                    id="discussion",
                    title="Open discussion",
                    order=SpeakingOrder.QUEUE,
                    question="What could put things right?",
                ),
                RoundTemplate(
                    id="reading",
                    title="A reading",
                    order=SpeakingOrder.NONE,
                ),
            ),
        ),
        PhaseTemplate(
            id="family",
            title="Family time",
            private=True,
            budget_seconds=1800,
            rounds=(
                RoundTemplate(
                    id="plan",
                    title="The plan",
                    order=SpeakingOrder.SEAT,
                    question="Can everyone live with this plan?",
                ),
            ),
        ),
        PhaseTemplate(id="closing", title="Closing", guidance="Thank everyone."),
    ),
)


def circle() -> list[Participant]:
    """Eight people; the keeper sits in seat 0. Ids are readable on purpose."""
    return [
        Participant("Kim Keeper", Role.KEEPER, id="keeper", seat=0),
        Participant("Cleo Cokeeper", Role.CO_KEEPER, id="cokeeper", seat=1),
        Participant("Hana Harmed", Role.PERSON_HARMED, id="harmed", seat=2),
        Participant("Rui Responsible", Role.PERSON_RESPONSIBLE, id="resp1", seat=3),
        Participant("Rae Responsible", Role.PERSON_RESPONSIBLE, id="resp2", seat=4),
        Participant("Sam Supporter", Role.SUPPORTER_HARMED, id="supp", seat=5),
        Participant("Oli Observer", Role.OBSERVER, id="observer", seat=6),
        Participant(
            "Lee Letter",
            Role.SUPPORTER_RESPONSIBLE,
            id="letter",
            participation=Participation.WRITTEN_STATEMENT,
        ),
    ]


def consent_for(participant_id: str, *, withdrawn: bool = False) -> ConsentRecord:
    """An active (or withdrawn) written consent record."""
    return ConsentRecord(
        participant_id=participant_id,
        recorded_by="KK",
        recorded_at=WALL,
        withdrawn_at=WALL if withdrawn else None,
    )


def consents(people: Sequence[Participant]) -> list[ConsentRecord]:
    """Consent for everyone in the room."""
    return [consent_for(p.id) for p in people if p.participation.present]


def start(
    people: Sequence[Participant] | None = None,
    *,
    template: ProcessTemplate = TEMPLATE,
    keeper_id: str | None = "keeper",
    direction: Direction | None = None,
    clock: FakeClock | None = None,
    log: MemoryEventLog | None = None,
) -> tuple[LiveSession, FakeClock, MemoryEventLog]:
    """A started session on a fake clock and an in-memory log."""
    people = circle() if people is None else list(people)
    clock = clock or FakeClock(start=500.0, wall_start=WALL)
    log = log or MemoryEventLog()
    session = LiveSession.start(
        log,
        clock,
        template=template,
        participants=people,
        consents=consents(people),
        keeper_id=keeper_id,
        direction=direction,
    )
    return session, clock, log


def in_round(
    round_index: int, *, phase: int = OPENING, **kwargs: object
) -> tuple[LiveSession, FakeClock, MemoryEventLog]:
    """A started session inside the given round."""
    session, clock, log = start(**kwargs)  # type: ignore[arg-type]
    session.enter_phase(phase)
    session.start_round(round_index)
    return session, clock, log


def holders(session: LiveSession) -> list[str]:
    """Press "next" until the piece is back with the keeper; who held it, in order."""
    seen = []
    while True:
        session.next_holder()
        holder = session.state.holder
        assert holder is not None
        if holder == session.state.keeper_id:
            return seen
        seen.append(holder)
