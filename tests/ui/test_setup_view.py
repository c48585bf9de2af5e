"""Setting up a session end to end on real widgets and a real store file.

The facilitator opens a case, chooses a circle, adds six people through the dialog, drags a
seat, marks the keeper, records everyone's consent (Start stays disabled until the last one),
ticks the checklist, and starts. A second view reopens the session and finds everything kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from facilitator.domain.roles import Role
from facilitator.engine.clock import FakeClock
from facilitator.engine.errors import ConsentMissing
from facilitator.engine.session import LiveSession
from facilitator.processes import TemplateSet, builtin_templates_dir, load_templates
from facilitator.storage.store import Store
from ui.setup.consent_dialog import ConsentDialog
from ui.setup.participant_dialog import ParticipantDialog
from ui.setup.setup_view import SetupView

SIX = [
    ("Aroha Ngata", Role.COMMUNITY_MEMBER),
    ("Jamie Okafor", Role.PERSON_RESPONSIBLE),
    ("مريم الحسيني", Role.PERSON_HARMED),
    ("Dmitri Ivanov 🌻", Role.SUPPORTER_RESPONSIBLE),
    ("Lin Chen", Role.SUPPORTER_HARMED),
    ("Tomás Ruiz", Role.ELDER),
]


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return load_templates(builtin_templates_dir())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}") as s:
        yield s


@pytest.fixture
def view(qtbot: QtBot, store: Store, templates: TemplateSet) -> SetupView:
    widget = SetupView(store, templates, facilitator_name="A. Ngata")
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def type_text(widget: QWidget, text: str) -> None:
    """Type ``text`` key by key (QTest's keyClicks knows ASCII only; names are not ASCII)."""
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def click(qtbot: QtBot, button: QPushButton) -> None:
    assert button.isEnabled(), button.text()
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def ok_button(buttons: QDialogButtonBox) -> QPushButton:
    button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    return button


def open_case_and_circle(qtbot: QtBot, view: SetupView, template_name: str) -> None:
    """Step 1 through the widgets: a new case, a template, Continue."""
    step = view.case_step
    click(qtbot, step.new_case_button)
    dialog = step.case_dialog
    assert dialog is not None
    qtbot.keyClicks(dialog.reference_edit, "RJ-2026-031")
    qtbot.keyClicks(dialog.source_edit, "Youth court")
    qtbot.keyClicks(dialog.summary_edit, "A neutral summary.")
    click(qtbot, ok_button(dialog.buttons))
    assert step.case_dialog is None
    case = step.chosen_case()
    assert case is not None
    assert case.reference == "RJ-2026-031"
    row = next(
        r
        for r in range(step.templates_model.rowCount())
        if step.templates_model.template_at(r).name == template_name
    )
    rect = step.templates_view.visualRect(step.templates_model.index(row, 0))
    qtbot.mouseClick(step.templates_view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    template = step.chosen_template()
    assert template is not None
    assert template.name == template_name
    click(qtbot, step.continue_button)
    assert view.session_id


def add_person(qtbot: QtBot, view: SetupView, name: str, role: Role) -> None:
    """The participant dialog, driven by keyboard: name, then the role picked with arrows."""
    click(qtbot, view.people_step.add_button)
    dialog = view.dialog
    assert isinstance(dialog, ParticipantDialog)
    type_text(dialog.name_edit, name)
    qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Home)
    for _ in range(list(Role).index(role)):
        qtbot.keyClick(dialog.role_combo, Qt.Key.Key_Down)
    assert dialog.role_combo.currentData() == role.value
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert view.dialog is None, dialog.message.text()


def pid_of(store: Store, session_id: str, name: str) -> str:
    return next(p.id for p in store.participants(session_id) if p.display_name == name)


def seat_order(store: Store, session_id: str) -> list[str]:
    seated = [p for p in store.participants(session_id) if p.seat is not None]
    return [p.display_name for p in sorted(seated, key=lambda p: p.seat or 0)]


def record_consent_through_dialog(qtbot: QtBot, view: SetupView, name: str) -> None:
    step = view.people_step
    row = next(
        r
        for r in range(step.participants_model.rowCount())
        if step.participants_model.participant_at(r).display_name == name
    )
    rect = step.table.visualRect(step.participants_model.index(row, 1))
    qtbot.mouseClick(step.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    click(qtbot, step.consent_button)
    dialog = view.dialog
    assert isinstance(dialog, ConsentDialog)
    assert dialog.recorded_by_edit.text() == "A. Ngata"
    # The information-sheet version is remembered from the last record.
    if not dialog.info_sheet_edit.text():
        qtbot.keyClicks(dialog.info_sheet_edit, "2026-01")
    assert dialog.info_sheet_edit.text() == "2026-01"
    click(qtbot, ok_button(dialog.buttons))
    assert view.dialog is None, dialog.message.text()


def test_the_whole_set_up_from_a_new_case_to_start(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    open_case_and_circle(qtbot, view, "Peacemaking circle")
    sid = view.session_id
    step = view.people_step
    assert step.reason_label.text() == "Add at least two people in the room"

    for name, role in SIX:
        add_person(qtbot, view, name, role)
    assert [p.display_name for p in store.participants(sid)] == [n for n, _ in SIX]
    assert seat_order(store, sid) == [n for n, _ in SIX]
    assert not step.start_button.isEnabled()
    assert step.reason_label.text() == "Choose who keeps the circle"

    # Drag the second seat (Jamie) to where the fifth seat is drawn.
    jamie = pid_of(store, sid, "Jamie Okafor")
    start = step.arranger.seat_center(jamie).toPoint()
    target = step.arranger.slot_center(4).toPoint()
    qtbot.mousePress(step.arranger, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(step.arranger, pos=(start + target) / 2)
    qtbot.mouseMove(step.arranger, pos=target)
    qtbot.mouseRelease(step.arranger, Qt.MouseButton.LeftButton, pos=target)
    assert seat_order(store, sid) == [
        "Aroha Ngata",
        "مريم الحسيني",
        "Dmitri Ivanov 🌻",
        "Lin Chen",
        "Jamie Okafor",
        "Tomás Ruiz",
    ]

    # Mark the keeper: click Aroha's seat, then the button.
    aroha = pid_of(store, sid, "Aroha Ngata")
    qtbot.mouseClick(
        step.arranger,
        Qt.MouseButton.LeftButton,
        pos=step.arranger.seat_center(aroha).toPoint(),
    )
    assert step.arranger.selected_id() == aroha
    click(qtbot, step.keeper_button)
    stored = {p.id: p for p in store.participants(sid)}
    assert stored[aroha].role is Role.KEEPER
    assert view.readiness().keeper_id == aroha

    assert not step.start_button.isEnabled()
    assert step.reason_label.text() == "6 people have no consent record"
    names = [n for n, _ in SIX]
    for done, name in enumerate(names, start=1):
        record_consent_through_dialog(qtbot, view, name)
        left = len(names) - done
        if left:
            assert not step.start_button.isEnabled()
            expected = "1 person has" if left == 1 else f"{left} people have"
            assert step.reason_label.text() == f"{expected} no consent record"
    assert step.start_button.isEnabled()
    assert step.reason_label.text() == "Ready to start"
    consents = store.consents(sid)
    assert len(consents) == 6
    assert {c.recorded_by for c in consents} == {"A. Ngata"}
    assert {c.info_sheet_version for c in consents} == {"2026-01"}

    # Tick two checklist items with the keyboard.
    for row in (0, 2):
        index = step.checklist_model.index(row, 0)
        step.checklist_view.setCurrentIndex(index)
        qtbot.keyClick(step.checklist_view, Qt.Key.Key_Space)
    items = templates.templates["peacemaking-circle"].checklist
    ticked = {item for item, done in store.get_session(sid).checklist.items() if done}
    assert ticked == {items[0], items[2]}
    assert step.checklist_count.text() == f"2 of {len(items)} ticked"

    with qtbot.waitSignal(view.start_requested) as signal:
        click(qtbot, step.start_button)
    assert signal.args == [sid, aroha]

    # What Start promised holds for the engine too.
    live = LiveSession.start(
        store.event_log(sid),
        FakeClock(),
        template=store.get_session(sid).template,
        participants=store.participants(sid),
        consents=store.consents(sid),
        keeper_id=aroha,
    )
    assert live.state.keeper_id == aroha


def test_reopening_a_planned_session_shows_what_was_kept(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    open_case_and_circle(qtbot, view, "Restorative conference")
    sid = view.session_id
    add_person(qtbot, view, "Aroha Ngata", Role.FACILITATOR)
    add_person(qtbot, view, "Lin Chen", Role.PERSON_HARMED)
    step = view.people_step
    step.checklist_view.setCurrentIndex(step.checklist_model.index(1, 0))
    qtbot.keyClick(step.checklist_view, Qt.Key.Key_Space)
    record_consent_through_dialog(qtbot, view, "Lin Chen")

    again = SetupView(store, templates)
    qtbot.addWidget(again)
    assert again.load_session(sid)
    items = templates.templates["restorative-conference"].checklist
    assert again.people_step.checklist_model.checklist() == {
        item: i == 1 for i, item in enumerate(items)
    }
    model = again.people_step.participants_model
    assert [model.participant_at(r).display_name for r in range(model.rowCount())] == [
        "Aroha Ngata",
        "Lin Chen",
    ]
    # A facilitator leads a conference: the keeper needs no marking.
    assert again.readiness().keeper_id == pid_of(store, sid, "Aroha Ngata")
    assert again.people_step.reason_label.text() == "1 person has no consent record"
    assert again.people_step.heading.text() == "RJ-2026-031: Restorative conference"


def test_a_session_that_has_started_cannot_be_set_up_again(
    qtbot: QtBot, view: SetupView, store: Store
) -> None:
    from facilitator.demo import create_demo  # noqa: PLC0415 - only this test needs the demo

    info = create_demo(store)
    assert not view.load_session(info.id)
    assert view.session_id == ""
    assert view.case_step.isVisible()
    assert not view.load_session("no-such-session")


def test_start_stays_disabled_with_the_engine_count_of_missing_consent(
    qtbot: QtBot, view: SetupView, store: Store
) -> None:
    open_case_and_circle(qtbot, view, "Peacemaking circle")
    sid = view.session_id
    for name, role in [("A", Role.KEEPER), ("B", Role.PERSON_HARMED), ("C", Role.OBSERVER)]:
        add_person(qtbot, view, name, role)
    step = view.people_step
    assert step.reason_label.text() == "3 people have no consent record"
    # The observer sits in the outer ring, and still needs consent to be in the room.
    assert {p.display_name: p.seat for p in store.participants(sid)} == {"A": 0, "B": 1, "C": None}
    with pytest.raises(ConsentMissing) as refused:
        LiveSession.start(
            store.event_log(sid),
            FakeClock(),
            template=store.get_session(sid).template,
            participants=store.participants(sid),
            consents=store.consents(sid),
            keeper_id=view.readiness().keeper_id,
        )
    assert len(refused.value.participant_ids) == 3
    assert set(refused.value.participant_ids) == view.readiness().missing_consent


def test_copying_people_from_an_earlier_session_of_the_case(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    from facilitator.demo import create_demo, demo_participants  # noqa: PLC0415

    earlier = create_demo(store)
    source = store.participants(earlier.id)
    view.case_step.reload_cases(earlier.case_id)
    # Step 1 offers the earlier session's people and its process by default.
    assert view.case_step.copy_from() == earlier.id
    template = view.case_step.chosen_template()
    assert template is not None
    assert template.id == earlier.template.id
    click(qtbot, view.case_step.continue_button)
    sid = view.session_id
    copied = store.participants(sid)
    assert [p.display_name for p in copied] == [p.display_name for p in demo_participants()]
    assert {p.id for p in copied}.isdisjoint({p.id for p in source})
    assert store.consents(sid) == []
    jamie = next(p for p in copied if p.display_name == "Jamie Okafor")
    grace = next(p for p in copied if p.display_name == "Grace Okafor")
    assert jamie.guardian_id == grace.id
    assert [p.seat for p in copied] == [p.seat for p in source]

    # Copying again through the menu adds nobody twice.
    step = view.people_step
    step.copy_menu.aboutToShow.emit()
    actions = [a for a in step.copy_menu.actions() if a.isEnabled()]
    assert len(actions) == 1
    actions[0].trigger()
    assert len(store.participants(sid)) == len(source)
    assert (
        step.status.text() == f"{len(source)} people were already here and were not copied again."
    )


def test_copying_into_a_session_that_already_has_people(
    qtbot: QtBot, view: SetupView, store: Store
) -> None:
    from facilitator.demo import create_demo  # noqa: PLC0415

    earlier = create_demo(store)
    view.case_step.reload_cases(earlier.case_id)
    view.case_step.start_from_combo.setCurrentIndex(0)
    click(qtbot, view.case_step.continue_button)
    sid = view.session_id
    assert store.participants(sid) == []
    add_person(qtbot, view, "Someone New", Role.COMMUNITY_MEMBER)
    view.copy_people_from(earlier.id)
    people = store.participants(sid)
    assert people[0].display_name == "Someone New"
    assert len(people) == 1 + len(store.participants(earlier.id))
    assert sorted(p.seat for p in people if p.seat is not None) == list(range(len(people)))


def test_removing_a_person_with_consent_asks_first(
    qtbot: QtBot, view: SetupView, store: Store
) -> None:
    open_case_and_circle(qtbot, view, "Peacemaking circle")
    sid = view.session_id
    add_person(qtbot, view, "Stays", Role.KEEPER)
    add_person(qtbot, view, "Goes", Role.PERSON_HARMED)
    record_consent_through_dialog(qtbot, view, "Goes")
    click(qtbot, view.people_step.remove_button)
    box = view.dialog
    assert box is not None
    box.accept()
    assert [p.display_name for p in store.participants(sid)] == ["Stays"]
    assert store.consents(sid) == []
    assert view.people_step.reason_label.text() == "Add at least two people in the room"


def test_an_observer_can_be_seated_and_sent_back_to_the_outer_ring(
    qtbot: QtBot, view: SetupView, store: Store
) -> None:
    open_case_and_circle(qtbot, view, "Peacemaking circle")
    sid = view.session_id
    add_person(qtbot, view, "Keeper", Role.KEEPER)
    add_person(qtbot, view, "Watcher", Role.OBSERVER)
    step = view.people_step
    watcher = pid_of(store, sid, "Watcher")
    step.arranger.select(watcher)
    assert step.outer_button.text() == "Sea&t in the circle"
    click(qtbot, step.outer_button)
    assert seat_order(store, sid) == ["Keeper", "Watcher"]
    # Dragging a seat below the circle puts an observer back in the outer ring.
    start = step.arranger.seat_center(watcher).toPoint()
    below = step.arranger.outer_ring_rect().center().toPoint()
    qtbot.mousePress(step.arranger, Qt.MouseButton.LeftButton, pos=start)
    qtbot.mouseMove(step.arranger, pos=below)
    qtbot.mouseRelease(step.arranger, Qt.MouseButton.LeftButton, pos=below)
    assert seat_order(store, sid) == ["Keeper"]


def test_keyboard_moves_the_selected_seat(qtbot: QtBot, view: SetupView, store: Store) -> None:
    open_case_and_circle(qtbot, view, "Peacemaking circle")
    sid = view.session_id
    for name in ("A", "B", "C"):
        add_person(qtbot, view, name, Role.COMMUNITY_MEMBER)
    arranger = view.people_step.arranger
    arranger.setFocus()
    qtbot.keyClick(arranger, Qt.Key.Key_Right)
    assert arranger.selected_id() == pid_of(store, sid, "A")
    qtbot.keyClick(arranger, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert seat_order(store, sid) == ["B", "A", "C"]
    assert arranger.selected_id() == pid_of(store, sid, "A")


def test_the_co_keeper_and_a_new_keeper_follow_the_rule(
    qtbot: QtBot, view: SetupView, store: Store
) -> None:
    open_case_and_circle(qtbot, view, "Peacemaking circle")
    sid = view.session_id
    add_person(qtbot, view, "First", Role.KEEPER)
    add_person(qtbot, view, "Second", Role.COMMUNITY_MEMBER)
    step = view.people_step
    second = pid_of(store, sid, "Second")
    menu = step.arranger.menu_for(next(p for p in store.participants(sid) if p.id == second))
    co = next(a for a in menu.actions() if a.text() == "Mark as co-keeper")
    co.trigger()
    roles = {p.display_name: p.role for p in store.participants(sid)}
    assert roles == {"First": Role.KEEPER, "Second": Role.CO_KEEPER}
    step.arranger.keeper_marked.emit(second)
    roles = {p.display_name: p.role for p in store.participants(sid)}
    assert roles == {"First": Role.CO_KEEPER, "Second": Role.KEEPER}
    assert view.readiness().keeper_id == second


def test_the_set_up_fits_a_1366_by_768_screen(view: SetupView, store: Store) -> None:
    # Room for a title bar and a task bar on a small laptop screen.
    assert view.minimumSizeHint().width() <= 1366
    assert view.minimumSizeHint().height() <= 700
    assert view.people_step.minimumSizeHint().height() <= 700


def test_a_refused_change_says_why_and_shows_what_is_stored(
    qtbot: QtBot, view: SetupView, store: Store
) -> None:
    open_case_and_circle(qtbot, view, "Peacemaking circle")
    sid = view.session_id
    add_person(qtbot, view, "A", Role.KEEPER)
    add_person(qtbot, view, "B", Role.PERSON_HARMED)
    for name in ("A", "B"):
        record_consent_through_dialog(qtbot, view, name)
    # The session starts elsewhere (another window); the store now refuses seat changes.
    LiveSession.start(
        store.event_log(sid),
        FakeClock(),
        template=store.get_session(sid).template,
        participants=store.participants(sid),
        consents=store.consents(sid),
        keeper_id=pid_of(store, sid, "A"),
    )
    step = view.people_step
    b = pid_of(store, sid, "B")
    qtbot.mouseClick(
        step.arranger, Qt.MouseButton.LeftButton, pos=step.arranger.seat_center(b).toPoint()
    )
    qtbot.keyClick(step.arranger, Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier)
    assert step.status.text().startswith("Participants can be replaced only before")
    assert seat_order(store, sid) == ["A", "B"]
    model = step.participants_model
    assert [model.index(r, 0).data() for r in range(model.rowCount())] == ["1", "2"]
