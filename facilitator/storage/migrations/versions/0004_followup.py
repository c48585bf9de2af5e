"""Follow-up: item progress with dated evidence, review dates per agreement, case outcomes.

The case outcome needs no change: ``cases.closed_at`` and ``cases.outcome`` exist since 0001.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

ID = sa.String(32)
ENUM = sa.String(40)
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Add the progress entries and the review dates."""
    op.create_table(
        "progress_entries",
        sa.Column("id", ID, nullable=False),
        sa.Column("session_id", ID, nullable=False),
        sa.Column("agreement_id", ID, nullable=False),
        sa.Column("item_id", ID, nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("status", ENUM, nullable=False),
        sa.Column("evidence", sa.Text(), nullable=False),
        sa.Column("evidence_date", sa.Date(), nullable=False),
        sa.Column("recorded_by", sa.Text(), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["session_id"], ["sessions.id"], name="fk_progress_entries_session_id_sessions"
        ),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name="fk_progress_entries_agreement_id_agreements"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_progress_entries"),
        sa.UniqueConstraint("session_id", "seq", name="uq_progress_entries_session_id_seq"),
    )
    op.create_index(
        "ix_progress_entries_session_id_item_id", "progress_entries", ["session_id", "item_id"]
    )
    op.create_index("ix_progress_entries_agreement_id", "progress_entries", ["agreement_id"])
    op.create_table(
        "agreement_reviews",
        sa.Column("agreement_id", ID, nullable=False),
        sa.Column("review_date", sa.Date(), nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.ForeignKeyConstraint(
            ["agreement_id"], ["agreements.id"], name="fk_agreement_reviews_agreement_id_agreements"
        ),
        sa.PrimaryKeyConstraint("agreement_id", name="pk_agreement_reviews"),
    )


def downgrade() -> None:
    """Drop the follow-up tables."""
    op.drop_table("agreement_reviews")
    op.drop_index("ix_progress_entries_agreement_id", table_name="progress_entries")
    op.drop_index("ix_progress_entries_session_id_item_id", table_name="progress_entries")
    op.drop_table("progress_entries")
