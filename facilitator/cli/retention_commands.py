"""The retention commands: ``retention``, ``retention set``, ``purge`` and ``erase-person``."""

from __future__ import annotations

import argparse
from datetime import date
from typing import Any, TextIO

from facilitator.cli.base import CliContext, CliError, Handler

_KINDS = ("notes", "personal", "agreements", "case_summary")


def register(commands: Any) -> dict[str, Handler]:
    """Add the retention commands; return their handlers."""
    retention = commands.add_parser(
        "retention", help="show how long each kind of record is kept after its case closes"
    )
    actions = retention.add_subparsers(dest="retention_command", metavar="ACTION")
    rule = actions.add_parser("set", help="keep a kind of record N months after its case closes")
    rule.add_argument("kind", choices=_KINDS)
    rule.add_argument("months", help="a number of months, or 'forever'")

    purge = commands.add_parser(
        "purge", help="purge what the retention rules say is due, in the store and its backups"
    )
    purge.add_argument("--dry-run", action="store_true", help="only say what would be purged")
    purge.add_argument(
        "--today", type=date.fromisoformat, metavar="YYYY-MM-DD", help="apply the rules as of"
    )

    erase = commands.add_parser(
        "erase-person", help="erase a participant's data on request, in the store and backups"
    )
    erase.add_argument("participant", nargs="+", help="participant id(s)")
    erase.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")
    return {"retention": _cmd_retention, "purge": _cmd_purge, "erase-person": _cmd_erase}


def _cmd_retention(context: CliContext, args: argparse.Namespace, out: TextIO) -> int | None:
    from facilitator.storage.retention import RecordKind  # noqa: PLC0415 - only when needed

    retention = context.store.retention
    if args.retention_command == "set":
        months: int | None = None
        if args.months.strip().lower() != "forever":
            try:
                months = int(args.months)
            except ValueError:
                raise CliError("months must be a whole number, or 'forever'") from None
        retention.set_rule(RecordKind(args.kind), months)
    rules = retention.policy().months
    for kind in RecordKind:
        kept = f"{rules[kind]} months after the case closes" if kind in rules else "kept"
        print(f"{kind.value:<13} {kept}", file=out)
    return None


def _cmd_purge(context: CliContext, args: argparse.Namespace, out: TextIO) -> int | None:
    today = args.today or date.today()
    report = context.store.retention.purge(today, dry_run=args.dry_run)
    verb = "Would purge" if report.dry_run else "Purged"
    if not report.total:
        print(f"Nothing is due for purging on {today.isoformat()}.", file=out)
    for kind, count in sorted(report.purged.items()):
        if count:
            print(f"{verb} {count} {kind.value} record(s).", file=out)
    if not report.dry_run and report.backups_rewritten:
        print(f"Backups purged the same way: {report.backups_rewritten}.", file=out)
    return _warn_failed(report.backups_failed, out)


def _cmd_erase(context: CliContext, args: argparse.Namespace, out: TextIO) -> int | None:
    if not args.yes:
        raise CliError(
            "erasing replaces a person's name and personal details everywhere, in the store "
            "and its backups, and cannot be undone; run again with --yes to confirm"
        )
    failed: list[str] = []
    for participant in args.participant:
        report = context.store.retention.erase_participant(participant.strip().lower())
        print(
            f"Erased {report.participant_id}: now '{report.label}', "
            f"{report.notes_blanked} note(s) of theirs blanked, "
            f"{report.backups_rewritten} backup(s) rewritten.",
            file=out,
        )
        failed += report.backups_failed
    return _warn_failed(tuple(failed), out)


def _warn_failed(failed: tuple[str, ...], out: TextIO) -> int | None:
    if not failed:
        return None
    print(
        f"{len(failed)} backup file(s) could not be opened and still hold the old content: "
        + ", ".join(sorted(set(failed))),
        file=out,
    )
    return 1
