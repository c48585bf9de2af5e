"""The audit commands: ``audit verify`` checks the hash chain, ``audit list`` shows entries.

Both print ids, kinds and hashes only: the audit trail holds nothing else.
"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from facilitator.cli.base import EXIT_ERROR, EXIT_OK, CliContext, CliError, Handler
from facilitator.security.audit_chain import AuditAnchor, AuditEntry

#: How many entries ``audit list`` shows unless told.
DEFAULT_LIMIT = 50


def register(commands: Any) -> dict[str, Handler]:
    """Add ``audit verify`` and ``audit list``; return their handler."""
    audit = commands.add_parser("audit", help="check or list the audit trail (ids only)")
    actions = audit.add_subparsers(dest="audit_command", metavar="ACTION", required=True)
    verify = actions.add_parser(
        "verify", help="check the hash chain: exit 0 intact, 1 broken (says where)"
    )
    verify.add_argument(
        "--anchor",
        metavar="SEQ:HASH",
        help="a head printed by an earlier 'audit verify', to catch a chain cut short and "
        "rewritten since",
    )
    listing = actions.add_parser("list", help="the newest entries: number, time, kind, ids")
    listing.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, metavar="N", help="how many (default 50)"
    )
    return {"audit": _cmd_audit}


def _cmd_audit(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> int:
    if args.audit_command == "verify":
        return _verify(ctx, args.anchor, out)
    if args.limit < 1:
        raise CliError("--limit must be at least 1")
    entries = ctx.store.audit.entries(limit=args.limit)
    if not entries:
        print("The audit trail is empty.", file=out)
    for entry in entries:
        print(format_entry(entry), file=out)
    return EXIT_OK


def _verify(ctx: CliContext, anchor_text: str | None, out: TextIO) -> int:
    try:
        anchor = None if anchor_text is None else AuditAnchor.parse(anchor_text)
    except ValueError as exc:
        raise CliError(str(exc)) from None
    report = ctx.store.audit.verify(anchor)
    print(report.message, file=out)
    if report.head is not None:
        label = "head" if report.ok else "last sound entry"
        print(f"{label}: {report.head.seq}:{report.head.hash}", file=out)
    return EXIT_OK if report.ok else EXIT_ERROR


def format_entry(entry: AuditEntry) -> str:
    """One line: number, UTC time, kind, then each id or value the entry holds."""
    parts = [f"#{entry.seq:<6}", entry.at.strftime("%Y-%m-%d %H:%M:%SZ"), f"{entry.kind:<20}"]
    for label, value in (
        ("session", entry.session_id),
        ("case", entry.case_id),
        ("agreement", entry.agreement_id),
        ("ref", entry.ref_id),
        ("count", entry.count),
        ("sha256", entry.detail_sha256),
    ):
        if value is not None:
            parts.append(f"{label}={value}")
    return " ".join(parts).rstrip()
