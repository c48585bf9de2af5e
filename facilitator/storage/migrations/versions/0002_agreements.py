"""Agreements: one row per version (JSON payload) and their signatures.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

ID = sa.String(32)
ENUM = sa.String(40)
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "agreements",
        sa.Column("id", ID, nullable=False),
        sa.Column("session_id", ID, nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("previous_version_id", ID, nullable=True),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("content_sha256", sa.String(64), nullable=False),
        sa.Column("payload_json", sa.Text(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("locked_at", TIMESTAMP, nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_agreements_session_id_sessions"
        ),
        sa.ForeignKeyConstraint(
            ["previous_version_id"],
            ["agreements.id"],
            name="fk_agreements_previous_version_id_agreements",
        ),
        sa.PrimaryKeyConstraint("id", name="pk_agreements"),
    )
    op.create_index("ix_agreements_session_id", "agreements", ["session_id"])
    op.create_table(
        "agreement_signatures",
        sa.Column("agreement_id", ID, nullable=False),
        sa.Column("signer_id", ID, nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("role", ENUM, nullable=False),
        sa.Column("signed_at", TIMESTAMP, nullable=False),
        sa.Column("strokes_json", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"],
            ["agreements.id"],
            name="fk_agreement_signatures_agreement_id_agreements",
        ),
        sa.PrimaryKeyConstraint("agreement_id", "signer_id", name="pk_agreement_signatures"),
    )


def downgrade() -> None:
    op.drop_table("agreement_signatures")
    op.drop_index("ix_agreements_session_id", table_name="agreements")
    op.drop_table("agreements")
