"""The retention tables, as typed records on the store's declarative base.

``retention_rules`` holds how long each kind of record is kept after its case closes.
``tombstones`` says that a record was purged or erased, when, and under which rule: ids and a
kind only, never what the record held.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from facilitator.storage.records import ENUM_LENGTH, ID_LENGTH, Base, UTCDateTime

#: A tombstone's record id: a note, participant, agreement or case id.
RECORD_ID_LENGTH = 2 * ID_LENGTH + 8
#: Room for a rule as text ("notes after 24 months") or "erasure".
POLICY_LENGTH = 80


class RetentionRuleRow(Base):
    """How long one kind of record is kept after its case closes."""

    __tablename__ = "retention_rules"

    kind: Mapped[str] = mapped_column(String(ENUM_LENGTH), primary_key=True)
    keep_months: Mapped[int] = mapped_column(Integer)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class TombstoneRow(Base):
    """A record whose content was purged or erased: what kind, which id, when, why."""

    __tablename__ = "tombstones"
    __table_args__ = (Index("ix_tombstones_kind_record_id", "kind", "record_id"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    record_id: Mapped[str] = mapped_column(String(RECORD_ID_LENGTH))
    purged_at: Mapped[datetime] = mapped_column(UTCDateTime())
    policy: Mapped[str] = mapped_column(String(POLICY_LENGTH))
