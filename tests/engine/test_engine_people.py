"""Who is in the session: the consent gate, late joiners, leaving, consent withdrawn."""

from __future__ import annotations

import pytest
from engine_samples import (
    CHECK_IN,
    STORY,
    TEMPLATE,
    WALL,
    circle,
    consent_for,
    consents,
    holders,
    in_round,
    start,
)

from facilitator.domain.case import Participant
from facilitator.domain.roles import Participation, Role
from facilitator.engine.clock import FakeClock
from facilitator.engine.errors import ConsentMissing, SessionRuleError
from facilitator.engine.events import (
    ConsentWithdrawn,
    ParticipantJoined,
    ParticipantLeft,
    SessionStarted,
    TurnBegan,
    TurnHow,
)
from facilitator.engine.log import MemoryEventLog
from facilitator.engine.session import LiveSession
from facilitator.engine.state import SessionState
from facilitator.engine.turns import ParticipantStatus


def _start_with(people: list[Participant], records: list) -> LiveSession:  # type: ignore[type-arg]
    return LiveSession.start(
        MemoryEventLog(),
        FakeClock(),
        template=TEMPLATE,
        participants=people,
        consents=records,
        keeper_id="keeper",
    )


# ---------------------------------------------------------------------- the consent gate


def test_consent_gate_names_everyone_present_without_consent_and_no_names() -> None:
    people = circle()
    records = [c for c in consents(people) if c.participant_id not in ("harmed", "supp")]

    with pytest.raises(ConsentMissing) as caught:
        _start_with(people, records)

    assert caught.value.participant_ids == ("harmed", "supp")
    assert str(caught.value).startswith("2 people have no consent record")
    for p in people:
        assert p.display_name not in str(caught.value)
        assert p.id not in str(caught.value)


def test_consent_gate_counts_one_person_in_the_singular() -> None:
    people = circle()
    records = [c for c in consents(people) if c.participant_id != "observer"]

    with pytest.raises(ConsentMissing, match=r"^1 person has no consent record"):
        _start_with(people, records)


def test_a_withdrawn_consent_record_does_not_open_the_gate() -> None:
    people = circle()
    records = [c for c in consents(people) if c.participant_id != "resp1"]
    records.append(consent_for("resp1", withdrawn=True))

    with pytest.raises(ConsentMissing) as caught:
        _start_with(people, records)
    assert caught.value.participant_ids == ("resp1",)


def test_people_not_in_the_room_need_no_consent_record_to_start() -> None:
    people = circle()  # "letter" sends a written statement
    session = _start_with(people, consents(people))

    letter = session.state.participant("letter")
    assert letter.participation is Participation.WRITTEN_STATEMENT


def test_the_first_event_records_the_consent_records_accepted() -> None:
    people = circle()
    records = consents(people)
    log = MemoryEventLog()
    LiveSession.start(
        log, FakeClock(), template=TEMPLATE, participants=people, consents=records, keeper_id=None
    )

    first = log.read()[0].event
    assert isinstance(first, SessionStarted)
    assert first.consent_ids == tuple(c.id for c in records)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda ps: [*ps, ps[2]], "listed twice"),
        (lambda ps: [ps[0], ps[1].replace(seat=0), *ps[2:]], "share a seat"),
    ],
)
def test_start_refuses_inconsistent_participants(change, message) -> None:  # type: ignore[no-untyped-def]
    people = change(circle())
    with pytest.raises(SessionRuleError, match=message):
        _start_with(people, consents(people))


def test_start_refuses_a_keeper_who_is_not_a_participant() -> None:
    people = circle()
    with pytest.raises(SessionRuleError, match="keeper must be one of the participants"):
        LiveSession.start(
            MemoryEventLog(),
            FakeClock(),
            template=TEMPLATE,
            participants=people,
            consents=consents(people),
            keeper_id="nobody",
        )


def test_start_refuses_a_log_that_is_not_empty() -> None:
    _, clock, log = start()
    people = circle()
    with pytest.raises(SessionRuleError, match="already started"):
        LiveSession.start(
            log,
            clock,
            template=TEMPLATE,
            participants=people,
            consents=consents(people),
            keeper_id="keeper",
        )
    assert len(log.read()) == 1


# ---------------------------------------------------------------------- late joiners


def _newcomer(**changes: object) -> Participant:
    return Participant("Nia Newcomer", Role.COMMUNITY_MEMBER, id="new", **changes)  # type: ignore[arg-type]


def test_late_joiner_gets_an_inserted_seat_and_the_others_shift() -> None:
    session, _, _ = start()
    session.join_late(_newcomer(), consent_for("new"), after_seat=2)
    state = session.state

    assert state.participant("new").seat == 3
    assert state.seat_order() == [
        "keeper",
        "cokeeper",
        "harmed",
        "new",
        "resp1",
        "resp2",
        "supp",
        "observer",
    ]
    assert state.participant("resp1").seat == 4
    assert state.participant("observer").seat == 7


def test_late_joiner_ahead_of_the_rotation_gets_a_turn_in_this_round() -> None:
    session, _, log = in_round(CHECK_IN)
    session.next_holder()  # cokeeper
    session.next_holder()  # harmed
    session.join_late(_newcomer(), consent_for("new"), after_seat=3)  # between resp1 and resp2

    joined = log.read()[-1].event
    assert isinstance(joined, ParticipantJoined)
    assert joined.order_index == 3
    assert session.state.status_of("new") is ParticipantStatus.WAITING
    assert holders(session) == ["resp1", "new", "resp2", "supp"]


def test_late_joiner_behind_the_rotation_waits_for_the_next_round() -> None:
    session, _, log = in_round(CHECK_IN)
    for _ in range(3):
        session.next_holder()  # cokeeper, harmed, resp1
    session.join_late(_newcomer(), consent_for("new"), after_seat=1)  # between cokeeper and harmed

    joined = log.read()[-1].event
    assert isinstance(joined, ParticipantJoined)
    assert joined.order_index is None
    assert session.state.status_of("new") is ParticipantStatus.NOT_IN_ROUND
    assert holders(session) == ["resp2", "supp"]

    session.start_round(CHECK_IN)
    assert holders(session) == ["cokeeper", "new", "harmed", "resp1", "resp2", "supp"]


def test_late_joiner_by_role_goes_with_their_role() -> None:
    session, _, _ = in_round(STORY)
    session.next_holder()  # resp1
    joiner = Participant("Rob Responsible", Role.PERSON_RESPONSIBLE, id="resp3")
    session.join_late(joiner, consent_for("resp3"))  # at the end of the circle

    assert holders(session) == ["resp2", "resp3", "harmed", "supp", "letter"]


def test_late_joiner_in_the_room_needs_consent() -> None:
    session, _, log = start()
    before = len(log.read())
    with pytest.raises(ConsentMissing, match=r"^1 person has no consent record"):
        session.join_late(_newcomer(), None)
    with pytest.raises(ConsentMissing):
        session.join_late(_newcomer(), consent_for("new", withdrawn=True))
    with pytest.raises(SessionRuleError, match="belongs to someone else"):
        session.join_late(_newcomer(), consent_for("harmed"))
    assert len(log.read()) == before


def test_late_written_statement_needs_no_consent_and_stays_unseated() -> None:
    session, _, _ = start()
    session.join_late(_newcomer(participation=Participation.WRITTEN_STATEMENT), None)

    assert session.state.participant("new").seat is None
    assert session.state.in_rotation("new")


def test_late_joiner_seat_must_exist_and_ids_are_unique() -> None:
    session, _, _ = start()
    with pytest.raises(SessionRuleError, match="no such seat"):
        session.join_late(_newcomer(), consent_for("new"), after_seat=7)
    with pytest.raises(SessionRuleError, match="already in the session"):
        session.join_late(circle()[2], consent_for("harmed"))
    session.join_late(_newcomer(), consent_for("new"), after_seat=-1)
    assert session.state.seat_order()[:2] == ["new", "keeper"]


# ---------------------------------------------------------------------- leaving


def test_leaving_holder_hands_the_piece_on_in_the_same_append() -> None:
    session, _, log = in_round(CHECK_IN)
    session.next_holder()
    session.next_holder()  # harmed
    before = len(log.read())
    session.leave("harmed", "felt unwell")

    added = [e.event for e in log.read()[before:]]
    assert added == [ParticipantLeft("harmed", "felt unwell"), TurnBegan("resp1", TurnHow.ROTATION)]
    assert session.state.status_of("harmed") is ParticipantStatus.LEFT
    assert not session.state.in_rotation("harmed")
    assert session.state.turns[-2].participant_id == "harmed"
    assert session.state.turns[-2].end is not None


def test_someone_who_left_before_their_turn_is_skipped() -> None:
    session, _, _ = in_round(CHECK_IN)
    session.next_holder()
    session.leave("resp2")
    assert holders(session) == ["harmed", "resp1", "supp"]
    with pytest.raises(SessionRuleError, match="already left"):
        session.leave("resp2")
    with pytest.raises(SessionRuleError, match="do not take turns or are gone"):
        session.hand_to("resp2")


def test_last_holder_leaving_returns_the_piece_to_the_keeper() -> None:
    session, _, _ = in_round(CHECK_IN)
    for _ in range(5):
        session.next_holder()
    assert session.state.holder == "supp"
    session.leave("supp")
    assert session.state.holder == "keeper"


def test_the_keeper_cannot_leave() -> None:
    session, _, _ = start()
    with pytest.raises(SessionRuleError, match="keeper cannot leave"):
        session.leave("keeper")
    with pytest.raises(SessionRuleError, match="Unknown participant"):
        session.leave("nobody")


# ---------------------------------------------------------------------- consent withdrawn


def test_withdrawal_while_holding_moves_the_piece_and_blocks_until_resolved() -> None:
    session, _, log = in_round(CHECK_IN)
    session.next_holder()  # cokeeper
    session.withdraw_consent("cokeeper", recorded_by="KK", note="asked to stop")
    state = session.state

    assert isinstance(log.read()[-2].event, ConsentWithdrawn)
    assert state.holder == "harmed"
    assert state.status_of("cokeeper") is ParticipantStatus.WITHDRAWN
    assert state.withdrawn == frozenset({"cokeeper"})
    assert state.unresolved_withdrawals == frozenset({"cokeeper"})
    with pytest.raises(SessionRuleError, match="already withdrawn"):
        session.withdraw_consent("cokeeper", recorded_by="KK")

    session.resolve_withdrawal("cokeeper", "left the room with a supporter", recorded_by="KK")
    assert session.state.unresolved_withdrawals == frozenset()
    assert session.state.withdrawn == frozenset({"cokeeper"})
    with pytest.raises(SessionRuleError, match="no open withdrawal"):
        session.resolve_withdrawal("cokeeper", "again", recorded_by="KK")


def test_withdrawal_needs_who_recorded_it_and_a_resolution() -> None:
    session, _, _ = start()
    with pytest.raises(SessionRuleError, match="who recorded it"):
        session.withdraw_consent("harmed", recorded_by=" ")
    session.withdraw_consent("harmed", recorded_by="KK")
    with pytest.raises(SessionRuleError, match="how the withdrawal was resolved"):
        session.resolve_withdrawal("harmed", "", recorded_by="KK")
    with pytest.raises(SessionRuleError, match="keeper cannot withdraw"):
        session.withdraw_consent("keeper", recorded_by="KK")


def test_a_raised_hand_is_lowered_when_they_leave() -> None:
    session, _, _ = in_round(2)
    session.raise_hand("harmed")
    session.raise_hand("supp")
    session.withdraw_consent("harmed", recorded_by="KK")

    assert session.state.round is not None
    assert session.state.round.hands == ("supp",)


def test_people_survive_a_replay() -> None:
    session, _, log = in_round(CHECK_IN)
    session.next_holder()
    session.join_late(_newcomer(), consent_for("new"), after_seat=3)
    session.leave("resp2")
    session.withdraw_consent("harmed", recorded_by="KK")

    assert SessionState.fold(log.read()).snapshot() == session.state.snapshot()
    assert log.read()[0].wall == WALL
