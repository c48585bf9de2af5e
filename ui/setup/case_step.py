"""The first step of setting up: the case, the process, and the people to start with."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QItemSelectionModel, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.case import Case
from facilitator.domain.process import ProcessTemplate
from facilitator.domain.session import SessionSummary
from facilitator.storage.store import Store
from ui.setup.case_dialog import CaseDialog
from ui.setup.inline_message import InlineMessage
from ui.setup.template_delegate import TemplateDelegate
from ui.setup.templates_model import TemplatesModel


class CaseStep(QWidget):
    """Choose or open a case, choose a process template, optionally name the session.

    Signals:
        continue_requested(): the facilitator chose a case and a template and pressed Continue.
        cancelled(): the facilitator pressed Cancel.
    """

    continue_requested = Signal()
    cancelled = Signal()

    def __init__(
        self, store: Store, templates: Sequence[ProcessTemplate], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._cases: list[Case] = []
        self._previous: list[SessionSummary] = []
        self.case_dialog: CaseDialog | None = None

        self.case_combo = QComboBox()
        self.case_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.case_combo.setMinimumContentsLength(24)
        self.new_case_button = QPushButton(self.tr("&New case…"))
        self.case_info = QLabel()
        self.case_info.setWordWrap(True)
        self.start_from_combo = QComboBox()
        self.title_edit = QLineEdit()
        self.title_edit.setPlaceholderText(self.tr("Optional, for example “Follow-up circle”"))

        self.templates_model = TemplatesModel(templates)
        self.templates_view = QListView()
        self.templates_view.setModel(self.templates_model)
        self.templates_view.setItemDelegate(TemplateDelegate(self.templates_view))
        self.templates_view.setResizeMode(QListView.ResizeMode.Adjust)
        self.templates_view.setVerticalScrollMode(QListView.ScrollMode.ScrollPerPixel)
        self.templates_view.setAlternatingRowColors(True)

        self.continue_button = QPushButton(self.tr("&Continue: people and seats"))
        self.continue_button.setDefault(True)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.status = InlineMessage()

        self._build_layout()
        self.new_case_button.clicked.connect(self._on_new_case_clicked)
        self.case_combo.currentIndexChanged.connect(self._on_case_changed)
        self.templates_view.selectionModel().currentChanged.connect(self._update)
        self.continue_button.clicked.connect(self.continue_requested)
        self.cancel_button.clicked.connect(self.cancelled)
        self.reload_cases()

    def _build_layout(self) -> None:
        heading = QLabel(self.tr("Set up a session"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)

        case_box = QGroupBox(self.tr("Case"))
        case_row = QHBoxLayout()
        case_row.setSpacing(8)
        case_row.addWidget(self.case_combo, 1)
        case_row.addWidget(self.new_case_button)
        case_layout = QVBoxLayout(case_box)
        case_layout.setSpacing(8)
        case_layout.addLayout(case_row)
        case_layout.addWidget(self.case_info)
        start_label = QLabel(self.tr("&People to start with"))
        start_label.setBuddy(self.start_from_combo)
        case_layout.addWidget(start_label)
        case_layout.addWidget(self.start_from_combo)
        title_label = QLabel(self.tr("Session &title"))
        title_label.setBuddy(self.title_edit)
        case_layout.addWidget(title_label)
        case_layout.addWidget(self.title_edit)
        case_layout.addStretch(1)

        process_box = QGroupBox(self.tr("Process"))
        process_layout = QVBoxLayout(process_box)
        process_layout.setSpacing(8)
        process_layout.addWidget(self.templates_view, 1)

        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.addWidget(case_box, 0, 0)
        grid.addWidget(process_box, 0, 1)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 3)

        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        buttons.addWidget(self.status, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.continue_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(16)
        layout.addWidget(heading)
        layout.addLayout(grid, 1)
        layout.addLayout(buttons)

    # ------------------------------------------------------------------ state

    def reload_cases(self, select_id: str = "") -> None:
        """Read the cases again and select ``select_id`` (or keep the current one)."""
        chosen = self.chosen_case()
        current = select_id or (chosen.id if chosen is not None else "")
        self._cases = self._store.list_cases()
        self.case_combo.blockSignals(True)
        self.case_combo.clear()
        self.case_combo.addItem(self.tr("Choose a case…"), "")
        for case in self._cases:
            label = case.reference
            if case.referral_source:
                label = self.tr("{reference} (from {source})").format(
                    reference=case.reference, source=case.referral_source
                )
            self.case_combo.addItem(label, case.id)
        row = self.case_combo.findData(current) if current else 0
        self.case_combo.setCurrentIndex(max(row, 0))
        self.case_combo.blockSignals(False)
        self._on_case_changed()

    def chosen_case(self) -> Case | None:
        """The case chosen, if any."""
        case_id = self.case_combo.currentData()
        return next((c for c in self._cases if c.id == case_id), None)

    def chosen_template(self) -> ProcessTemplate | None:
        """The template chosen, if any."""
        index = self.templates_view.currentIndex()
        return self.templates_model.template_at(index.row()) if index.isValid() else None

    def choose_template(self, template_id: str) -> None:
        """Select the template with this id (if it is offered)."""
        row = self.templates_model.row_of(template_id)
        if row >= 0:
            self.templates_view.selectionModel().setCurrentIndex(
                self.templates_model.index(row, 0),
                QItemSelectionModel.SelectionFlag.ClearAndSelect,
            )

    def copy_from(self) -> str:
        """The earlier session whose people to copy ("" for nobody)."""
        return str(self.start_from_combo.currentData() or "")

    def title(self) -> str:
        """The session title typed (may be empty)."""
        return self.title_edit.text().strip()

    def _on_case_changed(self) -> None:
        case = self.chosen_case()
        self.start_from_combo.clear()
        self.start_from_combo.addItem(self.tr("Nobody yet"), "")
        self._previous = []
        if case is not None:
            self._previous = [s for s in self._store.list_sessions() if s.case_id == case.id]
            for s in self._previous:
                self.start_from_combo.addItem(
                    self.tr("The {count} people of “{session}”").format(
                        count=s.participant_count, session=session_label(s)
                    ),
                    s.id,
                )
            if self._previous:
                self.start_from_combo.setCurrentIndex(1)
                template_ids = [
                    self._store.get_session(s.id).template.id for s in self._previous[:1]
                ]
                self.choose_template(template_ids[0])
            sessions = len(self._previous)
            source = case.referral_source or self.tr("not recorded")
            self.case_info.setText(
                self.tr("Referred by: {source}. Earlier sessions: {count}.").format(
                    source=source, count=sessions
                )
            )
        else:
            self.case_info.setText(self.tr("Choose a case, or open a new one."))
        self.start_from_combo.setEnabled(bool(self._previous))
        self._update()

    def _update(self) -> None:
        template = self.chosen_template()
        self.continue_button.setEnabled(self.chosen_case() is not None and template is not None)

    def _on_new_case_clicked(self) -> None:
        dialog = CaseDialog(self._store.add_case, self)
        self.case_dialog = dialog
        dialog.finished.connect(lambda _result: self._on_case_dialog_finished(dialog))
        dialog.open()

    def _on_case_dialog_finished(self, dialog: CaseDialog) -> None:
        self.case_dialog = None
        dialog.deleteLater()
        if dialog.stored is not None:
            self.reload_cases(dialog.stored.id)


def session_label(s: SessionSummary) -> str:
    """A short label for an earlier session: its title or process, and its date."""
    when = s.started_at or s.created_at
    date = when.astimezone().strftime("%Y-%m-%d") if when else ""
    name = s.title or s.template_name
    return f"{name}, {date}" if date else name
