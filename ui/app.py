"""The composition root: show the window, open the store and templates, wire them, run.

The window paints first; the store (and SQLAlchemy, the heaviest import) opens on a worker and
is handed to the window when ready. A facilitator sees the app at once, and the GUI thread never
waits on the disk. Only after the first paint does the start flow (``ui/security/start_flow.py``)
look at the store: a new file asks how to protect it, an encrypted one asks for the passphrase.
Once the store is attached, the lock (``ui/lock.py``) is put on the window.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QTimer
from PySide6.QtWidgets import QApplication

from facilitator.engine.clock import Clock, SystemClock
from ui.gc_guard import MainThreadCollector
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from facilitator.processes import TemplateSet
    from facilitator.security.keyfile import KdfParams
    from facilitator.storage.store import Store
    from ui.lock import LockController
    from ui.security.lock_settings import LockSettings
    from ui.security.protection import StoreProtection
    from ui.security.start_flow import OpenedStore, StartFlow

APP_NAME = "Circle Facilitator"
#: Where QSettings keeps the app's preferences (the lock's idle time): named explicitly, so
#: nothing depends on what the QApplication happens to be called.
SETTINGS_ORGANISATION = "Circle Facilitator"
SETTINGS_APPLICATION = "circle-facilitator"


def agency_templates_dir() -> Path:
    """Where an agency drops its own process templates (they override built-ins by id)."""
    from platformdirs import user_data_dir  # noqa: PLC0415 - off the first paint

    return Path(user_data_dir("circle-facilitator")) / "templates" / "processes"


def load_process_templates() -> TemplateSet:
    """Built-in templates, then the agency's own (a missing agency folder is fine)."""
    # Off the first paint: start-up imports only what the first window needs.
    from facilitator.processes import builtin_templates_dir, load_templates  # noqa: PLC0415

    agency = agency_templates_dir()
    dirs = [builtin_templates_dir()] + ([agency] if agency.is_dir() else [])
    return load_templates(*dirs)


def open_store(db: str | None) -> Store:
    """Resolve and open the store (slow: imports SQLAlchemy, may migrate). Worker-safe."""
    from facilitator.storage.database import resolve_url  # noqa: PLC0415 - heavy, off start-up
    from facilitator.storage.store import Store  # noqa: PLC0415 - heavy, off start-up

    return Store.open(resolve_url(db, os.environ))


def build_main_window(
    store: Store,
    *,
    clock: Clock | None = None,
    templates: TemplateSet | None = None,
    tasks: TaskRunner | None = None,
    facilitator_name: str = "",
    protection: StoreProtection | None = None,
    lock_settings: LockSettings | None = None,
    wall: Callable[[], float] = time.time,
) -> MainWindow:
    """Build the main window over an already open store (tests and tools share this).

    The lock is put on the window too: ``protection`` says whether unlocking needs the
    passphrase (default: an unencrypted store, unlocked with a click); ``lock_settings`` holds
    the idle time (default: 5 minutes, kept in memory); ``wall`` is the clock it is measured on.
    """
    runner = tasks or TaskRunner()
    window = MainWindow(clock or SystemClock(), runner, facilitator_name)
    window.attach(store, templates if templates is not None else load_process_templates())
    secure_window(window, runner, protection, lock_settings, wall=wall)
    return window


def secure_window(
    window: MainWindow,
    tasks: TaskRunner,
    protection: StoreProtection | None = None,
    lock_settings: LockSettings | None = None,
    *,
    wall: Callable[[], float] = time.time,
) -> LockController:
    """Put the lock (idle time, Ctrl+L, the Security menu) on a window whose store is open."""
    from ui.lock import install_lock  # noqa: PLC0415 - after the first paint
    from ui.security.protection import StoreProtection  # noqa: PLC0415

    return install_lock(
        window,
        tasks,
        protection or StoreProtection(None, encrypted=False),
        lock_settings,
        wall=wall,
    )


def app_settings() -> QSettings:
    """The app's preferences, under an explicit organisation and application name."""
    return QSettings(SETTINGS_ORGANISATION, SETTINGS_APPLICATION)


def start(
    db: str | None,
    app: QApplication,
    *,
    kdf_params: KdfParams | None = None,
    settings: QSettings | None = None,
) -> int:
    """Show the main window; after its first paint, set up or unlock and open the store; run.

    Args:
        db: The ``--db`` value, if any.
        app: The application.
        kdf_params: Key-derivation settings for a new key file (``None``: the safe default).
        settings: Where preferences are kept (default: :func:`app_settings`).
    """
    tasks = TaskRunner()
    window = MainWindow(SystemClock(), tasks)
    # Before any worker runs: cycles holding Qt objects must die on this thread (ui/gc_guard.py).
    MainThreadCollector(app)
    window.show()

    def after_first_paint() -> None:
        # PySide6 6.12.0 on Python 3.11 loses a reference to None or True on every call; without
        # this the app aborts after minutes of live repainting (ui/live/pyside_guard.py). The
        # few hundred calls before the first paint are far from exhausting them.
        from ui.live.pyside_guard import keep_singletons_alive  # noqa: PLC0415 - off first paint

        keep_singletons_alive()
        begin_start(window, tasks, db, app.quit, kdf_params=kdf_params, settings=settings)

    # Open the store once the window has painted: the worker's imports would otherwise compete
    # with the first paint for the interpreter.
    window.first_painted.connect(lambda: QTimer.singleShot(0, after_first_paint))
    try:
        return app.exec()
    finally:
        tasks.wait()
        window.detach()


def begin_start(
    window: MainWindow,
    tasks: TaskRunner,
    db: str | None,
    on_quit: Callable[[], object],
    *,
    kdf_params: KdfParams | None = None,
    settings: QSettings | None = None,
    env: dict[str, str] | None = None,
    wall: Callable[[], float] = time.time,
) -> StartFlow:
    """Begin what follows the first paint: set up or unlock, open the store, then the lock.

    Args:
        window: The main window, already painted.
        tasks: Where the slow steps run.
        db: The ``--db`` value, if any.
        on_quit: Called when the facilitator quits at the set-up or unlock dialog.
        kdf_params: Key-derivation settings for a new key file (``None``: the safe default).
        settings: Where preferences are kept (default: :func:`app_settings`).
        env: The environment (default: ``os.environ``).
        wall: The wall clock the lock measures idle time on.

    Returns:
        The flow, already begun (tests drive its :attr:`~StartFlow.dialog`).
    """
    from ui.security.start_flow import StartFlow  # noqa: PLC0415 - after first paint

    flow = StartFlow(window, tasks, db, load_process_templates, kdf_params=kdf_params, env=env)

    # The lock and the store-problem screens are loaded when used: the early list of sessions
    # (StartFlow.early_listed) does not wait for them.
    def opened(result: OpenedStore) -> None:
        from ui.security.lock_settings import LockSettings  # noqa: PLC0415
        from ui.store_problem import back_up_and_warn  # noqa: PLC0415

        window.attach(result.store, result.templates)
        lock_settings = LockSettings(settings if settings is not None else app_settings())
        secure_window(window, tasks, result.protection, lock_settings, wall=wall)
        back_up_and_warn(window, tasks, result.store, "daily")

    def reopen() -> None:
        window.home.set_opening()
        flow.begin()

    def restore() -> None:
        from ui.store_problem import offer_restore  # noqa: PLC0415

        offer_restore(window, db, window.home.failure_message, reopen)

    flow.opened.connect(opened)
    window.home.restore_requested.connect(restore)
    flow.quit_requested.connect(on_quit)
    flow.begin()
    return flow


def run_app(db: str | None, argv: Sequence[str]) -> int:
    """Create the application and open it on ``db`` (or the default store)."""
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    return start(db, app)


if __name__ == "__main__":
    sys.exit(run_app(None, sys.argv))
