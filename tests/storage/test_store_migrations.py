"""Schema migrations: fresh stores reach the head, older ones are backed up then upgraded, newer
ones are refused untouched, and the migrations build exactly the tables the records describe."""

from __future__ import annotations

import hashlib
import re
import shutil
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, text
from store_samples import add_session

from facilitator.storage.database import create_engine_for
from facilitator.storage.migration import SCRIPT_LOCATION, ensure_schema
from facilitator.storage.records import Base
from facilitator.storage.schema_version import HEAD_REVISION, KNOWN_REVISIONS
from facilitator.storage.search import SEARCH_TABLE_PREFIXES
from facilitator.storage.store import Store, StoreError


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def revision_of(url: str) -> str:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return str(conn.execute(text("SELECT version_num FROM alembic_version")).scalar_one())
    finally:
        engine.dispose()


def test_head_revision_constant_matches_the_scripts() -> None:
    config = Config()
    config.set_main_option("script_location", str(SCRIPT_LOCATION))
    scripts = ScriptDirectory.from_config(config)
    assert scripts.get_heads() == [HEAD_REVISION]
    oldest_first = [s.revision for s in reversed(list(scripts.walk_revisions()))]
    assert tuple(oldest_first) == KNOWN_REVISIONS


def test_a_new_store_is_created_at_the_head(store: Store, store_url: str) -> None:
    assert revision_of(store_url) == HEAD_REVISION
    assert store.backup_made_on_open is None


def test_migrations_build_what_the_records_describe(store: Store, store_url: str) -> None:
    engine = create_engine(store_url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(
                conn,
                opts={
                    "compare_type": True,
                    # The search tables belong to the search engine, not to the records.
                    "include_name": lambda name, kind, _parents: (
                        kind != "table" or not str(name).startswith(SEARCH_TABLE_PREFIXES)
                    ),
                },
            )
            assert compare_metadata(context, Base.metadata) == []
    finally:
        engine.dispose()


def test_opening_a_current_store_does_not_import_alembic(sqlite_path: Path) -> None:
    url = f"sqlite:///{sqlite_path}"
    Store.open(url).close()
    child = textwrap.dedent(
        f"""
        import sys
        from facilitator.storage.store import Store
        with Store.open({url!r}) as store:
            store.list_sessions()
        print("alembic" in sys.modules)
        """
    )
    out = subprocess.run(
        [sys.executable, "-c", child], check=True, capture_output=True, text=True, timeout=60
    )
    assert out.stdout.strip() == "False"


def test_reopening_keeps_the_data_and_makes_no_backup(sqlite_path: Path) -> None:
    url = f"sqlite:///{sqlite_path}"
    with Store.open(url) as store:
        info, _cast = add_session(store)
    with Store.open(url) as store:
        assert store.get_session(info.id) == info
        assert store.backup_made_on_open is None
    assert not list(sqlite_path.parent.glob("*.bak"))


NEXT_REVISION = f'''
"""A later schema (written by the test of upgrades)."""
import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{HEAD_REVISION}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("sessions") as batch:
        batch.add_column(sa.Column("venue", sa.Text(), nullable=False, server_default=""))


def downgrade():
    with op.batch_alter_table("sessions") as batch:
        batch.drop_column("venue")
'''


@pytest.fixture
def next_scripts(tmp_path: Path) -> Path:
    """The app's migrations plus one more, as the next release would ship them."""
    scripts = tmp_path / "migrations"
    shutil.copytree(SCRIPT_LOCATION, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0099_next.py").write_text(NEXT_REVISION, encoding="utf-8")
    return scripts


def test_an_older_store_is_backed_up_then_upgraded(sqlite_path: Path, next_scripts: Path) -> None:
    url = f"sqlite:///{sqlite_path}"
    with Store.open(url) as store:
        _info, cast = add_session(store)
    engine = create_engine_for(url)
    try:
        backup = ensure_schema(
            engine, script_location=next_scripts, head="0099", known=(*KNOWN_REVISIONS, "0099")
        )
    finally:
        engine.dispose()
    assert backup is not None
    assert backup.parent == sqlite_path.parent
    assert re.fullmatch(r"store\.sqlite3\.pre-0099-\d{8}T\d{6}Z\.bak", backup.name)
    # The copy is a whole store at the old revision, data included.
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("SELECT version_num FROM alembic_version").fetchall() == [
            (HEAD_REVISION,)
        ]
        assert copy.execute("SELECT count(*) FROM participants").fetchone() == (len(cast),)
        assert copy.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        copy.close()
    # The store itself moved on, data intact.
    assert revision_of(url) == "0099"
    upgraded = sqlite3.connect(sqlite_path)
    try:
        assert upgraded.execute("SELECT venue FROM sessions").fetchall() == [("",)]
        assert upgraded.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        upgraded.close()
    # And this app, which knows only up to its own head, now refuses it as newer, untouched.
    before = sha256(sqlite_path)
    with pytest.raises(StoreError, match="newer version of Circle Facilitator"):
        Store.open(url)
    assert sha256(sqlite_path) == before


def test_a_store_from_a_newer_app_is_refused(store_url: str) -> None:
    Store.open(store_url).close()
    engine = create_engine(store_url)
    try:
        with engine.begin() as conn:
            conn.execute(text("UPDATE alembic_version SET version_num = 'f00dfeed'"))
    finally:
        engine.dispose()
    with pytest.raises(StoreError, match="newer version of Circle Facilitator"):
        Store.open(store_url)
    assert revision_of(store_url) == "f00dfeed"


def test_another_programs_database_is_refused_untouched(sqlite_path: Path) -> None:
    other = sqlite3.connect(sqlite_path)
    other.execute("CREATE TABLE recipes (name TEXT)")
    other.execute("INSERT INTO recipes VALUES ('phở')")
    other.commit()
    other.close()
    before = sha256(sqlite_path)
    with pytest.raises(StoreError, match="not a Circle Facilitator store"):
        Store.open(f"sqlite:///{sqlite_path}")
    assert sha256(sqlite_path) == before
    assert not list(sqlite_path.parent.glob("*.bak"))
