"""The database tables, as SQLAlchemy 2 typed records.

Records never leave :mod:`facilitator.storage`: the store converts them to domain objects
(:mod:`facilitator.storage.mapping`). Types are portable (SQLite and PostgreSQL): enums are stored
as their text values and JSON as text, so that no migration ever has to alter a database enum type.

The schema is created and changed only by the alembic migrations in
``facilitator/storage/migrations/``; a test checks that they match these records.
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import (
    Boolean,
    DateTime,
    Dialect,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Ids are :func:`facilitator.domain.ids.new_id` values: 32 lowercase hex digits.
ID_LENGTH = 32
#: Room for every enum value we store as text (roles, kinds, statuses).
ENUM_LENGTH = 40

#: Explicit constraint names, so that migrations can refer to them on every database.
NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on every database.

    SQLite has no time zones: a plain ``DateTime`` comes back naive. This stores UTC and always
    returns an aware UTC datetime; a naive datetime is refused rather than guessed at.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC before storing."""
        if value is None:
            return None
        if value.tzinfo is None or value.utcoffset() is None:
            raise ValueError("a stored time must be timezone-aware")
        value = value.astimezone(UTC)
        if dialect.name == "sqlite":
            return value.replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def _id() -> Mapped[str]:
    return mapped_column(String(ID_LENGTH), primary_key=True)


def _enum() -> Mapped[str]:
    return mapped_column(String(ENUM_LENGTH))


class Base(DeclarativeBase):
    """Declarative base with the naming convention."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


class CaseRow(Base):
    """A case (:class:`facilitator.domain.case.Case`)."""

    __tablename__ = "cases"

    id: Mapped[str] = _id()
    reference: Mapped[str] = mapped_column(Text)
    referral_source: Mapped[str] = mapped_column(Text)
    summary: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    outcome: Mapped[str] = mapped_column(Text)


class SessionRow(Base):
    """A session (:class:`facilitator.domain.session.SessionInfo`).

    ``status``, ``started_at`` and ``ended_at`` are projections of the event log, kept in the
    transaction that appends the events.
    """

    __tablename__ = "sessions"

    id: Mapped[str] = _id()
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    template_id: Mapped[str] = mapped_column(Text)
    #: Kept beside the snapshot so that listing sessions never parses the template.
    template_name: Mapped[str] = mapped_column(Text)
    #: ``ProcessTemplate.to_dict`` snapshot as JSON.
    template_json: Mapped[str] = mapped_column(Text)
    status: Mapped[str] = _enum()
    #: Indexed: the home list reads the newest sessions by it (10,000 without a scan).
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: Preparation checklist as a JSON object: item text -> ticked.
    checklist_json: Mapped[str] = mapped_column(Text)


class ParticipantRow(Base):
    """A participant of one session (:class:`facilitator.domain.case.Participant`)."""

    __tablename__ = "participants"

    id: Mapped[str] = _id()
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    #: Order of adding, from 0; the seat is separate (it changes, this never does).
    position: Mapped[int] = mapped_column(Integer)
    display_name: Mapped[str] = mapped_column(Text)
    address_as: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = _enum()
    side: Mapped[str] = _enum()
    relationship: Mapped[str] = mapped_column(Text)
    is_minor: Mapped[bool] = mapped_column(Boolean)
    #: A participant id, but not a foreign key: the guardian may be listed after the minor.
    guardian_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    guardian_name: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(Text)
    interpreter: Mapped[str] = mapped_column(Text)
    requests: Mapped[str] = mapped_column(Text)
    participation: Mapped[str] = _enum()
    risk_notes: Mapped[str] = mapped_column(Text)
    seat: Mapped[int | None] = mapped_column(Integer)
    joined_late: Mapped[bool] = mapped_column(Boolean)


class ConsentRow(Base):
    """A consent record (:class:`facilitator.domain.consent.ConsentRecord`)."""

    __tablename__ = "consents"

    id: Mapped[str] = _id()
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    participant_id: Mapped[str] = mapped_column(ForeignKey("participants.id"), index=True)
    recorded_by: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime())
    method: Mapped[str] = _enum()
    info_sheet_version: Mapped[str] = mapped_column(Text)
    witness_present: Mapped[bool] = mapped_column(Boolean)
    interpreter_present: Mapped[bool] = mapped_column(Boolean)
    guardian_present: Mapped[bool] = mapped_column(Boolean)
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    withdrawal_note: Mapped[str] = mapped_column(Text)


class EventRow(Base):
    """One event of a session's log. The primary key refuses a second writer of the same seq."""

    __tablename__ = "events"

    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), primary_key=True)
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    kind: Mapped[str] = _enum()
    t: Mapped[float] = mapped_column(Float)
    wall: Mapped[datetime] = mapped_column(UTCDateTime())
    #: ``event_to_dict`` without ``kind``, as JSON.
    payload: Mapped[str] = mapped_column(Text)


class NoteRow(Base):
    """The current state of a note: a projection of the note events, for lists and search."""

    __tablename__ = "notes"
    __table_args__ = (Index("ix_notes_session_id_created_seq", "session_id", "created_seq"),)

    id: Mapped[str] = _id()
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"))
    #: Log position of the ``note_added`` event: the order notes were written in.
    created_seq: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = _enum()
    visibility: Mapped[str] = _enum()
    text: Mapped[str] = mapped_column(Text)
    phase_index: Mapped[int | None] = mapped_column(Integer)
    round_no: Mapped[int | None] = mapped_column(Integer)
    speaker_id: Mapped[str | None] = mapped_column(String(ID_LENGTH))
    created_t: Mapped[float] = mapped_column(Float)
    updated_t: Mapped[float] = mapped_column(Float)
    struck: Mapped[bool] = mapped_column(Boolean)
    struck_reason: Mapped[str] = mapped_column(Text)
    #: How many versions the text has had (1 for a note never edited).
    revision_count: Mapped[int] = mapped_column(Integer)


class AgreementRow(Base):
    """One version of an agreement (:class:`facilitator.agreements.model.Agreement`).

    The agreement itself is a JSON payload (``agreement_to_dict``); the columns beside it are
    what lists and checks need without parsing it. A version is never deleted: an amendment is
    a new row that names the one it amends.
    """

    __tablename__ = "agreements"

    id: Mapped[str] = _id()
    session_id: Mapped[str] = mapped_column(ForeignKey("sessions.id"), index=True)
    version: Mapped[int] = mapped_column(Integer)
    previous_version_id: Mapped[str | None] = mapped_column(ForeignKey("agreements.id"))
    status: Mapped[str] = _enum()
    #: SHA-256 of the canonical content, as printed in the PDF footer.
    content_sha256: Mapped[str] = mapped_column(String(64))
    payload_json: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    locked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AgreementSignatureRow(Base):
    """One signature on one agreement version, its strokes as JSON."""

    __tablename__ = "agreement_signatures"

    agreement_id: Mapped[str] = mapped_column(ForeignKey("agreements.id"), primary_key=True)
    signer_id: Mapped[str] = mapped_column(String(ID_LENGTH), primary_key=True)
    #: Order of signing, from 0 (the facilitator's is the last).
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = _enum()
    signed_at: Mapped[datetime] = mapped_column(UTCDateTime())
    strokes_json: Mapped[str] = mapped_column(Text)
