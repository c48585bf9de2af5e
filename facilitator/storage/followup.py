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
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime

from sqlalchemy import func, select
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
from facilitator.agreements.model import AgreementError
from facilitator.agreements.serial import item_from_dict
from facilitator.domain.case import Case
from facilitator.domain.outcome import CaseOutcome
from facilitator.storage import queries
from facilitator.storage.errors import NotFound, StoreError
from facilitator.storage.followup_queries import (
    LOCKED,
    agreement_row,
    damaged_agreement,
    item_follow_ups,
    item_of,
    latest_statuses,
    newest_locked_of_open_cases,
    newest_locked_row,
    party_names,
    payload_of,
    review_date,
)
from facilitator.storage.mapping import case_from_row
from facilitator.storage.records_followup import AgreementReviewRow, ProgressEntryRow

Work = Callable[[], AbstractContextManager[Session]]


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
            row = newest_locked_row(s, session_id)
            return SessionFollowUp(
                session_id=session_id,
                case=case_from_row(case),
                agreement_id=None if row is None else row.id,
                agreement_version=None if row is None else row.version,
                review_date=None if row is None else review_date(s, row),
                items=() if row is None else tuple(item_follow_ups(s, row)),
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
                status=_status_of(status),
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
            row = newest_locked_row(s, session_id)
            return [] if row is None else item_follow_ups(s, row)

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
            return review_date(s, agreement_row(s, agreement_id))

    # ------------------------------------------------------------------------- overview

    def overview(self, today: date) -> FollowUpOverview:
        """Pending items overdue on ``today`` or due by Sunday, over every open case.

        One query for the newest signed agreements of open cases, one for the items' latest
        statuses; the agreements' items are read from their stored payloads.
        """
        horizon = week_end(today).isoformat()
        with self._work() as s:
            statuses = latest_statuses(s)
            candidates: list[DueItem] = []
            for agreement_id, session_id, payload_json, case_id, reference in s.execute(
                newest_locked_of_open_cases()
            ):
                try:
                    payload = json.loads(payload_json)
                    names = party_names(payload)
                    dated = [
                        (date.fromisoformat(data["due"]), item_from_dict(data))
                        for data in payload["items"]
                        # ISO dates compare as text: items beyond this week are never parsed.
                        if data["due"] and data["due"] <= horizon
                    ]
                except (KeyError, TypeError, ValueError, AgreementError):
                    raise damaged_agreement() from None
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
        known = _outcome_of(outcome)
        with self._work() as s:
            return _close_case(s, case_id, known, closed_at)

    def reopen_case(self, case_id: str) -> Case:
        """Open a closed case again; its outcome is cleared.

        Raises:
            NotFound: no such case.
            FollowUpRuleError: the case is not closed.
        """
        with self._work() as s:
            return _reopen_case(s, case_id)


def _status_of(value: str) -> ItemStatus:
    try:
        return ItemStatus(value)
    except ValueError:
        raise FollowUpRuleError("This status is not one the app knows.") from None


def _outcome_of(value: str) -> CaseOutcome:
    try:
        return CaseOutcome(value)
    except ValueError:
        raise FollowUpRuleError("This outcome is not one the app knows.") from None


# ----------------------------------------------------------------------------- changes


def _record_progress(s: Session, entry: ProgressEntry) -> None:
    row = agreement_row(s, entry.agreement_id)
    if row.status != LOCKED:
        raise FollowUpRuleError("Progress is recorded once everyone has signed the agreement.")
    newest = newest_locked_row(s, row.session_id)
    if newest is not None and newest.id != row.id:
        raise FollowUpRuleError(
            "This agreement was amended; record progress on its newest signed version."
        )
    if not any(item_of(i).id == entry.item_id for i in payload_of(row)["items"]):
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
    row = agreement_row(s, agreement_id)
    if row.status != LOCKED:
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
