"""The first schema: cases, sessions, participants, consents, the event log and the notes.

Revision ID: 0001
Revises: none
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None

ID = sa.String(32)
ENUM = sa.String(40)
# Timezone-aware; the app stores UTC (facilitator.storage.records.UTCDateTime)
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "cases",
        sa.Column("id", ID, nullable=False),
        sa.Column("reference", sa.Text(), nullable=False),
        sa.Column("referral_source", sa.Text(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("closed_at", TIMESTAMP, nullable=True),
        sa.Column("outcome", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
    )
    op.create_table(
        "sessions",
        sa.Column("id", ID, nullable=False),
        sa.Column("case_id", ID, nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("template_id", sa.Text(), nullable=False),
        sa.Column("template_name", sa.Text(), nullable=False),
        sa.Column("template_json", sa.Text(), nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("started_at", TIMESTAMP, nullable=True),
        sa.Column("ended_at", TIMESTAMP, nullable=True),
        sa.Column("checklist_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_sessions_case_id_cases"),
        sa.PrimaryKeyConstraint("id", name="pk_sessions"),
    )
    op.create_index("ix_sessions_case_id", "sessions", ["case_id"])
    op.create_table(
        "participants",
        sa.Column("id", ID, nullable=False),
        sa.Column("session_id", ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=False),
        sa.Column("address_as", sa.Text(), nullable=False),
        sa.Column("role", ENUM, nullable=False),
        sa.Column("side", ENUM, nullable=False),
        sa.Column("relationship", sa.Text(), nullable=False),
        sa.Column("is_minor", sa.Boolean(), nullable=False),
        sa.Column("guardian_id", ID, nullable=True),
        sa.Column("guardian_name", sa.Text(), nullable=False),
        sa.Column("language", sa.Text(), nullable=False),
        sa.Column("interpreter", sa.Text(), nullable=False),
        sa.Column("requests", sa.Text(), nullable=False),
        sa.Column("participation", ENUM, nullable=False),
        sa.Column("risk_notes", sa.Text(), nullable=False),
        sa.Column("seat", sa.Integer(), nullable=True),
        sa.Column("joined_late", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_participants_session_id_sessions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_participants"),
    )
    op.create_index("ix_participants_session_id", "participants", ["session_id"])
    op.create_table(
        "consents",
        sa.Column("id", ID, nullable=False),
        sa.Column("session_id", ID, nullable=False),
        sa.Column("participant_id", ID, nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("method", ENUM, nullable=False),
        sa.Column("info_sheet_version", sa.Text(), nullable=False),
        sa.Column("witness_present", sa.Boolean(), nullable=False),
        sa.Column("interpreter_present", sa.Boolean(), nullable=False),
        sa.Column("guardian_present", sa.Boolean(), nullable=False),
        sa.Column("withdrawn_at", TIMESTAMP, nullable=True),
        sa.Column("withdrawal_note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["participant_id"], ["participants.id"], name="fk_consents_participant_id_participants"
        ),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_consents_session_id_sessions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_consents"),
    )
    op.create_index("ix_consents_participant_id", "consents", ["participant_id"])
    op.create_index("ix_consents_session_id", "consents", ["session_id"])
    op.create_table(
        "events",
        sa.Column("session_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("t", sa.Float(), nullable=False),
        sa.Column("wall", TIMESTAMP, nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_events_session_id_sessions"
        ),
        sa.PrimaryKeyConstraint("session_id", "seq", name="pk_events"),
    )
    op.create_table(
        "notes",
        sa.Column("id", ID, nullable=False),
        sa.Column("session_id", ID, nullable=False),
        sa.Column("created_seq", sa.Integer(), nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("visibility", ENUM, nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("phase_index", sa.Integer(), nullable=True),
        sa.Column("round_no", sa.Integer(), nullable=True),
        sa.Column("speaker_id", ID, nullable=True),
        sa.Column("created_t", sa.Float(), nullable=False),
        sa.Column("updated_t", sa.Float(), nullable=False),
        sa.Column("struck", sa.Boolean(), nullable=False),
        sa.Column("struck_reason", sa.Text(), nullable=False),
        sa.Column("revision_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_notes_session_id_sessions"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_notes"),
    )
    op.create_index("ix_notes_session_id_created_seq", "notes", ["session_id", "created_seq"])


def downgrade() -> None:
    op.drop_index("ix_notes_session_id_created_seq", table_name="notes")
    op.drop_table("notes")
    op.drop_table("events")
    op.drop_index("ix_consents_session_id", table_name="consents")
    op.drop_index("ix_consents_participant_id", table_name="consents")
    op.drop_table("consents")
    op.drop_index("ix_participants_session_id", table_name="participants")
    op.drop_table("participants")
    op.drop_index("ix_sessions_case_id", table_name="sessions")
    op.drop_table("sessions")
    op.drop_table("cases")
