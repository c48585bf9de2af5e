"""The history of sessions: filtered, sorted ids, and the rows to show for a page of them.

Reached through :attr:`facilitator.storage.store.Store.history`. A list of 10,000 sessions is
shown by asking for every matching id once (:meth:`HistoryStore.ids`; all filtering and sorting
happen in the database) and then fetching the rows of only the ids on screen
(:meth:`HistoryStore.rows`), a page at a time.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Subquery, and_, case, func, or_, select
from sqlalchemy.orm import Session

from facilitator.agreements.model import AgreementStatus
from facilitator.domain.session import SessionSummary
from facilitator.storage.history_types import (
    HistoryColumn,
    HistoryFilter,
    HistoryRow,
    HistorySort,
    ProcessChoice,
    history_row,
    recent_summary,
)
from facilitator.storage.records import AgreementRow, CaseRow, ParticipantRow, SessionRow

__all__ = [
    "HistoryColumn",
    "HistoryFilter",
    "HistoryRow",
    "HistorySort",
    "HistoryStore",
    "ProcessChoice",
]

Work = Callable[[], AbstractContextManager[Session]]

#: Ids per ``IN (...)`` list: far below every database's limit on bound parameters.
_CHUNK = 500


class HistoryStore:
    """The history part of the store (use ``store.history``)."""

    def __init__(self, work: Work) -> None:
        self._work = work

    def ids(
        self, history_filter: HistoryFilter | None = None, sort: HistorySort | None = None
    ) -> list[str]:
        """Ids of the sessions that pass ``history_filter``, in the order of ``sort``."""
        flt = history_filter or HistoryFilter()
        order = sort or HistorySort()
        when = _when()
        query = select(SessionRow.id).join(CaseRow, CaseRow.id == SessionRow.case_id)
        # The participant counts and the newest agreements cost a scan each: joined only when
        # the sort or the filter needs them.
        key: ColumnElement[Any]
        status: ColumnElement[str] | None = None
        if order.column is HistoryColumn.AGREEMENT or flt.agreement_statuses:
            status = _latest_status()
        if order.column is HistoryColumn.PARTICIPANTS:
            counts = _counts()
            query = query.outerjoin(counts, counts.c.session_id == SessionRow.id)
            key = func.coalesce(counts.c.n, 0)
        elif order.column is HistoryColumn.AGREEMENT:
            assert status is not None
            key = _status_rank(status)
        else:
            key = {
                HistoryColumn.DATE: when,
                HistoryColumn.CASE: func.lower(CaseRow.reference),
                HistoryColumn.PROCESS: func.lower(SessionRow.template_name),
                HistoryColumn.OUTCOME: _outcome(),
            }[order.column]
        query = query.where(*_conditions(flt, status))
        first = key.desc() if order.descending else key.asc()
        query = query.order_by(first, when.desc(), SessionRow.id)
        with self._work() as s:
            return list(s.scalars(query))

    def rows(self, session_ids: Sequence[str]) -> list[HistoryRow]:
        """The rows of ``session_ids``, in that order (ids no longer stored are left out)."""
        found: dict[str, HistoryRow] = {}
        with self._work() as s:
            for start in range(0, len(session_ids), _CHUNK):
                chunk = list(session_ids[start : start + _CHUNK])
                found.update((r.session_id, r) for r in _read_rows(s, chunk))
        return [found[i] for i in session_ids if i in found]

    def recent(self, limit: int) -> list[SessionSummary]:
        """The ``limit`` newest sessions (by when they were set up), newest first.

        The home list shows these; the history shows every session. Counting people only for
        these keeps the home page as fast with 10,000 sessions as with 10.
        """
        with self._work() as s:
            newest = list(
                s.execute(
                    select(
                        SessionRow.id,
                        SessionRow.case_id,
                        CaseRow.reference,
                        SessionRow.template_name,
                        SessionRow.title,
                        SessionRow.status,
                        SessionRow.created_at,
                        SessionRow.started_at,
                        SessionRow.ended_at,
                    )
                    .join(CaseRow, CaseRow.id == SessionRow.case_id)
                    .order_by(SessionRow.created_at.desc(), SessionRow.id)
                    .limit(limit)
                )
            )
            counts = _counts([r[0] for r in newest])
            people = {r[0]: r[1] for r in s.execute(select(counts.c.session_id, counts.c.n))}
        return [recent_summary(r, people.get(r[0], 0), (r[6], r[7], r[8])) for r in newest]

    def list_processes(self) -> list[ProcessChoice]:
        """Every process at least one stored session ran, by name."""
        query = (
            select(SessionRow.template_id, func.max(SessionRow.template_name))
            .group_by(SessionRow.template_id)
            .order_by(func.lower(func.max(SessionRow.template_name)), SessionRow.template_id)
        )
        with self._work() as s:
            return [ProcessChoice(template_id=r[0], name=r[1]) for r in s.execute(query)]


def _read_rows(s: Session, chunk: list[str]) -> list[HistoryRow]:
    counts, latest = _counts(chunk), _latest_agreements(chunk)
    query = (
        select(
            SessionRow.id,
            SessionRow.case_id,
            CaseRow.reference,
            _when(),
            SessionRow.template_name,
            SessionRow.template_id,
            SessionRow.title,
            SessionRow.status,
            func.coalesce(counts.c.n, 0),
            latest.c.status,
            latest.c.version,
            _outcome(),
        )
        .join(CaseRow, CaseRow.id == SessionRow.case_id)
        .outerjoin(counts, counts.c.session_id == SessionRow.id)
        .outerjoin(latest, latest.c.session_id == SessionRow.id)
        .where(SessionRow.id.in_(chunk))
    )
    return [history_row(r, r[3]) for r in s.execute(query)]


def _when() -> ColumnElement[datetime]:
    return func.coalesce(SessionRow.started_at, SessionRow.created_at)


def _counts(session_ids: list[str] | None = None) -> Subquery:
    query = select(ParticipantRow.session_id, func.count().label("n")).group_by(
        ParticipantRow.session_id
    )
    if session_ids is not None:
        query = query.where(ParticipantRow.session_id.in_(session_ids))
    return query.subquery()


def _latest_agreements(session_ids: list[str] | None = None) -> Subquery:
    # The newest version of each session's agreement: a window function, so that two rows with
    # the same version number (never written by the app) still give one row per session.
    rank = (
        func.row_number()
        .over(
            partition_by=AgreementRow.session_id,
            order_by=(AgreementRow.version.desc(), AgreementRow.created_at.desc(), AgreementRow.id),
        )
        .label("rank")
    )
    ranked = select(AgreementRow.session_id, AgreementRow.status, AgreementRow.version, rank)
    if session_ids is not None:
        ranked = ranked.where(AgreementRow.session_id.in_(session_ids))
    inner = ranked.subquery()
    return (
        select(inner.c.session_id, inner.c.status, inner.c.version)
        .where(inner.c.rank == 1)
        .subquery()
    )


def _outcome() -> ColumnElement[str]:
    # An outcome counts only once the case is closed (reopening clears it, but be sure).
    return case((CaseRow.closed_at.is_(None), ""), else_=CaseRow.outcome)


def _latest_status() -> ColumnElement[str]:
    # Per session, through the index on agreements.session_id: cheaper than ranking every
    # agreement when the whole list is sorted or filtered by it.
    return (
        select(AgreementRow.status)
        .where(AgreementRow.session_id == SessionRow.id)
        .order_by(AgreementRow.version.desc(), AgreementRow.created_at.desc(), AgreementRow.id)
        .limit(1)
        .correlate(SessionRow)
        .scalar_subquery()
    )


def _status_rank(status: ColumnElement[str]) -> ColumnElement[int]:
    # No agreement < draft < finalised < locked: the order an agreement goes through.
    return case(
        (status == AgreementStatus.DRAFT.value, 1),
        (status == AgreementStatus.FINALISED.value, 2),
        (status == AgreementStatus.LOCKED.value, 3),
        else_=0,
    )


def _conditions(flt: HistoryFilter, status: ColumnElement[str] | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    when = _when()
    if flt.date_from is not None:
        conditions.append(when >= _local_midnight(flt.date_from))
    if flt.date_to is not None:
        conditions.append(when < _local_midnight(flt.date_to + timedelta(days=1)))
    if flt.template_ids:
        conditions.append(SessionRow.template_id.in_(sorted(flt.template_ids)))
    if flt.agreement_statuses and status is not None:
        values = sorted(s.value for s in flt.agreement_statuses if s is not None)
        either: list[ColumnElement[bool]] = [status.in_(values)] if values else []
        if None in flt.agreement_statuses:
            either.append(status.is_(None))
        conditions.append(or_(*either))
    text = flt.case_text.strip()
    if text:
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions.append(CaseRow.reference.ilike(f"%{escaped}%", escape="\\"))
    return [and_(*conditions)] if conditions else []


def _local_midnight(day: date) -> datetime:
    # A naive datetime's astimezone() reads it in the local zone, with that day's DST offset.
    return datetime.combine(day, time()).astimezone().astimezone(UTC)
