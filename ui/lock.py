"""The lock: after idle time or on Ctrl+L, every window hides the records until unlocked.

Idle time is measured on the wall clock (an injected ``Callable[[], float]``, ``time.time`` by
default): a QTimer only compares the wall time with the last key press or mouse movement seen by
an application-wide event filter, so a laptop that slept for an hour locks the moment it wakes.
The filter is a Python call on every event of the app, so it listens only until the first input
after each tick: the idle time needs no finer grain, and the work an input starts runs unwatched.

Locking first saves the note being typed (through the session controller, like Ctrl+Enter); if it
cannot be saved the text stays in the note field, which is hidden with everything else. Then:

* the main window's content is hidden and a :class:`~ui.lock_screen.LockScreen` covers it;
* a dialog left open is covered and disabled as it is (closing it could lose what it holds),
  with its own unlock form, since a modal dialog keeps input from the main window;
* the projector is covered by a :class:`~ui.lock_screen.BlankCover`;
* popups and tooltips close, and every covered window's title becomes the app's name.

Unlocking needs the passphrase again (the same uniform refusal as at start); for unencrypted
records one click unlocks, because there is no secret to check. Everything comes back as it was,
with the keyboard focus where it was.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QApplication, QMainWindow, QToolTip, QWidget

from ui.actions import APP_ACTIONS, build_actions
from ui.lock_screen import BlankCover, LockScreen
from ui.projector import ProjectorWindow
from ui.security.lock_settings import IdleTimeDialog, LockSettings
from ui.security.protection import StoreProtection
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from ui.main_window import MainWindow

#: Events that count as the facilitator being there.
_INPUT_EVENTS = frozenset(
    {
        QEvent.Type.KeyPress,
        QEvent.Type.MouseButtonPress,
        QEvent.Type.MouseMove,
        QEvent.Type.Wheel,
        QEvent.Type.TouchBegin,
        QEvent.Type.TabletPress,
    }
)
#: Covered dialogs grow to at least this while locked, so the unlock form fits.
_MIN_COVERED = (480, 320)


def _tr(text: str) -> str:
    return QCoreApplication.translate("lock", text)


@dataclass
class _Covered:
    """One window covered by the lock, and what to give back to it."""

    host: QWidget
    cover: QWidget
    title: str
    disabled: list[QWidget] = field(default_factory=list)
    size: tuple[int, int] | None = None
    central: QWidget | None = None


class LockController(QObject):
    """Locks the app after idle time or on demand, and unlocks it with the passphrase.

    Args:
        window: The main window.
        tasks: Where the passphrase is checked.
        protection: How the store is protected (an unencrypted one unlocks with a click).
        settings: The idle time.
        wall: Wall-clock seconds (``time.time``); tests pass a fake one.
        tick_ms: How often the idle time is compared (the lock fires at most this late).
    """

    #: The app was locked (``True``) or unlocked (``False``).
    locked_changed = Signal(bool)

    def __init__(
        self,
        window: MainWindow,
        tasks: TaskRunner,
        protection: StoreProtection,
        settings: LockSettings,
        *,
        wall: Callable[[], float] = time.time,
        tick_ms: int = 1000,
    ) -> None:
        super().__init__(window)
        self._window = window
        self._tasks = tasks
        self._protection = protection
        self._settings = settings
        self._wall = wall
        self._last_input = wall()
        self._covered: list[_Covered] = []
        self._focus: QWidget | None = None
        self._locked = False
        self._listening = False
        self._stopped = False
        self._lock_action: QAction | None = None
        # The window's own events (not its children's) tell when it closes.
        window.installEventFilter(self)
        self._listen(True)
        self._tick = QTimer(self)
        self._tick.setInterval(tick_ms)
        self._tick.timeout.connect(self._on_tick)
        self._tick.start()

    # ------------------------------------------------------------------ reading

    @property
    def locked(self) -> bool:
        """Whether the app is locked now."""
        return self._locked

    @property
    def settings(self) -> LockSettings:
        """The idle time."""
        return self._settings

    @property
    def protection(self) -> StoreProtection:
        """How the store is protected."""
        return self._protection

    def lock_screens(self) -> list[LockScreen]:
        """The unlock forms on screen while locked (one per covered window but the projector)."""
        return [c.cover for c in self._covered if isinstance(c.cover, LockScreen)]

    def main_lock_screen(self) -> LockScreen | None:
        """The lock screen over the main window, while locked."""
        for covered in self._covered:
            if covered.host is self._window and isinstance(covered.cover, LockScreen):
                return covered.cover
        return None

    # ------------------------------------------------------------------ acting

    def lock(self) -> None:
        """Save the note being typed, then hide everything until unlocked."""
        if self._locked:
            return
        self._commit_drafts()
        self._locked = True
        # While locked, a window that appears must be seen at once, to be covered.
        self._listen(True)
        focus = QApplication.focusWidget()
        self._focus = focus
        QToolTip.hideText()
        for widget in QApplication.topLevelWidgets():
            if not widget.isVisible() or not self._is_ours(widget):
                continue
            if widget.windowType() in (Qt.WindowType.Popup, Qt.WindowType.ToolTip):
                widget.close()
                continue
            self._cover(widget)
        if not any(c.host is self._window for c in self._covered):
            self._cover(self._window)
        screen = self.main_lock_screen()
        modal = QApplication.activeModalWidget()
        target = next((c.cover for c in self._covered if c.host is modal), screen)
        if target is not None:
            target.setFocus(Qt.FocusReason.OtherFocusReason)
        self.locked_changed.emit(True)

    def follow_windows(self, lock_action: QAction) -> None:
        """Let ``lock_action``'s key (Ctrl+L) work in every window of ours as it becomes active.

        A dialog in front (a consent form, say) shadows the main window's shortcuts, and stepping
        away in the middle of one is when the key is needed most. The action is added to each of
        our windows when it first becomes active: no filter over every event is needed for it.
        """
        self._lock_action = lock_action
        app = QGuiApplication.instance()
        if isinstance(app, QGuiApplication):
            app.focusWindowChanged.connect(self._on_focus_window_changed)

    def _on_focus_window_changed(self) -> None:
        active = QApplication.activeWindow()
        action = self._lock_action
        if (
            self._stopped
            or action is None
            or active is None
            or active is self._window
            or not self._is_ours(active)
            or action in active.actions()
        ):
            return
        active.addAction(action)

    def touch(self) -> None:
        """Count now as the facilitator's last input (e.g. after a dialog of ours closed)."""
        self._last_input = self._wall()

    # ------------------------------------------------------------------ events

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Note input while unlocked; cover a window that appears while locked."""
        kind = event.type()
        if watched is self._window and kind == QEvent.Type.Close:
            self._stop()
        elif kind in _INPUT_EVENTS:
            if not self._locked:
                self._last_input = self._wall()
                # One input per tick is all the idle time needs; until the next tick the filter
                # stays out of the way of the work this input starts (building a page, say).
                self._listen(False)
        elif (
            kind == QEvent.Type.Show
            and self._locked
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and watched.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
            and self._is_ours(watched)
            and not any(c.host is watched for c in self._covered)
        ):
            self._cover(watched)
        return False

    # ------------------------------------------------------------------ internals

    def _is_ours(self, widget: QWidget) -> bool:
        """Whether ``widget`` is the main window, one of its windows, or a window of no owner."""
        if widget is self._window:
            return True
        owner = widget.parentWidget()
        if owner is None:
            # A window with no owner belongs to the app as a whole; another main window (a
            # second app window, as in tests) keeps its own lock, and a main window no longer
            # shown claims nothing.
            return self._window.isVisible() and not isinstance(widget, QMainWindow)
        while owner is not None:
            if owner is self._window:
                return True
            owner = owner.parentWidget()
        return False

    def _listen(self, on: bool) -> None:
        """Watch every event of the app (``True``), or none until the next tick."""
        app = QCoreApplication.instance()
        if app is None or on == self._listening:
            return
        if on:
            app.installEventFilter(self)
        else:
            app.removeEventFilter(self)
        self._listening = on

    def _stop(self) -> None:
        # The window is closing: the app is ending, and nothing is left to lock.
        self._stopped = True
        self._tick.stop()
        self._listen(False)
        self._window.removeEventFilter(self)

    def _on_tick(self) -> None:
        if self._stopped or not self._window.isVisible():
            # Not shown yet, or hidden for good: there is nothing on screen to protect.
            return
        self._listen(True)
        now = self._wall()
        # A clock set back would otherwise postpone the lock by as long: count from now.
        self._last_input = min(self._last_input, now)
        if not self._locked and now - self._last_input >= self._settings.idle_seconds:
            self.lock()

    def _commit_drafts(self) -> None:
        live = self._window.live
        if live is None:
            return
        editor = live.note_editor
        if editor.draft.strip():
            # Saved like Ctrl+Enter; if the store refuses, the text stays in the (hidden) field.
            editor.save()

    def _cover(self, host: QWidget) -> None:
        covered = _Covered(host, self._make_cover(host), host.windowTitle())
        if not isinstance(host, ProjectorWindow):
            host.setWindowTitle(_tr("Circle Facilitator"))
        if isinstance(host, QMainWindow):
            central = host.centralWidget()
            if central is not None and central.isVisible():
                central.hide()
                covered.central = central
        for child in host.findChildren(QWidget, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if child is not covered.cover and not child.isWindow() and child.isEnabled():
                child.setEnabled(False)
                covered.disabled.append(child)
        if host is not self._window and not isinstance(host, ProjectorWindow):
            width, height = host.width(), host.height()
            if width < _MIN_COVERED[0] or height < _MIN_COVERED[1]:
                covered.size = (width, height)
                host.resize(max(width, _MIN_COVERED[0]), max(height, _MIN_COVERED[1]))
        self._covered.append(covered)
        assert isinstance(covered.cover, LockScreen | BlankCover)
        covered.cover.cover()

    def _make_cover(self, host: QWidget) -> QWidget:
        if isinstance(host, ProjectorWindow):
            return BlankCover(host)
        screen = LockScreen(host, self._protection.unlocker(), self._tasks)
        screen.unlocked.connect(self._unlock)
        return screen

    def _record_failed_unlocks(self) -> None:
        """Put the passphrases refused at the lock screen into the audit trail, as a count.

        The lock screen counts refusals beside the key file, as start-up does; the store is
        open, so the count goes into the trail now rather than at the next start.
        """
        path, store = self._protection.db_path, self._window.store
        if not self._protection.encrypted or path is None or store is None:
            return
        from facilitator.security.audit_chain import AuditKind  # noqa: PLC0415 - rare
        from facilitator.security.keyfile import record_failed_unlock, take_failed_unlocks  # noqa: PLC0415
        from facilitator.storage.errors import StoreError  # noqa: PLC0415

        count = take_failed_unlocks(path)
        if not count:
            return
        try:
            store.audit.record(AuditKind.UNLOCK_FAILED, count=count)
        except StoreError:
            # Not lost: counted again, for the next open of the store to record.
            for _ in range(count):
                record_failed_unlock(path)

    def _unlock(self) -> None:
        if not self._locked:
            return
        covered, self._covered = self._covered, []
        for item in covered:
            item.cover.hide()
            item.cover.deleteLater()
            for child in item.disabled:
                child.setEnabled(True)
            if item.central is not None:
                item.central.show()
            if item.size is not None:
                item.host.resize(*item.size)
            item.host.setWindowTitle(item.title)
        self._locked = False
        self._last_input = self._wall()
        self._record_failed_unlocks()
        focus, self._focus = self._focus, None
        if focus is not None:
            # A widget deleted while locked raises; Qt then places the focus itself.
            with contextlib.suppress(RuntimeError):
                focus.setFocus(Qt.FocusReason.OtherFocusReason)
        self.locked_changed.emit(False)


def install_lock(
    window: MainWindow,
    tasks: TaskRunner,
    protection: StoreProtection,
    settings: LockSettings | None = None,
    *,
    wall: Callable[[], float] = time.time,
) -> LockController:
    """Put the lock on ``window``: the controller, Ctrl+L, and a Security menu.

    The menu offers "Lock now", the idle time, and (for encrypted records) "Change passphrase…".
    """
    lock = LockController(window, tasks, protection, settings or LockSettings(), wall=wall)

    def change_passphrase() -> None:
        from ui.security.change_dialog import ChangePassphraseDialog  # noqa: PLC0415 - rare

        unlocker = protection.unlocker()
        if unlocker is not None:
            dialog = ChangePassphraseDialog(unlocker, tasks, window)
            dialog.accepted.connect(
                lambda: window.statusBar().showMessage(_tr("The passphrase was changed."), 8000)
            )
            dialog.finished.connect(dialog.deleteLater)
            dialog.open()

    def choose_idle_time() -> None:
        dialog = IdleTimeDialog(lock.settings, window)
        dialog.finished.connect(dialog.deleteLater)
        dialog.open()

    actions = build_actions(window, {"lock": lock.lock}, APP_ACTIONS)
    lock.follow_windows(actions["lock"])
    menu = window.menuBar().addMenu(_tr("&Security"))
    menu.addAction(actions["lock"])
    menu.addAction(_tr("Lock after idle time…")).triggered.connect(choose_idle_time)
    if protection.unlocker() is not None:
        menu.addAction(_tr("Change passphrase…")).triggered.connect(change_passphrase)
    return lock
