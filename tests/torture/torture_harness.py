"""The test side of the crash torture: a victim server, and the checks made after each kill."""

from __future__ import annotations

import json
import os
import queue
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHILD = Path(__file__).with_name("torture_child.py")
ROOT = Path(__file__).resolve().parents[2]
#: Longest wait for a line the victim or the server must print (the machine is shared).
PATIENCE_S = 60.0


@dataclass
class Outcome:
    """What one victim printed before it died (or finished)."""

    lines: list[dict[str, Any]] = field(default_factory=list)
    killed: bool = False
    status: int = 0

    def first(self, key: str) -> dict[str, Any] | None:
        """The first line holding ``key``."""
        return next((line for line in self.lines if key in line), None)


class VictimServer:
    """Starts ``torture_child.py`` once; each :meth:`run` forks, maybe kills, one victim."""

    def __init__(self, home: Path) -> None:
        env = {
            **os.environ,
            "QT_QPA_PLATFORM": "offscreen",
            "PYTHONPATH": str(ROOT),
            # The sealing key is made on first use: in the test's folder, never the user's.
            "CIRCLE_FACILITATOR_KEYS": str(home / "keys"),
        }
        self._proc = subprocess.Popen(
            [sys.executable, str(CHILD)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=env,
        )
        self._lines: queue.Queue[dict[str, Any] | None] = queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self._proc.stdout is not None
        for line in self._proc.stdout:
            self._lines.put(json.loads(line))
        self._lines.put(None)

    def _next(self, timeout: float) -> dict[str, Any] | None:
        """The next line, or ``None`` when ``timeout`` passed first."""
        try:
            line = self._lines.get(timeout=max(timeout, 0.0))
        except queue.Empty:
            return None
        if line is None:
            raise AssertionError("the victim server stopped")
        if "error" in line:
            raise AssertionError(f"a victim failed on its own: {line['error']}")
        return line

    def run(self, request: dict[str, Any], *, after: str | None, delay_s: float) -> Outcome:
        """Fork a victim for ``request`` and SIGKILL it ``delay_s`` after it printed ``after``.

        With ``after=None`` the delay counts from the fork. A victim that finished before the
        delay is not killed (``killed`` is false).
        """
        assert self._proc.stdin is not None
        self._proc.stdin.write(json.dumps(request) + "\n")
        self._proc.stdin.flush()
        forked = self._next(PATIENCE_S)
        assert forked is not None
        assert "forked" in forked, forked
        pid = forked["forked"]
        outcome = Outcome()
        deadline = None if after is not None else time.monotonic() + delay_s
        while True:
            wait = PATIENCE_S if deadline is None else deadline - time.monotonic()
            line = self._next(wait)
            if line is None:
                if deadline is None:
                    raise AssertionError(f"the victim never printed {after!r}")
                break
            if "reaped" in line:
                outcome.status = line["status"]
                return outcome
            outcome.lines.append(line)
            if deadline is None and after in line:
                deadline = time.monotonic() + delay_s
        try:
            os.kill(pid, signal.SIGKILL)
            outcome.killed = True
        except ProcessLookupError:
            pass  # it finished, and was reaped, just before the deadline
        while True:
            line = self._next(PATIENCE_S)
            if line is None:
                raise AssertionError("the killed victim was never reaped")
            if "reaped" in line:
                outcome.status = line["status"]
                return outcome
            outcome.lines.append(line)

    def close(self) -> None:
        """Stop the server."""
        assert self._proc.stdin is not None
        self._proc.stdin.close()
        self._proc.wait(timeout=PATIENCE_S)
        self._reader.join(timeout=PATIENCE_S)
        assert self._proc.stdout is not None
        self._proc.stdout.close()


def integrity(path: Path) -> str:
    """SQLite's own verdict on the file (recovering its write-ahead log first, as the app does)."""
    conn = sqlite3.connect(path)
    try:
        return str(conn.execute("PRAGMA integrity_check").fetchone()[0])
    finally:
        conn.close()
