"""Full-text search: one row per searchable text, indexed by the database's own engine.

SQLite: an external-content FTS5 table over ``search_entries.folded`` with triggers that keep
it in step. PostgreSQL: a GIN index on ``to_tsvector('simple', folded)``. The index is filled
from what the store already holds (see :mod:`facilitator.storage.search`).

Revision ID: 0003
Revises: 0002
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

import sqlalchemy as sa
from alembic import op

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
    _fill(bind)


def downgrade() -> None:
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        for name in ("search_entries_au", "search_entries_ad", "search_entries_ai"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    op.drop_table("search_entries")


# The first fill is frozen here, as this revision indexes, so that later changes to the app's
# search code never change what upgrading an old store does.
_WORD = re.compile(r"\w+")
_ENTRIES = sa.table(
    "search_entries",
    *(sa.column(name) for name in ("kind", "ref_id", "session_id", "case_id", "text", "folded")),
)


def _folded_words(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(_WORD.findall(unicodedata.normalize("NFC", bare.casefold())))


def _entry(kind: str, ref_id: str, session_id: str | None, case_id: str, value: str) -> Any:
    return {
        "kind": kind,
        "ref_id": ref_id,
        "session_id": session_id,
        "case_id": case_id,
        "text": value,
        "folded": _folded_words(value),
    }


def _fill(bind: sa.Connection) -> None:
    case_of: dict[str, str] = dict(bind.execute(sa.text("SELECT id, case_id FROM sessions")).all())
    rows = [
        _entry("case", case_id, None, case_id, reference)
        for case_id, reference in bind.execute(sa.text("SELECT id, reference FROM cases"))
    ]
    for pid, sid, name, address_as in bind.execute(
        sa.text("SELECT id, session_id, display_name, address_as FROM participants")
    ):
        names = name
        if address_as.strip() and address_as.strip() != name.strip():
            names = f"{name} ({address_as})"
        rows.append(_entry("participant", pid, sid, case_of[sid], names))
    newest: dict[str, tuple[int, str, str]] = {}
    for aid, sid, version, payload in bind.execute(
        sa.text("SELECT id, session_id, version, payload_json FROM agreements")
    ):
        if sid not in newest or version > newest[sid][0]:
            newest[sid] = (version, aid, payload)
    for sid, (_version, aid, payload) in newest.items():
        for n, item in enumerate(json.loads(payload).get("items") or [], start=1):
            description = item.get("description") if isinstance(item, dict) else None
            if isinstance(description, str):
                ref_id = str(item.get("id") or f"{aid}:{n}")
                rows.append(_entry("agreement_item", ref_id, sid, case_of[sid], description))
    notes = bind.execute(
        sa.text(
            "SELECT id, session_id, text FROM notes WHERE struck = :no "
            "ORDER BY session_id, created_seq"
        ),
        {"no": False},
    )
    rows.extend(_entry("note", nid, sid, case_of[sid], value) for nid, sid, value in notes)
    for start in range(0, len(rows), 1000):
        bind.execute(sa.insert(_ENTRIES), rows[start : start + 1000])
