"""Seats, the keeper and copied people: the rules of the seating plan, as pure functions.

Nothing here touches Qt or the store; the setup view applies these functions to its list of
participants, stores the result and shows it.

**Seats.** Everyone in the room (``Participation.IN_PERSON``) sits in the circle, except
observers, who start in the outer ring and may be seated. People not in the room (a written
statement, represented, absent) have no seat. Seats are numbered 0, 1, 2... clockwise with no
gaps; seat 0 is drawn at the top.

**The keeper.** The engine needs one participant the piece returns to (``keeper_id``). We do not
store a separate keeper flag: the keeper is *the one person whose role leads the process*
(``Role.KEEPER``, ``Role.FACILITATOR`` or ``Role.COORDINATOR``, see
:data:`facilitator.domain.roles.LEADING_ROLES`). Marking someone as keeper therefore:

* keeps their role if it already leads (a facilitator stays a facilitator), otherwise gives them
  the template's leading role: keeper for a circle, facilitator for every other process;
* turns anyone else who held a leading role into the matching co-role (keeper -> co-keeper,
  facilitator or coordinator -> co-facilitator), so that there is again exactly one.

Marking someone as co-keeper gives them the template's co-role (co-keeper for a circle,
co-facilitator otherwise); if they were the keeper, there is no keeper until one is marked.
If two people end up with a leading role some other way (typed in the person's details), there
is no keeper and the Start button says so.
"""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.domain.case import Participant
from facilitator.domain.ids import new_id
from facilitator.domain.process import ProcessKind
from facilitator.domain.roles import DEFAULT_SIDE, LEADING_ROLES, Role

#: The co-role someone takes when another person is marked as keeper.
_CO_ROLE: dict[Role, Role] = {
    Role.KEEPER: Role.CO_KEEPER,
    Role.FACILITATOR: Role.CO_FACILITATOR,
    Role.COORDINATOR: Role.CO_FACILITATOR,
}


def lead_role(kind: ProcessKind) -> Role:
    """The role of the person who leads a process of this kind (keeper for circles)."""
    return Role.KEEPER if kind is ProcessKind.CIRCLE else Role.FACILITATOR


def co_lead_role(kind: ProcessKind) -> Role:
    """The role of a second leader (co-keeper for circles)."""
    return Role.CO_KEEPER if kind is ProcessKind.CIRCLE else Role.CO_FACILITATOR


def leaders(people: Sequence[Participant]) -> list[Participant]:
    """Everyone whose role leads the process."""
    return [p for p in people if p.role in LEADING_ROLES]


def keeper_of(people: Sequence[Participant]) -> str | None:
    """The keeper's id: the one person with a leading role, or ``None`` (nobody, or several)."""
    found = leaders(people)
    return found[0].id if len(found) == 1 else None


def mark_keeper(people: Sequence[Participant], pid: str, kind: ProcessKind) -> list[Participant]:
    """Make ``pid`` the keeper (see the module docstring for what happens to the roles)."""
    result: list[Participant] = []
    for p in people:
        if p.id == pid and p.role not in LEADING_ROLES:
            result.append(_with_role(p, lead_role(kind)))
        elif p.id != pid and p.role in LEADING_ROLES:
            result.append(_with_role(p, _CO_ROLE[p.role]))
        else:
            result.append(p)
    return normalise_seats(result)


def mark_co_keeper(people: Sequence[Participant], pid: str, kind: ProcessKind) -> list[Participant]:
    """Give ``pid`` the co-role of this kind of process."""
    role = co_lead_role(kind)
    return normalise_seats(
        [_with_role(p, role) if p.id == pid and p.role != role else p for p in people]
    )


def _with_role(p: Participant, role: Role) -> Participant:
    # The side follows the new role only when it was the old role's default: a side the
    # facilitator chose on purpose stays.
    side = DEFAULT_SIDE[role] if p.side == DEFAULT_SIDE[p.role] else p.side
    return p.replace(role=role, side=side)


def can_sit_out(p: Participant) -> bool:
    """Whether this person may sit in the outer ring (observers only; they never speak)."""
    return p.role is Role.OBSERVER and p.participation.present


def seated_order(people: Sequence[Participant]) -> list[Participant]:
    """The seated people, by seat."""
    return sorted((p for p in people if p.seat is not None), key=lambda p: p.seat or 0)


def normalise_seats(people: Sequence[Participant]) -> list[Participant]:
    """Apply the seating rule and number the seats 0, 1, 2... in their current order.

    People in the room who must sit and have no seat yet go at the end; people not in the room
    lose their seat; observers keep whatever they have. The list order is unchanged.
    """
    ordered = [p for p in seated_order(people) if p.participation.present]
    ordered += [
        p
        for p in people
        if p.seat is None and p.participation.present and p.role is not Role.OBSERVER
    ]
    seat_of = {p.id: i for i, p in enumerate(ordered)}
    result: list[Participant] = []
    for p in people:
        seat = seat_of.get(p.id)
        result.append(p if p.seat == seat else p.replace(seat=seat))
    return result


def move_seat(people: Sequence[Participant], pid: str, to_seat: int) -> list[Participant]:
    """Move a seated person to seat ``to_seat``; the people in between shift by one.

    A person who is not seated, or a seat outside the circle, leaves the plan unchanged.
    """
    order = [p.id for p in seated_order(people)]
    if pid not in order or not 0 <= to_seat < len(order):
        return list(people)
    order.remove(pid)
    order.insert(to_seat, pid)
    return _renumber(people, order)


def set_seated(
    people: Sequence[Participant], pid: str, seated: bool, at: int | None = None
) -> list[Participant]:
    """Seat an observer in the circle (at seat ``at``, else at the end) or move them out.

    Only people who :func:`can_sit_out` may be moved out; anyone else is left as they are.
    """
    target = next((p for p in people if p.id == pid), None)
    if target is None or not can_sit_out(target):
        return list(people)
    order = [p.id for p in seated_order(people) if p.id != pid]
    if seated:
        order.insert(len(order) if at is None else max(0, min(at, len(order))), pid)
    return _renumber(people, order)


def _renumber(people: Sequence[Participant], order: Sequence[str]) -> list[Participant]:
    seat_of = {pid: i for i, pid in enumerate(order)}
    return [p if p.seat == seat_of.get(p.id) else p.replace(seat=seat_of.get(p.id)) for p in people]


def copy_people(
    source: Sequence[Participant], existing: Sequence[Participant]
) -> tuple[list[Participant], int]:
    """Copies of ``source`` to add after ``existing``, with new ids and their seats kept.

    People whose display name is already in ``existing`` are skipped, so that copying twice
    does not double everyone. A guardian who is copied too stays linked to the copy; a guardian
    who is not becomes a plain name.

    Returns:
        The full new list (``existing`` first), and how many people were skipped.
    """

    def key(p: Participant) -> str:
        return p.display_name.strip().casefold()

    here = {key(p): p.id for p in existing}
    chosen = [p for p in source if key(p) not in here]
    # A guardian may be copied now, or be here already under the same name.
    link = {p.id: new_id() for p in chosen}
    link.update({p.id: here[key(p)] for p in source if key(p) in here})
    names = {p.id: p.display_name for p in source}
    copies: list[Participant] = []
    for p in chosen:
        guardian_id = link.get(p.guardian_id) if p.guardian_id is not None else None
        guardian_name = p.guardian_name
        if p.guardian_id is not None and guardian_id is None:
            guardian_name = guardian_name or names.get(p.guardian_id, "")
        copies.append(
            p.replace(id=link[p.id], guardian_id=guardian_id, guardian_name=guardian_name)
        )
    # The copies keep their relative seat order, after everyone already seated here.
    base = len(seated_order(existing))
    copies_seated = {p.id: i for i, p in enumerate(seated_order(copies))}
    placed = [
        c.replace(seat=base + copies_seated[c.id]) if c.id in copies_seated else c for c in copies
    ]
    return normalise_seats([*existing, *placed]), len(source) - len(chosen)


def without(people: Sequence[Participant], pid: str) -> list[Participant]:
    """The list without ``pid``; anyone they were guardian of keeps their name as text."""
    gone = next((p for p in people if p.id == pid), None)
    if gone is None:
        return list(people)
    rest = [
        p.replace(guardian_id=None, guardian_name=p.guardian_name or gone.display_name)
        if p.guardian_id == pid
        else p
        for p in people
        if p.id != pid
    ]
    return normalise_seats(rest)
