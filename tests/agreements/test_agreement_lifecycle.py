"""The agreement's rules: items from ideas, weak-item hints, assent, finalising, signing and
amending."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime
from decimal import Decimal

import pytest
from agreement_samples import WHEN, draft, people, signed, strokes, template

from facilitator.agreements.lifecycle import (
    WeakHint,
    amend,
    assent,
    clear_signature,
    edit,
    finalise,
    item_from_note,
    items_from_notes,
    sign,
    weak_item_hints,
)
from facilitator.agreements.model import (
    AgreementError,
    AgreementItem,
    AgreementStatus,
    ItemKind,
    Signature,
    StrokePoint,
)
from facilitator.domain.case import Participant
from facilitator.domain.notes import Note, NoteKind, Visibility
from facilitator.domain.roles import Participation, Role


def note(kind: NoteKind, text: str, *, struck: bool = False) -> Note:
    return Note("n" * 32, kind, Visibility.SHAREABLE, text, 3, 2, None, 12.0, struck=struck)


def test_an_agreement_idea_becomes_an_item_in_one_call() -> None:
    item = item_from_note(note(NoteKind.AGREEMENT_IDEA, "  Repaint the shed twice  "))
    assert item.description == "Repaint the shed twice"
    assert item.source_note_id == "n" * 32
    assert item.kind is ItemKind.OTHER


def test_other_notes_and_struck_ideas_do_not_become_items() -> None:
    with pytest.raises(AgreementError, match="Only an agreement idea"):
        item_from_note(note(NoteKind.HARM, "The garden lost its seedlings"))
    with pytest.raises(AgreementError, match="struck out"):
        item_from_note(note(NoteKind.AGREEMENT_IDEA, "x", struck=True))
    notes = [
        note(NoteKind.AGREEMENT_IDEA, "a"),
        note(NoteKind.NEED, "b"),
        note(NoteKind.AGREEMENT_IDEA, "c", struck=True),
    ]
    assert [i.description for i in items_from_notes(notes)] == ["a"]


def test_weak_items_are_hinted() -> None:
    vague = AgreementItem(ItemKind.BEHAVIOURAL, "Be nicer")
    assert weak_item_hints(vague) == (
        WeakHint.NO_OWNER,
        WeakHint.NO_DATE,
        WeakHint.NOT_MEASURABLE,
    )
    good = AgreementItem(
        ItemKind.RESTITUTION,
        "Pay back",
        responsible_id="p",
        due=date(2026, 1, 1),
        amount=Decimal(85),
    )
    assert weak_item_hints(good) == ()
    counted = AgreementItem(ItemKind.OTHER, "Call twice a week", "p", date(2026, 1, 1))
    assert weak_item_hints(counted) == ()
    assert all(h.message for h in WeakHint)


def test_items_refuse_nonsense_values() -> None:
    with pytest.raises(AgreementError, match="description"):
        AgreementItem(ItemKind.OTHER, "   ")
    with pytest.raises(AgreementError, match="amount"):
        AgreementItem(ItemKind.RESTITUTION, "pay", amount=Decimal(-1))
    with pytest.raises(AgreementError, match="Hours"):
        AgreementItem(ItemKind.COMMUNITY_SERVICE, "work", hours=float("nan"))
    with pytest.raises(AgreementError, match="outside the signature box"):
        Signature("p", "P", Role.FACILITATOR, WHEN, ((StrokePoint(1.5, 0, 0.5, 0),),))


def test_new_agreement_fills_the_introduction_as_text_and_names_parties() -> None:
    cast = [*people(), Participant("Olu Observer", Role.OBSERVER)]
    cast.append(Participant("Absent A", Role.COMMUNITY_MEMBER, participation=Participation.ABSENT))
    agreement = draft(cast)
    names = [p.name for p in agreement.parties]
    assert names == [
        "Zoë Nguyễn Thị Ánh",
        "Ołeksandr Шевченко",
        "Μαρία Παπαδοπούλου",
        "Aroha Ngata",
    ]
    assert "CASE-2026-7" in agreement.introduction
    assert "1 March 2026" in agreement.introduction
    assert "{" not in agreement.introduction
    assert {c.id for c in agreement.clauses} >= {
        "voluntariness",
        "confidentiality",
        "non_completion",
    }


def test_finalising_waits_for_every_assent_and_any_withdrawal() -> None:
    cast = people()
    agreement = draft(cast)
    with pytest.raises(AgreementError, match="Still to say they can live with it: Zoë"):
        finalise(agreement, template(), unresolved_withdrawals=(), at=WHEN)
    for p in cast:
        agreement = assent(agreement, p.id)
    with pytest.raises(AgreementError, match="withdrew their consent"):
        finalise(agreement, template(), unresolved_withdrawals={cast[1].id}, at=WHEN)
    done = finalise(agreement, template(), unresolved_withdrawals=frozenset(), at=WHEN)
    assert done.status is AgreementStatus.FINALISED
    # An edit after assent asks everyone again.
    assert edit(agreement, summary="changed").assents == frozenset()


def test_an_empty_agreement_is_a_valid_outcome() -> None:
    cast = people()
    agreement = edit(draft(cast), items=())
    for p in cast:
        agreement = assent(agreement, p.id)
    done = finalise(agreement, template(), unresolved_withdrawals=(), at=WHEN)
    assert not done.reached


def test_a_template_refuses_item_kinds_and_missing_signer_roles() -> None:
    cast = people()
    agreement = draft(cast)
    for p in cast:
        agreement = assent(agreement, p.id)
    with pytest.raises(AgreementError, match="Parent or guardian"):
        finalise(agreement, template("youth-diversion"), unresolved_withdrawals=(), at=WHEN)
    with pytest.raises(AgreementError, match="does not include 'Paying back'"):
        finalise(agreement, template("school-restorative"), unresolved_withdrawals=(), at=WHEN)


def test_the_facilitator_signs_last_and_the_last_signature_locks() -> None:
    cast = people()
    agreement = draft(cast)
    for p in cast:
        agreement = assent(agreement, p.id)
    agreement = finalise(agreement, template(), unresolved_withdrawals=(), at=WHEN)
    facilitator = cast[3]
    assert agreement.signers[-1].participant_id == facilitator.id

    def sig(p: Participant) -> Signature:
        return Signature(p.id, p.display_name, p.role, WHEN, strokes(1))

    with pytest.raises(AgreementError, match="facilitator signs last"):
        sign(agreement, sig(facilitator))
    agreement = sign(agreement, sig(cast[0]))
    with pytest.raises(AgreementError, match="already signed"):
        sign(agreement, sig(cast[0]))
    agreement = clear_signature(agreement, cast[0].id)
    assert agreement.signatures == ()
    for p in cast[:3]:
        agreement = sign(agreement, sig(p))
    assert agreement.status is AgreementStatus.FINALISED
    agreement = sign(agreement, sig(facilitator))
    assert agreement.status is AgreementStatus.LOCKED
    assert agreement.locked_at == WHEN
    with pytest.raises(AgreementError, match="locked"):
        sign(agreement, sig(facilitator))
    with pytest.raises(AgreementError, match="Only a draft"):
        edit(agreement, summary="x")


def test_amending_makes_a_new_linked_version() -> None:
    old = signed()
    later = datetime(2026, 4, 1, tzinfo=UTC)
    new = amend(old, created_at=later)
    assert new.id != old.id
    assert (new.version, new.previous_version_id, new.status) == (2, old.id, AgreementStatus.DRAFT)
    assert new.signatures == ()
    assert new.assents == frozenset()
    assert new.items == old.items
    with pytest.raises(AgreementError, match="Only a signed agreement"):
        amend(new)
    assert dataclasses.replace(old) == old
