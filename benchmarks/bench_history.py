"""The history of 10,000 sessions: time to its first rows on screen, and the app's peak memory.

Time: from spawning a fresh process to the first paint of the history table with rows in it,
through the app's real start path (the window paints; the start flow reads the sessions early
through ``sqlite3`` and lists them; the history page is opened as soon as the app can show it;
``benchmarks/history_probe.py``), beside a bare PySide6 window measured the same way in the same
run (``benchmarks/first_paint_probe.py bare``), alternating the two. Goal: at most 3x the bare
window.

Two more rows say what that figure leaves out. The history page's own share (from its list being
ready to the first rows painted: building the page, its 10,000 ids and its first page of rows),
with a goal of 300 ms. And the start-up to the store being open behind the list (SQLAlchemy
loaded, sorting, filtering and writing offered), reported without a goal.

Memory: the peak resident set of that app process (its ``VmHWM``), read after it also scrolled
to the end of the list and sorted it by another column. Goal: under 200 MB for the whole app.

The store is the sample store of ``benchmarks/sample_store.py`` (10,000 sessions with their
people, event logs, notes and agreements), built once and cached; each run works on a copy.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.sample_store import cached_sample_store
from benchmarks.summary import summarize, summarize_ms

SESSIONS = 10_000
RUNS = 7
RATIO_GOAL = 3.0
MEMORY_GOAL_MB = 200.0
#: The history page's own share: it should feel like switching a page, not like loading.
PAGE_GOAL_MS = 300.0


def _spawn(module: str, args: list[str]) -> tuple[float, list[str]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", module, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as proc:
        assert proc.stdout is not None
        first = proc.stdout.readline()
        elapsed = time.perf_counter() - start
        rest = proc.stdout.read().split()
        proc.wait(timeout=120)
    if first.strip() != "painted":
        raise RuntimeError(f"{module} did not paint")
    return elapsed * 1000, rest


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory(prefix="cf-bench-history-") as tmp:
        path = Path(tmp) / "history.sqlite3"
        shutil.copyfile(cached_sample_store(SESSIONS), path)
        url = f"sqlite:///{path}"
        settings = str(Path(tmp) / "settings.ini")
        app = ("benchmarks.history_probe", [url, settings])
        bare = ("benchmarks.first_paint_probe", ["bare"])
        _spawn(*bare)  # warm the file cache for both
        _spawn(*app)
        base_ms: list[float] = []
        ours_ms: list[float] = []
        peaks_mb: list[float] = []
        pages_ms: list[float] = []
        opened_ms: list[float] = []
        for _ in range(RUNS):
            base_ms.append(_spawn(*bare)[0])
            elapsed, rest = _spawn(*app)
            ours_ms.append(elapsed)
            peaks_mb.append(int(rest[rest.index("rss") + 1]) / 1024)
            pages_ms.append(float(rest[rest.index("page_ms") + 1]))
            opened_ms.append(elapsed + float(rest[rest.index("opened_ms") + 1]))
    mine = summarize_ms(ours_ms)
    bare_median = statistics.median(base_ms)
    ratio = mine["median_ms"] / bare_median
    peak = max(peaks_mb)
    return [
        {
            "name": f"start-up to the history of {SESSIONS:,} sessions painted",
            **mine,
            "baseline": "bare PySide6 window",
            "baseline_median_ms": bare_median,
            "ratio": ratio,
            "goal": f"<= {RATIO_GOAL:g}x bare",
            "ok": ratio <= RATIO_GOAL,
        },
        {
            "name": f"history page of {SESSIONS:,} sessions, list ready to first rows painted",
            **summarize_ms(pages_ms),
            "goal": f"< {PAGE_GOAL_MS:g} ms",
            "ok": statistics.median(pages_ms) < PAGE_GOAL_MS,
        },
        {
            "name": "start-up to the store open behind that list (sorting, filtering, writing)",
            **summarize_ms(opened_ms),
            "goal": "reported",
            "ok": True,
        },
        {
            "name": f"peak memory of the app with the history of {SESSIONS:,} sessions",
            **summarize(peaks_mb, "MB"),
            "goal": f"< {MEMORY_GOAL_MB:g} MB",
            "ok": peak < MEMORY_GOAL_MB,
        },
    ]


if __name__ == "__main__":
    print(run())
