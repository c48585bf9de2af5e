"""The history list read straight from a plain SQLite store, before SQLAlchemy has loaded.

Loading SQLAlchemy and the store's modules takes about 0.3 s on a slow laptop. A facilitator
who opens the app should see their sessions before that: the start reads the newest sessions
and the history's default order (newest first, unfiltered) through the standard library's
:mod:`sqlite3`, shows them, and hands the list over to the store's own history
(:mod:`facilitator.storage.history`) once the store is open.

The reader is deliberately narrow and cautious:

* only a store file at exactly this app's schema revision (:data:`HEAD_REVISION`): a plain
  one, or an encrypted one with its data key once it is unlocked (through ``sqlcipher3``, the
  library the store itself uses, which checks each page it reads). A store in the other form,
  an older or newer one, or anything it cannot read gives ``None`` and the normal start goes on
  alone (and reports any problem);
* read-only (``mode=ro`` and ``query_only``): nothing is written to the store;
* only the default order and no filter: sorting and filtering wait for the store, so the SQL
  for them lives in one place. The rows it does read match the store's row for row (a test
  compares the two on the same files).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from contextlib import suppress
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from facilitator.domain.session import SessionSummary
from facilitator.security.key_paths import has_key_file
from facilitator.storage.errors import StoreError
from facilitator.storage.history_types import (
    HistoryFilter,
    HistoryRow,
    HistorySort,
    ProcessChoice,
    history_row,
    recent_summary,
)
from facilitator.storage.schema_version import HEAD_REVISION, VERSION_TABLE

#: Ids per ``IN (...)`` list, as in the store's history.
_CHUNK = 500
#: How long to wait for another connection's lock: the early list is a nicety, never a wait.
_BUSY_TIMEOUT_S = 0.2
_SQLITE_MAGIC = b"SQLite format 3\x00"

#: The history's default order: newest first (started, else set up), then by id.
_IDS = """
SELECT s.id FROM sessions AS s JOIN cases AS c ON c.id = s.case_id
ORDER BY coalesce(s.started_at, s.created_at) DESC, s.id
"""

_ROWS = """
SELECT s.id, s.case_id, c.reference, coalesce(s.started_at, s.created_at), s.template_name,
       s.template_id, s.title, s.status, coalesce(n.n, 0), a.status, a.version,
       CASE WHEN c.closed_at IS NULL THEN '' ELSE c.outcome END
FROM sessions AS s
JOIN cases AS c ON c.id = s.case_id
LEFT OUTER JOIN (
    SELECT session_id, count(*) AS n FROM participants
    WHERE session_id IN ({marks}) GROUP BY session_id
) AS n ON n.session_id = s.id
LEFT OUTER JOIN (
    SELECT session_id, status, version FROM (
        SELECT session_id, status, version, row_number() OVER (
            PARTITION BY session_id ORDER BY version DESC, created_at DESC, id
        ) AS rank
        FROM agreements WHERE session_id IN ({marks})
    ) WHERE rank = 1
) AS a ON a.session_id = s.id
WHERE s.id IN ({marks})
"""

_RECENT = """
SELECT s.id, s.case_id, c.reference, s.template_name, s.title, s.status, s.created_at,
       s.started_at, s.ended_at
FROM sessions AS s JOIN cases AS c ON c.id = s.case_id
ORDER BY s.created_at DESC, s.id
LIMIT ?
"""

_PROCESSES = """
SELECT template_id, max(template_name) FROM sessions
GROUP BY template_id ORDER BY lower(max(template_name)), template_id
"""


class EarlyHistory:
    """The history's default list and the newest sessions, read through :mod:`sqlite3`.

    Made by :func:`open_early_history`. Used from one thread at a time (it is opened on the
    start's worker and read on the GUI thread). It answers the
    :class:`~facilitator.storage.history_types.HistorySource` questions for the default order
    only.
    """

    def __init__(
        self,
        path: Path,
        conn: sqlite3.Connection,
        created: Sequence[Path],
        errors: tuple[type[BaseException], ...] = (sqlite3.Error,),
    ) -> None:
        self._path = path
        self._conn: sqlite3.Connection | None = conn
        #: What the driver raises (SQLCipher's module has its own Error classes).
        self._errors = errors
        #: Files beside the store that opening it created (``-wal``, ``-shm``).
        self._created = tuple(created)
        # Read ahead by warm() on the worker, so the GUI thread only paints them.
        self._ids: list[str] | None = None
        self._rows: dict[str, HistoryRow] = {}
        self._recent: tuple[int, list[SessionSummary]] | None = None

    @property
    def path(self) -> Path:
        """The store file."""
        return self._path

    def warm(self, recent: int, page: int = 100) -> None:
        """Read ahead what the first screen shows (call this on the worker).

        That is the ``recent`` newest sessions, the history's ids and its first ``page`` rows.
        An error here is left to surface when they are read.
        """
        with suppress(StoreError):
            self._recent = (recent, self.recent(recent))
            self._ids = self.ids()
            self._rows = {r.session_id: r for r in self.rows(self._ids[:page])}

    def ids(
        self, history_filter: HistoryFilter | None = None, sort: HistorySort | None = None
    ) -> list[str]:
        """Every session id, newest first (the history's default order).

        Raises:
            StoreError: a filter or another order was asked for (they wait for the store), or
                the file could not be read.
        """
        if (history_filter or HistoryFilter()) != HistoryFilter() or (
            sort or HistorySort()
        ) != HistorySort():
            raise StoreError("Sorting and filtering are available once the store is open.")
        if self._ids is not None:
            return list(self._ids)
        return [str(r[0]) for r in self._read(_IDS, ())]

    def rows(self, session_ids: Sequence[str]) -> list[HistoryRow]:
        """The rows of ``session_ids``, in that order (ids not stored are left out)."""
        if all(i in self._rows for i in session_ids):
            return [self._rows[i] for i in session_ids]
        found: dict[str, HistoryRow] = {}
        for start in range(0, len(session_ids), _CHUNK):
            chunk = list(session_ids[start : start + _CHUNK])
            marks = ", ".join("?" * len(chunk))
            query = _ROWS.format(marks=marks)
            for r in self._read(query, (*chunk, *chunk, *chunk)):
                found[r[0]] = history_row(r, _utc(r[3]))
        return [found[i] for i in session_ids if i in found]

    def recent(self, limit: int) -> list[SessionSummary]:
        """The ``limit`` newest sessions (by when they were set up), newest first."""
        if self._recent is not None and self._recent[0] == limit:
            return list(self._recent[1])
        newest = self._read(_RECENT, (limit,))
        ids = [r[0] for r in newest]
        people: dict[str, int] = {}
        for start in range(0, len(ids), _CHUNK):
            chunk = ids[start : start + _CHUNK]
            marks = ", ".join("?" * len(chunk))
            query = (
                f"SELECT session_id, count(*) FROM participants "  # noqa: S608 - marks only
                f"WHERE session_id IN ({marks}) GROUP BY session_id"
            )
            people.update((r[0], r[1]) for r in self._read(query, tuple(chunk)))
        return [
            recent_summary(r, people.get(r[0], 0), (_required_utc(r[6]), _utc(r[7]), _utc(r[8])))
            for r in newest
        ]

    def list_processes(self) -> list[ProcessChoice]:
        """Every process at least one stored session ran, by name."""
        return [ProcessChoice(template_id=r[0], name=r[1]) for r in self._read(_PROCESSES, ())]

    def close(self) -> None:
        """Close the connection (the store, open by now, carries on; its files stay)."""
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def discard(self) -> None:
        """Close, and remove what opening created beside the store.

        For when the store could not be opened after all: the file is then left as it was
        found. Only call this while no other connection has the store open.
        """
        self.close()
        _remove_created(self._created)

    def _read(self, query: str, params: tuple[object, ...]) -> list[tuple[Any, ...]]:
        # Rows are typed Any as the DB-API gives them; the schema revision is checked on open.
        if self._conn is None:
            raise StoreError("The early history is closed.")
        try:
            return list(self._conn.execute(query, params))
        except self._errors:
            raise StoreError(f"{self._path.name} could not be read.") from None


def open_early_history(path: Path, key: bytes | None = None) -> EarlyHistory | None:
    """Open the store at ``path`` for the early history, or ``None`` if that is not safe.

    Args:
        path: The store file.
        key: The data key of an encrypted store (after unlocking); ``None`` for a plain one.

    ``None`` for: a missing file, a store in the other form (a key file or an encrypted file
    without a key; a plain file with one), the wrong key, a schema at any other revision than
    this app's, or any error while looking. The normal open then runs alone and says what is
    wrong, if anything is.
    """
    try:
        if not path.is_file() or has_key_file(path) != (key is not None):
            return None
        with path.open("rb") as f:
            if (f.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC) != (key is None):
                return None
    except OSError:
        return None
    companions = [Path(f"{path}{suffix}") for suffix in ("-wal", "-shm")]
    absent = [p for p in companions if not p.exists()]
    conn: sqlite3.Connection | None = None
    errors: tuple[type[BaseException], ...] = (sqlite3.Error, OSError, StoreError)
    try:
        if key is not None:
            # Only an encrypted store needs SQLCipher (a C extension of its own).
            from facilitator.storage.cipher import cipher_module  # noqa: PLC0415

            errors = (*errors, cipher_module().Error)
        conn = _connect(path, key)
        conn.execute("PRAGMA query_only = ON")
        revision = conn.execute(f"SELECT version_num FROM {VERSION_TABLE}").fetchall()  # noqa: S608
        if revision != [(HEAD_REVISION,)]:
            raise sqlite3.DatabaseError("not this app's schema revision")
    except errors:
        if conn is not None:
            conn.close()
        _remove_created(absent)
        return None
    return EarlyHistory(path, conn, [p for p in absent if p.exists()], errors)


def _connect(path: Path, key: bytes | None) -> sqlite3.Connection:
    if key is not None:
        from facilitator.storage.cipher import connect_sqlite  # noqa: PLC0415 - as above

        conn = connect_sqlite(path, key, read_only=True)
        conn.execute(f"PRAGMA busy_timeout = {int(_BUSY_TIMEOUT_S * 1000)}")
        return conn
    return sqlite3.connect(
        f"file:{quote(str(path.resolve()))}?mode=ro",
        uri=True,
        timeout=_BUSY_TIMEOUT_S,
        # Opened on the start's worker, then read on the GUI thread (never both at once).
        check_same_thread=False,
    )


def _remove_created(created: Sequence[Path]) -> None:
    # A read-only connection to a WAL store may create an empty -wal and the -shm index; a file
    # that is not opened after all is left as it was found.
    for companion in created:
        with suppress(OSError):
            if companion.name.endswith("-shm") or companion.stat().st_size == 0:
                companion.unlink()


def _utc(value: object) -> datetime | None:
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        raise StoreError("A stored time could not be read.") from None
    # Stored in UTC without an offset (as the store's UTCDateTime reads it back).
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed.astimezone(UTC)


def _required_utc(value: object) -> datetime:
    parsed = _utc(value)
    if parsed is None:
        raise StoreError("A session without a creation time cannot be listed.")
    return parsed
