"""The command line: ``circle-facilitator SUBCOMMAND``.

With no subcommand the entry point (``ui.entry``) opens the app; the core never imports the UI,
so the dispatch lives there and everything that needs no window lives here.
Every failure is one clear line on stderr and a non-zero exit, never a traceback.

Each group of commands lives in its own module with a ``register(commands)`` function that adds
its subparsers and returns their handlers; :data:`GROUPS` lists them in help order.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from typing import TextIO

from facilitator.cli import (
    audit_commands,
    backup_commands,
    followup_commands,
    report_commands,
    retention_commands,
    security_commands,
    store_commands,
    transfer_commands,
)
from facilitator.cli.base import (
    EXIT_ERROR,
    EXIT_OK,
    EXIT_UNEXPECTED,
    EXIT_USAGE,
    PROG,
    CliContext,
    CliError,
    Handler,
    Registrar,
)
from facilitator.domain.case import DomainError
from facilitator.storage.database import resolve_url
from facilitator.storage.errors import StoreError

__all__ = [
    "EXIT_ERROR",
    "EXIT_OK",
    "EXIT_UNEXPECTED",
    "EXIT_USAGE",
    "PROG",
    "CliContext",
    "CliError",
    "build_parser",
    "main",
    "run",
]

#: The command groups, in the order their commands appear in ``--help``.
GROUPS: tuple[Registrar, ...] = (
    store_commands.register,
    followup_commands.register,
    security_commands.register,
    audit_commands.register,
    report_commands.register,
    backup_commands.register,
    transfer_commands.register,
    retention_commands.register,
)


def _build(parser: argparse.ArgumentParser) -> dict[str, Handler]:
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    handlers: dict[str, Handler] = {}
    for register in GROUPS:
        handlers.update(register(commands))
    return handlers


def build_parser() -> argparse.ArgumentParser:
    """The argument parser shared by the CLI and the app's entry point."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Run restorative circles and conferences. With no command, opens the app.",
    )
    parser.add_argument(
        "--db",
        metavar="URL",
        help="database: an SQLAlchemy URL (e.g. postgresql+psycopg://host/db) or an SQLite file "
        "path; default: $CIRCLE_FACILITATOR_DB, else a file in the user data directory",
    )
    _build(parser)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; returns the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_help()
        return EXIT_USAGE
    return run(args)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Run a parsed subcommand, turning every failure into one line on stderr."""
    out = out or sys.stdout
    handlers = _build(argparse.ArgumentParser(add_help=False))
    context: CliContext | None = None
    try:
        context = CliContext(resolve_url(args.db, os.environ))
        code = handlers[args.command](context, args, out)
    except (CliError, StoreError, DomainError) as exc:
        return _fail(str(exc))
    except KeyboardInterrupt:
        return _fail("interrupted")
    except Exception as exc:  # noqa: BLE001 - the promise is: never a traceback
        from facilitator.exchange.session_file import ExchangeError  # noqa: PLC0415

        if isinstance(exc, ExchangeError):
            return _fail(str(exc))
        if isinstance(exc, OSError):
            return _fail(f"{exc.strerror or 'input/output error'}")
        # No message text: it may carry names or notes. The type is enough to report it.
        return _fail(f"unexpected error ({type(exc).__name__}); please report it", EXIT_UNEXPECTED)
    finally:
        if context is not None:
            context.close()
    return EXIT_OK if code is None else code


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code
