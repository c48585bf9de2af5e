"""Who is in the session: the consent gate, late joiners, leaving, and consent withdrawn.

Like :mod:`facilitator.engine.piece`, each ``plan_*`` function checks a command and returns the
events it causes, or raises :class:`SessionRuleError`; nothing changes until they are appended.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from facilitator.domain.case import Participant, participant_to_dict
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.process import Direction, ProcessTemplate
from facilitator.engine.errors import ConsentMissing, SessionRuleError
from facilitator.engine.events import (
    ConsentWithdrawn,
    Event,
    ParticipantJoined,
    ParticipantLeft,
    SessionStarted,
    WithdrawalResolved,
)
from facilitator.engine.guards import check_free_text, require_known, require_live
from facilitator.engine.piece import move_on
from facilitator.engine.rotation import join_index, speaking_order
from facilitator.engine.turns import RoundStage

if TYPE_CHECKING:
    from facilitator.engine.state import SessionState


def plan_start(
    template: ProcessTemplate,
    participants: Sequence[Participant],
    consents: Sequence[ConsentRecord],
    keeper_id: str | None,
    direction: Direction | None,
) -> SessionStarted:
    """Check everything a session needs before it starts, and build its first event.

    Raises:
        ConsentMissing: someone in the room has no active consent record (the consent gate).
        SessionRuleError: a participant is listed twice, two share a seat, or the keeper is not
            one of the participants.
    """
    ids = [p.id for p in participants]
    if len(set(ids)) != len(ids):
        raise SessionRuleError("A participant is listed twice.")
    seats = [p.seat for p in participants if p.seat is not None]
    if len(set(seats)) != len(seats):
        raise SessionRuleError("Two people cannot share a seat.")
    if keeper_id is not None and keeper_id not in ids:
        raise SessionRuleError("The keeper must be one of the participants.")
    active = {c.participant_id: c for c in consents if c.active}
    missing = [p.id for p in participants if p.participation.present and p.id not in active]
    if missing:
        raise ConsentMissing(missing)
    return SessionStarted(
        template=template.to_dict(),
        participants=tuple(participant_to_dict(p) for p in participants),
        keeper_id=keeper_id,
        direction=direction or template.direction,
        consent_ids=tuple(active[pid].id for pid in ids if pid in active),
    )


def plan_join(
    state: SessionState,
    participant: Participant,
    consent: ConsentRecord | None,
    after_seat: int | None,
) -> list[Event]:
    """Someone joins late.

    The seat: after seat ``after_seat`` if given (-1 for the first seat); else the participant's
    own ``seat`` if set; else, for someone in the room, the end of the circle (someone not in the
    room stays unseated). Seats at or after it shift by one. If their place in the running
    round's order is still ahead of the rotation, they get a turn in this round.

    Raises:
        ConsentMissing: they are in the room without an active consent record.
        SessionRuleError: they are already in the session, the consent record is someone else's,
            or there is no such seat.
    """
    require_live(state)
    if participant.id in state.participants:
        raise SessionRuleError("This participant is already in the session.")
    if consent is not None and consent.participant_id != participant.id:
        raise SessionRuleError("That consent record belongs to someone else.")
    if participant.participation.present and (consent is None or not consent.active):
        raise ConsentMissing([participant.id])
    people = list(state.participants.values())
    end = max((p.seat for p in people if p.seat is not None), default=-1) + 1
    seat: int | None
    if after_seat is not None:
        if not -1 <= after_seat < end:
            raise SessionRuleError("There is no such seat.")
        seat = after_seat + 1
    elif participant.seat is not None:
        if not 0 <= participant.seat <= end:
            raise SessionRuleError("There is no such seat.")
        seat = participant.seat
    else:
        seat = end if participant.participation.present else None
    joiner = participant.replace(seat=seat)
    return [
        ParticipantJoined(
            participant=participant_to_dict(joiner),
            consent_id=None if consent is None else consent.id,
            order_index=_place_in_round(state, people, joiner),
        )
    ]


def plan_leave(state: SessionState, pid: str, reason: str) -> list[Event]:
    """``pid`` leaves; if they held the piece, it moves on."""
    require_live(state)
    require_known(state, pid)
    check_free_text(reason, "A reason")
    if pid == state.keeper_id:
        raise SessionRuleError("The keeper cannot leave; end the session instead.")
    if pid in state.left:
        raise SessionRuleError("They have already left.")
    return [ParticipantLeft(pid, reason), *_release(state, pid)]


def plan_withdraw(state: SessionState, pid: str, recorded_by: str, note: str) -> list[Event]:
    """``pid`` withdraws consent: out of the rotation, and agreement blocked until resolved."""
    require_live(state)
    require_known(state, pid)
    _check_recorded_by(recorded_by)
    check_free_text(note, "A note")
    if pid == state.keeper_id:
        raise SessionRuleError("The keeper cannot withdraw during the session; end it instead.")
    if pid in state.withdrawn:
        raise SessionRuleError("Their consent is already withdrawn.")
    return [ConsentWithdrawn(pid, recorded_by, note), *_release(state, pid)]


def plan_resolve(state: SessionState, pid: str, resolution: str, recorded_by: str) -> list[Event]:
    """Record how a consent withdrawal was resolved."""
    require_live(state)
    if pid not in state.unresolved_withdrawals:
        raise SessionRuleError("There is no open withdrawal for this participant.")
    if not resolution.strip():
        raise SessionRuleError("Say how the withdrawal was resolved.")
    check_free_text(resolution, "A resolution")
    _check_recorded_by(recorded_by)
    return [WithdrawalResolved(pid, resolution, recorded_by)]


def _release(state: SessionState, pid: str) -> list[Event]:
    """If ``pid`` holds the piece as they go, the piece moves on without them."""
    if state.holder != pid:
        return []
    return move_on(state, gone=pid, released=True)


def _check_recorded_by(recorded_by: str) -> None:
    if not recorded_by.strip():
        raise SessionRuleError("Say who recorded it.")
    check_free_text(recorded_by, "Who recorded it")


def _place_in_round(
    state: SessionState, people: list[Participant], joiner: Participant
) -> int | None:
    """The joiner's index in the running round's order, or ``None`` if they get no turn."""
    rnd = state.round
    rt = state.round_template
    if rnd is None or rt is None or not rnd.has_rotation or rnd.stage is not RoundStage.ROTATION:
        return None
    if not joiner.takes_turns:
        return None
    seat = joiner.seat
    shifted = [
        p.replace(seat=p.seat + 1)
        if seat is not None and p.seat is not None and p.seat >= seat
        else p
        for p in people
    ]
    shifted.append(joiner)
    keeper = next((p for p in shifted if p.id == state.keeper_id), None)
    # Everyone who takes turns, gone or not, so that the joiner lands between the same
    # neighbours the round's order was built from.
    full = speaking_order(
        rnd.speaking_order,
        rt.roles,
        [p for p in shifted if p.takes_turns and p.id != state.keeper_id],
        keeper.seat if keeper is not None else None,
        state.direction,
    )
    return join_index(rnd.order, rnd.cursor, full, joiner.id)
