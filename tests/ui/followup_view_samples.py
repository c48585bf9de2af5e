"""A generated store for the follow-up screens: several cases with signed agreements, made
through the real agreement lifecycle, with items due around a fixed Wednesday."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from facilitator.agreements.lifecycle import assent, edit, finalise, new_agreement, sign
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

#: "Now" in the tests: Wednesday 4 March 2026, late morning (UTC).
NOW = datetime(2026, 3, 4, 10, 0, tzinfo=UTC)
TODAY = date(2026, 3, 4)
SIGNED = datetime(2026, 2, 2, 18, 0, tzinfo=UTC)

_AGREEMENT_TEMPLATE = load_agreement_templates(builtin_agreement_templates_dir()).templates[
    "community-conference"
]
_PROCESS = load_templates(builtin_templates_dir()).templates["restorative-conference"]
_STROKE = ((StrokePoint(0.1, 0.5, 0.5, 0.0), StrokePoint(0.9, 0.45, 0.6, 0.3)),)


@dataclass(frozen=True)
class Item:
    """One item of a sample agreement."""

    description: str
    due: date | None
    monitor: str
    kind: ItemKind = ItemKind.OTHER


def signed_case(
    store: Store,
    reference: str,
    responsible: str,
    items: list[Item],
    *,
    review: date | None = None,
) -> Agreement:
    """A case, a session and its agreement, signed by everyone (the facilitator last)."""
    case = store.add_case(Case(reference=reference, created_at=SIGNED - timedelta(days=20)))
    people = [
        Participant("Marta Kowalczyk", Role.PERSON_HARMED),
        Participant(responsible, Role.PERSON_RESPONSIBLE),
        Participant("Aroha Ngata", Role.FACILITATOR),
    ]
    info = store.create_session(
        SessionInfo(case_id=case.id, template=_PROCESS, created_at=SIGNED - timedelta(days=1)),
        people,
    )
    draft = new_agreement(
        _AGREEMENT_TEMPLATE,
        session_id=info.id,
        case_reference=reference,
        participants=people,
        when=SIGNED.date(),
        created_at=SIGNED,
    )
    draft = edit(
        draft,
        items=[
            AgreementItem(
                kind=i.kind,
                description=i.description,
                due=i.due,
                monitor=i.monitor,
                responsible_id=people[1].id,
            )
            for i in items
        ],
        review_date=review,
    )
    for party in draft.parties:
        draft = assent(draft, party.participant_id)
    agreement = finalise(draft, _AGREEMENT_TEMPLATE, unresolved_withdrawals=(), at=SIGNED)
    for n, party in enumerate(agreement.signers):
        agreement = sign(
            agreement,
            Signature(
                party.participant_id,
                party.name,
                party.role,
                SIGNED + timedelta(minutes=n),
                _STROKE,
            ),
        )
    return store.agreements.save(agreement)


def generated_store(store: Store) -> list[Agreement]:
    """Three open cases with items overdue, due this week and later, for two monitors."""
    return [
        signed_case(
            store,
            "RJ-2026-031",
            "Jamie Okafor",
            [
                Item("Repaint the garden shed with the volunteers", date(2026, 3, 2), "Marta K."),
                Item("Letter of apology read at the volunteers' meeting", TODAY, "Aroha Ngata"),
                Item("Pay back EUR 85 in three instalments", date(2026, 5, 1), "Aroha Ngata"),
            ],
            review=date(2026, 3, 18),
        ),
        signed_case(
            store,
            "RJ-2026-044",
            "Sam Quill",
            [
                Item("Attend four sessions of the youth programme", date(2026, 2, 20), "Lin Chen"),
                Item("Help at the Saturday market clean-up", date(2026, 3, 7), "Lin Chen"),
            ],
        ),
        signed_case(
            store,
            "RJ-2026-052",
            "Noor Haddad",
            [Item("Return the borrowed bicycle", date(2026, 3, 6), "")],
        ),
    ]
