"""A full disk while saving: a clear message, the text stays in the editor, nothing saved is lost.

Two real full conditions: a 2 MB tmpfs filled to the brim (needs root to mount; skipped
otherwise), and SQLite's own ``max_page_count`` limit, which makes SQLite answer SQLITE_FULL
exactly as on a full disk and runs anywhere.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from live_samples import OPENING, keeper_of, plan_session
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.pool import Pool

from facilitator.engine.clock import FakeClock
from facilitator.storage.backups import BackupReason
from facilitator.storage.store import Store
from ui.live.note_editor import NoteEditor
from ui.session_controller import SessionController

DRAFT = "Marta said the shed matters because her father built it. " * 40


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A real 2 MB file system, mounted for the test."""
    if os.geteuid() != 0:
        pytest.skip("mounting a small file system needs root")
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["/bin/mount", "-t", "tmpfs", "-o", "size=2M", "tmpfs", str(mount_point)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip("this system does not let the test mount a tmpfs")
    try:
        yield mount_point
    finally:
        subprocess.run(["/bin/umount", "-l", str(mount_point)], check=False)


def open_editor(
    qtbot: QtBot, store: Store, clock: FakeClock
) -> tuple[SessionController, NoteEditor]:
    session_id, people = plan_session(store)
    controller = SessionController.start(store, session_id, clock, keeper_id=keeper_of(people).id)
    controller.enter_phase(OPENING)
    editor = NoteEditor(controller)
    qtbot.addWidget(editor)
    return controller, editor


def fill(folder: Path) -> Path:
    """Write a file until the file system is full; return it (delete it to free the space)."""
    filler = folder / "filler.bin"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_keeps_the_text_and_what_was_saved(
    qtbot: QtBot, small_disk: Path, clock: FakeClock
) -> None:
    db = small_disk / "store.sqlite3"
    store = Store.open(f"sqlite:///{db}")
    controller, editor = open_editor(qtbot, store, clock)
    try:
        editor.text_edit.setPlainText("saved before the disk filled")
        first = editor.save()
        assert first is not None
        backup = store.backups.backup(BackupReason.SESSION)
        backup_hash = sha256(backup.path)
        filler = fill(small_disk)

        editor.text_edit.setPlainText(DRAFT)
        assert editor.save() is None
        assert editor.draft == DRAFT
        assert controller.last_error is not None
        assert "disk may be full" in controller.last_error
        assert "SQLITE_FULL" in controller.last_error or "SQLITE_IOERR" in controller.last_error
        assert "Marta" not in controller.last_error
        assert sha256(backup.path) == backup_hash

        filler.unlink()
        saved = editor.save()
        assert saved is not None
        assert editor.draft == ""
        texts = [n.text for n in store.notes(controller.session_id)]
        assert texts == ["saved before the disk filled", DRAFT]
    finally:
        controller.close()
        store.close()


@pytest.fixture
def capped(tmp_path: Path) -> Iterator[Store]:
    """A store on an ordinary file (the test caps its growth below)."""
    store = Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}")
    yield store
    store.close()


def test_sqlite_full_keeps_the_text_and_what_was_saved(
    qtbot: QtBot, capped: Store, clock: FakeClock
) -> None:
    store = capped
    controller, editor = open_editor(qtbot, store, clock)
    editor.text_edit.setPlainText("saved while there was room")
    assert editor.save() is not None
    backup = store.backups.backup(BackupReason.SESSION)
    backup_hash = sha256(backup.path)

    def cap(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        pages = dbapi_connection.execute("PRAGMA page_count").fetchone()[0]
        dbapi_connection.execute(f"PRAGMA max_page_count = {int(pages):d}")

    def uncap(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        dbapi_connection.execute("PRAGMA max_page_count = 1073741823")

    event.listen(Pool, "checkout", cap)
    try:
        editor.text_edit.setPlainText(DRAFT * 20)
        assert editor.save() is None
        assert editor.draft == DRAFT * 20
        assert controller.last_error is not None
        assert "disk may be full" in controller.last_error
        assert "SQLITE_FULL" in controller.last_error
    finally:
        event.remove(Pool, "checkout", cap)
    event.listen(Pool, "checkout", uncap)
    try:
        assert editor.save() is not None
    finally:
        event.remove(Pool, "checkout", uncap)
    assert [n.text for n in store.notes(controller.session_id)] == [
        "saved while there was room",
        DRAFT * 20,
    ]
    assert sha256(backup.path) == backup_hash
    controller.close()
