"""Bring a database to the schema this app writes, on open.

Alembic is imported only when the database is behind: a store already at the head is opened
with one cheap query (:mod:`facilitator.storage.schema_version`).
"""

from __future__ import annotations

import logging
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError

from facilitator.storage.database import create_engine_for, sqlite_file
from facilitator.storage.errors import StoreError, error_code, is_damage
from facilitator.storage.schema_version import HEAD_REVISION, KNOWN_REVISIONS, read_schema_state
from facilitator.storage.sqlite_file import (
    backup_sqlite_file,
    check_sqlite_file,
    damaged,
    locked_or_damaged,
)

#: The alembic scripts, shipped as package data.
SCRIPT_LOCATION = Path(__file__).with_name("migrations")

_log = logging.getLogger(__name__)


def open_current(url: str, *, key: bytes | None = None) -> tuple[Engine, Path | None]:
    """Create the engine for ``url`` and bring its schema to the head.

    An SQLite file is checked read-only first and refused, untouched, if it is not a store or
    is damaged. With ``key``, the SQLite file is (or is created) encrypted with that key.

    Returns:
        The engine, and the backup copy made before migrating, if one was made.

    Raises:
        StoreError: the address is invalid, the driver is missing, the database cannot be
            reached, is damaged, is not a store, or was written by a newer app.
    """
    try:
        path = sqlite_file(url)
    except ArgumentError:
        raise StoreError("This is not a database address Circle Facilitator can open.") from None
    if path is not None:
        check_sqlite_file(path, key=key)
    elif key is not None:
        raise StoreError(
            "Only a store in an SQLite file is encrypted by Circle Facilitator; "
            "a database server protects its data with its own controls."
        )
    try:
        engine = create_engine_for(url, key=key)
    except (ArgumentError, NoSuchModuleError, ImportError):
        raise StoreError(
            "Circle Facilitator cannot open this kind of database (is its driver installed?)."
        ) from None
    try:
        return engine, ensure_schema(engine, key=key)
    except StoreError:
        engine.dispose()
        raise
    except SQLAlchemyError as exc:
        engine.dispose()
        if path is not None and is_damage(exc):
            raise (damaged(path) if key is None else locked_or_damaged(path)) from None
        raise StoreError(
            f"Could not open the database at {masked_url(engine)} ({error_code(exc)})."
        ) from None


def masked_url(engine: Engine) -> str:
    """The engine's database address with any password masked."""
    return engine.url.render_as_string(hide_password=True)


def newer_version_error() -> StoreError:
    """The error for a database written by a newer app."""
    return StoreError(
        "This store was written by a newer version of Circle Facilitator. "
        "Update the app to open it; the store was left untouched."
    )


def ensure_schema(
    engine: Engine,
    *,
    script_location: Path = SCRIPT_LOCATION,
    head: str = HEAD_REVISION,
    known: tuple[str, ...] = KNOWN_REVISIONS,
    key: bytes | None = None,
) -> Path | None:
    """Create or upgrade the schema of ``engine``'s database to ``head``.

    An existing SQLite store is first copied with the online backup API; the migration runs
    only if the copy was made. A database at a revision this app does not know (written by a
    newer app), or one that holds tables but no revision (not ours), is refused untouched.

    Args:
        engine: The store's engine.
        script_location: The alembic scripts (another set only in tests of future migrations).
        head: The revision to reach.
        known: Every revision of ``script_location``, oldest first.
        key: The data key of an encrypted SQLite store; its backup is encrypted with it.

    Returns:
        The backup file made before migrating, if any.

    Raises:
        StoreError: the database is newer, not ours, or the backup failed.
    """
    with engine.connect() as connection:
        state = read_schema_state(connection)
    if state.revision == head:
        return None
    if state.revision is None and state.has_tables:
        path = sqlite_file(engine.url)
        if path is not None:
            raise damaged(path)
        raise StoreError("This database holds tables that are not a Circle Facilitator store.")
    if state.revision is not None and state.revision not in known:
        raise newer_version_error()
    backup: Path | None = None
    path = sqlite_file(engine.url)
    if path is not None and state.revision is not None:
        backup = backup_sqlite_file(path, head, key=key)
        _log.info("store backed up before migration to %s", head)
    _upgrade(engine, script_location, head)
    return backup


def _upgrade(engine: Engine, script_location: Path, head: str) -> None:
    # Imported here, not at the top: this is the only path that needs alembic.
    from alembic import command  # noqa: PLC0415
    from alembic.config import Config  # noqa: PLC0415

    config = Config()
    config.set_main_option("script_location", str(script_location))
    sqlite = engine.dialect.name == "sqlite"
    with engine.connect() as connection:
        if sqlite:
            # SQLite ignores this pragma inside a transaction, so it goes to the driver before
            # SQLAlchemy begins one. Without it, rebuilding a table that others refer to (the
            # way SQLite alters tables) would fail on the references.
            connection.connection.driver_connection.execute(  # type: ignore[union-attr]
                "PRAGMA foreign_keys=OFF"
            )
        try:
            with connection.begin():
                config.attributes["connection"] = connection
                command.upgrade(config, head)
                if sqlite:
                    broken = connection.exec_driver_sql("PRAGMA foreign_key_check").first()
                    if broken is not None:
                        raise StoreError(
                            "Updating the store would break links between its records; "
                            "nothing was changed."
                        )
        finally:
            if sqlite:
                # Never hand a connection without foreign keys back to the pool.
                connection.invalidate()
