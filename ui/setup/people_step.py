"""The second step of setting up: people and consent, seats, the checklist, and Start.

This module builds the widgets and shows a :class:`PlannedSession` in them;
:class:`ui.setup.setup_view.SetupView` reacts to them and makes the changes.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMenu,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.case import Participant
from facilitator.domain.process import Direction, ProcessKind
from ui.setup.check_delegate import CheckDelegate
from ui.setup.checklist_model import ChecklistModel
from ui.setup.inline_message import InlineMessage
from ui.setup.participants_model import ParticipantsModel
from ui.setup.planned_session import PlannedSession
from ui.setup.seat_arranger import SeatArranger
from ui.setup.seating import can_sit_out


class PeopleStep(QWidget):
    """People with their consent, the seating plan, the preparation checklist, and Start."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel()
        font = self.heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        self.heading.setFont(font)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.subheading = QLabel()
        self.subheading.setTextFormat(Qt.TextFormat.PlainText)
        self.subheading.setWordWrap(True)
        self._make_people_widgets()
        self._make_seat_widgets()
        self._make_bottom_widgets()
        self._build_layout()

    # ------------------------------------------------------------------ showing

    def show_session(self, planned: PlannedSession) -> None:
        """Show the session's heading and checklist (then :meth:`show_people`)."""
        template = planned.template
        self.heading.setText(
            self.tr("{reference}: {process}").format(
                reference=planned.case.reference, process=template.name
            )
        )
        self.subheading.setText(planned.info.title or template.description)
        self.checklist_model.set_items(template.checklist, planned.info.checklist)

    def show_people(self, planned: PlannedSession) -> None:
        """Show the people, their seats and consent, and whether the session may start."""
        readiness = planned.readiness()
        template = planned.template
        self.participants_model.set_people(planned.people, planned.consented(), readiness.keeper_id)
        if template.direction is Direction.CLOCKWISE:
            hint = self.tr("The piece goes clockwise, starting next to the person who leads.")
        else:
            hint = self.tr(
                "The piece goes counterclockwise, starting next to the person who leads."
            )
        circle = template.kind is ProcessKind.CIRCLE
        self.arranger.set_people(
            planned.people,
            readiness.keeper_id,
            keeper_badge=self.tr("Keeper") if circle else self.tr("Leads"),
            direction_hint=hint,
        )
        self.start_button.setEnabled(readiness.ready)
        self.reason_label.setText(
            readiness.reasons[0] if readiness.reasons else self.tr("Ready to start")
        )
        self.reason_label.setToolTip("\n".join(readiness.reasons))
        self.checklist_count.setText(
            self.tr("{ticked} of {total} ticked").format(
                ticked=self.checklist_model.ticked_count(), total=self.checklist_model.rowCount()
            )
        )

    def update_buttons(self, person: Participant | None, *, can_record_consent: bool) -> None:
        """Enable what can be done for the selected ``person``."""
        for button in (self.edit_button, self.remove_button):
            button.setEnabled(person is not None)
        for button in (self.keeper_button, self.co_keeper_button):
            button.setEnabled(person is not None and person.participation.present)
        may_sit_out = person is not None and can_sit_out(person)
        self.outer_button.setEnabled(may_sit_out)
        unseated = may_sit_out and person is not None and person.seat is None
        self.outer_button.setText(
            self.tr("Sea&t in the circle") if unseated else self.tr("&Outer ring")
        )
        self.consent_button.setEnabled(can_record_consent)

    # ------------------------------------------------------------------ building

    def _make_people_widgets(self) -> None:
        self.participants_model = ParticipantsModel()
        self.table = QTableView()
        self.table.setModel(self.participants_model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setAlternatingRowColors(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self.add_button = QPushButton(self.tr("&Add person…"))
        self.edit_button = QPushButton(self.tr("&Edit…"))
        self.remove_button = QPushButton(self.tr("Re&move"))
        self.consent_button = QPushButton(self.tr("Record &consent…"))
        self.copy_button = QPushButton(self.tr("Copy &people from…"))
        self.copy_menu = QMenu(self.copy_button)
        self.copy_button.setMenu(self.copy_menu)
        self.checklist_model = ChecklistModel()
        self.checklist_view = QListView()
        self.checklist_view.setModel(self.checklist_model)
        self.checklist_view.setItemDelegate(CheckDelegate(self.checklist_view))
        self.checklist_view.setWordWrap(True)
        self.checklist_view.setSpacing(2)
        self.checklist_count = QLabel()

    def _make_seat_widgets(self) -> None:
        self.arranger = SeatArranger()
        self.keeper_button = QPushButton(self.tr("Mark &keeper"))
        self.co_keeper_button = QPushButton(self.tr("Mark co-keepe&r"))
        self.outer_button = QPushButton(self.tr("&Outer ring"))
        self.seat_hint = QLabel(
            self.tr("Drag a seat to move it; Ctrl+arrow keys move the selected person.")
        )
        self.seat_hint.setWordWrap(True)

    def _make_bottom_widgets(self) -> None:
        self.status = InlineMessage()
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.reason_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        reason_font = self.reason_label.font()
        reason_font.setBold(True)
        self.reason_label.setFont(reason_font)
        self.close_button = QPushButton(self.tr("C&lose (everything is saved)"))
        self.start_button = QPushButton(self.tr("&Start the session"))
        start_font = self.start_button.font()
        start_font.setPointSizeF(start_font.pointSizeF() * 1.15)
        start_font.setBold(True)
        self.start_button.setFont(start_font)
        self.start_button.setMinimumHeight(40)

    def _build_layout(self) -> None:
        left = QSplitter(Qt.Orientation.Vertical)
        left.setChildrenCollapsible(False)
        left.addWidget(self._people_box())
        left.addWidget(self._checklist_box())
        left.setStretchFactor(0, 1)
        left.setStretchFactor(1, 1)

        body = QSplitter(Qt.Orientation.Horizontal)
        body.setChildrenCollapsible(False)
        body.addWidget(left)
        body.addWidget(self._seats_box())
        body.setStretchFactor(0, 5)
        body.setStretchFactor(1, 4)
        self.body = body

        bottom = QHBoxLayout()
        bottom.setSpacing(12)
        bottom.addWidget(self.close_button)
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.reason_label, 1)
        bottom.addWidget(self.start_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addWidget(self.heading)
        layout.addWidget(self.subheading)
        layout.addWidget(body, 1)
        layout.addLayout(bottom)

    def _people_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("People and consent"))
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.add_button, self.edit_button, self.remove_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.consent_button)
        layout = QVBoxLayout(box)
        layout.setSpacing(8)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)
        return box

    def _checklist_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Preparation checklist"))
        layout = QVBoxLayout(box)
        layout.setSpacing(8)
        layout.addWidget(self.checklist_view, 1)
        layout.addWidget(self.checklist_count)
        return box

    def _seats_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Seats"))
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        for button in (self.keeper_button, self.co_keeper_button, self.outer_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        layout = QVBoxLayout(box)
        layout.setSpacing(8)
        layout.addWidget(self.arranger, 1)
        layout.addLayout(buttons)
        layout.addWidget(self.seat_hint)
        return box
