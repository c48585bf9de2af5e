"""An index on when each session was set up.

The home list shows the newest sessions by ``sessions.created_at``. Without an index, reading
the newest 100 of 10,000 walked every session row, and with each its stored template; with it,
the list reads 100 index entries (16 ms down to under 1 ms on the benchmark store).

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Create the index."""
    op.create_index("ix_sessions_created_at", "sessions", ["created_at"])


def downgrade() -> None:
    """Drop the index (nothing else changes)."""
    op.drop_index("ix_sessions_created_at", table_name="sessions")
