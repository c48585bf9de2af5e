"""Run something once a window has painted what was just put on it."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget


class _AfterPaint(QObject):
    def __init__(self, window: QWidget, work: Callable[[], object], fallback_ms: int) -> None:
        super().__init__(window)
        self._window = window
        self._work = work
        self._done = False
        window.installEventFilter(self)
        # In case nothing on the window needs painting (or it is hidden): never wait for ever.
        QTimer.singleShot(fallback_ms, self, self._run)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if watched is self._window and event.type() == QEvent.Type.UpdateRequest:
            # The filter sees the request before the window paints; the zero timer runs after.
            QTimer.singleShot(0, self, self._run)
        return False

    def _run(self) -> None:
        if self._done:
            return
        self._done = True
        self._window.removeEventFilter(self)
        self._work()
        self.deleteLater()


def after_next_paint(window: QWidget, work: Callable[[], object], fallback_ms: int = 250) -> None:
    """Call ``work`` once ``window`` has next painted (or after ``fallback_ms`` at the latest).

    For work that holds the interpreter (imports on a worker): begun before the paint, it would
    slow the paint of what the facilitator is waiting to see.
    """
    _AfterPaint(window.window(), work, fallback_ms)
