"""The circle view on a real session: marks, the moving piece, handing it out of order."""

from __future__ import annotations

from live_helpers import answer, open_dialog, show_active, stored
from live_samples import CHECK_IN, DISCUSSION, OPENING, STORIES, by_role, keeper_of
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from facilitator.domain.case import Participant
from facilitator.domain.roles import Role
from facilitator.engine.events import ConsentWithdrawn, ParticipantLeft, TurnBegan, TurnHow
from facilitator.engine.turns import ParticipantStatus
from facilitator.storage.store import Store
from ui.live.circle_view import CircleView
from ui.live.people_dialogs import RecordDialog, open_leave_dialog, open_withdraw_dialog
from ui.session_controller import SessionController


def circle_of(qtbot: QtBot, controller: SessionController) -> CircleView:
    view = CircleView(controller)
    view.resize(600, 600)
    show_active(qtbot, view)
    return view


def click(qtbot: QtBot, view: CircleView, pid: str) -> None:
    centre = view.seat_rects()[pid].center().toPoint()
    assert view.seat_at(view.seat_rects()[pid].center()) == pid
    qtbot.mouseClick(view, Qt.MouseButton.LeftButton, pos=centre)


def in_check_in(controller: SessionController) -> None:
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)


def test_every_seated_person_has_a_seat_around_the_circle(
    qtbot: QtBot, controller: SessionController, people: list[Participant]
) -> None:
    view = circle_of(qtbot, controller)
    rects = view.seat_rects()
    assert set(rects) == {p.id for p in people}
    keeper = keeper_of(people)
    # Seat 0 at the top; the rest clockwise.
    assert min(rects.values(), key=lambda r: r.center().y()) == rects[keeper.id]
    assert view.seat_label(keeper.id) == "Aroha · Facilitator · keeper"
    for rect in rects.values():
        assert view.rect().toRectF().contains(rect)
    for a in rects.values():
        for b in rects.values():
            assert a is b or not a.intersects(b)


def test_marks_follow_next_pass_leave_and_withdraw(
    qtbot: QtBot, controller: SessionController, people: list[Participant]
) -> None:
    view = circle_of(qtbot, controller)
    grace, jamie, coach = (
        by_role(people, r)
        for r in (Role.GUARDIAN, Role.PERSON_RESPONSIBLE, Role.SUPPORTER_RESPONSIBLE)
    )
    lin, tomas = by_role(people, Role.COMMUNITY_MEMBER), by_role(people, Role.SUPPORTER_HARMED)
    in_check_in(controller)
    assert "next" in view.seat_label(grace.id)
    controller.next_holder()
    assert view.seat_look(grace.id).holder
    assert view.seat_label(grace.id).endswith("holds the piece")
    controller.next_holder()
    assert controller.state.status_of(grace.id) is ParticipantStatus.SPOKE
    assert view.seat_label(grace.id) == "Grace · Parent or guardian · spoke"
    controller.pass_turn()
    assert view.seat_label(jamie.id) == "Jamie · Person responsible · passed"
    assert view.seat_look(coach.id).holder
    controller.leave(lin.id, "had to collect a child")
    assert view.seat_label(lin.id) == "Lin · Community member · left"
    assert view.seat_look(lin.id).gone
    controller.withdraw_consent(tomas.id, "A. Ngata")
    assert view.seat_label(tomas.id) == "Tomás · Supporter of the person harmed · withdrew consent"
    # Those who left keep their seat on the circle.
    assert lin.id in view.seat_rects()


def test_the_piece_glides_to_the_new_holder(
    qtbot: QtBot, controller: SessionController, people: list[Participant]
) -> None:
    view = circle_of(qtbot, controller)
    in_check_in(controller)
    controller.next_holder()
    qtbot.waitUntil(lambda: not view.is_animating())
    grace = by_role(people, Role.GUARDIAN)
    jamie = by_role(people, Role.PERSON_RESPONSIBLE)
    at_grace = view.piece_pos()
    controller.next_holder()
    assert view.is_animating()
    qtbot.waitUntil(lambda: not view.is_animating())
    at_jamie = view.piece_pos()
    # The piece sits beside its holder, between the seat and the centre.
    for pid, point in ((grace.id, at_grace), (jamie.id, at_jamie)):
        seat = view.seat_rects()[pid].center()
        others = [r.center() for p, r in view.seat_rects().items() if p != pid]
        distance = (point - seat).manhattanLength()
        assert all(distance < (point - other).manhattanLength() for other in others)


def test_clicking_a_seat_asks_then_hands_the_piece_out_of_order(
    qtbot: QtBot, controller: SessionController, store: Store, people: list[Participant]
) -> None:
    view = circle_of(qtbot, controller)
    in_check_in(controller)
    controller.next_holder()
    marta = by_role(people, Role.PERSON_HARMED)
    before = len(store.events(controller.session_id))
    click(qtbot, view, marta.id)
    answer(qtbot, view, accept=False)
    assert len(store.events(controller.session_id)) == before
    click(qtbot, view, marta.id)
    answer(qtbot, view, accept=True)
    assert stored(store, controller.session_id)[-1] == TurnBegan(marta.id, TurnHow.OUT_OF_ORDER)
    assert view.seat_look(marta.id).holder


def test_the_keyboard_chooses_a_seat_and_enter_hands_it_the_piece(
    qtbot: QtBot, controller: SessionController, store: Store, people: list[Participant]
) -> None:
    view = circle_of(qtbot, controller)
    in_check_in(controller)
    view.setFocus()
    order = controller.state.seat_order()
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.cursor_pid == order[0]
    qtbot.keyClick(view, Qt.Key.Key_Down)
    qtbot.keyClick(view, Qt.Key.Key_Down)
    assert view.cursor_pid == order[2]
    qtbot.keyClick(view, Qt.Key.Key_Up)
    assert view.cursor_pid == order[1]
    qtbot.keyClick(view, Qt.Key.Key_Return)
    answer(qtbot, view, accept=True)
    assert stored(store, controller.session_id)[-1] == TurnBegan(order[1], TurnHow.OUT_OF_ORDER)


def test_a_seat_that_cannot_take_the_piece_says_why_without_asking(
    qtbot: QtBot, controller: SessionController, store: Store, people: list[Participant]
) -> None:
    view = circle_of(qtbot, controller)
    lin = by_role(people, Role.COMMUNITY_MEMBER)
    in_check_in(controller)
    controller.leave(lin.id)
    before = len(store.events(controller.session_id))
    with qtbot.waitSignal(controller.failed) as failed:
        click(qtbot, view, lin.id)
    assert "cannot go to them" in failed.args[0]
    assert len(store.events(controller.session_id)) == before


def test_clicking_the_keeper_gives_the_piece_back(
    qtbot: QtBot, controller: SessionController, store: Store, people: list[Participant]
) -> None:
    view = circle_of(qtbot, controller)
    in_check_in(controller)
    controller.next_holder()
    click(qtbot, view, keeper_of(people).id)
    answer(qtbot, view, accept=True)
    assert controller.state.holder == keeper_of(people).id
    assert stored(store, controller.session_id)[-1].kind == "piece_returned"


def test_leaving_and_withdrawing_are_recorded_from_their_dialogs(
    qtbot: QtBot, controller: SessionController, store: Store, people: list[Participant]
) -> None:
    view = circle_of(qtbot, controller)
    in_check_in(controller)
    lin, tomas = by_role(people, Role.COMMUNITY_MEMBER), by_role(people, Role.SUPPORTER_HARMED)
    open_leave_dialog(view, controller, lin.id)
    dialog: RecordDialog = open_dialog(qtbot, view, RecordDialog)
    dialog.text_edit.setPlainText("Felt unwell")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert stored(store, controller.session_id)[-1] == ParticipantLeft(lin.id, "Felt unwell")

    open_withdraw_dialog(view, controller, tomas.id)
    dialog = open_dialog(qtbot, view, RecordDialog)
    assert dialog.recorded_by_edit.text() == keeper_of(people).display_name
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert stored(store, controller.session_id)[-1] == ConsentWithdrawn(
        tomas.id, keeper_of(people).display_name, ""
    )
    assert "withdrew consent" in view.seat_label(tomas.id)


def test_a_refused_record_keeps_the_dialog_and_its_text(
    qtbot: QtBot, controller: SessionController, people: list[Participant]
) -> None:
    view = circle_of(qtbot, controller)
    tomas = by_role(people, Role.SUPPORTER_HARMED)
    open_withdraw_dialog(view, controller, tomas.id)
    dialog: RecordDialog = open_dialog(qtbot, view, RecordDialog)
    dialog.recorded_by_edit.clear()
    dialog.text_edit.setPlainText("Asked to stop")
    qtbot.mouseClick(dialog.accept_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message_label.text() == "Say who recorded it."
    assert dialog.text_edit.toPlainText() == "Asked to stop"
    assert tomas.id not in controller.state.withdrawn


def test_raised_hands_are_numbered_in_open_discussion(
    qtbot: QtBot, controller: SessionController, people: list[Participant]
) -> None:
    view = circle_of(qtbot, controller)
    controller.enter_phase(STORIES)
    controller.start_round(DISCUSSION)
    lin, grace = by_role(people, Role.COMMUNITY_MEMBER), by_role(people, Role.GUARDIAN)
    controller.raise_hand(lin.id)
    controller.raise_hand(grace.id)
    assert view.seat_look(lin.id).hand == 1
    assert "hand raised (2)" in view.seat_label(grace.id)
    controller.next_holder()
    assert view.seat_look(lin.id).holder
    assert view.seat_look(grace.id).hand == 1


def test_seat_tooltips_and_a_small_circle_still_fit(
    qtbot: QtBot, controller: SessionController
) -> None:
    view = circle_of(qtbot, controller)
    view.resize(360, 360)
    qtbot.waitUntil(lambda: view.width() == 360)
    rects = view.seat_rects()
    for rect in rects.values():
        assert view.rect().toRectF().contains(rect)
    assert view.seat_at(view.rect().center().toPointF()) is None
    assert QPoint(0, 0) == view.rect().topLeft()
