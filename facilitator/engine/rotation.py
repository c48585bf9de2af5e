"""Speaking orders: who the piece goes to, in what order. Pure functions over participants."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from facilitator.domain.case import Participant
from facilitator.domain.process import Direction, SpeakingOrder
from facilitator.domain.roles import Role


def by_seat(participants: Iterable[Participant]) -> list[Participant]:
    """The seated participants by seat number (unseated ones are left out)."""
    return sorted((p for p in participants if p.seat is not None), key=_seat)


def around_from(
    participants: Iterable[Participant], start_after: int | None, direction: Direction
) -> list[Participant]:
    """The seated participants once around the circle, starting next to seat ``start_after``.

    Seats are numbered clockwise. ``start_after`` is the keeper's seat; the keeper's own seat is
    not part of the answer. Without it the circle starts at the lowest seat (clockwise) or the
    highest (counterclockwise).
    """
    seated = by_seat(participants)
    if direction is Direction.COUNTERCLOCKWISE:
        seated.reverse()
        if start_after is None:
            return seated
        return [p for p in seated if _seat(p) < start_after] + [
            p for p in seated if _seat(p) > start_after
        ]
    if start_after is None:
        return seated
    return [p for p in seated if _seat(p) > start_after] + [
        p for p in seated if _seat(p) < start_after
    ]


def speaking_order(
    kind: SpeakingOrder,
    roles: Sequence[Role],
    candidates: Sequence[Participant],
    keeper_seat: int | None,
    direction: Direction,
) -> tuple[str, ...]:
    """The order of turns for a round.

    Args:
        kind: The round's speaking order.
        roles: For role order: the roles in the order they speak.
        candidates: Everyone who may get a turn (the caller leaves out the keeper, observers, those
            who left or withdrew), in the order they were listed.
        keeper_seat: The keeper's seat, where the circle starts from.
        direction: Which way the piece travels.

    Returns:
        Participant ids. Seat order: the seated candidates from next to the keeper. Role order:
        for each role, its candidates one after another, seated ones around from the keeper
        first, then unseated ones (a written statement read out) as listed. Open discussion and
        no-turn rounds have no fixed order.
    """
    if kind is SpeakingOrder.SEAT:
        return tuple(p.id for p in around_from(candidates, keeper_seat, direction))
    if kind is SpeakingOrder.ROLES:
        around = around_from(candidates, keeper_seat, direction)
        ranked = around + [p for p in candidates if p.seat is None]
        order: list[str] = []
        for role in roles:
            # A role named twice must not give anyone two rotation turns.
            order.extend(p.id for p in ranked if p.role is role and p.id not in order)
        return tuple(order)
    return ()


def join_index(
    order: Sequence[str], cursor: int, full_order: Sequence[str], joiner_id: str
) -> int | None:
    """Where a late joiner goes in a running round's order, or ``None`` if they get no turn.

    Args:
        order: The round's current order.
        cursor: Index in ``order`` of the furthest rotation turn so far (-1 before the first).
        full_order: The order as it would be computed now, with the joiner in it.
        joiner_id: The late joiner.

    Returns:
        The joiner goes just before the first person of ``order`` who comes after them in
        ``full_order``; they get a turn only if that place is still ahead of the rotation.
    """
    if joiner_id not in full_order:
        return None
    rank = {pid: i for i, pid in enumerate(full_order)}
    mine = rank[joiner_id]
    index = next((i for i, pid in enumerate(order) if pid in rank and rank[pid] > mine), len(order))
    return index if index > cursor else None


def _seat(p: Participant) -> int:
    assert p.seat is not None
    return p.seat
