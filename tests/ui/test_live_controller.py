"""The session controller over a real store: commands, refusals, failures and the projector feed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from live_helpers import database_locked, stored, stored_kinds
from live_samples import AGREEMENT, CHECK_IN, FAMILY, OPENING, STORIES, by_role, keeper_of
from pytestqt.qtbot import QtBot

from facilitator.domain.case import Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.roles import Role
from facilitator.engine.clock import FakeClock
from facilitator.engine.errors import SessionRuleError
from facilitator.engine.events import BreakKind, ParticipantJoined, TurnBegan, TurnHow
from facilitator.storage.store import Store
from ui.session_controller import SessionController, resume_live, start_live
from ui.tasks import TaskRunner


def test_start_reads_the_store_and_records_the_start(
    controller: SessionController, store: Store, people: list[Participant]
) -> None:
    assert stored_kinds(store, controller.session_id) == ["session_started"]
    assert controller.state.keeper_id == keeper_of(people).id
    assert controller.template.id == "live-test"
    assert set(controller.state.participants) == {p.id for p in people}


def test_a_command_emits_changed_once_stored(
    qtbot: QtBot, controller: SessionController, store: Store
) -> None:
    with qtbot.waitSignal(controller.changed):
        assert controller.enter_phase(OPENING)
    assert stored_kinds(store, controller.session_id)[-1] == "phase_entered"


def test_a_refused_command_emits_failed_and_records_nothing(
    qtbot: QtBot, controller: SessionController, store: Store
) -> None:
    before = stored_kinds(store, controller.session_id)
    with qtbot.waitSignal(controller.failed) as failed:
        assert controller.pass_turn() is False
    assert failed.args == ["No round is running; start a round first."]
    assert controller.last_error == "No round is running; start a round first."
    assert stored_kinds(store, controller.session_id) == before
    assert controller.enter_phase(OPENING)
    assert controller.last_error is None


def test_a_write_failure_emits_failed_and_changes_nothing(
    qtbot: QtBot, controller: SessionController, store: Store, tmp_path: Path
) -> None:
    controller.enter_phase(OPENING)
    with database_locked(tmp_path / "s.sqlite3"), qtbot.waitSignal(controller.failed) as failed:
        assert controller.add_note(NoteKind.HARM, "Said in the room") is None
    assert "could not be saved" in failed.args[0]
    assert "Said in the room" not in failed.args[0]
    assert controller.state.notes == {}
    assert store.notes(controller.session_id) == []
    # The session goes on once the database is free again.
    note_id = controller.add_note(NoteKind.HARM, "Said in the room")
    assert note_id is not None
    assert [n.text for n in store.notes(controller.session_id)] == ["Said in the room"]


def test_step_phase_moves_and_refuses_past_the_ends(controller: SessionController) -> None:
    assert controller.step_phase(-1) is False
    assert controller.last_error == "This is the first phase."
    assert controller.step_phase(1)
    assert controller.state.phase_index == OPENING
    assert controller.step_phase(1)
    assert controller.state.phase_index == STORIES
    assert controller.step_phase(1)
    assert controller.state.on_break is BreakKind.FAMILY_TIME
    assert controller.step_phase(1) is False
    assert controller.last_error == "The session is paused; end the break first."
    assert controller.toggle_break()
    assert controller.step_phase(1)
    assert controller.state.phase_index == AGREEMENT
    assert controller.step_phase(1) is False
    assert controller.last_error == "This is the last phase."


def test_back_to_keeper_outside_a_round_lets_the_keeper_speak(
    controller: SessionController, store: Store, people: list[Participant]
) -> None:
    controller.enter_phase(OPENING)
    assert controller.back_to_keeper()
    last = stored(store, controller.session_id)[-1]
    assert last == TurnBegan(keeper_of(people).id, TurnHow.KEEPER)


def test_the_question_steps_through_the_holders_questions_and_resets_when_the_piece_moves(
    qtbot: QtBot, controller: SessionController, people: list[Participant]
) -> None:
    controller.enter_phase(STORIES)
    controller.start_round()
    controller.next_holder()
    assert controller.state.holder == by_role(people, Role.PERSON_RESPONSIBLE).id
    assert controller.current_question() == "Tell us what happened."
    with qtbot.waitSignal(controller.question_changed):
        controller.step_question(1)
    assert controller.current_question() == "Who has been affected, and how?"
    controller.step_question(5)
    assert controller.current_question() == "What needs to happen now?"
    assert controller.projector_feed.frame.prompt == "What needs to happen now?"
    controller.next_holder()
    assert controller.question_index == 0
    assert controller.current_question() == "What has been the hardest part?"


def test_late_joiner_is_stored_with_consent_then_joins(
    controller: SessionController, store: Store
) -> None:
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)
    late = Participant("Sam Late", Role.COMMUNITY_MEMBER, address_as="Sam")
    consent = ConsentRecord(late.id, "A. Ngata", datetime(2026, 3, 2, 18, 30, tzinfo=UTC))
    assert controller.join_late(late, consent, after_seat=2)
    assert late.id in controller.state.participants
    assert controller.state.participant(late.id).seat == 3
    assert any(isinstance(e, ParticipantJoined) for e in stored(store, controller.session_id))
    assert [c.id for c in store.consents(controller.session_id) if c.participant_id == late.id] == [
        consent.id
    ]
    assert late.id in controller.state.round.order  # type: ignore[union-attr]


def test_late_joiner_refused_by_the_rules_is_not_stored(
    controller: SessionController, store: Store
) -> None:
    late = Participant("No Consent", Role.COMMUNITY_MEMBER)
    assert controller.join_late(late, None) is False
    assert controller.last_error == "1 person has no consent record."
    assert late.id not in {p.id for p in store.participants(controller.session_id)}


def test_resume_continues_where_the_session_was(
    controller: SessionController, store: Store, clock: FakeClock
) -> None:
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)
    controller.next_holder()
    holder = controller.state.holder
    controller.close()
    again = SessionController.resume(store, controller.session_id, clock)
    assert again.state.holder == holder
    assert stored_kinds(store, controller.session_id)[-1] == "session_resumed"
    again.close()


def test_start_raises_for_a_session_that_cannot_start(
    store: Store, clock: FakeClock, controller: SessionController
) -> None:
    with pytest.raises(SessionRuleError):
        SessionController.start(store, controller.session_id, clock, keeper_id=None)


def test_the_projector_feed_blanks_for_breaks_and_family_time(
    controller: SessionController, people: list[Participant]
) -> None:
    feed = controller.projector_feed
    assert feed.frame.blank  # before the first phase there is nothing to show
    controller.enter_phase(OPENING)
    assert not feed.frame.blank
    assert feed.frame.prompt == "Opening"
    controller.start_round(CHECK_IN)
    controller.next_holder()
    assert feed.frame.speaker == by_role(people, Role.GUARDIAN).spoken_name
    assert feed.frame.prompt == "How are you arriving today?"
    controller.toggle_break()
    assert feed.frame.blank
    controller.toggle_break()
    assert not feed.frame.blank
    controller.enter_phase(FAMILY)
    assert controller.state.on_break is not None
    assert feed.frame.blank
    controller.toggle_break()
    assert feed.frame.blank  # still the private phase: the room sees nothing


def test_the_projector_timer_is_off_by_default_and_gentle_when_on(
    controller: SessionController, clock: FakeClock
) -> None:
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)
    assert controller.projector_feed.frame.timer == ""
    controller.set_projector_timer_shown(True)
    assert controller.projector_feed.frame.timer == "Round: 5 min left"
    clock.advance(301)
    controller.next_holder()
    assert controller.projector_feed.frame.timer == "Round: time is up"
    assert controller.projector_feed.frame.timer_near
    controller.set_projector_timer_shown(False)
    assert controller.projector_feed.frame.timer == ""


def test_notes_changed_only_for_note_events(qtbot: QtBot, controller: SessionController) -> None:
    controller.enter_phase(OPENING)
    with qtbot.assertNotEmitted(controller.notes_changed):
        controller.start_round(CHECK_IN)
    with qtbot.waitSignal(controller.notes_changed):
        note_id = controller.add_note(NoteKind.NEED, "A need", Visibility.SHAREABLE)
    assert note_id is not None
    with qtbot.waitSignal(controller.notes_changed):
        assert controller.edit_note(note_id, "A clearer need")
    with qtbot.waitSignal(controller.notes_changed):
        assert controller.strike_note(note_id, "said twice")
    assert controller.edit_note(note_id, "again") is False
    assert controller.last_error == "A struck note cannot be edited."


def test_opening_can_run_off_the_gui_thread(
    qtbot: QtBot, store: Store, clock: FakeClock, cast: tuple[str, list[Participant]]
) -> None:
    """start_live and resume_live are plain work for a TaskRunner; the controller is built after."""
    session_id, people = cast
    runner = TaskRunner()
    opened: list[SessionController] = []
    errors: list[Exception] = []
    runner.run(
        lambda: start_live(store, session_id, clock, keeper_of(people).id),
        lambda live: opened.append(SessionController(live, store, session_id)),
        errors.append,
    )
    qtbot.waitUntil(lambda: bool(opened or errors))
    assert errors == []
    assert opened[0].state.keeper_id == keeper_of(people).id
    opened[0].close()
    runner.run(lambda: resume_live(store, session_id, clock), lambda _live: None, errors.append)
    qtbot.waitUntil(lambda: not runner.busy)
    runner.run(
        lambda: start_live(store, session_id, clock, None), lambda _live: None, errors.append
    )
    qtbot.waitUntil(lambda: not runner.busy)
    assert [type(e) for e in errors] == [SessionRuleError]
    assert stored_kinds(store, session_id) == ["session_started", "session_resumed"]
