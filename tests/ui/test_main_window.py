"""The minimal main window over a real store file."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitator.storage.store import Store
from ui.app import build_main_window


def test_empty_store_invites_the_demo_and_the_button_creates_it(
    qtbot: QtBot, tmp_path: Path, qtmodeltester: ModelTester
) -> None:
    with Store.open(f"sqlite:///{tmp_path / 'store.sqlite3'}") as store:
        window = build_main_window(store)
        qtbot.addWidget(window)
        window.show()
        assert window.empty_label.isVisible()
        assert window.sessions_model.rowCount() == 0

        qtbot.mouseClick(window.demo_button, Qt.MouseButton.LeftButton)

        qtbot.waitUntil(lambda: window.sessions_model.rowCount() == 1)
        assert not window.empty_label.isVisible()
        model = window.sessions_model
        row = [model.index(0, c).data() for c in range(model.columnCount())]
        assert "DEMO-2026-014" in row
        assert "Ended" in row
        qtmodeltester.check(model)
        assert len(store.list_sessions()) == 1
