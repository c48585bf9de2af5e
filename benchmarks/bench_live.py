""" "Next holder" key press to repaint, with the event committed (WAL, synchronous=FULL).

A real LiveView over a real store file; each sample is one Space key press delivered to the
circle (the command runs, the event commits, the widgets are told), then a synchronous repaint
of the whole view. Goal: p99 under 16 ms (one frame at 60 Hz).
"""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from benchmarks.summary import summarize_ms
from facilitator.demo import demo_participants
from facilitator.domain.case import Case
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.store import Store
from ui.live.live_view import LiveView
from ui.live.pyside_guard import keep_singletons_alive
from ui.session_controller import SessionController

PRESSES = 300


def run() -> list[dict[str, Any]]:
    app = QApplication.instance() or QApplication([])
    keep_singletons_alive()  # as the app does at start (ui/live/pyside_guard.py)
    template = load_templates(builtin_templates_dir()).templates["peacemaking-circle"]
    people = demo_participants()
    samples: list[float] = []
    with (
        tempfile.TemporaryDirectory() as tmp,
        Store.open(f"sqlite:///{Path(tmp)}/b.sqlite3") as store,
    ):
        case = store.add_case(Case(reference="BENCH"))
        info = store.create_session(SessionInfo(case_id=case.id, template=template), people)
        for p in people:
            store.record_consent(info.id, ConsentRecord(p.id, "K", FakeClock().wall()))
        clock = FakeClock()
        controller = SessionController.start(store, info.id, clock, keeper_id=people[0].id)
        view = LiveView(controller)
        view.resize(1366, 768)
        view.show()
        app.processEvents()
        phase = next(i for i, p in enumerate(template.phases) if p.rounds)
        controller.enter_phase(phase)
        controller.start_round(0)
        for _ in range(PRESSES + 20):
            if controller.state.next_in_rotation() is None:
                controller.start_round(0)
            clock.advance(5)
            start = time.perf_counter()
            QTest.keyClick(view.circle, Qt.Key.Key_Space)
            view.repaint()
            samples.append((time.perf_counter() - start) * 1000)
        controller.close()
        view.close()
    summary = summarize_ms(samples[20:])
    p99 = summary["p99_ms"]
    return [
        {
            "name": '"next holder" key to repaint, event committed',
            **summary,
            "baseline": None,
            "baseline_median_ms": None,
            "ratio": None,
            "goal": "p99 < 16 ms",
            "ok": p99 < 16,
        }
    ]
