"""The notes list: newest first, struck notes struck through, edits keep their history."""

from __future__ import annotations

from live_helpers import open_dialog, show_active, stored
from live_samples import CHECK_IN, OPENING, by_role
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from facilitator.domain.case import Participant
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.roles import Role
from facilitator.engine.clock import FakeClock
from facilitator.engine.events import NoteEdited, NoteStruck
from facilitator.storage.store import Store
from ui.live.note_dialog import NoteDialog
from ui.live.notes_list import NotesList
from ui.models.notes_model import NotesModel
from ui.session_controller import SessionController


def row(model: NotesModel, r: int) -> list[str]:
    return [model.index(r, c).data() for c in range(model.columnCount())]


def notes_list(qtbot: QtBot, controller: SessionController) -> NotesList:
    view = NotesList(controller)
    view.resize(800, 300)
    show_active(qtbot, view)
    return view


def test_the_model_passes_the_model_tester_through_adds_edits_and_strikes(
    qtmodeltester: ModelTester, controller: SessionController
) -> None:
    model = NotesModel()
    names = {pid: p.spoken_name for pid, p in controller.state.participants.items()}

    def follow() -> None:
        model.set_notes(list(controller.state.notes.values()), names)

    controller.notes_changed.connect(follow)
    # The tester stays connected: it checks the model again after every insert, change and reset.
    qtmodeltester.check(model, force_py=True)
    controller.enter_phase(OPENING)
    first = controller.add_note(NoteKind.OBSERVATION, "first")
    second = controller.add_note(NoteKind.HARM, "second\nwith a second line", Visibility.SHAREABLE)
    assert first is not None
    assert second is not None
    controller.edit_note(first, "first, clearer")
    controller.strike_note(second, "wrong person")
    assert model.rowCount() == 2
    # A list that is not the old one with notes on top resets the model.
    model.set_notes([controller.state.notes[first]], names)
    assert model.rowCount() == 1
    controller.notes_changed.disconnect(follow)


def test_newest_first_with_time_kind_speaker_text_and_visibility(
    qtbot: QtBot, controller: SessionController, clock: FakeClock, people: list[Participant]
) -> None:
    view = notes_list(qtbot, controller)
    model = view.notes_model
    controller.enter_phase(OPENING)
    controller.start_round(CHECK_IN)
    controller.next_holder()
    clock.advance(75)
    controller.add_note(NoteKind.NEED, "Grace needs a chair near the door")
    clock.advance(3600)
    controller.add_note(NoteKind.AGREEMENT_IDEA, "Repaint the shed", Visibility.SHAREABLE)
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)] == [
        "Session time",
        "Kind",
        "Speaker",
        "Note",
        "Visibility",
    ]
    assert row(model, 0) == ["1:01:15", "Agreement idea", "Grace", "Repaint the shed", "Shareable"]
    assert row(model, 1) == [
        "1:15",
        "Need",
        "Grace",
        "Grace needs a chair near the door",
        "Facilitator only",
    ]
    assert by_role(people, Role.GUARDIAN).spoken_name == "Grace"


def test_adding_a_note_inserts_a_row_at_the_top_and_keeps_the_selection(
    qtbot: QtBot, controller: SessionController
) -> None:
    view = notes_list(qtbot, controller)
    model = view.notes_model
    controller.add_note(NoteKind.OBSERVATION, "older")
    view.selectRow(0)
    with qtbot.waitSignal(model.rowsInserted) as inserted:
        controller.add_note(NoteKind.OBSERVATION, "newer")
    assert inserted.args[1:] == [0, 0]
    assert view.currentIndex().row() == 1
    assert model.index(1, 3).data() == "older"


def test_a_struck_note_is_shown_struck_through(qtbot: QtBot, controller: SessionController) -> None:
    view = notes_list(qtbot, controller)
    model = view.notes_model
    note_id = controller.add_note(NoteKind.OBSERVATION, "wrong speaker")
    keep = controller.add_note(NoteKind.OBSERVATION, "kept")
    assert note_id is not None
    assert keep is not None
    with qtbot.waitSignal(model.dataChanged):
        controller.strike_note(note_id, "noted for the wrong person")
    struck_row = model.row_of(note_id)
    assert struck_row is not None
    font = model.index(struck_row, 3).data(Qt.ItemDataRole.FontRole)
    assert isinstance(font, QFont)
    assert font.strikeOut()
    assert model.index(model.row_of(keep) or 0, 3).data(Qt.ItemDataRole.FontRole) is None
    assert "Struck out: noted for the wrong person" in model.index(struck_row, 3).data(
        Qt.ItemDataRole.ToolTipRole
    )


def test_long_notes_are_previewed_on_one_line(qtbot: QtBot, controller: SessionController) -> None:
    view = notes_list(qtbot, controller)
    controller.add_note(NoteKind.OBSERVATION, "line one\nline two " + "x" * 400)
    preview = view.notes_model.index(0, 3).data()
    assert preview.startswith("line one line two")
    assert len(preview) == 160
    assert preview.endswith("…")
    assert "x" * 400 in view.notes_model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)


def test_editing_a_note_records_a_new_version_and_keeps_the_old(
    qtbot: QtBot, controller: SessionController, store: Store
) -> None:
    view = notes_list(qtbot, controller)
    note_id = controller.add_note(NoteKind.OBSERVATION, "Jamie looked away")
    assert note_id is not None
    view.setCurrentIndex(view.notes_model.index(0, 0))
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    dialog: NoteDialog = open_dialog(qtbot, view, NoteDialog)
    assert dialog.text_edit.toPlainText() == "Jamie looked away"
    assert dialog.history_label.text() == "None: this is the first version."
    dialog.text_edit.setPlainText("Jamie looked at Marta while speaking")
    dialog.kind_combo.setCurrentIndex(2)
    dialog.shareable_check.setChecked(True)
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert stored(store, controller.session_id)[-1] == NoteEdited(
        note_id, "Jamie looked at Marta while speaking", NoteKind.NEED, Visibility.SHAREABLE
    )
    assert [r.text for r in store.note_history(note_id)] == ["Jamie looked away"]
    assert view.notes_model.index(0, 3).data() == "Jamie looked at Marta while speaking"
    assert "Edited 1 time" in view.notes_model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)

    view.open_note(0)
    again: NoteDialog = open_dialog(qtbot, view, NoteDialog)
    assert "Jamie looked away" in again.history_label.text()
    again.strike_reason.setText("duplicate")
    qtbot.mouseClick(again.strike_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not again.isVisible())
    assert stored(store, controller.session_id)[-1] == NoteStruck(note_id, "duplicate")


def test_an_edit_the_rules_refuse_keeps_the_dialog_open_with_the_text(
    qtbot: QtBot, controller: SessionController
) -> None:
    view = notes_list(qtbot, controller)
    controller.add_note(NoteKind.OBSERVATION, "something")
    view.open_note(0)
    dialog: NoteDialog = open_dialog(qtbot, view, NoteDialog)
    dialog.text_edit.setPlainText("   ")
    qtbot.mouseClick(
        dialog.buttons.button(dialog.buttons.StandardButton.Save), Qt.MouseButton.LeftButton
    )
    assert dialog.isVisible()
    assert dialog.message_label.text() == "A note cannot be empty."


def test_an_invalid_index_gives_nothing(qtbot: QtBot, controller: SessionController) -> None:
    view = notes_list(qtbot, controller)
    model = view.notes_model
    assert model.data(QModelIndex()) is None
    assert model.rowCount(model.index(0, 0)) == 0
    assert model.headerData(9, Qt.Orientation.Horizontal) is None
    assert model.headerData(0, Qt.Orientation.Vertical) is None
