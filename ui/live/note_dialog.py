"""Editing a note: a new version is recorded and the earlier ones stay in its history.

A note can also be struck out: it stays in the record, marked as struck, with the reason.
The dialog closes only once the change is stored; on a failure the text stays.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.notes import Note, Visibility
from ui.live.look import KIND_KEYS, clock_text, kind_label, visibility_label
from ui.session_controller import SessionController


class NoteDialog(QDialog):
    """Edit or strike one note.

    Args:
        controller: The live session.
        note_id: The note to edit.
        parent: Qt parent.
    """

    def __init__(
        self, controller: SessionController, note_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._controller = controller
        self._note_id = note_id
        note = self.note
        self.setWindowTitle(self.tr("Edit note"))
        self.setWindowModality(Qt.WindowModality.WindowModal)

        self.text_edit = QPlainTextEdit(note.text)
        self.text_edit.setTabChangesFocus(True)
        self.kind_combo = QComboBox()
        for kind in KIND_KEYS:
            self.kind_combo.addItem(kind_label(kind), kind)
        self.kind_combo.setCurrentIndex(KIND_KEYS.index(note.kind))
        self.shareable_check = QCheckBox(self.tr("Shareable (otherwise facilitator only)"))
        self.shareable_check.setChecked(note.visibility is Visibility.SHAREABLE)
        self.history_label = QLabel(self._history_text(note))
        self.history_label.setWordWrap(True)
        self.history_label.setTextFormat(Qt.TextFormat.PlainText)
        self.strike_reason = QLineEdit()
        self.strike_reason.setPlaceholderText(self.tr("Why strike it out (optional)"))
        self.strike_button = QPushButton(self.tr("Strike out"))
        self.strike_button.clicked.connect(self._on_strike_clicked)
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.hide()

        form = QFormLayout()
        form.addRow(self.tr("Text"), self.text_edit)
        form.addRow(self.tr("Kind"), self.kind_combo)
        form.addRow("", self.shareable_check)
        form.addRow(self.tr("Earlier versions"), self.history_label)
        strike_row = QVBoxLayout()
        strike_row.addWidget(self.strike_reason)
        strike_row.addWidget(self.strike_button, 0, Qt.AlignmentFlag.AlignLeft)
        form.addRow(self.tr("Strike out"), strike_row)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.resize(560, 420)

    @property
    def note(self) -> Note:
        """The note as it stands in the session."""
        return self._controller.state.notes[self._note_id]

    def _history_text(self, note: Note) -> str:
        if not note.history:
            return self.tr("None: this is the first version.")
        lines = [
            f"{clock_text(rev.at)}  {kind_label(rev.kind)}, {visibility_label(rev.visibility)}: "
            f"{rev.text}"
            for rev in note.history
        ]
        return "\n".join(lines)

    def _on_save(self) -> None:
        visibility = (
            Visibility.SHAREABLE
            if self.shareable_check.isChecked()
            else Visibility.FACILITATOR_ONLY
        )
        kind = KIND_KEYS[self.kind_combo.currentIndex()]
        if self._controller.edit_note(
            self._note_id, self.text_edit.toPlainText(), kind, visibility
        ):
            self.accept()
            return
        self._show(self._controller.last_error)

    def _on_strike_clicked(self) -> None:
        if self._controller.strike_note(self._note_id, self.strike_reason.text().strip()):
            self.accept()
            return
        self._show(self._controller.last_error)

    def _show(self, message: str | None) -> None:
        self.message_label.setText(message or self.tr("The change could not be saved."))
        self.message_label.show()
