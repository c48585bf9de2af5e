"""Retention and erasure: what is kept how long, purging what is due, erasing one person.

Rules live in the store (``retention_rules``, migration 0006), one per kind of record: keep it
N months after its case closes. A case that is not closed is never purged. :meth:`purge`
blanks what is due (:mod:`facilitator.storage.scrub` says how, kind by kind), writes one
content-free tombstone per record, records one audit entry, then makes sure the text is gone
from the files too:

- SQLite: the search index is rebuilt from what is left, the file is vacuumed (``secure_delete``
  is on, and ``VACUUM`` rewrites every page, so no freed page holds old text) and the journal is
  checkpointed and truncated;
- every backup and quarantine copy is rewritten the same way: copied to a temporary file,
  opened, purged with the live store's rules, vacuumed, checked, and renamed over the original
  (a backup keeps its name and date: it is the same backup, minus what is due);
- PostgreSQL: rows are changed in place; the server reclaims the old row versions (autovacuum)
  and its backups are the server's own to rotate.

:meth:`erase_participant` does the same for one participant record on request (see
:func:`facilitator.storage.scrub.erase_person` for what is kept and what goes).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, delete, select
from sqlalchemy.orm import Session

from facilitator.security.audit_chain import AuditKind
from facilitator.storage.audit import append_audit
from facilitator.storage.backup_files import write_snapshot
from facilitator.storage.backups import BackupManager
from facilitator.storage.cipher_link import db_errors
from facilitator.storage.database import sqlite_file, sqlite_url
from facilitator.storage.errors import NotFound, StoreError
from facilitator.storage.records import CaseRow, ParticipantRow, SessionRow
from facilitator.storage.records_retention import RetentionRuleRow, TombstoneRow
from facilitator.storage.scrub import (
    blank_agreements,
    blank_case_summaries,
    blank_notes,
    erase_person,
    label_people,
)

if TYPE_CHECKING:
    from contextlib import AbstractContextManager

    from facilitator.storage.store import Store

ERASURE_POLICY = "erasure on request"


class _DryRunDone(Exception):  # noqa: N818 - a signal, not an error
    """Raised to leave a dry run's transaction, which rolls it back."""


class RecordKind(StrEnum):
    """The kinds of record a retention rule can name."""

    NOTES = "notes"
    """Note texts and the event log's free text (reasons, withdrawal notes, resolutions)."""
    PERSONAL = "personal"
    """Participants' names (replaced by a label) and personal fields."""
    AGREEMENTS = "agreements"
    """Agreement texts, drawn signatures and follow-up evidence (versions and dates stay)."""
    CASE_SUMMARY = "case_summary"
    """The case's summary (its reference, dates and outcome stay)."""


@dataclass(frozen=True, slots=True)
class RetentionPolicy:
    """How many months after its case closes each kind of record is kept.

    Attributes:
        months: Kind -> months; a kind not listed is kept for good.
    """

    months: Mapping[RecordKind, int] = field(default_factory=dict)

    def describe(self, kind: RecordKind) -> str:
        """The rule as tombstones record it, e.g. ``notes after 24 months``."""
        return f"{kind.value} after {self.months[kind]} months"


@dataclass(frozen=True, slots=True)
class PurgeReport:
    """What a purge did (or, with ``dry_run``, would do).

    Attributes:
        today: The day the rules were applied for.
        purged: Kind -> how many records were (or would be) purged in the store.
        dry_run: Nothing was changed.
        backups_rewritten: Backups and quarantine copies purged the same way.
        backups_failed: Copies that could not be opened or rewritten (left as they were).
    """

    today: date
    purged: Mapping[RecordKind, int]
    dry_run: bool
    backups_rewritten: int = 0
    backups_failed: tuple[str, ...] = ()

    @property
    def total(self) -> int:
        """Records purged in all."""
        return sum(self.purged.values())


@dataclass(frozen=True, slots=True)
class ErasureReport:
    """What erasing a participant did.

    Attributes:
        participant_id: Who was erased.
        label: The neutral name they now have.
        notes_blanked: Notes blanked because this person spoke them.
        backups_rewritten: Backups and quarantine copies erased the same way.
        backups_failed: Copies that could not be opened or rewritten (left as they were).
    """

    participant_id: str
    label: str
    notes_blanked: int
    backups_rewritten: int = 0
    backups_failed: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Tombstone:
    """A record whose content was purged or erased: never what it held."""

    kind: RecordKind
    record_id: str
    purged_at: datetime
    policy: str


Work = Callable[[], "AbstractContextManager[Session]"]


class RetentionStore:
    """Retention rules, purges and erasure of one store (use ``store.retention``)."""

    def __init__(self, work: Work, engine: Engine, backups: BackupManager | None) -> None:
        self._work = work
        self._engine = engine
        self._backups = backups

    # ------------------------------------------------------------------------- rules

    def policy(self) -> RetentionPolicy:
        """The rules in force."""
        with self._work() as s:
            rows = s.scalars(select(RetentionRuleRow)).all()
            return RetentionPolicy(
                {RecordKind(r.kind): r.keep_months for r in rows if r.kind in _KINDS}
            )

    def set_rule(self, kind: RecordKind, months: int | None) -> None:
        """Keep ``kind`` for ``months`` after its case closes (``None``: keep it for good).

        Raises:
            StoreError: ``months`` is negative.
        """
        if months is not None and months < 0:
            raise StoreError("A retention period cannot be negative.")
        with self._work() as s:
            s.execute(delete(RetentionRuleRow).where(RetentionRuleRow.kind == kind.value))
            if months is not None:
                s.add(RetentionRuleRow(kind=kind.value, keep_months=months, updated_at=_now()))

    def tombstones(self) -> list[Tombstone]:
        """Every tombstone, oldest first."""
        with self._work() as s:
            rows = s.scalars(select(TombstoneRow).order_by(TombstoneRow.id)).all()
            return [Tombstone(RecordKind(r.kind), r.record_id, r.purged_at, r.policy) for r in rows]

    # ------------------------------------------------------------------------- purging

    def purge(self, today: date, *, dry_run: bool = False) -> PurgeReport:
        """Purge what the rules say is due on ``today``, here and in every backup.

        Raises:
            StoreError: the store could not be changed (nothing was).
        """
        policy = self.policy()
        purged = self.purge_here(today, policy, dry_run=dry_run)
        if dry_run:
            return PurgeReport(today, purged, dry_run=True)
        self.compact()
        done, failed = self._rewrite_copies(lambda st: st.retention.purge_here(today, policy))
        return PurgeReport(
            today, purged, dry_run=False, backups_rewritten=done, backups_failed=failed
        )

    def purge_here(
        self, today: date, policy: RetentionPolicy, *, dry_run: bool = False
    ) -> dict[RecordKind, int]:
        """Purge this database only, in one transaction; return what was purged, per kind.

        With ``dry_run`` the transaction is rolled back: the counts say what would go.
        """
        counts: dict[RecordKind, int] = {}
        with suppress(_DryRunDone):
            self._purge_in_transaction(today, policy, counts, dry_run=dry_run)
        return counts

    def _purge_in_transaction(
        self,
        today: date,
        policy: RetentionPolicy,
        counts: dict[RecordKind, int],
        *,
        dry_run: bool,
    ) -> None:
        with self._work() as s:
            _secure_delete(s)
            stamp = _now()
            for kind, months in sorted(policy.months.items()):
                cases = _due_cases(s, today, months)
                sessions = list(
                    s.scalars(select(SessionRow.id).where(SessionRow.case_id.in_(cases)))
                )
                keep = _tombstoned(s, kind)
                if kind is RecordKind.NOTES:
                    ids = blank_notes(s, sessions, keep)
                elif kind is RecordKind.PERSONAL:
                    ids = label_people(s, sessions, keep)
                elif kind is RecordKind.AGREEMENTS:
                    ids = blank_agreements(s, sessions, keep)
                else:
                    ids = blank_case_summaries(s, cases, keep)
                _bury(s, kind, ids, policy.describe(kind), stamp)
                counts[kind] = len(ids)
            if dry_run:
                # Leaving the unit of work by an exception rolls every change back.
                raise _DryRunDone
            if sum(counts.values()):
                append_audit(s, AuditKind.PURGE, at=stamp, count=sum(counts.values()))

    # ------------------------------------------------------------------------- erasure

    def erase_participant(self, participant_id: str) -> ErasureReport:
        """Erase one participant's data on request, here and in every backup.

        Their name becomes a neutral label and their personal fields are blanked, everywhere
        it appears (the participant record, the log, agreements and signatures, other notes);
        the notes that record what they said are blanked; their consent record keeps its
        facts (when, how, witnessed) as the proof that they took part by choice.

        Raises:
            NotFound: no participant with this id.
        """
        label, blanked = self.erase_here(participant_id)
        self.compact()
        done, failed = self._rewrite_copies(lambda st: _erase_if_there(st, participant_id))
        return ErasureReport(participant_id, label, blanked, done, failed)

    def erase_here(self, participant_id: str) -> tuple[str, int]:
        """Erase one participant in this database only; return their label and notes blanked.

        Raises:
            NotFound: no participant with this id.
        """
        with self._work() as s:
            _secure_delete(s)
            row = s.get(ParticipantRow, participant_id)
            if row is None:
                raise NotFound("No participant with this id.")
            session_id = row.session_id
            case_id = s.scalar(select(SessionRow.case_id).where(SessionRow.id == session_id))
            label = f"Participant {row.position + 1}"
            spoken = erase_person(s, row)
            stamp = _now()
            _bury(s, RecordKind.PERSONAL, [participant_id], ERASURE_POLICY, stamp)
            _bury(s, RecordKind.NOTES, spoken, ERASURE_POLICY, stamp)
            append_audit(
                s,
                AuditKind.ERASURE,
                at=stamp,
                session_id=session_id,
                case_id=case_id,
                ref_id=participant_id,
                count=len(spoken),
            )
            return label, len(spoken)

    # ------------------------------------------------------------------------- the files

    def compact(self) -> None:
        """Leave no purged text in the file: rebuild the search index, vacuum, truncate the WAL.

        Only for SQLite (a server reclaims space itself). Other connections must be idle.

        Raises:
            StoreError: the file could not be compacted (the purge itself is committed).
        """
        if self._engine.dialect.name != "sqlite":
            return
        raw = self._engine.raw_connection()
        try:
            conn = raw.driver_connection
            assert conn is not None
            conn.execute("PRAGMA secure_delete=ON")
            conn.execute("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
            conn.execute("VACUUM")
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except db_errors():
            raise StoreError(
                "The purge is saved, but the file could not be compacted: close other "
                "windows of the app and run the purge again to finish it."
            ) from None
        finally:
            raw.close()

    def _rewrite_copies(self, apply: Callable[[Store], object]) -> tuple[int, tuple[str, ...]]:
        if self._backups is None:
            return 0, ()
        copies = [b.path for b in self._backups.list_backups()] + self._backups.quarantined()
        done = 0
        failed: list[str] = []
        for path in copies:
            try:
                rewrite_copy(path, self._backups.key, apply)
                done += 1
            except StoreError:
                failed.append(path.name)
        return done, tuple(failed)


def rewrite_copy(path: Path, key: bytes | None, apply: Callable[[Store], object]) -> None:
    """Apply ``apply`` to the store file ``path`` (a backup), then put it back compacted.

    The file is copied to a temporary name, opened as a store (brought to the current
    schema), changed, compacted, snapshotted and checked, then renamed over ``path``.

    Raises:
        StoreError: the copy could not be opened, changed or written; ``path`` is unchanged.
    """
    from facilitator.storage.store import Store  # noqa: PLC0415 - the store imports this module

    work = path.with_name(f".{path.name}.{os.getpid()}.purging")
    out = path.with_name(f".{path.name}.{os.getpid()}.partial")
    try:
        _copy(path, work)
        with Store.open(sqlite_url(work), key=key) as store:
            apply(store)
            store.retention.compact()
        write_snapshot(work, out, key)
        out.replace(path)
    except OSError:
        raise StoreError(f"Could not rewrite {path.name}; it was left as it was.") from None
    finally:
        for leftover in _leftovers(work):
            leftover.unlink(missing_ok=True)
        out.unlink(missing_ok=True)


def _leftovers(work: Path) -> Iterator[Path]:
    yield work
    yield from (work.with_name(work.name + s) for s in ("-wal", "-shm", "-journal"))
    # The copy is migrated on open, and a migration backs it up first: that copy holds
    # everything, so it goes too.
    yield from work.parent.glob(f"{work.name}.pre-*.bak")


def _copy(source: Path, target: Path) -> None:
    with source.open("rb") as src, target.open("wb") as dst:
        while chunk := src.read(1 << 20):
            dst.write(chunk)


def _erase_if_there(store: Store, participant_id: str) -> None:
    try:
        store.retention.erase_here(participant_id)
    except NotFound:
        # A backup older than this participant does not hold them.
        return


def backups_of(engine: Engine, key: bytes | None) -> BackupManager | None:
    """The backups a purge must reach: an SQLite store's; ``None`` for a server."""
    path = sqlite_file(engine.url)
    return None if path is None else BackupManager(path, key=key)


# ----------------------------------------------------------------------------- helpers

_KINDS = {k.value for k in RecordKind}


def _secure_delete(s: Session) -> None:
    if s.get_bind().dialect.name == "sqlite":
        s.connection().exec_driver_sql("PRAGMA secure_delete=ON")


def _due_cases(s: Session, today: date, months: int) -> list[str]:
    rows = s.execute(select(CaseRow.id, CaseRow.closed_at).where(CaseRow.closed_at.is_not(None)))
    return [
        case_id
        for case_id, closed_at in rows
        if closed_at is not None and add_months(closed_at.date(), months) <= today
    ]


def _tombstoned(s: Session, kind: RecordKind) -> set[str]:
    return set(s.scalars(select(TombstoneRow.record_id).where(TombstoneRow.kind == kind.value)))


def _bury(s: Session, kind: RecordKind, ids: list[str], policy: str, stamp: datetime) -> None:
    s.add_all(
        TombstoneRow(kind=kind.value, record_id=i, purged_at=stamp, policy=policy) for i in ids
    )


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months (the 31st becomes the month's last day)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for last in (31, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise ValueError("no such date")  # pragma: no cover - February always has 28 days


def _now() -> datetime:
    return datetime.now(UTC)
