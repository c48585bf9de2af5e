"""The main window over a real store file: the home list and the demo case."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitator.engine.clock import FakeClock
from facilitator.storage.store import Store
from ui.app import build_main_window, open_store
from ui.main_window import MainWindow
from ui.tasks import TaskRunner


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


def test_a_store_that_cannot_be_opened_is_explained_and_left_untouched(
    qtbot: QtBot, tmp_path: Path
) -> None:
    bad = tmp_path / "store.sqlite3"
    bad.write_bytes(b"not a database at all\n" * 400)
    before = hashlib.sha256(bad.read_bytes()).hexdigest()
    tasks = TaskRunner()
    window = MainWindow(FakeClock(), tasks)
    qtbot.addWidget(window)
    window.show()
    assert window.home.empty_label.text() == "Opening the store…"
    assert not window.home.new_button.isEnabled()

    tasks.run(lambda: open_store(str(bad)), window.attach, window.show_open_error)

    qtbot.waitUntil(lambda: "could not be opened" in window.home.empty_label.text())
    assert "not a Circle Facilitator store" in window.home.empty_label.text()
    assert not window.home.new_button.isEnabled()
    assert not window.home.demo_button.isEnabled()
    assert window.store is None
    assert hashlib.sha256(bad.read_bytes()).hexdigest() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["store.sqlite3"]
