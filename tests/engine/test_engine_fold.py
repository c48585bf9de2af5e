"""The fold refuses impossible logs, and a failed append changes nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import pytest
from engine_samples import CHECK_IN, WALL, in_round, start

from facilitator.engine.errors import EngineError
from facilitator.engine.events import (
    BreakEnded,
    Event,
    LoggedEvent,
    ParticipantLeft,
    Passed,
    PhaseEntered,
    RoundEnded,
    SessionEnded,
    TurnBegan,
    TurnHow,
)
from facilitator.engine.log import LogWriteError
from facilitator.engine.state import SessionState


def _extend(log: Sequence[LoggedEvent], *events: Event, dt: float = 1.0) -> list[LoggedEvent]:
    out = list(log)
    for event in events:
        last = out[-1]
        out.append(LoggedEvent(last.seq + 1, last.t + dt, WALL, event))
    return out


def _started_log() -> list[LoggedEvent]:
    _, _, log = in_round(CHECK_IN)
    return log.read()


def test_a_log_must_begin_with_session_started() -> None:
    log = _started_log()
    with pytest.raises(EngineError, match="must begin with session_started, not phase_entered"):
        SessionState.fold([dataclasses.replace(log[1], seq=1), *log[2:]])


def test_session_started_cannot_appear_twice() -> None:
    log = _started_log()
    with pytest.raises(EngineError, match="twice"):
        SessionState.fold(_extend(log, log[0].event))


def test_a_gap_in_seq_is_refused() -> None:
    log = _started_log()
    with pytest.raises(EngineError, match="out of sequence"):
        SessionState.fold([*log, dataclasses.replace(log[-1], seq=log[-1].seq + 2)])


def test_time_cannot_go_backwards() -> None:
    log = _extend(_started_log(), TurnBegan("harmed", TurnHow.OUT_OF_ORDER), dt=5)
    with pytest.raises(EngineError, match="goes back in session time"):
        SessionState.fold(_extend(log, Passed("harmed"), dt=-1))


@pytest.mark.parametrize(
    ("events", "message"),
    [
        ((TurnBegan("harmed", TurnHow.ROTATION),), "out of the round's order"),
        ((TurnBegan("cokeeper", TurnHow.ROTATION),) * 2, "out of the round's order"),
        ((TurnBegan("nobody", TurnHow.OUT_OF_ORDER),), "unknown participant"),
        ((TurnBegan("harmed", TurnHow.KEEPER),), "not the keeper"),
        ((TurnBegan("observer", TurnHow.OUT_OF_ORDER),), "not in the rotation"),
        (
            (ParticipantLeft("harmed"), TurnBegan("harmed", TurnHow.OUT_OF_ORDER)),
            "not in the rotation",
        ),
        ((TurnBegan("harmed", TurnHow.QUEUE),), "without a raised hand"),
        ((TurnBegan("harmed", TurnHow.OFFER),), "out of the order of those who passed"),
        ((Passed("harmed"),), "only the holder"),
        ((PhaseEntered(1),), "while a round is running"),
        ((BreakEnded(),), "without a break"),
        ((SessionEnded(),), "while a round is running"),
        ((RoundEnded(), RoundEnded()), "outside a round"),
        ((RoundEnded(), SessionEnded(), BreakEnded()), "follows the end"),
    ],
)
def test_impossible_events_are_refused(events: tuple[Event, ...], message: str) -> None:
    with pytest.raises(EngineError, match=message):
        SessionState.fold(_extend(_started_log(), *events))


def test_an_unknown_event_type_is_refused() -> None:
    @dataclasses.dataclass(frozen=True, slots=True)
    class Stray(Event):
        pass

    with pytest.raises(EngineError, match="unknown event Stray"):
        SessionState.fold(_extend(_started_log(), Stray()))


def test_a_failed_append_changes_nothing_and_propagates() -> None:
    session, _, log = in_round(CHECK_IN)
    session.next_holder()
    before = session.state.snapshot()
    heard: list[object] = []
    session.subscribe(heard.append)
    # Another writer got in first: the log refuses the session's next seq number.
    intruder = log.read()[-1]
    log.append([dataclasses.replace(intruder, seq=intruder.seq + 1)])

    with pytest.raises(LogWriteError):
        session.next_holder()
    assert session.state.snapshot() == before
    assert heard == []


def test_listeners_hear_each_commands_events_once_until_unsubscribed() -> None:
    session, _, _ = start()
    heard: list[list[str]] = []
    unsubscribe = session.subscribe(lambda events: heard.append([e.event.kind for e in events]))

    session.enter_phase(1)  # a private phase: two events in one append
    unsubscribe()
    session.end_break()

    assert heard == [["phase_entered", "break_started"]]
    unsubscribe()  # a second call is harmless


def test_the_state_says_it_has_not_started_before_the_first_event() -> None:
    state = SessionState()
    assert not state.started
    with pytest.raises(EngineError, match="not started"):
        _ = state.template
    assert state.snapshot() == {"started": False, "last_seq": 0}
