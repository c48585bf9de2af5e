"""Setting up a session before it starts: case, process, people, consent, seats, checklist.

Everything is stored as it is entered (the store's methods take milliseconds, so they run on
the GUI thread): the session is created once a case and a process are chosen, and every change
to the people, their consent or the checklist is written at once. Closing the app loses nothing;
:meth:`SetupView.load_session` continues where the facilitator stopped.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.process import Direction, ProcessKind, ProcessTemplate
from facilitator.domain.session import SessionInfo, SessionStatus
from facilitator.processes import TemplateSet
from facilitator.storage.store import Store, StoreError
from ui.setup.case_step import CaseStep, session_label
from ui.setup.consent_dialog import ConsentDialog
from ui.setup.participant_dialog import ParticipantDialog
from ui.setup.people_step import PeopleStep
from ui.setup.readiness import Readiness, active_consent, check_start
from ui.setup.seat_arranger import OUTER_RING
from ui.setup.seating import (
    can_sit_out,
    copy_people,
    mark_co_keeper,
    mark_keeper,
    move_seat,
    normalise_seats,
    set_seated,
    without,
)


class SetupView(QWidget):
    """The whole set-up of one session, from choosing the case to pressing Start.

    Args:
        store: Where everything is kept.
        templates: The process templates to offer.
        facilitator_name: Default for "recorded by" in the consent dialog.
        parent: The parent widget.

    Signals:
        start_requested(str, str): Start was pressed and the session may start: the session id
            and the keeper's id ("" for a process without a keeper).
        cancelled(): the facilitator left the set-up (what was entered stays stored).
    """

    start_requested = Signal(str, str)
    cancelled = Signal()

    def __init__(
        self,
        store: Store,
        templates: TemplateSet,
        facilitator_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._facilitator_name = facilitator_name
        self._info_sheet_version = ""
        self._session: SessionInfo | None = None
        self._case: Case | None = None
        self._people: list[Participant] = []
        self._consents: list[ConsentRecord] = []
        #: The dialog open over this view, if any (tests drive it; it is never modal-blocking).
        self.dialog: QDialog | None = None

        self.case_step = CaseStep(store, list(templates.templates.values()))
        self.people_step = PeopleStep()
        self._stack = QStackedWidget()
        self._stack.addWidget(self.case_step)
        self._stack.addWidget(self.people_step)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._stack)
        self._connect_signals()

    def _connect_signals(self) -> None:
        self.case_step.continue_requested.connect(self._on_case_step_continue_requested)
        self.case_step.cancelled.connect(self.cancelled)
        step = self.people_step
        step.add_button.clicked.connect(lambda: self.open_participant_dialog(None))
        step.edit_button.clicked.connect(lambda: self.open_participant_dialog(self._selected()))
        step.remove_button.clicked.connect(self._on_remove_clicked)
        step.consent_button.clicked.connect(self._on_consent_clicked)
        step.copy_menu.aboutToShow.connect(self._fill_copy_menu)
        step.table.doubleClicked.connect(self._on_table_double_clicked)
        step.table.selectionModel().currentRowChanged.connect(self._on_table_row_changed)
        step.arranger.selection_changed.connect(self._on_arranger_selection_changed)
        step.arranger.seat_moved.connect(self._on_arranger_seat_moved)
        step.arranger.keeper_marked.connect(self._mark_keeper)
        step.arranger.co_keeper_marked.connect(self._mark_co_keeper)
        step.arranger.edit_requested.connect(self.open_participant_dialog)
        step.keeper_button.clicked.connect(lambda: self._mark_keeper(self._selected()))
        step.co_keeper_button.clicked.connect(lambda: self._mark_co_keeper(self._selected()))
        step.outer_button.clicked.connect(self._on_outer_clicked)
        step.checklist_model.ticked_changed.connect(self._on_checklist_ticked)
        step.start_button.clicked.connect(self._on_start_clicked)
        step.close_button.clicked.connect(self.cancelled)

    # ------------------------------------------------------------------ public

    @property
    def session_id(self) -> str:
        """The session being set up ("" before a case and a process are chosen)."""
        return self._session.id if self._session else ""

    def readiness(self) -> Readiness:
        """Whether the session may start, and why not."""
        if self._session is None:
            return Readiness((self.tr("Choose a case and a process first"),), None, frozenset())
        return check_start(self._session.template, self._people, self._consents)

    def load_session(self, session_id: str) -> bool:
        """Continue setting up a planned session.

        Returns:
            False (with a message shown) if the session cannot be set up: it is not stored, or it
            has already started.
        """
        try:
            info = self._store.get_session(session_id)
            case = self._store.get_case(info.case_id)
        except StoreError as exc:
            self._show_status(str(exc))
            return False
        if info.status is not SessionStatus.PLANNED:
            self._show_status(self.tr("This session has already started; open it to continue."))
            return False
        self._session = info
        self._case = case
        return self._reload()

    # ------------------------------------------------------------------ step 1

    def _on_case_step_continue_requested(self) -> None:
        case = self.case_step.chosen_case()
        template = self.case_step.chosen_template()
        if case is None or template is None:
            return
        try:
            people: list[Participant] = []
            source = self.case_step.copy_from()
            if source:
                people, _skipped = copy_people(self._store.participants(source), [])
            info = self._store.create_session(
                SessionInfo(
                    case_id=case.id,
                    template=template,
                    title=self.case_step.title(),
                    checklist=dict.fromkeys(template.checklist, False),
                ),
                normalise_seats(people),
            )
        except StoreError as exc:
            self._show_status(str(exc))
            return
        self._session = info
        self._case = case
        self._reload()

    # ------------------------------------------------------------------ state

    def _reload(self) -> bool:
        """Read the session's people, consent and checklist again and show them."""
        assert self._session is not None
        try:
            self._session = self._store.get_session(self._session.id)
            self._people = self._store.participants(self._session.id)
            self._consents = self._store.consents(self._session.id)
        except StoreError as exc:
            self._show_status(str(exc))
            return False
        step = self.people_step
        template = self._session.template
        step.heading.setText(
            self.tr("{reference}: {process}").format(
                reference=self._case.reference if self._case else "", process=template.name
            )
        )
        step.subheading.setText(self._session.title or template.description)
        step.checklist_model.set_items(template.checklist, self._session.checklist)
        self._stack.setCurrentWidget(step)
        self._refresh()
        return True

    def _refresh(self) -> None:
        """Show the current people, consent and readiness everywhere."""
        assert self._session is not None
        step = self.people_step
        template = self._session.template
        readiness = self.readiness()
        selected = self._selected()
        consented = active_consent(self._consents).keys()
        step.participants_model.set_people(self._people, consented, readiness.keeper_id)
        step.arranger.set_people(
            self._people,
            readiness.keeper_id,
            keeper_badge=self._keeper_badge(template),
            direction_hint=self._direction_hint(template),
        )
        self._select(selected)
        step.start_button.setEnabled(readiness.ready)
        step.reason_label.setText(
            readiness.reasons[0] if readiness.reasons else self.tr("Ready to start")
        )
        step.reason_label.setToolTip("\n".join(readiness.reasons))
        ticked = step.checklist_model.ticked_count()
        step.checklist_count.setText(
            self.tr("{ticked} of {total} ticked").format(
                ticked=ticked, total=step.checklist_model.rowCount()
            )
        )
        self._update_buttons()

    def _update_buttons(self) -> None:
        step = self.people_step
        person = self._person(self._selected())
        has = person is not None
        step.edit_button.setEnabled(has)
        step.remove_button.setEnabled(has)
        step.keeper_button.setEnabled(has)
        step.co_keeper_button.setEnabled(has)
        step.outer_button.setEnabled(person is not None and can_sit_out(person))
        step.outer_button.setText(
            self.tr("Sea&t in the circle")
            if person is not None and person.seat is None and can_sit_out(person)
            else self.tr("&Outer ring")
        )
        step.consent_button.setEnabled(self._consent_target() is not None)

    def _person(self, pid: str) -> Participant | None:
        return next((p for p in self._people if p.id == pid), None)

    def _show_status(self, text: str) -> None:
        if self._stack.currentWidget() is self.case_step:
            self.case_step.status.show_message(text)
        else:
            self.people_step.status.show_message(text)

    def _store_people(self, people: Sequence[Participant]) -> None:
        """Store the people (raises StoreError); on success show them."""
        assert self._session is not None
        people = normalise_seats(people)
        self._store.set_participants(self._session.id, people)
        self._people = list(people)
        self._consents = self._store.consents(self._session.id)
        self.people_step.status.clear()
        self._refresh()

    def _apply(self, people: Sequence[Participant]) -> None:
        """Store a change made without a dialog; on failure say so and show what is stored."""
        try:
            self._store_people(people)
        except StoreError as exc:
            self._reload()
            self._show_status(str(exc))

    # ------------------------------------------------------------------ selection

    def _selected(self) -> str:
        return self.people_step.arranger.selected_id() or self._table_selected()

    def _table_selected(self) -> str:
        index = self.people_step.table.currentIndex()
        if not index.isValid():
            return ""
        return self.people_step.participants_model.participant_at(index.row()).id

    def _select(self, pid: str) -> None:
        step = self.people_step
        row = step.participants_model.row_of(pid) if pid else -1
        if row >= 0 and self._table_selected() != pid:
            step.table.selectRow(row)
        step.arranger.select(pid)
        self._update_buttons()

    def _on_table_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if current.isValid():
            pid = self.people_step.participants_model.participant_at(current.row()).id
            self.people_step.arranger.select(pid)
        self._update_buttons()

    def _on_arranger_selection_changed(self, pid: str) -> None:
        if pid:
            self._select(pid)
        self._update_buttons()

    def _on_table_double_clicked(self, index: QModelIndex) -> None:
        pid = self.people_step.participants_model.participant_at(index.row()).id
        column = self.people_step.participants_model.COLUMNS[index.column()]
        if column == "consent":
            self.open_consent_dialog(pid)
        else:
            self.open_participant_dialog(pid)

    # ------------------------------------------------------------------ people

    def open_participant_dialog(self, pid: str | None) -> None:
        """Open the participant dialog to add someone (``None``) or edit ``pid``."""
        if self._session is None or self.dialog is not None:
            return
        original = self._person(pid) if pid else None
        if pid and original is None:
            return

        def commit(p: Participant) -> None:
            if original is None:
                self._store_people([*self._people, p])
            else:
                self._store_people([p if q.id == p.id else q for q in self._people])
            self._select(p.id)

        self._open(ParticipantDialog(commit, self._people, original, self))

    def _on_remove_clicked(self) -> None:
        person = self._person(self._selected())
        if person is None or self.dialog is not None:
            return
        if person.id not in active_consent(self._consents):
            self._apply(without(self._people, person.id))
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove this person"),
            self.tr("Remove this person from the session? Their consent record is removed too."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        pid = person.id
        box.accepted.connect(lambda: self._apply(without(self._people, pid)))
        self._open(box)

    def _fill_copy_menu(self) -> None:
        menu = self.people_step.copy_menu
        menu.clear()
        if self._session is None:
            return
        try:
            earlier = [
                s
                for s in self._store.list_sessions()
                if s.case_id == self._session.case_id and s.id != self._session.id
            ]
        except StoreError as exc:
            self._show_status(str(exc))
            return
        for s in earlier:
            action = menu.addAction(session_label(s))
            action.triggered.connect(lambda _checked=False, sid=s.id: self.copy_people_from(sid))
        if not earlier:
            menu.addAction(self.tr("No earlier session of this case")).setEnabled(False)

    def copy_people_from(self, session_id: str) -> None:
        """Add copies of the people of an earlier session (consent is never copied)."""
        try:
            people, skipped = copy_people(self._store.participants(session_id), self._people)
        except StoreError as exc:
            self._show_status(str(exc))
            return
        self._apply(people)
        if skipped:
            self.people_step.status.show_message(
                self.tr("{skipped} people were already here and were not copied again.").format(
                    skipped=skipped
                )
            )

    # ------------------------------------------------------------------ consent

    def _consent_target(self) -> str:
        """Whose consent the button records: the selected person, else the first missing."""
        consented = active_consent(self._consents)
        selected = self._person(self._selected())
        if selected is not None:
            return "" if selected.id in consented else selected.id
        missing = [p for p in self._people if p.participation.present and p.id not in consented]
        return missing[0].id if missing else ""

    def _on_consent_clicked(self) -> None:
        pid = self._consent_target()
        if pid:
            self.open_consent_dialog(pid)

    def open_consent_dialog(self, pid: str) -> None:
        """Open the consent dialog for participant ``pid``."""
        person = self._person(pid)
        if self._session is None or person is None or self.dialog is not None:
            return
        session_id = self._session.id
        guardian = self._person(person.guardian_id) if person.guardian_id else None
        guardian_name = guardian.display_name if guardian else person.guardian_name

        def commit(record: ConsentRecord) -> None:
            self._store.record_consent(session_id, record)
            self._consents.append(record)
            self._info_sheet_version = record.info_sheet_version
            self._refresh()

        self._open(
            ConsentDialog(
                person,
                commit,
                recorded_by=self._facilitator_name,
                info_sheet_version=self._info_sheet_version,
                guardian=guardian_name,
                parent=self,
            )
        )

    # ------------------------------------------------------------------ seats

    def _on_arranger_seat_moved(self, pid: str, seat: int) -> None:
        person = self._person(pid)
        if person is None:
            return
        if seat == OUTER_RING:
            self._apply(set_seated(self._people, pid, seated=False))
        elif person.seat is None:
            self._apply(set_seated(self._people, pid, seated=True, at=seat))
        else:
            self._apply(move_seat(self._people, pid, seat))
        self._select(pid)

    def _mark_keeper(self, pid: str) -> None:
        if self._session is not None and self._person(pid) is not None:
            self._apply(mark_keeper(self._people, pid, self._session.template.kind))

    def _mark_co_keeper(self, pid: str) -> None:
        if self._session is not None and self._person(pid) is not None:
            self._apply(mark_co_keeper(self._people, pid, self._session.template.kind))

    def _on_outer_clicked(self) -> None:
        person = self._person(self._selected())
        if person is not None and can_sit_out(person):
            self._apply(set_seated(self._people, person.id, seated=person.seat is None))

    # ------------------------------------------------------------------ checklist and start

    def _on_checklist_ticked(self, checklist: dict[str, bool]) -> None:
        if self._session is None:
            return
        try:
            self._store.set_checklist(self._session.id, checklist)
        except StoreError as exc:
            self._reload()
            self._show_status(str(exc))
            return
        self._refresh()

    def _on_start_clicked(self) -> None:
        if self._session is None:
            return
        if not self._reload():
            return
        readiness = self.readiness()
        if readiness.ready:
            self.start_requested.emit(self._session.id, readiness.keeper_id or "")

    # ------------------------------------------------------------------ dialogs

    def _open(self, dialog: QDialog) -> None:
        """Show ``dialog`` window-modal without blocking, and forget it once it closes."""
        self.dialog = dialog
        dialog.finished.connect(lambda _result: self._on_dialog_finished(dialog))
        dialog.open()

    def _on_dialog_finished(self, dialog: QDialog) -> None:
        if self.dialog is dialog:
            self.dialog = None
        dialog.deleteLater()

    def _keeper_badge(self, template: ProcessTemplate) -> str:
        return self.tr("Keeper") if template.kind is ProcessKind.CIRCLE else self.tr("Leads")

    def _direction_hint(self, template: ProcessTemplate) -> str:
        if template.direction is Direction.CLOCKWISE:
            return self.tr("The piece goes clockwise, starting next to the person who leads.")
        return self.tr("The piece goes counterclockwise, starting next to the person who leads.")
