"""Run slow work off the GUI thread.

A task is a plain callable run on a Python worker thread. Its result or its error comes back to
the GUI thread through one queued signal of the runner, so callbacks may touch widgets; the
worker never does. There are no per-task Qt objects and no Python QRunnable subclasses: their
lifetimes across threads are where PySide crashes hide.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from concurrent.futures import Future, ThreadPoolExecutor

T = TypeVar("T")

_Callbacks = tuple[Callable[[Any], Any], Callable[[Exception], Any]]


class TaskRunner(QObject):
    """Starts tasks on worker threads and reports back on the thread that owns the runner.

    Args:
        workers: How many tasks may run at once.
        parent: Qt owner.
    """

    # Emitted from a worker; the runner lives in the GUI thread, so delivery is queued there.
    _reported = Signal(int, bool, object)

    def __init__(self, workers: int = 2, parent: QObject | None = None) -> None:
        super().__init__(parent)
        # Made on first use: the runner exists from start-up, its threads are needed later.
        self._workers = workers
        self._executor: ThreadPoolExecutor | None = None
        self._ids = itertools.count(1)
        self._callbacks: dict[int, _Callbacks] = {}
        self._futures: dict[int, Future[None]] = {}
        self._reported.connect(self._on_reported)

    @property
    def busy(self) -> bool:
        """Whether any task has not reported back yet."""
        return bool(self._callbacks)

    def run(
        self,
        work: Callable[[], T],
        on_done: Callable[[T], Any],
        on_error: Callable[[Exception], Any],
    ) -> None:
        """Run ``work`` on a worker, then ``on_done(result)`` or ``on_error(exc)`` here."""
        task_id = next(self._ids)
        self._callbacks[task_id] = (on_done, on_error)

        def job() -> None:
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - handed to the GUI thread, never lost
                self._reported.emit(task_id, False, exc)
            else:
                self._reported.emit(task_id, True, result)

        if self._executor is None:
            from concurrent.futures import ThreadPoolExecutor  # noqa: PLC0415 - off start-up

            self._executor = ThreadPoolExecutor(self._workers, thread_name_prefix="task")
        self._futures[task_id] = self._executor.submit(job)

    def wait(self, timeout: float = 30.0) -> bool:
        """Block until every started task has finished its work (for shutdown and tests)."""
        from concurrent.futures import wait as wait_futures  # noqa: PLC0415 - off start-up

        pending = [f for f in self._futures.values() if not f.done()]
        _done, not_done = wait_futures(pending, timeout=timeout)
        return not not_done

    def _on_reported(self, task_id: int, ok: bool, payload: object) -> None:
        self._futures.pop(task_id, None)
        callbacks = self._callbacks.pop(task_id, None)
        if callbacks is None:
            return
        on_done, on_error = callbacks
        if ok:
            on_done(payload)
        else:
            on_error(payload if isinstance(payload, Exception) else RuntimeError(str(payload)))
