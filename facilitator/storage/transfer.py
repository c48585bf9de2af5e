"""Copy a whole store into another, empty database (a laptop's store onto the agency's server).

Every table of the records' metadata is copied in foreign-key order, row by row through the
columns' own types (so a date stays a date from SQLite to PostgreSQL), in one transaction on the
target: a failure half-way leaves the target as empty as it was. The audit trail's rows are
copied verbatim, entry by entry behind the target's own head (whose triggers accept only an
entry that follows the chain), so the chain verifies on the target. The search index is not
copied but built again on the target from the copied records, the way that database indexes
them. The target must hold no data: copying into a store in use would mix two agencies' records.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Connection, Engine, Integer, Table, func, insert, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from facilitator.storage.audit import verify_chain
from facilitator.storage.errors import StoreError, error_code
from facilitator.storage.migration import masked_url, open_current
from facilitator.storage.records import Base, CaseRow, NoteRow, SessionRow
from facilitator.storage.records_audit import HEAD_ID, AuditEntryRow, AuditHeadRow
from facilitator.storage.search import (
    index_agreement,
    index_case,
    index_note,
    index_people,
    search_entries,
)

#: Rows read and written at a time: bounded memory for a store of any size.
BATCH = 1000


@dataclass(frozen=True, slots=True)
class TransferReport:
    """What a transfer copied, counted again on the target after the commit.

    Attributes:
        rows: Rows of each table on the target, the same as on the source.
        search_entries: Entries of the search index built on the target.
        audit_entries_verified: Audit entries whose hash chain verified on the target.
        target: The target's address, password masked.
    """

    rows: dict[str, int]
    search_entries: int
    audit_entries_verified: int
    target: str


def transfer_store(source: Engine, target_url: str) -> TransferReport:
    """Copy the store behind ``source`` into the empty database at ``target_url``.

    The target's schema is created (or brought to this app's version) first.

    Raises:
        StoreError: the target cannot be opened, already holds data, or refused the copy
            (nothing was written); or the counts on the target differ from the source's.
    """
    target, _ = open_current(target_url)
    try:
        return _transfer(source, target)
    finally:
        target.dispose()


def _transfer(source: Engine, target: Engine) -> TransferReport:
    tables = list(Base.metadata.sorted_tables)
    seeded = _fresh_store_counts()
    try:
        with source.connect() as src, src.begin(), target.begin() as dst:
            _refuse_non_empty(dst, tables, seeded)
            expected = {table.name: _copy(src, dst, table) for table in tables}
            _reset_sequences(dst, tables)
            _rebuild_search(dst)
    except StoreError:
        raise
    except SQLAlchemyError as exc:
        raise StoreError(
            f"The copy to {masked_url(target)} failed ({error_code(exc)}); nothing was written "
            "there."
        ) from None
    with target.connect() as dst:
        rows = {table.name: _count(dst, table) for table in tables}
        entries = _count(dst, search_entries)
        audit = verify_chain(dst)
    if rows != expected:
        differ = sorted(name for name in rows if rows[name] != expected[name])
        raise StoreError(f"The copy differs from the store in: {', '.join(differ)}.")
    if not audit.ok:
        raise StoreError("The audit trail does not verify on the target after the copy.")
    return TransferReport(rows, entries, audit.entries_checked, masked_url(target))


def _fresh_store_counts() -> dict[str, int]:
    """Rows of each table in a store just created (what an empty target holds)."""
    with tempfile.TemporaryDirectory(prefix="cf-transfer-") as tmp:
        engine, _ = open_current(f"sqlite:///{Path(tmp) / 'fresh.sqlite3'}")
        try:
            with engine.connect() as conn:
                return {t.name: _count(conn, t) for t in Base.metadata.sorted_tables}
        finally:
            engine.dispose()


def _refuse_non_empty(dst: Connection, tables: list[Table], seeded: dict[str, int]) -> None:
    holding = [t.name for t in tables if _count(dst, t) != seeded.get(t.name, 0)]
    if holding or _count(dst, search_entries):
        raise StoreError(
            "The target database already holds a store with data; transfer copies only into "
            "an empty database, so that two stores are never mixed."
        )


def _copy(src: Connection, dst: Connection, table: Table) -> int:
    if table.name == AuditHeadRow.__tablename__:
        # Not copied: the target's head (made with the store) is moved by each entry copied.
        return _count(src, table)
    if table.name == AuditEntryRow.__tablename__:
        return _copy_audit_entries(src, dst)
    copied = 0
    for batch in _batches(src, table):
        dst.execute(insert(table), batch)
        copied += len(batch)
    return copied


def _copy_audit_entries(src: Connection, dst: Connection) -> int:
    """Append the source's entries verbatim, one by one, moving the head as the app does.

    The database refuses an entry that does not follow its head and a head that does not move
    forward by one entry (migration 0005's triggers), so it checks the copied chain as it goes.
    """
    copied = 0
    for batch in _batches(src, AuditEntryRow.__table__):  # type: ignore[arg-type]
        for row in batch:
            head = update(AuditHeadRow).where(AuditHeadRow.id == HEAD_ID)
            dst.execute(head.values(entries=AuditHeadRow.entries + 1))
            dst.execute(insert(AuditEntryRow), [row])
            dst.execute(head.values(last_hash=row["entry_hash"]))
            copied += 1
    return copied


def _batches(src: Connection, table: Table) -> Iterator[list[dict[str, object]]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = src.execution_options(yield_per=BATCH).execute(select(table).order_by(*order))
    for partition in result.mappings().partitions(BATCH):
        yield [dict(row) for row in partition]


def _reset_sequences(dst: Connection, tables: list[Table]) -> None:
    """On PostgreSQL, move each serial key's sequence past the ids copied in explicitly."""
    if dst.dialect.name != "postgresql":
        return
    for table in tables:
        keys = list(table.primary_key.columns)
        if len(keys) != 1 or not isinstance(keys[0].type, Integer):
            continue
        key = keys[0]
        largest = func.max(key)
        dst.execute(
            select(
                func.setval(
                    func.pg_get_serial_sequence(table.name, key.name),
                    func.coalesce(largest, 1),
                    largest.is_not(None),
                )
            )
        )


def _rebuild_search(dst: Connection) -> None:
    """Index the copied records the way the target database indexes them."""
    with Session(bind=dst) as s:
        for (case_id,) in s.execute(select(CaseRow.id)):
            index_case(s, case_id)
        for (session_id,) in s.execute(select(SessionRow.id)):
            index_people(s, session_id)
            index_agreement(s, session_id)
        notes = select(NoteRow.session_id, NoteRow.id, NoteRow.text, NoteRow.struck)
        for session_id, note_id, value, struck in s.execute(notes).all():
            index_note(s, session_id, note_id, None if struck else value)
        s.flush()


def _count(conn: Connection, table: Table) -> int:
    return int(conn.execute(select(func.count()).select_from(table)).scalar_one())
