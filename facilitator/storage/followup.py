"""Follow-up in the store: item progress, review dates, the overview, closing a case.

Reached through :attr:`facilitator.storage.store.Store.followup`. Each public method is one
unit of work whose change is made by one module-level function taking the open session
(``_record_progress``, ``_set_review_date``, ``_close_case``, ``_reopen_case``), so that the
audit trail can hook into exactly one place per change. Every method returns domain objects.

Rules (see :mod:`facilitator.agreements.followup`): progress is recorded against the newest
signed (locked) version of a session's agreement, never against a draft or a version that a
later signed amendment replaced, and never on a closed case. An item keeps its entries across
amendments that keep its id.
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session

from facilitator.agreements.followup import (
    DueItem,
    FollowUpError,
    FollowUpOverview,
    ItemFollowUp,
    ItemStatus,
    ProgressEntry,
    SessionFollowUp,
    build_overview,
    week_end,
)
from facilitator.agreements.model import AgreementError, AgreementItem, AgreementStatus
from facilitator.agreements.serial import item_from_dict
from facilitator.domain.case import Case
from facilitator.domain.outcome import CaseOutcome
from facilitator.storage import queries
from facilitator.storage.errors import NotFound, StoreError
from facilitator.storage.mapping import case_from_row
from facilitator.storage.records import AgreementRow, CaseRow, SessionRow
from facilitator.storage.records_followup import AgreementReviewRow, ProgressEntryRow

Work = Callable[[], AbstractContextManager[Session]]

_LOCKED = AgreementStatus.LOCKED.value


class FollowUpRuleError(StoreError):
    """A follow-up change was refused by a rule; the message says which, safe to show."""


class FollowUpStore:
    """The follow-up part of the store (use ``store.followup``)."""

    def __init__(self, work: Work) -> None:
        self._work = work

    # ------------------------------------------------------------------------- items

    def session_follow_up(self, session_id: str) -> SessionFollowUp:
        """The follow-up of one session: its signed agreement's items, review date and case.

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            session = queries.session_row_of(s, session_id)
            case = queries.case_row_of(s, session.case_id)
            row = _newest_locked_row(s, session_id)
            return SessionFollowUp(
                session_id=session_id,
                case=case_from_row(case),
                agreement_id=None if row is None else row.id,
                agreement_version=None if row is None else row.version,
                review_date=None if row is None else _review_date(s, row),
                items=() if row is None else tuple(_item_follow_ups(s, row)),
            )

    def record_progress(
        self,
        agreement_id: str,
        item_id: str,
        *,
        status: ItemStatus,
        evidence: str,
        evidence_date: date,
        recorded_by: str,
        recorded_at: datetime | None = None,
    ) -> ProgressEntry:
        """Add a progress entry to an item of a signed agreement.

        Args:
            agreement_id: The newest signed version of the session's agreement.
            item_id: One of its items.
            status: The item's status from now on.
            evidence: What was seen or heard (at most ``MAX_EVIDENCE`` characters).
            evidence_date: The day the evidence is about (not in the future).
            recorded_by: Who records it.
            recorded_at: When (timezone-aware); now if not given.

        Raises:
            NotFound: no such agreement, or no such item in it.
            FollowUpRuleError: the agreement is not signed, a later signed version replaced it,
                the case is closed, or the entry breaks a rule (too long, future date...).
        """
        try:
            entry = ProgressEntry(
                agreement_id=agreement_id,
                item_id=item_id,
                status=ItemStatus(status),
                evidence=evidence,
                evidence_date=evidence_date,
                recorded_by=recorded_by.strip(),
                recorded_at=recorded_at or datetime.now(UTC),
            )
        except FollowUpError as exc:
            raise FollowUpRuleError(str(exc)) from None
        with self._work() as s:
            _record_progress(s, entry)
        return entry

    def item_follow_ups(self, session_id: str) -> list[ItemFollowUp]:
        """Every item of the session's newest signed agreement, in order, with its entries.

        Entries recorded against earlier signed versions count for an item the amendment kept
        (same item id). Empty when the session has no signed agreement.

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            queries.session_row_of(s, session_id)
            row = _newest_locked_row(s, session_id)
            return [] if row is None else _item_follow_ups(s, row)

    # ------------------------------------------------------------------------- review date

    def set_review_date(
        self, agreement_id: str, when: date | None, *, at: datetime | None = None
    ) -> None:
        """Set (or, with ``None``, clear) the review meeting date of a signed agreement.

        It overrides the date printed in the agreement, which never changes once signed.

        Raises:
            NotFound: no such agreement.
            FollowUpRuleError: the agreement is not signed (a draft's date is edited in it).
        """
        with self._work() as s:
            _set_review_date(s, agreement_id, when, at or datetime.now(UTC))

    def review_date(self, agreement_id: str) -> date | None:
        """The review meeting date: the one set after signing, else the one in the agreement.

        Raises:
            NotFound: no such agreement.
        """
        with self._work() as s:
            return _review_date(s, _agreement_row(s, agreement_id))

    # ------------------------------------------------------------------------- overview

    def overview(self, today: date) -> FollowUpOverview:
        """Pending items overdue on ``today`` or due by Sunday, over every open case.

        One query for the newest signed agreements of open cases, one for the items' latest
        statuses; the agreements' items are read from their stored payloads.
        """
        horizon = week_end(today).isoformat()
        with self._work() as s:
            statuses = _latest_statuses(s)
            candidates: list[DueItem] = []
            for agreement_id, session_id, payload_json, case_id, reference in s.execute(
                _newest_locked_of_open_cases()
            ):
                try:
                    payload = json.loads(payload_json)
                    names = {p["id"]: p["name"] for p in payload["parties"]}
                    dated = [
                        (date.fromisoformat(data["due"]), item_from_dict(data))
                        for data in payload["items"]
                        # ISO dates compare as text: items beyond this week are never parsed.
                        if data["due"] and data["due"] <= horizon
                    ]
                except (KeyError, TypeError, ValueError, AgreementError):
                    raise _damaged_agreement() from None
                candidates.extend(
                    DueItem(
                        case_id=case_id,
                        case_reference=reference,
                        session_id=session_id,
                        agreement_id=agreement_id,
                        item=item,
                        due=due,
                        responsible_name=names.get(item.responsible_id or "", ""),
                        status=statuses.get((session_id, item.id), ItemStatus.PENDING),
                    )
                    for due, item in dated
                )
        return build_overview(today, candidates)

    # ------------------------------------------------------------------------- cases

    def close_case(self, case_id: str, outcome: CaseOutcome, closed_at: datetime) -> Case:
        """Close a case with its outcome.

        Raises:
            NotFound: no such case.
            FollowUpRuleError: the case is closed already, or the time is not timezone-aware
                or before the case was opened.
        """
        with self._work() as s:
            return _close_case(s, case_id, CaseOutcome(outcome), closed_at)

    def reopen_case(self, case_id: str) -> Case:
        """Open a closed case again; its outcome is cleared.

        Raises:
            NotFound: no such case.
            FollowUpRuleError: the case is not closed.
        """
        with self._work() as s:
            return _reopen_case(s, case_id)


# ----------------------------------------------------------------------------- changes


def _record_progress(s: Session, entry: ProgressEntry) -> None:
    row = _agreement_row(s, entry.agreement_id)
    if row.status != _LOCKED:
        raise FollowUpRuleError("Progress is recorded once everyone has signed the agreement.")
    newest = _newest_locked_row(s, row.session_id)
    if newest is not None and newest.id != row.id:
        raise FollowUpRuleError(
            "This agreement was amended; record progress on its newest signed version."
        )
    if not any(_item(i).id == entry.item_id for i in _payload(row)["items"]):
        raise NotFound("No item with this id in this agreement.")
    case = queries.case_row_of(s, queries.session_row_of(s, row.session_id).case_id)
    if case.closed_at is not None:
        raise FollowUpRuleError("This case is closed; reopen it to record progress.")
    last = s.scalar(
        select(func.max(ProgressEntryRow.seq)).where(ProgressEntryRow.session_id == row.session_id)
    )
    s.add(
        ProgressEntryRow(
            id=entry.id,
            session_id=row.session_id,
            agreement_id=entry.agreement_id,
            item_id=entry.item_id,
            seq=(last or 0) + 1,
            status=entry.status.value,
            evidence=entry.evidence,
            evidence_date=entry.evidence_date,
            recorded_by=entry.recorded_by,
            recorded_at=entry.recorded_at,
        )
    )


def _set_review_date(s: Session, agreement_id: str, when: date | None, at: datetime) -> None:
    row = _agreement_row(s, agreement_id)
    if row.status != _LOCKED:
        raise FollowUpRuleError(
            "The review date of an agreement not yet signed is changed in the agreement itself."
        )
    review = s.get(AgreementReviewRow, agreement_id)
    if review is None:
        review = AgreementReviewRow(agreement_id=agreement_id)
        s.add(review)
    review.review_date = when
    review.updated_at = at


def _close_case(s: Session, case_id: str, outcome: CaseOutcome, closed_at: datetime) -> Case:
    row = queries.case_row_of(s, case_id)
    if row.closed_at is not None:
        raise FollowUpRuleError("This case is closed already; reopen it to change its outcome.")
    if closed_at.tzinfo is None or closed_at.utcoffset() is None:
        raise FollowUpRuleError("The closing time must be timezone-aware.")
    if closed_at < row.created_at:
        raise FollowUpRuleError("A case cannot be closed before it was opened.")
    row.closed_at = closed_at
    row.outcome = outcome.value
    return case_from_row(row)


def _reopen_case(s: Session, case_id: str) -> Case:
    row = queries.case_row_of(s, case_id)
    if row.closed_at is None:
        raise FollowUpRuleError("This case is not closed.")
    row.closed_at = None
    row.outcome = ""
    return case_from_row(row)


# ----------------------------------------------------------------------------- reading


def _agreement_row(s: Session, agreement_id: str) -> AgreementRow:
    row = s.get(AgreementRow, agreement_id)
    if row is None:
        raise NotFound("No agreement with this id.")
    return row


def _item_follow_ups(s: Session, row: AgreementRow) -> list[ItemFollowUp]:
    items = [_item(data) for data in _payload(row)["items"]]
    by_item: dict[str, list[ProgressEntry]] = defaultdict(list)
    for entry_row in s.scalars(
        select(ProgressEntryRow)
        .where(ProgressEntryRow.session_id == row.session_id)
        .order_by(ProgressEntryRow.seq)
    ):
        by_item[entry_row.item_id].append(_entry_from_row(entry_row))
    return [
        ItemFollowUp(
            session_id=row.session_id,
            agreement_id=row.id,
            item=item,
            entries=tuple(by_item.get(item.id, ())),
        )
        for item in items
    ]


def _review_date(s: Session, row: AgreementRow) -> date | None:
    review = s.get(AgreementReviewRow, row.id)
    if review is not None:
        return review.review_date
    printed = _payload(row).get("review_date")
    try:
        return date.fromisoformat(printed) if printed else None
    except (TypeError, ValueError):
        raise _damaged_agreement() from None


def _newest_locked_row(s: Session, session_id: str) -> AgreementRow | None:
    return s.scalars(
        select(AgreementRow)
        .where(AgreementRow.session_id == session_id, AgreementRow.status == _LOCKED)
        .order_by(AgreementRow.version.desc(), AgreementRow.created_at.desc())
        .limit(1)
    ).first()


def _newest_locked_of_open_cases() -> Any:
    newest = (
        select(AgreementRow.session_id, func.max(AgreementRow.version).label("version"))
        .where(AgreementRow.status == _LOCKED)
        .group_by(AgreementRow.session_id)
        .subquery()
    )
    return (
        select(
            AgreementRow.id,
            AgreementRow.session_id,
            AgreementRow.payload_json,
            CaseRow.id,
            CaseRow.reference,
        )
        .join(
            newest,
            and_(
                newest.c.session_id == AgreementRow.session_id,
                newest.c.version == AgreementRow.version,
            ),
        )
        .join(SessionRow, SessionRow.id == AgreementRow.session_id)
        .join(CaseRow, CaseRow.id == SessionRow.case_id)
        .where(AgreementRow.status == _LOCKED, CaseRow.closed_at.is_(None))
        .order_by(AgreementRow.session_id)
    )


def _latest_statuses(s: Session) -> dict[tuple[str, str], ItemStatus]:
    """The status of each item's latest entry, keyed by (session id, item id), open cases only."""
    last = (
        select(
            ProgressEntryRow.session_id,
            ProgressEntryRow.item_id,
            func.max(ProgressEntryRow.seq).label("seq"),
        )
        .group_by(ProgressEntryRow.session_id, ProgressEntryRow.item_id)
        .subquery()
    )
    rows = s.execute(
        select(ProgressEntryRow.session_id, ProgressEntryRow.item_id, ProgressEntryRow.status)
        .join(
            last,
            and_(
                last.c.session_id == ProgressEntryRow.session_id,
                last.c.seq == ProgressEntryRow.seq,
            ),
        )
        .join(SessionRow, SessionRow.id == ProgressEntryRow.session_id)
        .join(CaseRow, CaseRow.id == SessionRow.case_id)
        .where(CaseRow.closed_at.is_(None))
    )
    return {(r[0], r[1]): _status(r[2]) for r in rows}


def _entry_from_row(row: ProgressEntryRow) -> ProgressEntry:
    try:
        return ProgressEntry(
            agreement_id=row.agreement_id,
            item_id=row.item_id,
            status=_status(row.status),
            evidence=row.evidence,
            evidence_date=row.evidence_date,
            recorded_by=row.recorded_by,
            recorded_at=row.recorded_at,
            id=row.id,
        )
    except AgreementError:
        raise StoreError(
            "A stored progress entry cannot be read; the store may be damaged."
        ) from None


def _status(value: str) -> ItemStatus:
    try:
        return ItemStatus(value)
    except ValueError:
        raise StoreError(
            "A stored progress entry cannot be read; the store may be damaged."
        ) from None


def _item(data: Any) -> AgreementItem:
    try:
        return item_from_dict(data)
    except (KeyError, TypeError, ValueError, AgreementError):
        raise _damaged_agreement() from None


def _payload(row: AgreementRow) -> dict[str, Any]:
    try:
        data = json.loads(row.payload_json)
    except ValueError:
        raise _damaged_agreement() from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise _damaged_agreement()
    return data


def _damaged_entry() -> StoreError:
    return StoreError("A stored progress entry cannot be read; the store may be damaged.")


def _damaged_agreement() -> StoreError:
    return StoreError("A stored agreement cannot be read; the store may be damaged.")
