"""Child process of the crash-torture tests: a pre-loaded server that forks one victim per kill.

Usage: ``python torture_child.py`` then, on stdin, one JSON line per victim:
``{"mode": "live"|"migrate"|"seal", ...arguments}``.

Starting Python and importing Qt, SQLAlchemy and the app takes about half a second on the CI
machine; 200 kills would spend most of their time there. So this process imports once and
forks a victim per request: the victim then runs exactly what the app runs (it opens the store,
resumes the session through :class:`~ui.session_controller.SessionController`, and drives it),
and the test SIGKILLs the victim's pid. The server reaps it and says so.

Lines on stdout (each one ``write`` of under 4 KiB, so lines of the victim and of the server
never interleave within a line):

- ``{"forked": PID}`` (server), then the victim's lines, then ``{"reaped": PID, "status": N}``;
- victim ``live``: ``{"ready": SEQ, "before": SEQ}`` once the session is resumed and one command
  went through, then one ``{"ack": ...}`` line after each command returned (its events committed):
  the events it stored as ``[seq, hash]`` pairs and the note it wrote as ``[id, hash]``; before
  an edit, ``{"editing": [id, hash]}`` (the edit may commit and the victim die before its ack);
- victim ``migrate``: ``{"opened": REVISION}`` when the store is open at the head;
- victim ``seal``: ``{"sealed": PATH}`` when the sealed file is in place;
- any victim: ``{"error": MESSAGE}`` when something the test did not ask for went wrong.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import sys
import traceback
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication

from facilitator.domain.notes import NoteKind, Visibility
from facilitator.engine.clock import SystemClock
from facilitator.engine.events import LoggedEvent, event_to_dict
from facilitator.storage.store import Store
from ui.session_controller import SessionController

#: Note texts: several scripts, right-to-left, combining marks, an emoji ZWJ sequence.
PIECES = (
    "She said the window mattered less than being heard.",
    "Ἀθηνᾶ — ✓",
    "قال إنه يريد أن يعتذر",
    "Nguyễn Thị Ánh",
    "\U0001f469\U0001f3fd\u200d\U0001f91d\u200d\U0001f468\U0001f3ff family",
    "שלום",
    "\U0001d518\U0001d52b and \U0002070e",
)


def event_hash(logged: LoggedEvent) -> str:
    """A digest of everything stored for one event (its number, times and content)."""
    body = {
        "seq": logged.seq,
        "t": repr(logged.t),
        "wall": logged.wall.isoformat(),
        "event": event_to_dict(logged.event),
    }
    return text_hash(json.dumps(body, sort_keys=True, ensure_ascii=False))


def text_hash(text: str) -> str:
    """A short digest of a text."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:20]


def say(line: dict[str, Any]) -> None:
    """Print one line, in one write, and flush it: once printed it is acknowledged."""
    data = (json.dumps(line, ensure_ascii=True) + "\n").encode("ascii")
    os.write(1, data)


# ---------------------------------------------------------------------- victims


def live(args: dict[str, Any]) -> None:
    """Resume (or start) the session and drive it until killed."""
    app = QCoreApplication([sys.argv[0]])
    rng = random.Random(args["seed"])
    store = Store.open(args["url"])
    session_id = args["session"]
    before = store.events(session_id)
    clock = SystemClock()
    if before:
        controller = SessionController.resume(store, session_id, clock)
    else:
        controller = SessionController.start(store, session_id, clock, keeper_id=args["keeper"])
    stored: list[LoggedEvent] = []
    controller.live.subscribe(stored.extend)
    notes: list[str] = []
    _first_move(controller)
    say({"ready": controller.state.last_seq, "before": before[-1].seq if before else 0})
    stored.clear()
    while True:
        note = _random_command(controller, rng, notes)
        say(
            {
                "ack": [[e.seq, event_hash(e)] for e in stored],
                "note": note,
            }
        )
        stored.clear()
    del app


def _first_move(controller: SessionController) -> None:
    state = controller.state
    if state.on_break is not None:
        _ok(controller, controller.toggle_break())
    elif state.phase_index is None or not controller.template.phases[state.phase_index].rounds:
        _ok(controller, controller.enter_phase(_round_phase(controller)))
    elif state.round is None:
        _ok(controller, controller.start_round(0))
    else:
        _advance(controller)


def _advance(controller: SessionController) -> None:
    """Hand the piece on, or close the round when everyone had their turn."""
    if controller.state.next_in_rotation() is None:
        _ok(controller, controller.end_round())
    else:
        _ok(controller, controller.next_holder())


def _round_phase(controller: SessionController) -> int:
    return next(i for i, p in enumerate(controller.template.phases) if p.rounds)


def _random_command(
    controller: SessionController, rng: random.Random, notes: list[str]
) -> list[str] | None:
    """One command a facilitator might give now; the note written or edited, if any."""
    state = controller.state
    roll = rng.random()
    if state.on_break is not None:
        _ok(controller, controller.toggle_break())
    elif state.round is None:
        _ok(controller, controller.start_round(0))
    elif roll < 0.35:
        _advance(controller)
    elif roll < 0.45:
        if state.holder is not None and state.holder != state.keeper_id:
            _ok(controller, controller.pass_turn())
        else:
            _advance(controller)
    elif roll < 0.8:
        text = _text(rng)
        note_id = controller.add_note(NoteKind.OBSERVATION, text, Visibility.FACILITATOR_ONLY)
        if note_id is None:
            _fail(controller)
        notes.append(note_id)
        return [note_id, text_hash(text)]
    elif roll < 0.95 and notes:
        note_id = rng.choice(notes)
        if controller.state.notes[note_id].struck:
            return None
        text = _text(rng)
        # Said before: if the kill lands after the commit but before the acknowledgement, the
        # stored text may be this one instead of the one acknowledged last.
        say({"editing": [note_id, text_hash(text)]})
        _ok(controller, controller.edit_note(note_id, text))
        return [note_id, text_hash(text)]
    elif roll < 0.97:
        _ok(controller, controller.toggle_break())
    else:
        _advance(controller)
    return None


def _text(rng: random.Random) -> str:
    size = rng.choice((1, 3, 8, 40))
    return " ".join(rng.choice(PIECES) for _ in range(size))


def _ok(controller: SessionController, done: object) -> None:
    if not done:
        _fail(controller)


def _fail(controller: SessionController) -> None:
    say({"error": controller.last_error or "refused"})
    os._exit(3)


def migrate(args: dict[str, Any]) -> None:
    """Open an older store: the app backs it up and upgrades it on open."""
    with Store.open(args["url"]) as store:
        store.list_sessions()
    say({"opened": True})


def seal(args: dict[str, Any]) -> None:
    """Save a signed agreement, then write it sealed, the way ``agreement render`` does."""
    from io import StringIO  # noqa: PLC0415

    from facilitator.agreements.commands import render_command  # noqa: PLC0415
    from facilitator.agreements.serial import (  # noqa: PLC0415
        agreement_from_dict,
        signature_from_dict,
    )

    data = json.loads(Path(args["agreement"]).read_text("utf-8"))
    signatures = tuple(signature_from_dict(s) for s in data.pop("signatures"))
    agreement = agreement_from_dict(data, signatures)
    with Store.open(args["url"]) as store:
        if store.agreements.latest(agreement.session_id) is None:
            store.agreements.save(agreement)
        output = Path(args["output"])
        render_command(store, agreement.session_id, output, paper=False, out=StringIO())
    say({"sealed": str(output)})


VICTIMS = {"live": live, "migrate": migrate, "seal": seal}


# ---------------------------------------------------------------------- the server


def serve(lines: Sequence[str] | None = None) -> int:
    """Fork one victim per request line until stdin closes."""
    for line in lines if lines is not None else sys.stdin:
        request = json.loads(line)
        pid = os.fork()
        if pid == 0:
            code = 0
            try:
                VICTIMS[request["mode"]](request)
            except BaseException:  # noqa: BLE001 - the test reads why, then fails
                say({"error": traceback.format_exc()[-3000:]})
                code = 3
            os._exit(code)
        say({"forked": pid})
        _, status = os.waitpid(pid, 0)
        say({"reaped": pid, "status": status})
    return 0


if __name__ == "__main__":
    sys.exit(serve())
