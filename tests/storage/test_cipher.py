"""An encrypted store: the same store API, a file that reads as noise, and damage detected."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest
from sqlalchemy import text
from store_samples import add_session, logged, note_added

from facilitator.security.keyfile import KdfParams, create_key_file
from facilitator.storage.cipher import (
    SQLITE_MAGIC,
    cipher_module,
    connect_sqlite,
    encrypt_store,
    is_encrypted_file,
)
from facilitator.storage.database import create_engine_for
from facilitator.storage.sqlite_file import backup_sqlite_file
from facilitator.storage.store import Store, StoreError

LOCKED = "cannot be opened with this key"


@pytest.fixture
def key() -> bytes:
    return os.urandom(32)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def url_of(path: Path) -> str:
    return f"sqlite:///{path}"


def filled(path: Path, key: bytes | None) -> str:
    """A closed store with a session and 200 notes (many pages); returns the session id."""
    with Store.open(url_of(path), key=key) as store:
        info, _cast = add_session(store)
        events = [note_added(f"{i:032x}", "Ghi chú " * 100) for i in range(200)]
        store.event_log(info.id).append(logged(events))
    return info.id


def test_the_store_api_works_the_same_encrypted(sqlite_path: Path, key: bytes) -> None:
    session_id = filled(sqlite_path, key)
    assert is_encrypted_file(sqlite_path)
    assert not sqlite_path.read_bytes().startswith(SQLITE_MAGIC)
    with Store.open(url_of(sqlite_path), key=key) as store:
        assert len(store.notes(session_id)) == 200
        assert store.search("ghi chú")
        assert store.backup_made_on_open is None


def test_encrypted_connections_run_like_plain_ones(sqlite_path: Path, key: bytes) -> None:
    filled(sqlite_path, key)
    engine = create_engine_for(url_of(sqlite_path), key=key)
    try:
        with engine.connect() as conn:
            assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
            assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 2  # FULL
            assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1
            assert conn.exec_driver_sql("PRAGMA cipher_version").scalar()
            assert conn.execute(text("SELECT count(*) FROM sessions")).scalar() == 1
    finally:
        engine.dispose()
    with closing(connect_sqlite(sqlite_path, key, read_only=True)) as raw:
        assert raw.execute("PRAGMA cipher_integrity_check").fetchall() == []
        assert raw.execute("PRAGMA foreign_keys").fetchone() == (1,)
        assert raw.execute("PRAGMA temp_store").fetchone() == (2,)  # MEMORY


def test_a_plain_store_is_still_plain(sqlite_path: Path) -> None:
    filled(sqlite_path, None)
    assert not is_encrypted_file(sqlite_path)
    with closing(connect_sqlite(sqlite_path, None)) as conn:
        assert isinstance(conn, sqlite3.Connection)
        assert conn.execute("SELECT count(*) FROM sessions").fetchone() == (1,)


def refuse(path: Path, key: bytes | None, match: str) -> None:
    """Opening fails with ``match``, and neither the file nor the folder changes."""
    before = sha256(path)
    files_before = sorted(p.name for p in path.parent.iterdir())
    with pytest.raises(StoreError, match=match):
        Store.open(url_of(path), key=key)
    assert sha256(path) == before
    assert sorted(p.name for p in path.parent.iterdir()) == files_before


def test_a_wrong_key_is_refused_and_changes_nothing(sqlite_path: Path, key: bytes) -> None:
    filled(sqlite_path, key)
    refuse(sqlite_path, os.urandom(32), LOCKED)


def test_no_key_is_refused_and_changes_nothing(sqlite_path: Path, key: bytes) -> None:
    filled(sqlite_path, key)
    refuse(sqlite_path, None, "not a Circle Facilitator store or is damaged")


def test_no_key_beside_a_key_file_says_it_is_encrypted(sqlite_path: Path) -> None:
    key, _code = create_key_file(
        sqlite_path, "a long passphrase", params=KdfParams.fast_for_tests()
    )
    filled(sqlite_path, key)
    # The message says the file is encrypted (the key was left out), not only "damaged".
    refuse(sqlite_path, None, "encrypted")


def test_a_plain_store_given_a_key_is_refused(sqlite_path: Path, key: bytes) -> None:
    filled(sqlite_path, None)
    refuse(sqlite_path, key, "is not encrypted, yet a key was given")


@pytest.mark.parametrize("where", ["first page", "second page", "middle", "last byte"])
def test_a_flipped_byte_is_detected(sqlite_path: Path, key: bytes, where: str) -> None:
    filled(sqlite_path, key)
    size = sqlite_path.stat().st_size
    assert size >= 16 * 4096
    position = {
        "first page": 200,
        "second page": 4096 + 100,
        "middle": (size // 2 // 4096) * 4096 + 1000,
        "last byte": size - 1,
    }[where]
    data = bytearray(sqlite_path.read_bytes())
    data[position] ^= 0x01
    sqlite_path.write_bytes(bytes(data))
    refuse(sqlite_path, key, LOCKED)


@pytest.mark.parametrize("cut", [0, 100, 4096 + 7])
def test_a_truncated_encrypted_store_is_refused(sqlite_path: Path, key: bytes, cut: int) -> None:
    filled(sqlite_path, key)
    sqlite_path.write_bytes(sqlite_path.read_bytes()[:cut])
    refuse(sqlite_path, key, LOCKED)


def test_a_missing_file_with_a_key_becomes_a_new_encrypted_store(
    sqlite_path: Path, key: bytes
) -> None:
    with Store.open(url_of(sqlite_path), key=key) as store:
        assert store.list_cases() == []
    assert is_encrypted_file(sqlite_path)


def test_a_server_store_is_never_given_a_key(key: bytes) -> None:
    with pytest.raises(StoreError, match="server protects its data with its own controls"):
        Store.open("postgresql+psycopg://nobody@127.0.0.1:1/none", key=key)


def test_encrypt_store_copies_a_plain_store(tmp_path: Path, key: bytes) -> None:
    plain, encrypted = tmp_path / "plain.sqlite3", tmp_path / "encrypted.sqlite3"
    session_id = filled(plain, None)
    before = sha256(plain)
    encrypt_store(plain, encrypted, key)
    assert sha256(plain) == before
    assert is_encrypted_file(encrypted)
    with Store.open(url_of(encrypted), key=key) as store:
        assert len(store.notes(session_id)) == 200
        assert store.backup_made_on_open is None  # the schema version came across
    with pytest.raises(StoreError, match="already exists"):
        encrypt_store(plain, encrypted, key)


def test_the_migration_backup_is_encrypted_with_the_same_key(sqlite_path: Path, key: bytes) -> None:
    session_id = filled(sqlite_path, key)
    backup = backup_sqlite_file(sqlite_path, "0099", key=key)
    assert is_encrypted_file(backup)
    # The copy is one closed file, with no WAL of its own left beside it.
    assert not list(sqlite_path.parent.glob("*.bak-*"))
    with closing(connect_sqlite(backup, key, read_only=True)) as conn:
        assert conn.execute("PRAGMA cipher_integrity_check").fetchall() == []
        found = conn.execute("SELECT count(*) FROM notes WHERE session_id = ?", (session_id,))
        assert found.fetchone() == (200,)
    with pytest.raises(cipher_module().DatabaseError):
        connect_sqlite(backup, os.urandom(32), read_only=True)


def test_connections_of_one_key_can_back_up_to_each_other(tmp_path: Path, key: bytes) -> None:
    source, target = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    filled(source, key)
    with (
        closing(connect_sqlite(source, key, read_only=True)) as a,
        closing(connect_sqlite(target, key)) as b,
    ):
        a.backup(b)
    assert is_encrypted_file(target)
    with Store.open(url_of(target), key=key) as store:
        assert len(store.list_sessions()) == 1


def test_a_store_copied_mid_session_opens_with_its_wal(tmp_path: Path, key: bytes) -> None:
    """A crash leaves the last commits in the -wal file; the encrypted store still has them."""
    live, crashed = tmp_path / "live", tmp_path / "crashed"
    live.mkdir()
    crashed.mkdir()
    with Store.open(url_of(live / "store.sqlite3"), key=key) as store:
        info, _cast = add_session(store)
        store.event_log(info.id).append(logged([note_added("a" * 32, "after the checkpoint")]))
        assert (live / "store.sqlite3-wal").stat().st_size > 0
        for name in ("store.sqlite3", "store.sqlite3-wal"):
            shutil.copyfile(live / name, crashed / name)
    with Store.open(url_of(crashed / "store.sqlite3"), key=key) as reopened:
        assert [n.text for n in reopened.notes(info.id)] == ["after the checkpoint"]
