"""The disk fills up during a live session: a clear message, nothing acknowledged lost.

The disk-full is SQLite's own: every connection of the store gets ``PRAGMA max_page_count`` a
few pages above the file's size, so a later write fails with a real ``SQLITE_FULL`` (what a full
volume gives), deep inside the same append the window's commands use.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.pool import Pool
from test_torture_live import plan_circle
from torture_harness import integrity

from facilitator.domain.notes import NoteKind, Visibility
from facilitator.engine.clock import FakeClock
from facilitator.storage.store import Store
from ui.live.pyside_guard import keep_singletons_alive
from ui.session_controller import SessionController

keep_singletons_alive()


class DiskLimit:
    """Caps the file of every SQLite connection opened while it is installed."""

    def __init__(self) -> None:
        self.connections: list[Any] = []
        self.extra_pages: int | None = None

    def on_connect(self, dbapi_connection: Any, _record: Any) -> None:
        self.connections.append(dbapi_connection)
        if self.extra_pages is not None:
            self._cap(dbapi_connection)

    def fill_up(self, extra_pages: int) -> None:
        """From now on the file may grow by ``extra_pages`` pages, then the disk is full."""
        self.extra_pages = extra_pages
        for connection in self.connections:
            # Some are closed since (the check made on open, connections the pool dropped).
            with contextlib.suppress(sqlite3.ProgrammingError):
                self._cap(connection)

    def _cap(self, connection: Any) -> None:
        assert self.extra_pages is not None
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages + self.extra_pages}")


@pytest.fixture
def disk() -> Iterator[DiskLimit]:
    limit = DiskLimit()
    event.listen(Pool, "connect", limit.on_connect)
    try:
        yield limit
    finally:
        event.remove(Pool, "connect", limit.on_connect)


def test_a_full_disk_is_a_clear_message_and_loses_nothing(
    qtbot: QtBot, tmp_path: Path, disk: DiskLimit
) -> None:
    path = tmp_path / "store.sqlite3"
    url = f"sqlite:///{path}"
    acknowledged: dict[str, str] = {}
    with Store.open(url) as store:
        session_id, keeper_id = plan_circle(store, "FULL-1")
        controller = SessionController.start(store, session_id, FakeClock(), keeper_id=keeper_id)
        messages: list[str] = []
        controller.failed.connect(messages.append)
        for i in range(20):
            text = f"before the disk fills {i} " + "ש" * 300
            note_id = controller.add_note(NoteKind.OBSERVATION, text, Visibility.SHAREABLE)
            assert note_id is not None
            acknowledged[note_id] = text
        disk.fill_up(extra_pages=8)
        refused = None
        for i in range(500):
            text = f"while the disk fills {i} " + "✓" * 2000
            note_id = controller.add_note(NoteKind.OBSERVATION, text, Visibility.SHAREABLE)
            if note_id is None:
                refused = text
                break
            acknowledged[note_id] = text
        assert refused is not None, "the disk never filled: the test tested nothing"
        assert len(messages) == 1
        assert "disk may be full" in messages[0]
        assert "SQLITE_FULL" in messages[0]
        assert "✓" not in messages[0]
        assert "Keeper" not in messages[0]
        # The session is unchanged by the refused write, and refuses again while full.
        assert {nid: n.text for nid, n in controller.state.notes.items()} == acknowledged
        assert controller.add_note(NoteKind.OBSERVATION, refused) is None
        assert len(messages) == 2
        controller.close()
    disk.extra_pages = None
    disk.connections.clear()
    assert integrity(path) == "ok"
    with Store.open(url) as store:
        assert {n.id: n.text for n in store.notes(session_id)} == acknowledged
        # Space again: the session resumes and takes the next command.
        resumed = SessionController.resume(store, session_id, FakeClock())
        assert resumed.add_note(NoteKind.OBSERVATION, "the disk has room again") is not None
        assert set(acknowledged) < set(resumed.state.notes)
        resumed.close()
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        conn.close()
