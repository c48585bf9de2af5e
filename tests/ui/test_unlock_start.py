"""Start-up after the first paint, on real files: set up a new store, unlock one, or open it."""

from __future__ import annotations

import hashlib
from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from pytestqt.qtbot import QtBot

from facilitator.engine.clock import FakeClock
from facilitator.security.keyfile import KdfParams, create_key_file, has_key_file
from facilitator.storage.store import Store
from ui.app import begin_start
from ui.lock import LockController
from ui.main_window import MainWindow
from ui.security.setup_dialog import SetupDialog
from ui.security.start_flow import StartFlow
from ui.security.unlock_dialog import UnlockDialog
from ui.tasks import TaskRunner

PASSPHRASE = "quiet river under the bridge"
FAST = KdfParams.fast_for_tests()


class Started:
    """A painted main window and the start flow begun on ``db``."""

    def __init__(self, qtbot: QtBot, tmp_path: Path, db: Path) -> None:
        self.tasks = TaskRunner()
        self.window = MainWindow(FakeClock(), self.tasks)
        qtbot.addWidget(self.window)
        self.window.show()
        self.quits: list[bool] = []
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        self.flow: StartFlow = begin_start(
            self.window,
            self.tasks,
            str(db),
            lambda: self.quits.append(True),
            kdf_params=FAST,
            settings=settings,
            env={},
        )
        self.qtbot = qtbot

    def wait_for_dialog(self) -> object:
        self.qtbot.waitUntil(lambda: self.flow.dialog is not None, timeout=20_000)
        return self.flow.dialog

    def wait_attached(self) -> Store:
        home = self.window.home
        self.qtbot.waitUntil(
            lambda: self.window.store is not None or "could not" in home.empty_label.text(),
            timeout=30_000,
        )
        assert "could not" not in home.empty_label.text(), home.empty_label.text()
        store = self.window.store
        assert store is not None
        return store

    def close(self) -> None:
        self.tasks.wait()
        self.window.close()
        self.window.detach()


def _header(path: Path) -> bytes:
    return path.read_bytes()[:16]


def test_first_run_encrypts_the_new_store_and_the_next_start_unlocks_it(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = tmp_path / "store.sqlite3"
    first = Started(qtbot, tmp_path, db)
    setup = first.wait_for_dialog()
    assert isinstance(setup, SetupDialog)
    assert setup.isVisible()
    assert first.window.store is None
    qtbot.keyClicks(setup.chooser.first.line_edit, PASSPHRASE)
    qtbot.keyClicks(setup.chooser.second.line_edit, PASSPHRASE)
    qtbot.mouseClick(setup.continue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: setup.recovery_dialog is not None, timeout=20_000)
    recovery = setup.recovery_dialog
    assert recovery is not None
    recovery.stored_check.setChecked(True)
    qtbot.mouseClick(recovery.continue_button, Qt.MouseButton.LeftButton)

    store = first.wait_attached()
    assert store.list_sessions() == []
    assert has_key_file(db)
    assert _header(db) != b"SQLite format 3\x00"  # encrypted from the first page
    lock = first.window.findChild(LockController)
    assert lock is not None
    assert lock.protection.encrypted
    first.close()

    second = Started(qtbot, tmp_path, db)
    unlock = second.wait_for_dialog()
    assert isinstance(unlock, UnlockDialog)
    qtbot.keyClicks(unlock.panel.field.line_edit, "a wrong passphrase")
    qtbot.keyClick(unlock.panel.field.line_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(unlock.panel.error_label.isVisible, timeout=20_000)
    assert second.window.store is None
    qtbot.keyClicks(unlock.panel.field.line_edit, PASSPHRASE)
    qtbot.keyClick(unlock.panel.field.line_edit, Qt.Key.Key_Return)
    assert second.wait_attached().list_sessions() == []
    second.close()


def test_first_run_unencrypted_by_choice_and_then_opened_without_asking(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = tmp_path / "store.sqlite3"
    first = Started(qtbot, tmp_path, db)
    setup = first.wait_for_dialog()
    assert isinstance(setup, SetupDialog)
    setup.plain_radio.click()
    setup.plain_confirm.setChecked(True)
    qtbot.mouseClick(setup.continue_button, Qt.MouseButton.LeftButton)
    first.wait_attached()
    assert _header(db) == b"SQLite format 3\x00"
    assert not has_key_file(db)
    first.close()

    second = Started(qtbot, tmp_path, db)
    second.wait_attached()
    assert second.flow.dialog is None
    lock = second.window.findChild(LockController)
    assert lock is not None
    assert not lock.protection.encrypted
    second.close()


def test_quitting_at_the_setup_creates_nothing(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    started = Started(qtbot, tmp_path, db)
    setup = started.wait_for_dialog()
    assert isinstance(setup, SetupDialog)
    qtbot.mouseClick(setup.quit_button, Qt.MouseButton.LeftButton)
    assert started.quits == [True]
    started.close()
    assert [p.name for p in tmp_path.iterdir()] == []


def test_an_encrypted_store_that_cannot_be_opened_goes_to_the_open_error_untouched(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = tmp_path / "store.sqlite3"
    create_key_file(db, PASSPHRASE, params=FAST)
    db.write_bytes(b"\x93" * 8192)  # not a store, whatever the key
    before = hashlib.sha256(db.read_bytes()).hexdigest()
    started = Started(qtbot, tmp_path, db)
    unlock = started.wait_for_dialog()
    assert isinstance(unlock, UnlockDialog)
    qtbot.keyClicks(unlock.panel.field.line_edit, PASSPHRASE)
    qtbot.keyClick(unlock.panel.field.line_edit, Qt.Key.Key_Return)

    home = started.window.home
    qtbot.waitUntil(lambda: "could not be opened" in home.empty_label.text(), timeout=20_000)
    assert started.window.store is None
    assert hashlib.sha256(db.read_bytes()).hexdigest() == before
    started.close()
