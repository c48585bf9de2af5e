"""Timers and speaking statistics: pure functions of the timeline, paused by breaks."""

from __future__ import annotations

import pytest
from engine_samples import CHECK_IN, CLOSING, FAMILY, OPENING, in_round, start

from facilitator.domain.notes import NoteKind
from facilitator.engine.errors import SessionRuleError
from facilitator.engine.events import BreakKind, BreakStarted, PhaseEntered
from facilitator.engine.stats import speaking_stats
from facilitator.engine.timers import IDLE, TimerReading, TimerStatus


def test_timers_read_against_their_budgets() -> None:
    session, clock, _ = in_round(CHECK_IN)
    clock.advance(10)
    session.next_holder()
    clock.advance(50)  # the check-in round limits speakers to 60 s: 50 s is near
    timers = session.session_timers()

    assert timers.session == TimerReading(60.0, 3000.0, TimerStatus.OK)
    assert timers.phase == TimerReading(60.0, 1200.0, TimerStatus.OK)
    assert timers.round == TimerReading(60.0, 300.0, TimerStatus.OK)
    assert timers.speaker == TimerReading(50.0, 60.0, TimerStatus.NEAR)
    clock.advance(11)
    assert session.session_timers().speaker.status is TimerStatus.OVER
    assert session.session_timers().speaker.remaining == pytest.approx(-1.0)


def test_speaker_limit_falls_back_to_the_templates_and_the_keeper_has_none() -> None:
    session, clock, _ = in_round(1)  # the story round has no limit of its own
    session.next_holder()
    clock.advance(100)
    assert session.session_timers().speaker.budget == 120.0
    session.keeper_speaks()
    clock.advance(500)
    assert session.session_timers().speaker == TimerReading(500.0, None, TimerStatus.OK)


def test_idle_timers_before_a_phase_and_between_rounds() -> None:
    session, clock, _ = start()
    clock.advance(30)
    timers = session.session_timers()
    assert (timers.phase, timers.round, timers.speaker) == (IDLE, IDLE, IDLE)
    assert timers.session.elapsed == 30.0


def test_a_break_pauses_every_timer() -> None:
    session, clock, _ = in_round(CHECK_IN)
    clock.advance(20)
    session.next_holder()
    clock.advance(40)
    before = session.session_timers()
    session.start_break(reason="tea")
    clock.advance(600)

    during = session.session_timers()
    assert during == before
    assert session.state.on_break is BreakKind.BREAK
    session.end_break()
    clock.advance(5)
    after = session.session_timers()
    for name in ("session", "phase", "round", "speaker"):
        assert getattr(after, name).elapsed == pytest.approx(getattr(before, name).elapsed + 5)


def test_the_piece_does_not_move_during_a_break_but_notes_may_be_written() -> None:
    session, _, _ = in_round(CHECK_IN)
    session.start_break()
    with pytest.raises(SessionRuleError, match="paused"):
        session.next_holder()
    with pytest.raises(SessionRuleError, match="already paused"):
        session.start_break()
    session.add_note(NoteKind.OBSERVATION, "asked for water")
    session.end_break()
    with pytest.raises(SessionRuleError, match="no break to end"):
        session.end_break()


def test_family_time_phase_starts_a_private_pause_in_the_same_append() -> None:
    session, clock, log = start()
    session.enter_phase(OPENING)
    clock.advance(100)
    before = len(log.read())
    session.enter_phase(FAMILY)

    added = [e.event for e in log.read()[before:]]
    assert added == [PhaseEntered(FAMILY), BreakStarted(BreakKind.FAMILY_TIME, "Family time")]
    assert session.state.on_break is BreakKind.FAMILY_TIME
    clock.advance(1500)
    assert session.session_timers().session.elapsed == 100.0
    assert session.session_timers().phase.elapsed == 0.0
    with pytest.raises(SessionRuleError, match="paused"):
        session.enter_phase(CLOSING)
    session.end_break()
    session.enter_phase(CLOSING)


def test_a_turns_speaking_time_leaves_out_breaks_during_it() -> None:
    session, clock, _ = in_round(CHECK_IN)
    session.next_holder()  # cokeeper
    clock.advance(30)
    session.start_break()
    clock.advance(300)
    session.end_break()
    clock.advance(15)
    session.next_holder()  # harmed takes it
    clock.advance(5)
    session.pass_turn()  # harmed passes; resp1 takes it
    clock.advance(7)

    turns = session.state.turns
    assert [t.speaking_seconds for t in turns[:2]] == [45.0, 0.0]
    stats = speaking_stats(session.state, at=session.now())
    assert stats["cokeeper"].turns == 1
    assert stats["cokeeper"].total_seconds == 45.0
    assert stats["harmed"].passes == 1
    assert stats["harmed"].turns == 0
    assert stats["resp1"].total_seconds == 7.0  # still speaking: counted up to now
    assert speaking_stats(session.state)["resp1"].total_seconds == 0.0  # up to the last event
    assert stats["observer"].turns == 0


def test_median_and_total_over_several_turns() -> None:
    session, clock, _ = in_round(2)  # open discussion
    for seconds in (10, 40, 20):
        session.raise_hand("harmed")
        session.next_holder()
        clock.advance(seconds)
        session.back_to_keeper()
        clock.advance(3)

    stats = speaking_stats(session.state)
    assert stats["harmed"].turns == 3
    assert stats["harmed"].total_seconds == 70.0
    assert stats["harmed"].median_seconds == 20.0
    assert stats["keeper"].total_seconds == pytest.approx(6.0)
    assert session.state.total_speaking_seconds == pytest.approx(76.0)


def test_timers_stop_when_the_session_ends() -> None:
    session, clock, _ = in_round(CHECK_IN)
    session.next_holder()
    clock.advance(42)
    session.start_break()
    clock.advance(10)
    session.end_session("time is up")
    clock.advance(1000)

    assert session.state.ended
    assert session.state.round is None
    assert session.state.on_break is None
    assert session.session_timers().session.elapsed == 42.0
    assert session.state.turns[-1].speaking_seconds == 42.0
    with pytest.raises(SessionRuleError, match="ended"):
        session.keeper_speaks()


def test_timer_reading_thresholds() -> None:
    assert TimerReading.of(79.9, 100).status is TimerStatus.OK
    assert TimerReading.of(80.0, 100).status is TimerStatus.NEAR
    assert TimerReading.of(100.0, 100).status is TimerStatus.NEAR
    assert TimerReading.of(100.1, 100).status is TimerStatus.OVER
    assert TimerReading.of(1e9, None).status is TimerStatus.OK
