"""pyHanko, alembic and ReportLab are imported only when they are used.

They are the heaviest imports we have; start-up to the first paint is measured against a bare
window (``make bench``), and a normal day's store open needs none of them: ReportLab renders an
agreement, pyHanko seals one, alembic migrates an older store.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from facilitator.demo import create_demo
from facilitator.storage.store import Store

CHILD = Path(__file__).with_name("lazy_imports_child.py")
ROOT = Path(__file__).resolve().parents[1]


def _moments(url: str, preload: str = "") -> dict[str, list[str]]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, str(CHILD), url, *([preload] if preload else [])],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    return {line["moment"]: line["loaded"] for line in lines}


def test_no_heavy_import_at_first_paint_or_on_a_normal_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    with Store.open(url) as store:  # created at the newest schema, with a day's data
        create_demo(store)
    moments = _moments(url)
    assert moments == {"first_paint": [], "store_open": []}


def test_the_probe_sees_a_heavy_import(tmp_path: Path) -> None:
    # The child told to import ReportLab before the window reports it: the probe can fail.
    url = f"sqlite:///{tmp_path / 'store.sqlite3'}"
    with Store.open(url) as store:
        create_demo(store)
    moments = _moments(url, preload="reportlab.pdfgen.canvas")
    assert moments == {"first_paint": ["reportlab"], "store_open": ["reportlab"]}
