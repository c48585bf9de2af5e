"""Record progress on one agreement item: a status, the evidence and its date, who records it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from facilitator.agreements.followup import MAX_EVIDENCE, MAX_RECORDER, ItemStatus, ProgressEntry
from facilitator.agreements.model import AgreementItem
from facilitator.engine.clock import Clock
from facilitator.storage.errors import StoreError
from facilitator.storage.store import Store
from ui.followup.labels import DAY_FORMAT, due_text, local_today, pydate, qdate, status_label
from ui.setup.inline_message import InlineMessage

#: The choices, in the order offered: "done" first, since that is what is usually recorded.
STATUS_CHOICES = (
    ItemStatus.DONE,
    ItemStatus.VERIFIED,
    ItemStatus.NOT_COMPLETED,
    ItemStatus.PENDING,
)


@dataclass(frozen=True, slots=True)
class ProgressTarget:
    """The item progress is recorded on, and what the dialog says about it.

    Attributes:
        agreement_id: The newest signed version of the agreement.
        item: The item.
        case_reference: Its case, to show.
        responsible_name: Who does it, to show ("" if nobody is named).
    """

    agreement_id: str
    item: AgreementItem
    case_reference: str = ""
    responsible_name: str = ""


class ProgressDialog(QDialog):
    """Asks for the status, the evidence and its date, and who records it; then stores it.

    The entry is stored when Save is pressed; if the store refuses it, the reason is shown and
    the dialog stays open with everything typed. :attr:`entry` holds what was stored.

    Args:
        store: Where the entry goes.
        clock: Gives today's date (the default evidence date and the latest allowed).
        target: The item.
        recorded_by: The name proposed as who records it (the facilitator's).
        parent: Qt owner.
    """

    def __init__(
        self,
        store: Store,
        clock: Clock,
        target: ProgressTarget,
        recorded_by: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._target = target
        self.entry: ProgressEntry | None = None
        today = local_today(clock.wall())
        self.setWindowTitle(self.tr("Record progress"))
        self.setMinimumWidth(520)

        header = self._header(target, today)
        self.status_combo = QComboBox()
        for status in STATUS_CHOICES:
            self.status_combo.addItem(status_label(status), status.value)
        self.status_combo.setItemText(
            STATUS_CHOICES.index(ItemStatus.PENDING), self.tr("Still pending (a step on the way)")
        )
        self.date_edit = QDateEdit(qdate(today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DAY_FORMAT)
        self.date_edit.setMaximumDate(qdate(today))
        self.evidence_edit = QPlainTextEdit()
        self.evidence_edit.setTabChangesFocus(True)
        self.evidence_edit.setPlaceholderText(
            self.tr("What was seen or heard, e.g. “Second instalment received.”")
        )
        self.evidence_edit.setMinimumHeight(96)
        self.recorded_by_edit = QLineEdit(recorded_by)
        self.recorded_by_edit.setMaxLength(MAX_RECORDER)
        self.recorded_by_edit.setPlaceholderText(self.tr("Your name"))
        self.counter = QLabel()
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight)
        self.message = InlineMessage()

        form = QFormLayout()
        form.setSpacing(8)
        form.addRow(self.tr("Sta&tus:"), self.status_combo)
        form.addRow(self.tr("Evidence &dated:"), self.date_edit)
        form.addRow(self.tr("&Evidence:"), self.evidence_edit)
        form.addRow("", self.counter)
        form.addRow(self.tr("&Recorded by:"), self.recorded_by_edit)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(header)
        layout.addSpacing(8)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)

        # Save from inside the evidence field too, where Enter starts a new line.
        self.evidence_edit.installEventFilter(self)
        self.evidence_edit.textChanged.connect(self._on_evidence_changed)
        self._on_evidence_changed()
        self.status_combo.setFocus()

    def _header(self, target: ProgressTarget, today: date) -> QWidget:
        """The item in bold, with its case, who does it and when it is due."""
        box = QWidget()
        layout = QVBoxLayout(box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        what = QLabel(target.item.description)
        what.setWordWrap(True)
        font = what.font()
        font.setBold(True)
        font.setPointSizeF(font.pointSizeF() * 1.15)
        what.setFont(font)
        details = [
            self.tr("Case {reference}").format(reference=target.case_reference)
            if target.case_reference
            else "",
            target.responsible_name,
            self.tr("Due: {when}").format(when=due_text(target.item.due, today)),
        ]
        context = QLabel(" · ".join(d for d in details if d))
        context.setWordWrap(True)
        layout.addWidget(what)
        layout.addWidget(context)
        return box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Ctrl+Enter in the evidence field saves."""
        if (
            watched is self.evidence_edit
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        ):
            self.accept()
            return True
        return super().eventFilter(watched, event)

    @property
    def status(self) -> ItemStatus:
        """The status chosen."""
        return ItemStatus(self.status_combo.currentData())

    def _on_evidence_changed(self) -> None:
        length = len(self.evidence_edit.toPlainText())
        self.counter.setText(
            self.tr("{n} of {limit} characters").format(n=f"{length:,}", limit=f"{MAX_EVIDENCE:,}")
        )

    def accept(self) -> None:
        """Store the entry; on a refusal show why and stay open."""
        evidence = self.evidence_edit.toPlainText().strip()
        recorded_by = self.recorded_by_edit.text().strip()
        if not recorded_by:
            self.message.show_message(self.tr("Say who is recording this progress."))
            self.recorded_by_edit.setFocus()
            return
        if len(evidence) > MAX_EVIDENCE:
            self.message.show_message(
                self.tr("The evidence is too long: at most {limit} characters.").format(
                    limit=f"{MAX_EVIDENCE:,}"
                )
            )
            self.evidence_edit.setFocus()
            return
        try:
            self.entry = self._store.followup.record_progress(
                self._target.agreement_id,
                self._target.item.id,
                status=self.status,
                evidence=evidence,
                evidence_date=pydate(self.date_edit.date()),
                recorded_by=recorded_by,
                recorded_at=self._clock.wall(),
            )
        except StoreError as exc:
            self.message.show_message(str(exc))
            return
        super().accept()
