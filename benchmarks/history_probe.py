"""Child process for the history benchmark: start the app, show the history, report, exit.

``python -m benchmarks.history_probe STORE_URL SETTINGS_FILE`` starts the way the app starts (the
main window paints; the start flow reads the sessions early and lists them, then opens the store
on a worker), opens the history page as soon as the app can show it (the early list, or the
store once attached when there is no early list), and prints ``painted`` when the history table
first paints with rows in it, then ``page_ms <milliseconds>``: the part of that spent after the
list's source was ready (building the history page, its first query and its first rows).

Once the store is attached it scrolls to the end of the list and sorts it by another column
(the work a facilitator does next), and prints ``opened_ms <milliseconds>``, the time from the
first rows painted to the store attached, and ``rss <kilobytes>``: the peak resident memory of
the whole process: ``VmHWM`` of ``/proc/self/status``, not ``ru_maxrss``, which on Linux keeps
the high-water mark of the parent the process was forked from (the benchmark runner, which may
have just built the 10,000-session store in memory).
"""

from __future__ import annotations

import resource
import sys
import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import QApplication


class _RowsPainted(QObject):
    """Says when the watched viewport paints while its table has rows."""

    def __init__(self, has_rows: object, done: object) -> None:
        super().__init__()
        self._has_rows = has_rows
        self._done = done

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Paint and self._has_rows():  # type: ignore[operator]
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self._done)  # type: ignore[arg-type]
        return False


def _peak_kb() -> int:
    """This process's peak resident set in KiB (its own, since its exec)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # elsewhere: the best there is


def main() -> int:
    url, settings_file = sys.argv[1], sys.argv[2]
    app = QApplication(sys.argv[:1])
    from facilitator.engine.clock import SystemClock  # noqa: PLC0415 - part of what is measured
    from ui.app import begin_start  # noqa: PLC0415
    from ui.main_window import MainWindow  # noqa: PLC0415
    from ui.tasks import TaskRunner  # noqa: PLC0415

    tasks = TaskRunner()
    window = MainWindow(SystemClock(), tasks)
    window.resize(1366, 768)
    window.show()
    settings = QSettings(settings_file, QSettings.Format.IniFormat)
    watchers: list[_RowsPainted] = []
    source_at: list[float] = []
    painted_at: list[float] = []
    attached: list[bool] = []

    def after_first_rows() -> None:
        painted_at.append(time.perf_counter())
        print("painted", flush=True)
        print(f"page_ms {(painted_at[0] - source_at[0]) * 1000:.3f}", flush=True)
        if attached:
            after_attached()

    def after_attached() -> None:
        print(f"opened_ms {(time.perf_counter() - painted_at[0]) * 1000:.3f}", flush=True)
        history = window.lookback.history
        assert history is not None
        history.table.scrollToBottom()
        app.processEvents()
        history.table.horizontalHeader().setSortIndicator(1, Qt.SortOrder.AscendingOrder)
        app.processEvents()
        history.table.scrollToBottom()
        app.processEvents()
        print(f"rss {_peak_kb()}", flush=True)
        app.quit()

    def show_history() -> None:
        source_at.append(time.perf_counter())
        history = window.show_history()
        assert history is not None
        watcher = _RowsPainted(lambda: history.model.rowCount() > 0, after_first_rows)
        watchers.append(watcher)
        history.table.viewport().installEventFilter(watcher)

    def opened() -> None:
        attached.append(True)
        if not source_at:
            show_history()  # No early list (not a plain SQLite store): the store's own.
        elif painted_at:
            after_attached()

    def after_first_paint() -> None:
        flow = begin_start(window, tasks, url, app.quit, settings=settings)
        flow.early_listed.connect(lambda _early: show_history())
        # Connected after the flow's own slot, so the window has the store when this runs.
        flow.opened.connect(lambda _result: opened())

    window.first_painted.connect(lambda: QTimer.singleShot(0, after_first_paint))
    try:
        return app.exec()
    finally:
        tasks.wait()
        window.detach()


if __name__ == "__main__":
    sys.exit(main())
