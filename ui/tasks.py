"""Run slow work off the GUI thread.

A task is a plain callable run on Qt's global thread pool. Its result or its error comes back
to the GUI thread through a queued signal, so callbacks may touch widgets; the worker never does.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal, Slot

T = TypeVar("T")


class _Relay(QObject):
    """Lives in the GUI thread; the worker emits through it (queued across threads)."""

    succeeded = Signal(object)
    failed = Signal(object)


class _Runnable(QRunnable, Generic[T]):
    def __init__(self, work: Callable[[], T], relay: _Relay) -> None:
        super().__init__()
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
            self._relay.failed.emit(exc)
        else:
            self._relay.succeeded.emit(result)


class TaskRunner(QObject):
    """Starts tasks and keeps their relays alive until they report back.

    Args:
        pool: The thread pool to use (the global one by default).
    """

    def __init__(self, pool: QThreadPool | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._pool = pool or QThreadPool.globalInstance()
        self._pending: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        """Whether any task has not reported back yet."""
        return bool(self._pending)

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], Any],
        on_error: Callable[[Exception], Any],
    ) -> None:
        """Run ``work`` on a worker, then ``on_done(result)`` or ``on_error(exc)`` here."""
        relay = _Relay(self)
        self._pending.add(relay)

        @Slot(object)
        def _done(result: T) -> None:
            self._finish(relay)
            on_done(result)

        @Slot(object)
        def _failed(exc: Exception) -> None:
            self._finish(relay)
            on_error(exc)

        relay.succeeded.connect(_done)
        relay.failed.connect(_failed)
        self._pool.start(_Runnable(work, relay))

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until the pool is idle (for shutdown and tests); True if it finished."""
        return bool(self._pool.waitForDone(msecs))

    def _finish(self, relay: _Relay) -> None:
        self._pending.discard(relay)
        relay.deleteLater()
