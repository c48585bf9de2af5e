"""The set-up dialogs and item models: refusals shown in place, nothing typed lost, models sound."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton, QWidget
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitator.demo import demo_participants
from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentMethod, ConsentRecord
from facilitator.domain.roles import Participation, Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.engine.session import LiveSession
from facilitator.processes import TemplateSet, builtin_templates_dir, load_templates
from facilitator.storage.store import Store
from ui.setup.case_dialog import CaseDialog
from ui.setup.checklist_model import ChecklistModel
from ui.setup.consent_dialog import ConsentDialog
from ui.setup.participant_dialog import ParticipantDialog
from ui.setup.participants_model import PARTICIPANT_ID_ROLE, ParticipantsModel
from ui.setup.seating import normalise_seats
from ui.setup.setup_view import SetupView
from ui.setup.templates_model import TEMPLATE_ID_ROLE, TemplatesModel


@pytest.fixture(scope="module")
def templates() -> TemplateSet:
    return load_templates(builtin_templates_dir())


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}") as s:
        yield s


def planned_session(store: Store, templates: TemplateSet, people: list[Participant]) -> str:
    case = store.add_case(Case("RJ-1"))
    info = store.create_session(
        SessionInfo(case.id, templates.templates["peacemaking-circle"]), normalise_seats(people)
    )
    return info.id


@pytest.fixture
def view(qtbot: QtBot, store: Store, templates: TemplateSet) -> SetupView:
    widget = SetupView(store, templates, facilitator_name="A. Ngata")
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    return widget


def type_text(widget: QWidget, text: str) -> None:
    for char in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            event = QKeyEvent(kind, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
            QApplication.sendEvent(widget, event)


def ok(buttons: QDialogButtonBox) -> QPushButton:
    button = buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert button is not None
    return button


def open_add_dialog(qtbot: QtBot, view: SetupView) -> ParticipantDialog:
    qtbot.mouseClick(view.people_step.add_button, Qt.MouseButton.LeftButton)
    dialog = view.dialog
    assert isinstance(dialog, ParticipantDialog)
    assert dialog.isVisible()
    return dialog


def test_an_invalid_name_is_explained_and_the_dialog_keeps_what_was_typed(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    sid = planned_session(store, templates, [])
    assert view.load_session(sid)
    dialog = open_add_dialog(qtbot, view)
    type_text(dialog.relationship_edit, "Neighbour of the garden")
    type_text(dialog.risk_edit, "Prefers to sit near the door")

    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert view.dialog is dialog
    assert dialog.isVisible()
    assert dialog.message.text() == "A participant needs a name."

    dialog.name_edit.setText("x" * 201)
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert dialog.isVisible()
    assert dialog.message.text() == "A name can be at most 200 characters."
    assert store.participants(sid) == []

    dialog.name_edit.setText("")
    type_text(dialog.name_edit, "Lin Chen 林")
    qtbot.keyClick(dialog.name_edit, Qt.Key.Key_Return)
    assert view.dialog is None
    [lin] = store.participants(sid)
    assert lin.display_name == "Lin Chen 林"
    assert lin.relationship == "Neighbour of the garden"
    assert lin.risk_notes == "Prefers to sit near the door"


def test_a_minor_needs_a_guardian_chosen_among_the_people_or_named(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    grace = Participant("Grace Okafor", Role.GUARDIAN)
    sid = planned_session(store, templates, [grace])
    assert view.load_session(sid)
    dialog = open_add_dialog(qtbot, view)
    type_text(dialog.name_edit, "Jamie Okafor")
    assert not dialog.guardian_combo.isEnabled()
    qtbot.mouseClick(dialog.minor_check, Qt.MouseButton.LeftButton)
    assert dialog.guardian_combo.isEnabled()
    dialog.guardian_combo.setCurrentIndex(-1)
    dialog.guardian_combo.setEditText("")
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text().startswith("A minor needs a parent or guardian")

    dialog.guardian_combo.setCurrentIndex(dialog.guardian_combo.findText("Grace Okafor"))
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert view.dialog is None
    jamie = next(p for p in store.participants(sid) if p.display_name == "Jamie Okafor")
    assert jamie.is_minor
    assert jamie.guardian_id == grace.id
    assert jamie.guardian_name == ""


def test_a_guardian_outside_the_session_is_kept_as_a_name(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    sid = planned_session(store, templates, [Participant("Keeper", Role.KEEPER)])
    assert view.load_session(sid)
    dialog = open_add_dialog(qtbot, view)
    type_text(dialog.name_edit, "Jamie")
    dialog.minor_check.setChecked(True)
    dialog.guardian_combo.setEditText("")
    line = dialog.guardian_combo.lineEdit()
    assert line is not None
    type_text(line, "Grace (mother)")
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    jamie = next(p for p in store.participants(sid) if p.display_name == "Jamie")
    assert jamie.guardian_id is None
    assert jamie.guardian_name == "Grace (mother)"


def test_editing_keeps_the_person_their_seat_and_their_consent(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    lin = Participant("Lin Chen", Role.COMMUNITY_MEMBER)
    sid = planned_session(store, templates, [Participant("K", Role.KEEPER), lin])
    store.record_consent(sid, ConsentRecord(lin.id, "AN", datetime.now(UTC)))
    assert view.load_session(sid)
    view.open_participant_dialog(lin.id)
    dialog = view.dialog
    assert isinstance(dialog, ParticipantDialog)
    assert dialog.name_edit.text() == "Lin Chen"
    dialog.address_edit.setText("Lin")
    dialog.participation_combo.setCurrentIndex(
        dialog.participation_combo.findData(Participation.WRITTEN_STATEMENT)
    )
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    stored = next(p for p in store.participants(sid) if p.id == lin.id)
    assert stored.address_as == "Lin"
    assert stored.participation is Participation.WRITTEN_STATEMENT
    # Not in the room any more: no seat.
    assert stored.seat is None
    assert [c.participant_id for c in store.consents(sid)] == [lin.id]


def test_a_store_refusal_is_shown_and_the_typing_survives(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    keeper = Participant("K", Role.KEEPER)
    other = Participant("O", Role.PERSON_HARMED)
    sid = planned_session(store, templates, [keeper, other])
    assert view.load_session(sid)
    dialog = open_add_dialog(qtbot, view)
    type_text(dialog.name_edit, "Late")
    # Meanwhile the session starts elsewhere; the store now refuses to replace people.
    for p in (keeper, other):
        store.record_consent(sid, ConsentRecord(p.id, "AN", datetime.now(UTC)))
    LiveSession.start(
        store.event_log(sid),
        FakeClock(),
        template=store.get_session(sid).template,
        participants=store.participants(sid),
        consents=store.consents(sid),
        keeper_id=keeper.id,
    )
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text().startswith("Participants can be replaced only before")
    assert dialog.name_edit.text() == "Late"


def open_consent(view: SetupView, pid: str) -> ConsentDialog:
    view.open_consent_dialog(pid)
    dialog = view.dialog
    assert isinstance(dialog, ConsentDialog)
    return dialog


def test_a_minor_without_a_guardian_present_is_refused(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    jamie = Participant("Jamie", Role.PERSON_RESPONSIBLE, is_minor=True, guardian_name="Grace")
    sid = planned_session(store, templates, [Participant("K", Role.KEEPER), jamie])
    assert view.load_session(sid)
    dialog = open_consent(view, jamie.id)
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.isVisible()
    assert dialog.message.text().startswith("This person is a minor")
    assert store.consents(sid) == []

    qtbot.mouseClick(dialog.guardian_check, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert view.dialog is None
    [record] = store.consents(sid)
    assert record.participant_id == jamie.id
    assert record.guardian_present
    assert record.method is ConsentMethod.WRITTEN


def test_a_guardian_may_give_a_minors_consent(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    jamie = Participant("Jamie", Role.PERSON_RESPONSIBLE, is_minor=True, guardian_name="Grace")
    sid = planned_session(store, templates, [jamie])
    assert view.load_session(sid)
    dialog = open_consent(view, jamie.id)
    dialog.method_combo.setCurrentIndex(dialog.method_combo.findData(ConsentMethod.BY_GUARDIAN))
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    [record] = store.consents(sid)
    assert record.method is ConsentMethod.BY_GUARDIAN
    assert not record.guardian_present


def test_spoken_consent_needs_a_witness_and_a_recorder(
    qtbot: QtBot, view: SetupView, store: Store, templates: TemplateSet
) -> None:
    lin = Participant("Lin", Role.PERSON_HARMED, interpreter="Samir")
    sid = planned_session(store, templates, [lin])
    assert view.load_session(sid)
    dialog = open_consent(view, lin.id)
    dialog.method_combo.setCurrentIndex(
        dialog.method_combo.findData(ConsentMethod.VERBAL_WITNESSED)
    )
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.message.text().startswith("Verbal consent needs a witness")
    dialog.witness_check.setChecked(True)
    dialog.recorded_by_edit.clear()
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "Say who recorded the consent."
    assert store.consents(sid) == []
    type_text(dialog.recorded_by_edit, "AN")
    dialog.interpreter_check.setChecked(True)
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    [record] = store.consents(sid)
    assert (record.recorded_by, record.witness_present, record.interpreter_present) == (
        "AN",
        True,
        True,
    )


def test_a_case_needs_a_reference(qtbot: QtBot, store: Store) -> None:
    dialog = CaseDialog(store.add_case)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    assert dialog.message.text() == "A case needs a reference."
    assert store.list_cases() == []
    type_text(dialog.reference_edit, "RJ-7")
    type_text(dialog.summary_edit, "Short and neutral.")
    qtbot.mouseClick(ok(dialog.buttons), Qt.MouseButton.LeftButton)
    [case] = store.list_cases()
    assert (case.reference, case.summary) == ("RJ-7", "Short and neutral.")
    assert dialog.stored == case


def test_the_participants_model(qtmodeltester: ModelTester) -> None:
    people = demo_participants()
    people.append(Participant("Away", Role.PERSON_HARMED, participation=Participation.ABSENT))
    model = ParticipantsModel()
    qtmodeltester.check(model)
    consented = {people[0].id}
    model.set_people(people, consented, people[0].id)
    qtmodeltester.check(model)
    assert model.rowCount() == len(people)

    def cell(row: int, column: str, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        return model.index(row, model.COLUMNS.index(column)).data(role)

    assert cell(0, "name") == "Aroha Ngata (“Aroha”)"
    assert cell(0, "role") == "Facilitator, leads"
    assert cell(0, "consent") == "Recorded"
    assert cell(1, "consent") == "Missing"
    font = cell(1, "consent", Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.bold()
    assert cell(2, "needs") == "minor"
    assert cell(2, "seat") == "3"
    assert cell(len(people) - 1, "consent") == "Not needed"
    assert cell(len(people) - 1, "seat") == "-"
    assert cell(3, "name", PARTICIPANT_ID_ROLE) == people[3].id
    assert model.row_of(people[4].id) == 4


def test_the_checklist_model(qtmodeltester: ModelTester) -> None:
    model = ChecklistModel()
    qtmodeltester.check(model)
    model.set_items(["Safety checked", "Interpreter booked"], {"Interpreter booked": True})
    qtmodeltester.check(model)
    emitted: list[dict[str, bool]] = []
    model.ticked_changed.connect(emitted.append)
    index = model.index(0, 0)
    assert model.setData(index, Qt.CheckState.Checked, Qt.ItemDataRole.CheckStateRole)
    assert emitted == [{"Safety checked": True, "Interpreter booked": True}]
    assert not model.setData(index, "x", Qt.ItemDataRole.EditRole)
    assert model.ticked_count() == 2


def test_the_templates_model(qtmodeltester: ModelTester, templates: TemplateSet) -> None:
    model = TemplatesModel(list(templates.templates.values()))
    qtmodeltester.check(model)
    row = model.row_of("peacemaking-circle")
    assert model.index(row, 0).data() == "Peacemaking circle"
    assert model.index(row, 0).data(TEMPLATE_ID_ROLE) == "peacemaking-circle"
    assert model.row_of("nope") == -1
