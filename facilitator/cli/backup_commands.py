"""The backup commands: ``backup``, ``backup list`` and ``restore BACKUP``.

``restore`` never opens the store the usual way: the store may be the damaged file being
replaced, so it works on the file alone, after checking the backup.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from facilitator.cli.base import PROG, CliContext, CliError, Handler

if TYPE_CHECKING:
    from facilitator.storage.backups import BackupInfo, BackupManager


def register(commands: Any) -> dict[str, Handler]:
    """Add the backup commands; return their handlers."""
    backup = commands.add_parser(
        "backup", help="make a backup of the store now, or list the backups ('backup list')"
    )
    backup.add_argument(
        "action", nargs="?", choices=["now", "list"], default="now", help="default: now"
    )
    restore = commands.add_parser(
        "restore", help="replace the store by a backup (the current store is kept aside)"
    )
    restore.add_argument("backup", help="a backup file, or its name as 'backup list' shows it")
    restore.add_argument("--yes", action="store_true", help="do not ask for confirmation")
    return {"backup": _cmd_backup, "restore": _cmd_restore}


def _manager(context: CliContext, *, with_key: bool) -> BackupManager:
    """The store's backups, without opening the store (it may be the damaged file)."""
    from facilitator.cli.passphrase import key_for_url  # noqa: PLC0415 - only when needed
    from facilitator.storage.backups import backups_for_url  # noqa: PLC0415

    manager = backups_for_url(context.url)
    if with_key:
        manager.key = key_for_url(context.url)
    return manager


def _cmd_backup(context: CliContext, args: argparse.Namespace, out: TextIO) -> int | None:
    from facilitator.storage.backups import BackupReason, describe  # noqa: PLC0415

    if args.action == "list":
        manager = _manager(context, with_key=False)
        backups = manager.list_backups()
        if not backups:
            print(f"No backups yet in {manager.folder}.", file=out)
            return None
        for line in describe(backups):
            print(line, file=out)
        return None
    if not _manager(context, with_key=False).store.is_file():
        raise CliError("there is no store to back up yet")
    # Through the open store: it is checked on open, unlocked once, and the backup recorded.
    made = context.store.backups.backup(BackupReason.MANUAL)
    print(f"Backup written and checked: {made.path} ({made.size / 1e6:.2f} MB).", file=out)
    return None


def _find_backup(manager: BackupManager, wanted: str) -> BackupInfo:
    listed = manager.list_backups()
    candidate = Path(wanted).expanduser()
    for info in listed:
        if info.path.name == wanted or (candidate.exists() and info.path.samefile(candidate)):
            return info
    if candidate.is_file():
        from facilitator.storage.backup_files import file_time  # noqa: PLC0415
        from facilitator.storage.backups import BackupInfo, BackupReason  # noqa: PLC0415

        return BackupInfo(candidate, file_time(candidate), BackupReason.MANUAL, 0)
    raise CliError(f"no backup {wanted!r} (see '{PROG} backup list')")


def _cmd_restore(context: CliContext, args: argparse.Namespace, out: TextIO) -> int | None:
    manager = _manager(context, with_key=True)
    chosen = _find_backup(manager, args.backup)
    revision = manager.verify(chosen.path)
    when = chosen.created_at.astimezone().strftime("%Y-%m-%d %H:%M")
    print(f"Backup {chosen.path.name} (made {when}, schema {revision}) passed its check.", file=out)
    print(f"The store {manager.store} will be replaced by a copy of it.", file=out)
    if manager.store.exists():
        print(
            f"The current store will be moved, unchanged, into {manager.quarantine_folder}.",
            file=out,
        )
    if not args.yes:
        if not sys.stdin.isatty():
            raise CliError("restoring replaces the store; run again with --yes to confirm")
        answer = input("Type 'yes' to restore: ")
        if answer.strip().lower() != "yes":
            print("Nothing was changed.", file=out)
            return None
    report = manager.restore(chosen.path)
    print(f"Restored. The store is now a copy of {chosen.path.name}.", file=out)
    if not report.recorded:
        print("The restored store could not record the restore in its audit trail.", file=out)
    if report.quarantine is not None:
        print(f"The replaced store is kept at {report.quarantine}.", file=out)
    return None
