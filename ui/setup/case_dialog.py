"""Open a new case: its reference, who referred it, and a short neutral summary."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.case import MAX_NAME_LENGTH, Case, DomainError
from facilitator.storage.store import StoreError
from ui.setup.inline_message import InlineMessage

#: Stores the case and returns it as stored; raises DomainError or StoreError if it cannot.
Commit = Callable[[Case], Case]


class CaseDialog(QDialog):
    """The fields of a new case. Stays open until ``commit`` has stored it.

    Args:
        commit: Stores the case (the store's ``add_case``).
        parent: The parent widget.
    """

    def __init__(self, commit: Commit, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._commit = commit
        self.stored: Case | None = None
        self.setWindowTitle(self.tr("New case"))
        self.setMinimumWidth(520)

        self.reference_edit = QLineEdit()
        self.reference_edit.setPlaceholderText(self.tr("As written on the referral"))
        self.source_edit = QLineEdit()
        self.source_edit.setPlaceholderText(self.tr("Police, school, prosecutor, court..."))
        self.summary_edit = QPlainTextEdit()
        self.summary_edit.setTabChangesFocus(True)
        self.summary_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 5 + 16)
        summary_label = QLabel(self.tr("Short neutral &summary\n(facilitator-only)"))
        summary_label.setBuddy(self.summary_edit)
        summary_label.setToolTip(self.tr("Never projected and never printed on an agreement."))

        form = QFormLayout()
        form.setSpacing(8)
        form.addRow(self.tr("Case &reference"), self.reference_edit)
        form.addRow(self.tr("Referral s&ource"), self.source_edit)
        form.addRow(summary_label, self.summary_edit)
        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

    def case(self) -> Case:
        """The case the form describes.

        Raises:
            DomainError: the reference is missing or too long.
        """
        reference = self.reference_edit.text().strip()
        if not reference:
            raise DomainError(self.tr("A case needs a reference."))
        if len(reference) > MAX_NAME_LENGTH:
            raise DomainError(
                self.tr("A reference can be at most {n} characters.").format(n=MAX_NAME_LENGTH)
            )
        return Case(
            reference=reference,
            referral_source=self.source_edit.text().strip(),
            summary=self.summary_edit.toPlainText().strip(),
        )

    def accept(self) -> None:
        """Store the case; on a refusal show why and stay open."""
        try:
            self.stored = self._commit(self.case())
        except (DomainError, StoreError) as exc:
            self.message.show_message(str(exc))
            return
        super().accept()
