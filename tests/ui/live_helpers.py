"""Small Qt helpers for the live-view tests: confirmations, active windows, stored events."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QMessageBox, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import event
from sqlalchemy.pool import Pool

from facilitator.engine.events import Event
from facilitator.storage.store import Store


def show_active(qtbot: QtBot, widget: QWidget) -> None:
    """Show ``widget`` as the active window, so that its shortcuts work."""
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)


def open_box(qtbot: QtBot, parent: QWidget) -> QMessageBox:
    """The confirmation that ``parent`` (or a child of it) has open."""
    boxes: list[QMessageBox] = []

    def found() -> bool:
        boxes[:] = [b for b in parent.findChildren(QMessageBox) if b.isVisible()]
        return len(boxes) == 1

    qtbot.waitUntil(found)
    return boxes[0]


def open_dialog(qtbot: QtBot, parent: QWidget, kind: type[QDialog]) -> Any:
    """The dialog of class ``kind`` that ``parent`` has open."""
    dialogs: list[QDialog] = []

    def found() -> bool:
        dialogs[:] = [d for d in parent.findChildren(kind) if d.isVisible()]
        return len(dialogs) == 1

    qtbot.waitUntil(found)
    return dialogs[0]


def answer(qtbot: QtBot, parent: QWidget, *, accept: bool) -> None:
    """Click the confirming button (or Cancel) of the open confirmation."""
    box = open_box(qtbot, parent)
    button = box.defaultButton() if accept else box.button(QMessageBox.StandardButton.Cancel)
    assert button is not None
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not box.isVisible())


def stored(store: Store, session_id: str) -> list[Event]:
    """The session's events as stored (read back from the database)."""
    return [logged.event for logged in store.events(session_id)]


def stored_kinds(store: Store, session_id: str) -> list[str]:
    """The kinds of the session's stored events, in order."""
    return [e.kind for e in stored(store, session_id)]


@contextmanager
def database_locked(path: Path) -> Iterator[None]:
    """Another program holds the write lock on the store file: every write of ours fails.

    Our connections give up at once instead of waiting out the usual busy timeout.
    """

    def no_wait(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
        if type(dbapi_connection).__module__ == "sqlite3":
            dbapi_connection.execute("PRAGMA busy_timeout = 0")

    event.listen(Pool, "checkout", no_wait)
    other = sqlite3.connect(path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield
    finally:
        other.execute("ROLLBACK")
        other.close()
        event.remove(Pool, "checkout", no_wait)
