"""A store that does not open: a clear screen, its backups newest first, restore and reopen."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, timedelta
from pathlib import Path

from live_samples import keeper_of, plan_session
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.case import Case
from facilitator.engine.clock import FakeClock
from facilitator.security.keyfile import KdfParams
from facilitator.storage.backups import BackupManager, BackupReason
from facilitator.storage.store import Store
from ui.app import begin_start, build_main_window
from ui.main_window import MainWindow
from ui.session_controller import SessionController
from ui.store_problem import StoreProblemView, back_up_and_warn
from ui.tasks import TaskRunner

NOW = datetime(2026, 11, 25, 17, 0, tzinfo=UTC)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def store_with_backups(db: Path) -> BackupManager:
    with Store.open(f"sqlite:///{db}") as store:
        store.add_case(Case(reference="KEEP-1"))
        manager = store.backups
        manager.backup(BackupReason.DAILY, now=NOW - timedelta(days=2))
        store.add_case(Case(reference="KEEP-2"))
        manager.backup(BackupReason.SESSION, now=NOW)
    return BackupManager(db)


class Started:
    """A painted main window with the start flow begun on ``db``."""

    def __init__(self, qtbot: QtBot, tmp_path: Path, db: Path) -> None:
        self.qtbot = qtbot
        self.tasks = TaskRunner()
        self.window = MainWindow(FakeClock(), self.tasks)
        qtbot.addWidget(self.window)
        self.window.resize(1366, 768)
        self.window.show()
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        self.flow = begin_start(
            self.window,
            self.tasks,
            str(db),
            lambda: None,
            kdf_params=KdfParams.fast_for_tests(),
            settings=settings,
            env={},
        )

    def wait_failed(self) -> None:
        home = self.window.home
        self.qtbot.waitUntil(home.restore_button.isVisible, timeout=30_000)

    def close(self) -> None:
        self.tasks.wait()
        self.window.close()
        self.window.detach()


def test_the_dialog_lists_backups_newest_first_and_restores(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    manager = store_with_backups(db)
    db.write_bytes(b"not a store any more")
    view = StoreProblemView(manager, "store.sqlite3 is damaged.")
    qtbot.addWidget(view)
    assert view.backups_list.count() == 2
    assert "end of a session" in view.backups_list.item(0).text()
    assert "daily backup" in view.backups_list.item(1).text()
    assert not view.passphrase_edit.isVisibleTo(view)
    with qtbot.waitSignal(view.restored) as restored:
        view.restore_button.click()
    report = restored.args[0]
    assert report.quarantine is not None
    assert report.quarantine.read_bytes() == b"not a store any more"
    with Store.open(f"sqlite:///{db}") as store:
        assert sorted(c.reference for c in store.list_cases()) == ["KEEP-1", "KEEP-2"]


def test_a_damaged_backup_is_refused_in_the_dialog(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    manager = store_with_backups(db)
    newest = manager.list_backups()[0].path
    newest.write_bytes(newest.read_bytes()[:8192])
    before = sha256(db)
    view = StoreProblemView(manager, "")
    qtbot.addWidget(view)
    assert view.restore_selected() is None
    assert "Nothing was changed" in view.status_label.text()
    assert sha256(db) == before


def test_no_backups_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    Store.open(f"sqlite:///{db}").close()
    view = StoreProblemView(BackupManager(db), "")
    qtbot.addWidget(view)
    assert not view.restore_button.isEnabled()
    assert "no backups" in view.status_label.text()


def test_a_damaged_store_at_start_offers_its_backups_and_reopens(
    qtbot: QtBot, tmp_path: Path
) -> None:
    db = tmp_path / "store.sqlite3"
    store_with_backups(db)
    db.write_bytes(b"\0" * 4096)
    before = sha256(db)
    started = Started(qtbot, tmp_path, db)
    try:
        started.wait_failed()
        home = started.window.home
        assert "store.sqlite3 is not a Circle Facilitator store or is damaged" in (
            home.empty_label.text()
        )
        assert str(tmp_path) not in home.empty_label.text()
        assert sha256(db) == before
        started.window.grab().save(str(tmp_path / "failed.png"))
        home.restore_button.click()
        view = started.window.findChild(StoreProblemView)
        assert view is not None
        qtbot.waitUntil(view.isVisible)
        view.grab().save(str(tmp_path / "dialog.png"))
        view.restore_button.click()
        qtbot.waitUntil(lambda: started.window.store is not None, timeout=30_000)
        store = started.window.store
        assert store is not None
        assert sorted(c.reference for c in store.list_cases()) == ["KEEP-1", "KEEP-2"]
        assert not home.restore_button.isVisible()
        quarantined = BackupManager(db).quarantined()
        assert [sha256(q) for q in quarantined] == [before]
    finally:
        started.close()


def test_a_missing_store_with_backups_is_not_set_up_anew(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    store_with_backups(db)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    started = Started(qtbot, tmp_path, db)
    try:
        started.wait_failed()
        assert started.flow.dialog is None
        assert "its backups are there" in started.window.home.empty_label.text()
        assert not db.exists()
    finally:
        started.close()


def test_the_dialog_reads_in_a_dark_palette(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    manager = store_with_backups(db)
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    old = app.palette()
    dark = QPalette(old)
    dark.setColor(QPalette.ColorRole.Window, QColor("#202124"))
    dark.setColor(QPalette.ColorRole.WindowText, QColor("#e8eaed"))
    dark.setColor(QPalette.ColorRole.Base, QColor("#303134"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#e8eaed"))
    app.setPalette(dark)
    try:
        view = StoreProblemView(manager, "store.sqlite3 is damaged: some pages do not hold.")
        qtbot.addWidget(view)
        view.show()
        assert view.grab().save(str(tmp_path / "dark.png"))
    finally:
        app.setPalette(old)


def test_a_backup_runs_on_a_worker_and_a_failure_is_shown(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    tasks = TaskRunner()
    parent = QWidget()
    qtbot.addWidget(parent)
    with Store.open(f"sqlite:///{db}") as store:
        back_up_and_warn(parent, tasks, store, "session")
        qtbot.waitUntil(lambda: not tasks.busy, timeout=30_000)
        assert [b.reason for b in store.backups.list_backups()] == [BackupReason.SESSION]
        back_up_and_warn(parent, tasks, store, "daily")
        back_up_and_warn(parent, tasks, store, "daily")
        qtbot.waitUntil(lambda: not tasks.busy, timeout=30_000)
        reasons = [b.reason for b in store.backups.list_backups()]
        assert reasons.count(BackupReason.DAILY) == 1
        assert parent.findChild(QMessageBox) is None
        # The backups folder cannot be made: the facilitator is told, nothing blocks.
        folder = store.backups.folder
        for item in folder.iterdir():
            item.unlink()
        folder.rmdir()
        folder.write_text("a file where the folder was", encoding="utf-8")
        back_up_and_warn(parent, tasks, store, "session")
        qtbot.waitUntil(lambda: parent.findChild(QMessageBox) is not None, timeout=30_000)
        box = parent.findChild(QMessageBox)
        assert box is not None
        assert "could not be made" in box.text()
        box.close()
    tasks.wait()


def test_ending_a_session_makes_a_backup(qtbot: QtBot, tmp_path: Path) -> None:
    db = tmp_path / "store.sqlite3"
    clock = FakeClock()
    with Store.open(f"sqlite:///{db}") as store:
        session_id, people = plan_session(store)
        SessionController.start(store, session_id, clock, keeper_id=keeper_of(people).id).close()
        tasks = TaskRunner()
        window = build_main_window(store, clock=clock, tasks=tasks)
        qtbot.addWidget(window)
        window.home.continue_requested.emit(session_id)
        live = window.live
        assert live is not None
        assert store.backups.list_backups() == []
        with qtbot.waitSignal(live.session_ended):
            live.controller.end_session()
        qtbot.waitUntil(lambda: bool(store.backups.list_backups()), timeout=30_000)
        assert [b.reason for b in store.backups.list_backups()] == [BackupReason.SESSION]
        tasks.wait()
        window.close()
        window.detach()
