"""The audit trail: each recorded action writes its entry in its own transaction, the chain
holds, nothing but ids and hashes is kept, and concurrent writers keep one chain."""

from __future__ import annotations

import dataclasses
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from store_samples import add_session, consent, logged, template

from facilitator.domain.case import Case, Participant, participant_to_dict
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import Direction
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.events import ConsentWithdrawn, NoteAdded, SessionEnded, SessionStarted
from facilitator.engine.log import LogWriteError
from facilitator.exchange.session_file import export_session, import_session, parse_document
from facilitator.security.audit_chain import (
    GENESIS_HASH,
    AuditEntry,
    AuditKind,
    canonical_bytes,
    hash_entry,
)
from facilitator.storage.database import create_engine_for
from facilitator.storage.store import Store, StoreError

SHA = "ab" * 32


def kinds(store: Store) -> list[str]:
    return [e.kind for e in store.audit.entries()]


def start(cast: list[Participant]) -> SessionStarted:
    return SessionStarted(
        template=template().to_dict(),
        participants=tuple(participant_to_dict(p) for p in cast),
        keeper_id=cast[0].id,
        direction=Direction.CLOCKWISE,
    )


def test_recorded_entries_form_a_chain_that_verifies(store: Store) -> None:
    assert store.audit.entries() == []
    assert store.audit.verify().message == "chain intact: 0 entries"
    at = datetime(2026, 11, 25, 17, 3, 7, 123456, tzinfo=UTC)
    first = store.audit.record(AuditKind.BACKUP, at=at, detail_sha256=SHA)
    second = store.audit.record(AuditKind.UNLOCK_FAILED, at=at, count=3)
    entries = store.audit.entries()
    assert entries == [first, second]
    assert [e.seq for e in entries] == [1, 2]
    assert first.prev_hash == GENESIS_HASH
    assert second.prev_hash == first.entry_hash
    assert all(hash_entry(e) == e.entry_hash for e in entries)
    assert entries[0].at == at
    report = store.audit.verify()
    assert report.ok
    assert report.message == "chain intact: 2 entries"
    assert report.head is not None
    assert (report.head.seq, report.head.hash) == (2, second.entry_hash)
    assert store.audit.entries(limit=1) == [second]


def test_the_hashed_bytes_are_the_documented_json_array() -> None:
    entry = AuditEntry(
        seq=7,
        at=datetime(2026, 11, 25, 18, 3, 7, 5, tzinfo=UTC),
        kind=AuditKind.EXPORT,
        session_id="5" * 32,
        case_id=None,
        agreement_id=None,
        ref_id=None,
        count=None,
        detail_sha256=SHA,
        prev_hash=GENESIS_HASH,
        entry_hash="",
    )
    assert (
        canonical_bytes(entry)
        == (
            f'["cf-audit/1",7,"2026-11-25T18:03:07.000005+00:00","export","{"5" * 32}",'
            f'null,null,null,null,"{SHA}","{GENESIS_HASH}"]'
        ).encode()
    )


def test_a_detail_that_is_not_a_hash_or_a_naive_time_is_refused(store: Store) -> None:
    with pytest.raises(ValueError, match="SHA-256"):
        store.audit.record(AuditKind.EXPORT, detail_sha256="Zoë's notes")
    with pytest.raises(ValueError, match="timezone"):
        store.audit.record(AuditKind.EXPORT, at=datetime(2026, 1, 1))
    assert store.audit.entries() == []


def test_session_start_withdrawal_and_end_are_recorded_with_the_events(store: Store) -> None:
    info, cast = add_session(store)
    for p in cast[:3]:
        store.record_consent(info.id, consent(p))
    log = store.event_log(info.id)
    events = logged(
        [
            start(cast),
            NoteAdded("a" * 32, NoteKind.HARM, Visibility.SHAREABLE, "text", None, None, None),
            ConsentWithdrawn(participant_id=cast[2].id, recorded_by="K", note="why"),
            SessionEnded(),
        ]
    )
    log.append(events[:2])
    log.append(events[2:])
    entries = store.audit.entries()
    assert [e.kind for e in entries] == [
        "consent_recorded",
        "consent_recorded",
        "consent_recorded",
        "session_started",
        "consent_withdrawn",
        "session_ended",
    ]
    started, withdrawn, ended = entries[3:]
    assert {e.session_id for e in entries} == {info.id}
    assert {e.case_id for e in entries} == {info.case_id}
    assert started.at == events[0].wall
    assert ended.at == events[3].wall
    assert withdrawn.ref_id == cast[2].id
    recorded = {c.id for c in store.consents(info.id)}
    assert {e.ref_id for e in entries[:3]} == recorded
    assert store.audit.verify().ok


def test_an_append_the_database_refuses_writes_no_entry(store: Store) -> None:
    info, cast = add_session(store)
    first = store.event_log(info.id)
    second = store.event_log(info.id)
    first.append(logged([start(cast)]))
    with pytest.raises(LogWriteError):
        second.append(logged([start(cast)]))
    assert kinds(store) == ["session_started"]


def test_a_refused_consent_writes_no_entry(store: Store) -> None:
    info, cast = add_session(store)
    record = consent(cast[1])
    store.record_consent(info.id, record)
    with pytest.raises(StoreError):
        store.record_consent(info.id, record)
    with pytest.raises(StoreError):
        store.record_consent(
            info.id, dataclasses.replace(consent(cast[1]), participant_id="0" * 32)
        )
    assert kinds(store) == ["consent_recorded"]


def test_an_import_is_recorded_and_its_events_are_not_replayed_into_the_trail(
    store: Store, tmp_path: Path
) -> None:
    info, cast = add_session(store)
    store.event_log(info.id).append(logged([start(cast), SessionEnded()]))
    exported = export_session(store, info.id)
    with Store.open(f"sqlite:///{tmp_path / 'other.sqlite3'}") as other:
        import_session(other, parse_document(exported.encode()))
        entries = other.audit.entries()
        assert [(e.kind, e.session_id, e.case_id) for e in entries] == [
            ("import", info.id, info.case_id)
        ]
        assert export_session(other, info.id) == exported


def test_no_name_or_text_reaches_the_audit_tables(store: Store, store_url: str) -> None:
    canaries = [f"CANARY{n}-Zoë" for n in range(9)]
    case = store.add_case(
        Case(reference=canaries[0], summary=canaries[1], referral_source=canaries[2])
    )
    person = Participant(
        canaries[3], Role.PERSON_HARMED, address_as=canaries[4], risk_notes=canaries[5]
    )
    keeper = Participant("Keeper", Role.KEEPER)
    info = store.create_session(
        SessionInfo(case_id=case.id, template=template(), title=canaries[6]), [keeper, person]
    )
    store.record_consent(info.id, dataclasses.replace(consent(person), recorded_by=canaries[7]))
    events = [
        start([keeper, person]),
        NoteAdded("b" * 32, NoteKind.HARM, Visibility.SHAREABLE, canaries[8], None, None, None),
        ConsentWithdrawn(participant_id=person.id, recorded_by=canaries[7], note=canaries[8]),
        SessionEnded(reason=canaries[8]),
    ]
    store.event_log(info.id).append(logged(events))
    store.audit.record(AuditKind.EXPORT, session_id=info.id, detail_sha256=SHA)
    assert len(store.audit.entries()) == 5
    engine = create_engine_for(store_url)
    try:
        with engine.connect() as c:
            dumped = [
                str(value)
                for table in ("audit_entries", "audit_head")
                for row in c.execute(text(f"SELECT * FROM {table}"))
                for value in row
            ]
    finally:
        engine.dispose()
    assert dumped
    assert not [v for v in dumped if "CANARY" in v or "Zoë" in v or "Keeper" in v]


def test_two_stores_on_one_file_appending_in_turn_keep_one_chain(store_url: str) -> None:
    with Store.open(store_url) as one, Store.open(store_url) as two:
        for n in range(10):
            (one if n % 2 else two).audit.record(AuditKind.BACKUP, count=n)
        report = one.audit.verify()
        assert report.ok, report.message
        assert [e.count for e in two.audit.entries()] == list(range(10))


def test_concurrent_writers_wait_for_each_other_and_keep_one_chain(store_url: str) -> None:
    per_writer, errors = 15, []

    def write(store: Store, writer: int) -> None:
        try:
            for n in range(per_writer):
                store.audit.record(AuditKind.BACKUP, count=writer * 100 + n)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    with Store.open(store_url) as one, Store.open(store_url) as two:
        threads = [threading.Thread(target=write, args=(s, w)) for w, s in enumerate((one, two))]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        report = one.audit.verify()
        assert report.ok, report.message
        assert report.entries_checked == 2 * per_writer
        counts = [e.count for e in one.audit.entries()]
        assert sorted(c for c in counts if c is not None) == sorted(
            w * 100 + n for w in range(2) for n in range(per_writer)
        )
