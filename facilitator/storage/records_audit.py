"""The audit trail's tables, as typed records on the store's declarative base.

``audit_entries`` refers to other records by id only, with no foreign key: purging or erasing
cases and sessions must never need to touch an audit entry, and the database refuses every
UPDATE and DELETE on it (triggers from migration 0005). ``audit_head`` is one row (``id`` 1)
holding the number of entries and the last hash, updated in the same transaction as each
append: it is what shows that entries were cut off the end.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from facilitator.storage.records import ENUM_LENGTH, ID_LENGTH, Base, UTCDateTime

#: The ``id`` of the one row of ``audit_head``.
HEAD_ID = 1
SHA256_LENGTH = 64


class AuditEntryRow(Base):
    """One audit entry (:class:`facilitator.security.audit_chain.AuditEntry`)."""

    __tablename__ = "audit_entries"

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    kind: Mapped[str] = mapped_column(String(ENUM_LENGTH))
    session_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    case_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    agreement_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    ref_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    count: Mapped[int | None] = mapped_column(Integer)
    detail_sha256: Mapped[str | None] = mapped_column(String(SHA256_LENGTH))
    prev_hash: Mapped[str] = mapped_column(String(SHA256_LENGTH))
    entry_hash: Mapped[str] = mapped_column(String(SHA256_LENGTH))


class AuditHeadRow(Base):
    """The head of the audit chain: entries written so far and the hash of the last."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    entries: Mapped[int] = mapped_column(Integer)
    last_hash: Mapped[str] = mapped_column(String(SHA256_LENGTH))
