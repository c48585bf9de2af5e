"""The follow-up tables: progress entries of agreement items and review dates of agreements.

Registered on the same declarative ``Base`` as :mod:`facilitator.storage.records`; importing
:mod:`facilitator.storage.store` imports this module, so the metadata is complete wherever a
store exists. Migration 0004 creates these tables.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from facilitator.storage.records import ENUM_LENGTH, ID_LENGTH, Base, UTCDateTime


class ProgressEntryRow(Base):
    """One progress entry (:class:`facilitator.agreements.followup.ProgressEntry`).

    ``session_id`` repeats the agreement's session so that the follow-up of a session (every
    version of its agreement) and the overview read entries without a join; ``seq`` orders the
    entries of a session, and its uniqueness refuses a second writer of the same place.
    """

    __tablename__ = "progress_entries"
    __table_args__ = (
        UniqueConstraint("session_id", "seq"),
        Index("ix_progress_entries_session_id_item_id", "session_id", "item_id"),
    )

    id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"))
    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), index=True)
    item_id: Mapped[str] = mapped_column(String(ID_LENGTH))
    seq: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    evidence: Mapped[str] = mapped_column(Text)
    evidence_date: Mapped[date] = mapped_column(Date)
    recorded_by: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())


class AgreementReviewRow(Base):
    """The review meeting date set for a signed agreement after signing.

    A row overrides the date printed in the agreement; ``review_date`` is ``None`` when the
    facilitator cleared it (no review meeting planned).
    """

    __tablename__ = "agreement_reviews"

    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), primary_key=True)
    review_date: Mapped[date | None] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
