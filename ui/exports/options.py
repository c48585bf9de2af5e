"""The questions asked before an export: which notes, which period and format.

Including facilitator-only notes always takes two steps: ticking the box, then confirming, in
a message that says they are confidential, that they should be printed.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from facilitator.reports.stats_output import SMALL_COUNT


def confidential_box(parent: QWidget | None) -> QMessageBox:
    """The confirmation that facilitator-only notes go into the report (Cancel is the default).

    Returns the box unshown, so that a caller (or a test) decides how to run it.
    """
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Warning)
    box.setWindowTitle(box.tr("Include confidential notes?"))
    box.setText(box.tr("Facilitator-only notes are confidential."))
    box.setInformativeText(
        box.tr(
            "They were written for you alone and may hold what participants said in "
            "confidence, safety concerns or your own thoughts. A report with them must not be "
            "given to participants or referrers. Include them?"
        )
    )
    include = box.addButton(box.tr("Include confidential notes"), QMessageBox.ButtonRole.AcceptRole)
    cancel = box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(cancel)
    box.setEscapeButton(cancel)
    include.setObjectName("include")
    return box


def confirm_confidential(parent: QWidget | None) -> bool:
    """Ask :func:`confidential_box`; whether the facilitator chose to include the notes."""
    box = confidential_box(parent)
    box.exec()
    clicked = box.clickedButton()
    return clicked is not None and clicked.objectName() == "include"


class NotesExportDialog(QDialog):
    """Asks whether the notes report includes facilitator-only notes (off by default)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export session notes"))
        intro = QLabel(
            self.tr(
                "The report lists who took part and the session's notes by phase and round. "
                "Notes marked shareable are included; struck-out notes never are."
            )
        )
        intro.setWordWrap(True)
        self.include_box = QCheckBox(self.tr("Include facilitator-only notes (confidential)"))
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Choose file…"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addWidget(self.include_box)
        layout.addWidget(buttons)
        self.setMinimumWidth(440)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.include_box.clicked.connect(self._on_include_box_clicked)

    @property
    def include_facilitator_only(self) -> bool:
        """Whether the facilitator ticked the box and confirmed it."""
        return self.include_box.isChecked()

    def _on_include_box_clicked(self, checked: bool) -> None:
        if checked and not confirm_confidential(self):
            self.include_box.setChecked(False)


class StatisticsDialog(QDialog):
    """Asks for the period, the format and the smallest count shown as it is."""

    def __init__(
        self, today: date, parent: QWidget | None = None, *, ask_format: bool = True
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Export program statistics"))
        intro = QLabel(
            self.tr(
                "De-identified counts for funders: sessions by process type, agreements, "
                "outcomes, days to completion and participants by role. No names, notes, "
                "summaries or case references."
            )
        )
        intro.setWordWrap(True)
        self.from_edit = _date_edit(date(today.year, 1, 1))
        self.to_edit = _date_edit(today)
        self.pdf_button = QRadioButton(self.tr("PDF (tables and a chart)"))
        self.csv_button = QRadioButton(self.tr("CSV (for a spreadsheet)"))
        self.pdf_button.setChecked(True)
        formats = QButtonGroup(self)
        formats.addButton(self.pdf_button)
        formats.addButton(self.csv_button)
        format_row = QHBoxLayout()
        format_row.addWidget(self.pdf_button)
        format_row.addWidget(self.csv_button)
        format_row.addStretch(1)
        self.min_count = QSpinBox()
        self.min_count.setRange(1, 99)
        self.min_count.setValue(SMALL_COUNT)
        self.min_count.setToolTip(
            self.tr("Smaller counts are shown as “fewer than”; 1 shows every count.")
        )
        self.problem_label = QLabel()
        self.problem_label.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("From"), self.from_edit)
        form.addRow(self.tr("To"), self.to_edit)
        if ask_format:
            form.addRow(self.tr("Format"), format_row)
        form.addRow(self.tr("Smallest count shown"), self.min_count)
        self._buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self._buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Choose file…"))
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.problem_label)
        layout.addWidget(self._buttons)
        self.setMinimumWidth(480)
        self._buttons.accepted.connect(self.accept)
        self._buttons.rejected.connect(self.reject)
        self.from_edit.dateChanged.connect(self._on_period_changed)
        self.to_edit.dateChanged.connect(self._on_period_changed)
        self._on_period_changed()

    @property
    def period(self) -> tuple[date, date]:
        """The first and last day chosen (both included)."""
        return _day(self.from_edit.date()), _day(self.to_edit.date())

    @property
    def suffix(self) -> str:
        """``.pdf`` or ``.csv``."""
        return ".csv" if self.csv_button.isChecked() else ".pdf"

    def _on_period_changed(self) -> None:
        start, end = self.period
        valid = start <= end
        self._buttons.button(QDialogButtonBox.StandardButton.Save).setEnabled(valid)
        self.problem_label.setText(
            "" if valid else self.tr("The period ends before it starts: change one of the days.")
        )


def _date_edit(day: date) -> QDateEdit:
    edit = QDateEdit(QDate(day.year, day.month, day.day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("yyyy-MM-dd")
    edit.setAlignment(Qt.AlignmentFlag.AlignLeft)
    return edit


def _day(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())
