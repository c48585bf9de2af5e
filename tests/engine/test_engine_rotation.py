"""The talking piece: speaking orders, passing, the offer, out-of-order hands, the keeper."""

from __future__ import annotations

import pytest
from engine_samples import (
    CHECK_IN,
    DISCUSSION,
    OPENING,
    READING,
    STORY,
    circle,
    holders,
    in_round,
    start,
)

from facilitator.domain.case import Participant
from facilitator.domain.process import Direction
from facilitator.domain.roles import Role
from facilitator.engine.errors import SessionRuleError
from facilitator.engine.events import Passed, RoundStarted, TurnBegan, TurnHow
from facilitator.engine.turns import ParticipantStatus, RoundStage

SEATED_IN_ROTATION = ["cokeeper", "harmed", "resp1", "resp2", "supp"]


def test_seat_round_goes_clockwise_from_next_to_the_keeper_and_returns_to_them() -> None:
    session, _, _ = in_round(CHECK_IN)

    assert session.state.round is not None
    assert list(session.state.round.order) == SEATED_IN_ROTATION
    assert holders(session) == SEATED_IN_ROTATION
    assert session.state.holder == "keeper"
    assert session.state.holder_how is TurnHow.KEEPER


def test_counterclockwise_starts_on_the_keepers_other_side() -> None:
    people = [p.replace(seat=(p.seat + 3) % 7) if p.seat is not None else p for p in circle()]
    # The keeper now sits in seat 3, between the supporter (2) and the co-keeper (4).
    session, _, _ = start(people, direction=Direction.COUNTERCLOCKWISE)
    session.enter_phase(OPENING)
    session.start_round(CHECK_IN)

    assert holders(session) == ["supp", "resp2", "resp1", "harmed", "cokeeper"]


def test_clockwise_wraps_around_past_the_highest_seat() -> None:
    people = [p.replace(seat=(p.seat + 3) % 7) if p.seat is not None else p for p in circle()]
    session, _, _ = start(people, direction=Direction.CLOCKWISE)
    session.enter_phase(OPENING)
    session.start_round(CHECK_IN)

    assert holders(session) == SEATED_IN_ROTATION


def test_direction_defaults_to_the_templates() -> None:
    session, _, log = start()
    assert session.state.direction is Direction.CLOCKWISE
    first = log.read()[0].event
    assert first.direction is Direction.CLOCKWISE  # type: ignore[attr-defined]


def test_seated_written_statement_gets_a_seat_turn_and_unseated_one_does_not() -> None:
    people = circle()
    people[-1] = people[-1].replace(seat=7)
    session, _, _ = start(people)
    session.enter_phase(OPENING)
    session.start_round(CHECK_IN)
    assert holders(session) == [*SEATED_IN_ROTATION, "letter"]

    unseated, _, _ = in_round(CHECK_IN)
    assert "letter" not in holders(unseated)
    assert unseated.state.status_of("letter") is ParticipantStatus.NOT_IN_ROUND


def test_role_order_lets_several_people_with_one_role_go_one_after_another() -> None:
    session, _, log = in_round(STORY)

    started = [e.event for e in log.read() if isinstance(e.event, RoundStarted)]
    assert started[-1].order == ("resp1", "resp2", "harmed", "supp", "letter")
    assert holders(session) == ["resp1", "resp2", "harmed", "supp", "letter"]


def test_role_questions_go_to_each_role() -> None:
    session, _, _ = in_round(STORY)

    questions = ("What happened?", "Who has been affected, and how?")
    assert session.state.prompt_for("resp2") == questions
    assert session.state.prompt_for("harmed") == ("What has been hardest?",)
    assert session.state.prompt_for("supp") == ("What would you like to say about what happened?",)


def test_observers_and_the_keeper_never_take_a_rotation_turn() -> None:
    session, _, _ = in_round(CHECK_IN)

    assert not session.state.in_rotation("observer")
    assert not session.state.in_rotation("keeper")
    assert session.state.in_rotation("cokeeper")
    with pytest.raises(SessionRuleError, match="do not take turns"):
        session.hand_to("observer")
    with pytest.raises(SessionRuleError, match="keeper speaks"):
        session.hand_to("keeper")


def test_next_after_the_rotation_is_refused_once_the_keeper_has_the_piece() -> None:
    session, _, _ = in_round(CHECK_IN)
    holders(session)

    with pytest.raises(SessionRuleError, match="Everyone has had their turn; end the round"):
        session.next_holder()


def test_statuses_follow_the_round() -> None:
    session, _, _ = in_round(CHECK_IN)
    session.next_holder()
    session.pass_turn()
    session.next_holder()
    state = session.state

    assert state.status_of("cokeeper") is ParticipantStatus.PASSED
    assert state.status_of("harmed") is ParticipantStatus.SPOKE
    assert state.status_of("resp1") is ParticipantStatus.HOLDING
    assert state.status_of("resp2") is ParticipantStatus.WAITING
    assert state.status_of("observer") is ParticipantStatus.NOT_IN_ROUND
    assert state.status_of("keeper") is ParticipantStatus.NOT_IN_ROUND
    session.end_round()
    assert session.state.status_of("harmed") is ParticipantStatus.NOT_IN_ROUND


def test_pass_then_offer_goes_to_those_who_passed_in_order() -> None:
    session, _, log = in_round(CHECK_IN)
    session.next_holder()  # cokeeper
    session.next_holder()  # harmed
    session.pass_turn()  # resp1 takes it
    session.pass_turn()  # resp2 takes it
    with pytest.raises(SessionRuleError, match="not gone all the way around"):
        session.offer_to_passers()
    session.next_holder()  # supp
    session.next_holder()  # back to the keeper
    assert session.state.round is not None
    assert session.state.round.passed == ("harmed", "resp1")
    with pytest.raises(SessionRuleError, match="offer the piece to those who passed"):
        session.next_holder()

    session.offer_to_passers()
    assert session.state.holder == "harmed"
    assert session.state.holder_how is TurnHow.OFFER
    assert session.state.round.stage is RoundStage.OFFER
    assert session.state.next_in_rotation() == "resp1"
    session.next_holder()
    assert session.state.holder == "resp1"
    session.next_holder()
    assert session.state.holder == "keeper"
    assert session.state.round.stage is RoundStage.CLOSED
    with pytest.raises(SessionRuleError, match="already offered"):
        session.offer_to_passers()

    offers = [
        e.event.participant_id
        for e in log.read()
        if isinstance(e.event, TurnBegan) and e.event.how is TurnHow.OFFER
    ]
    assert offers == ["harmed", "resp1"]


def test_offer_needs_someone_who_passed() -> None:
    session, _, _ = in_round(CHECK_IN)
    holders(session)

    with pytest.raises(SessionRuleError, match="Nobody who passed"):
        session.offer_to_passers()


def test_a_pass_is_recorded_for_the_holder_and_the_piece_moves_on_in_one_append() -> None:
    session, _, log = in_round(CHECK_IN)
    session.next_holder()
    before = len(log.read())
    session.pass_turn()
    added = log.read()[before:]

    assert [type(e.event) for e in added] == [Passed, TurnBegan]
    assert {e.seq for e in added} == {before + 1, before + 2}
    assert added[0].t == added[1].t


def test_out_of_order_hand_does_not_use_up_the_rotation_turn() -> None:
    session, _, _ = in_round(CHECK_IN)
    session.next_holder()  # cokeeper
    session.hand_to("supp")
    assert session.state.holder_how is TurnHow.OUT_OF_ORDER
    assert session.state.status_of("supp") is ParticipantStatus.HOLDING

    assert session.state.next_in_rotation() == "harmed"
    assert holders(session) == ["harmed", "resp1", "resp2", "supp"]


def test_keeper_may_speak_at_any_time_and_the_rotation_continues() -> None:
    session, _, _ = in_round(CHECK_IN)
    session.next_holder()
    session.next_holder()  # harmed
    session.keeper_speaks()
    assert session.state.holder == "keeper"
    with pytest.raises(SessionRuleError, match="already holds"):
        session.keeper_speaks()

    assert holders(session) == ["resp1", "resp2", "supp"]


def test_back_to_keeper_calls_the_piece_back_mid_rotation() -> None:
    session, _, _ = in_round(CHECK_IN)
    session.next_holder()
    session.back_to_keeper()
    assert session.state.holder == "keeper"
    with pytest.raises(SessionRuleError, match="already with the keeper"):
        session.back_to_keeper()

    assert holders(session) == ["harmed", "resp1", "resp2", "supp"]


def test_keeper_may_speak_outside_a_round_and_that_turn_ends_with_the_phase() -> None:
    session, _, _ = start()
    session.enter_phase(OPENING)
    session.keeper_speaks()
    assert session.state.turns[-1].round_no is None
    session.start_round(CHECK_IN)

    assert session.state.holder is None
    assert session.state.turns[-1].end is not None


def test_a_process_without_keeper_leaves_the_piece_down_after_the_rotation() -> None:
    people = [p for p in circle() if p.id != "keeper"]
    session, _, _ = start(people, keeper_id=None)
    session.enter_phase(OPENING)
    session.start_round(CHECK_IN)
    for pid in SEATED_IN_ROTATION:
        session.next_holder()
        assert session.state.holder == pid
    session.next_holder()

    assert session.state.holder is None
    with pytest.raises(SessionRuleError, match="no keeper"):
        session.keeper_speaks()
    with pytest.raises(SessionRuleError, match="Everyone has had their turn"):
        session.next_holder()


def test_queue_round_first_come_first_served() -> None:
    session, _, _ = in_round(DISCUSSION)
    assert session.state.round is not None
    assert session.state.round.order == ()
    session.next_holder()  # no hand raised: the keeper takes the piece
    assert session.state.holder == "keeper"
    with pytest.raises(SessionRuleError, match="Nobody has raised a hand"):
        session.next_holder()
    session.raise_hand("supp")
    session.raise_hand("harmed")
    with pytest.raises(SessionRuleError, match="already raised"):
        session.raise_hand("supp")

    session.next_holder()
    assert (session.state.holder, session.state.holder_how) == ("supp", TurnHow.QUEUE)
    with pytest.raises(SessionRuleError, match="already have the word"):
        session.raise_hand("supp")
    session.next_holder()
    assert session.state.holder == "harmed"
    session.raise_hand("supp")  # they may ask again once they have spoken
    session.next_holder()
    assert session.state.holder == "supp"
    session.next_holder()
    assert session.state.holder == "keeper"


def test_queue_round_least_spoken_first() -> None:
    session, clock, _ = in_round(DISCUSSION)
    for pid, seconds in (("harmed", 90), ("resp1", 10), ("cokeeper", 5)):
        session.raise_hand(pid)
        session.next_holder()
        clock.advance(seconds)
    session.raise_hand("harmed")
    session.raise_hand("resp1")
    assert session.state.next_in_rotation() == "harmed"

    session.set_least_spoken_first(True)
    assert session.state.round is not None
    assert session.state.round.least_spoken_first
    assert session.state.next_in_rotation() == "resp1"
    session.next_holder()
    assert session.state.holder == "resp1"
    session.set_least_spoken_first(False)
    session.lower_hand("harmed")
    assert session.state.round.hands == ()


def test_hands_and_queue_policy_only_in_open_discussion() -> None:
    session, _, _ = in_round(CHECK_IN)
    with pytest.raises(SessionRuleError, match="open discussion"):
        session.raise_hand("harmed")
    with pytest.raises(SessionRuleError, match="open discussion"):
        session.set_least_spoken_first(True)


def test_round_without_turns_refuses_to_move_the_piece() -> None:
    session, _, _ = in_round(READING)
    with pytest.raises(SessionRuleError, match="no turns"):
        session.next_holder()
    with pytest.raises(SessionRuleError, match="no turns"):
        session.hand_to("harmed")
    session.keeper_speaks()
    assert session.state.holder == "keeper"


def test_piece_commands_need_a_round() -> None:
    session, _, log = start()
    session.enter_phase(OPENING)
    before = len(log.read())
    for command in (
        session.next_holder,
        session.pass_turn,
        session.back_to_keeper,
        session.offer_to_passers,
        session.end_round,
    ):
        with pytest.raises(SessionRuleError, match="No round is running"):
            command()
    assert len(log.read()) == before


def test_pass_needs_a_holder_who_is_not_the_keeper() -> None:
    session, _, _ = in_round(CHECK_IN)
    with pytest.raises(SessionRuleError, match="Nobody holds"):
        session.pass_turn()
    session.keeper_speaks()
    with pytest.raises(SessionRuleError, match="keeper hands the piece on"):
        session.pass_turn()


def test_start_round_goes_to_the_next_round_of_the_phase() -> None:
    session, _, _ = start()
    with pytest.raises(SessionRuleError, match="Enter a phase"):
        session.start_round()
    session.enter_phase(OPENING)
    for expected in range(4):
        session.start_round()
        assert session.state.round is not None
        assert session.state.round.round_index == expected
        assert session.state.round.round_no == expected + 1
    with pytest.raises(SessionRuleError, match="no more rounds"):
        session.start_round()
    with pytest.raises(SessionRuleError, match="no such round"):
        session.start_round(9)
    session.enter_phase(2)
    with pytest.raises(SessionRuleError, match="no rounds"):
        session.start_round()


def test_next_prompt_peeks_at_the_next_round_then_the_next_phase() -> None:
    session, _, _ = start()
    assert session.state.next_prompt() == ("Check-in", "How are you arriving today?")
    session.enter_phase(OPENING)
    session.start_round(READING)
    assert session.state.next_prompt() == ("The plan", "Can everyone live with this plan?")
    session.end_round()
    session.enter_phase(2)
    assert session.state.next_prompt() is None


def test_people_with_a_role_outside_the_role_order_are_not_in_the_round() -> None:
    panel = Participant("Pat Panel", Role.PANEL_MEMBER, id="panel", seat=7)
    people = [*circle(), panel]
    session, _, _ = start(people)
    session.enter_phase(OPENING)
    session.start_round(STORY)
    assert session.state.status_of("panel") is ParticipantStatus.NOT_IN_ROUND
