"""Connections to SQLite store files, encrypted with SQLCipher when a key is given.

The key is the store's random 256-bit data key (see :mod:`facilitator.security.keyfile`), given
to SQLCipher as a raw key (``PRAGMA key = "x'...'"``): SQLCipher then derives nothing itself,
because the key is already random and the slow derivation from the passphrase happened once,
when it was unwrapped. Every page is encrypted with AES-256 and authenticated with HMAC-SHA512,
so a changed byte is detected when its page is read.

Without a key the file is plain SQLite, opened with the standard ``sqlite3`` module.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any
from urllib.parse import quote

from facilitator.storage.errors import StoreError

__all__ = [
    "KEY_BYTES",
    "SQLITE_MAGIC",
    "cipher_module",
    "connect_sqlite",
    "encrypt_store",
    "is_encrypted_file",
    "key_pragma",
]

KEY_BYTES = 32
SQLITE_MAGIC = b"SQLite format 3\x00"
#: How long a writer waits for another connection's lock, in milliseconds (as our engine).
_BUSY_TIMEOUT_MS = 5000


def cipher_module() -> Any:
    """The SQLCipher DB-API module (``sqlcipher3``), imported on first use.

    Raises:
        StoreError: it is not installed, or the library it loads is not SQLCipher.
    """
    try:
        import sqlcipher3  # noqa: PLC0415 - a C extension only encrypted stores need
    except ImportError:
        raise StoreError(
            "Encrypted stores need the sqlcipher3 package, which is not installed."
        ) from None
    return sqlcipher3


def key_pragma(key: bytes) -> str:
    """The ``PRAGMA key`` statement for a raw 256-bit key (no SQLCipher key derivation)."""
    if len(key) != KEY_BYTES:
        raise StoreError("The store key has the wrong length.")
    return f"PRAGMA key = \"x'{key.hex()}'\""


def connect_sqlite(path: Path, key: bytes | None, *, read_only: bool = False) -> sqlite3.Connection:
    """A DB-API connection to the SQLite file at ``path``, keyed when ``key`` is given.

    The connection runs like our engine's: WAL (unless read-only, which must not write),
    ``synchronous=FULL``, foreign keys on, a busy timeout; transactions are left to the caller
    as with :mod:`sqlite3`'s defaults. With a key, the library is checked to be SQLCipher and
    the key is checked by reading the schema, so a wrong key fails here, not later.

    Args:
        path: The database file. A missing file is created unless ``read_only``.
        key: The 32-byte data key, or ``None`` for a plain SQLite file.
        read_only: Open with ``mode=ro``: nothing is ever written to the file.

    Returns:
        A connection of :mod:`sqlite3`, or of ``sqlcipher3`` (the same API; typed as
        :class:`sqlite3.Connection` for callers). Only connections of the same module can be
        used together (e.g. ``source.backup(target)``): open both sides with this function and
        the same key.

    Raises:
        StoreError: ``sqlcipher3`` is missing or is not SQLCipher, or the key has the wrong
            length.
        sqlite3.DatabaseError: (or ``sqlcipher3``'s) the file is not a database, or the key
            does not open it.
    """
    target = f"file:{quote(str(path.resolve()))}" + ("?mode=ro" if read_only else "")
    if key is None:
        conn = sqlite3.connect(target, uri=True)
    else:
        statement = key_pragma(key)
        module = cipher_module()
        # sqlcipher3's connection has the sqlite3 API; callers are typed against that. The
        # engine's pool hands a connection to whichever thread asks (the UI opens the store on a
        # worker and reads it on the GUI thread), as SQLAlchemy does for its own file connections.
        conn = module.connect(target, uri=True, check_same_thread=False)
        try:
            # SQLCipher logs failed page checks to stderr; our errors say it in one line.
            conn.execute("PRAGMA cipher_log_level = NONE")
            version = conn.execute("PRAGMA cipher_version").fetchone()
            if not version or not version[0]:
                raise StoreError("The sqlcipher3 package does not load SQLCipher.")
            conn.execute(statement)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            # Sorts and temporary tables stay in memory, never in a file beside the store.
            conn.execute("PRAGMA temp_store = MEMORY")
        except BaseException:
            conn.close()
            raise
    try:
        _apply_pragmas(conn, read_only=read_only)
    except BaseException:
        conn.close()
        raise
    return conn


def _apply_pragmas(conn: Any, *, read_only: bool) -> None:
    if not read_only:
        conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("PRAGMA foreign_keys=ON")
    conn.execute(f"PRAGMA busy_timeout={_BUSY_TIMEOUT_MS:d}")


def is_encrypted_file(path: Path) -> bool:
    """Whether the file at ``path`` exists, is not empty and has no plain SQLite header.

    An encrypted store begins with random-looking bytes. So does a file of random bytes: this
    says only that the file is not plain SQLite; opening it with the key tells the rest.
    """
    try:
        with path.open("rb") as f:
            head = f.read(len(SQLITE_MAGIC))
    except OSError:
        return False
    return bool(head) and head != SQLITE_MAGIC


def encrypt_store(plain_path: Path, target_path: Path, key: bytes) -> None:
    """Write an encrypted copy of the plain SQLite store at ``plain_path`` to ``target_path``.

    Uses ``sqlcipher_export`` (every table, index, trigger and the schema version), through a
    read-only view of the source, so the plain file is never changed. The target must not
    exist. The plain file is left where it is: deleting it safely is the caller's decision
    (a deleted file's blocks can remain on disk).

    Raises:
        StoreError: the target exists, or the copy failed (a partial target is removed).
    """
    if target_path.exists():
        raise StoreError(f"{target_path.name} already exists; nothing was written.")
    module = cipher_module()
    source = f"file:{quote(str(plain_path.resolve()))}?mode=ro"
    try:
        with closing(module.connect(source, uri=True)) as conn:
            conn.execute("PRAGMA cipher_log_level = NONE")
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
            conn.execute(
                f"ATTACH DATABASE ? AS encrypted KEY \"x'{key.hex()}'\"",
                (str(target_path),),
            )
            conn.execute("SELECT sqlcipher_export('encrypted')").fetchone()
            user_version = conn.execute("PRAGMA user_version").fetchone()[0]
            conn.execute(f"PRAGMA encrypted.user_version = {int(user_version):d}")
            conn.execute("DETACH DATABASE encrypted")
        with closing(connect_sqlite(target_path, key)) as check:
            check.execute("PRAGMA journal_mode=WAL")
    except (module.Error, sqlite3.Error, OSError) as exc:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{target_path}{suffix}").unlink(missing_ok=True)
        raise StoreError(
            f"Could not write an encrypted copy of {plain_path.name} "
            f"({type(exc).__name__}); nothing was changed."
        ) from None
