"""A realistic agreement with names in Latin, Greek and Cyrillic scripts, signed by everyone."""

from __future__ import annotations

import math
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

from facilitator.agreements.lifecycle import assent, edit, finalise, new_agreement, sign
from facilitator.agreements.model import (
    Agreement,
    AgreementItem,
    ApologyForm,
    ItemKind,
    Signature,
    StrokePoint,
)
from facilitator.agreements.template import AgreementTemplate
from facilitator.agreements.templates import load_agreement_templates
from facilitator.domain.case import Participant
from facilitator.domain.roles import Role

WHEN = datetime(2026, 3, 1, 18, 0, tzinfo=UTC)


def template(template_id: str = "community-conference") -> AgreementTemplate:
    return load_agreement_templates().templates[template_id]


def people() -> list[Participant]:
    return [
        Participant("Zoë Nguyễn Thị Ánh", Role.PERSON_HARMED),
        Participant("Ołeksandr Шевченко", Role.PERSON_RESPONSIBLE),
        Participant("Μαρία Παπαδοπούλου", Role.SUPPORTER_HARMED),
        Participant("Aroha Ngata", Role.FACILITATOR),
    ]


def draft(cast: list[Participant]) -> Agreement:
    _harmed, responsible, supporter = cast[:3]
    agreement = new_agreement(
        template(),
        session_id="s" * 32,
        case_reference="CASE-2026-7",
        participants=cast,
        when=WHEN.date(),
        referral_source="Police",
        created_at=WHEN,
    )
    items = (
        AgreementItem(
            ItemKind.RESTITUTION,
            "Pay for the broken window",
            responsible_id=responsible.id,
            due=date(2026, 5, 1),
            monitor="Aroha Ngata",
            how_harmed_learns="A message from the facilitator",
            amount=Decimal("120.50"),
            currency="EUR",
            payment_schedule="Three monthly instalments",
        ),
        AgreementItem(
            ItemKind.APOLOGY,
            "Write a letter of apology to Zoë",
            responsible_id=responsible.id,
            due=date(2026, 3, 15),
            monitor="Μαρία Παπαδοπούλου",
            how_harmed_learns="She receives the letter",
            apology_form=ApologyForm.LETTER,
        ),
        AgreementItem(
            ItemKind.SUPPORT,
            "Drive Ołeksandr to the garden on two Saturdays",
            responsible_id=supporter.id,
            due=date(2026, 4, 1),
            monitor="Aroha Ngata",
        ),
    )
    return edit(agreement, items=items, summary="The window was repaired together; a calm meeting.")


def strokes(seed: int) -> tuple[tuple[StrokePoint, ...], ...]:
    """A synthetic, wavy signature."""
    out = []
    for s in range(2):
        out.append(
            tuple(
                StrokePoint(
                    0.05 + 0.45 * s + 0.4 * k / 30,
                    0.5 + 0.3 * math.sin(k / 3 + seed),
                    0.5 + 0.4 * abs(math.sin(k / 5)),
                    k * 0.02,
                )
                for k in range(31)
            )
        )
    return tuple(out)


def signed(cast: list[Participant] | None = None) -> Agreement:
    cast = cast or people()
    agreement = draft(cast)
    for p in cast:
        agreement = assent(agreement, p.id)
    agreement = finalise(agreement, template(), unresolved_withdrawals=(), at=WHEN)
    for index, party in enumerate(agreement.signers):
        agreement = sign(
            agreement,
            Signature(
                party.participant_id,
                party.name,
                party.role,
                WHEN + timedelta(minutes=index + 1),
                strokes(index),
            ),
        )
    return agreement
