"""Child process for the start-up benchmark: start, paint the first window, print, exit.

``bare``: a plain QMainWindow (the baseline). ``app``: the real start path of Circle Facilitator
(``ui.app.start``) on the store given as the second argument.
The parent measures from spawning this process to reading the line printed after the first paint.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget


class _FirstPaint(QObject):
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint:
            QApplication.instance().removeEventFilter(self)  # type: ignore[union-attr]
            print("painted", flush=True)
            QApplication.quit()
        return False


def main() -> int:
    mode = sys.argv[1]
    app = QApplication(sys.argv[:1])
    probe = _FirstPaint()
    window: QWidget
    if mode == "bare":
        app.installEventFilter(probe)
        window = QMainWindow()
        window.resize(1100, 700)
        window.setWindowTitle("bare")
        window.show()
        return app.exec()
    from ui.app import start  # noqa: PLC0415 - part of what is measured

    app.installEventFilter(probe)
    return start(sys.argv[2], app)


if __name__ == "__main__":
    sys.exit(main())
