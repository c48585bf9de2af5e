"""Files of backups: writing a checked snapshot, checking one, and durable copies.

Everything here works on closed files or through read-only connections; nothing here knows
about rotation or names (:mod:`facilitator.storage.backups`).
"""

from __future__ import annotations

import hashlib
import os
from datetime import UTC, datetime
from pathlib import Path

from facilitator.storage.cipher_link import connect_file, db_errors, leaving_no_trace
from facilitator.storage.errors import StoreError, error_code, is_damage
from facilitator.storage.schema_version import KNOWN_REVISIONS, VERSION_TABLE


def write_snapshot(source: Path, target: Path, key: bytes | None) -> None:
    """Write a checked, fsynced snapshot of the store ``source`` to the new file ``target``.

    Raises:
        StoreError: the snapshot could not be written or failed its check.
    """
    target.unlink(missing_ok=True)
    try:
        with leaving_no_trace(source):
            conn = connect_file(source, key, read_only=True)
            try:
                conn.execute("VACUUM INTO ?", (str(target),))
            finally:
                conn.close()
        fsync_file(target)
    except db_errors() as exc:
        target.unlink(missing_ok=True)
        # A wrecked page can surface as another error (SQLITE_FULL from a page number far out
        # of range), so anything but a plain damage report is checked before blaming the disk.
        if is_damage(exc) or not _reads_whole(source, key):
            raise StoreError(
                f"No backup was made: {source.name} is damaged (some of its pages cannot be "
                "read). It was left untouched; restore an earlier backup."
            ) from None
        raise StoreError(
            f"Could not write a backup of {source.name} ({error_code(exc)}); "
            "the store itself is unchanged. Check the free disk space."
        ) from None
    check_integrity(target, key)


def _reads_whole(source: Path, key: bytes | None) -> bool:
    """Whether the store passes SQLite's quick check (read-only, leaving no -wal or -shm)."""
    try:
        with leaving_no_trace(source):
            check_integrity(source, key)
    except StoreError:
        return False
    return True


def check_integrity(path: Path, key: bytes | None) -> None:
    """Run SQLite's (and SQLCipher's) integrity checks on a file that is not in use.

    Raises:
        StoreError: the file is not a database, cannot be decrypted, or is damaged.
    """
    bad = StoreError(f"{path.name} is damaged or is not a Circle Facilitator store.")
    try:
        conn = connect_file(path, key, read_only=True)
        try:
            rows = conn.execute("PRAGMA quick_check").fetchall()
            if [tuple(r) for r in rows] != [("ok",)]:
                raise bad
            if key is not None and conn.execute("PRAGMA cipher_integrity_check").fetchall():
                raise bad
        finally:
            conn.close()
    except db_errors():
        raise bad from None


def verify_store_file(path: Path, key: bytes | None) -> str:
    """Check ``path`` as a store to restore: whole, healthy, ours, not newer than this app.

    Returns:
        Its schema revision.

    Raises:
        StoreError: why it cannot be restored.
    """
    if not path.is_file():
        raise StoreError(f"There is no backup file {path.name}.")
    check_integrity(path, key)
    try:
        conn = connect_file(path, key, read_only=True)
        try:
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master")}
            if VERSION_TABLE not in tables:
                raise StoreError(f"{path.name} is not a Circle Facilitator store.")
            revisions = [r[0] for r in conn.execute("SELECT version_num FROM alembic_version")]
        finally:
            conn.close()
    except db_errors() as exc:
        raise StoreError(f"{path.name} could not be read ({error_code(exc)}).") from None
    if len(revisions) != 1:
        raise StoreError(f"{path.name} is not a Circle Facilitator store.")
    if revisions[0] not in KNOWN_REVISIONS:
        raise StoreError(
            f"{path.name} was written by a newer version of Circle Facilitator; "
            "update the app to restore it."
        )
    return str(revisions[0])


def copy_durably(source: Path, target: Path) -> None:
    """Copy a closed file to the new file ``target`` and flush it to disk."""
    # A plain copy is right here: a backup is a closed, finished file, never a live store.
    with source.open("rb") as src, target.open("xb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)
        dst.flush()
        os.fsync(dst.fileno())


def fsync_file(path: Path) -> None:
    """Flush a file's data to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a folder: a rename in it is durable only then."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, in hex (what the audit trail records of a backup)."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def file_time(path: Path) -> datetime:
    """When a file was last written, in UTC (for a backup file that does not carry our name)."""
    return datetime.fromtimestamp(path.stat().st_mtime, UTC).replace(microsecond=0)
