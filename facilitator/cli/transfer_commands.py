"""``circle-facilitator transfer --to URL``: move a laptop's store onto the agency's server."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from facilitator.cli.base import CliContext, CliError, Handler


def register(commands: Any) -> dict[str, Handler]:
    """Add the transfer command; return its handler."""
    transfer = commands.add_parser(
        "transfer",
        help="copy this whole store into another, empty database (e.g. the agency's server)",
    )
    transfer.add_argument(
        "--to",
        required=True,
        metavar="URL",
        help="the target database, e.g. postgresql+psycopg://user@server/circles",
    )
    return {"transfer": _cmd_transfer}


def _cmd_transfer(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> int:
    if _same(args.to, ctx.url):
        raise CliError("The target is this store itself; give the address of another database.")
    report = ctx.store.transfer_to(args.to)
    total = sum(report.rows.values())
    filled = sum(1 for n in report.rows.values() if n)
    print(f"Copied {total:,} rows of {filled} tables to {report.target}.", file=out)
    for name, count in sorted(report.rows.items()):
        if count:
            print(f"  {name}: {count:,}", file=out)
    print(f"Search index built on the target: {report.search_entries:,} entries.", file=out)
    print(
        f"Audit trail verified on the target: {report.audit_entries_verified:,} entries.", file=out
    )
    print("Point every laptop at the target with --db or CIRCLE_FACILITATOR_DB.", file=out)
    return 0


def _same(first: str, second: str) -> bool:
    from sqlalchemy import make_url  # noqa: PLC0415 - SQLAlchemy only when a command runs
    from sqlalchemy.exc import ArgumentError  # noqa: PLC0415

    try:
        a, b = make_url(first), make_url(second)
    except ArgumentError:
        raise CliError("This is not a database address Circle Facilitator can open.") from None
    return a.render_as_string(hide_password=False) == b.render_as_string(hide_password=False)
