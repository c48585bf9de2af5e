"""The lock over a real main window and a live session on real store files.

Idle time runs on a fake wall clock that the tests move; the lock's QTimer compares it each
second, as it does in the app.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live_helpers import database_locked, open_dialog
from live_samples import CASE_SUMMARY, OPENING, keeper_of, plan_session
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QImage
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from pytestqt.qtbot import QtBot

from facilitator.engine.clock import FakeClock
from facilitator.security.audit_chain import AuditKind
from facilitator.security.keyfile import (
    KdfParams,
    create_key_file,
    failures_file_path,
    take_failed_unlocks,
)
from facilitator.storage.store import Store
from ui.app import build_main_window
from ui.lock import LockController
from ui.main_window import MainWindow
from ui.security.change_dialog import ChangePassphraseDialog
from ui.security.lock_settings import IdleTimeDialog, LockSettings
from ui.security.protection import StoreProtection
from ui.session_controller import SessionController
from ui.tasks import TaskRunner

PASSPHRASE = "quiet river under the bridge"
FAST = KdfParams.fast_for_tests()
DRAFT = "CANARY-DRAFT the window at the back was already cracked"
SAVED = "CANARY-SAVED a note written before the lock"


class Wall:
    """A wall clock that moves only when told to (seconds since the epoch)."""

    def __init__(self) -> None:
        self.now = 1_790_000_000.0

    def __call__(self) -> float:
        return self.now


class Scene:
    """A main window with a live session open, its lock, and the fake wall clock."""

    def __init__(
        self, qtbot: QtBot, store: Store, protection: StoreProtection, settings: LockSettings
    ) -> None:
        self.qtbot = qtbot
        self.store = store
        self.wall = Wall()
        self.tasks = TaskRunner()
        clock = FakeClock()
        session_id, people = plan_session(store)
        self.session_id = session_id
        SessionController.start(store, session_id, clock, keeper_id=keeper_of(people).id).close()
        self.window: MainWindow = build_main_window(
            store,
            clock=clock,
            tasks=self.tasks,
            protection=protection,
            lock_settings=settings,
            wall=self.wall,
        )
        qtbot.addWidget(self.window)
        self.window.resize(1366, 768)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.activateWindow()
        qtbot.waitUntil(self.window.isActiveWindow)
        self.window.home.continue_requested.emit(session_id)
        live = self.window.live
        assert live is not None
        self.live = live
        lock = self.window.findChild(LockController)
        assert lock is not None
        self.lock = lock

    def people_names(self) -> list[str]:
        return [p.spoken_name for p in self.store.participants(self.session_id)]

    def close(self) -> None:
        self.tasks.wait()
        self.window.close()


@pytest.fixture(autouse=True)
def _steady_caret() -> Iterator[None]:
    # A blinking caret would make two grabs of the same screen differ.
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = app.cursorFlashTime()
    app.setCursorFlashTime(0)
    yield
    app.setCursorFlashTime(before)


@pytest.fixture
def plain(qtbot: QtBot, tmp_path: Path) -> Iterator[Scene]:
    path = tmp_path / "s.sqlite3"
    with Store.open(f"sqlite:///{path}") as store:
        scene = Scene(qtbot, store, StoreProtection(path, encrypted=False), LockSettings())
        yield scene
        scene.close()


@pytest.fixture
def encrypted(qtbot: QtBot, tmp_path: Path) -> Iterator[Scene]:
    path = tmp_path / "s.sqlite3"
    key, _code = create_key_file(path, PASSPHRASE, params=FAST)
    with Store.open(f"sqlite:///{path}", key=key) as store:
        protection = StoreProtection(path, encrypted=True, kdf_params=FAST)
        scene = Scene(qtbot, store, protection, LockSettings())
        yield scene
        scene.close()


def _visible_texts(root: QWidget) -> list[str]:
    texts = [root.windowTitle()]
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QLabel | QAbstractButton | QLineEdit):
            texts.append(widget.text())
        elif isinstance(widget, QPlainTextEdit):
            texts.append(widget.toPlainText())
    return texts


def _session_is_hidden(scene: Scene) -> None:
    window = scene.window
    central = window.centralWidget()
    assert central is not None
    assert not central.isVisible()
    screen = scene.lock.main_lock_screen()
    assert screen is not None
    assert screen.isVisible()
    assert screen.geometry() == window.rect()
    assert window.windowTitle() == "Circle Facilitator"
    texts = " ".join(_visible_texts(window))
    for secret in (DRAFT, SAVED, CASE_SUMMARY, "CANARY", *scene.people_names()):
        assert secret not in texts


def _image(widget: QWidget) -> QImage:
    return widget.grab().toImage().convertToFormat(QImage.Format.Format_ARGB32)


def _uniform(image: QImage) -> bool:
    data = bytes(image.constBits())
    return data == data[:4] * (len(data) // 4)


# ---------------------------------------------------------------------- locking


def test_ctrl_l_saves_the_draft_then_hides_the_session(qtbot: QtBot, plain: Scene) -> None:
    assert plain.live.controller.add_note(plain.live.note_editor.kind, SAVED) is not None
    editor = plain.live.note_editor
    editor.focus_editor()
    qtbot.keyClicks(editor.text_edit, DRAFT)
    unlocked_image = _image(plain.window)
    assert DRAFT in _visible_texts(plain.window)  # the check below can see what is shown

    qtbot.keyClick(editor.text_edit, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert plain.lock.locked
    assert [n.text for n in plain.store.notes(plain.session_id)] == [SAVED, DRAFT]
    assert editor.draft == ""
    _session_is_hidden(plain)
    # Whatever the session does underneath, the locked window looks the same.
    locked_image = _image(plain.window)
    assert locked_image != unlocked_image
    plain.live.controller.next_holder()
    plain.live.controller.add_note(editor.kind, "CANARY-LATER written while locked")
    assert _image(plain.window) == locked_image


def test_unencrypted_records_unlock_with_a_click_back_to_where_they_were(
    qtbot: QtBot, plain: Scene
) -> None:
    editor = plain.live.note_editor
    editor.focus_editor()
    plain.lock.lock()
    screen = plain.lock.main_lock_screen()
    assert screen is not None
    assert not screen.panel.field.isVisible()  # nothing to check a passphrase against
    assert "not encrypted" in screen.text_label.text()

    with qtbot.waitSignal(plain.lock.locked_changed):
        qtbot.mouseClick(screen.panel.unlock_button, Qt.MouseButton.LeftButton)

    assert not plain.lock.locked
    assert plain.window.stack.currentWidget() is plain.live
    assert plain.live.isVisible()
    assert editor.text_edit.hasFocus()
    assert plain.lock.main_lock_screen() is None
    qtbot.keyClicks(editor.text_edit, "typing again")
    assert editor.draft == "typing again"


def test_encrypted_records_need_the_passphrase_and_refusals_are_uniform(
    qtbot: QtBot, encrypted: Scene
) -> None:
    encrypted.lock.lock()
    screen = encrypted.lock.main_lock_screen()
    assert screen is not None
    panel = screen.panel
    assert panel.field.hasFocus()

    qtbot.keyClicks(panel.field.line_edit, "quiet river under the bridgE")
    qtbot.keyClick(panel.field.line_edit, Qt.Key.Key_Return)
    qtbot.waitUntil(panel.error_label.isVisible, timeout=10_000)
    assert panel.error_label.text() == "That passphrase or recovery key does not open this store."
    assert encrypted.lock.locked
    _session_is_hidden(encrypted)
    db_path = encrypted.lock.protection.db_path
    assert db_path is not None
    assert failures_file_path(db_path).read_text().strip() == "1"

    qtbot.keyClicks(panel.field.line_edit, PASSPHRASE)
    with qtbot.waitSignal(encrypted.lock.locked_changed, timeout=10_000):
        qtbot.keyClick(panel.field.line_edit, Qt.Key.Key_Return)
    assert not encrypted.lock.locked
    assert encrypted.live.isVisible()
    # The refusal went into the audit trail as a count, and the count was reset.
    failed = [e for e in encrypted.store.audit.entries() if e.kind == AuditKind.UNLOCK_FAILED]
    assert [e.count for e in failed] == [1]
    assert take_failed_unlocks(db_path) == 0


def test_a_draft_that_cannot_be_saved_stays_hidden_and_comes_back(
    qtbot: QtBot, plain: Scene, tmp_path: Path
) -> None:
    editor = plain.live.note_editor
    editor.focus_editor()
    qtbot.keyClicks(editor.text_edit, DRAFT)

    with database_locked(tmp_path / "s.sqlite3"):
        plain.lock.lock()

    assert plain.lock.locked
    assert plain.store.notes(plain.session_id) == []
    _session_is_hidden(plain)
    screen = plain.lock.main_lock_screen()
    assert screen is not None
    qtbot.mouseClick(screen.panel.unlock_button, Qt.MouseButton.LeftButton)
    assert editor.draft == DRAFT
    assert editor.save() is not None
    assert [n.text for n in plain.store.notes(plain.session_id)] == [DRAFT]


# ---------------------------------------------------------------------- idle time


def test_idle_time_on_the_wall_clock_locks_within_the_timeout(qtbot: QtBot, plain: Scene) -> None:
    assert plain.lock.settings.idle_seconds == 300
    plain.wall.now += 200
    # The filter listens from each tick until the first input after it (ui/lock.py).
    qtbot.wait(1100)
    qtbot.mouseMove(plain.live.circle)  # the facilitator is there
    plain.wall.now += 299
    qtbot.wait(1500)  # at least one tick of the lock's timer
    assert not plain.lock.locked

    # The laptop sleeps: the wall clock jumps, and the next tick locks.
    plain.wall.now += 2
    qtbot.waitUntil(lambda: plain.lock.locked, timeout=5000)
    _session_is_hidden(plain)


def test_the_idle_time_is_a_setting_kept_under_an_explicit_name(
    qtbot: QtBot, tmp_path: Path
) -> None:
    path = tmp_path / "settings.ini"
    settings = LockSettings(QSettings(str(path), QSettings.Format.IniFormat))
    assert settings.idle_minutes == 5
    dialog = IdleTimeDialog(settings)
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.minutes.setValue(12)
    dialog.accept()

    again = LockSettings(QSettings(str(path), QSettings.Format.IniFormat))
    assert again.idle_minutes == 12
    assert again.idle_seconds == 720
    raw = QSettings(str(path), QSettings.Format.IniFormat)
    raw.setValue("lock/idle_minutes", "nonsense")
    raw.sync()
    assert LockSettings(QSettings(str(path), QSettings.Format.IniFormat)).idle_minutes == 5


# ---------------------------------------------------------------------- other windows


def test_the_projector_goes_blank_while_locked(qtbot: QtBot, plain: Scene) -> None:
    assert plain.live.controller.enter_phase(OPENING)
    assert plain.live.controller.start_round()
    plain.live.toggle_projector()
    projector = plain.live.projector_window
    assert projector is not None
    qtbot.waitExposed(projector)
    assert not _uniform(_image(projector))  # it shows the question

    plain.lock.lock()

    assert _uniform(_image(projector))
    assert projector.windowTitle() == "Circle Facilitator: projector"
    screen = plain.lock.main_lock_screen()
    assert screen is not None
    qtbot.mouseClick(screen.panel.unlock_button, Qt.MouseButton.LeftButton)
    assert not _uniform(_image(projector))


def test_a_dialog_left_open_is_covered_and_can_unlock(qtbot: QtBot, plain: Scene) -> None:
    dialog = QDialog(plain.window)
    field = QLineEdit("CANARY-IN-A-DIALOG")
    QVBoxLayout(dialog).addWidget(field)
    dialog.setWindowTitle("Edit note")
    dialog.open()  # window-modal: the main window takes no input while it is open
    qtbot.waitExposed(dialog)

    plain.lock.lock()

    covers = plain.lock.lock_screens()
    assert len(covers) == 2
    dialog_cover = next(c for c in covers if c.host is dialog)
    assert dialog_cover.isVisible()
    assert dialog_cover.geometry() == dialog.rect()
    assert not field.isEnabled()
    assert dialog.windowTitle() == "Circle Facilitator"
    image = _image(dialog)
    field.setText("CANARY-CHANGED")
    assert _image(dialog) == image

    qtbot.mouseClick(dialog_cover.panel.unlock_button, Qt.MouseButton.LeftButton)
    assert not plain.lock.locked
    assert dialog.isVisible()
    assert field.isEnabled()
    assert field.text() == "CANARY-CHANGED"
    assert dialog.windowTitle() == "Edit note"
    dialog.reject()


def test_ctrl_l_locks_from_inside_a_dialog(qtbot: QtBot, plain: Scene) -> None:
    dialog = QDialog(plain.window)
    field = QLineEdit("CANARY-IN-A-DIALOG")
    QVBoxLayout(dialog).addWidget(field)
    dialog.open()  # window-modal: the main window's own shortcuts are shadowed
    qtbot.waitExposed(dialog)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    field.setFocus()

    qtbot.keyClick(field, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)

    assert plain.lock.locked
    assert field.text() == "CANARY-IN-A-DIALOG"  # the key went to the lock, not the field
    assert not field.isEnabled()
    dialog_cover = next(c for c in plain.lock.lock_screens() if c.host is dialog)
    qtbot.mouseClick(dialog_cover.panel.unlock_button, Qt.MouseButton.LeftButton)
    assert not plain.lock.locked
    assert field.isEnabled()
    dialog.reject()


def test_the_security_menu_locks_and_changes_the_passphrase(qtbot: QtBot, encrypted: Scene) -> None:
    window = encrypted.window
    menus = [a for a in window.menuBar().actions() if a.text() == "&Security"]
    assert len(menus) == 1
    menu = menus[0].menu()
    assert menu is not None
    titles = [a.text() for a in menu.actions()]
    assert titles == ["Lock now", "Lock after idle time…", "Change passphrase…"]
    assert menu.actions()[0].shortcut().toString() == "Ctrl+L"

    menu.actions()[2].trigger()
    dialog = open_dialog(qtbot, window, ChangePassphraseDialog)
    new = "lanterns along the harbour wall"
    qtbot.keyClicks(dialog.current.line_edit, PASSPHRASE)
    qtbot.keyClicks(dialog.chooser.first.line_edit, new)
    qtbot.keyClicks(dialog.chooser.second.line_edit, new)
    qtbot.mouseClick(dialog.change_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != "", timeout=10_000)
    assert window.statusBar().currentMessage() == "The passphrase was changed."

    # The lock now takes the new passphrase.
    menu.actions()[0].trigger()
    screen = encrypted.lock.main_lock_screen()
    assert screen is not None
    qtbot.keyClicks(screen.panel.field.line_edit, new)
    with qtbot.waitSignal(encrypted.lock.locked_changed, timeout=10_000):
        qtbot.keyClick(screen.panel.field.line_edit, Qt.Key.Key_Return)
    assert not encrypted.lock.locked


def test_unencrypted_records_have_no_passphrase_to_change(plain: Scene) -> None:
    menu = plain.window.menuBar().actions()[-1].menu()
    assert menu is not None
    assert [a.text() for a in menu.actions()] == ["Lock now", "Lock after idle time…"]


def test_a_window_that_opens_while_locked_is_covered_as_it_appears(
    qtbot: QtBot, plain: Scene
) -> None:
    plain.lock.lock()
    late = QDialog(plain.window)
    QVBoxLayout(late).addWidget(QLabel("CANARY-LATE-WINDOW"))
    late.show()
    qtbot.waitExposed(late)

    covers = [c for c in plain.lock.lock_screens() if c.host is late]
    assert len(covers) == 1
    assert covers[0].isVisible()
    assert covers[0].geometry() == late.rect()
    qtbot.mouseClick(covers[0].panel.unlock_button, Qt.MouseButton.LeftButton)
    assert not plain.lock.locked
    assert plain.live.isVisible()
    late.close()
