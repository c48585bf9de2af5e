"""What every command shares: the error type, exit codes and the lazily opened store."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TextIO

if TYPE_CHECKING:
    from facilitator.storage.store import Store

PROG = "circle-facilitator"

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_UNEXPECTED = 70


class CliError(Exception):
    """A failure to report as one line."""


@dataclass
class CliContext:
    """What a command runs with: the database URL and, on first use, the open store.

    Commands that must not open the store the usual way (set-up, restore, audit checks of a
    damaged file) use :attr:`url` and never touch :attr:`store`.

    Attributes:
        url: The SQLAlchemy URL of the store.
    """

    url: str
    _store: Store | None = field(default=None, repr=False)

    @property
    def store(self) -> Store:
        """The store, opened the first time a command asks for it.

        An SQLite store with a key file beside it is encrypted: its passphrase is read (from
        ``$CIRCLE_FACILITATOR_PASSPHRASE``, else asked for) and must unlock it first.

        Raises:
            CliError: the passphrase does not open the store.
        """
        if self._store is None:
            # Imported only when needed: the store (SQLAlchemy) and the key file (cryptography).
            from facilitator.cli.passphrase import key_for_url  # noqa: PLC0415
            from facilitator.storage.store import Store  # noqa: PLC0415

            self._store = Store.open(self.url, key=key_for_url(self.url))
        return self._store

    def close(self) -> None:
        """Close the store if a command opened it."""
        if self._store is not None:
            self._store.close()
            self._store = None


#: A command: runs with the context and its parsed arguments; returns an exit code or None (0).
Handler = Callable[[CliContext, argparse.Namespace, TextIO], "int | None"]

#: Adds a group's subcommands to the parser; returns the handler of each command name it added.
Registrar = Callable[[Any], dict[str, Handler]]
