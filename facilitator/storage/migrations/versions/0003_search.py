"""Full-text search: one row per searchable text, indexed by the database's own engine.

SQLite: an external-content FTS5 table over ``search_entries.folded`` with triggers that keep
it in step. PostgreSQL: a GIN index on ``to_tsvector('simple', folded)``. The index is filled
from what the store already holds (see :mod:`facilitator.storage.search`).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.orm import Session

from facilitator.storage.search import rebuild_index

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ID = sa.String(32)
ENUM = sa.String(40)

_FTS_DELETE = (
    "INSERT INTO search_fts(search_fts, rowid, folded) VALUES ('delete', old.id, old.folded);"
)
_FTS_INSERT = "INSERT INTO search_fts(rowid, folded) VALUES (new.id, new.folded);"
SQLITE_DDL = (
    (
        "CREATE VIRTUAL TABLE search_fts USING fts5(folded, content='search_entries', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 2')"
    ),
    f"CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN {_FTS_INSERT} END",
    f"CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN {_FTS_DELETE} END",
    (
        "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN "
        f"{_FTS_DELETE} {_FTS_INSERT} END"
    ),
)


def upgrade() -> None:
    op.create_table(
        "search_entries",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("ref_id", sa.String(72), nullable=False),
        sa.Column("session_id", ID, nullable=True),
        sa.Column("case_id", ID, nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("folded", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_search_entries"),
    )
    op.create_index("ix_search_entries_kind_ref_id", "search_entries", ["kind", "ref_id"])
    op.create_index("ix_search_entries_session_id_kind", "search_entries", ["session_id", "kind"])
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for statement in SQLITE_DDL:
            op.execute(statement)
    else:
        op.execute(
            "CREATE INDEX ix_search_entries_folded_tsv ON search_entries "
            "USING gin (to_tsvector('simple'::regconfig, folded))"
        )
    rebuild_index(Session(bind=bind))


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("search_entries_au", "search_entries_ad", "search_entries_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_entries")
