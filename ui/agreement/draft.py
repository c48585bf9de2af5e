"""Starting a session's agreement from the store: its people, its case, its ideas (no Qt)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime

from facilitator.agreements.lifecycle import items_from_notes, new_agreement
from facilitator.agreements.model import Agreement
from facilitator.agreements.template import AgreementTemplate
from facilitator.domain.notes import Note, NoteKind
from facilitator.engine.state import SessionState
from facilitator.storage.store import Store


def start_draft(store: Store, session_id: str, template: AgreementTemplate) -> Agreement:
    """A new draft for the session from ``template``, its items from the shareable ideas."""
    info = store.get_session(session_id)
    case = store.get_case(info.case_id)
    when = info.ended_at or info.started_at or datetime.now(UTC)
    draft = new_agreement(
        template,
        session_id=session_id,
        case_reference=case.reference,
        participants=store.participants(session_id),
        when=when.astimezone().date(),
        referral_source=case.referral_source,
        created_at=datetime.now(UTC),
    )
    return dataclasses.replace(draft, items=items_from_notes(store.notes(session_id)))


def retemplate(store: Store, draft: Agreement, template: AgreementTemplate) -> Agreement:
    """The same draft (id, items, summary) under another template's wording and signers."""
    fresh = start_draft(store, draft.session_id, template)
    return dataclasses.replace(
        fresh,
        id=draft.id,
        version=draft.version,
        previous_version_id=draft.previous_version_id,
        items=draft.items,
        summary=draft.summary,
        review_date=draft.review_date,
        created_at=draft.created_at,
    )


def agreement_ideas(store: Store, session_id: str) -> list[Note]:
    """The session's current agreement ideas, shareable or not (the facilitator picks)."""
    return [
        n for n in store.notes(session_id) if n.kind is NoteKind.AGREEMENT_IDEA and not n.struck
    ]


def unresolved_withdrawals(store: Store, session_id: str) -> frozenset[str]:
    """Who withdrew consent in the session without a recorded resolution."""
    return SessionState.fold(store.events(session_id)).unresolved_withdrawals
