"""Start-up to the first painted main window, beside a bare PySide6 window in the same run.

Both are measured the same way: from spawning a fresh Python process to reading the line it
prints right after the first paint of its first window. Runs alternate (bare, app, bare, app...)
so both see the same noise on this shared machine. Goal: the app within 1.5x of the bare window.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.summary import summarize_ms
from facilitator.demo import create_demo
from facilitator.storage.store import Store

RUNS = 9


def _spawn(args: list[str]) -> float:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    start = time.perf_counter()
    with subprocess.Popen(
        [sys.executable, "-m", "benchmarks.first_paint_probe", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env=env,
    ) as proc:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        elapsed = time.perf_counter() - start
        proc.wait(timeout=60)
    if line.strip() != "painted":
        raise RuntimeError(f"probe {args[0]} did not paint")
    return elapsed * 1000


def run() -> list[dict[str, Any]]:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{Path(tmp) / 'bench.sqlite3'}"
        with Store.open(url) as store:
            create_demo(store)
        _spawn(["bare"])  # warm the file cache for both
        _spawn(["app", url])
        bare, ours = [], []
        for _ in range(RUNS):
            bare.append(_spawn(["bare"]))
            ours.append(_spawn(["app", url]))
    mine = summarize_ms(ours)
    ratio = mine["median_ms"] / statistics.median(bare)
    return [
        {
            "name": "start-up to first painted main window",
            **mine,
            "baseline": "bare PySide6 window",
            "baseline_median_ms": statistics.median(bare),
            "ratio": ratio,
            "goal": "<= 1.5x bare",
            "ok": ratio <= 1.5,
        }
    ]
