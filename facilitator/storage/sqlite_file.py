"""Checks and backups of SQLite store files, done through read-only connections.

Before our engine touches a file (its connections switch the journal to WAL, which writes to the
file), the file is checked read-only: a file that is not a database, is truncated, or is some
other program's database is refused and left exactly as it was.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from facilitator.storage.errors import StoreError, error_code, is_damage
from facilitator.storage.schema_version import VERSION_TABLE

_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100


def damaged(path: Path) -> StoreError:
    """The error for a file we will not open."""
    return StoreError(
        f"{path.name} is not a Circle Facilitator store or is damaged. "
        "It was left untouched; open a backup copy or choose another file."
    )


def check_sqlite_file(path: Path) -> None:
    """Refuse a file that exists but is not a healthy Circle Facilitator store.

    A missing file is fine (a new store is created). Nothing is written to the file.

    Raises:
        StoreError: the path is a folder, the file is not an SQLite database, is shorter than
            its header says (truncated), cannot be read, or holds tables but no schema version
            (another program's database).
    """
    if not path.exists():
        if not path.parent.is_dir():
            raise StoreError(f"The folder for {path.name} does not exist.")
        return
    if not path.is_file():
        raise StoreError(f"{path.name} is not a file.")
    _check_header(path)
    try:
        with closing(_connect_read_only(path)) as conn:
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error as exc:
        if is_damage(exc):
            raise damaged(path) from None
        raise StoreError(
            f"{path.name} could not be read ({error_code(exc)}). It was left untouched."
        ) from None
    if tables and VERSION_TABLE not in tables:
        raise damaged(path)


def _check_header(path: Path) -> None:
    # An empty file is refused too: a store cut to nothing must not quietly become a new store.
    # A file shorter than the page count in its header (a truncated store) SQLite refuses
    # itself as soon as it reads the schema, which check_sqlite_file does next.
    with path.open("rb") as f:
        header = f.read(_HEADER_SIZE)
    if len(header) < _HEADER_SIZE or not header.startswith(_MAGIC):
        raise damaged(path)


def backup_sqlite_file(path: Path, target_revision: str) -> Path:
    """Copy the store beside itself before migrating it, with SQLite's online backup API.

    The copy is a consistent snapshot even with a WAL file beside the store (a plain file copy
    would miss the WAL's pages). Its name says which migration it precedes and when:
    ``<name>.pre-<target revision>-<UTC timestamp>.bak``.

    Returns:
        The path of the backup file.

    Raises:
        StoreError: the copy could not be made (the migration must then not run).
    """
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.pre-{target_revision}-{stamp}.bak")
    counter = 1
    while target.exists():
        counter += 1
        target = path.with_name(f"{path.name}.pre-{target_revision}-{stamp}-{counter}.bak")
    try:
        with (
            closing(_connect_read_only(path)) as source,
            closing(sqlite3.connect(target)) as copy,
        ):
            source.backup(copy)
    except (sqlite3.Error, OSError):
        target.unlink(missing_ok=True)
        raise StoreError(
            f"Could not make a backup copy of {path.name} before updating it; "
            "nothing was changed. Check the free disk space."
        ) from None
    return target


def _connect_read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{quote(str(path.resolve()))}?mode=ro", uri=True)
