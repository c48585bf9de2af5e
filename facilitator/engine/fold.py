"""How each event changes a session's state, and the checks that it could have happened.

:class:`StateCore` holds the data of a session state and folds events into it; the questions the
UI asks of that data live in :class:`~facilitator.engine.state.SessionState`, its subclass.
"""

from __future__ import annotations

import dataclasses
import math
from datetime import datetime
from typing import Any

from facilitator.domain.case import DomainError, Participant, participant_from_dict
from facilitator.domain.process import Direction, ProcessTemplate, SpeakingOrder
from facilitator.engine.errors import EngineError
from facilitator.engine.events import (
    BreakEnded,
    BreakKind,
    BreakStarted,
    ConsentWithdrawn,
    HandLowered,
    HandRaised,
    LoggedEvent,
    NoteAdded,
    NoteEdited,
    NoteStruck,
    OfferedToPassers,
    ParticipantJoined,
    ParticipantLeft,
    Passed,
    PhaseEntered,
    PieceReturned,
    QueuePolicyChanged,
    RoundEnded,
    RoundStarted,
    SessionEnded,
    SessionResumed,
    SessionStarted,
    TurnBegan,
    TurnHow,
    WithdrawalResolved,
)
from facilitator.engine.notebook import Notebook
from facilitator.engine.timers import BreakSpan, active_seconds
from facilitator.engine.turns import RoundStage, RoundState, Turn


class StateCore:
    """The data of a live session and the fold of events into it."""

    def __init__(self) -> None:
        self._template: ProcessTemplate | None = None
        self._participants: dict[str, Participant] = {}
        self._keeper_id: str | None = None
        self._direction = Direction.CLOCKWISE
        self._started = False
        self._started_at = 0.0
        self._ended = False
        self._ended_at: float | None = None
        self._resumes = 0
        self._phase_index: int | None = None
        self._phase_entered_at = 0.0
        self._next_round_index = 0
        self._round: RoundState | None = None
        self._round_count = 0
        self._holder: str | None = None
        self._holder_how: TurnHow | None = None
        self._holder_since: float | None = None
        self._turns: list[Turn] = []
        self._left: set[str] = set()
        self._withdrawn: set[str] = set()
        self._unresolved: set[str] = set()
        self._breaks: list[BreakSpan] = []
        self._notebook = Notebook()
        self._last_t = 0.0
        self._last_seq = 0
        self._last_wall: datetime | None = None
        self._closed_speaking = 0.0
        self._open_speaking = 0.0

    def apply(self, logged: LoggedEvent) -> None:
        """Fold one more event into the state.

        Raises:
            EngineError: the event cannot follow the ones already folded. The state is then
                half-updated and must be discarded.
        """
        event = logged.event
        if logged.seq != self._last_seq + 1:
            raise EngineError(
                f"event {logged.seq} is out of sequence; expected {self._last_seq + 1}"
            )
        if not math.isfinite(logged.t) or logged.t < self._last_t:
            raise EngineError(f"event {logged.seq} goes back in session time ({logged.t})")
        if not self._started and not isinstance(event, SessionStarted):
            raise EngineError(f"the log must begin with session_started, not {event.kind or '?'}")
        if self._ended:
            raise EngineError(f"event {logged.seq} ({event.kind}) follows the end of the session")
        handler = getattr(self, f"_on_{event.kind}", None) if event.kind else None
        if handler is None:
            raise EngineError(f"unknown event {type(event).__name__}")
        # Speaking time is also summed here, step by step, independently of the turns' intervals:
        # the two must agree, which the tests check.
        if self._holder is not None and self.on_break is None:
            self._open_speaking += logged.t - self._last_t
        self._last_t = logged.t
        handler(event, logged.t)
        self._last_seq = logged.seq
        self._last_wall = logged.wall

    def in_rotation(self, pid: str) -> bool:
        """Whether the piece may go to ``pid``: they take turns, are not the keeper, still here.

        Written statements count (the facilitator reads them out); observers never do.
        """
        p = self._participants.get(pid)
        return (
            p is not None
            and p.takes_turns
            and pid != self._keeper_id
            and pid not in self._left
            and pid not in self._withdrawn
        )

    @property
    def on_break(self) -> BreakKind | None:
        """The kind of the break going on, or ``None``."""
        if self._breaks and self._breaks[-1].end is None:
            return self._breaks[-1].kind
        return None

    # ------------------------------------------------------------------ session

    def _on_session_started(self, e: SessionStarted, t: float) -> None:
        if self._started:
            raise EngineError("session_started appears twice")
        try:
            self._template = ProcessTemplate.from_dict(e.template)
        except (KeyError, TypeError, ValueError) as exc:
            raise EngineError(f"bad process template in the log: {exc!r}") from None
        for data in e.participants:
            self._add_participant(self._participant_from(data))
        if e.keeper_id is not None and e.keeper_id not in self._participants:
            raise EngineError("the keeper is not a participant")
        self._keeper_id = e.keeper_id
        self._direction = e.direction
        self._started = True
        self._started_at = t

    def _on_session_resumed(self, _e: SessionResumed, _t: float) -> None:
        self._resumes += 1

    def _on_session_ended(self, _e: SessionEnded, t: float) -> None:
        if self._round is not None:
            raise EngineError("session_ended while a round is running")
        if self.on_break is not None:
            raise EngineError("session_ended during a break")
        self._close_turn(t)
        self._ended = True
        self._ended_at = t

    # ------------------------------------------------------------------ phases and rounds

    def _on_phase_entered(self, e: PhaseEntered, t: float) -> None:
        if not 0 <= e.phase_index < len(self._tpl.phases):
            raise EngineError(f"phase_entered: no phase {e.phase_index}")
        if self._round is not None:
            raise EngineError("phase_entered while a round is running")
        self._close_turn(t)  # turns never span phases
        self._phase_index = e.phase_index
        self._phase_entered_at = t
        self._next_round_index = 0

    def _on_round_started(self, e: RoundStarted, t: float) -> None:
        if self._round is not None:
            raise EngineError("round_started while a round is running")
        if e.phase_index != self._phase_index:
            raise EngineError("round_started outside its phase")
        rounds = self._tpl.phases[e.phase_index].rounds
        if not 0 <= e.round_index < len(rounds):
            raise EngineError(f"round_started: no round {e.round_index} in phase {e.phase_index}")
        if rounds[e.round_index].order is not e.speaking_order:
            raise EngineError("round_started: speaking order differs from the template")
        if e.round_no != self._round_count + 1:
            raise EngineError(
                f"round_started: round {e.round_no}, expected {self._round_count + 1}"
            )
        if len(set(e.order)) != len(e.order) or any(p not in self._participants for p in e.order):
            raise EngineError("round_started: the order names someone twice or an unknown person")
        self._close_turn(t)  # turns never span rounds
        self._round = RoundState(
            e.phase_index, e.round_index, e.round_no, e.speaking_order, e.order, started_at=t
        )
        self._round_count += 1
        self._next_round_index = e.round_index + 1

    def _on_round_ended(self, _e: RoundEnded, t: float) -> None:
        self._rnd("round_ended")
        self._close_turn(t)
        self._round = None

    # ------------------------------------------------------------------ the piece

    def _on_turn_began(self, e: TurnBegan, t: float) -> None:
        pid = e.participant_id
        if pid not in self._participants:
            raise EngineError("turn_began: unknown participant")
        if e.how is TurnHow.KEEPER:
            if pid != self._keeper_id:
                raise EngineError("turn_began: a keeper turn for someone who is not the keeper")
            self._open_turn(pid, e.how, t)
            return
        if not self.in_rotation(pid):
            raise EngineError("turn_began: a turn for someone not in the rotation")
        rnd = self._rnd("turn_began")
        if e.how is TurnHow.ROTATION:
            if rnd.stage is not RoundStage.ROTATION or pid != self._due(rnd.order, rnd.had_turn):
                raise EngineError("turn_began: a rotation turn out of the round's order")
            rnd = dataclasses.replace(rnd, had_turn=rnd.had_turn | {pid})
        elif e.how is TurnHow.OFFER:
            if rnd.stage is not RoundStage.OFFER or pid != self._due(rnd.offer_order, rnd.offered):
                raise EngineError("turn_began: an offer turn out of the order of those who passed")
            rnd = dataclasses.replace(rnd, offered=rnd.offered | {pid})
        elif e.how is TurnHow.QUEUE:
            if pid not in rnd.hands:
                raise EngineError("turn_began: a queue turn without a raised hand")
        elif rnd.speaking_order is SpeakingOrder.NONE:
            raise EngineError("turn_began: a turn in a round without turns")
        self._round = dataclasses.replace(rnd, hands=tuple(h for h in rnd.hands if h != pid))
        self._open_turn(pid, e.how, t)

    def _on_passed(self, e: Passed, t: float) -> None:
        rnd = self._rnd("passed")
        if e.participant_id != self._holder:
            raise EngineError("passed: only the holder can pass")
        if self._holder_how is TurnHow.ROTATION:
            self._round = dataclasses.replace(rnd, passed=(*rnd.passed, e.participant_id))
        self._close_turn(t, passed=True)

    def _on_piece_returned(self, _e: PieceReturned, t: float) -> None:
        rnd = self._rnd("piece_returned")
        if self._keeper_id is None:
            self._close_turn(t)
        else:
            self._open_turn(self._keeper_id, TurnHow.KEEPER, t)
        if rnd.stage is RoundStage.OFFER and all(
            pid in rnd.offered or not self.in_rotation(pid) for pid in rnd.offer_order
        ):
            self._round = dataclasses.replace(rnd, stage=RoundStage.CLOSED)

    def _on_offered_to_passers(self, e: OfferedToPassers, _t: float) -> None:
        rnd = self._rnd("offered_to_passers")
        if rnd.stage is not RoundStage.ROTATION or not e.order:
            raise EngineError("offered_to_passers: not at the end of a rotation")
        if not set(e.order) <= set(rnd.passed) or len(set(e.order)) != len(e.order):
            raise EngineError("offered_to_passers: offered to someone who did not pass")
        self._round = dataclasses.replace(rnd, stage=RoundStage.OFFER, offer_order=e.order)

    def _on_hand_raised(self, e: HandRaised, _t: float) -> None:
        rnd = self._queue_round("hand_raised")
        if not self.in_rotation(e.participant_id) or e.participant_id in rnd.hands:
            raise EngineError("hand_raised: not someone who can raise a hand now")
        self._round = dataclasses.replace(rnd, hands=(*rnd.hands, e.participant_id))

    def _on_hand_lowered(self, e: HandLowered, _t: float) -> None:
        rnd = self._queue_round("hand_lowered")
        if e.participant_id not in rnd.hands:
            raise EngineError("hand_lowered: that hand was not raised")
        self._round = dataclasses.replace(
            rnd, hands=tuple(h for h in rnd.hands if h != e.participant_id)
        )

    def _on_queue_policy_changed(self, e: QueuePolicyChanged, _t: float) -> None:
        rnd = self._queue_round("queue_policy_changed")
        self._round = dataclasses.replace(rnd, least_spoken_first=e.least_spoken_first)

    # ------------------------------------------------------------------ people

    def _on_participant_joined(self, e: ParticipantJoined, _t: float) -> None:
        joiner = self._participant_from(e.participant)
        if joiner.id in self._participants:
            raise EngineError("participant_joined: that participant is already here")
        if joiner.seat is not None:
            # A seat is inserted: everyone at or after it moves up one.
            for pid, p in self._participants.items():
                if p.seat is not None and p.seat >= joiner.seat:
                    self._participants[pid] = p.replace(seat=p.seat + 1)
        self._add_participant(joiner)
        if e.order_index is not None:
            rnd = self._rnd("participant_joined")
            if not rnd.has_rotation or rnd.stage is not RoundStage.ROTATION:
                raise EngineError("participant_joined: a turn in a round that is past its rotation")
            if not rnd.cursor < e.order_index <= len(rnd.order):
                raise EngineError("participant_joined: a place in the order behind the rotation")
            order = (*rnd.order[: e.order_index], joiner.id, *rnd.order[e.order_index :])
            self._round = dataclasses.replace(rnd, order=order)

    def _on_participant_left(self, e: ParticipantLeft, t: float) -> None:
        self._known(e.participant_id, "participant_left")
        if e.participant_id in self._left:
            raise EngineError("participant_left: they had already left")
        self._left.add(e.participant_id)
        self._drop_from_piece(e.participant_id, t)

    def _on_consent_withdrawn(self, e: ConsentWithdrawn, t: float) -> None:
        self._known(e.participant_id, "consent_withdrawn")
        if e.participant_id in self._withdrawn:
            raise EngineError("consent_withdrawn: it was already withdrawn")
        self._withdrawn.add(e.participant_id)
        self._unresolved.add(e.participant_id)
        self._drop_from_piece(e.participant_id, t)

    def _on_withdrawal_resolved(self, e: WithdrawalResolved, _t: float) -> None:
        if e.participant_id not in self._unresolved:
            raise EngineError("withdrawal_resolved: no open withdrawal for that participant")
        self._unresolved.discard(e.participant_id)

    # ------------------------------------------------------------------ taking a break

    def _on_break_started(self, e: BreakStarted, t: float) -> None:
        if self.on_break is not None:
            raise EngineError("break_started during a break")
        self._breaks.append(BreakSpan(e.break_kind, e.reason, t))

    def _on_break_ended(self, _e: BreakEnded, t: float) -> None:
        if self.on_break is None:
            raise EngineError("break_ended without a break")
        self._breaks[-1] = dataclasses.replace(self._breaks[-1], end=t)

    # ------------------------------------------------------------------ notes

    def _on_note_added(self, e: NoteAdded, t: float) -> None:
        self._notebook.add(e, t)

    def _on_note_edited(self, e: NoteEdited, t: float) -> None:
        self._notebook.edit(e, t)

    def _on_note_struck(self, e: NoteStruck, _t: float) -> None:
        self._notebook.strike(e)

    # ------------------------------------------------------------------ helpers

    @property
    def _tpl(self) -> ProcessTemplate:
        assert self._template is not None  # apply() lets nothing in before session_started
        return self._template

    def _rnd(self, what: str) -> RoundState:
        if self._round is None:
            raise EngineError(f"{what} outside a round")
        return self._round

    def _queue_round(self, what: str) -> RoundState:
        rnd = self._rnd(what)
        if rnd.speaking_order is not SpeakingOrder.QUEUE:
            raise EngineError(f"{what} outside open discussion")
        return rnd

    def _due(self, order: tuple[str, ...], done: frozenset[str]) -> str | None:
        """Whose turn it is: the first in ``order`` not done and still in the rotation."""
        return next((p for p in order if p not in done and self.in_rotation(p)), None)

    def _known(self, pid: str, what: str) -> None:
        if pid not in self._participants:
            raise EngineError(f"{what}: unknown participant")

    def _add_participant(self, p: Participant) -> None:
        if p.id in self._participants:
            raise EngineError("a participant appears twice")
        if p.seat is not None and any(q.seat == p.seat for q in self._participants.values()):
            raise EngineError(f"two participants share seat {p.seat}")
        self._participants[p.id] = p

    def _participant_from(self, data: dict[str, Any]) -> Participant:
        try:
            return participant_from_dict(data)
        except DomainError as exc:
            raise EngineError(f"bad participant in the log: {exc}") from None

    def _drop_from_piece(self, pid: str, t: float) -> None:
        """Someone left the rotation: lower their hand, and if they held the piece, end it."""
        if self._round is not None and pid in self._round.hands:
            self._round = dataclasses.replace(
                self._round, hands=tuple(h for h in self._round.hands if h != pid)
            )
        if self._holder == pid:
            self._close_turn(t)

    def _close_turn(self, t: float, *, passed: bool = False) -> None:
        if self._holder is None:
            return
        turn = self._turns[-1]
        speaking = 0.0 if passed else active_seconds(self._breaks, turn.start, t)
        self._turns[-1] = dataclasses.replace(turn, end=t, passed=passed, speaking_seconds=speaking)
        if not passed:
            self._closed_speaking += self._open_speaking
        self._open_speaking = 0.0
        self._holder = self._holder_how = self._holder_since = None

    def _open_turn(self, pid: str, how: TurnHow, t: float) -> None:
        self._close_turn(t)
        round_no = None if self._round is None else self._round.round_no
        self._turns.append(Turn(pid, round_no, how, t))
        self._holder, self._holder_how, self._holder_since = pid, how, t
        self._open_speaking = 0.0
