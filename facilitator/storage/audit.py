"""The audit trail in the store: appending entries inside a change's transaction, and checking.

Every entry is written by :func:`append_audit` in the transaction of the change it records, so
the two are committed together or not at all. Appends are serialised by the one-row
``audit_head`` table: the first statement of an append is an ``UPDATE ... RETURNING`` on it,
which takes the write lock on SQLite (before the head is read, so no second writer can read the
same head) and the row lock on PostgreSQL (a concurrent appender waits, then reads the head as
the first one left it). Hashing and checking are in :mod:`facilitator.security.audit_chain`.

Reached from the store as ``store.audit`` (:class:`AuditTrail`) for actions that happen outside
another store transaction: a backup, a restore, an export, a failed unlock.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import Connection, insert, select, update
from sqlalchemy.orm import Session

from facilitator.security.audit_chain import (
    AuditAnchor,
    AuditEntry,
    AuditHead,
    AuditKind,
    AuditReport,
    check_chain,
    check_sha256,
    hash_entry,
)
from facilitator.storage.database import sqlite_file
from facilitator.storage.errors import StoreError
from facilitator.storage.records_audit import HEAD_ID, AuditEntryRow, AuditHeadRow

__all__ = ["AuditKind", "AuditTrail", "append_audit", "record_failed_unlocks", "verify_chain"]

Work = Callable[[], AbstractContextManager[Session]]

_TAKE_HEAD = (
    update(AuditHeadRow)
    .where(AuditHeadRow.id == HEAD_ID)
    .values(entries=AuditHeadRow.entries + 1)
    .returning(AuditHeadRow.entries, AuditHeadRow.last_hash)
)


def append_audit(
    session: Session,
    kind: AuditKind,
    *,
    at: datetime,
    session_id: str | None = None,
    case_id: str | None = None,
    agreement_id: str | None = None,
    ref_id: str | None = None,
    count: int | None = None,
    detail_sha256: str | None = None,
) -> AuditEntry:
    """Append one entry to the audit trail inside the caller's transaction.

    Args:
        session: The transaction of the change being recorded.
        kind: What happened.
        at: When (timezone-aware).
        session_id: The session acted on.
        case_id: The case acted on (or the session's case).
        agreement_id: The agreement version acted on.
        ref_id: Another record's id the kind needs (a consent record, a signer).
        count: A number the kind gives meaning to (failed unlocks, rows purged).
        detail_sha256: SHA-256 (hex) of content kept elsewhere (a sealed PDF, an export).

    Returns:
        The entry as written.

    Raises:
        ValueError: ``at`` is naive, or ``detail_sha256`` is not a SHA-256 in hex.
        StoreError: the head record of the trail is missing (the store was tampered with).
    """
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("an audit time must be timezone-aware")
    check_sha256(detail_sha256)
    taken = session.execute(_TAKE_HEAD).first()
    if taken is None:
        raise StoreError(
            "The audit trail of this store is damaged (its head record is missing); nothing "
            "was saved. Run 'circle-facilitator audit verify'."
        )
    seq, prev_hash = taken
    draft = AuditEntry(
        seq=seq,
        # Microseconds are what both databases keep, so the hash survives the round trip.
        at=at.astimezone(UTC),
        kind=AuditKind(kind).value,
        session_id=session_id,
        case_id=case_id,
        agreement_id=agreement_id,
        ref_id=ref_id,
        count=count,
        detail_sha256=detail_sha256,
        prev_hash=prev_hash,
        entry_hash="",
    )
    entry = dataclasses.replace(draft, entry_hash=hash_entry(draft))
    session.execute(insert(AuditEntryRow).values(**_fields(entry)))
    session.execute(
        update(AuditHeadRow).where(AuditHeadRow.id == HEAD_ID).values(last_hash=entry.entry_hash)
    )
    return entry


def verify_chain(connection: Connection, anchor: AuditAnchor | None = None) -> AuditReport:
    """Check the whole trail: every hash, every link, the head, and an optional anchor.

    Args:
        connection: A connection to the store's database (only read).
        anchor: A head written down earlier (``audit verify`` prints one).
    """
    head_row = connection.execute(
        select(AuditHeadRow.entries, AuditHeadRow.last_hash).where(AuditHeadRow.id == HEAD_ID)
    ).first()
    head = None if head_row is None else AuditHead(head_row[0], head_row[1])

    def all_hashes() -> dict[str, int]:
        rows = connection.execute(select(AuditEntryRow.entry_hash, AuditEntryRow.seq))
        return {str(entry_hash): int(seq) for entry_hash, seq in rows}

    return check_chain(_iter_entries(connection), head, all_hashes, anchor)


def record_failed_unlocks(trail: AuditTrail, url: str) -> None:
    """Record the unlocks of an encrypted SQLite store that failed since it was last opened.

    The failures are counted in a file beside the key file (a locked store cannot be written);
    once the right key has opened it, the count goes into one ``unlock_failed`` entry and the
    file is reset. Nothing is recorded when nothing failed.
    """
    # Here only when a key opened the store, so the cryptography this imports is loaded already.
    from facilitator.security.keyfile import take_failed_unlocks  # noqa: PLC0415

    path = sqlite_file(url)
    if path is None:
        return
    count = take_failed_unlocks(path)
    if count:
        trail.record(AuditKind.UNLOCK_FAILED, count=count)


class AuditTrail:
    """The store's audit trail (use ``store.audit``)."""

    def __init__(self, work: Work) -> None:
        self._work = work

    def record(
        self,
        kind: AuditKind,
        *,
        at: datetime | None = None,
        session_id: str | None = None,
        case_id: str | None = None,
        agreement_id: str | None = None,
        ref_id: str | None = None,
        count: int | None = None,
        detail_sha256: str | None = None,
    ) -> AuditEntry:
        """Append one entry in a transaction of its own (see :func:`append_audit`).

        For actions that change nothing else in the store: a backup, a restore, an export, a
        failed unlock. A change to the store records its entry in its own transaction instead.

        Raises:
            ValueError: ``at`` is naive, or ``detail_sha256`` is not a SHA-256 in hex.
            StoreError: the entry could not be written.
        """
        with self._work() as s:
            return append_audit(
                s,
                kind,
                at=at or datetime.now(UTC),
                session_id=session_id,
                case_id=case_id,
                agreement_id=agreement_id,
                ref_id=ref_id,
                count=count,
                detail_sha256=detail_sha256,
            )

    def entries(self, limit: int | None = None) -> list[AuditEntry]:
        """The entries in ``seq`` order; with ``limit``, only the last ``limit`` of them."""
        with self._work() as s:
            query = select(AuditEntryRow).order_by(AuditEntryRow.seq.desc())
            if limit is not None:
                query = query.limit(max(limit, 0))
            found = [_entry(row) for row in s.scalars(query)]
        return found[::-1]

    def verify(self, anchor: AuditAnchor | None = None) -> AuditReport:
        """Check the whole trail (see :func:`verify_chain`).

        Raises:
            StoreError: the trail could not be read.
        """
        with self._work() as s:
            return verify_chain(s.connection(), anchor)


def _iter_entries(connection: Connection) -> Iterator[AuditEntry]:
    columns = [getattr(AuditEntryRow, name) for name in _FIELDS]
    result = connection.execute(select(*columns).order_by(AuditEntryRow.seq))
    for row in result:
        yield AuditEntry(*row)


_FIELDS = (
    "seq",
    "at",
    "kind",
    "session_id",
    "case_id",
    "agreement_id",
    "ref_id",
    "count",
    "detail_sha256",
    "prev_hash",
    "entry_hash",
)


def _fields(entry: AuditEntry) -> dict[str, object]:
    return {name: getattr(entry, name) for name in _FIELDS}


def _entry(row: AuditEntryRow) -> AuditEntry:
    return AuditEntry(*(getattr(row, name) for name in _FIELDS))
