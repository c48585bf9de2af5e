"""A small process, a case with secrets in it, and planned sessions on real store files.

Shared by the live-view tests (through ``conftest.py``) and by the screenshot script.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from facilitator.demo import demo_participants
from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.process import (
    PhaseTemplate,
    ProcessKind,
    ProcessTemplate,
    RoundTemplate,
    SpeakingOrder,
)
from facilitator.domain.roles import Participation, Role
from facilitator.domain.session import SessionInfo
from facilitator.storage.store import Store

WALL = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)

#: Text that must never reach the projector.
CASE_SUMMARY = "SECRET-SUMMARY: the shed windows and the tools (fictional)."
GUIDANCE = "SECRET-GUIDANCE: watch for signs that the young person is overwhelmed."
RISK_NOTE = "SECRET-RISK: keep the two families apart at the door."

# Phase positions in TEMPLATE.
OPENING, STORIES, FAMILY, AGREEMENT = 0, 1, 2, 3
# Round positions.
CHECK_IN, READING = 0, 1
ACCOUNTS, DISCUSSION = 0, 1

TEMPLATE = ProcessTemplate(
    id="live-test",
    name="Live test conference",
    kind=ProcessKind.CONFERENCE,
    speaker_limit_seconds=120,
    phases=(
        PhaseTemplate(
            id="opening",
            title="Opening",
            guidance=GUIDANCE,
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
                    id="reading", title="A reading", order=SpeakingOrder.NONE, budget_seconds=120
                ),
            ),
        ),
        PhaseTemplate(
            id="stories",
            title="What happened",
            budget_seconds=1800,
            rounds=(
                RoundTemplate(
                    id="accounts",
                    title="Accounts",
                    order=SpeakingOrder.ROLES,
                    roles=(Role.PERSON_RESPONSIBLE, Role.PERSON_HARMED),
                    question="What would you like to say?",
                    role_questions={
                        Role.PERSON_RESPONSIBLE: (
                            "Tell us what happened.",
                            "Who has been affected, and how?",
                            "What needs to happen now?",
                        ),
                        Role.PERSON_HARMED: ("What has been the hardest part?",),
                    },
                    budget_seconds=900,
                ),
                RoundTemplate(
                    id="discussion",
                    title="Open discussion",
                    order=SpeakingOrder.QUEUE,
                    question="What would you add?",
                ),
            ),
        ),
        PhaseTemplate(id="family", title="Family time", private=True, budget_seconds=1800),
        PhaseTemplate(
            id="agreement",
            title="Agreement",
            rounds=(
                RoundTemplate(
                    id="ideas",
                    title="Ideas",
                    order=SpeakingOrder.SEAT,
                    question="What would put things right?",
                ),
            ),
        ),
    ),
)


def people_with_secrets() -> list[Participant]:
    """The demo's people; the person harmed has a risk note the projector must never show."""
    people = demo_participants()
    return [p.replace(risk_notes=RISK_NOTE) if p.role is Role.PERSON_HARMED else p for p in people]


def plan_session(
    store: Store,
    template: ProcessTemplate = TEMPLATE,
    people: Sequence[Participant] | None = None,
) -> tuple[str, list[Participant]]:
    """Store a case, a planned session and everyone's consent; return the session id and people."""
    cast = list(people if people is not None else people_with_secrets())
    case = store.add_case(Case(reference="LIVE-1", summary=CASE_SUMMARY))
    info = store.create_session(SessionInfo(case_id=case.id, template=template), cast)
    for p in cast:
        if p.participation is Participation.IN_PERSON:
            store.record_consent(info.id, ConsentRecord(p.id, "A. Ngata", WALL))
    return info.id, cast


def keeper_of(people: Sequence[Participant]) -> Participant:
    """The facilitator of the demo cast (the keeper the piece returns to)."""
    return next(p for p in people if p.role is Role.FACILITATOR)


def by_role(people: Sequence[Participant], role: Role) -> Participant:
    """The first participant with ``role``."""
    return next(p for p in people if p.role is role)
