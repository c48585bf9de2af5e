"""The commands on sessions and agreements: list, export, import, demo, search, agreement."""

from __future__ import annotations

import argparse
import hashlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from facilitator.cli.base import PROG, CliContext, CliError, Handler

if TYPE_CHECKING:
    from facilitator.storage.store import Store


def register(commands: Any) -> dict[str, Handler]:
    """Add the session and agreement commands; return their handlers."""
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
    return {
        "sessions": _cmd_sessions,
        "export": _cmd_export,
        "import": _cmd_import,
        "demo": _cmd_demo,
        "agreement": _cmd_agreement,
        "search": _cmd_search,
    }


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


def find_session_id(store: Store, wanted: str) -> str:
    """Resolve a full session id or a unique beginning of one."""
    wanted = wanted.strip().lower()
    matches = [s.id for s in store.list_sessions() if s.id.startswith(wanted)] if wanted else []
    if not matches:
        raise CliError(f"no session {wanted!r} in this store (see '{PROG} sessions')")
    if len(matches) > 1:
        raise CliError(f"{wanted!r} matches {len(matches)} sessions; give more of the id")
    return matches[0]


def _cmd_sessions(ctx: CliContext, _args: argparse.Namespace, out: TextIO) -> None:
    store = ctx.store
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


def _cmd_search(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.storage.search import SearchError  # noqa: PLC0415

    store = ctx.store
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


def _cmd_export(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.exchange.session_file import export_session  # noqa: PLC0415
    from facilitator.storage.audit import AuditKind  # noqa: PLC0415

    store = ctx.store

    session_id = find_session_id(store, args.session)
    text = export_session(store, session_id)
    data = text.encode("utf-8")
    # Recorded before the file takes its name, so no export appears without its audit entry.
    digest = hashlib.sha256(data).hexdigest()
    if args.output is None:
        store.audit.record(AuditKind.EXPORT, session_id=session_id, detail_sha256=digest)
        out.write(text)
        return
    target: Path = args.output
    tmp = target.with_name(target.name + ".part")
    # Write beside the target and rename, so a full disk never leaves half an export behind.
    try:
        tmp.write_bytes(data)
        store.audit.record(AuditKind.EXPORT, session_id=session_id, detail_sha256=digest)
        tmp.replace(target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise CliError(f"cannot write {target.name}: {exc.strerror}") from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    print(f"Exported to {target}", file=out)


def _cmd_import(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.exchange.session_file import import_session, read_document  # noqa: PLC0415

    store = ctx.store

    bundle = import_session(store, read_document(args.file))
    versions = len(bundle.records.agreements)
    print(
        f"Imported session {bundle.session.id[:8]} ({len(bundle.events)} events, "
        f"{versions} agreement version{'' if versions == 1 else 's'})",
        file=out,
    )


def _cmd_demo(ctx: CliContext, _args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.demo import create_demo  # noqa: PLC0415

    store = ctx.store

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


def _cmd_agreement(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> int:
    from facilitator.agreements.commands import render_command, verify_command  # noqa: PLC0415
    from facilitator.agreements.model import AgreementError  # noqa: PLC0415

    store = ctx.store

    try:
        if args.agreement_command == "render":
            session_id = find_session_id(store, args.session)
            return render_command(store, session_id, args.output, paper=args.paper, out=out)
        if args.agreement_command == "import-key":
            return _import_key(args.file, out)
        return verify_command(store, args.file, out=out)
    except AgreementError as exc:
        raise CliError(str(exc)) from None
