"""The command line: ``circle-facilitator SUBCOMMAND``.

With no subcommand the entry point (``ui.entry``) opens the app; the core never imports the UI,
so the dispatch lives there and everything that needs no window lives here.
Every failure is one clear line on stderr and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, TextIO

from facilitator.domain.case import DomainError
from facilitator.storage.database import resolve_url
from facilitator.storage.search import SearchError
from facilitator.storage.store import Store, StoreError

PROG = "circle-facilitator"

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 70


class CliError(Exception):
    """A failure to report as one line."""


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
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    commands.add_parser("sessions", help="list the sessions in the store")

    export = commands.add_parser("export", help="write one whole session to a file")
    export.add_argument("session", help="session id (or a unique beginning of it)")
    export.add_argument("--format", choices=["json"], default="json", help="file format")
    export.add_argument("-o", "--output", type=Path, help="file to write (default: stdout)")

    imp = commands.add_parser("import", help="read a session from an exported file")
    imp.add_argument("file", type=Path, help="a file written by 'export'")

    commands.add_parser("demo", help="create a fictional case with a finished conference")
    search = commands.add_parser("search", help="find notes, names, case references and items")
    search.add_argument("query", help="words to find (accents and case do not matter)")
    _add_agreement_commands(commands)
    return parser


#: Where ``agreement import-key`` reads the PKCS#12 passphrase from when not asking for it.
P12_PASSPHRASE_ENV = "CIRCLE_FACILITATOR_P12_PASSPHRASE"  # noqa: S105 - a variable name


def _add_agreement_commands(commands: Any) -> None:
    agreement = commands.add_parser("agreement", help="render or verify a session's agreement")
    actions = agreement.add_subparsers(dest="agreement_command", metavar="ACTION", required=True)
    render = actions.add_parser(
        "render", help="write the session's latest agreement as a PDF (sealed once signed)"
    )
    render.add_argument("session", help="session id (or a unique beginning of it)")
    render.add_argument("-o", "--output", type=Path, required=True, help="PDF file to write")
    render.add_argument(
        "--paper", action="store_true", help="signature lines for signing on paper (not sealed)"
    )
    verify = actions.add_parser(
        "verify", help="check a sealed agreement PDF: exit 0 valid, 1 modified, 2 unknown"
    )
    verify.add_argument("file", type=Path, help="a PDF written by 'agreement render'")
    import_key = actions.add_parser(
        "import-key",
        help="seal agreements with the agency's own PKCS#12 certificate from now on "
        f"(passphrase from ${P12_PASSPHRASE_ENV}, else asked for)",
    )
    import_key.add_argument("file", type=Path, help="a .p12 / .pfx file with key and certificate")


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
    handlers: dict[str, Callable[[Store, argparse.Namespace, TextIO], int | None]] = {
        "sessions": _cmd_sessions,
        "export": _cmd_export,
        "import": _cmd_import,
        "demo": _cmd_demo,
        "agreement": _cmd_agreement,
        "search": _cmd_search,
    }
    try:
        url = resolve_url(args.db, os.environ)
        with Store.open(url) as store:
            code = handlers[args.command](store, args, out)
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
    return EXIT_OK if code is None else code


def _fail(message: str, code: int = EXIT_ERROR) -> int:
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def find_session_id(store: Store, wanted: str) -> str:
    """Resolve a full session id or a unique beginning of one."""
    wanted = wanted.strip().lower()
    matches = [s.id for s in store.list_sessions() if s.id.startswith(wanted)] if wanted else []
    if not matches:
        raise CliError(f"no session {wanted!r} in this store (see '{PROG} sessions')")
    if len(matches) > 1:
        raise CliError(f"{wanted!r} matches {len(matches)} sessions; give more of the id")
    return matches[0]


def _cmd_sessions(store: Store, _args: argparse.Namespace, out: TextIO) -> None:
    sessions = store.list_sessions()
    if not sessions:
        print("No sessions yet. Try 'circle-facilitator demo'.", file=out)
        return
    header = f"{'SESSION':<10} {'DATE':<16} {'STATUS':<8} {'PEOPLE':>6}  {'PROCESS':<30} CASE"
    print(header, file=out)
    for s in sessions:
        when = s.started_at or s.created_at
        date = when.strftime("%Y-%m-%d %H:%M") if when else "-"
        print(
            f"{s.id[:8]:<10} {date:<16} {s.status.value:<8} {s.participant_count:>6}  "
            f"{s.template_name[:30]:<30} {s.case_reference}",
            file=out,
        )


def _cmd_search(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    try:
        hits = store.search(args.query)
    except SearchError as exc:
        # Nothing to search for is not a failure: say what to type instead.
        print(exc, file=out)
        return
    if not hits:
        print("Nothing found. Try fewer words, or another spelling.", file=out)
    for hit in hits:
        session = hit.session_id[:8] if hit.session_id else "-"
        snippet = " ".join(hit.marked_snippet.split())
        print(f"{hit.kind.value:<15} {session:<8} {hit.case_reference}  {snippet}", file=out)


def _cmd_export(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.exchange.session_file import export_session  # noqa: PLC0415

    text = export_session(store, find_session_id(store, args.session))
    if args.output is None:
        out.write(text)
        return
    target: Path = args.output
    tmp = target.with_name(target.name + ".part")
    # Write beside the target and rename, so a full disk never leaves half an export behind.
    try:
        tmp.write_text(text, encoding="utf-8")
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CliError(f"cannot write {target.name}: {exc.strerror}") from None
    print(f"Exported to {target}", file=out)


def _cmd_import(store: Store, args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.exchange.session_file import import_session, read_document  # noqa: PLC0415

    bundle = import_session(store, read_document(args.file))
    print(f"Imported session {bundle.session.id[:8]} ({len(bundle.events)} events)", file=out)


def _cmd_demo(store: Store, _args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.demo import create_demo  # noqa: PLC0415

    info = create_demo(store)
    print(
        "Its agreement is signed by everyone; write it as a sealed PDF with "
        f"'{PROG} agreement render {info.id[:8]} -o agreement.pdf'.",
        file=out,
    )
    print(f"Created the demo case with a finished conference: session {info.id[:8]}", file=out)


def _import_key(path: Path, out: TextIO) -> int:
    from facilitator.agreements.keys import import_pkcs12  # noqa: PLC0415 - cryptography is heavy

    secret = os.environ.get(P12_PASSPHRASE_ENV)
    if secret is None and sys.stdin is not None and sys.stdin.isatty():
        import getpass  # noqa: PLC0415 - only when asking

        secret = getpass.getpass(f"Passphrase for {path.name} (empty for none): ")
    import_pkcs12(path, secret.encode() if secret else None)
    print(f"Agreements will be sealed with the certificate from {path.name}.", file=out)
    return 0


def _cmd_agreement(store: Store, args: argparse.Namespace, out: TextIO) -> int:
    from facilitator.agreements.commands import render_command, verify_command  # noqa: PLC0415
    from facilitator.agreements.model import AgreementError  # noqa: PLC0415

    try:
        if args.agreement_command == "render":
            session_id = find_session_id(store, args.session)
            return render_command(store, session_id, args.output, paper=args.paper, out=out)
        if args.agreement_command == "import-key":
            return _import_key(args.file, out)
        return verify_command(store, args.file, out=out)
    except AgreementError as exc:
        raise CliError(str(exc)) from None
