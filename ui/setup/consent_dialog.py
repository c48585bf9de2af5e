"""Record one person's consent to take part (domain.md §5): who recorded it, how, who was there."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.case import DomainError, Participant
from facilitator.domain.consent import ConsentMethod, ConsentRecord
from facilitator.storage.store import StoreError
from ui.setup.inline_message import InlineMessage
from ui.setup.labels import method_label
from ui.setup.readiness import consent_problem

#: Stores the record; raises DomainError or StoreError (shown in the dialog) if it cannot.
Commit = Callable[[ConsentRecord], object]


class ConsentDialog(QDialog):
    """A short form that becomes a :class:`ConsentRecord` for one participant.

    A minor's consent is refused unless a parent or guardian was present or gave it; verbal
    consent needs a witness. The dialog stays open until ``commit`` accepts the record.

    Args:
        participant: Whose consent this is.
        commit: Called with the record when OK is pressed.
        recorded_by: Default for "recorded by" (the facilitator's name).
        info_sheet_version: Default information-sheet version (the last one used).
        guardian: How to name the guardian of a minor (a participant's name or free text).
        now: Where the recording time comes from (UTC).
        parent: The parent widget.
    """

    def __init__(
        self,
        participant: Participant,
        commit: Commit,
        *,
        recorded_by: str = "",
        info_sheet_version: str = "",
        guardian: str = "",
        now: Callable[[], datetime] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._participant = participant
        self._commit = commit
        self._now = now or (lambda: datetime.now(UTC))
        self.setWindowTitle(self.tr("Record consent"))
        self.setMinimumWidth(520)

        self.recorded_by_edit = QLineEdit(recorded_by)
        self.method_combo = QComboBox()
        for method in ConsentMethod:
            self.method_combo.addItem(method_label(method), method)
        self.info_sheet_edit = QLineEdit(info_sheet_version)
        self.info_sheet_edit.setPlaceholderText(self.tr("For example 2026-01"))
        self.witness_check = QCheckBox(self.tr("&Witness present"))
        self.interpreter_check = QCheckBox(self.tr("&Interpreter present"))
        self.guardian_check = QCheckBox(self.tr("&Parent or guardian present"))
        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText(self.tr("Record consent"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        for label in self._notes(guardian):
            label.setWordWrap(True)
            layout.addWidget(label)
        layout.addLayout(self._form())
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.method_combo.setFocus()

    def _notes(self, guardian: str) -> list[QLabel]:
        """The heading and what the facilitator should keep in mind for this person."""
        p = self._participant
        heading = QLabel(self.tr("Consent of {name}").format(name=p.display_name))
        heading.setTextFormat(Qt.TextFormat.PlainText)
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        self.heading = heading
        notes = [
            heading,
            QLabel(
                self.tr(
                    "Taking part is voluntary, and consent can be withdrawn at any moment, "
                    "also during the session."
                )
            ),
        ]
        if p.is_minor:
            notes.append(
                QLabel(
                    self.tr(
                        "A minor: their parent or guardian ({guardian}) must be present, or "
                        "give consent for them."
                    ).format(guardian=guardian or self.tr("not named"))
                )
            )
        if p.interpreter.strip():
            notes.append(QLabel(self.tr("Interpreter: {name}").format(name=p.interpreter)))
        for label in notes[1:]:
            label.setTextFormat(Qt.TextFormat.PlainText)
        return notes

    def _form(self) -> QFormLayout:
        form = QFormLayout()
        form.setSpacing(8)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(self.tr("Recorded &by"), self.recorded_by_edit)
        form.addRow(self.tr("&Method"), self.method_combo)
        form.addRow(self.tr("Information &sheet version"), self.info_sheet_edit)
        form.addRow(self.tr("Present"), self.witness_check)
        form.addRow("", self.interpreter_check)
        form.addRow("", self.guardian_check)
        return form

    def record(self) -> ConsentRecord:
        """The consent record the form describes.

        Raises:
            DomainError: the form breaks a rule (the message is safe to show).
        """
        # Qt hands enum members back as plain strings; turn them back into members.
        method = ConsentMethod(self.method_combo.currentData())
        problem = consent_problem(
            self._participant,
            method,
            witness_present=self.witness_check.isChecked(),
            guardian_present=self.guardian_check.isChecked(),
            recorded_by=self.recorded_by_edit.text(),
        )
        if problem is not None:
            raise DomainError(problem)
        return ConsentRecord(
            participant_id=self._participant.id,
            recorded_by=self.recorded_by_edit.text().strip(),
            recorded_at=self._now(),
            method=method,
            info_sheet_version=self.info_sheet_edit.text().strip(),
            witness_present=self.witness_check.isChecked(),
            interpreter_present=self.interpreter_check.isChecked(),
            guardian_present=self.guardian_check.isChecked(),
        )

    def accept(self) -> None:
        """Store through ``commit``; on a refusal show why and stay open."""
        try:
            self._commit(self.record())
        except (DomainError, StoreError) as exc:
            self.message.show_message(str(exc))
            return
        self.message.clear()
        super().accept()
