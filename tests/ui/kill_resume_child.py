"""Child process for the kill-and-resume test: runs a session through the window's controller.

Usage: python kill_resume_child.py DB_URL SESSION_ID KEEPER_ID PAUSE_AFTER

After each command that returned (its events committed) it prints one JSON line describing what
was acknowledged. After PAUSE_AFTER commands it prints "paused" and waits to be killed; with
PAUSE_AFTER = -1 it runs its loop as fast as it can until it is killed.
"""

from __future__ import annotations

import itertools
import json
import sys

from PySide6.QtCore import QCoreApplication

from facilitator.domain.notes import NoteKind, Visibility
from facilitator.engine.clock import SystemClock
from facilitator.storage.store import Store
from ui.session_controller import SessionController


def main() -> int:
    url, session_id, keeper_id, pause_after = sys.argv[1:5]
    app = QCoreApplication(sys.argv[:1])
    store = Store.open(url)
    controller = SessionController.start(store, session_id, SystemClock(), keeper_id=keeper_id)
    live = controller.live
    count = 0

    def ack(command: str) -> None:
        nonlocal count
        count += 1
        state = live.state
        timers = state.timers(state.last_t)
        print(
            json.dumps(
                {
                    "n": count,
                    "command": command,
                    "seq": state.last_seq,
                    "holder": state.holder,
                    "round_no": state.round.round_no if state.round else None,
                    "phase": state.phase_index,
                    "notes": {nid: n.text for nid, n in state.notes.items()},
                    "timers": [
                        timers.session.elapsed,
                        timers.phase.elapsed,
                        timers.round.elapsed,
                        timers.speaker.elapsed,
                    ],
                },
                ensure_ascii=False,
            ),
            flush=True,
        )

    assert controller.enter_phase(3)
    ack("enter_phase")
    for i in itertools.count():
        if live.state.round is None or live.state.next_in_rotation() is None:
            assert controller.start_round(0)
            ack("start_round")
        assert controller.next_holder()
        ack("next_holder")
        note = controller.add_note(
            NoteKind.OBSERVATION, f"note {i} — Ἀθηνᾶ ✓", Visibility.SHAREABLE
        )
        assert note is not None
        ack("add_note")
        if i % 3 == 2:
            assert controller.pass_turn()
            ack("pass")
        if int(pause_after) >= 0 and count >= int(pause_after):
            print("paused", flush=True)
            sys.stdin.readline()  # killed here
            return 0
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
