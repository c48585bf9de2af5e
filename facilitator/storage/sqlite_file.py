"""Checks and backups of SQLite store files, done through read-only connections.

Before our engine touches a file (its connections switch the journal to WAL, which writes to the
file), the file is checked read-only: a file that is not a database, is truncated, or is some
other program's database is refused and left exactly as it was. An encrypted store (SQLCipher)
is checked with its key: every page's HMAC is verified before anything else reads it.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from facilitator.security.keyfile import has_key_file
from facilitator.storage.cipher import SQLITE_MAGIC, cipher_module, connect_sqlite
from facilitator.storage.errors import StoreError, error_code, is_damage
from facilitator.storage.schema_version import VERSION_TABLE

_HEADER_SIZE = 100
# SQLite pages are a power of two from 512 bytes up; an encrypted file is whole pages.
_MIN_PAGE = 512


def damaged(path: Path) -> StoreError:
    """The error for a file we will not open."""
    return StoreError(
        f"{path.name} is not a Circle Facilitator store or is damaged. "
        "It was left untouched; open a backup copy or choose another file."
    )


def locked_or_damaged(path: Path) -> StoreError:
    """The error for an encrypted file that its key does not open, or that is damaged.

    One message for both: a changed byte and a wrong key look the same to SQLCipher.
    """
    return StoreError(
        f"{path.name} cannot be opened with this key: it belongs to another key, or it is "
        "damaged. It was left untouched; open a backup copy or choose another file."
    )


def check_sqlite_file(path: Path, *, key: bytes | None = None) -> None:
    """Refuse a file that exists but is not a healthy Circle Facilitator store.

    A missing file is fine (a new store is created). Nothing is written to the file.

    Args:
        path: The store file.
        key: The data key of an encrypted store; ``None`` for a plain one.

    Raises:
        StoreError: the path is a folder, the file is not an SQLite database, is shorter than
            its header says (truncated), cannot be read, or holds tables but no schema version
            (another program's database); with a key: the file is plain SQLite, is not whole
            pages, the key does not open it, or a page fails its integrity check.
    """
    if not path.exists():
        if not path.parent.is_dir():
            raise StoreError(f"The folder for {path.name} does not exist.")
        return
    if not path.is_file():
        raise StoreError(f"{path.name} is not a file.")
    if key is None:
        _check_header(path)
    else:
        _check_encrypted_shape(path)
    companions = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    absent = [p for p in companions if not p.exists()]
    try:
        _check_contents(path, key)
    except StoreError:
        # A read-only connection to a WAL store may create empty -wal and -shm files; a refused
        # file is left exactly as it was found, with nothing new beside it.
        for companion in absent:
            if companion.name.endswith("-shm") or _is_empty(companion):
                companion.unlink(missing_ok=True)
        raise


def _is_empty(path: Path) -> bool:
    try:
        return path.stat().st_size == 0
    except OSError:
        return False


def _check_contents(path: Path, key: bytes | None) -> None:
    errors: tuple[type[BaseException], ...] = (sqlite3.Error,)
    if key is not None:
        errors = (*errors, cipher_module().Error)
    try:
        with closing(connect_sqlite(path, key, read_only=True)) as conn:
            if key is not None and conn.execute("PRAGMA cipher_integrity_check").fetchone():
                raise locked_or_damaged(path)
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master")}
    except errors as exc:
        if is_damage(exc):
            raise (damaged(path) if key is None else locked_or_damaged(path)) from None
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
    if len(header) < _HEADER_SIZE or not header.startswith(SQLITE_MAGIC):
        if header and has_key_file(path):
            raise StoreError(
                f"{path.name} is encrypted: it opens only with its passphrase. "
                "It was left untouched."
            )
        raise damaged(path)


def _check_encrypted_shape(path: Path) -> None:
    with path.open("rb") as f:
        head = f.read(len(SQLITE_MAGIC))
    if head == SQLITE_MAGIC:
        raise StoreError(
            f"{path.name} is not encrypted, yet a key was given for it (is it an old plain "
            "copy put in the place of the encrypted store?). It was left untouched."
        )
    size = path.stat().st_size
    if size == 0 or size % _MIN_PAGE:
        raise locked_or_damaged(path)


def backup_sqlite_file(path: Path, target_revision: str, *, key: bytes | None = None) -> Path:
    """Copy the store beside itself before migrating it, with SQLite's online backup API.

    The copy is a consistent snapshot even with a WAL file beside the store (a plain file copy
    would miss the WAL's pages). Its name says which migration it precedes and when:
    ``<name>.pre-<target revision>-<UTC timestamp>.bak``. With ``key`` the store is encrypted,
    and the copy is encrypted with the same key (never written in the clear).

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
    errors: tuple[type[BaseException], ...] = (sqlite3.Error, OSError)
    if key is not None:
        errors = (*errors, cipher_module().Error)
    try:
        with (
            closing(connect_sqlite(path, key, read_only=True)) as source,
            closing(connect_sqlite(target, key)) as copy,
        ):
            source.backup(copy)
    except errors:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        raise StoreError(
            f"Could not make a backup copy of {path.name} before updating it; "
            "nothing was changed. Check the free disk space."
        ) from None
    return target
