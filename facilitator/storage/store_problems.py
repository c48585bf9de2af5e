"""Why a store file cannot be opened, in one clear sentence per cause.

:func:`diagnose` looks at a store file that failed to open (or is about to be created) with
read-only means only: file metadata, its first 100 bytes, and read-only connections. It never
writes to the file, never creates it, and names only the file, never its folder.

It also guards the first run: a store is created only where nothing of a store is found. A
missing store file with its journal (``-wal``) still there, or with backups beside it, means the
store was moved or deleted, not that this is a first start; the app then says so and offers the
backups instead of quietly starting an empty store.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TypeVar

from sqlalchemy.exc import ArgumentError

from facilitator.security.keyfile import has_key_file
from facilitator.storage.cipher_link import (
    absent_companions,
    connect_file,
    db_errors,
    remove_created,
)
from facilitator.storage.database import sqlite_file
from facilitator.storage.errors import StoreError
from facilitator.storage.schema_version import KNOWN_REVISIONS, VERSION_TABLE

_T = TypeVar("_T")
_MAGIC = b"SQLite format 3\x00"
_HEADER_SIZE = 100
_LOCKED_CODES = frozenset({"SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_RECOVERY"})
_ACCESS_CODES = frozenset({"SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_AUTH", "SQLITE_READONLY"})


class Cause(StrEnum):
    """Why a store cannot be opened."""

    MISSING_FOLDER = "missing_folder"
    NOT_A_FILE = "not_a_file"
    UNREADABLE = "unreadable"
    EMPTY = "empty"
    NOT_SQLITE = "not_sqlite"
    TRUNCATED = "truncated"
    CORRUPT = "corrupt"
    FOREIGN = "foreign"
    NEWER = "newer"
    ENCRYPTED = "encrypted"
    WRONG_KEY = "wrong_key"
    LOCKED = "locked"
    STRAY_JOURNAL = "stray_journal"
    MISSING_WITH_BACKUPS = "missing_with_backups"


#: Causes a backup can cure (the store itself is lost or unusable).
RESTORABLE = frozenset(
    {
        Cause.EMPTY,
        Cause.NOT_SQLITE,
        Cause.TRUNCATED,
        Cause.CORRUPT,
        Cause.FOREIGN,
        Cause.WRONG_KEY,
        Cause.STRAY_JOURNAL,
        Cause.MISSING_WITH_BACKUPS,
    }
)

_DAMAGED = "{name} is not a Circle Facilitator store or is damaged: {why}"
_UNTOUCHED = " It was left untouched; restore a backup or choose another file."
_MESSAGES = {
    Cause.MISSING_FOLDER: "The folder for {name} does not exist.",
    Cause.NOT_A_FILE: "{name} is not a file (it is a folder or a device).",
    Cause.UNREADABLE: (
        "{name} cannot be read: this user account may not open it (check its permissions)."
        " It was left untouched."
    ),
    Cause.EMPTY: _DAMAGED.replace("{why}", "the file is empty (0 bytes).") + _UNTOUCHED,
    Cause.NOT_SQLITE: _DAMAGED.replace(
        "{why}",
        "it is another kind of file, an encrypted store opened without its key, or damaged "
        "beyond recognition.",
    )
    + _UNTOUCHED,
    Cause.TRUNCATED: _DAMAGED.replace(
        "{why}", "it is shorter than its own header says (cut off, e.g. by a full disk)."
    )
    + _UNTOUCHED,
    Cause.CORRUPT: _DAMAGED.replace("{why}", "some of its pages do not hold together.")
    + _UNTOUCHED,
    Cause.FOREIGN: _DAMAGED.replace("{why}", "it is another program's database.") + _UNTOUCHED,
    Cause.NEWER: (
        "{name} was written by a newer version of Circle Facilitator. Update the app to open "
        "it; the store was left untouched."
    ),
    Cause.ENCRYPTED: (
        "{name} is encrypted: it opens only with its passphrase. It was left untouched."
    ),
    Cause.WRONG_KEY: (
        "{name} could not be unlocked: the key does not open it, or the file is damaged."
        " It was left untouched."
    ),
    Cause.LOCKED: (
        "{name} is in use by another program (is Circle Facilitator already open?). Close it "
        "and try again; nothing was changed."
    ),
    Cause.STRAY_JOURNAL: (
        "{name} is missing, but its journal ({name}-wal) is still there: the store was moved "
        "or deleted. No new store was created; put the file back or restore a backup."
    ),
    Cause.MISSING_WITH_BACKUPS: (
        "{name} is missing, but its backups are there: the store was moved or deleted. No new "
        "store was created; put the file back or restore a backup (to start an empty store "
        "instead, move the backups folder away first)."
    ),
}


class StoreProblemError(StoreError):
    """A store that cannot be opened, with the cause as data.

    Attributes:
        cause: Why.
        file_name: The store file's name (never its folder).
        restorable: Whether restoring a backup is the cure.
    """

    def __init__(self, cause: Cause, file_name: str) -> None:
        super().__init__(_MESSAGES[cause].format(name=file_name))
        self.cause = cause
        self.file_name = file_name
        self.restorable = cause in RESTORABLE


def refuse_unsafe_new_store(path: Path) -> None:
    """Refuse to create a store where a store evidently was (its journal or backups remain).

    Raises:
        StoreProblemError: the file is missing and its ``-wal`` or backups are still there.
    """
    problem = _missing_file_problem(path)
    if problem is not None:
        raise problem


def open_guarded(url: str, key: bytes | None, opener: Callable[[], _T]) -> _T:
    """Run ``opener`` (which opens the store at ``url``) with the checks of this module.

    Before: a missing SQLite file is created only on a true first start
    (:func:`refuse_unsafe_new_store`), and an existing plain one is looked at read-only (its
    header, its schema version, and, when a journal is left from a crash, every page) so
    that a file our engine must not touch is refused before the engine opens it. After: a
    refusal is explained by :func:`diagnose` when it can say more.

    Raises:
        StoreProblemError: the store cannot be opened, with its cause.
        StoreError: ``opener``'s own refusal, when no cause is found.
    """
    try:
        path = sqlite_file(url)
    except ArgumentError:
        path = None
    if path is not None and key is None:
        wal = path.with_name(path.name + "-wal")
        crashed = wal.is_file() and wal.stat().st_size > 0
        problem = diagnose(path, thorough=crashed)
        if problem is not None:
            raise problem
    elif path is not None and not path.exists():
        refuse_unsafe_new_store(path)
    try:
        return opener()
    except StoreProblemError:
        raise
    except StoreError:
        if path is None or key is not None:
            raise
        problem = diagnose(path)
        if problem is None:
            raise
        raise problem from None


def diagnose(
    path: Path, key: bytes | None = None, *, thorough: bool = True
) -> StoreProblemError | None:
    """Why the store file at ``path`` cannot be opened, or ``None`` if nothing is found wrong.

    Only reads: the file is left exactly as it was. When a problem is found, the empty ``-wal``
    and ``-shm`` files a read-only look at a WAL store creates are removed again.

    Args:
        path: The store file.
        key: Its SQLCipher key, if it is encrypted.
        thorough: Also read every page (``quick_check``); without it only the header and the
            schema version are read, which costs about a millisecond.
    """
    absent = absent_companions(path)
    problem = _diagnose(path, key, thorough=thorough)
    if problem is not None:
        # A refused file is left as it was found. A healthy one is about to be opened: its new
        # -shm may already be another process's, so it stays.
        remove_created(absent)
    return problem


def _diagnose(  # noqa: PLR0911 - one return per cause reads best
    path: Path, key: bytes | None, *, thorough: bool
) -> StoreProblemError | None:
    if not path.parent.is_dir():
        return StoreProblemError(Cause.MISSING_FOLDER, path.name)
    if not path.exists():
        if path.is_symlink():
            return StoreProblemError(Cause.NOT_A_FILE, path.name)
        return _missing_file_problem(path)
    if not path.is_file():
        return StoreProblemError(Cause.NOT_A_FILE, path.name)
    try:
        with path.open("rb") as f:
            header = f.read(_HEADER_SIZE)
        size = path.stat().st_size
    except PermissionError:
        return StoreProblemError(Cause.UNREADABLE, path.name)
    except OSError:
        return StoreProblemError(Cause.CORRUPT, path.name)
    if size == 0:
        return StoreProblemError(Cause.EMPTY, path.name)
    if not header.startswith(_MAGIC):
        if _MAGIC.startswith(header):
            return StoreProblemError(Cause.TRUNCATED, path.name)
        if key is None:
            locked = has_key_file(path)
            return StoreProblemError(Cause.ENCRYPTED if locked else Cause.NOT_SQLITE, path.name)
        return _connection_problem(path, key, encrypted=True, thorough=thorough)
    if len(header) < _HEADER_SIZE:
        return StoreProblemError(Cause.TRUNCATED, path.name)
    shape = _header_problem(header, size)
    if shape is not None:
        return StoreProblemError(shape, path.name)
    return _connection_problem(path, None, encrypted=False, thorough=thorough)


def _missing_file_problem(path: Path) -> StoreProblemError | None:
    wal = path.with_name(path.name + "-wal")
    try:
        if wal.is_file() and wal.stat().st_size > 0:
            return StoreProblemError(Cause.STRAY_JOURNAL, path.name)
    except OSError:
        return StoreProblemError(Cause.STRAY_JOURNAL, path.name)
    from facilitator.storage.backups import BackupManager  # noqa: PLC0415 - avoids a cycle

    if BackupManager(path).list_backups():
        return StoreProblemError(Cause.MISSING_WITH_BACKUPS, path.name)
    return None


def _header_problem(header: bytes, size: int) -> Cause | None:
    page_size = int.from_bytes(header[16:18], "big")
    if page_size == 1:
        page_size = 65536
    if page_size < 512 or page_size & (page_size - 1):
        return Cause.CORRUPT
    # The page count in the header is valid only when the two change counters agree.
    pages = int.from_bytes(header[28:32], "big")
    counters_agree = header[24:28] == header[92:96]
    if size % page_size or (counters_agree and pages and size < pages * page_size):
        return Cause.TRUNCATED
    return None


def _connection_problem(  # noqa: PLR0911 - one return per cause
    path: Path, key: bytes | None, *, encrypted: bool, thorough: bool
) -> StoreProblemError | None:
    try:
        conn = connect_file(path, key, read_only=True)
    except db_errors() as exc:
        return StoreProblemError(_cause_of(exc, encrypted=encrypted), path.name)
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
        if not tables:
            return None
        if VERSION_TABLE not in tables:
            return StoreProblemError(Cause.FOREIGN, path.name)
        revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        if len(revisions) != 1:
            return StoreProblemError(Cause.FOREIGN, path.name)
        if revisions[0] not in KNOWN_REVISIONS:
            return StoreProblemError(Cause.NEWER, path.name)
        if not thorough:
            return None
        checked = conn.execute("PRAGMA quick_check").fetchall()
        if [tuple(r) for r in checked] != [("ok",)]:
            return StoreProblemError(Cause.CORRUPT, path.name)
    except db_errors() as exc:
        return StoreProblemError(_cause_of(exc, encrypted=encrypted), path.name)
    finally:
        conn.close()
    return None


def _cause_of(exc: Exception, *, encrypted: bool) -> Cause:
    code = getattr(exc, "sqlite_errorname", "") or ""
    if code in _LOCKED_CODES:
        return Cause.LOCKED
    if code in _ACCESS_CODES:
        return Cause.UNREADABLE
    if encrypted:
        return Cause.WRONG_KEY
    return Cause.CORRUPT
