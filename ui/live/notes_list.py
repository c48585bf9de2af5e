"""The session's notes, newest first; Enter or a double click opens a note to edit or strike."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ui.live.confirm import discard_answered
from ui.live.note_dialog import NoteDialog
from ui.models.notes_model import NotesModel
from ui.session_controller import SessionController


class NotesList(QTableView):
    """A table over :class:`NotesModel`, kept in step with the session's notes.

    Args:
        controller: The live session.
        parent: Qt parent.
    """

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.notes_model = NotesModel(self)
        self.setModel(self.notes_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setWordWrap(False)
        self.setAlternatingRowColors(True)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        for column, name in enumerate(NotesModel.COLUMNS):
            mode = (
                QHeaderView.ResizeMode.Stretch
                if name == "text"
                else QHeaderView.ResizeMode.ResizeToContents
            )
            header.setSectionResizeMode(column, mode)
        self.setAccessibleName(self.tr("Notes of this session"))
        self.activated.connect(self._on_activated)
        controller.notes_changed.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        """Show the session's notes as they stand now."""
        state = self._controller.state
        names = {pid: p.spoken_name for pid, p in state.participants.items()}
        self.notes_model.set_notes(list(state.notes.values()), names)

    def open_note(self, row: int) -> NoteDialog:
        """Open the note in ``row`` for editing."""
        discard_answered(self, NoteDialog)
        dialog = NoteDialog(self._controller, self.notes_model.note_at(row).id, self)
        dialog.open()
        return dialog

    def _on_activated(self, index: QModelIndex | QPersistentModelIndex) -> None:
        if index.isValid():
            self.open_note(index.row())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Enter opens the current note on every platform."""
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_note(self.currentIndex().row())
            return
        super().keyPressEvent(event)
