"""One session's follow-up: each item's status and dated evidence, the review date, the case."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator.agreements.followup import (
    ItemFollowUp,
    ItemStatus,
    SessionFollowUp,
    suggest_outcome,
)
from facilitator.engine.clock import Clock
from facilitator.storage.errors import StoreError
from facilitator.storage.store import Store
from ui.followup.close_case_dialog import CloseCaseDialog
from ui.followup.items_tree import ITEM, items_headers, items_nodes
from ui.followup.labels import DAY_FORMAT, day_text, local_today, outcome_label, pydate, qdate
from ui.followup.progress_dialog import ProgressDialog, ProgressTarget
from ui.followup.row_button import RowButtonDelegate, set_up_item_tree
from ui.followup.tree_model import KIND_ROLE, PAYLOAD_ROLE, TreeModel
from ui.setup.inline_message import InlineMessage

WHAT, WHEN, STATUS, WHO, PROGRESS = range(5)
#: The review date edit shows "not planned" at this date, its minimum.
NO_DATE = QDate(2000, 1, 1)


class AgreementFollowUpPanel(QWidget):
    """Follow-up of one session's signed agreement, self-contained (reads and writes the store).

    Shows every item of the newest signed version with its status and evidence history, the
    review meeting date (editable, or cleared), and whether the case is open, with "Close
    case…" or "Reopen case".

    Args:
        store: The open store.
        clock: Where "today" and the times recorded come from.
        session_id: The session whose agreement is followed up.
        facilitator_name: Proposed as who records progress.
        parent: Qt owner.
    """

    changed = Signal()
    """Something was stored: progress, the review date, or the case closed or reopened."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        session_id: str,
        facilitator_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._session_id = session_id
        self._facilitator_name = facilitator_name
        self.follow_up: SessionFollowUp | None = None
        self.progress_dialog: ProgressDialog | None = None
        self.close_dialog: CloseCaseDialog | None = None

        heading = QLabel(self.tr("Follow-up"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.25)
        font.setBold(True)
        heading.setFont(font)
        self.agreement_label = QLabel()
        self.agreement_label.setWordWrap(True)
        self.case_label = QLabel()
        self.case_label.setWordWrap(True)
        self.close_button = QPushButton(self.tr("&Close case…"))
        self.reopen_button = QPushButton(self.tr("Reopen c&ase"))
        self.review_edit = QDateEdit()
        self.review_clear = QPushButton(self.tr("C&lear"))
        case_row = self._case_row()
        review_row = self._review_row()

        self.model = TreeModel(items_headers(), self)
        self.tree = QTreeView()
        self.delegate = RowButtonDelegate(self.tree)
        self._build_tree()

        self.record_button = QPushButton(self.tr("&Record progress…"))
        self.message = InlineMessage()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addWidget(heading)
        layout.addWidget(self.agreement_label)
        layout.addLayout(case_row)
        layout.addLayout(review_row)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.message)
        buttons = QHBoxLayout()
        buttons.addWidget(self.record_button)
        buttons.addStretch(1)
        layout.addLayout(buttons)

        self._connect()
        self.refresh()

    def _connect(self) -> None:
        self.record_button.clicked.connect(self._on_record_clicked)
        self.close_button.clicked.connect(self.close_case)
        self.reopen_button.clicked.connect(self._on_reopen_clicked)
        self.review_clear.clicked.connect(self._on_review_cleared)
        self.review_edit.editingFinished.connect(self._on_review_edited)
        self.review_edit.calendarWidget().clicked.connect(self._on_review_edited)
        self.delegate.clicked.connect(self._on_row_button_clicked)
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.selectionModel().selectionChanged.connect(self._update_buttons)

    def _case_row(self) -> QHBoxLayout:
        case_row = QHBoxLayout()
        case_row.setSpacing(8)
        case_row.addWidget(self.case_label, 1)
        case_row.addWidget(self.close_button)
        case_row.addWidget(self.reopen_button)
        return case_row

    def _review_row(self) -> QHBoxLayout:
        self.review_edit.setCalendarPopup(True)
        self.review_edit.setDisplayFormat(DAY_FORMAT)
        self.review_edit.setMinimumDate(NO_DATE)
        self.review_edit.setSpecialValueText(self.tr("Not planned"))
        # The longest day name and month, with room for the popup arrow.
        sample = day_text(date(2026, 9, 30))
        self.review_edit.setMinimumWidth(self.fontMetrics().horizontalAdvance(sample) + 48)
        self.review_clear.setToolTip(self.tr("No review meeting planned"))
        review_label = QLabel(self.tr("Re&view meeting:"))
        review_label.setBuddy(self.review_edit)
        review_row = QHBoxLayout()
        review_row.setSpacing(8)
        review_row.addWidget(review_label)
        review_row.addWidget(self.review_edit)
        review_row.addWidget(self.review_clear)
        review_row.addStretch(1)
        return review_row

    def _build_tree(self) -> None:
        set_up_item_tree(
            self.tree, self.model, self.delegate, stretch=WHAT, fit=(WHEN, STATUS, WHO, PROGRESS)
        )

    # ------------------------------------------------------------------------- reading

    @property
    def recordable(self) -> bool:
        """Whether progress can be recorded now (a signed agreement, and the case open)."""
        f = self.follow_up
        return f is not None and f.agreement_id is not None and not f.case_closed

    def refresh(self) -> None:
        """Read the session's follow-up again."""
        kept = self.selected_item()
        try:
            follow_up = self._store.followup.session_follow_up(self._session_id)
        except StoreError as exc:
            self.message.show_message(str(exc))
            return
        self.follow_up = follow_up
        today = local_today(self._clock.wall())
        self.model.set_roots(items_nodes(follow_up.items, today, recordable=self.recordable))
        self.tree.expandAll()
        self._show_agreement(follow_up)
        self._show_case(follow_up)
        self._show_review(follow_up)
        self._select(kept)
        self._update_buttons()

    def _show_agreement(self, f: SessionFollowUp) -> None:
        if f.agreement_id is None:
            self.agreement_label.setText(
                self.tr("No signed agreement yet: progress is recorded once everyone has signed.")
            )
            return
        settled = sum(i.status in (ItemStatus.DONE, ItemStatus.VERIFIED) for i in f.items)
        if not f.items:
            text = self.tr("Signed agreement, version {version}, with no items.")
        else:
            text = self.tr(
                "Signed agreement, version {version}: {done} of {total} items done or verified."
            )
        self.agreement_label.setText(
            text.format(version=f.agreement_version, done=settled, total=len(f.items))
        )

    def _show_case(self, f: SessionFollowUp) -> None:
        closed_at = f.case.closed_at
        outcome = f.outcome
        if closed_at is None or outcome is None:
            self.case_label.setText(
                self.tr("Case {reference} is open.").format(reference=f.case.reference)
            )
        else:
            self.case_label.setText(
                self.tr("Case {reference} was closed on {day}: {outcome}.").format(
                    reference=f.case.reference,
                    day=day_text(closed_at.astimezone().date()),
                    outcome=outcome_label(outcome),
                )
            )
        self.close_button.setVisible(not f.case_closed)
        self.reopen_button.setVisible(f.case_closed)

    def _show_review(self, f: SessionFollowUp) -> None:
        self.review_edit.blockSignals(True)
        self.review_edit.setDate(qdate(f.review_date) if f.review_date else NO_DATE)
        self.review_edit.blockSignals(False)
        enabled = f.agreement_id is not None
        self.review_edit.setEnabled(enabled)
        self.review_clear.setEnabled(enabled and f.review_date is not None)

    def _select(self, wanted: ItemFollowUp | None) -> None:
        items = [i for i in self.model.indexes() if i.data(KIND_ROLE) == ITEM]
        if not items:
            return
        chosen = items[0]
        if wanted is not None:
            chosen = next((i for i in items if _item_id(i) == wanted.item.id), chosen)
        self.tree.setCurrentIndex(chosen)

    def selected_item(self) -> ItemFollowUp | None:
        """The item of the current row (an evidence row counts as its item)."""
        index = self.tree.currentIndex()
        while index.isValid() and index.data(KIND_ROLE) != ITEM:
            index = index.parent()
        return _item_at(index)

    def _update_buttons(self) -> None:
        self.record_button.setEnabled(self.recordable and self.selected_item() is not None)

    # ------------------------------------------------------------------------- progress

    def record_progress(self, item: ItemFollowUp) -> ProgressDialog | None:
        """Open the progress dialog on ``item`` (window-modal), if progress can be recorded."""
        f = self.follow_up
        if f is None or f.agreement_id is None or not self.recordable:
            return None
        dialog = ProgressDialog(
            self._store,
            self._clock,
            ProgressTarget(
                agreement_id=f.agreement_id,
                item=item.item,
                case_reference=f.case.reference,
                responsible_name=item.responsible_name,
            ),
            recorded_by=self._facilitator_name,
            parent=self,
        )
        self._show_dialog(dialog)
        self.progress_dialog = dialog
        return dialog

    def _on_record_clicked(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.record_progress(item)

    def _on_row_button_clicked(self, index: QModelIndex) -> None:
        item = _item_at(index)
        if item is not None:
            self.tree.setCurrentIndex(index.siblingAtColumn(WHAT))
            self.record_progress(item)

    def _on_tree_activated(self, index: QModelIndex) -> None:
        item = _item_at(index)
        if item is not None:
            self.record_progress(item)

    # ------------------------------------------------------------------------- review date

    def _on_review_edited(self) -> None:
        chosen = self.review_edit.date()
        self._save_review(None if chosen == NO_DATE else pydate(chosen))

    def _on_review_cleared(self) -> None:
        self.review_edit.setDate(NO_DATE)
        self._save_review(None)
        self.review_edit.setFocus()

    def _save_review(self, when: date | None) -> None:
        f = self.follow_up
        if f is None or f.agreement_id is None or when == f.review_date:
            return
        try:
            self._store.followup.set_review_date(f.agreement_id, when, at=self._clock.wall())
        except StoreError as exc:
            self.message.show_message(str(exc))
            return
        self.message.clear()
        self._stored()

    # ------------------------------------------------------------------------- the case

    def close_case(self) -> CloseCaseDialog | None:
        """Open the dialog that closes the case (window-modal), if it is open."""
        f = self.follow_up
        if f is None or f.case_closed:
            return None
        dialog = CloseCaseDialog(
            self._store, self._clock, f.case, suggest_outcome(f.items), parent=self
        )
        self._show_dialog(dialog)
        self.close_dialog = dialog
        return dialog

    def _on_reopen_clicked(self) -> None:
        f = self.follow_up
        if f is None:
            return
        try:
            self._store.followup.reopen_case(f.case.id)
        except StoreError as exc:
            self.message.show_message(str(exc))
            return
        self.message.clear()
        self._stored()
        self.close_button.setFocus()

    # ------------------------------------------------------------------------- dialogs

    def _show_dialog(self, dialog: ProgressDialog | CloseCaseDialog) -> None:
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._stored)
        dialog.finished.connect(self._on_dialog_finished)
        dialog.open()

    def _on_dialog_finished(self) -> None:
        self.progress_dialog = None
        self.close_dialog = None
        self.tree.setFocus()

    def _stored(self) -> None:
        self.refresh()
        self.changed.emit()


def _item_id(index: QModelIndex) -> str | None:
    item = _item_at(index)
    return None if item is None else item.item.id


def _item_at(index: QModelIndex) -> ItemFollowUp | None:
    payload = index.data(PAYLOAD_ROLE) if index.isValid() else None
    return payload if isinstance(payload, ItemFollowUp) else None
