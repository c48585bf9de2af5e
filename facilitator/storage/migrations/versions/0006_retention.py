"""Retention and erasure: rules per kind of record, and content-free tombstones.

``retention_rules``: how many months each kind of record is kept after its case closes.
``tombstones``: one row per purged or erased record (kind, id, when, under which rule), never
its content. See :mod:`facilitator.storage.retention`.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

ENUM = sa.String(40)
TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    """Create the rules and tombstones tables."""
    op.create_table(
        "retention_rules",
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("keep_months", sa.Integer(), nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.PrimaryKeyConstraint("kind", name="pk_retention_rules"),
    )
    op.create_table(
        "tombstones",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("record_id", sa.String(72), nullable=False),
        sa.Column("purged_at", TIMESTAMP, nullable=False),
        sa.Column("policy", sa.String(80), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_tombstones"),
    )
    op.create_index("ix_tombstones_kind_record_id", "tombstones", ["kind", "record_id"])


def downgrade() -> None:
    """Drop the tables (the purged content does not come back)."""
    op.drop_index("ix_tombstones_kind_record_id", table_name="tombstones")
    op.drop_table("tombstones")
    op.drop_table("retention_rules")
