"""Reading passphrases and recovery codes for the command line, and unlocking a store with them.

A secret comes from an environment variable when it is set (scripts, tests), else it is asked
for on the terminal without echo. With neither, the command fails: it never reads a secret from
a pipe, where it would be easy to leave in a shell history or a log.
"""

from __future__ import annotations

import getpass
import os
import sys
from pathlib import Path

from sqlalchemy.exc import ArgumentError

from facilitator.cli.base import PROG, CliError
from facilitator.security.keyfile import (
    WeakPassphrase,
    WrongSecret,
    check_passphrase,
    has_key_file,
    record_failed_unlock,
    unlock,
)
from facilitator.storage.database import sqlite_file

#: The store's passphrase, when it is not asked for.
PASSPHRASE_ENV = "CIRCLE_FACILITATOR_PASSPHRASE"  # noqa: S105 - a variable name
#: The new passphrase for ``passphrase change`` and ``passphrase recover``.
NEW_PASSPHRASE_ENV = "CIRCLE_FACILITATOR_NEW_PASSPHRASE"  # noqa: S105 - a variable name
#: The recovery code for ``passphrase recover``.
RECOVERY_CODE_ENV = "CIRCLE_FACILITATOR_RECOVERY_CODE"


def ask_secret(env_var: str, prompt: str) -> str:
    """The value of ``env_var`` if set, else what is typed at ``prompt`` (not echoed).

    Raises:
        CliError: the variable is not set and there is no terminal to ask on.
    """
    value = os.environ.get(env_var)
    if value is not None:
        return value
    if sys.stdin is None or not sys.stdin.isatty():
        raise CliError(f"no terminal to ask on: set ${env_var}")
    return getpass.getpass(prompt)


def ask_new_passphrase(env_var: str, what: str = "passphrase") -> str:
    """A new passphrase: from ``env_var``, or typed twice; checked for length.

    Raises:
        CliError: the two entries differ, or the passphrase is too short.
    """
    if env_var in os.environ:
        passphrase = os.environ[env_var]
    else:
        passphrase = ask_secret(env_var, f"New {what}: ")
        if getpass.getpass(f"New {what} again: ") != passphrase:
            raise CliError("the two passphrases differ; nothing was changed")
    try:
        check_passphrase(passphrase)
    except WeakPassphrase as exc:
        raise CliError(str(exc)) from None
    return passphrase


def unlock_store_file(db_path: Path) -> bytes:
    """The data key of the encrypted store at ``db_path``, unlocked with its passphrase.

    A wrong passphrase is counted (for the audit trail) and reported with the one message that
    says nothing about why.

    Raises:
        CliError: the passphrase does not open the store.
    """
    passphrase = ask_secret(PASSPHRASE_ENV, f"Passphrase for {db_path.name}: ")
    try:
        return unlock(db_path, passphrase)
    except WrongSecret as exc:
        record_failed_unlock(db_path)
        raise CliError(str(exc)) from None


def store_file(url: str) -> Path | None:
    """The SQLite file behind ``url``; ``None`` for a server, an in-memory or an invalid URL."""
    try:
        return sqlite_file(url)
    except ArgumentError:
        # Store.open reports the invalid address in its own words.
        return None


def key_for_url(url: str) -> bytes | None:
    """The data key to open the store at ``url`` with, or ``None`` for a plain store.

    A store is encrypted when it is an SQLite file with a key file beside it; then its
    passphrase is read and must unlock it.

    Raises:
        CliError: the passphrase does not open the store.
    """
    path = store_file(url)
    if path is None:
        return None
    if not path.exists() and not has_key_file(path):
        # Records are encrypted unless someone chose otherwise: no command but 'init' makes a
        # store, so none can quietly make a plain one.
        raise CliError(
            f"There is no store at {path.name} yet. Create it with '{PROG} init' "
            f"(encrypted), or '{PROG} init --plaintext' to keep the records unencrypted."
        )
    if not has_key_file(path):
        return None
    return unlock_store_file(path)
