"""The audit trail resists and reveals tampering.

The database itself refuses UPDATE and DELETE of an entry (and a head that moves back). An
attacker who drops those triggers can change rows, and then ``verify`` says at which entry and
how the chain breaks: edited, missing, reordered or truncated.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, select, text
from sqlalchemy.exc import DBAPIError

from facilitator.security.audit_chain import (
    AuditAnchor,
    AuditBreak,
    AuditEntry,
    AuditKind,
    hash_entry,
)
from facilitator.security.keyfile import KdfParams, create_key_file, record_failed_unlock
from facilitator.storage.database import create_engine_for, sqlite_url
from facilitator.storage.records_audit import AuditEntryRow
from facilitator.storage.store import Store

ENTRIES = 6

SQLITE_TRIGGERS = (
    "audit_entries_no_update",
    "audit_entries_no_delete",
    "audit_entries_follow_head",
    "audit_head_no_delete",
    "audit_head_forward_only",
)
PG_TRIGGERS = {
    "audit_entries": (
        "audit_entries_no_change",
        "audit_entries_no_truncate",
        "audit_entries_follow_head",
    ),
    "audit_head": ("audit_head_no_delete", "audit_head_no_truncate", "audit_head_forward_only"),
}


@pytest.fixture
def filled(store_url: str) -> Iterator[tuple[Store, Engine]]:
    """A store with :data:`ENTRIES` entries, and a raw engine on the same database."""
    store = Store.open(store_url)
    for n in range(ENTRIES):
        store.audit.record(AuditKind.BACKUP, count=n)
    engine = create_engine_for(store_url)
    try:
        yield store, engine
    finally:
        engine.dispose()
        store.close()


def refused(engine: Engine, statement: str) -> bool:
    try:
        with engine.begin() as c:
            c.execute(text(statement))
    except DBAPIError:
        return True
    return False


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entries SET kind = 'purge' WHERE seq = 2",
        "UPDATE audit_entries SET count = NULL",
        "DELETE FROM audit_entries WHERE seq = 6",
        "DELETE FROM audit_entries",
        "DELETE FROM audit_head",
        "UPDATE audit_head SET entries = 4",
        "UPDATE audit_head SET last_hash = '" + "0" * 64 + "'",
        "INSERT INTO audit_entries (seq, at, kind, prev_hash, entry_hash) "
        "VALUES (9, '2026-01-01 00:00:00', 'backup', '" + "0" * 64 + "', '" + "1" * 64 + "')",
    ],
)
def test_the_database_refuses_to_change_or_remove_entries(
    filled: tuple[Store, Engine], statement: str
) -> None:
    store, engine = filled
    assert refused(engine, statement)
    report = store.audit.verify()
    assert report.ok, report.message
    assert report.entries_checked == ENTRIES


def test_postgresql_refuses_truncate_too(filled: tuple[Store, Engine]) -> None:
    store, engine = filled
    if engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no TRUNCATE")
    assert refused(engine, "TRUNCATE audit_entries")
    assert refused(engine, "TRUNCATE audit_head")
    assert store.audit.verify().ok


def drop_protection(c: Connection) -> None:
    """What an attacker with the database's own rights does first."""
    if c.dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            c.execute(text(f"DROP TRIGGER {name}"))
        return
    for table, names in PG_TRIGGERS.items():
        for name in names:
            c.execute(text(f"DROP TRIGGER {name} ON {table}"))
        c.execute(text(f"GRANT ALL ON {table} TO CURRENT_USER"))


def edit_and_rehash(c: Connection, seq: int) -> None:
    """Change entry ``seq`` and give it the hash its fields now give (covering the edit)."""
    c.execute(text("UPDATE audit_entries SET count = 99 WHERE seq = :seq"), {"seq": seq})
    row = c.execute(select(AuditEntryRow.__table__).where(AuditEntryRow.seq == seq)).one()
    entry = AuditEntry(**row._asdict())
    c.execute(
        text("UPDATE audit_entries SET entry_hash = :h WHERE seq = :seq"),
        {"h": hash_entry(entry), "seq": seq},
    )


def swap(c: Connection, a: int, b: int) -> None:
    """Exchange the numbers of two entries (moving them in the chain)."""
    c.execute(text("UPDATE audit_entries SET seq = -1 WHERE seq = :a"), {"a": a})
    c.execute(text("UPDATE audit_entries SET seq = :a WHERE seq = :b"), {"a": a, "b": b})
    c.execute(text("UPDATE audit_entries SET seq = :b WHERE seq = -1"), {"b": b})


def renumber_after_deleting(c: Connection, seq: int) -> None:
    c.execute(text("DELETE FROM audit_entries WHERE seq = :seq"), {"seq": seq})
    for later in range(seq + 1, ENTRIES + 1):
        c.execute(
            text("UPDATE audit_entries SET seq = :new WHERE seq = :old"),
            {"new": later - 1, "old": later},
        )


TAMPERING: dict[str, tuple[Callable[[Connection], object], int | None, AuditBreak]] = {
    "edit a field": (
        lambda c: c.execute(text("UPDATE audit_entries SET count = 99 WHERE seq = 3")),
        3,
        AuditBreak.EDITED,
    ),
    "edit the kind": (
        lambda c: c.execute(text("UPDATE audit_entries SET kind = 'restore' WHERE seq = 1")),
        1,
        AuditBreak.EDITED,
    ),
    "edit and recompute its hash": (
        lambda c: edit_and_rehash(c, 3),
        3,
        AuditBreak.EDITED,
    ),
    "edit the last and recompute its hash": (
        lambda c: edit_and_rehash(c, ENTRIES),
        ENTRIES,
        AuditBreak.EDITED,
    ),
    "delete one": (
        lambda c: c.execute(text("DELETE FROM audit_entries WHERE seq = 4")),
        4,
        AuditBreak.MISSING,
    ),
    "delete the first": (
        lambda c: c.execute(text("DELETE FROM audit_entries WHERE seq = 1")),
        1,
        AuditBreak.MISSING,
    ),
    "delete one and renumber the rest": (
        lambda c: renumber_after_deleting(c, 2),
        2,
        AuditBreak.MISSING,
    ),
    "swap two": (lambda c: swap(c, 2, 5), 2, AuditBreak.REORDERED),
    "swap neighbours": (lambda c: swap(c, 4, 5), 4, AuditBreak.REORDERED),
    "cut off the end": (
        lambda c: c.execute(text("DELETE FROM audit_entries WHERE seq > 4")),
        5,
        AuditBreak.TRUNCATED,
    ),
    "cut off everything": (
        lambda c: c.execute(text("DELETE FROM audit_entries")),
        1,
        AuditBreak.TRUNCATED,
    ),
    "delete the head": (
        lambda c: c.execute(text("DELETE FROM audit_head")),
        None,
        AuditBreak.UNANCHORED,
    ),
    "move the head back": (
        lambda c: c.execute(text("UPDATE audit_head SET entries = 4")),
        5,
        AuditBreak.UNANCHORED,
    ),
}


@pytest.mark.parametrize("how", list(TAMPERING))
def test_tampering_is_found_at_the_right_entry(filled: tuple[Store, Engine], how: str) -> None:
    store, engine = filled
    tamper, seq, reason = TAMPERING[how]
    with engine.begin() as c:
        drop_protection(c)
    assert store.audit.verify().ok
    with engine.begin() as c:
        tamper(c)
    report = store.audit.verify()
    assert not report.ok
    assert (report.first_bad_seq, report.reason) == (seq, reason)
    if seq is not None:
        assert report.message == f"chain broken at entry #{seq}: {reason}"


def test_a_chain_cut_short_with_its_head_rewritten_is_caught_by_an_anchor(
    filled: tuple[Store, Engine],
) -> None:
    store, engine = filled
    anchor = store.audit.verify().head
    assert anchor == AuditAnchor(ENTRIES, store.audit.entries()[-1].entry_hash)
    with engine.begin() as c:
        drop_protection(c)
        last = c.execute(text("SELECT entry_hash FROM audit_entries WHERE seq = 4")).scalar_one()
        c.execute(text("DELETE FROM audit_entries WHERE seq > 4"))
        c.execute(text("UPDATE audit_head SET entries = 4, last_hash = :h"), {"h": last})
    # The documented limit: the chain and its head alone cannot show this.
    assert store.audit.verify().ok
    report = store.audit.verify(anchor)
    assert (report.first_bad_seq, report.reason) == (ENTRIES - 1, AuditBreak.TRUNCATED)


def test_an_anchor_from_a_chain_rewritten_since_is_refused(filled: tuple[Store, Engine]) -> None:
    store = filled[0]
    anchor = AuditAnchor(3, store.audit.entries()[2].entry_hash)
    assert store.audit.verify(anchor).ok
    assert not store.audit.verify(AuditAnchor(3, "f" * 64)).ok
    assert store.audit.verify(AuditAnchor(3, "f" * 64)).reason is AuditBreak.EDITED


def test_anchors_are_read_from_what_verify_prints() -> None:
    assert AuditAnchor.parse(f" 12:{'A' * 64} ") == AuditAnchor(12, "a" * 64)
    for wrong in ("12", f"x:{'a' * 64}", f"0:{'a' * 64}", "3:abc"):
        with pytest.raises(ValueError, match="SEQ:HASH"):
            AuditAnchor.parse(wrong)


def test_failed_unlocks_are_recorded_once_the_right_key_opens_the_store(tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    key, _code = create_key_file(
        db, "quiet river under the bridge", params=KdfParams.fast_for_tests()
    )
    url = sqlite_url(db)
    with Store.open(url, key=key) as store:
        assert store.audit.entries() == []
    for _ in range(3):
        record_failed_unlock(db)
    with Store.open(url, key=key) as store:
        entries = store.audit.entries()
    assert [(e.kind, e.count) for e in entries] == [("unlock_failed", 3)]
    with Store.open(url, key=key) as store:
        assert len(store.audit.entries()) == 1
        assert store.audit.verify().ok
