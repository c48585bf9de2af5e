"""Close a case: how it ended, and on which day."""

from __future__ import annotations

from datetime import UTC, datetime, time

from PySide6.QtWidgets import (
    QButtonGroup,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.case import Case
from facilitator.domain.outcome import CaseOutcome
from facilitator.engine.clock import Clock
from facilitator.storage.errors import StoreError
from facilitator.storage.store import Store
from ui.followup.labels import DAY_FORMAT, local_today, outcome_label, pydate, qdate
from ui.setup.inline_message import InlineMessage


class CloseCaseDialog(QDialog):
    """Asks for the outcome (the suggested one chosen) and the closing day; then closes the case.

    If the store refuses, the reason is shown and the dialog stays open. :attr:`closed` holds
    the case as stored.

    Args:
        store: Where the case is.
        clock: Gives today (the default closing day, and the time recorded for it).
        case: The case to close.
        suggested: The outcome chosen at first (from the items' progress).
        parent: Qt owner.
    """

    def __init__(
        self,
        store: Store,
        clock: Clock,
        case: Case,
        suggested: CaseOutcome,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._case = case
        self.closed: Case | None = None
        today = local_today(clock.wall())
        self.setWindowTitle(self.tr("Close case"))
        self.setMinimumWidth(460)

        intro = QLabel(
            self.tr(
                "Closing case {reference} records how it ended. Progress can be recorded "
                "again only after reopening it."
            ).format(reference=case.reference)
        )
        intro.setWordWrap(True)

        self.outcome_group = QButtonGroup(self)
        self.outcome_buttons: dict[CaseOutcome, QRadioButton] = {}
        choices = QVBoxLayout()
        choices.setSpacing(4)
        for number, outcome in enumerate(CaseOutcome, start=1):
            button = QRadioButton(f"&{number}  {outcome_label(outcome)}")
            self.outcome_group.addButton(button)
            self.outcome_buttons[outcome] = button
            choices.addWidget(button)
        self.outcome_buttons[suggested].setChecked(True)

        self.date_edit = QDateEdit(qdate(today))
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDisplayFormat(DAY_FORMAT)
        self.date_edit.setMaximumDate(qdate(today))
        if case.created_at is not None:
            self.date_edit.setMinimumDate(qdate(case.created_at.astimezone().date()))
        form = QFormLayout()
        form.addRow(self.tr("Closed &on:"), self.date_edit)

        self.message = InlineMessage()
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Close case"))
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        heading = QLabel(self.tr("Outcome:"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(intro)
        layout.addWidget(heading)
        layout.addLayout(choices)
        layout.addSpacing(4)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.outcome_buttons[suggested].setFocus()

    @property
    def outcome(self) -> CaseOutcome:
        """The outcome chosen."""
        return next(o for o, b in self.outcome_buttons.items() if b.isChecked())

    def _closing_time(self) -> datetime:
        now = self._clock.wall()
        day = pydate(self.date_edit.date())
        if day == local_today(now):
            return now
        # An earlier day: noon on it, on this computer's clock, so it stays that day anywhere.
        local = now.astimezone().tzinfo
        return datetime.combine(day, time(12), tzinfo=local).astimezone(UTC)

    def accept(self) -> None:
        """Close the case; on a refusal show why and stay open."""
        try:
            self.closed = self._store.followup.close_case(
                self._case.id, self.outcome, self._closing_time()
            )
        except StoreError as exc:
            self.message.show_message(str(exc))
            return
        super().accept()
