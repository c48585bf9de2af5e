"""The rules of an agreement's life: draft, assent, finalise, sign, lock, amend.

Each function takes an agreement and returns a new one, or raises :class:`AgreementError` with
a reason the facilitator can read aloud. None of them touches the store.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Collection, Iterable, Sequence
from datetime import date, datetime
from enum import StrEnum
from typing import cast

from facilitator.agreements.model import (
    Agreement,
    AgreementError,
    AgreementItem,
    AgreementStatus,
    ItemKind,
    Party,
    Signature,
)
from facilitator.agreements.substitution import substitute
from facilitator.agreements.template import AgreementTemplate
from facilitator.domain.case import Participant
from facilitator.domain.ids import new_id
from facilitator.domain.notes import Note, NoteKind, Visibility
from facilitator.domain.roles import Participation, Role

#: Roles that are never a party to the agreement: they watch or translate, they do not agree.
NON_PARTY_ROLES: frozenset[Role] = frozenset({Role.OBSERVER, Role.INTERPRETER})

_NUMBER_WORDS = re.compile(
    r"\d|\b(once|twice|one|two|three|four|five|six|seven|eight|nine|ten|twelve|every|each|"
    r"daily|weekly|monthly|hours?|days?|weeks?|months?)\b",
    re.IGNORECASE,
)


def new_agreement(
    template: AgreementTemplate,
    *,
    session_id: str,
    case_reference: str,
    participants: Sequence[Participant],
    when: date,
    referral_source: str = "",
    created_at: datetime | None = None,
) -> Agreement:
    """Start a draft from a template for the people of a session.

    Everyone who takes part (in person, by statement or represented) is a party, except
    observers and interpreters. A party signs when they are in the room, or when their role
    is one the template requires.

    Args:
        template: The agreement template.
        session_id: The session it comes out of.
        case_reference: Printed on the agreement and substituted for ``{case_reference}``.
        participants: The session's people, in order.
        when: The date printed and substituted for ``{date}``.
        referral_source: Who referred the case.
        created_at: When the draft was made.
    """
    parties = tuple(
        Party(p.id, p.display_name, p.role, signs=_signs(p, template))
        for p in participants
        if p.role not in NON_PARTY_ROLES and p.participation is not Participation.ABSENT
    )
    names = ", ".join(p.name for p in parties)
    introduction = substitute(
        template.introduction,
        {"parties": names, "date": f"{when.day} {when:%B %Y}", "case_reference": case_reference},
    )
    return Agreement(
        session_id=session_id,
        case_reference=case_reference,
        template_id=template.id,
        title=template.title,
        introduction=introduction,
        parties=parties,
        clauses=template.clauses,
        referral_source=referral_source,
        created_at=created_at,
    )


def _signs(person: Participant, template: AgreementTemplate) -> bool:
    if person.role in template.signer_roles:
        return True
    # domain.md §6: every party in the room signs, not only the roles the template requires.
    return person.participation is Participation.IN_PERSON


def item_from_note(note: Note) -> AgreementItem:
    """Turn an "agreement idea" note into a draft item, keeping a link to the note.

    Raises:
        AgreementError: the note is not an agreement idea, or is struck out.
    """
    if note.kind is not NoteKind.AGREEMENT_IDEA:
        raise AgreementError("Only an agreement idea can become an item.")
    if note.struck:
        raise AgreementError("This idea was struck out; it cannot become an item.")
    return AgreementItem(kind=ItemKind.OTHER, description=note.text.strip(), source_note_id=note.id)


class WeakHint(StrEnum):
    """Why an item may be hard to carry out or to check."""

    NO_OWNER = "no_owner"
    NO_DATE = "no_date"
    NOT_MEASURABLE = "not_measurable"

    @property
    def message(self) -> str:
        """A gentle hint for the editor."""
        return _HINT_MESSAGES[self]


_HINT_MESSAGES = {
    WeakHint.NO_OWNER: "Nobody is named to do this.",
    WeakHint.NO_DATE: "There is no date by which it is done.",
    WeakHint.NOT_MEASURABLE: "It may be hard to tell when it is done: add a number, an amount "
    "or a form.",
}


def weak_item_hints(item: AgreementItem) -> tuple[WeakHint, ...]:
    """The ways ``item`` falls short of specific, measurable and time-bound, in a fixed order."""
    hints: list[WeakHint] = []
    if item.responsible_id is None:
        hints.append(WeakHint.NO_OWNER)
    if item.due is None:
        hints.append(WeakHint.NO_DATE)
    if not _measurable(item):
        hints.append(WeakHint.NOT_MEASURABLE)
    return tuple(hints)


def _measurable(item: AgreementItem) -> bool:
    if item.kind is ItemKind.RESTITUTION and item.amount is not None:
        return True
    if item.kind is ItemKind.APOLOGY and item.apology_form is not None:
        return True
    if item.kind in (ItemKind.COMMUNITY_SERVICE, ItemKind.WORK_FOR_HARMED) and item.hours:
        return True
    if item.kind is ItemKind.REFERRAL and item.service.strip():
        return True
    return bool(_NUMBER_WORDS.search(item.description))


_EDITABLE = frozenset(
    {"title", "introduction", "parties", "items", "summary", "review_date", "referral_source"}
)


def edit(agreement: Agreement, **changes: object) -> Agreement:
    """Change editable fields of a draft; any change clears the assents given so far.

    Raises:
        AgreementError: the agreement is no longer a draft, or a field is not editable.
    """
    _require(agreement, AgreementStatus.DRAFT, "Only a draft can be changed.")
    unknown = set(changes) - _EDITABLE
    if unknown:
        raise AgreementError(f"These fields cannot be edited: {', '.join(sorted(unknown))}.")
    if "items" in changes:
        changes["items"] = tuple(cast("Iterable[AgreementItem]", changes["items"]))
    # People assented to the text they saw; a changed text needs asking again.
    return dataclasses.replace(agreement, assents=frozenset(), **changes)  # type: ignore[arg-type]


def assent(
    agreement: Agreement, participant_id: str, *, can_live_with_it: bool = True
) -> Agreement:
    """Record that a party can (or, with ``False``, no longer can) live with the draft.

    Raises:
        AgreementError: not a draft, or the person is not a party.
    """
    _require(agreement, AgreementStatus.DRAFT, "Assent is given to a draft.")
    if agreement.party(participant_id) is None:
        raise AgreementError("Only a party to the agreement can assent to it.")
    changed = (
        agreement.assents | {participant_id}
        if can_live_with_it
        else agreement.assents - {participant_id}
    )
    return dataclasses.replace(agreement, assents=changed)


def missing_assents(agreement: Agreement) -> tuple[Party, ...]:
    """The signing parties (other than those leading the process) who have not assented."""
    return tuple(
        p for p in agreement.signers if not p.leads and p.participant_id not in agreement.assents
    )


def finalise(
    agreement: Agreement,
    template: AgreementTemplate,
    *,
    unresolved_withdrawals: Collection[str],
    at: datetime,
) -> Agreement:
    """Freeze the draft for signing.

    Args:
        agreement: The draft.
        template: Its template (for the item kinds it allows and the roles that must sign).
        unresolved_withdrawals: Participant ids whose consent withdrawal has no recorded
            resolution yet (``LiveSession.state.unresolved_withdrawals``).
        at: The time to record.

    Raises:
        AgreementError: with the first reason it cannot be finalised.
    """
    _require(agreement, AgreementStatus.DRAFT, "This agreement was already finalised.")
    if unresolved_withdrawals:
        raise AgreementError(
            "Someone withdrew their consent and how that was resolved is not recorded yet; "
            "record it before finalising the agreement."
        )
    for item in agreement.items:
        if item.kind not in template.item_kinds:
            raise AgreementError(
                f"This kind of agreement does not include '{item.kind.label}' items."
            )
        if item.responsible_id is not None and agreement.party(item.responsible_id) is None:
            raise AgreementError(f"The person responsible for '{_short(item)}' is not a party.")
    signing_roles = {p.role for p in agreement.signers}
    for role in template.signer_roles:
        if role not in signing_roles:
            raise AgreementError(f"This agreement needs a signature from: {role.label}.")
    waiting = missing_assents(agreement)
    if waiting:
        names = ", ".join(p.name for p in waiting)
        raise AgreementError(f"Still to say they can live with it: {names}.")
    return dataclasses.replace(agreement, status=AgreementStatus.FINALISED, finalised_at=at)


def sign(agreement: Agreement, signature: Signature) -> Agreement:
    """Add a signature; the last required one locks the agreement.

    Those who lead the process sign after everyone else.

    Raises:
        AgreementError: not finalised, not a signer, signed already, or the facilitator
            signs before the others.
    """
    _require(agreement, AgreementStatus.FINALISED, _not_signable(agreement))
    party = agreement.party(signature.signer_id)
    if party is None or not party.signs:
        raise AgreementError("This person is not asked to sign the agreement.")
    if agreement.signature_of(signature.signer_id) is not None:
        raise AgreementError(f"{party.name} has already signed.")
    if party.leads:
        waiting = [
            p.name
            for p in agreement.signers
            if not p.leads and agreement.signature_of(p.participant_id) is None
        ]
        if waiting:
            raise AgreementError(
                f"The facilitator signs last; still to sign: {', '.join(waiting)}."
            )
    signed = (*agreement.signatures, signature)
    done = {s.signer_id for s in signed} >= {p.participant_id for p in agreement.signers}
    if done:
        return dataclasses.replace(
            agreement,
            signatures=signed,
            status=AgreementStatus.LOCKED,
            locked_at=signature.signed_at,
        )
    return dataclasses.replace(agreement, signatures=signed)


def clear_signature(agreement: Agreement, signer_id: str) -> Agreement:
    """Take back a signature so it can be given again, while the agreement is not locked."""
    _require(agreement, AgreementStatus.FINALISED, _not_signable(agreement))
    return dataclasses.replace(
        agreement, signatures=tuple(s for s in agreement.signatures if s.signer_id != signer_id)
    )


def amend(agreement: Agreement, *, created_at: datetime | None = None) -> Agreement:
    """Start a new draft version of a locked agreement; the old version stays as it is."""
    _require(agreement, AgreementStatus.LOCKED, "Only a signed agreement is amended.")
    return dataclasses.replace(
        agreement,
        id=new_id(),
        version=agreement.version + 1,
        previous_version_id=agreement.id,
        status=AgreementStatus.DRAFT,
        assents=frozenset(),
        signatures=(),
        created_at=created_at,
        finalised_at=None,
        locked_at=None,
    )


def items_from_notes(notes: Iterable[Note]) -> tuple[AgreementItem, ...]:
    """Items from every current, shareable agreement idea among ``notes``, in order.

    A facilitator-only idea is left out: it becomes part of the printed agreement only when the
    facilitator picks it (:func:`item_from_note`).
    """
    return tuple(
        item_from_note(n)
        for n in notes
        if n.kind is NoteKind.AGREEMENT_IDEA
        and not n.struck
        and n.visibility is Visibility.SHAREABLE
    )


def _require(agreement: Agreement, status: AgreementStatus, reason: str) -> None:
    if agreement.status is not status:
        raise AgreementError(reason)


def _not_signable(agreement: Agreement) -> str:
    if agreement.status is AgreementStatus.LOCKED:
        return "Everyone has signed; the agreement is locked. Amend it to change it."
    return "Finalise the agreement before signing it."


def _short(item: AgreementItem) -> str:
    text = item.description.strip()
    return text if len(text) <= 40 else f"{text[:40]}..."
