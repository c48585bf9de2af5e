"""Add or edit one person: every field the domain keeps about a participant (domain.md §4)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

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
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.case import DomainError, Participant
from facilitator.domain.ids import new_id
from facilitator.domain.roles import DEFAULT_SIDE, Participation, Role, Side
from facilitator.storage.store import StoreError
from ui.setup.inline_message import InlineMessage
from ui.setup.labels import participation_label, role_label, side_label

#: Saves the participant; raises DomainError or StoreError (shown in the dialog) if it cannot.
Commit = Callable[[Participant], object]


class ParticipantDialog(QDialog):
    """The details of one participant.

    The dialog stays open until ``commit`` accepts the participant, so nothing typed is lost when
    a name is refused or the store cannot be written.

    Args:
        commit: Called with the participant when OK is pressed.
        others: The other participants of the session (to choose a guardian among them).
        participant: The person to edit, or ``None`` to add someone.
        parent: The parent widget.
    """

    def __init__(
        self,
        commit: Commit,
        others: Sequence[Participant],
        participant: Participant | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._commit = commit
        self._original = participant
        self._side_chosen = False
        self.setWindowTitle(self.tr("Edit person") if participant else self.tr("Add a person"))
        self.setMinimumWidth(560)

        self.name_edit = QLineEdit()
        self.address_edit = QLineEdit()
        self.address_edit.setPlaceholderText(self.tr("Often a first name; read aloud"))
        self._make_choices(others, participant)
        self.language_edit = QLineEdit()
        self.interpreter_edit = QLineEdit()
        self.interpreter_edit.setPlaceholderText(self.tr("Name of the interpreter, if any"))
        self.requests_edit = QPlainTextEdit()
        self.requests_edit.setTabChangesFocus(True)
        self.participation_combo = QComboBox()
        for how in Participation:
            self.participation_combo.addItem(participation_label(how), how)
        self.risk_edit = QPlainTextEdit()
        self.risk_edit.setTabChangesFocus(True)
        line_height = self.fontMetrics().lineSpacing()
        for edit in (self.requests_edit, self.risk_edit):
            edit.setFixedHeight(line_height * 3 + 16)
        self.message = InlineMessage()

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Save"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addLayout(self._form())
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        if participant is not None:
            self._fill(participant)
        self._on_minor_toggled(self.minor_check.isChecked())
        self.role_combo.currentIndexChanged.connect(self._on_role_changed)
        self.side_combo.activated.connect(self._on_side_activated)
        self.minor_check.toggled.connect(self._on_minor_toggled)
        if participant is None:
            self._on_role_changed()
        self.name_edit.setFocus()

    def _make_choices(self, others: Sequence[Participant], participant: Participant | None) -> None:
        self.role_combo = QComboBox()
        for role in Role:
            self.role_combo.addItem(role_label(role), role)
        self.side_combo = QComboBox()
        for side in Side:
            self.side_combo.addItem(side_label(side), side)
        self.relationship_edit = QLineEdit()
        self.relationship_edit.setPlaceholderText(self.tr("Read out at introductions"))
        self.minor_check = QCheckBox(self.tr("A minor, with a parent or guardian"))
        self.guardian_combo = QComboBox()
        self.guardian_combo.setEditable(True)
        self.guardian_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for other in others:
            if participant is None or other.id != participant.id:
                self.guardian_combo.addItem(other.display_name, other.id)
        line = self.guardian_combo.lineEdit()
        if line is not None:
            line.setPlaceholderText(self.tr("Choose a participant or type a name"))

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("&Name"), self.name_edit)
        form.addRow(self.tr("&Address as"), self.address_edit)
        form.addRow(self.tr("&Role"), self.role_combo)
        form.addRow(self.tr("&Side"), self.side_combo)
        form.addRow(self.tr("Relationship to the &incident"), self.relationship_edit)
        form.addRow("", self.minor_check)
        form.addRow(self.tr("&Guardian"), self.guardian_combo)
        form.addRow(self.tr("&Language"), self.language_edit)
        form.addRow(self.tr("Inter&preter"), self.interpreter_edit)
        form.addRow(self.tr("Cultural or a&ccessibility requests"), self.requests_edit)
        form.addRow(self.tr("&Takes part"), self.participation_combo)
        risk_label = QLabel(self.tr("Ris&k notes\n(facilitator-only)"))
        risk_label.setBuddy(self.risk_edit)
        form.addRow(risk_label, self.risk_edit)
        return form

    def _fill(self, p: Participant) -> None:
        self.name_edit.setText(p.display_name)
        self.address_edit.setText(p.address_as)
        self.role_combo.setCurrentIndex(self.role_combo.findData(p.role))
        side = p.side or DEFAULT_SIDE[p.role]
        self.side_combo.setCurrentIndex(self.side_combo.findData(side))
        self._side_chosen = side != DEFAULT_SIDE[p.role]
        self.relationship_edit.setText(p.relationship)
        self.minor_check.setChecked(p.is_minor)
        guardian_row = self.guardian_combo.findData(p.guardian_id) if p.guardian_id else -1
        if guardian_row >= 0:
            self.guardian_combo.setCurrentIndex(guardian_row)
        else:
            self.guardian_combo.setCurrentIndex(-1)
            self.guardian_combo.setEditText(p.guardian_name)
        self.language_edit.setText(p.language)
        self.interpreter_edit.setText(p.interpreter)
        self.requests_edit.setPlainText(p.requests)
        self.participation_combo.setCurrentIndex(self.participation_combo.findData(p.participation))
        self.risk_edit.setPlainText(p.risk_notes)

    def _on_role_changed(self) -> None:
        # The side follows the role until the facilitator picks one on purpose.
        if not self._side_chosen:
            role = Role(self.role_combo.currentData())
            self.side_combo.setCurrentIndex(self.side_combo.findData(DEFAULT_SIDE[role]))

    def _on_side_activated(self) -> None:
        self._side_chosen = True

    def _on_minor_toggled(self, minor: bool) -> None:
        self.guardian_combo.setEnabled(minor)

    def _guardian(self) -> tuple[str | None, str]:
        if not self.minor_check.isChecked():
            return None, ""
        text = self.guardian_combo.currentText().strip()
        row = self.guardian_combo.findText(text, Qt.MatchFlag.MatchExactly)
        if text and row >= 0:
            return str(self.guardian_combo.itemData(row)), ""
        return None, text

    def participant(self) -> Participant:
        """The participant as the form describes it.

        Raises:
            DomainError: the form breaks a rule (the message is safe to show).
        """
        guardian_id, guardian_name = self._guardian()
        if self.minor_check.isChecked() and guardian_id is None and not guardian_name:
            raise DomainError(
                self.tr("A minor needs a parent or guardian: choose one or type their name.")
            )
        original = self._original
        # Qt hands enum members back as plain strings; turn them back into members.
        return Participant(
            id=original.id if original is not None else new_id(),
            seat=original.seat if original is not None else None,
            display_name=self.name_edit.text().strip(),
            address_as=self.address_edit.text().strip(),
            role=Role(self.role_combo.currentData()),
            side=Side(self.side_combo.currentData()),
            relationship=self.relationship_edit.text().strip(),
            is_minor=self.minor_check.isChecked(),
            guardian_id=guardian_id,
            guardian_name=guardian_name,
            language=self.language_edit.text().strip(),
            interpreter=self.interpreter_edit.text().strip(),
            requests=self.requests_edit.toPlainText().strip(),
            participation=Participation(self.participation_combo.currentData()),
            risk_notes=self.risk_edit.toPlainText().strip(),
        )

    def accept(self) -> None:
        """Save through ``commit``; on a refusal show why and stay open."""
        try:
            self._commit(self.participant())
        except (DomainError, StoreError) as exc:
            self.message.show_message(str(exc))
            return
        self.message.clear()
        super().accept()
