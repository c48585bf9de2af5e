"""Setting up a session before it starts: case, process, people, consent, seats, checklist.

Everything is stored as it is entered (the store's methods take milliseconds, so they run on
the GUI thread): the session is created once a case and a process are chosen, and every change
to the people, their consent or the checklist is written at once through
:class:`~ui.setup.planned_session.PlannedSession`. Closing the app loses nothing;
:meth:`SetupView.load_session` continues where the facilitator stopped.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import QDialog, QMessageBox, QStackedWidget, QVBoxLayout, QWidget

from facilitator.domain.case import Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.processes import TemplateSet
from facilitator.storage.store import Store, StoreError
from ui.setup.case_step import CaseStep, session_label
from ui.setup.consent_dialog import ConsentDialog
from ui.setup.participant_dialog import ParticipantDialog
from ui.setup.people_step import PeopleStep
from ui.setup.planned_session import PlannedSession
from ui.setup.readiness import Readiness
from ui.setup.seat_arranger import OUTER_RING
from ui.setup.seating import (
    can_sit_out,
    mark_co_keeper,
    mark_keeper,
    move_seat,
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
        self._planned: PlannedSession | None = None
        #: The dialog open over this view, if any (shown with open(), never a blocking exec()).
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
        return self._planned.id if self._planned else ""

    def readiness(self) -> Readiness:
        """Whether the session may start, and why not."""
        if self._planned is None:
            return Readiness((self.tr("Choose a case and a process first"),), None, frozenset())
        return self._planned.readiness()

    def load_session(self, session_id: str) -> bool:
        """Continue setting up a planned session.

        Returns:
            False (with a message shown) if the session cannot be set up: it is not stored, or
            it has already started.
        """
        try:
            planned = PlannedSession.open(self._store, session_id)
        except StoreError as exc:
            self._show_status(str(exc))
            return False
        if not planned.is_planned:
            self._show_status(self.tr("This session has already started; open it to continue."))
            return False
        self._planned = planned
        self._show_planned()
        return True

    # ------------------------------------------------------------------ showing

    def _on_case_step_continue_requested(self) -> None:
        case = self.case_step.chosen_case()
        template = self.case_step.chosen_template()
        if case is None or template is None:
            return
        try:
            self._planned = PlannedSession.create(
                self._store, case, template, self.case_step.title(), self.case_step.copy_from()
            )
        except StoreError as exc:
            self._show_status(str(exc))
            return
        self._show_planned()

    def _show_planned(self) -> None:
        """Show the people step for the session, from what is stored."""
        self.people_step.show_session(self._need_planned())
        self._stack.setCurrentWidget(self.people_step)
        self._refresh()

    def _refresh(self) -> None:
        """Show the current people, consent and readiness everywhere."""
        selected = self._selected()
        self.people_step.show_people(self._need_planned())
        self._select(selected)

    def _update_buttons(self) -> None:
        person = self._planned.person(self._selected()) if self._planned else None
        self.people_step.update_buttons(person, can_record_consent=bool(self._consent_target()))

    def _show_status(self, text: str) -> None:
        if self._stack.currentWidget() is self.case_step:
            self.case_step.status.show_message(text)
        else:
            self.people_step.status.show_message(text)

    def _need_planned(self) -> PlannedSession:
        assert self._planned is not None, "no session is being set up"
        return self._planned

    # ------------------------------------------------------------------ writing

    def _save_people(self, people: Sequence[Participant]) -> None:
        """Store the people (raises StoreError: the dialogs show it); on success show them."""
        self._need_planned().save_people(people)
        self.people_step.status.clear()
        self._refresh()

    def _apply(self, change: Callable[[list[Participant]], list[Participant]]) -> None:
        """Store a change made without a dialog; on failure say so and show what is stored."""
        planned = self._need_planned()
        try:
            self._save_people(change(planned.people))
        except StoreError as exc:
            self._reload_after(exc)

    def _reload_after(self, exc: StoreError) -> None:
        try:
            self._need_planned().reload()
        except StoreError:
            pass  # the first message says what matters; what is shown stays as it was
        else:
            self._refresh()
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
        if self._planned is None or self.dialog is not None:
            return
        planned = self._planned
        original = planned.person(pid)
        if pid and original is None:
            return

        def commit(p: Participant) -> None:
            if original is None:
                self._save_people([*planned.people, p])
            else:
                self._save_people([p if q.id == p.id else q for q in planned.people])
            self._select(p.id)

        self._open(ParticipantDialog(commit, planned.people, original, self))

    def _on_remove_clicked(self) -> None:
        planned = self._need_planned()
        person = planned.person(self._selected())
        if person is None or self.dialog is not None:
            return
        pid = person.id
        if pid not in planned.consented():
            self._apply(lambda people: without(people, pid))
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            self.tr("Remove this person"),
            self.tr("Remove this person from the session? Their consent record is removed too."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            self,
        )
        box.accepted.connect(lambda: self._apply(lambda people: without(people, pid)))
        self._open(box)

    def _fill_copy_menu(self) -> None:
        menu = self.people_step.copy_menu
        menu.clear()
        try:
            earlier = self._need_planned().earlier_sessions()
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
            skipped = self._need_planned().copy_people_from(session_id)
        except StoreError as exc:
            self._reload_after(exc)
            return
        self._refresh()
        if skipped:
            self.people_step.status.show_message(
                self.tr("{skipped} people were already here and were not copied again.").format(
                    skipped=skipped
                )
            )

    # ------------------------------------------------------------------ consent

    def _consent_target(self) -> str:
        """Whose consent the button records: the selected person, else the first missing."""
        if self._planned is None:
            return ""
        consented = self._planned.consented()
        selected = self._planned.person(self._selected())
        if selected is not None:
            return "" if selected.id in consented else selected.id
        missing = self._planned.readiness().missing_consent
        return next((p.id for p in self._planned.people if p.id in missing), "")

    def _on_consent_clicked(self) -> None:
        pid = self._consent_target()
        if pid:
            self.open_consent_dialog(pid)

    def open_consent_dialog(self, pid: str) -> None:
        """Open the consent dialog for participant ``pid``."""
        if self._planned is None or self.dialog is not None:
            return
        planned = self._planned
        person = planned.person(pid)
        if person is None:
            return
        guardian = planned.person(person.guardian_id)

        def commit(record: ConsentRecord) -> None:
            planned.record_consent(record)
            self._info_sheet_version = record.info_sheet_version
            self._refresh()

        self._open(
            ConsentDialog(
                person,
                commit,
                recorded_by=self._facilitator_name,
                info_sheet_version=self._info_sheet_version,
                guardian=guardian.display_name if guardian else person.guardian_name,
                parent=self,
            )
        )

    # ------------------------------------------------------------------ seats

    def _on_arranger_seat_moved(self, pid: str, seat: int) -> None:
        person = self._need_planned().person(pid)
        if person is None:
            return
        if seat == OUTER_RING:
            self._apply(lambda people: set_seated(people, pid, seated=False))
        elif person.seat is None:
            self._apply(lambda people: set_seated(people, pid, seated=True, at=seat))
        else:
            self._apply(lambda people: move_seat(people, pid, seat))
        self._select(pid)

    def _mark_keeper(self, pid: str) -> None:
        planned = self._need_planned()
        if planned.person(pid) is not None:
            self._apply(lambda people: mark_keeper(people, pid, planned.template.kind))

    def _mark_co_keeper(self, pid: str) -> None:
        planned = self._need_planned()
        if planned.person(pid) is not None:
            self._apply(lambda people: mark_co_keeper(people, pid, planned.template.kind))

    def _on_outer_clicked(self) -> None:
        person = self._need_planned().person(self._selected())
        if person is not None and can_sit_out(person):
            pid, seated = person.id, person.seat is None
            self._apply(lambda people: set_seated(people, pid, seated=seated))

    # ------------------------------------------------------------------ checklist and start

    def _on_checklist_ticked(self, checklist: dict[str, bool]) -> None:
        planned = self._need_planned()
        try:
            planned.set_checklist(checklist)
        except StoreError as exc:
            self._reload_after(exc)
            self.people_step.checklist_model.set_items(
                planned.template.checklist, planned.info.checklist
            )
            return
        self._refresh()

    def _on_start_clicked(self) -> None:
        planned = self._need_planned()
        try:
            # Ask the store, not our copy: Start must agree with what the engine will read.
            planned.reload()
        except StoreError as exc:
            self._show_status(str(exc))
            return
        self._refresh()
        readiness = planned.readiness()
        if readiness.ready:
            self.start_requested.emit(planned.id, readiness.keeper_id or "")

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
