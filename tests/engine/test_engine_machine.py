"""A state machine drives LiveSession through random sessions and checks the engine's invariants.

Profiles: ``engine`` (default, a few seconds) and ``engine-thorough`` (minutes); choose with
``ENGINE_HYPOTHESIS_PROFILE=engine-thorough``.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Callable, Sequence
from datetime import timedelta

from engine_samples import TEMPLATE, WALL, circle, consent_for, consents
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from facilitator.domain.case import Participant
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import Direction, SpeakingOrder
from facilitator.domain.roles import Participation, Role
from facilitator.engine.clock import FakeClock
from facilitator.engine.errors import SessionRuleError
from facilitator.engine.events import (
    BreakKind,
    ConsentWithdrawn,
    LoggedEvent,
    ParticipantLeft,
    Passed,
    PhaseEntered,
    PieceReturned,
    RoundEnded,
    RoundStarted,
    SessionEnded,
    TurnBegan,
    TurnHow,
    event_from_dict,
    event_to_dict,
)
from facilitator.engine.log import MemoryEventLog
from facilitator.engine.session import LiveSession
from facilitator.engine.state import SessionState
from facilitator.engine.stats import speaking_stats

settings.register_profile(
    "engine",
    max_examples=150,
    stateful_step_count=50,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "engine-thorough",
    max_examples=1000,
    stateful_step_count=100,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
PROFILE = settings.get_profile(os.environ.get("ENGINE_HYPOTHESIS_PROFILE", "engine"))

LATE_IDS = ("late1", "late2", "late3")
PIDS = st.sampled_from([*(p.id for p in circle()), *LATE_IDS, "nobody"])
TEXT = st.text(st.characters(codec="utf-8"), max_size=12)
SECONDS = st.sampled_from([0.0, 0.25, 2.0, 15.0, 45.0, 130.0]) | st.floats(0, 600)
# Weighted: "next" and "pass" are what a facilitator presses most.
PIECE_KEYS = st.sampled_from(
    ["next"] * 5
    + ["pass"] * 3
    + ["offer"] * 2
    + ["raise"] * 3
    + ["hand_to"] * 2
    + ["back", "keeper", "end_round", "lower", "least_first", "first_come"]
)


def _running(machine: EngineMachine) -> bool:
    state = machine.session.state
    return not state.ended and state.on_break is None


def _in_round(machine: EngineMachine) -> bool:
    return _running(machine) and machine.session.state.round is not None


class EngineMachine(RuleBasedStateMachine):
    """Random facilitators pressing random keys."""

    def __init__(self) -> None:
        super().__init__()
        self.clock = FakeClock(start=1000.0, wall_start=WALL)
        self.log = MemoryEventLog()
        self.session: LiveSession
        self.note_ids: list[str] = []
        self.joined = 0

    @initialize(
        direction=st.sampled_from(Direction),
        with_keeper=st.booleans(),
        first_round=st.integers(0, 3),
    )
    def begin(self, direction: Direction, with_keeper: bool, first_round: int) -> None:
        people = circle() if with_keeper else [p for p in circle() if p.id != "keeper"]
        self.session = LiveSession.start(
            self.log,
            self.clock,
            template=TEMPLATE,
            participants=people,
            consents=consents(people),
            keeper_id="keeper" if with_keeper else None,
            direction=direction,
        )
        # Most of what matters happens inside rounds: start there, the rules move on from it.
        self.session.enter_phase(0)
        self.session.start_round(first_round)

    # ------------------------------------------------------------------ helpers

    @property
    def state(self) -> SessionState:
        return self.session.state

    def attempt(self, command: Callable[[], object]) -> None:
        """Run a command; a refused one must leave no trace at all."""
        before = self.state.snapshot()
        try:
            command()
        except SessionRuleError:
            assert self.state.snapshot() == before
            assert len(self.log.read()) == before.get("last_seq")

    # ------------------------------------------------------------------ time

    @rule(seconds=SECONDS)
    def advance(self, seconds: float) -> None:
        self.clock.advance(seconds)

    @rule(origin=st.floats(-1e6, 1e6), gap_minutes=st.integers(0, 600))
    def crash_and_resume(self, origin: float, gap_minutes: int) -> None:
        before = self.state.snapshot()
        at_last_event = self.state.timers(self.state.last_t)
        self.clock = FakeClock(
            start=origin, wall_start=self.clock.wall() + timedelta(minutes=gap_minutes)
        )
        self.session = LiveSession.resume(self.log, self.clock)
        assert self.session.session_timers() == at_last_event
        after = self.state.snapshot()
        for key in ("last_seq", "resume_count", "last_wall"):
            before.pop(key, None)
            after.pop(key, None)
        assert after == before

    # ------------------------------------------------------------------ the piece

    def press(self, key: str, pid: str) -> None:
        session = self.session
        commands: dict[str, Callable[[], object]] = {
            "next": session.next_holder,
            "pass": session.pass_turn,
            "back": session.back_to_keeper,
            "keeper": session.keeper_speaks,
            "offer": session.offer_to_passers,
            "end_round": session.end_round,
            "hand_to": lambda: session.hand_to(pid),
            "raise": lambda: session.raise_hand(pid),
            "lower": lambda: session.lower_hand(pid),
            "least_first": lambda: session.set_least_spoken_first(True),
            "first_come": lambda: session.set_least_spoken_first(False),
        }
        self.attempt(commands[key])

    @precondition(_in_round)
    @rule(presses=st.lists(st.tuples(PIECE_KEYS, PIDS, SECONDS), min_size=1, max_size=5))
    def speak(self, presses: list[tuple[str, str, float]]) -> None:
        for key, pid, seconds in presses:
            self.clock.advance(seconds)
            self.press(key, pid)

    @precondition(_in_round)
    @rule(key=PIECE_KEYS, pid=PIDS)
    def piece_key(self, key: str, pid: str) -> None:
        self.press(key, pid)

    # ------------------------------------------------------------------ phases and rounds

    @precondition(_running)
    @rule(
        action=st.sampled_from(["round", "round", "phase", "end_session"]),
        index=st.none() | st.integers(-1, 4),
    )
    def move_through_the_process(self, action: str, index: int | None) -> None:
        session = self.session
        if action == "round":
            self.attempt(lambda: session.start_round(index))
        elif action == "phase":
            self.attempt(lambda: session.enter_phase(index or 0))
        elif len(self.log.read()) > 40:  # end late, or little else gets exercised
            self.attempt(session.end_session)

    # ------------------------------------------------------------------ people

    @rule(
        role=st.sampled_from([Role.PERSON_HARMED, Role.SUPPORTER_RESPONSIBLE, Role.OBSERVER]),
        participation=st.sampled_from(Participation),
        after_seat=st.none() | st.integers(-2, 10),
        with_consent=st.booleans(),
    )
    def join_late(
        self, role: Role, participation: Participation, after_seat: int | None, with_consent: bool
    ) -> None:
        if self.joined >= len(LATE_IDS):
            return
        pid = LATE_IDS[self.joined]
        joiner = Participant("Late Joiner", role, id=pid, participation=participation)
        consent = consent_for(pid) if with_consent else None
        count = len(self.log.read())
        self.attempt(lambda: self.session.join_late(joiner, consent, after_seat))
        if len(self.log.read()) > count:
            self.joined += 1

    @rule(
        pid=PIDS,
        action=st.sampled_from(["leave", "withdraw", "resolve", "resolve"]),
        text=st.sampled_from(["", " ", "KK", "they left with a supporter"]) | TEXT,
    )
    def presence(self, pid: str, action: str, text: str) -> None:
        session = self.session
        commands: dict[str, Callable[[], object]] = {
            "leave": lambda: session.leave(pid, text),
            "withdraw": lambda: session.withdraw_consent(pid, recorded_by=text or "KK"),
            "resolve": lambda: session.resolve_withdrawal(pid, text, recorded_by="KK"),
        }
        self.attempt(commands[action])

    # ------------------------------------------------------------- taking breaks, writing notes

    @rule(kind=st.sampled_from(BreakKind), seconds=SECONDS)
    def take_a_break(self, kind: BreakKind, seconds: float) -> None:
        self.attempt(lambda: self.session.start_break(kind))
        self.clock.advance(seconds)
        self.attempt(self.session.end_break)

    @rule(
        action=st.sampled_from(["add", "add", "edit", "strike"]),
        index=st.integers(0, 5),
        text=TEXT,
        kind=st.none() | st.sampled_from(NoteKind),
        visibility=st.sampled_from(Visibility),
    )
    def write(
        self, action: str, index: int, text: str, kind: NoteKind | None, visibility: Visibility
    ) -> None:
        session = self.session
        if action == "add":

            def add() -> None:
                self.note_ids.append(
                    session.add_note(kind or NoteKind.OBSERVATION, text, visibility)
                )

            self.attempt(add)
        elif index < len(self.note_ids):
            note_id = self.note_ids[index]
            if action == "edit":
                self.attempt(lambda: session.edit_note(note_id, text, kind, visibility))
            else:
                self.attempt(lambda: session.strike_note(note_id, text))

    # ------------------------------------------------------------------ invariants

    @invariant()
    def holder_is_in_rotation_or_the_keeper(self) -> None:
        holder = self.state.holder
        if holder is None:
            return
        assert holder == self.state.keeper_id or self.state.in_rotation(holder)
        if self.state.round is None:
            assert holder == self.state.keeper_id

    @invariant()
    def the_log_shows_nobody_holding_twice_in_a_round(self) -> None:
        holder = check_turns(self.log.read(), self.state.keeper_id)
        assert holder == self.state.holder

    @invariant()
    def speaking_statistics_agree(self) -> None:
        stats = speaking_stats(self.state)
        total = sum(s.total_seconds for s in stats.values())
        assert abs(total - self.state.total_speaking_seconds) <= 1e-6
        active = self.state.timers(self.state.last_t).session.elapsed
        assert total <= active + 1e-6

    @invariant()
    def replaying_the_log_gives_the_live_state(self) -> None:
        events = self.log.read()
        assert self.state.last_seq == len(events)
        assert SessionState.fold(events).snapshot() == self.state.snapshot()

    def teardown(self) -> None:
        for logged in self.log.read():
            data = json.loads(json.dumps(event_to_dict(logged.event)))
            assert event_from_dict(data) == logged.event


def check_turns(events: Sequence[LoggedEvent], keeper_id: str | None) -> str | None:
    """Walk the raw log: within a round nobody takes a second turn except out of order, as the
    keeper, or in the offer after passing; return who holds the piece at the end."""
    order_kind: SpeakingOrder | None = None
    rotation: Counter[str] = Counter()
    offers: Counter[str] = Counter()
    passed: set[str] = set()
    holder: str | None = None
    how: TurnHow | None = None
    for logged in events:
        e = logged.event
        if isinstance(e, RoundStarted):
            order_kind, holder = e.speaking_order, None
            rotation.clear()
            offers.clear()
            passed.clear()
        elif isinstance(e, RoundEnded | PhaseEntered | SessionEnded):
            order_kind, holder = None, None
        elif isinstance(e, TurnBegan):
            pid = e.participant_id
            if e.how is TurnHow.ROTATION:
                assert order_kind in (SpeakingOrder.SEAT, SpeakingOrder.ROLES)
                rotation[pid] += 1
                assert rotation[pid] == 1, f"{pid} had two rotation turns"
            elif e.how is TurnHow.OFFER:
                assert pid in passed, f"{pid} was offered the piece without passing"
                offers[pid] += 1
                assert offers[pid] == 1, f"{pid} was offered the piece twice"
            elif e.how is TurnHow.QUEUE:
                assert order_kind is SpeakingOrder.QUEUE
            elif e.how is TurnHow.KEEPER:
                assert pid == keeper_id
            else:
                assert order_kind not in (None, SpeakingOrder.NONE)
            holder, how = pid, e.how
        elif isinstance(e, Passed):
            assert e.participant_id == holder
            if how is TurnHow.ROTATION:
                passed.add(e.participant_id)
            holder = None
        elif isinstance(e, PieceReturned):
            holder = keeper_id
        elif isinstance(e, ParticipantLeft | ConsentWithdrawn) and e.participant_id == holder:
            holder = None
    return holder


TestEngineMachine = EngineMachine.TestCase
TestEngineMachine.settings = PROFILE
