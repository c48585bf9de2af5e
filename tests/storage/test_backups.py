"""Backups: online snapshots of the live store, checked, rotated, restored beside a quarantine."""

from __future__ import annotations

import hashlib
import os
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from store_samples import add_session, logged, note_added

from facilitator.engine.events import Event
from facilitator.security.keyfile import key_file_path
from facilitator.storage.backups import (
    BackupManager,
    BackupReason,
    RotationPolicy,
    backup_folder_for,
    backups_for_url,
)
from facilitator.storage.errors import StoreError
from facilitator.storage.store import Store

NOW = datetime(2026, 11, 25, 17, 1, 2, tzinfo=UTC)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def note_texts(path: Path) -> list[str]:
    with Store.open(f"sqlite:///{path}") as store:
        return [n.text for s in store.list_sessions() for n in store.notes(s.id)]


def write_notes(store: Store, session_id: str, texts: list[str]) -> None:
    log = store.event_log(session_id)
    first = len(store.events(session_id)) + 1
    events: list[Event] = [note_added(f"{first + i:032x}", t) for i, t in enumerate(texts)]
    log.append(logged(events, first_seq=first))


def test_a_backup_of_the_open_store_holds_what_was_committed(sqlite_path: Path) -> None:
    with Store.open(f"sqlite:///{sqlite_path}") as store:
        info, _ = add_session(store)
        write_notes(store, info.id, ["first words"])
        # The store stays open: the snapshot must include what sits in its WAL.
        assert Path(f"{sqlite_path}-wal").exists()
        made = BackupManager(sqlite_path).backup(BackupReason.MANUAL, now=NOW)
        write_notes(store, info.id, ["after the backup"])
    assert made.path.parent == backup_folder_for(sqlite_path)
    assert made.path.name == "circle-2026-11-25T170102Z-manual.sqlite3"
    assert made.reason is BackupReason.MANUAL
    # The backup is a plain rollback-journal file: nothing beside it is needed to read it.
    header = made.path.read_bytes()[:100]
    assert header[18:20] == b"\x01\x01"
    assert note_texts(made.path) == ["first words"]


def test_backups_are_listed_newest_first_and_rotated(sqlite_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    manager = BackupManager(sqlite_path, policy=RotationPolicy(daily=3, session=2))
    for day in range(6):
        manager.backup(BackupReason.DAILY, now=NOW + timedelta(days=day))
    for hour in range(4):
        manager.backup(BackupReason.SESSION, now=NOW + timedelta(days=6, hours=hour))
    listed = manager.list_backups()
    assert [b.reason for b in listed] == [BackupReason.SESSION] * 2 + [BackupReason.DAILY] * 3
    assert [b.created_at for b in listed] == sorted((b.created_at for b in listed), reverse=True)
    assert listed[0].created_at == NOW + timedelta(days=6, hours=3)
    assert listed[-1].created_at == NOW + timedelta(days=3)


def test_the_newest_backup_and_pre_migration_backups_stay(sqlite_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    manager = BackupManager(sqlite_path, policy=RotationPolicy(daily=1, migration_days=90))
    manager.backup(BackupReason.MIGRATION, now=NOW)
    manager.backup(BackupReason.MIGRATION, now=NOW + timedelta(days=1))
    manager.backup(BackupReason.DAILY, now=NOW + timedelta(days=100))
    # Over 90 days old: the older pre-migration copy goes, the newest one of its kind stays.
    assert [(b.reason, b.created_at) for b in manager.list_backups()] == [
        (BackupReason.DAILY, NOW + timedelta(days=100)),
        (BackupReason.MIGRATION, NOW + timedelta(days=1)),
    ]


def test_two_backups_in_one_second_get_two_names(sqlite_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    manager = BackupManager(sqlite_path)
    first = manager.backup(BackupReason.SESSION, now=NOW)
    second = manager.backup(BackupReason.SESSION, now=NOW)
    assert first.path != second.path
    assert second.path.name == "circle-2026-11-25T170102Z-session-2.sqlite3"
    assert len(manager.list_backups()) == 2


def test_the_daily_backup_is_made_once_a_day(sqlite_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    manager = BackupManager(sqlite_path)
    assert manager.backup_if_due(now=NOW) is not None
    assert manager.backup_if_due(now=NOW + timedelta(hours=23)) is None
    assert manager.backup_if_due(now=NOW + timedelta(hours=24)) is not None
    assert len(manager.list_backups()) == 2


def test_the_migration_copies_beside_the_store_are_listed(sqlite_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    legacy = sqlite_path.with_name(f"{sqlite_path.name}.pre-0006-20261101T080000Z.bak")
    with (
        sqlite3.connect(f"file:{sqlite_path}?mode=ro", uri=True) as source,
        sqlite3.connect(legacy) as copy,
    ):
        source.backup(copy)
    copy.close()
    listed = BackupManager(sqlite_path).list_backups()
    assert [(b.path, b.reason) for b in listed] == [(legacy, BackupReason.MIGRATION)]
    assert listed[0].created_at == datetime(2026, 11, 1, 8, tzinfo=UTC)


def test_restore_checks_the_backup_and_keeps_the_replaced_store(sqlite_path: Path) -> None:
    with Store.open(f"sqlite:///{sqlite_path}") as store:
        info, _ = add_session(store)
        write_notes(store, info.id, ["kept in the backup"])
        made = BackupManager(sqlite_path).backup(BackupReason.SESSION, now=NOW)
        write_notes(store, info.id, ["written later"])
    before = sha256(sqlite_path)
    backup_hash = sha256(made.path)
    report = BackupManager(sqlite_path).restore(made.path, now=NOW + timedelta(hours=1))
    assert note_texts(sqlite_path) == ["kept in the backup"]
    assert report.quarantine is not None
    assert report.quarantine.parent == backup_folder_for(sqlite_path) / "quarantine"
    assert sha256(report.quarantine) == before
    assert note_texts(report.quarantine) == ["kept in the backup", "written later"]
    assert sha256(made.path) == backup_hash
    assert BackupManager(sqlite_path).quarantined() == [report.quarantine]


def test_restore_refuses_a_damaged_backup_and_changes_nothing(sqlite_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    manager = BackupManager(sqlite_path)
    made = manager.backup(BackupReason.MANUAL, now=NOW)
    data = bytearray(made.path.read_bytes())
    data[len(data) // 2 :] = os.urandom(len(data) - len(data) // 2)
    made.path.write_bytes(bytes(data))
    before = sha256(sqlite_path)
    with pytest.raises(StoreError, match="damaged"):
        manager.restore(made.path)
    assert sha256(sqlite_path) == before
    assert manager.quarantined() == []


def test_restore_refuses_a_file_that_is_not_a_store(sqlite_path: Path, tmp_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    with pytest.raises(StoreError, match="not a Circle Facilitator store"):
        BackupManager(sqlite_path).restore(other)


def test_restore_into_a_missing_store_needs_no_quarantine(sqlite_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    manager = BackupManager(sqlite_path)
    made = manager.backup(BackupReason.MANUAL, now=NOW)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{sqlite_path}{suffix}").unlink(missing_ok=True)
    report = manager.restore(made.path)
    assert report.quarantine is None
    assert sqlite_path.is_file()


def test_restore_moves_a_stray_journal_away_from_the_restored_store(sqlite_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    manager = BackupManager(sqlite_path)
    made = manager.backup(BackupReason.MANUAL, now=NOW)
    sqlite_path.unlink()
    wal = Path(f"{sqlite_path}-wal")
    wal.write_bytes(b"a journal of another life")
    report = manager.restore(made.path)
    assert report.quarantine is not None
    assert not report.quarantine.exists()
    assert Path(f"{report.quarantine}-wal").read_bytes() == b"a journal of another life"
    assert not wal.exists()
    assert note_texts(sqlite_path) == []


def test_a_server_store_is_not_backed_up_by_the_app() -> None:
    with pytest.raises(StoreError, match="pg_dump"):
        backups_for_url("postgresql+psycopg://cf@127.0.0.1/cf")


def test_a_backup_without_a_store_says_so(sqlite_path: Path) -> None:
    with pytest.raises(StoreError, match="no store file"):
        BackupManager(sqlite_path).backup(BackupReason.MANUAL)
    assert not backup_folder_for(sqlite_path).exists()


KEY = bytes(range(1, 33))
CANARY = "Canary-Backup-7f3a9c"


def test_a_backup_of_an_encrypted_store_is_encrypted_with_its_key(sqlite_path: Path) -> None:
    url = f"sqlite:///{sqlite_path}"
    with Store.open(url, key=KEY) as store:
        info, _ = add_session(store)
        write_notes(store, info.id, [f"{CANARY} said in the circle"])
        made = store.backups.backup(BackupReason.SESSION, now=NOW)
    raw = made.path.read_bytes()
    assert CANARY.encode() not in raw
    assert not raw.startswith(b"SQLite format 3")
    # The scan would find it in a plain copy: prove it can see.
    plain = sqlite_path.with_name("plain.sqlite3")
    with Store.open(f"sqlite:///{plain}") as store:
        info, _ = add_session(store)
        write_notes(store, info.id, [CANARY])
        plain_backup = store.backups.backup(BackupReason.SESSION, now=NOW)
    assert CANARY.encode() in plain_backup.path.read_bytes()
    # Only the key opens it.
    with pytest.raises(StoreError):
        BackupManager(sqlite_path, key=bytes(32)).verify(made.path)
    with pytest.raises(StoreError):
        BackupManager(sqlite_path).verify(made.path)
    assert BackupManager(sqlite_path, key=KEY).verify(made.path)


def test_restoring_an_encrypted_backup_opens_with_the_same_key(sqlite_path: Path) -> None:
    url = f"sqlite:///{sqlite_path}"
    with Store.open(url, key=KEY) as store:
        info, _ = add_session(store)
        write_notes(store, info.id, ["before"])
        made = store.backups.backup(BackupReason.SESSION, now=NOW)
        write_notes(store, info.id, ["after"])
    report = BackupManager(sqlite_path, key=KEY).restore(made.path)
    assert report.recorded
    with Store.open(url, key=KEY) as store:
        assert [n.text for s in store.list_sessions() for n in store.notes(s.id)] == ["before"]


def test_backups_and_restores_are_in_the_audit_trail(sqlite_path: Path) -> None:
    url = f"sqlite:///{sqlite_path}"
    with Store.open(url) as store:
        made = store.backups.backup(BackupReason.MANUAL, now=NOW)
        entries = store.audit.entries()
    assert [e.kind for e in entries][-1] == "backup"
    assert entries[-1].detail_sha256 == sha256(made.path)
    BackupManager(sqlite_path).restore(made.path)
    with Store.open(url) as store:
        kinds = [e.kind for e in store.audit.entries()]
    # The restored store is the backup (made before its own entry) plus the restore.
    assert kinds[-1] == "restore"


def test_the_key_file_is_kept_with_the_backups(sqlite_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    key_file = key_file_path(sqlite_path)
    key_file.write_text('{"wrapped": "only"}', encoding="utf-8")
    manager = BackupManager(sqlite_path)
    made = manager.backup(BackupReason.MANUAL, now=NOW)
    kept = manager.folder / key_file.name
    assert kept.read_text(encoding="utf-8") == '{"wrapped": "only"}'
    assert manager.list_backups() == [manager.list_backups()[0]]
    key_file.unlink()
    manager.restore(made.path)
    assert key_file.read_text(encoding="utf-8") == '{"wrapped": "only"}'
