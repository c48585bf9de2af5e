"""Errors the store raises. Every message is safe to show: no names, no note text."""

from __future__ import annotations

#: SQLite's answers for a file that is not a database or whose pages do not hold together.
DAMAGE_CODES = frozenset({"SQLITE_NOTADB", "SQLITE_CORRUPT"})


class StoreError(Exception):
    """The store could not do what was asked; the message says why in plain words."""


class NotFound(StoreError):  # noqa: N818 - the name the rest of the app uses
    """No case, session, participant or note has the given id."""


def error_code(exc: BaseException) -> str:
    """A content-free name for a database error, for messages and bug reports.

    Driver messages can quote the values of a row (PostgreSQL's "failing row contains ..."),
    so only the error's class and code are kept.
    """
    orig = getattr(exc, "orig", None) or exc
    code = getattr(orig, "sqlite_errorname", None) or getattr(orig, "sqlstate", None)
    name = type(orig).__name__
    return f"{name} {code}" if code else name


def is_damage(exc: BaseException) -> bool:
    """Whether SQLite said the file is not a database or is corrupt."""
    orig = getattr(exc, "orig", None) or exc
    return getattr(orig, "sqlite_errorname", None) in DAMAGE_CODES
