"""The store: cases, sessions, people, consent and event logs, kept in one database.

Every public method is one unit of work (one transaction) and returns domain objects, never
records: what it returns stays valid after the call, on any thread. Errors are
:class:`~facilitator.storage.errors.StoreError` with a message safe to show to the facilitator.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.notes import Note, NoteRevision
from facilitator.domain.session import SessionInfo, SessionStatus, SessionSummary
from facilitator.engine.events import LoggedEvent
from facilitator.storage import queries
from facilitator.storage.agreement_records import (
    AgreementRecords,
    read_agreement_records,
    write_agreement_records,
)
from facilitator.storage.agreements import AgreementStore
from facilitator.storage.audit import AuditKind, AuditTrail, append_audit, record_failed_unlocks
from facilitator.storage.backups import BackupManager, backups_for_url
from facilitator.storage.database import make_sessionmaker
from facilitator.storage.errors import NotFound, StoreError
from facilitator.storage.event_log import StoreEventLog, last_seq, read_events
from facilitator.storage.followup import FollowUpStore
from facilitator.storage.history import HistoryStore
from facilitator.storage.importing import import_session as _import_session
from facilitator.storage.mapping import (
    case_from_row,
    case_row,
    consent_from_row,
    consent_row,
    dumps,
    note_from_row,
    participant_from_row,
    participant_row,
    session_from_row,
    session_row,
    update_case_row,
)
from facilitator.storage.migration import masked_url, open_current
from facilitator.storage.people import next_position, replace_participants
from facilitator.storage.records import CaseRow, ConsentRow, NoteRow, ParticipantRow, SessionRow
from facilitator.storage.report_facts import ReportFacts
from facilitator.storage.retention import RetentionStore, backups_of
from facilitator.storage.search import SearchHit, index_case, index_people, search
from facilitator.storage.store_problems import open_guarded
from facilitator.storage.transfer import TransferReport, transfer_store
from facilitator.storage.work import unit_of_work

__all__ = ["NotFound", "Store", "StoreError"]


class Store:
    """All stored data of Circle Facilitator. Open it with :meth:`Store.open`."""

    def __init__(
        self, engine: Engine, backup: Path | None = None, key: bytes | None = None
    ) -> None:
        """Wrap an engine whose schema is already current (use :meth:`open`)."""
        self._engine = engine
        self._sessions = make_sessionmaker(engine)
        self._backup = backup
        self._key = key

    # ------------------------------------------------------------------------- lifetime

    @classmethod
    def open(cls, url: str, *, key: bytes | None = None) -> Store:
        """Open (creating or upgrading if needed) the store at ``url``.

        An SQLite file is checked read-only first and refused, untouched, if it is not a store
        or is damaged. A store behind this app's schema is backed up, then migrated. With
        ``key`` (the 32-byte data key), the SQLite file is encrypted with SQLCipher, and so is
        the backup made before a migration (:mod:`facilitator.storage.cipher`).

        Raises:
            StoreError: the address is invalid, the database cannot be reached, is damaged,
                is not a store, or was written by a newer version of the app.

        Unlocks that failed since the last open (counted beside the key file) are recorded in
        the audit trail as one ``unlock_failed`` entry once the right key has opened it.
        """
        engine, backup = open_guarded(url, key, lambda: open_current(url, key=key))
        store = cls(engine, backup, key)
        if key is not None:
            try:
                record_failed_unlocks(store.audit, url)
            except BaseException:
                store.close()
                raise
        return store

    def close(self) -> None:
        """Close every connection (on SQLite this also folds the WAL back into the file)."""
        self._engine.dispose()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    @property
    def url_for_display(self) -> str:
        """The database address with any password masked."""
        return masked_url(self._engine)

    @property
    def agreements(self) -> AgreementStore:
        """The agreements: every version of each session's agreement, with signatures."""
        return AgreementStore(self._work)

    @property
    def report_facts(self) -> ReportFacts:
        """Whole-store reads behind the de-identified program statistics."""
        return ReportFacts(self._work)

    @property
    def history(self) -> HistoryStore:
        """The history list: filtered and sorted session ids, and rows for a page of them."""
        return HistoryStore(self._work)

    @property
    def followup(self) -> FollowUpStore:
        """Follow-up: item progress, review dates, the overview, closing a case."""
        return FollowUpStore(self._work)

    @property
    def audit(self) -> AuditTrail:
        """The audit trail: what was done, when, to which ids (never names or text)."""
        return AuditTrail(self._work)

    @property
    def backups(self) -> BackupManager:
        """The backups of this store's SQLite file (made with its key, recorded in the audit).

        Raises:
            StoreError: the store is on a database server, which makes its own backups.
        """
        return backups_for_url(self._engine.url, key=self._key, audit=self.audit)

    @property
    def retention(self) -> RetentionStore:
        """Retention rules, purges and erasure (they reach this store's backups too)."""
        return RetentionStore(self._work, self._engine, backups_of(self._engine, self._key))

    @property
    def backup_made_on_open(self) -> Path | None:
        """The backup copy made before migrating this store on open, if one was made."""
        return self._backup

    @contextmanager
    def _work(self) -> Iterator[Session]:
        """One unit of work; database errors become a :class:`StoreError` without content."""
        with unit_of_work(self._sessions) as s:
            yield s

    # ------------------------------------------------------------------------- cases

    def add_case(self, case: Case) -> Case:
        """Store a new case; ``created_at`` is set to now unless given.

        Raises:
            StoreError: a case with this id is already stored.
        """
        with self._work() as s:
            if s.get(CaseRow, case.id) is not None:
                raise StoreError("A case with this id is already in this store.")
            row = case_row(case, _now())
            s.add(row)
            index_case(s, case.id)
            return case_from_row(row)

    def get_case(self, case_id: str) -> Case:
        """The case with ``case_id``.

        Raises:
            NotFound: no such case.
        """
        with self._work() as s:
            return case_from_row(queries.case_row_of(s, case_id))

    def list_cases(self) -> list[Case]:
        """Every case, newest first."""
        with self._work() as s:
            rows = s.scalars(select(CaseRow).order_by(CaseRow.created_at.desc(), CaseRow.id))
            return [case_from_row(row) for row in rows]

    def update_case(self, case: Case) -> Case:
        """Save the editable fields of ``case`` (its creation time never changes).

        Raises:
            NotFound: no such case.
        """
        with self._work() as s:
            row = queries.case_row_of(s, case.id)
            update_case_row(row, case)
            index_case(s, case.id)
            return case_from_row(row)

    # ------------------------------------------------------------------------- sessions

    def create_session(self, info: SessionInfo, participants: Sequence[Participant]) -> SessionInfo:
        """Store a new session of an existing case with its participants, in order.

        Raises:
            NotFound: the case does not exist.
            StoreError: the session or a participant id is already stored.
        """
        with self._work() as s:
            queries.case_row_of(s, info.case_id)
            if s.get(SessionRow, info.id) is not None:
                raise StoreError("A session with this id is already in this store.")
            queries.check_unique([p.id for p in participants])
            row = session_row(info, _now())
            s.add(row)
            # Records have no relationship() between them, so the flush order is ours to keep.
            s.flush()
            s.add_all(
                participant_row(p, info.id, position, joined_late=False)
                for position, p in enumerate(participants)
            )
            index_people(s, info.id)
            return session_from_row(row)

    def get_session(self, session_id: str) -> SessionInfo:
        """The session with ``session_id``, with its template snapshot.

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            return session_from_row(queries.session_row_of(s, session_id))

    def list_sessions(self) -> list[SessionSummary]:
        """Every session, newest first, with its case reference and participant count."""
        with self._work() as s:
            return queries.summaries(s)

    def unfinished_sessions(self) -> list[SessionSummary]:
        """Sessions that started and did not end (the app closed or crashed during them)."""
        with self._work() as s:
            return queries.summaries(s, status=SessionStatus.RUNNING)

    def set_checklist(self, session_id: str, checklist: Mapping[str, bool]) -> None:
        """Replace the preparation checklist of a session (item text -> ticked).

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            queries.session_row_of(s, session_id).checklist_json = dumps(dict(checklist))

    def set_participants(self, session_id: str, participants: Sequence[Participant]) -> None:
        """Replace who takes part in a planned session, in this order.

        People kept (same id) are updated in place with their consent records; people left
        out are removed with their consent records (consent to a session one does not attend
        means nothing).

        Raises:
            NotFound: no such session.
            StoreError: the session has started (add late joiners instead).
        """
        with self._work() as s:
            row = queries.session_row_of(s, session_id)
            if row.status != SessionStatus.PLANNED:
                raise StoreError(
                    "Participants can be replaced only before the session starts; "
                    "add someone who joins late instead."
                )
            replace_participants(s, session_id, participants)
            index_people(s, session_id)

    def add_participant(self, session_id: str, participant: Participant) -> Participant:
        """Add someone to a planned or running session (running: they joined late).

        Raises:
            NotFound: no such session.
            StoreError: the session has ended, or the participant id is already stored.
        """
        with self._work() as s:
            row = queries.session_row_of(s, session_id)
            if row.status == SessionStatus.ENDED:
                raise StoreError("Nobody can join a session that has ended.")
            if s.get(ParticipantRow, participant.id) is not None:
                raise StoreError("This participant is already in the store.")
            position = next_position(s, session_id)
            late = row.status == SessionStatus.RUNNING
            s.add(participant_row(participant, session_id, position, joined_late=late))
            index_people(s, session_id)
            return participant

    def participants(self, session_id: str) -> list[Participant]:
        """Everyone in the session, in the order they were added.

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            queries.session_row_of(s, session_id)
            rows = s.scalars(
                select(ParticipantRow)
                .where(ParticipantRow.session_id == session_id)
                .order_by(ParticipantRow.position, ParticipantRow.id)
            )
            return [participant_from_row(r) for r in rows]

    # ------------------------------------------------------------------------- consent

    def record_consent(self, session_id: str, consent: ConsentRecord) -> ConsentRecord:
        """Store a consent record of a participant of the session.

        Raises:
            NotFound: no such session, or the participant is not in it.
            StoreError: a consent record with this id is already stored.
        """
        with self._work() as s:
            row = queries.session_row_of(s, session_id)
            queries.participant_row_of(s, session_id, consent.participant_id)
            if s.get(ConsentRow, consent.id) is not None:
                raise StoreError("This consent record is already in the store.")
            s.add(consent_row(consent, session_id))
            kind, case_id = AuditKind.CONSENT_RECORDED, row.case_id
            append_audit(
                s, kind, at=_now(), session_id=session_id, case_id=case_id, ref_id=consent.id
            )
            return consent

    def consents(self, session_id: str) -> list[ConsentRecord]:
        """Every consent record of the session (withdrawn ones too), oldest first.

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            queries.session_row_of(s, session_id)
            rows = s.scalars(
                select(ConsentRow)
                .where(ConsentRow.session_id == session_id)
                .order_by(ConsentRow.recorded_at, ConsentRow.id)
            )
            return [consent_from_row(r) for r in rows]

    # ------------------------------------------------------------------------- events and notes

    def event_log(self, session_id: str) -> StoreEventLog:
        """The durable event log of a session, for the live-session engine.

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            queries.session_row_of(s, session_id)
            return StoreEventLog(self._sessions, session_id, last_seq(s, session_id))

    def events(self, session_id: str) -> list[LoggedEvent]:
        """Every event of the session, in ``seq`` order.

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            queries.session_row_of(s, session_id)
            return read_events(s, session_id)

    def notes(self, session_id: str) -> list[Note]:
        """The session's notes as they stand now, in the order written.

        Each note's ``history`` is empty here (the list stays cheap); :meth:`note_history`
        rebuilds the earlier versions of one note from the log.

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            queries.session_row_of(s, session_id)
            rows = s.scalars(
                select(NoteRow)
                .where(NoteRow.session_id == session_id)
                .order_by(NoteRow.created_seq)
            )
            return [note_from_row(r) for r in rows]

    def note_history(self, note_id: str) -> tuple[NoteRevision, ...]:
        """The earlier versions of a note, oldest first (empty for a note never edited).

        Raises:
            NotFound: no such note.
        """
        with self._work() as s:
            row = s.get(NoteRow, note_id)
            if row is None:
                raise NotFound("No note with this id.")
            return queries.note_history(s, row.session_id, note_id)

    def agreement_records(self, session_id: str) -> AgreementRecords:
        """The session's agreement versions and follow-up, as the session export carries them.

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            queries.session_row_of(s, session_id)
            return read_agreement_records(s, session_id)

    def transfer_to(self, url: str) -> TransferReport:
        """Copy this whole store into the empty database at ``url`` (see ``storage.transfer``)."""
        return transfer_store(self._engine, url)

    def search(self, query: str, limit: int = 20) -> list[SearchHit]:
        """Notes, names, case references and agreement items holding every word of ``query``.

        Raises:
            SearchError: the query holds no word (only punctuation, or nothing).
        """
        with self._work() as s:
            return search(s, query, limit)

    # ------------------------------------------------------------------------- exchange

    def import_session(
        self,
        case: Case,
        info: SessionInfo,
        participants: Sequence[Participant],
        consents: Sequence[ConsentRecord],
        events: Sequence[LoggedEvent],
        *,
        records: AgreementRecords | None = None,
    ) -> SessionInfo:
        """Store a whole session read from an export, in one transaction.

        The case is added, or reused if this store holds it with the same content. The
        derived rows (status, late joiners, withdrawals, notes) are rebuilt from the events by
        the same code that appending uses. ``records`` (its agreement versions and follow-up)
        are written as recorded.

        Raises:
            StoreError: the session is already here, a different case has the same id, the
                events are not numbered 1, 2, 3..., a record refers to someone or something not
                in it, or an agreement record is already in the store.
        """
        with self._work() as s:
            _import_session(
                s,
                case=case,
                info=info,
                participants=participants,
                consents=consents,
                events=events,
                now=_now(),
            )
            s.flush()
            if records is not None:
                write_agreement_records(s, info.id, records)
            append_audit(s, AuditKind.IMPORT, at=_now(), session_id=info.id, case_id=case.id)
            return session_from_row(queries.session_row_of(s, info.id))


def _now() -> datetime:
    return datetime.now(UTC)
