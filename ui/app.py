"""The composition root: open the store, build the window, wire them, run the event loop."""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence

from PySide6.QtWidgets import QApplication, QMessageBox

from facilitator.demo import create_demo
from facilitator.storage.database import resolve_url
from facilitator.storage.store import Store, StoreError
from ui.main_window import MainWindow


def run_app(db: str | None, argv: Sequence[str]) -> int:
    """Open the app on the store at ``db`` (or the default); returns the exit code."""
    app = QApplication.instance() or QApplication(list(argv))
    assert isinstance(app, QApplication)
    app.setApplicationName("Circle Facilitator")
    app.setOrganizationName("Circle Facilitator")
    try:
        store = Store.open(resolve_url(db, os.environ))
    except StoreError as exc:
        QMessageBox.critical(None, app.tr("Cannot open the store"), str(exc))
        return 1
    with store:
        window = build_main_window(store)
        window.show()
        return app.exec()


def build_main_window(store: Store) -> MainWindow:
    """Build the main window over ``store`` and connect it to the actions it asks for."""
    window = MainWindow(store.list_sessions)

    def _on_window_demo_requested() -> None:
        create_demo(store)
        window.refresh()

    window.demo_requested.connect(_on_window_demo_requested)
    return window


if __name__ == "__main__":
    sys.exit(run_app(None, sys.argv))
