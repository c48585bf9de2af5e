"""Choosing the database, and the durability settings of every SQLite connection."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import make_url

from facilitator.storage.database import (
    BUSY_TIMEOUT_MS,
    DEFAULT_FILE_NAME,
    ENV_VAR,
    create_engine_for,
    resolve_url,
    sqlite_file,
)
from facilitator.storage.store import Store, StoreError


def test_explicit_url_wins_over_the_environment() -> None:
    url = resolve_url("postgresql+psycopg://u:p@db/cf", {ENV_VAR: "sqlite:////elsewhere.db"})
    assert url == "postgresql+psycopg://u:p@db/cf"


def test_environment_is_used_without_explicit_value() -> None:
    assert resolve_url(None, {ENV_VAR: "sqlite:////srv/cf.sqlite3"}) == "sqlite:////srv/cf.sqlite3"
    assert resolve_url("  ", {ENV_VAR: "sqlite:////srv/cf.sqlite3"}) == "sqlite:////srv/cf.sqlite3"


def test_bare_path_becomes_an_absolute_sqlite_url(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    url = resolve_url("sub dir/Ngọc Ánh's store.sqlite3", {})
    assert make_url(url).get_backend_name() == "sqlite"
    assert sqlite_file(url) == tmp_path / "sub dir" / "Ngọc Ánh's store.sqlite3"
    home_url = resolve_url(None, {ENV_VAR: "~/cf.sqlite3"})
    assert sqlite_file(home_url) == Path.home() / "cf.sqlite3"


def test_default_is_a_file_in_the_user_data_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    url = resolve_url(None, {})
    path = sqlite_file(url)
    assert path == tmp_path / "data" / "circle-facilitator" / DEFAULT_FILE_NAME
    assert path.parent.is_dir()


def test_sqlite_file_is_none_for_other_databases() -> None:
    assert sqlite_file("postgresql+psycopg://u@h/db") is None
    assert sqlite_file("sqlite://") is None
    assert sqlite_file("sqlite:///:memory:") is None


def test_every_sqlite_connection_is_durable(tmp_path: Path) -> None:
    engine = create_engine_for(f"sqlite:///{tmp_path / 'p.sqlite3'}")
    try:
        with engine.connect() as conn:
            pragma = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "synchronous", "foreign_keys", "busy_timeout")
            }
    finally:
        engine.dispose()
    assert pragma == {
        "journal_mode": "wal",
        "synchronous": 2,  # FULL
        "foreign_keys": 1,
        "busy_timeout": BUSY_TIMEOUT_MS,
    }


def test_transactions_include_ddl(tmp_path: Path) -> None:
    # The driver's legacy mode would autocommit CREATE TABLE; migrations must be all or none.
    engine = create_engine_for(f"sqlite:///{tmp_path / 'ddl.sqlite3'}")
    try:
        with engine.connect() as conn:
            transaction = conn.begin()
            conn.exec_driver_sql("CREATE TABLE t (x INTEGER)")
            transaction.rollback()
        with engine.connect() as conn:
            tables = conn.exec_driver_sql("SELECT name FROM sqlite_master").scalars().all()
    finally:
        engine.dispose()
    assert tables == []


def test_store_file_is_left_in_wal_mode(sqlite_path: Path) -> None:
    Store.open(f"sqlite:///{sqlite_path}").close()
    conn = sqlite3.connect(sqlite_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    finally:
        conn.close()


def test_url_for_display_masks_the_password(store: Store, store_url: str) -> None:
    shown = store.url_for_display
    password = make_url(store_url).password
    if password:
        assert f":{password}@" not in shown
        assert ":***@" in shown
    else:
        assert shown == make_url(store_url).render_as_string()


@pytest.mark.parametrize(
    "url",
    ["not a url at all://", "nosuchdialect://host/db", "postgresql+nosuchdriver://h/db"],
)
def test_an_address_that_cannot_be_opened_is_a_store_error(url: str) -> None:
    with pytest.raises(StoreError):
        Store.open(url)


def test_an_unreachable_server_is_a_store_error_without_the_password() -> None:
    pytest.importorskip("psycopg")
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    with pytest.raises(StoreError) as caught:
        Store.open("postgresql+psycopg://someone:s3cret-pw@127.0.0.1:1/cf?connect_timeout=2")
    assert "s3cret-pw" not in str(caught.value)
