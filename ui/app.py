"""The composition root: show the window, open the store and templates, wire them, run.

The window paints first; the store (and SQLAlchemy, the heaviest import) opens on a worker and
is handed to the window when ready. A facilitator sees the app at once, and the GUI thread never
waits on the disk.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from facilitator.engine.clock import Clock, SystemClock
from ui.main_window import MainWindow
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from facilitator.processes import TemplateSet
    from facilitator.storage.store import Store

APP_NAME = "Circle Facilitator"


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
) -> MainWindow:
    """Build the main window over an already open store (tests and tools share this)."""
    window = MainWindow(clock or SystemClock(), tasks or TaskRunner(), facilitator_name)
    window.attach(store, templates if templates is not None else load_process_templates())
    return window


def start(db: str | None, app: QApplication) -> int:
    """Show the main window, open the store on a worker, run the event loop."""
    tasks = TaskRunner()
    window = MainWindow(SystemClock(), tasks)
    window.show()

    def work() -> tuple[Store, TemplateSet]:
        return open_store(db), load_process_templates()

    def done(result: tuple[Store, TemplateSet]) -> None:
        window.attach(*result)

    def after_first_paint() -> None:
        # PySide6 6.12.0 on Python 3.11 loses a reference to None or True on every call; without
        # this the app aborts after minutes of live repainting (ui/live/pyside_guard.py). The
        # few hundred calls before the first paint are far from exhausting them.
        from ui.live.pyside_guard import keep_singletons_alive  # noqa: PLC0415 - off first paint

        keep_singletons_alive()
        tasks.run(work, done, window.show_open_error)

    # Open the store once the window has painted: the worker's imports would otherwise compete
    # with the first paint for the interpreter.
    window.first_painted.connect(lambda: QTimer.singleShot(0, after_first_paint))
    try:
        return app.exec()
    finally:
        tasks.wait()
        window.detach()


def run_app(db: str | None, argv: Sequence[str]) -> int:
    """Create the application and open it on ``db`` (or the default store)."""
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    return start(db, app)


if __name__ == "__main__":
    sys.exit(run_app(None, sys.argv))
