"""Setting up an encrypted store and changing or recovering its passphrase.

``init`` creates the store, encrypted unless ``--plaintext`` is the explicit choice, and shows
the recovery code once. ``passphrase change`` and ``passphrase recover`` re-wrap the data key;
the store file itself is not rewritten.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any, TextIO

from facilitator.cli.base import CliContext, CliError, Handler
from facilitator.cli.passphrase import (
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    RECOVERY_CODE_ENV,
    ask_new_passphrase,
    ask_secret,
    store_file,
    unlock_store_file,
)
from facilitator.security.keyfile import (
    RecoveryCodeError,
    WrongSecret,
    change_passphrase,
    create_key_file,
    has_key_file,
    key_file_path,
    record_failed_unlock,
    unlock_with_recovery,
)

#: Recovery code groups per printed line.
_GROUPS_PER_LINE = 4

SERVER_NOTE = (
    "This store is on a database server: Circle Facilitator does not encrypt it. The server's "
    "own controls apply (encrypted disks, TLS connections, accounts and backups): ask whoever "
    "runs it."
)


def register(commands: Any) -> dict[str, Handler]:
    """Add ``init`` and ``passphrase``; return their handlers."""
    init = commands.add_parser(
        "init",
        help="create a new store, encrypted with a passphrase "
        f"(from ${PASSPHRASE_ENV}, else asked for twice)",
    )
    init.add_argument(
        "--plaintext",
        action="store_true",
        help="do not encrypt the store (anyone with the file can read every note)",
    )
    passphrase = commands.add_parser(
        "passphrase", help="change the store's passphrase, or set a new one with the recovery code"
    )
    actions = passphrase.add_subparsers(dest="passphrase_command", metavar="ACTION", required=True)
    actions.add_parser(
        "change",
        help=f"current passphrase (${PASSPHRASE_ENV}) -> new one (${NEW_PASSPHRASE_ENV})",
    )
    actions.add_parser(
        "recover",
        help=f"recovery code (${RECOVERY_CODE_ENV}) -> new passphrase (${NEW_PASSPHRASE_ENV})",
    )
    return {"init": _cmd_init, "passphrase": _cmd_passphrase}


def _cmd_init(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    from facilitator.storage.store import Store  # noqa: PLC0415 - SQLAlchemy only when needed

    path = store_file(ctx.url)
    if path is None:
        Store.open(ctx.url).close()
        print(f"The store is ready. {SERVER_NOTE}", file=out)
        return
    if has_key_file(path) or path.exists():
        raise CliError(f"{path.name} already exists; 'init' only creates a new store")
    if args.plaintext:
        Store.open(ctx.url).close()
        print(
            f"Created {path.name}, NOT encrypted: anyone who gets the file can read it.",
            file=out,
        )
        return
    passphrase = ask_new_passphrase(PASSPHRASE_ENV)
    key, recovery_code = create_key_file(path, passphrase)
    try:
        Store.open(ctx.url, key=key).close()
    except BaseException:
        # The key file belongs to the store that was not made; a later init must start clean.
        key_file_path(path).unlink(missing_ok=True)
        raise
    print(f"Created {path.name}, encrypted. Its key file is {key_file_path(path).name}.", file=out)
    print(_recovery_block(path, recovery_code), file=out)


def _recovery_block(path: Path, code: str) -> str:
    groups = code.split("-")
    lines = [
        "-".join(groups[i : i + _GROUPS_PER_LINE]) for i in range(0, len(groups), _GROUPS_PER_LINE)
    ]
    rule = "=" * 64
    return "\n".join(
        [
            rule,
            f"RECOVERY CODE for {path.name}",
            "",
            *(f"    {line}" for line in lines),
            "",
            "It is shown only this once. Print it or write it down and keep it away from this",
            "computer. With it you can set a new passphrase if you forget yours. If both the",
            "passphrase and this code are lost, nobody can open the records again.",
            rule,
        ]
    )


def _cmd_passphrase(ctx: CliContext, args: argparse.Namespace, out: TextIO) -> None:
    path = store_file(ctx.url)
    if path is None:
        raise CliError(SERVER_NOTE)
    if not has_key_file(path):
        raise CliError(f"{path.name} is not encrypted, so it has no passphrase")
    if args.passphrase_command == "change":  # noqa: S105 - a subcommand name
        key = unlock_store_file(path)
    else:
        key = _unlock_with_recovery(path)
    new_passphrase = ask_new_passphrase(NEW_PASSPHRASE_ENV)
    change_passphrase(path, key, new_passphrase)
    print(
        "The passphrase is changed. The old one no longer opens the store; "
        "the recovery code stays the same.",
        file=out,
    )


def _unlock_with_recovery(path: Path) -> bytes:
    code = ask_secret(RECOVERY_CODE_ENV, "Recovery code: ")
    try:
        return unlock_with_recovery(path, code)
    except RecoveryCodeError as exc:
        raise CliError(str(exc)) from None
    except WrongSecret as exc:
        record_failed_unlock(path)
        raise CliError(str(exc)) from None
