"""Alembic environment: runs on the connection the store hands over (no alembic.ini, no URL)."""

from __future__ import annotations

from alembic import context

from facilitator.storage.records import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError(
        "Migrations run from the app (facilitator.storage.migration), which passes a connection."
    )

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    # SQLite alters a table by rebuilding it; batch mode does that for us.
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
