"""Where the store lives and how we connect to it.

The default is an SQLite file in the user's data directory. Any SQLAlchemy URL can be given
instead (``--db`` or ``CIRCLE_FACILITATOR_DB``), e.g. a PostgreSQL server for a program office.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import URL, Engine, create_engine, event, make_url
from sqlalchemy.orm import Session, sessionmaker

from facilitator.storage.errors import StoreError
from facilitator.storage.location import (
    APP_DIR_NAME,
    DEFAULT_FILE_NAME,
    ENV_VAR,
    store_location,
)

__all__ = [
    "APP_DIR_NAME",
    "BUSY_TIMEOUT_MS",
    "DEFAULT_FILE_NAME",
    "ENV_VAR",
    "create_engine_for",
    "resolve_url",
    "sqlite_file",
    "sqlite_url",
]

#: How long a writer waits for another connection's lock before giving up, in milliseconds.
BUSY_TIMEOUT_MS = 5000


def resolve_url(explicit: str | None, env: Mapping[str, str]) -> str:
    """Decide which database to open.

    Args:
        explicit: The ``--db`` value, if given; it wins.
        env: The environment; ``CIRCLE_FACILITATOR_DB`` is used next.

    Returns:
        An SQLAlchemy URL. A bare filesystem path (no ``://``) becomes an SQLite URL; with
        neither given, the default SQLite file in the user data directory (created if missing).
    """
    where = store_location(explicit, env)
    return where if isinstance(where, str) else sqlite_url(where)


def sqlite_url(path: Path) -> str:
    """The SQLAlchemy URL of an SQLite file."""
    return URL.create("sqlite+pysqlite", database=str(path)).render_as_string()


def sqlite_file(url: str | URL) -> Path | None:
    """The file behind an SQLite URL, or ``None`` (another database, or an in-memory one)."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return None
    database = parsed.database or ""
    if database in ("", ":memory:") or database.startswith("file:"):
        return None
    return Path(database)


def create_engine_for(url: str | URL, *, key: bytes | None = None) -> Engine:
    """Create the engine for ``url``, set up for durability.

    SQLite connections run with WAL, ``synchronous=FULL`` (a committed event survives a power
    cut), foreign keys on and a busy timeout. SQLAlchemy emits ``BEGIN`` itself so that DDL in
    migrations and every unit of work are real transactions (the driver's legacy mode would
    autocommit DDL). Statement parameters are kept out of error messages: they hold names and
    note text.

    With ``key``, the SQLite file is opened through SQLCipher with that raw key
    (:func:`facilitator.storage.cipher.connect_sqlite`); the driver module is SQLCipher's, so
    its errors are translated like the standard driver's.
    """
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True, hide_parameters=True)
    if key is None:
        engine = create_engine(parsed, hide_parameters=True)
    else:
        engine = _encrypted_engine(parsed, key)
    event.listen(engine, "connect", _on_sqlite_connect)
    event.listen(engine, "begin", _on_sqlite_begin)
    return engine


def _encrypted_engine(parsed: URL, key: bytes) -> Engine:
    # Imported here: the plain store never loads the SQLCipher extension.
    from facilitator.storage.cipher import cipher_module, connect_sqlite  # noqa: PLC0415

    path = sqlite_file(parsed)
    if path is None:
        raise StoreError("Only a store in an SQLite file can be encrypted.")

    def connect() -> Any:
        return connect_sqlite(path, key)

    return create_engine(parsed, module=cipher_module(), creator=connect, hide_parameters=True)


def make_sessionmaker(engine: Engine) -> sessionmaker[Session]:
    """Sessions for units of work; objects stay readable after commit."""
    return sessionmaker(engine, expire_on_commit=False)


def _on_sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    # Hand transaction control to SQLAlchemy (see _on_sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS:d}")
        # A struck note, a replaced participant, a purge: freed pages are zeroed, not left
        # holding the old text until they are reused.
        cursor.execute("PRAGMA secure_delete=ON")
    finally:
        cursor.close()


def _on_sqlite_begin(connection: Any) -> None:
    connection.exec_driver_sql("BEGIN")
