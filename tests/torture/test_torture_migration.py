"""SIGKILL the app while it upgrades an older store: the store is wholly before or wholly after.

A store is made at revision 0003 with a session in it, then a victim opens it the way the app
does (a backup copy, then alembic to the head in one transaction) and is killed at a random
moment of that open. After each kill: SQLite's integrity check passes; the store is at 0003 with
exactly 0003's tables, or at the head with exactly the head's tables; the session's events and
notes are all there. At the end the store opens (migrating if it still must) with everything.
"""

from __future__ import annotations

import random
import sqlite3
import time
from pathlib import Path

from test_torture_live import plan_circle
from torture_child import event_hash
from torture_harness import VictimServer, integrity

from facilitator.domain.notes import NoteKind
from facilitator.engine.clock import FakeClock
from facilitator.engine.session import LiveSession
from facilitator.storage.database import create_engine_for
from facilitator.storage.migration import ensure_schema
from facilitator.storage.schema_version import HEAD_REVISION, KNOWN_REVISIONS
from facilitator.storage.store import Store

OLD = "0003"


def tables(path: Path) -> tuple[str, set[str]]:
    """The revision of a store file and the names of its tables."""
    conn = sqlite3.connect(path)
    try:
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        return str(revision), names
    finally:
        conn.close()


def make_store(path: Path, revision: str) -> None:
    """An empty store file at ``revision``."""
    engine = create_engine_for(f"sqlite:///{path}")
    try:
        known = KNOWN_REVISIONS[: KNOWN_REVISIONS.index(revision) + 1]
        ensure_schema(engine, head=revision, known=known)
    finally:
        engine.dispose()


def old_store_with_a_session(path: Path) -> tuple[str, list[str]]:
    """A store at 0003 holding a session with notes; its id and its events' digests.

    Today's code writes today's schema (consent records may reach tables 0003 did not have), so
    the session is made in a current store and its rows copied into the tables 0003 had.
    """
    current = path.with_name("current.sqlite3")
    with Store.open(f"sqlite:///{current}") as store:
        session_id, keeper_id = plan_circle(store, "OLD-1")
        live = LiveSession.start(
            store.event_log(session_id),
            FakeClock(),
            template=store.get_session(session_id).template,
            participants=store.participants(session_id),
            consents=store.consents(session_id),
            keeper_id=keeper_id,
        )
        for i in range(40):
            live.add_note(NoteKind.OBSERVATION, f"before the upgrade {i} — نص")
        digests = [event_hash(e) for e in store.events(session_id)]
    make_store(path, OLD)
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("ATTACH DATABASE ? AS cur", (str(current),))
        old_tables = [
            r[0]
            for r in conn.execute("SELECT name FROM main.sqlite_master WHERE type='table'")
            if r[0] != "alembic_version" and not r[0].startswith("search_fts")
        ]
        for table in old_tables:
            old_cols = {r[1] for r in conn.execute(f"PRAGMA main.table_info('{table}')")}
            cur_cols = {r[1] for r in conn.execute(f"PRAGMA cur.table_info('{table}')")}
            cols = ", ".join(sorted(old_cols & cur_cols))
            conn.execute(f"INSERT INTO main.{table} ({cols}) SELECT {cols} FROM cur.{table}")
        conn.commit()
        conn.execute("DETACH DATABASE cur")
    finally:
        conn.close()
    return session_id, digests


def test_killed_during_an_upgrade_the_store_is_wholly_old_or_wholly_new(
    tmp_path: Path, kills: int
) -> None:
    reference = tmp_path / "reference"
    reference.mkdir()
    make_store(reference / "old.sqlite3", OLD)
    make_store(reference / "head.sqlite3", HEAD_REVISION)
    shapes = {
        OLD: tables(reference / "old.sqlite3")[1],
        HEAD_REVISION: tables(reference / "head.sqlite3")[1],
    }
    path = tmp_path / "store.sqlite3"
    session_id, digests = old_store_with_a_session(path)
    pristine = path.read_bytes()
    url = f"sqlite:///{path}"
    rng = random.Random(7)
    server = VictimServer(tmp_path)
    seen: dict[str, int] = {OLD: 0, HEAD_REVISION: 0}
    try:
        started = time.monotonic()
        whole = server.run({"mode": "migrate", "url": url}, after=None, delay_s=120)
        upgrade_s = time.monotonic() - started
        assert not whole.killed
        assert whole.first("opened") is not None
        assert tables(path) == (HEAD_REVISION, shapes[HEAD_REVISION])
        for _ in range(max(kills // 10, 5)):
            path.write_bytes(pristine)  # back to the old store for the next kill
            for leftover in (tmp_path / "store.sqlite3-wal", tmp_path / "store.sqlite3-shm"):
                leftover.unlink(missing_ok=True)
            server.run(
                {"mode": "migrate", "url": url},
                after=None,
                delay_s=rng.uniform(0.0, upgrade_s * 1.2),
            )
            assert integrity(path) == "ok"
            revision, names = tables(path)
            assert revision in shapes, f"stopped half-way, at {revision}"
            assert names == shapes[revision]
            seen[revision] += 1
            with Store.open(url) as store:  # opens (and finishes the upgrade if it must)
                assert [event_hash(e) for e in store.events(session_id)] == digests
                assert len(store.notes(session_id)) == 40
    finally:
        server.close()
    print(f"\nupgrade took {upgrade_s * 1000:.0f} ms unkilled; kills left it at {seen}")
