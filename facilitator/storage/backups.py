"""Backups of the SQLite store: online copies, checked, rotated, and restored with care.

A backup is made with ``VACUUM INTO`` through a read-only connection: a consistent snapshot of
the live store (its WAL included) written as a compact new file, never a file copy. With an
encrypted store the same key encrypts the copy (SQLCipher's ``VACUUM INTO`` keeps the key of the
database it reads). The copy is written under a temporary name, flushed to disk, checked
(``quick_check``, and ``cipher_integrity_check`` when encrypted), then renamed: a file with a
backup's name is always a complete, checked backup. Names say only when and why
(``circle-2026-11-25T170102Z-daily.sqlite3``), never whose case it holds.

Backups live in a folder beside the store, ``<store name without suffix>-backups``. Restoring
moves the current store (with its ``-wal`` and ``-shm``) into ``quarantine/`` inside that
folder, where nothing ever deletes it, then puts a copy of the backup in its place.

A PostgreSQL store is backed up by its server (``pg_dump`` or the server's own tooling):
:func:`backups_for_url` refuses it with a message that says so.
"""

from __future__ import annotations

import os
import re
import secrets
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import URL

from facilitator.security.audit_chain import AuditKind
from facilitator.security.keyfile import key_file_path
from facilitator.storage.backup_files import (
    copy_durably,
    file_sha256,
    fsync_dir,
    fsync_file,
    verify_store_file,
    write_snapshot,
)
from facilitator.storage.database import sqlite_file
from facilitator.storage.errors import StoreError

if TYPE_CHECKING:
    from facilitator.storage.audit import AuditTrail

#: Every backup file starts with this, then its UTC time and its reason.
PREFIX = "circle"
SUFFIX = ".sqlite3"
QUARANTINE_DIR = "quarantine"
#: A temporary file older than this was left by a backup that was killed; it is removed.
STALE_PARTIAL = timedelta(hours=1)
_STAMP = "%Y-%m-%dT%H%M%SZ"
#: One backup at a time in this process: two would pick the same name in the same second.
_BACKUP_LOCK = threading.RLock()
_NAME = re.compile(
    rf"{PREFIX}-(?P<stamp>\d{{4}}-\d{{2}}-\d{{2}}T\d{{6}}Z)-(?P<reason>[a-z-]+?)"
    rf"(?:-(?P<n>\d+))?{re.escape(SUFFIX)}"
)
#: The backups the migration code writes beside the store (``sqlite_file.backup_sqlite_file``).
_MIGRATION_NAME = re.compile(r".+\.pre-(?P<rev>\w+)-(?P<stamp>\d{8}T\d{6}Z)(?:-\d+)?\.bak")


class BackupReason(StrEnum):
    """Why a backup was made; part of its file name."""

    DAILY = "daily"
    SESSION = "session"
    MANUAL = "manual"
    MIGRATION = "pre-migration"


@dataclass(frozen=True, slots=True)
class RotationPolicy:
    """How many backups of each reason are kept.

    The newest backup of all is never removed, whatever its reason.

    Attributes:
        daily: Daily backups kept (a week).
        session: End-of-session backups kept.
        manual: Backups asked for by hand kept.
        migration_days: Pre-migration backups are kept this many days (the newest always).
    """

    daily: int = 7
    session: int = 10
    manual: int = 10
    migration_days: int = 90


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file.

    Attributes:
        path: The file.
        created_at: When it was made (UTC, to the second, from its name).
        reason: Why it was made.
        size: Its size in bytes.
    """

    path: Path
    created_at: datetime
    reason: BackupReason
    size: int


@dataclass(frozen=True, slots=True)
class RestoreReport:
    """What a restore did.

    Attributes:
        restored_from: The backup that was copied into place (it is left as it was).
        store: The store file, now a copy of the backup.
        quarantine: Where the store that was there before now is (``None``: there was none).
        recorded: Whether the restore was recorded in the restored store's audit trail.
    """

    restored_from: Path
    store: Path
    quarantine: Path | None
    recorded: bool


def backup_folder_for(store: Path) -> Path:
    """The default backups folder of a store file: beside it, named after it."""
    return store.with_name(f"{store.stem}-backups")


def backups_for_url(
    url: str | URL, *, key: bytes | None = None, audit: AuditTrail | None = None
) -> BackupManager:
    """The backups of the store at ``url`` (``audit``: where each backup is recorded).

    Raises:
        StoreError: the store is not an SQLite file (a server backs up its own databases).
    """
    path = sqlite_file(url)
    if path is None:
        raise StoreError(
            "Backups of a database server are the server's job (for PostgreSQL: pg_dump or "
            "its own backup tools); Circle Facilitator backs up only its own SQLite file."
        )
    return BackupManager(path, key=key, audit=audit)


class BackupManager:
    """Makes, lists, rotates and restores the backups of one SQLite store file.

    Args:
        store: The store file.
        key: The store's SQLCipher key (``None`` for a plaintext store); backups use it too.
        folder: Where backups go (default: :func:`backup_folder_for`).
        policy: How many backups are kept.
        audit: The open store's audit trail, to record each backup in (a restore is recorded
            in the restored store, which is opened for it).
    """

    def __init__(
        self,
        store: Path,
        *,
        key: bytes | None = None,
        folder: Path | None = None,
        policy: RotationPolicy | None = None,
        audit: AuditTrail | None = None,
    ) -> None:
        self.store = store
        self.audit = audit
        self.key = key
        self.folder = folder or backup_folder_for(store)
        self.policy = policy or RotationPolicy()

    @property
    def quarantine_folder(self) -> Path:
        """Where restores put the store they replace (nothing deletes these)."""
        return self.folder / QUARANTINE_DIR

    # --------------------------------------------------------------------------- making

    def backup(self, reason: BackupReason, *, now: datetime | None = None) -> BackupInfo:
        """Make a backup of the store now (it may be open and in use), then rotate.

        Raises:
            StoreError: there is no store file, or the backup could not be written or did not
                pass its check (nothing with a backup's name is left behind).
        """
        with _BACKUP_LOCK:
            return self._backup(reason, now)

    def _backup(self, reason: BackupReason, now: datetime | None) -> BackupInfo:
        when = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
        if not self.store.is_file():
            raise StoreError(f"There is no store file {self.store.name} to back up.")
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        except OSError as exc:
            raise StoreError(f"Could not create the backups folder ({_os_reason(exc)}).") from None
        self._remove_stale_partials()
        final = self._free_name(when, reason)
        partial = self.folder / f".{final.name}.{os.getpid()}-{secrets.token_hex(4)}.partial"
        try:
            write_snapshot(self.store, partial, self.key)
            partial.replace(final)
            fsync_dir(self.folder)
        except StoreError:
            partial.unlink(missing_ok=True)
            raise
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(
                f"Could not write a backup of {self.store.name} ({_os_reason(exc)}); "
                "the store itself is unchanged."
            ) from None
        self._keep_key_file()
        self.rotate(now=when)
        if self.audit is not None:
            self.audit.record(AuditKind.BACKUP, at=when, detail_sha256=file_sha256(final))
        return _info(final, when, reason)

    def _keep_key_file(self) -> None:
        # Encrypted backups are useless without the wrapped key: keep a copy of the key file
        # (it holds the key only wrapped, under the passphrase and the recovery code).
        key_file = key_file_path(self.store)
        if not key_file.is_file():
            return
        copy = self.folder / key_file.name
        data = key_file.read_bytes()
        if copy.is_file() and copy.read_bytes() == data:
            return
        partial = self.folder / f".{key_file.name}.{os.getpid()}.partial"
        partial.write_bytes(data)
        fsync_file(partial)
        partial.replace(copy)
        fsync_dir(self.folder)

    def backup_if_due(self, *, now: datetime | None = None) -> BackupInfo | None:
        """Make the daily backup if the newest one is 24 hours old or more (or missing)."""
        when = now or datetime.now(UTC)
        with _BACKUP_LOCK:
            dailies = [b for b in self.list_backups() if b.reason is BackupReason.DAILY]
            if dailies and when - dailies[0].created_at < timedelta(hours=24):
                return None
            return self._backup(BackupReason.DAILY, when)

    def _free_name(self, when: datetime, reason: BackupReason) -> Path:
        base = f"{PREFIX}-{when.strftime(_STAMP)}-{reason.value}"
        candidate = self.folder / f"{base}{SUFFIX}"
        n = 1
        while candidate.exists():
            n += 1
            candidate = self.folder / f"{base}-{n}{SUFFIX}"
        return candidate

    def _remove_stale_partials(self) -> None:
        cutoff = time.time() - STALE_PARTIAL.total_seconds()
        for leftover in self.folder.glob(".*.partial*"):
            try:
                if leftover.stat().st_mtime < cutoff:
                    leftover.unlink()
            except OSError:
                continue

    # --------------------------------------------------------------------------- listing

    def list_backups(self) -> list[BackupInfo]:
        """Every backup, newest first (the pre-migration copies beside the store included)."""
        found: list[BackupInfo] = []
        if self.folder.is_dir():
            for path in self.folder.iterdir():
                match = _NAME.fullmatch(path.name)
                if match is None or not path.is_file():
                    continue
                try:
                    reason = BackupReason(match["reason"])
                except ValueError:
                    continue
                when = datetime.strptime(match["stamp"], _STAMP).replace(tzinfo=UTC)
                found.append(_info(path, when, reason))
        if self.store.parent.is_dir():
            for path in self.store.parent.glob(f"{self.store.name}.pre-*.bak"):
                match = _MIGRATION_NAME.fullmatch(path.name)
                if match is not None and path.is_file():
                    when = datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
                    found.append(_info(path, when, BackupReason.MIGRATION))
        found.sort(key=lambda b: (b.created_at, b.path.name), reverse=True)
        return found

    def quarantined(self) -> list[Path]:
        """The stores that restores moved aside, newest first."""
        if not self.quarantine_folder.is_dir():
            return []
        return sorted(
            (p for p in self.quarantine_folder.iterdir() if p.name.endswith(SUFFIX)),
            reverse=True,
        )

    def rotate(self, *, now: datetime | None = None) -> list[Path]:
        """Remove the backups the policy no longer keeps; return what was removed."""
        when = now or datetime.now(UTC)
        backups = self.list_backups()
        keep_counts = {
            BackupReason.DAILY: self.policy.daily,
            BackupReason.SESSION: self.policy.session,
            BackupReason.MANUAL: self.policy.manual,
        }
        seen: dict[BackupReason, int] = {}
        removed: list[Path] = []
        for index, info in enumerate(backups):
            seen[info.reason] = seen.get(info.reason, 0) + 1
            if index == 0:
                continue
            if info.reason is BackupReason.MIGRATION:
                too_old = when - info.created_at > timedelta(days=self.policy.migration_days)
                drop = too_old and seen[info.reason] > 1
            else:
                drop = seen[info.reason] > keep_counts[info.reason]
            if drop:
                info.path.unlink(missing_ok=True)
                removed.append(info.path)
        return removed

    # --------------------------------------------------------------------------- checking

    def verify(self, backup: Path) -> str:
        """Check that ``backup`` is a whole, healthy store this app can open.

        Returns:
            The schema revision it is at.

        Raises:
            StoreError: it is missing, damaged, not a store, encrypted with another key, or
                written by a newer version of the app.
        """
        return verify_store_file(backup, self.key)

    # --------------------------------------------------------------------------- restoring

    def restore(self, backup: Path, *, now: datetime | None = None) -> RestoreReport:
        """Put a copy of ``backup`` in place of the store. Only while the store is closed.

        The backup is checked first; nothing moves if it fails. The current store, if any
        (with its ``-wal`` and ``-shm``), is moved into :attr:`quarantine_folder` untouched
        and never deleted, then the backup is copied beside the store under a temporary name,
        flushed, and renamed into place. The backup file itself is not changed.

        Raises:
            StoreError: the backup failed its check, or a file could not be moved or written.
        """
        self.verify(backup)
        when = (now or datetime.now(UTC)).astimezone(UTC)
        if not self.store.parent.is_dir():
            raise StoreError(f"The folder for {self.store.name} does not exist.")
        partial = self.store.with_name(f".{self.store.name}.{os.getpid()}.restoring")
        try:
            copy_durably(backup, partial)
            quarantine = self._quarantine(when)
            partial.replace(self.store)
            fsync_dir(self.store.parent)
            self._restore_key_file()
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise StoreError(
                f"Could not restore the backup ({_os_reason(exc)}); check the free disk space."
            ) from None
        return RestoreReport(
            restored_from=backup,
            store=self.store,
            quarantine=quarantine,
            recorded=self._record_restore(backup),
        )

    def _restore_key_file(self) -> None:
        key_file = key_file_path(self.store)
        kept = self.folder / key_file.name
        if not key_file.exists() and kept.is_file():
            copy_durably(kept, key_file)

    def _record_restore(self, backup: Path) -> bool:
        from facilitator.storage.database import sqlite_url  # noqa: PLC0415
        from facilitator.storage.store import Store  # noqa: PLC0415 - the store uses this module

        try:
            with Store.open(sqlite_url(self.store), key=self.key) as store:
                store.audit.record(AuditKind.RESTORE, detail_sha256=file_sha256(backup))
        except StoreError:
            return False
        return True

    def _quarantine(self, when: datetime) -> Path | None:
        companions = [self.store.with_name(self.store.name + s) for s in ("-wal", "-shm")]
        if not self.store.exists() and not any(c.exists() for c in companions):
            return None
        self.quarantine_folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        base = f"{PREFIX}-{when.strftime(_STAMP)}-quarantine"
        target = self.quarantine_folder / f"{base}{SUFFIX}"
        n = 1
        while any(target.with_name(target.name + s).exists() for s in ("", "-wal", "-shm")):
            n += 1
            target = self.quarantine_folder / f"{base}-{n}{SUFFIX}"
        # The -wal first: should the move stop halfway, the store never meets a journal that is
        # not its own.
        for suffix in ("-wal", "-shm", ""):
            source = self.store.with_name(self.store.name + suffix)
            if source.exists():
                source.replace(target.with_name(target.name + suffix))
        fsync_dir(self.quarantine_folder)
        fsync_dir(self.store.parent)
        return target


def _info(path: Path, when: datetime, reason: BackupReason) -> BackupInfo:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    return BackupInfo(path=path, created_at=when, reason=reason, size=size)


def _os_reason(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def describe(backups: Iterable[BackupInfo]) -> list[str]:
    """One line per backup: its local time, reason and size (for the CLI and the app)."""
    lines = []
    for info in backups:
        local = info.created_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
        lines.append(f"{local}  {info.reason.value:<13}  {info.size / 1e6:8.2f} MB  {info.path}")
    return lines
