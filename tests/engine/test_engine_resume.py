"""Resuming after a crash: the same state and the same timers, whatever the new clock reads."""

from __future__ import annotations

from datetime import timedelta

import pytest
from engine_samples import CHECK_IN, WALL, in_round, start

from facilitator.domain.notes import NoteKind
from facilitator.engine.clock import FakeClock
from facilitator.engine.errors import SessionRuleError
from facilitator.engine.events import SessionResumed
from facilitator.engine.log import MemoryEventLog
from facilitator.engine.session import LiveSession
from facilitator.engine.state import SessionState


def _busy_session() -> tuple[LiveSession, FakeClock, MemoryEventLog]:
    session, clock, log = in_round(CHECK_IN)
    clock.advance(20)
    session.next_holder()
    clock.advance(35)
    session.pass_turn()
    clock.advance(12)
    session.start_break()
    clock.advance(100)
    session.end_break()
    clock.advance(8)
    session.add_note(NoteKind.OBSERVATION, "quiet round")
    clock.advance(4)  # the last 4 s are not in the log: they are lost in the crash
    return session, clock, log


def test_resume_after_a_crash_gives_the_same_state_and_timers() -> None:
    crashed, _, log = _busy_session()
    at_last_event = crashed.state.timers(crashed.state.last_t)
    before = crashed.state.snapshot()

    # A new process: its monotonic clock has another origin, and the wall clock moved on.
    clock = FakeClock(start=7.0, wall_start=WALL + timedelta(hours=2))
    resumed = LiveSession.resume(MemoryEventLog(log.read()), clock)

    assert resumed.session_timers() == at_last_event
    after = resumed.state.snapshot()
    for key in ("last_seq", "resume_count", "last_wall"):
        after.pop(key)
        before.pop(key)
    assert after == before
    event = resumed.state
    assert event.resume_count == 1

    clock.advance(10)
    assert resumed.session_timers().speaker.elapsed == pytest.approx(
        at_last_event.speaker.elapsed + 10
    )
    assert resumed.now() == pytest.approx(crashed.state.last_t + 10)


def test_resume_records_the_wall_clock_gap() -> None:
    _, _, log = _busy_session()
    last_wall = log.read()[-1].wall
    clock = FakeClock(start=0.0, wall_start=last_wall + timedelta(minutes=45))
    resumed_log = MemoryEventLog(log.read())
    LiveSession.resume(resumed_log, clock)

    resumed = resumed_log.read()[-1]
    assert resumed.event == SessionResumed(wall_gap_seconds=45 * 60)
    assert resumed.t == log.read()[-1].t
    assert SessionState.fold(resumed_log.read()).resume_count == 1


def test_resumed_session_goes_on_and_replays_the_same() -> None:
    _, _, log = _busy_session()
    clock = FakeClock(start=123456.0, wall_start=WALL + timedelta(days=1))
    resumed = LiveSession.resume(log, clock)
    clock.advance(9)
    resumed.next_holder()
    clock.advance(9)
    resumed.end_round()

    assert SessionState.fold(log.read()).snapshot() == resumed.state.snapshot()
    assert resumed.state.turns[-1].speaking_seconds == pytest.approx(9.0)


def test_an_ended_session_is_opened_without_a_new_event() -> None:
    session, _, log = start()
    session.end_session()
    count = len(log.read())
    reopened = LiveSession.resume(log, FakeClock())

    assert len(log.read()) == count
    assert reopened.state.ended
    with pytest.raises(SessionRuleError, match="ended"):
        reopened.start_break()


def test_an_empty_log_cannot_be_resumed() -> None:
    with pytest.raises(SessionRuleError, match="not started"):
        LiveSession.resume(MemoryEventLog(), FakeClock())
