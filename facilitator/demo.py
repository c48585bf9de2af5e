"""A realistic fictional case, so that a new user can see the whole path with nothing at stake.

Every name, place and event here is invented. The demo runs a scripted restorative conference
through the real engine and store (the same code the window uses), with a fake clock that
advances by plausible durations, and leaves agreement ideas among its notes.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

from facilitator.agreements.lifecycle import (
    assent,
    edit,
    finalise,
    items_from_notes,
    new_agreement,
    sign,
)
from facilitator.agreements.model import (
    Agreement,
    ApologyForm,
    ItemKind,
    Signature,
    StrokePoint,
)
from facilitator.agreements.templates import (
    builtin_agreement_templates_dir,
    load_agreement_templates,
)
from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentMethod, ConsentRecord
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import ProcessTemplate, SpeakingOrder
from facilitator.domain.roles import Participation, Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.engine.session import LiveSession
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.store import Store

DEMO_TEMPLATE_ID = "restorative-conference"
#: Jamie is a minor, so his mother co-signs as in a youth diversion.
DEMO_AGREEMENT_TEMPLATE_ID = "youth-diversion"
FACILITATOR = "A. Ngata"

#: What people said, by the role of the speaker; the demo writes one note per turn it finds here.
_TURN_NOTES: dict[Role, tuple[NoteKind, str]] = {
    Role.PERSON_RESPONSIBLE: (
        NoteKind.OBSERVATION,
        (
            "Jamie described the evening plainly: bored, dared by older boys, did not think "
            "the shed belonged to anyone in particular. Looked at Marta while speaking."
        ),
    ),
    Role.PERSON_HARMED: (
        NoteKind.HARM,
        (
            "Marta: the garden lost two weeks of seedlings; the older volunteers stopped coming on "
            "Saturdays because they no longer felt safe locking up alone."
        ),
    ),
    Role.SUPPORTER_HARMED: (
        NoteKind.NEED,
        (
            "Tomás: volunteers need to feel the garden is theirs again; would like the shed back "
            "in use before the spring planting."
        ),
    ),
    Role.SUPPORTER_RESPONSIBLE: (
        NoteKind.OBSERVATION,
        (
            "Coach Ivanov: Jamie has been reliable at training all season; surprised and "
            "disappointed, offers practical help."
        ),
    ),
    Role.GUARDIAN: (
        NoteKind.NEED,
        (
            "Grace (mother): has found the last weeks very hard; wants Jamie to make this right "
            "in person, not only with money."
        ),
    ),
}

_AGREEMENT_IDEAS: tuple[tuple[str, Visibility], ...] = (
    (
        "Jamie repaints the shed with Marta on two Saturday mornings within three weeks.",
        Visibility.SHAREABLE,
    ),
    (
        "Replace the broken tools: EUR 85, paid by Jamie in three monthly instalments.",
        Visibility.SHAREABLE,
    ),
    (
        "Jamie writes a letter of apology to the garden volunteers, read at their next meeting.",
        Visibility.SHAREABLE,
    ),
    ("Coach Ivanov drives Jamie to the garden on both Saturdays.", Visibility.SHAREABLE),
)


def demo_participants() -> list[Participant]:
    """The fictional people of the demo case, seated around the circle."""
    facilitator = Participant("Aroha Ngata", Role.FACILITATOR, address_as="Aroha", seat=0)
    grace = Participant(
        "Grace Okafor",
        Role.GUARDIAN,
        address_as="Grace",
        seat=1,
        relationship="Jamie's mother",
    )
    jamie = Participant(
        "Jamie Okafor",
        Role.PERSON_RESPONSIBLE,
        address_as="Jamie",
        seat=2,
        is_minor=True,
        guardian_id=grace.id,
        relationship="Broke two shed windows and took tools",
    )
    coach = Participant(
        "Dmitri Ivanov",
        Role.SUPPORTER_RESPONSIBLE,
        address_as="Coach Ivanov",
        seat=3,
        relationship="Jamie's football coach",
    )
    neighbour = Participant(
        "Lin Chen",
        Role.COMMUNITY_MEMBER,
        address_as="Lin",
        seat=4,
        relationship="Neighbour of the garden",
    )
    tomas = Participant(
        "Tomás Ruiz",
        Role.SUPPORTER_HARMED,
        address_as="Tomás",
        seat=5,
        relationship="Garden volunteer",
        language="Spanish / English",
    )
    marta = Participant(
        "Marta Kowalczyk",
        Role.PERSON_HARMED,
        address_as="Marta",
        seat=6,
        relationship="Coordinator of the community garden",
    )
    return [facilitator, grace, jamie, coach, neighbour, tomas, marta]


def create_demo(store: Store, *, now: datetime | None = None) -> SessionInfo:
    """Create the demo case with a finished conference; return the session."""
    template = _demo_template()
    start_wall = (now or datetime.now(UTC)).replace(microsecond=0) - timedelta(days=3)
    start_wall = start_wall.replace(hour=17, minute=30, second=0)
    case = store.add_case(
        Case(
            reference="DEMO-2026-014",
            referral_source="School liaison officer",
            summary="Two windows of the community garden shed were broken and hand tools taken "
            "on a Saturday evening. The young person has acknowledged their part. (Fictional.)",
            created_at=start_wall - timedelta(days=21),
        )
    )
    people = demo_participants()
    info = store.create_session(
        SessionInfo(
            case_id=case.id,
            template=template,
            title="Conference at the community centre",
            created_at=start_wall - timedelta(days=7),
            checklist=dict.fromkeys(template.checklist, True),
        ),
        people,
    )
    consents = [
        store.record_consent(
            info.id,
            ConsentRecord(
                participant_id=p.id,
                recorded_by=FACILITATOR,
                recorded_at=start_wall - timedelta(minutes=20),
                method=ConsentMethod.BY_GUARDIAN if p.is_minor else ConsentMethod.WRITTEN,
                info_sheet_version="2026-01",
                guardian_present=p.is_minor,
            ),
        )
        for p in people
        if p.participation is Participation.IN_PERSON
    ]
    clock = FakeClock(wall_start=start_wall)
    live = LiveSession.start(
        store.event_log(info.id),
        clock,
        template=template,
        participants=people,
        consents=consents,
        keeper_id=people[0].id,
    )
    _run_conference(live, clock, template)
    _sign_demo_agreement(store, live, session_id=info.id, case=case, people=people, at=clock.wall())
    return store.get_session(info.id)


def _sign_demo_agreement(
    store: Store,
    live: LiveSession,
    *,
    session_id: str,
    case: Case,
    people: list[Participant],
    at: datetime,
) -> Agreement:
    """Turn the conference's agreement ideas into an agreement everyone signs, and store it.

    The signatures are synthetic pen strokes, different for each person; the facilitator signs
    last, which locks the agreement.
    """
    template = load_agreement_templates(builtin_agreement_templates_dir()).templates[
        DEMO_AGREEMENT_TEMPLATE_ID
    ]
    by_role = {p.role: p for p in people}
    agreement = new_agreement(
        template,
        session_id=session_id,
        case_reference=case.reference,
        participants=people,
        when=at.date(),
        referral_source=case.referral_source,
        created_at=at,
    )
    ideas = items_from_notes(store.notes(session_id))
    details = _demo_item_details(by_role, at.date())
    items = [
        dataclasses.replace(item, **details[i]) for i, item in enumerate(ideas[: len(details)])
    ]
    agreement = edit(
        agreement,
        items=items,
        summary="Jamie, his family and coach met the garden's coordinator and volunteers. "
        "Everyone was heard, and together they agreed how to put things right.",
        review_date=at.date() + timedelta(days=30),
    )
    for party in agreement.parties:
        agreement = assent(agreement, party.participant_id)
    agreement = finalise(
        agreement,
        template,
        unresolved_withdrawals=live.state.unresolved_withdrawals,
        at=at,
    )
    for index, party in enumerate(agreement.signers):
        agreement = sign(
            agreement,
            Signature(
                party.participant_id,
                party.name,
                party.role,
                at + timedelta(minutes=2 + index),
                _demo_strokes(index),
            ),
        )
    return store.agreements.save(agreement)


def _demo_item_details(by_role: dict[Role, Participant], day: date) -> list[dict[str, Any]]:
    """What the conference made of each idea (in the order of ``_AGREEMENT_IDEAS``)."""
    jamie, marta = by_role[Role.PERSON_RESPONSIBLE], by_role[Role.PERSON_HARMED]
    coach, facilitator = by_role[Role.SUPPORTER_RESPONSIBLE], by_role[Role.FACILITATOR]
    return [
        {
            "kind": ItemKind.WORK_FOR_HARMED,
            "responsible_id": jamie.id,
            "due": day + timedelta(days=21),
            "hours": 8.0,
            "monitor": marta.display_name,
            "how_harmed_learns": "She works alongside Jamie",
        },
        {
            "kind": ItemKind.RESTITUTION,
            "responsible_id": jamie.id,
            "due": day + timedelta(days=90),
            "amount": Decimal(85),
            "currency": "EUR",
            "payment_schedule": "three monthly instalments of EUR 28.33",
            "monitor": facilitator.display_name,
            "how_harmed_learns": "The facilitator tells her after each payment",
        },
        {
            "kind": ItemKind.APOLOGY,
            "responsible_id": jamie.id,
            "due": day + timedelta(days=14),
            "apology_form": ApologyForm.LETTER,
            "monitor": facilitator.display_name,
            "how_harmed_learns": "The letter is read at the volunteers' meeting",
        },
        {
            "kind": ItemKind.SUPPORT,
            "responsible_id": coach.id,
            "due": day + timedelta(days=21),
            "monitor": by_role[Role.GUARDIAN].display_name,
            "how_harmed_learns": "Jamie arrives on both Saturdays",
        },
    ]


def _demo_strokes(seed: int) -> tuple[tuple[StrokePoint, ...], ...]:
    """A handwriting-like signature: a looping first stroke and a short underline."""
    # Each person's hand differs: how many loops, how tall, how slanted.
    turns = 0.35 + 0.11 * (seed % 4)
    tall = 0.18 + 0.05 * (seed % 3)
    slant = 0.04 * ((seed % 5) - 2)
    loop = tuple(
        StrokePoint(
            min(1.0, max(0.0, 0.06 + 0.7 * k / 48 + slant * math.cos(k * turns))),
            min(1.0, max(0.0, 0.45 + tall * math.sin(k * turns) * (1 - k / 70))),
            min(1.0, 0.35 + 0.5 * math.sin(math.pi * k / 48)),
            k * 0.018,
        )
        for k in range(49)
    )
    underline = tuple(
        StrokePoint(0.1 + 0.75 * k / 12, 0.86 - 0.05 * k / 12, 0.4, 1.2 + k * 0.02)
        for k in range(13)
    )
    return (loop, underline)


def _demo_template() -> ProcessTemplate:
    loaded = load_templates(builtin_templates_dir())
    template = loaded.templates.get(DEMO_TEMPLATE_ID)
    if template is None:
        raise RuntimeError(f"the built-in template {DEMO_TEMPLATE_ID!r} did not load")
    return template


def _run_conference(live: LiveSession, clock: FakeClock, template: ProcessTemplate) -> None:
    """Walk every phase and round as a calm conference would, writing notes as it goes."""
    noted: set[Role] = set()
    for phase_index, phase in enumerate(template.phases):
        live.enter_phase(phase_index)
        clock.advance(90)
        if phase.private:
            clock.advance(600)
            live.end_break()
        is_agreement = "agree" in phase.id or "plan" in phase.id
        for round_index, round_template in enumerate(phase.rounds):
            live.start_round(round_index)
            if round_template.order is SpeakingOrder.NONE:
                clock.advance(120)
                live.end_round()
                continue
            if live.state.holder is None and live.state.next_in_rotation() is None:
                live.end_round()
                continue
            live.next_holder()
            _go_around(live, clock, noted, agreement=is_agreement)
            clock.advance(45)
            live.end_round()
    if not any(n.kind is NoteKind.AGREEMENT_IDEA for n in live.state.notes.values()):
        for text, visibility in _AGREEMENT_IDEAS:
            live.add_note(NoteKind.AGREEMENT_IDEA, text, visibility)
    live.add_note(
        NoteKind.FOLLOW_UP,
        "Call Marta after the second Saturday to hear whether the repainting happened.",
    )
    live.end_session("Agreement reached")


def _go_around(live: LiveSession, clock: FakeClock, noted: set[Role], *, agreement: bool) -> None:
    """Let everyone in the round speak (one neighbour passes on agreement), taking notes."""
    while live.state.holder is not None and live.state.holder != live.state.keeper_id:
        holder = live.state.participants[live.state.holder]
        clock.advance(75 + 20 * (len(holder.display_name) % 5))
        note = _TURN_NOTES.get(holder.role)
        if note is not None and holder.role not in noted:
            noted.add(holder.role)
            live.add_note(note[0], note[1])
        if agreement and holder.role is Role.PERSON_HARMED:
            for text, visibility in _AGREEMENT_IDEAS:
                live.add_note(NoteKind.AGREEMENT_IDEA, text, visibility)
        if agreement and holder.role is Role.COMMUNITY_MEMBER:
            live.pass_turn()
        else:
            live.next_holder()
