"""Render the main screens with the demo case to docs/screenshots/*.png (offscreen).

Run with ``make screenshots``. Everything shown is the fictional demo case.
"""

from __future__ import annotations

import os
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from facilitator.demo import create_demo, demo_participants
from facilitator.domain.case import Case
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.engine.session import LiveSession
from facilitator.storage.store import Store
from ui.app import build_main_window, load_process_templates

OUT = Path("docs/screenshots")
SIZE = (1366, 768)
WALL = datetime(2026, 3, 7, 17, 30, tzinfo=UTC)


def settle(ms: int = 450) -> None:
    """Let layouts, paints and the piece's animation finish."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def save(widget: QWidget, name: str) -> None:
    settle()
    path = OUT / f"{name}.png"
    widget.grab().save(str(path))
    print(f"wrote {path}")


def planned_circle(store: Store, case_id: str) -> str:
    templates = load_process_templates().templates
    people = demo_participants()
    people[0] = people[0].replace(role=Role.KEEPER)
    info = store.create_session(
        SessionInfo(
            case_id=case_id, template=templates["peacemaking-circle"], title="Follow-up circle"
        ),
        people,
    )
    for p in people[:-2]:
        store.record_consent(info.id, ConsentRecord(p.id, "A. Ngata", WALL))
    return info.id


def running_conference(store: Store, case_id: str, clock: FakeClock) -> str:
    template = load_process_templates().templates["restorative-conference"]
    people = demo_participants()
    info = store.create_session(
        SessionInfo(case_id=case_id, template=template, title="Conference"), people
    )
    consents = [
        store.record_consent(info.id, ConsentRecord(p.id, "A. Ngata", WALL)) for p in people
    ]
    live = LiveSession.start(
        store.event_log(info.id),
        clock,
        template=template,
        participants=people,
        consents=consents,
        keeper_id=people[0].id,
    )
    live.enter_phase(1)
    live.start_round(0)
    live.next_holder()
    clock.advance(140)
    live.add_note(
        NoteKind.OBSERVATION,
        "Jamie spoke quietly but looked at Marta throughout; took responsibility without "
        "being prompted.",
    )
    clock.advance(65)
    live.add_note(
        NoteKind.AGREEMENT_IDEA,
        "Jamie offers to help repaint the shed on two Saturdays.",
        Visibility.SHAREABLE,
    )
    clock.advance(20)
    return info.id


def main() -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp, Store.open(f"sqlite:///{tmp}/demo.sqlite3") as store:
        demo = create_demo(store)
        case = store.add_case(Case(reference="DEMO-2026-021", referral_source="School"))
        clock = FakeClock(start=50.0, wall_start=WALL)
        running = running_conference(store, case.id, clock)
        planned = planned_circle(store, case.id)

        window = build_main_window(store, clock=clock)
        window.resize(*SIZE)
        window.show()
        save(window, "home")

        window.home.continue_requested.emit(planned)
        save(window, "setup")

        window.home.continue_requested.emit(running)
        live = window.live
        assert live is not None
        save(window, "live")

        live.help_overlay_toggle()
        save(window, "help")
        live.help_overlay_toggle()

        live.toggle_projector()
        projector = live.projector_window
        assert projector is not None
        projector.resize(*SIZE)
        save(projector, "projector")
        projector.close()

        agreement = window.open_agreement(demo.id)
        assert agreement is not None
        agreement.tabs.setCurrentIndex(0)
        save(window, "agreement")
        agreement.tabs.setCurrentIndex(2)
        # The sealed PDF is rendered on a worker; wait until it is shown (or give up after 15 s).
        for _ in range(60):
            if agreement.preview_panel.save_button.isEnabled():
                break
            settle(250)
        save(window, "agreement-preview")

        window.show_home()
        history = window.show_history()
        assert history is not None
        save(window, "history")
        review = window.show_review(demo.id)
        assert review is not None
        save(window, "review")
        review.tabs.setCurrentWidget(review.chart.parentWidget().parentWidget())
        save(window, "review-speaking-time")
        window.close()
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
