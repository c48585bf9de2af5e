"""The main window over a real store file: the home list and the demo case."""

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
        home = window.home
        assert home.empty_label.isVisible()
        assert home.sessions_model.rowCount() == 0
        assert not home.resume_banner.isVisible()

        qtbot.mouseClick(home.demo_button, Qt.MouseButton.LeftButton)

        # The demo is created on a worker; the list fills when it reports back.
        qtbot.waitUntil(lambda: home.sessions_model.rowCount() == 1, timeout=20_000)
        assert not home.empty_label.isVisible()
        model = home.sessions_model
        row = [model.index(0, c).data() for c in range(model.columnCount())]
        assert "DEMO-2026-014" in row
        assert "Ended" in row
        qtmodeltester.check(model)
        assert len(store.list_sessions()) == 1
        # An ended session is for the history, not to continue.
        home.sessions_view.selectRow(0)
        assert not home.continue_button.isEnabled()
        window.close()
