"""SIGKILL a live session at random moments; nothing acknowledged is ever lost.

The victim (``torture_child.py``) opens a real store file and drives a session through
``SessionController``, the window's own bridge to the engine, printing an acknowledgement after
each command returned. It is killed 5-200 ms after it resumed (one kill in five instead lands
0-60 ms after the fork, inside opening the store and resuming). After every kill: SQLite's
integrity check passes, every acknowledged event is stored unchanged (number, times, content),
every acknowledged note has the text last acknowledged for it, and the next victim resumes the
session (one resume event after the last stored one) and carries on. A new session is planned
every 25 kills, so a long run does not only measure replaying ever longer logs.
"""

from __future__ import annotations

import random
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from torture_child import event_hash, text_hash
from torture_harness import VictimServer, integrity

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.notes import NoteKind
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.engine.session import LiveSession
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.store import Store

KILLS_PER_SESSION = 25


def plan_circle(store: Store, reference: str) -> tuple[str, str]:
    """A planned peacemaking circle, everyone consenting; its id and the keeper's."""
    template = load_templates(builtin_templates_dir()).templates["peacemaking-circle"]
    keeper = Participant("Keeper Kim", Role.KEEPER, seat=0)
    people = [keeper] + [
        Participant(name, Role.COMMUNITY_MEMBER, seat=i + 1)
        for i, name in enumerate(["Ana", "Bo", "Chidi", "Dana", "Eun-ji", "محمد"])
    ]
    case = store.add_case(Case(reference=reference))
    info = store.create_session(SessionInfo(case_id=case.id, template=template), people)
    for p in people:
        store.record_consent(info.id, ConsentRecord(p.id, "K", datetime.now(UTC)))
    return info.id, keeper.id


class Acknowledged:
    """What victims acknowledged for one session."""

    def __init__(self) -> None:
        self.events: dict[int, str] = {}
        self.notes: dict[str, str] = {}
        #: An edit said but not acknowledged: killed between its commit and its ack, either
        #: text may be stored.
        self.editing: dict[str, str] = {}

    def take(self, lines: list[dict[str, object]]) -> None:
        for line in lines:
            if "editing" in line:
                note_id, digest = line["editing"]  # type: ignore[misc]
                self.editing[note_id] = digest
            if "ack" not in line:
                continue
            for seq, digest in line["ack"]:  # type: ignore[union-attr]
                self.events[seq] = digest
            if line["note"] is not None:
                note_id, digest = line["note"]  # type: ignore[misc]
                self.notes[note_id] = digest
                self.editing.pop(note_id, None)

    def check(self, store: Store, session_id: str) -> int:
        """Everything acknowledged is stored unchanged; the last stored seq."""
        stored = store.events(session_id)
        assert [e.seq for e in stored] == list(range(1, len(stored) + 1))
        by_seq = {e.seq: event_hash(e) for e in stored}
        lost = {seq for seq in self.events if seq not in by_seq}
        assert not lost, f"acknowledged events lost: {sorted(lost)[:10]}"
        changed = {seq for seq, digest in self.events.items() if by_seq[seq] != digest}
        assert not changed, f"acknowledged events changed: {sorted(changed)[:10]}"
        notes = {n.id: text_hash(n.text) for n in store.notes(session_id)}
        for note_id, digest in self.notes.items():
            if note_id in self.editing and notes.get(note_id) == self.editing[note_id]:
                self.notes[note_id] = self.editing.pop(note_id)  # the edit made it in
                continue
            assert notes.get(note_id) == digest, "an acknowledged note was lost or changed"
        self.editing.clear()  # the victim that said them is dead; they can no longer commit
        return stored[-1].seq if stored else 0


@pytest.mark.slow
def test_two_hundred_kills_lose_nothing_acknowledged(tmp_path: Path, kills: int) -> None:
    path = tmp_path / "store.sqlite3"
    url = f"sqlite:///{path}"
    rng = random.Random(20261125)
    server = VictimServer(tmp_path)
    sessions: list[tuple[str, Acknowledged]] = []
    started = time.monotonic()
    acks = 0
    try:
        for k in range(kills):
            if k % KILLS_PER_SESSION == 0:
                with Store.open(url) as store:
                    session_id, keeper_id = plan_circle(store, f"TORTURE-{k}")
                sessions.append((session_id, Acknowledged()))
                last_seq = 0
            session_id, acked = sessions[-1]
            early = rng.random() < 0.2
            outcome = server.run(
                {
                    "mode": "live",
                    "url": url,
                    "session": session_id,
                    "keeper": keeper_id,
                    "seed": rng.getrandbits(32),
                },
                after=None if early else "ready",
                delay_s=rng.uniform(0.0, 0.06) if early else rng.uniform(0.005, 0.2),
            )
            assert outcome.killed, "a live victim never stops by itself"
            ready = outcome.first("ready")
            if ready is not None:
                # The victim resumed from exactly what was stored, then took one more step.
                assert ready["before"] == last_seq
                assert ready["ready"] >= last_seq + (1 if last_seq == 0 else 2)
            acked.take(outcome.lines)
            acks += sum(1 for line in outcome.lines if "ack" in line)
            assert integrity(path) == "ok"
            with Store.open(url) as store:
                last_seq = acked.check(store, session_id)
    finally:
        server.close()
    took = time.monotonic() - started
    # Every session replays to a consistent state and takes the next command.
    with Store.open(url) as store:
        for session_id, acked in sessions:
            live = LiveSession.resume(store.event_log(session_id), FakeClock())
            for note_id, digest in acked.notes.items():
                assert text_hash(live.state.notes[note_id].text) == digest
            live.add_note(NoteKind.OBSERVATION, "after the torture")
            acked.check(store, session_id)
    print(f"\n{kills} kills, {acks} acknowledged commands, {took:.1f} s")
    assert acks > kills, "the victims hardly ran: the kills tested nothing"
