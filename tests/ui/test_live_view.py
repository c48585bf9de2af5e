"""The live view, driven by the keyboard the way a facilitator would, over a real store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from live_helpers import answer, database_locked, show_active, stored, stored_kinds
from live_samples import CHECK_IN, FAMILY, OPENING, STORIES, by_role, keeper_of
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.case import Participant
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.roles import Role
from facilitator.engine.events import (
    BreakEnded,
    BreakKind,
    BreakStarted,
    NoteAdded,
    Passed,
    PieceReturned,
    TurnBegan,
    TurnHow,
)
from facilitator.storage.store import Store
from ui.actions import APP_ACTIONS, LIVE_ACTIONS
from ui.live.help_overlay import key_text
from ui.live.live_view import LiveView
from ui.session_controller import SessionController

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.fixture
def view(qtbot: QtBot, controller: SessionController) -> Iterator[LiveView]:
    live = LiveView(controller)
    live.resize(1366, 768)
    show_active(qtbot, live)
    live.circle.setFocus()
    qtbot.waitUntil(live.circle.hasFocus)
    yield live
    if live.projector_window is not None:
        live.projector_window.close()


def key(
    qtbot: QtBot, view: LiveView, k: Qt.Key, modifier: Qt.KeyboardModifier | None = None
) -> None:
    """Press a key where the focus is (the shortcuts see it as a facilitator's key would be)."""
    target: QWidget = view.focusWidget() or view
    if modifier is None:
        qtbot.keyClick(target, k)
    else:
        qtbot.keyClick(target, k, modifier)


def in_check_in(controller: SessionController) -> None:
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)


def test_space_and_right_hand_the_piece_on(
    qtbot: QtBot,
    view: LiveView,
    controller: SessionController,
    store: Store,
    people: list[Participant],
) -> None:
    in_check_in(controller)
    key(qtbot, view, Qt.Key.Key_Space)
    grace = by_role(people, Role.GUARDIAN)
    assert stored(store, controller.session_id)[-1] == TurnBegan(grace.id, TurnHow.ROTATION)
    key(qtbot, view, Qt.Key.Key_Right)
    jamie = by_role(people, Role.PERSON_RESPONSIBLE)
    assert stored(store, controller.session_id)[-1] == TurnBegan(jamie.id, TurnHow.ROTATION)


def test_p_passes_and_k_calls_the_piece_back(
    qtbot: QtBot,
    view: LiveView,
    controller: SessionController,
    store: Store,
    people: list[Participant],
) -> None:
    in_check_in(controller)
    key(qtbot, view, Qt.Key.Key_Space)
    grace = by_role(people, Role.GUARDIAN)
    key(qtbot, view, Qt.Key.Key_P)
    events = stored(store, controller.session_id)
    assert events[-2:] == [
        Passed(grace.id),
        TurnBegan(by_role(people, Role.PERSON_RESPONSIBLE).id, TurnHow.ROTATION),
    ]
    key(qtbot, view, Qt.Key.Key_K)
    assert stored(store, controller.session_id)[-1] == PieceReturned()
    assert controller.state.holder == keeper_of(people).id


def test_b_pauses_with_a_banner_and_b_again_resumes(
    qtbot: QtBot, view: LiveView, controller: SessionController, store: Store
) -> None:
    in_check_in(controller)
    assert not view.banner.isVisible()
    key(qtbot, view, Qt.Key.Key_B)
    assert stored(store, controller.session_id)[-1] == BreakStarted(BreakKind.BREAK)
    assert view.banner.isVisible()
    assert view.banner.text().startswith("Break — timers paused")
    assert view.actions_by_id["break"].isChecked()
    # The piece does not move during a break, and the status line says why.
    key(qtbot, view, Qt.Key.Key_Space)
    assert view.status_label.text() == "The session is paused; end the break first."
    key(qtbot, view, Qt.Key.Key_B)
    assert stored(store, controller.session_id)[-1] == BreakEnded()
    assert not view.banner.isVisible()
    assert view.status_label.text() == ""


def test_family_time_hides_the_whole_session(
    qtbot: QtBot, view: LiveView, controller: SessionController
) -> None:
    controller.enter_phase(STORIES)
    controller.enter_phase(FAMILY)
    assert view.stack.currentWidget() is view.family_cover
    assert not view.notes_list.isVisible()
    assert not view.circle.isVisible()
    assert view.banner.text().startswith("Family time")
    qtbot.mouseClick(view.family_cover.end_button, Qt.MouseButton.LeftButton)
    assert controller.state.on_break is None
    assert view.notes_list.isVisible()


def test_n_opens_the_note_field_and_ctrl_enter_saves_it(
    qtbot: QtBot,
    view: LiveView,
    controller: SessionController,
    store: Store,
    people: list[Participant],
) -> None:
    in_check_in(controller)
    key(qtbot, view, Qt.Key.Key_Space)
    key(qtbot, view, Qt.Key.Key_N)
    assert view.note_editor.is_typing()
    qtbot.keyClicks(view.note_editor.text_edit, "Grace is tired")
    key(qtbot, view, Qt.Key.Key_Return, CTRL)
    last = stored(store, controller.session_id)[-1]
    assert isinstance(last, NoteAdded)
    assert (last.text, last.note_kind, last.visibility) == (
        "Grace is tired",
        NoteKind.OBSERVATION,
        Visibility.FACILITATOR_ONLY,
    )
    assert last.speaker_id == by_role(people, Role.GUARDIAN).id
    assert last.round_no == 1
    assert last.phase_index == OPENING
    assert view.note_editor.draft == ""
    assert view.note_editor.status_label.text() == "Saved ✓"
    assert view.notes_list.notes_model.rowCount() == 1


def test_ctrl_1_to_5_choose_the_kind_while_typing(
    qtbot: QtBot, view: LiveView, controller: SessionController, store: Store
) -> None:
    in_check_in(controller)
    kinds = [
        NoteKind.OBSERVATION,
        NoteKind.HARM,
        NoteKind.NEED,
        NoteKind.AGREEMENT_IDEA,
        NoteKind.FOLLOW_UP,
    ]
    keys = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_3, Qt.Key.Key_4, Qt.Key.Key_5]
    key(qtbot, view, Qt.Key.Key_N)
    for k, kind in reversed(list(zip(keys, kinds, strict=True))):
        key(qtbot, view, k, CTRL)
        assert view.note_editor.kind is kind
        qtbot.keyClicks(view.note_editor.text_edit, f"a {kind.value} note")
        key(qtbot, view, Qt.Key.Key_Return, CTRL)
    saved = [e for e in stored(store, controller.session_id) if isinstance(e, NoteAdded)]
    assert [(e.note_kind, e.text) for e in saved] == [
        (k, f"a {k.value} note") for k in reversed(kinds)
    ]


def test_ctrl_1_outside_the_note_field_chooses_the_kind_and_opens_it(
    qtbot: QtBot, view: LiveView, controller: SessionController
) -> None:
    key(qtbot, view, Qt.Key.Key_4, CTRL)
    assert view.note_editor.kind is NoteKind.AGREEMENT_IDEA
    assert view.note_editor.is_typing()


def test_typing_p_and_space_in_the_note_field_types_them(
    qtbot: QtBot, view: LiveView, controller: SessionController, store: Store
) -> None:
    in_check_in(controller)
    key(qtbot, view, Qt.Key.Key_Space)
    before = stored_kinds(store, controller.session_id)
    key(qtbot, view, Qt.Key.Key_N)
    qtbot.keyClicks(view.note_editor.text_edit, "pause p")
    for k in (
        Qt.Key.Key_Space,
        Qt.Key.Key_P,
        Qt.Key.Key_K,
        Qt.Key.Key_B,
        Qt.Key.Key_N,
        Qt.Key.Key_R,
        Qt.Key.Key_E,
        Qt.Key.Key_O,
        Qt.Key.Key_Q,
    ):
        key(qtbot, view, k)
    key(qtbot, view, Qt.Key.Key_Right)
    key(qtbot, view, Qt.Key.Key_F5)
    key(qtbot, view, Qt.Key.Key_Right, CTRL)
    assert view.note_editor.draft == "pause p pkbnreoq"
    assert stored_kinds(store, controller.session_id) == before
    assert view.projector_window is None


def test_esc_leaves_the_note_field_and_keeps_the_draft(
    qtbot: QtBot, view: LiveView, controller: SessionController
) -> None:
    key(qtbot, view, Qt.Key.Key_N)
    qtbot.keyClicks(view.note_editor.text_edit, "half a thought")
    key(qtbot, view, Qt.Key.Key_Escape)
    assert not view.note_editor.is_typing()
    assert view.circle.hasFocus()
    assert view.note_editor.draft == "half a thought"
    assert view.note_editor.status_label.text() == "Draft, not saved yet"


def test_ctrl_shift_s_makes_the_note_shareable_and_it_goes_back_to_private_after_saving(
    qtbot: QtBot, view: LiveView, controller: SessionController, store: Store
) -> None:
    key(qtbot, view, Qt.Key.Key_N)
    assert view.note_editor.visibility_button.text() == "Facilitator only"
    key(qtbot, view, Qt.Key.Key_S, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert view.note_editor.visibility is Visibility.SHAREABLE
    assert view.note_editor.visibility_button.text() == "Shareable"
    qtbot.keyClicks(view.note_editor.text_edit, "for the agreement")
    key(qtbot, view, Qt.Key.Key_Return, CTRL)
    last = stored(store, controller.session_id)[-1]
    assert isinstance(last, NoteAdded)
    assert last.visibility is Visibility.SHAREABLE
    assert view.note_editor.visibility is Visibility.FACILITATOR_ONLY


def test_a_note_that_cannot_be_stored_keeps_its_text_and_says_why(
    qtbot: QtBot, view: LiveView, controller: SessionController, store: Store, tmp_path: Path
) -> None:
    key(qtbot, view, Qt.Key.Key_N)
    qtbot.keyClicks(view.note_editor.text_edit, "Marta needs the shed back")
    assert view.note_editor.status_label.text() == "Draft, not saved yet"
    with database_locked(tmp_path / "s.sqlite3"):
        key(qtbot, view, Qt.Key.Key_Return, CTRL)
        assert view.note_editor.draft == "Marta needs the shed back"
        status = view.note_editor.status_label.text()
        assert status.startswith("Not saved: The session could not be saved")
        assert "Saved ✓" not in status
        assert "could not be saved" in view.status_label.text()
        assert view.notes_list.notes_model.rowCount() == 0
    assert store.notes(controller.session_id) == []
    key(qtbot, view, Qt.Key.Key_Return, CTRL)
    assert view.note_editor.status_label.text() == "Saved ✓"
    assert [n.text for n in store.notes(controller.session_id)] == ["Marta needs the shed back"]


def test_an_empty_note_is_refused_with_a_message(
    qtbot: QtBot, view: LiveView, controller: SessionController, store: Store
) -> None:
    key(qtbot, view, Qt.Key.Key_N)
    key(qtbot, view, Qt.Key.Key_Return, CTRL)
    assert view.note_editor.status_label.text() == "Not saved: A note cannot be empty."
    assert store.notes(controller.session_id) == []


def test_rounds_and_phases_from_the_keyboard(
    qtbot: QtBot, view: LiveView, controller: SessionController, store: Store
) -> None:
    key(qtbot, view, Qt.Key.Key_Right, CTRL)
    assert controller.state.phase_index == OPENING
    key(qtbot, view, Qt.Key.Key_R)
    assert controller.state.round is not None
    # Moving on while a round runs asks first.
    key(qtbot, view, Qt.Key.Key_Right, CTRL)
    answer(qtbot, view, accept=False)
    assert controller.state.phase_index == OPENING
    key(qtbot, view, Qt.Key.Key_E)
    assert controller.state.round is None
    key(qtbot, view, Qt.Key.Key_Right, CTRL)
    assert controller.state.phase_index == STORIES
    key(qtbot, view, Qt.Key.Key_Left, CTRL)
    assert controller.state.phase_index == OPENING
    assert stored_kinds(store, controller.session_id).count("phase_entered") == 3


def test_q_steps_through_the_holders_questions_on_the_card_and_projector(
    qtbot: QtBot, view: LiveView, controller: SessionController
) -> None:
    controller.enter_phase(STORIES)
    controller.start_round()
    key(qtbot, view, Qt.Key.Key_Space)
    assert "Tell us what happened." in view.prompt_card.questions_label.text()
    key(qtbot, view, Qt.Key.Key_Q)
    assert controller.projector_feed.frame.prompt == "Who has been affected, and how?"
    key(qtbot, view, Qt.Key.Key_Q, Qt.KeyboardModifier.ShiftModifier)
    assert controller.projector_feed.frame.prompt == "Tell us what happened."


def test_o_offers_the_piece_again_to_those_who_passed(
    qtbot: QtBot,
    view: LiveView,
    controller: SessionController,
    store: Store,
    people: list[Participant],
) -> None:
    in_check_in(controller)
    key(qtbot, view, Qt.Key.Key_Space)
    key(qtbot, view, Qt.Key.Key_P)
    for _ in range(5):
        key(qtbot, view, Qt.Key.Key_Space)
    assert controller.state.holder == keeper_of(people).id
    key(qtbot, view, Qt.Key.Key_O)
    grace = by_role(people, Role.GUARDIAN)
    assert stored(store, controller.session_id)[-1] == TurnBegan(grace.id, TurnHow.OFFER)


def test_f1_lists_every_action_from_the_table_and_esc_closes_it(
    qtbot: QtBot, view: LiveView
) -> None:
    key(qtbot, view, Qt.Key.Key_F1)
    assert view.help_overlay.isVisible()
    texts = view.help_overlay.texts()
    # The lock works in a session too, so its key is listed with the live ones.
    for spec in (*LIVE_ACTIONS, *APP_ACTIONS):
        assert spec.help in texts
        assert key_text(spec.keys) in texts
    key(qtbot, view, Qt.Key.Key_Escape)
    assert not view.help_overlay.isVisible()
    key(qtbot, view, Qt.Key.Key_F1)
    key(qtbot, view, Qt.Key.Key_F1)
    assert not view.help_overlay.isVisible()


def test_every_action_is_on_a_button_or_in_the_note_editor(view: LiveView) -> None:
    """Everything reachable by mouse too: the note actions are the editor's own controls."""
    in_editor = {"note", "save_note", "visibility", "leave_note"} | {
        f"kind_{n}" for n in range(1, 6)
    }
    assert {s.id for s in LIVE_ACTIONS} - set(view.buttons) == in_editor
    for action_id, button in view.buttons.items():
        assert button.defaultAction() is view.actions_by_id[action_id]
        assert button.isVisible()
    editor = view.note_editor
    assert editor.save_button.isVisible()
    assert editor.visibility_button.isVisible()
    assert all(b.isVisible() for b in editor.kind_buttons.values())


def test_end_session_asks_then_ends_and_disables_the_commands(
    qtbot: QtBot, view: LiveView, controller: SessionController, store: Store
) -> None:
    qtbot.mouseClick(view.end_button, Qt.MouseButton.LeftButton)
    answer(qtbot, view, accept=False)
    assert not controller.state.ended
    with qtbot.waitSignal(view.session_ended):
        qtbot.mouseClick(view.end_button, Qt.MouseButton.LeftButton)
        answer(qtbot, view, accept=True)
    assert stored_kinds(store, controller.session_id)[-1] == "session_ended"
    assert not view.actions_by_id["next"].isEnabled()
    assert view.actions_by_id["help"].isEnabled()
    assert view.banner.text().startswith("The session has ended")


def test_f5_opens_the_projector_without_taking_the_focus(
    qtbot: QtBot, view: LiveView, controller: SessionController
) -> None:
    controller.enter_phase(OPENING)
    with qtbot.waitSignal(view.projector_toggled) as toggled:
        key(qtbot, view, Qt.Key.Key_F5)
    assert toggled.args == [True]
    projector = view.projector_window
    assert projector is not None
    qtbot.waitExposed(projector)
    assert "Opening" in projector.visible_texts()
    assert not projector.isFullScreen()  # one screen: the facilitator's window stays visible
    key(qtbot, view, Qt.Key.Key_Space)  # the live view still has the keyboard
    assert view.status_label.text() == "No round is running; start a round first."
    with qtbot.waitSignal(view.projector_toggled) as toggled:
        key(qtbot, view, Qt.Key.Key_F5)
    assert toggled.args == [False]
    assert not projector.isVisible()
