"""Which schema revision a database is at, read without importing alembic.

Importing alembic costs about 0.4 s, so the normal start (a store already at the head) only
reads the ``alembic_version`` table. SQLAlchemy itself is imported only by
:func:`read_schema_state`. A test checks these constants against alembic's scripts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection

#: The newest revision this version of the app writes.
HEAD_REVISION = "0007"
#: Every revision this app knows, oldest first; a database at any other revision is newer.
KNOWN_REVISIONS: tuple[str, ...] = ("0001", "0002", "0003", "0004", "0005", "0006", "0007")

VERSION_TABLE = "alembic_version"


@dataclass(frozen=True, slots=True)
class SchemaState:
    """What a database holds, as far as opening it is concerned.

    Attributes:
        revision: The alembic revision, or ``None`` when there is no version table.
        has_tables: Whether it holds any table at all (an empty database has none).
    """

    revision: str | None
    has_tables: bool


def read_schema_state(connection: Connection) -> SchemaState:
    """Read the revision and whether the database holds any table."""
    # Imported here: the constants above are read before SQLAlchemy loads (the early history).
    from sqlalchemy import column, inspect, select, table  # noqa: PLC0415

    tables = inspect(connection).get_table_names()
    if VERSION_TABLE not in tables:
        return SchemaState(revision=None, has_tables=bool(tables))
    found: list[str] = list(
        connection.execute(select(column("version_num")).select_from(table(VERSION_TABLE)))
        .scalars()
        .all()
    )
    # Alembic keeps one row per branch head; we have a single branch.
    return SchemaState(revision=found[0] if len(found) == 1 else None, has_tables=True)
