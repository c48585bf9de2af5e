"""Reads shared by the follow-up store's units of work (each runs in the caller's session).

The agreements' items live in their stored JSON payloads; these helpers read them, and the
progress entries, into domain objects, and turn anything unreadable into a safe
:class:`~facilitator.storage.errors.StoreError`.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from typing import Any

from sqlalchemy import Select, and_, func, select
from sqlalchemy.orm import Session

from facilitator.agreements.followup import ItemFollowUp, ItemStatus, ProgressEntry
from facilitator.agreements.model import AgreementError, AgreementItem, AgreementStatus
from facilitator.agreements.serial import item_from_dict
from facilitator.storage.errors import NotFound, StoreError
from facilitator.storage.records import AgreementRow, CaseRow, SessionRow
from facilitator.storage.records_followup import AgreementReviewRow, ProgressEntryRow

LOCKED = AgreementStatus.LOCKED.value


def agreement_row(s: Session, agreement_id: str) -> AgreementRow:
    """The record of an agreement version.

    Raises:
        NotFound: no such agreement.
    """
    row = s.get(AgreementRow, agreement_id)
    if row is None:
        raise NotFound("No agreement with this id.")
    return row


def item_follow_ups(s: Session, row: AgreementRow) -> list[ItemFollowUp]:
    """The items of a signed version with every entry of their session, oldest first."""
    payload = payload_of(row)
    items = [item_of(data) for data in payload["items"]]
    names = party_names(payload)
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
            responsible_name=names.get(item.responsible_id or "", ""),
        )
        for item in items
    ]


def party_names(payload: dict[str, Any]) -> dict[str, str]:
    """Participant id -> name as printed, from an agreement's stored payload."""
    try:
        return {p["id"]: p["name"] for p in payload["parties"]}
    except (KeyError, TypeError):
        raise damaged_agreement() from None


def review_date(s: Session, row: AgreementRow) -> date | None:
    """The review date set after signing, else the one in the agreement."""
    review = s.get(AgreementReviewRow, row.id)
    if review is not None:
        return review.review_date
    printed = payload_of(row).get("review_date")
    try:
        return date.fromisoformat(printed) if printed else None
    except (TypeError, ValueError):
        raise damaged_agreement() from None


def newest_locked_row(s: Session, session_id: str) -> AgreementRow | None:
    """The newest signed version of the session's agreement, if any."""
    return s.scalars(
        select(AgreementRow)
        .where(AgreementRow.session_id == session_id, AgreementRow.status == LOCKED)
        .order_by(AgreementRow.version.desc(), AgreementRow.created_at.desc())
        .limit(1)
    ).first()


def newest_locked_of_open_cases() -> Select[str, str, str, str, str]:
    """The newest signed version of each session's agreement, of open cases only.

    Rows: agreement id, session id, payload JSON, case id, case reference.
    """
    newest = (
        select(AgreementRow.session_id, func.max(AgreementRow.version).label("version"))
        .where(AgreementRow.status == LOCKED)
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
        .where(AgreementRow.status == LOCKED, CaseRow.closed_at.is_(None))
        .order_by(AgreementRow.session_id)
    )


def latest_statuses(s: Session) -> dict[tuple[str, str], ItemStatus]:
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


def item_of(data: Any) -> AgreementItem:
    """An item from its stored dict."""
    try:
        return item_from_dict(data)
    except (KeyError, TypeError, ValueError, AgreementError):
        raise damaged_agreement() from None


def payload_of(row: AgreementRow) -> dict[str, Any]:
    """The stored payload of an agreement version, with its list of items."""
    try:
        data = json.loads(row.payload_json)
    except ValueError:
        raise damaged_agreement() from None
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise damaged_agreement()
    return data


def _damaged_entry() -> StoreError:
    return StoreError("A stored progress entry cannot be read; the store may be damaged.")


def damaged_agreement() -> StoreError:
    """The error for an agreement that cannot be read."""
    return StoreError("A stored agreement cannot be read; the store may be damaged.")
