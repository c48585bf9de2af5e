"""Where the talking piece goes: the rules of phases, rounds and turns.

Each ``plan_*`` function checks one command against the current state and returns the events it
causes, or raises :class:`SessionRuleError`. They never change anything: the session appends the
events and only then folds them in.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from facilitator.domain.process import SpeakingOrder
from facilitator.engine.errors import SessionRuleError
from facilitator.engine.events import (
    BreakKind,
    BreakStarted,
    Event,
    HandLowered,
    HandRaised,
    OfferedToPassers,
    Passed,
    PhaseEntered,
    PieceReturned,
    QueuePolicyChanged,
    RoundEnded,
    RoundStarted,
    TurnBegan,
    TurnHow,
)
from facilitator.engine.guards import (
    require_known,
    require_live,
    require_no_break,
    require_round,
)
from facilitator.engine.rotation import speaking_order
from facilitator.engine.stats import speaking_stats
from facilitator.engine.turns import RoundStage, RoundState

if TYPE_CHECKING:
    from facilitator.engine.state import SessionState


def upcoming(state: SessionState, gone: str | None = None) -> tuple[str, TurnHow] | None:
    """Who the piece would go to next, and how; ``None`` when it would return to the keeper.

    Args:
        state: The session state.
        gone: Someone about to leave the rotation, who must not receive it.
    """
    rnd = state.round
    if rnd is None:
        return None
    how = TurnHow.ROTATION
    if rnd.speaking_order is SpeakingOrder.QUEUE:
        how, queue = TurnHow.QUEUE, list(rnd.hands)
        if rnd.least_spoken_first:
            spoken = speaking_stats(state)
            queue.sort(key=lambda pid: spoken[pid].total_seconds)  # stable: ties keep hand order
    elif not rnd.has_rotation or rnd.stage is RoundStage.CLOSED:
        queue = []
    elif rnd.stage is RoundStage.ROTATION:
        queue = [pid for pid in rnd.order if pid not in rnd.had_turn]
    else:
        how, queue = TurnHow.OFFER, [pid for pid in rnd.offer_order if pid not in rnd.offered]
    pid = next((p for p in queue if p != gone and state.in_rotation(p)), None)
    return None if pid is None else (pid, how)


def move_on(state: SessionState, *, gone: str | None = None, released: bool = False) -> list[Event]:
    """The events that move the piece on: to the next person, or back to the keeper.

    Args:
        state: The session state.
        gone: Someone about to leave the rotation (see :func:`upcoming`).
        released: The holder has let go of the piece already (passed, left, withdrew).

    Returns:
        No events when the piece is already where it would go.
    """
    if state.round is None:
        return []
    nxt = upcoming(state, gone)
    if nxt is not None:
        return [TurnBegan(*nxt)]
    holder = None if released else state.holder
    if state.keeper_id is not None:
        return [] if holder == state.keeper_id else [PieceReturned()]
    return [] if holder is None else [PieceReturned()]


def plan_next(state: SessionState) -> list[Event]:
    """The holder is done: the piece goes to the next person, or back to the keeper."""
    rnd = require_round(state)
    if rnd.speaking_order is SpeakingOrder.NONE:
        raise SessionRuleError("This round has no turns.")
    events = move_on(state)
    if events:
        return events
    if rnd.speaking_order is SpeakingOrder.QUEUE:
        raise SessionRuleError("Nobody has raised a hand.")
    if rnd.stage is RoundStage.ROTATION and state.offer_candidates():
        raise SessionRuleError(
            "Everyone has had their turn; offer the piece to those who passed, or end the round."
        )
    raise SessionRuleError("Everyone has had their turn; end the round.")


def plan_pass(state: SessionState) -> list[Event]:
    """The holder passes (never judged) and the piece moves on."""
    require_round(state)
    holder = state.holder
    if holder is None:
        raise SessionRuleError("Nobody holds the piece.")
    if holder == state.keeper_id:
        raise SessionRuleError("The keeper hands the piece on rather than passing.")
    return [Passed(holder), *move_on(state, released=True)]


def plan_back_to_keeper(state: SessionState) -> list[Event]:
    """The keeper calls the piece back."""
    require_round(state)
    if state.keeper_id is None:
        raise SessionRuleError("This process has no keeper.")
    if state.holder == state.keeper_id:
        raise SessionRuleError("The piece is already with the keeper.")
    return [PieceReturned()]


def plan_hand_to(state: SessionState, pid: str) -> list[Event]:
    """The facilitator hands the piece to ``pid`` out of order (it uses up no rotation turn)."""
    rnd = require_round(state)
    if rnd.speaking_order is SpeakingOrder.NONE:
        raise SessionRuleError("This round has no turns.")
    require_known(state, pid)
    if pid == state.keeper_id:
        raise SessionRuleError("The keeper takes the word with 'keeper speaks'.")
    if not state.in_rotation(pid):
        raise SessionRuleError("The piece cannot go to them: they do not take turns or are gone.")
    if pid == state.holder:
        raise SessionRuleError("They already hold the piece.")
    return [TurnBegan(pid, TurnHow.OUT_OF_ORDER)]


def plan_keeper_speaks(state: SessionState) -> list[Event]:
    """The keeper takes the word (at any time, in a round or between rounds)."""
    require_no_break(state)
    if state.keeper_id is None:
        raise SessionRuleError("This process has no keeper.")
    if state.holder == state.keeper_id:
        raise SessionRuleError("The keeper already holds the piece.")
    return [TurnBegan(state.keeper_id, TurnHow.KEEPER)]


def plan_offer(state: SessionState) -> list[Event]:
    """After the rotation, offer the piece again to those who passed; the first one takes it."""
    rnd = require_round(state)
    if not rnd.has_rotation:
        raise SessionRuleError("Only a round that goes around can offer the piece again.")
    if rnd.stage is not RoundStage.ROTATION:
        raise SessionRuleError("The piece was already offered again in this round.")
    if not state.rotation_done:
        raise SessionRuleError("The piece has not gone all the way around yet.")
    passers = state.offer_candidates()
    if not passers:
        raise SessionRuleError("Nobody who passed is still in the round.")
    return [OfferedToPassers(passers), TurnBegan(passers[0], TurnHow.OFFER)]


def plan_raise_hand(state: SessionState, pid: str) -> list[Event]:
    """In open discussion, ``pid`` asks for the word."""
    rnd = _require_queue(state)
    require_known(state, pid)
    if not state.in_rotation(pid):
        raise SessionRuleError("They cannot ask for the word: they do not take turns or are gone.")
    if pid == state.holder:
        raise SessionRuleError("They already have the word.")
    if pid in rnd.hands:
        raise SessionRuleError("Their hand is already raised.")
    return [HandRaised(pid)]


def plan_lower_hand(state: SessionState, pid: str) -> list[Event]:
    """``pid`` withdraws their raised hand."""
    rnd = _require_queue(state)
    if pid not in rnd.hands:
        raise SessionRuleError("Their hand is not raised.")
    return [HandLowered(pid)]


def plan_queue_policy(state: SessionState, least_spoken_first: bool) -> list[Event]:
    """Open discussion: let those who have spoken least go first, or first come first served."""
    require_live(state)
    rnd = state.round
    if rnd is None or rnd.speaking_order is not SpeakingOrder.QUEUE:
        raise SessionRuleError("The queue policy applies to open discussion only.")
    if rnd.least_spoken_first == least_spoken_first:
        return []
    return [QueuePolicyChanged(least_spoken_first)]


def plan_enter_phase(state: SessionState, index: int) -> list[Event]:
    """Move to phase ``index`` (any phase), ending the running round; a private phase pauses."""
    require_no_break(state)
    phases = state.template.phases
    if not 0 <= index < len(phases):
        raise SessionRuleError("There is no such phase.")
    if index == state.phase_index:
        raise SessionRuleError("The session is already in this phase.")
    events: list[Event] = [RoundEnded()] if state.round is not None else []
    events.append(PhaseEntered(index))
    if phases[index].private:
        events.append(BreakStarted(BreakKind.FAMILY_TIME, phases[index].title))
    return events


def plan_start_round(state: SessionState, round_index: int | None = None) -> list[Event]:
    """Start a round of the current phase (the next one by default), ending the running one.

    The speaking order is computed here, once, and stored in the event.
    """
    require_no_break(state)
    phase = state.phase
    if phase is None or state.phase_index is None:
        raise SessionRuleError("Enter a phase first.")
    if not phase.rounds:
        raise SessionRuleError("This phase has no rounds.")
    if round_index is None:
        round_index = state.next_round_index
        if round_index is None:
            raise SessionRuleError("This phase has no more rounds.")
    elif not 0 <= round_index < len(phase.rounds):
        raise SessionRuleError("There is no such round in this phase.")
    template = phase.rounds[round_index]
    participants = state.participants
    keeper = participants.get(state.keeper_id) if state.keeper_id is not None else None
    order = speaking_order(
        template.order,
        template.roles,
        [p for p in participants.values() if state.in_rotation(p.id)],
        keeper.seat if keeper is not None else None,
        state.direction,
    )
    events: list[Event] = [RoundEnded()] if state.round is not None else []
    events.append(
        RoundStarted(state.phase_index, round_index, state.round_count + 1, template.order, order)
    )
    return events


def plan_end_round(state: SessionState) -> list[Event]:
    """End the running round; the piece is set down."""
    require_round(state)
    return [RoundEnded()]


def _require_queue(state: SessionState) -> RoundState:
    rnd = require_round(state)
    if rnd.speaking_order is not SpeakingOrder.QUEUE:
        raise SessionRuleError("Hands are raised only in open discussion.")
    return rnd
