"""Audit trail: an append-only, hash-chained log of what was done (never the content).

``audit_entries`` holds the chain, ``audit_head`` one row with the number of entries and the
last hash. The database itself keeps the trail append-only: UPDATE and DELETE (and TRUNCATE on
PostgreSQL) of an entry are refused by triggers, a new entry must carry the next number and the
head's hash, and the head only moves forward. On PostgreSQL the owning role's UPDATE, DELETE
and TRUNCATE rights on the entries are also revoked. See docs/audit.md for what this does and
does not stop.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

ID = sa.String(32)
ENUM = sa.String(40)
SHA256 = sa.String(64)
TIMESTAMP = sa.DateTime(timezone=True)
GENESIS_HASH = "0" * 64

_HEAD = "(SELECT {column} FROM audit_head WHERE id = 1)"
_SQLITE_REFUSE = "BEGIN SELECT RAISE(ABORT, 'the audit trail is append-only'); END"
SQLITE_DDL = (
    f"CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries {_SQLITE_REFUSE}",
    f"CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries {_SQLITE_REFUSE}",
    (
        "CREATE TRIGGER audit_entries_follow_head BEFORE INSERT ON audit_entries "
        f"WHEN NEW.seq IS NOT {_HEAD.format(column='entries')} "
        f"OR NEW.prev_hash IS NOT {_HEAD.format(column='last_hash')} "
        "BEGIN SELECT RAISE(ABORT, 'an audit entry must follow the head of the chain'); END"
    ),
    f"CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head {_SQLITE_REFUSE}",
    (
        "CREATE TRIGGER audit_head_forward_only BEFORE UPDATE ON audit_head "
        "WHEN NEW.id IS NOT OLD.id OR NEW.entries < OLD.entries "
        "OR NEW.entries > OLD.entries + 1 OR (NEW.last_hash IS NOT OLD.last_hash AND "
        "NEW.last_hash IS NOT (SELECT entry_hash FROM audit_entries WHERE seq = NEW.entries)) "
        "BEGIN SELECT RAISE(ABORT, 'the audit head only moves forward'); END"
    ),
)
SQLITE_TRIGGERS = (
    "audit_entries_no_update",
    "audit_entries_no_delete",
    "audit_entries_follow_head",
    "audit_head_no_delete",
    "audit_head_forward_only",
)


def _pg_trigger(name: str, events: str, table: str, function: str) -> str:
    level = "STATEMENT" if events == "TRUNCATE" else "ROW"
    return (
        f"CREATE TRIGGER {name} BEFORE {events} ON {table} "
        f"FOR EACH {level} EXECUTE FUNCTION {function}()"
    )


POSTGRESQL_DDL = (
    """
    CREATE FUNCTION audit_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'the audit trail is append-only (% on % refused)', TG_OP, TG_TABLE_NAME;
    END $$
    """,
    """
    CREATE FUNCTION audit_follow_head() RETURNS trigger LANGUAGE plpgsql AS $$
    DECLARE
        head audit_head%ROWTYPE;
    BEGIN
        SELECT * INTO head FROM audit_head WHERE id = 1;
        IF NOT FOUND OR NEW.seq <> head.entries OR NEW.prev_hash <> head.last_hash THEN
            RAISE EXCEPTION 'an audit entry must follow the head of the chain';
        END IF;
        RETURN NEW;
    END $$
    """,
    """
    CREATE FUNCTION audit_head_forward_only() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.id <> OLD.id OR NEW.entries < OLD.entries OR NEW.entries > OLD.entries + 1
           OR (NEW.last_hash <> OLD.last_hash AND NEW.last_hash IS DISTINCT FROM
               (SELECT entry_hash FROM audit_entries WHERE seq = NEW.entries)) THEN
            RAISE EXCEPTION 'the audit head only moves forward';
        END IF;
        RETURN NEW;
    END $$
    """,
    _pg_trigger("audit_entries_no_change", "UPDATE OR DELETE", "audit_entries", "audit_refuse"),
    _pg_trigger("audit_entries_no_truncate", "TRUNCATE", "audit_entries", "audit_refuse"),
    _pg_trigger("audit_entries_follow_head", "INSERT", "audit_entries", "audit_follow_head"),
    _pg_trigger("audit_head_no_delete", "DELETE", "audit_head", "audit_refuse"),
    _pg_trigger("audit_head_no_truncate", "TRUNCATE", "audit_head", "audit_refuse"),
    _pg_trigger("audit_head_forward_only", "UPDATE", "audit_head", "audit_head_forward_only"),
    # The owner could grant these back; it stops a stray statement, not the owner (see docs).
    "REVOKE UPDATE, DELETE, TRUNCATE ON audit_entries FROM CURRENT_USER",
    "REVOKE DELETE, TRUNCATE ON audit_head FROM CURRENT_USER",
)


def upgrade() -> None:
    op.create_table(
        "audit_entries",
        sa.Column("seq", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("at", TIMESTAMP, nullable=False),
        sa.Column("kind", ENUM, nullable=False),
        sa.Column("session_id", ID, nullable=True),
        sa.Column("case_id", ID, nullable=True),
        sa.Column("agreement_id", ID, nullable=True),
        sa.Column("ref_id", ID, nullable=True),
        sa.Column("count", sa.Integer(), nullable=True),
        sa.Column("detail_sha256", SHA256, nullable=True),
        sa.Column("prev_hash", SHA256, nullable=False),
        sa.Column("entry_hash", SHA256, nullable=False),
        sa.PrimaryKeyConstraint("seq", name="pk_audit_entries"),
    )
    op.create_table(
        "audit_head",
        sa.Column("id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("entries", sa.Integer(), nullable=False),
        sa.Column("last_hash", SHA256, nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_head"),
    )
    op.execute(
        sa.text(
            "INSERT INTO audit_head (id, entries, last_hash) VALUES (1, 0, :genesis)"
        ).bindparams(genesis=GENESIS_HASH)
    )
    ddl = SQLITE_DDL if op.get_bind().dialect.name == "sqlite" else POSTGRESQL_DDL
    for statement in ddl:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.drop_table("audit_head")
        op.drop_table("audit_entries")
        return
    op.drop_table("audit_head")
    op.drop_table("audit_entries")
    for name in ("audit_refuse", "audit_follow_head", "audit_head_forward_only"):
        op.execute(f"DROP FUNCTION IF EXISTS {name}()")
