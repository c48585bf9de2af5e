"""The seating and readiness rules of the set-up, without widgets."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.domain.case import Participant
from facilitator.domain.consent import ConsentMethod
from facilitator.domain.process import ProcessKind
from facilitator.domain.roles import Participation, Role, Side
from facilitator.processes import TemplateSet, builtin_templates_dir, load_templates
from ui.setup.readiness import check_start, consent_problem, people_without_consent
from ui.setup.seating import (
    copy_people,
    keeper_of,
    mark_co_keeper,
    mark_keeper,
    move_seat,
    normalise_seats,
    seated_order,
    set_seated,
    without,
)


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return load_templates(builtin_templates_dir())


def names_by_seat(people: list[Participant]) -> list[str]:
    return [p.display_name for p in seated_order(people)]


def test_everyone_in_the_room_sits_except_observers_and_nobody_else_does() -> None:
    people = normalise_seats(
        [
            Participant("A", Role.KEEPER),
            Participant("Watcher", Role.OBSERVER),
            Participant(
                "Letter", Role.PERSON_HARMED, participation=Participation.WRITTEN_STATEMENT
            ),
            Participant("B", Role.PERSON_RESPONSIBLE, seat=7),
            Participant("Away", Role.ELDER, participation=Participation.ABSENT, seat=2),
        ]
    )
    assert {p.display_name: p.seat for p in people} == {
        "A": 1,
        "Watcher": None,
        "Letter": None,
        "B": 0,
        "Away": None,
    }


def test_moving_a_seat_shifts_the_people_in_between() -> None:
    people = normalise_seats([Participant(n, Role.COMMUNITY_MEMBER) for n in "ABCDE"])
    b = people[1].id
    assert names_by_seat(move_seat(people, b, 3)) == ["A", "C", "D", "B", "E"]
    assert names_by_seat(move_seat(people, people[4].id, 0)) == ["E", "A", "B", "C", "D"]
    # Nowhere to go: unchanged.
    assert names_by_seat(move_seat(people, b, 5)) == list("ABCDE")
    assert names_by_seat(move_seat(people, "nobody", 0)) == list("ABCDE")


@given(
    st.integers(min_value=1, max_value=12).flatmap(
        lambda n: st.tuples(
            st.just(n), st.integers(min_value=0, max_value=n - 1), st.integers(0, n - 1)
        )
    )
)
def test_moving_a_seat_keeps_seats_numbered_without_gaps(case: tuple[int, int, int]) -> None:
    n, who, to = case
    people = normalise_seats([Participant(f"P{i}", Role.COMMUNITY_MEMBER) for i in range(n)])
    moved = move_seat(people, people[who].id, to)
    assert sorted(p.seat for p in moved if p.seat is not None) == list(range(n))
    assert next(p.seat for p in moved if p.id == people[who].id) == to
    others = [p.display_name for p in seated_order(moved) if p.id != people[who].id]
    assert others == [p.display_name for p in people if p.id != people[who].id]


def test_observers_move_between_the_circle_and_the_outer_ring_others_do_not() -> None:
    people = normalise_seats(
        [
            Participant("A", Role.KEEPER),
            Participant("W", Role.OBSERVER),
            Participant("B", Role.ELDER),
        ]
    )
    watcher, elder = people[1].id, people[2].id
    seated = set_seated(people, watcher, seated=True, at=1)
    assert names_by_seat(seated) == ["A", "W", "B"]
    assert names_by_seat(set_seated(seated, watcher, seated=False)) == ["A", "B"]
    assert names_by_seat(set_seated(people, elder, seated=False)) == ["A", "B"]


def test_marking_a_keeper_in_a_circle() -> None:
    people = normalise_seats(
        [
            Participant("Old", Role.KEEPER),
            Participant("New", Role.COMMUNITY_MEMBER),
            Participant("Harmed", Role.PERSON_HARMED),
        ]
    )
    marked = mark_keeper(people, people[1].id, ProcessKind.CIRCLE)
    roles = {p.display_name: (p.role, p.side) for p in marked}
    assert roles == {
        "Old": (Role.CO_KEEPER, Side.PROCESS),
        "New": (Role.KEEPER, Side.PROCESS),
        "Harmed": (Role.PERSON_HARMED, Side.HARMED),
    }
    assert keeper_of(marked) == people[1].id


def test_marking_a_keeper_in_a_conference_keeps_leading_roles_and_chosen_sides() -> None:
    people = [
        Participant("Coordinator", Role.COORDINATOR),
        Participant("Facilitator", Role.FACILITATOR),
        Participant("Elder", Role.ELDER, side=Side.HARMED),
    ]
    # Two leaders: no keeper until one is marked.
    assert keeper_of(people) is None
    marked = mark_keeper(people, people[1].id, ProcessKind.CONFERENCE)
    assert [p.role for p in marked] == [Role.CO_FACILITATOR, Role.FACILITATOR, Role.ELDER]
    assert keeper_of(marked) == people[1].id
    elder_leads = mark_keeper(marked, people[2].id, ProcessKind.CONFERENCE)
    assert [p.role for p in elder_leads] == [
        Role.CO_FACILITATOR,
        Role.CO_FACILITATOR,
        Role.FACILITATOR,
    ]
    # The elder's side was chosen on purpose, so it stays.
    assert elder_leads[2].side is Side.HARMED


def test_marking_the_keeper_as_co_keeper_leaves_no_keeper() -> None:
    people = [Participant("K", Role.KEEPER), Participant("C", Role.COMMUNITY_MEMBER)]
    co = mark_co_keeper(people, people[0].id, ProcessKind.CIRCLE)
    assert co[0].role is Role.CO_KEEPER
    assert keeper_of(co) is None
    conference = mark_co_keeper(people, people[1].id, ProcessKind.CONFERENCE)
    assert conference[1].role is Role.CO_FACILITATOR


def test_copied_people_get_new_ids_keep_their_guardian_and_are_not_copied_twice() -> None:
    grace = Participant("Grace", Role.GUARDIAN, seat=1)
    jamie = Participant(
        "Jamie", Role.PERSON_RESPONSIBLE, is_minor=True, guardian_id=grace.id, seat=0
    )
    away = Participant("Away", Role.PERSON_HARMED, participation=Participation.ABSENT)
    copies, skipped = copy_people([jamie, grace, away], [])
    assert skipped == 0
    by_name = {p.display_name: p for p in copies}
    assert {p.id for p in copies}.isdisjoint({grace.id, jamie.id, away.id})
    assert by_name["Jamie"].guardian_id == by_name["Grace"].id
    assert names_by_seat(copies) == ["Jamie", "Grace"]

    again, skipped = copy_people([jamie, grace, away], copies)
    assert skipped == 3
    assert again == copies


def test_a_copied_minor_links_to_a_guardian_already_here() -> None:
    grace = Participant("Grace", Role.GUARDIAN)
    jamie = Participant("Jamie", Role.PERSON_RESPONSIBLE, is_minor=True, guardian_id=grace.id)
    here = normalise_seats([Participant("grace ", Role.GUARDIAN)])
    people, skipped = copy_people([grace, jamie], here)
    assert skipped == 1
    assert people[1].guardian_id == here[0].id
    alone, _ = copy_people([jamie], [])
    assert alone[0].guardian_id is None


def test_removing_a_guardian_keeps_their_name_on_the_minor() -> None:
    grace = Participant("Grace Okafor", Role.GUARDIAN)
    jamie = Participant("Jamie", Role.PERSON_RESPONSIBLE, is_minor=True, guardian_id=grace.id)
    [left] = without(normalise_seats([grace, jamie]), grace.id)
    assert (left.guardian_id, left.guardian_name, left.seat) == (None, "Grace Okafor", 0)


def test_reasons_not_to_start_come_most_important_first(templates: TemplateSet) -> None:
    circle = templates.templates["peacemaking-circle"]
    conference = templates.templates["restorative-conference"]
    assert check_start(circle, [], []).reasons[0] == "Add at least two people in the room"
    two = normalise_seats([Participant("A", Role.ELDER), Participant("B", Role.PERSON_HARMED)])
    assert check_start(circle, two, []).reasons == (
        "Choose who keeps the circle",
        "2 people have no consent record",
    )
    assert check_start(conference, two, []).reasons[0] == "Choose who facilitates"
    leaders = [Participant("A", Role.KEEPER), Participant("B", Role.FACILITATOR)]
    assert check_start(circle, leaders, []).reasons[0] == (
        "Only one person can lead: mark the keeper"
    )
    away = [
        Participant("K", Role.KEEPER, participation=Participation.ABSENT),
        Participant("A", Role.ELDER),
        Participant("B", Role.ELDER),
    ]
    assert "The person who leads must be in the room" in check_start(circle, away, []).reasons


def test_the_consent_count_reads_well() -> None:
    assert people_without_consent(1) == "1 person has no consent record"
    assert people_without_consent(6) == "6 people have no consent record"


def test_consent_rules() -> None:
    minor = Participant("J", Role.PERSON_RESPONSIBLE, is_minor=True)
    adult = Participant("A", Role.PERSON_HARMED)
    written = ConsentMethod.WRITTEN
    assert consent_problem(minor, written, False, False, "AN") is not None
    assert consent_problem(minor, written, False, True, "AN") is None
    assert consent_problem(minor, ConsentMethod.BY_GUARDIAN, False, False, "AN") is None
    assert consent_problem(adult, written, False, False, "AN") is None
    assert consent_problem(adult, written, False, False, "  ") is not None
    assert consent_problem(adult, ConsentMethod.VERBAL_WITNESSED, False, False, "AN") is not None
    assert consent_problem(adult, ConsentMethod.VERBAL_WITNESSED, True, False, "AN") is None
