"""Where the store lives, worked out without importing SQLAlchemy.

:func:`facilitator.storage.database.resolve_url` turns this into an SQLAlchemy URL. The start
reads it first, on its own, so that the history can be read early from a plain SQLite file
(:mod:`facilitator.storage.early_history`) before SQLAlchemy has loaded.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from urllib.parse import unquote

import platformdirs

#: The environment variable that names the database when ``--db`` is not given.
ENV_VAR = "CIRCLE_FACILITATOR_DB"
APP_DIR_NAME = "circle-facilitator"
#: The plain SQLite URL prefixes read without SQLAlchemy (``sqlite:///<path>``).
_SQLITE_PREFIXES = ("sqlite:///", "sqlite+pysqlite:///")
DEFAULT_FILE_NAME = "circle-facilitator.sqlite3"


def store_location(explicit: str | None, env: Mapping[str, str]) -> str | Path:
    """Which database to open: a URL as given, or the path of an SQLite file.

    Args:
        explicit: The ``--db`` value, if given; it wins.
        env: The environment; ``CIRCLE_FACILITATOR_DB`` is used next.

    Returns:
        A value holding ``://``, as given (any SQLAlchemy URL); otherwise the SQLite file it
        names (a bare path, made absolute), or with neither given the default file in the user
        data directory (the directory is created if missing).
    """
    for candidate in (explicit, env.get(ENV_VAR)):
        if candidate and candidate.strip():
            value = candidate.strip()
            if "://" in value:
                return value
            return Path(value).expanduser().resolve()
    data_dir = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    data_dir.mkdir(parents=True, exist_ok=True)
    return data_dir / DEFAULT_FILE_NAME


def plain_sqlite_path(where: str | Path) -> Path | None:
    """The SQLite file that ``where`` (from :func:`store_location`) names, if that is plain to see.

    A path is itself. A URL counts only in its simple form, ``sqlite:///<path>`` (or with
    ``+pysqlite``), without query options; its path is read as SQLAlchemy reads it
    (percent-escapes undone). Anything else (a server, options, an in-memory database) gives
    ``None``: then only SQLAlchemy's own parsing decides what it is.
    """
    if isinstance(where, Path):
        return where
    for prefix in _SQLITE_PREFIXES:
        if where.startswith(prefix):
            rest = where[len(prefix) :]
            if not rest or "?" in rest or rest == ":memory:" or rest.startswith("file:"):
                return None
            return Path(unquote(rest))
    return None
