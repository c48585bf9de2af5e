"""Signed agreements made through the real agreement lifecycle, for the follow-up store tests."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from facilitator.agreements.lifecycle import amend, assent, edit, finalise, new_agreement, sign
from facilitator.agreements.model import Agreement, AgreementItem, ItemKind, Signature, StrokePoint
from facilitator.agreements.templates import (
    builtin_agreement_templates_dir,
    load_agreement_templates,
)
from facilitator.domain.case import Case, Participant
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.store import Store

#: When the sample agreements are signed: a Monday.
SIGNED = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)

AGREEMENT_TEMPLATE = load_agreement_templates(builtin_agreement_templates_dir()).templates[
    "community-conference"
]
PROCESS = load_templates(builtin_templates_dir()).templates["restorative-conference"]
STROKE = ((StrokePoint(0.1, 0.5, 0.5, 0.0), StrokePoint(0.9, 0.5, 0.5, 0.2)),)


@dataclasses.dataclass(frozen=True)
class Spec:
    """One item to put in a sample agreement."""

    description: str
    due: date | None = None
    monitor: str = ""


def signed_agreement(
    store: Store,
    reference: str,
    specs: Sequence[Spec],
    *,
    responsible: str = "Robin Ashdown",
    at: datetime = SIGNED,
    review: date | None = None,
) -> Agreement:
    """A new case and session whose agreement, with these items, everyone has signed."""
    case = store.add_case(Case(reference=reference, created_at=at - timedelta(days=30)))
    people = [
        Participant("Harriet Vale", Role.PERSON_HARMED),
        Participant(responsible, Role.PERSON_RESPONSIBLE),
        Participant("Fen Okoro", Role.FACILITATOR),
    ]
    info = store.create_session(
        SessionInfo(case_id=case.id, template=PROCESS, created_at=at - timedelta(days=7)), people
    )
    draft = new_agreement(
        AGREEMENT_TEMPLATE,
        session_id=info.id,
        case_reference=reference,
        participants=people,
        when=at.date(),
        created_at=at,
    )
    items = [
        AgreementItem(
            kind=ItemKind.OTHER,
            description=spec.description,
            due=spec.due,
            monitor=spec.monitor,
            responsible_id=people[1].id,
        )
        for spec in specs
    ]
    draft = edit(draft, items=items, review_date=review)
    return store.agreements.save(sign_all(draft, at))


def sign_all(draft: Agreement, at: datetime) -> Agreement:
    """Assent, finalise and sign a draft (the facilitator last), which locks it."""
    for party in draft.parties:
        draft = assent(draft, party.participant_id)
    agreement = finalise(draft, AGREEMENT_TEMPLATE, unresolved_withdrawals=(), at=at)
    for index, party in enumerate(agreement.signers):
        agreement = sign(
            agreement,
            Signature(
                party.participant_id,
                party.name,
                party.role,
                at + timedelta(minutes=index),
                STROKE,
            ),
        )
    return agreement


def amended(
    store: Store, locked: Agreement, items: Sequence[AgreementItem], *, lock: bool, at: datetime
) -> Agreement:
    """A stored amendment of ``locked`` with these items, signed when ``lock`` is true."""
    draft = edit(amend(locked, created_at=at), items=items)
    return store.agreements.save(sign_all(draft, at) if lock else draft)
