"""Cycles that hold Qt objects are collected on the GUI thread, never on a worker."""

from __future__ import annotations

import gc
import threading
import weakref
from collections.abc import Callable

from PySide6.QtCore import QObject
from pytestqt.qtbot import QtBot

from ui.gc_guard import MainThreadCollector


class _Cycle:
    """A Qt object kept in a reference cycle, as a widget and a lambda connected to it are."""

    def __init__(self) -> None:
        self.qt = QObject()
        self.me = self


def _abandoned_cycle() -> weakref.ref[_Cycle]:
    cycle = _Cycle()
    return weakref.ref(cycle)


def _allocate_on_a_worker() -> None:
    # Containers kept alive while it runs: CPython counts allocations less deallocations, and
    # these pass every generation's threshold many times over.
    def churn() -> None:
        kept = [[] for _ in range(200_000)]
        assert kept

    worker = threading.Thread(target=churn)
    worker.start()
    worker.join()


def _with_collector_enabled(check: Callable[[], None]) -> None:
    gc.enable()
    try:
        check()
    finally:
        gc.disable()


def test_without_the_guard_a_worker_collects_the_cycle() -> None:
    # The hazard the guard is for (and proof that the test below can fail).
    def check() -> None:
        alive = _abandoned_cycle()
        _allocate_on_a_worker()
        assert alive() is None

    _with_collector_enabled(check)


def test_with_the_guard_only_the_gui_thread_collects(qtbot: QtBot) -> None:
    gc.enable()
    collector = MainThreadCollector(interval_ms=10)
    try:
        assert not gc.isenabled()
        alive = _abandoned_cycle()
        _allocate_on_a_worker()
        assert alive() is not None  # the worker's allocations collected nothing
        # The GUI thread allocating past the threshold: its timer collects, as CPython would.
        ballast = [[] for _ in range(5_000)]
        qtbot.waitUntil(lambda: alive() is None, timeout=5000)
        assert ballast
    finally:
        collector.deleteLater()
