"""Agreements leave audit entries with the save that changes them: each signature, a signature
taken back, locking (with the content hash the PDF prints), an amendment; a refused save none."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest
from agreement_samples import WHEN, draft, people, strokes, template

from facilitator.agreements.lifecycle import amend, assent, clear_signature, finalise, sign
from facilitator.agreements.model import Agreement, AgreementStatus, Signature
from facilitator.agreements.serial import content_hash
from facilitator.domain.case import Case
from facilitator.domain.session import SessionInfo
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.security.audit_chain import AuditEntry
from facilitator.storage.store import Store, StoreError


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}") as opened:
        yield opened


def finalised(store: Store) -> tuple[Agreement, str]:
    case = store.add_case(Case(reference="CASE-2026-7"))
    process = load_templates(builtin_templates_dir()).templates["community-conference"]
    cast = people()
    info = store.create_session(SessionInfo(case_id=case.id, template=process), cast)
    agreement = dataclasses.replace(draft(cast), session_id=info.id)
    for p in cast:
        agreement = assent(agreement, p.id)
    store.agreements.save(agreement)
    agreement = finalise(agreement, template(), unresolved_withdrawals=(), at=WHEN)
    return store.agreements.save(agreement), case.id


def signature(agreement: Agreement, index: int) -> Signature:
    party = agreement.signers[index]
    when = WHEN + timedelta(minutes=index + 1)
    return Signature(party.participant_id, party.name, party.role, when, strokes(index))


def new_entries(store: Store, before: int) -> list[AuditEntry]:
    return store.audit.entries()[before:]


def test_signing_to_the_lock_records_each_signature_then_the_lock(store: Store) -> None:
    agreement, case_id = finalised(store)
    assert store.audit.entries() == []
    signer_ids = []
    for index in range(len(agreement.signers)):
        agreement = store.agreements.save(sign(agreement, signature(agreement, index)))
        signer_ids.append(agreement.signers[index].participant_id)
    assert agreement.status is AgreementStatus.LOCKED
    entries = store.audit.entries()
    assert [e.kind for e in entries] == ["agreement_signed"] * len(signer_ids) + [
        "agreement_locked"
    ]
    assert [e.ref_id for e in entries[:-1]] == signer_ids
    assert {(e.session_id, e.case_id, e.agreement_id) for e in entries} == {
        (agreement.session_id, case_id, agreement.id)
    }
    assert entries[-1].detail_sha256 == content_hash(agreement)
    assert store.audit.verify().ok


def test_a_signature_taken_back_is_recorded(store: Store) -> None:
    agreement, _case_id = finalised(store)
    agreement = store.agreements.save(sign(agreement, signature(agreement, 0)))
    signer = agreement.signatures[0].signer_id
    store.agreements.save(clear_signature(agreement, signer))
    entries = store.audit.entries()
    assert [(e.kind, e.ref_id) for e in entries] == [
        ("agreement_signed", signer),
        ("signature_withdrawn", signer),
    ]


def test_an_amendment_is_recorded_and_a_refused_save_records_nothing(store: Store) -> None:
    agreement, _case_id = finalised(store)
    for index in range(len(agreement.signers)):
        agreement = store.agreements.save(sign(agreement, signature(agreement, index)))
    count = len(store.audit.entries())
    with pytest.raises(StoreError, match="locked"):
        store.agreements.save(dataclasses.replace(agreement, summary="changed afterwards"))
    assert new_entries(store, count) == []
    amended = store.agreements.save(amend(agreement))
    [entry] = new_entries(store, count)
    assert (entry.kind, entry.agreement_id, entry.ref_id) == (
        "agreement_amended",
        amended.id,
        agreement.id,
    )
    store.agreements.save(dataclasses.replace(amended, summary="a second draft"))
    assert len(store.audit.entries()) == count + 1
