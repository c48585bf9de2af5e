"""Child process for the lazy-import test: the real start path, modules noted at two moments.

Usage: python lazy_imports_child.py DB_URL [MODULE]

MODULE, if given, is imported first (the test's proof that the probe can see an import).

Runs ``ui.app.start`` (the path ``circle-facilitator`` takes) and prints one JSON line with the
heavy modules loaded at the first paint of the main window, then one when the store is open and
the home list shown, then quits.
"""

from __future__ import annotations

import importlib
import json
import sys

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication

from ui.app import start
from ui.main_window import MainWindow

HEAVY = ("pyhanko", "alembic", "reportlab")


def loaded() -> list[str]:
    """The heavy top-level packages imported so far."""
    return sorted({m.split(".")[0] for m in sys.modules} & set(HEAVY))


class _Watch(QObject):
    def __init__(self, app: QApplication) -> None:
        super().__init__()
        self.app = app
        self.painted = False
        self.poll = QTimer(self)
        self.poll.setInterval(10)
        self.poll.timeout.connect(self.check_open)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and not self.painted:
            self.painted = True
            print(json.dumps({"moment": "first_paint", "loaded": loaded()}), flush=True)
            self.poll.start()
        return False

    def check_open(self) -> None:
        windows = [w for w in self.app.topLevelWidgets() if isinstance(w, MainWindow)]
        if windows and windows[0].store is not None:
            self.poll.stop()
            # Let the home list fill and paint as a facilitator would see it.
            QTimer.singleShot(200, self.report_open)

    def report_open(self) -> None:
        print(json.dumps({"moment": "store_open", "loaded": loaded()}), flush=True)
        self.app.quit()


def main() -> int:
    if len(sys.argv) > 2:
        importlib.import_module(sys.argv[2])
    app = QApplication(sys.argv[:1])
    watch = _Watch(app)
    app.installEventFilter(watch)
    return start(sys.argv[1], app)


if __name__ == "__main__":
    sys.exit(main())
