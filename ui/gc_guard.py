"""Python's cycle collector, run on the GUI thread only.

CPython collects reference cycles in whichever thread happens to allocate past its threshold:
often one of our workers (opening the store, making the demo, writing a backup). A cycle that
holds a Qt wrapper (a widget and a lambda connected to it, say) is then destroyed on that worker,
and Qt objects destroyed off their thread crash the process. So the automatic collector is
switched off, and the GUI thread runs it instead, with CPython's own thresholds, on a timer.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

#: How often the GUI thread looks at the collector's counts, in milliseconds.
INTERVAL_MS = 500


class MainThreadCollector(QObject):
    """Runs the cycle collector on the thread that owns it (the GUI thread).

    Args:
        parent: Qt owner (the application); the collector runs as long as it lives.
        interval_ms: How often to look at the counts.
    """

    def __init__(self, parent: QObject | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self._thresholds = gc.get_threshold()
        gc.disable()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.check)
        self._timer.start()

    def check(self) -> int:
        """Collect the generations whose counts passed their thresholds, as CPython would.

        Returns:
            How many unreachable objects were found.
        """
        first, second, third = self._thresholds
        count0, count1, count2 = gc.get_count()
        if count0 <= first:
            return 0
        if count1 > second:
            return gc.collect(2 if count2 > third else 1)
        return gc.collect(0)
