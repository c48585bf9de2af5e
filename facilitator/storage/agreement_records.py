"""A session's agreement versions and their follow-up, as one set of records for the export.

The session export (:mod:`facilitator.exchange.session_file`) carries them beside the session, so
a session moved to another laptop keeps its agreement (every version, with its signatures), the
progress recorded on its items and the review date set after signing. They are read and written
verbatim: an import writes what was recorded, in the order it was recorded, and does not apply
again the rules that held when it was recorded (a case closed since, a version amended since).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.agreements.followup import ItemStatus, ProgressEntry
from facilitator.agreements.model import Agreement
from facilitator.storage.agreements import versions_of, write_agreement
from facilitator.storage.errors import StoreError
from facilitator.storage.records import AgreementRow
from facilitator.storage.records_followup import AgreementReviewRow, ProgressEntryRow
from facilitator.storage.search import index_agreement


@dataclass(frozen=True, slots=True)
class ReviewDate:
    """The review meeting date set for a signed agreement after signing.

    Attributes:
        agreement_id: The signed version it was set for.
        review_date: The date; ``None`` when it was cleared (no review meeting planned).
        updated_at: When it was last set.
    """

    agreement_id: str
    review_date: date | None
    updated_at: datetime


@dataclass(frozen=True, slots=True)
class AgreementRecords:
    """Everything about a session's agreement, in the order it was recorded.

    Attributes:
        agreements: Every version, oldest first, with its signatures.
        progress: The progress entries on its items, in the order recorded.
        reviews: The review dates set after signing, by agreement id.
    """

    agreements: tuple[Agreement, ...] = ()
    progress: tuple[ProgressEntry, ...] = ()
    reviews: tuple[ReviewDate, ...] = ()


def read_agreement_records(s: Session, session_id: str) -> AgreementRecords:
    """The agreement records of ``session_id`` (the session must exist)."""
    agreements = tuple(versions_of(s, session_id))
    entries = s.scalars(
        select(ProgressEntryRow)
        .where(ProgressEntryRow.session_id == session_id)
        .order_by(ProgressEntryRow.seq)
    )
    progress = tuple(
        ProgressEntry(
            agreement_id=r.agreement_id,
            item_id=r.item_id,
            status=ItemStatus(r.status),
            evidence=r.evidence,
            evidence_date=r.evidence_date,
            recorded_by=r.recorded_by,
            recorded_at=r.recorded_at,
            id=r.id,
        )
        for r in entries
    )
    ids = [a.id for a in agreements]
    reviews = tuple(
        ReviewDate(r.agreement_id, r.review_date, r.updated_at)
        for r in s.scalars(
            select(AgreementReviewRow)
            .where(AgreementReviewRow.agreement_id.in_(ids))
            .order_by(AgreementReviewRow.agreement_id)
        )
    )
    return AgreementRecords(agreements, progress, reviews)


def write_agreement_records(s: Session, session_id: str, records: AgreementRecords) -> None:
    """Write ``records`` for the session ``session_id``, just imported (part of its transaction).

    Raises:
        StoreError: an agreement belongs to another session, or a version it amends, an entry's
            agreement or a review's agreement is not among them.
    """
    ids = {a.id for a in records.agreements}
    if any(a.session_id != session_id for a in records.agreements):
        raise StoreError("An agreement in the file belongs to another session.")
    if any(e.agreement_id not in ids for e in records.progress) or any(
        r.agreement_id not in ids for r in records.reviews
    ):
        raise StoreError("A follow-up record in the file refers to an agreement it does not hold.")
    # Never over another session's records: a file edited to a new session id keeps the ids.
    if any(s.get(AgreementRow, i) is not None for i in ids) or any(
        s.get(ProgressEntryRow, e.id) is not None for e in records.progress
    ):
        raise StoreError("An agreement or a progress entry in the file is already in the store.")
    for agreement in records.agreements:
        write_agreement(s, agreement)
    for seq, entry in enumerate(records.progress, start=1):
        s.add(
            ProgressEntryRow(
                id=entry.id,
                session_id=session_id,
                agreement_id=entry.agreement_id,
                item_id=entry.item_id,
                seq=seq,
                status=entry.status.value,
                evidence=entry.evidence,
                evidence_date=entry.evidence_date,
                recorded_by=entry.recorded_by,
                recorded_at=entry.recorded_at,
            )
        )
    for review in records.reviews:
        s.add(
            AgreementReviewRow(
                agreement_id=review.agreement_id,
                review_date=review.review_date,
                updated_at=review.updated_at,
            )
        )
    s.flush()
    if records.agreements:
        index_agreement(s, session_id)
