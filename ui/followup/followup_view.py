"""The follow-up page: what is overdue and what is due this week, by monitor, across all cases."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from facilitator.agreements.followup import DueItem, FollowUpOverview
from facilitator.engine.clock import Clock
from facilitator.storage.errors import StoreError
from facilitator.storage.store import Store
from ui.followup.labels import day_text, local_today
from ui.followup.overview_tree import ITEM, overview_headers, overview_nodes
from ui.followup.progress_dialog import ProgressDialog, ProgressTarget
from ui.followup.row_button import RowButtonDelegate, set_up_item_tree
from ui.followup.tree_model import KIND_ROLE, PAYLOAD_ROLE, TreeModel
from ui.setup.inline_message import InlineMessage

WHAT, WHEN, CASE, WHO, PROGRESS = range(5)


class FollowUpView(QWidget):
    """Overdue items first, then those due this week, each grouped by monitor, with counts.

    Every item has a "Record progress…" button (one click); Enter or a double-click on an item
    does the same, and "Open session" shows the session it came from.

    Args:
        store: The open store.
        clock: Where "today" comes from.
        facilitator_name: Proposed as who records progress.
        parent: Qt owner.
    """

    open_session_requested = Signal(str)
    """Show the session (its id) that an item's agreement came out of."""
    progress_recorded = Signal(str)
    """Progress was stored on an item of the session with this id."""

    def __init__(
        self,
        store: Store,
        clock: Clock,
        facilitator_name: str = "",
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self._store = store
        self._clock = clock
        self._facilitator_name = facilitator_name
        self.overview: FollowUpOverview | None = None

        heading = QLabel(self.tr("Follow-up"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)
        self.summary_label = QLabel()
        self.summary_label.setWordWrap(True)
        summary_font = self.summary_label.font()
        summary_font.setPointSizeF(summary_font.pointSizeF() * 1.15)
        self.summary_label.setFont(summary_font)
        self.message = InlineMessage()

        self.model = TreeModel(overview_headers(), self)
        self.tree = QTreeView()
        self.delegate = RowButtonDelegate(self.tree)
        self._build_tree()
        self.progress_dialog: ProgressDialog | None = None
        self._shown_once = False

        self.record_button = QPushButton(self.tr("&Record progress…"))
        self.open_button = QPushButton(self.tr("&Open session"))
        self.refresh_button = QPushButton(self.tr("Re&fresh"))
        self.refresh_button.setToolTip(self.tr("Read the store again (F5)"))
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.record_button)
        buttons.addWidget(self.open_button)
        buttons.addStretch(1)
        buttons.addWidget(self.refresh_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.message)
        layout.addWidget(self.tree, 1)
        layout.addLayout(buttons)

        self.record_button.clicked.connect(self._on_record_clicked)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.refresh_button.clicked.connect(self.refresh)
        QShortcut(QKeySequence(QKeySequence.StandardKey.Refresh), self, self.refresh)
        self.delegate.clicked.connect(self._on_row_button_clicked)
        self.tree.activated.connect(self._on_tree_activated)
        self.tree.selectionModel().selectionChanged.connect(self._update_buttons)
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:  # noqa: N802 - Qt API
        """Read the overview again each time the page comes back into view."""
        super().showEvent(event)
        if self._shown_once and not event.spontaneous():
            self.refresh()
        self._shown_once = True

    def _build_tree(self) -> None:
        set_up_item_tree(
            self.tree, self.model, self.delegate, stretch=WHAT, fit=(WHEN, CASE, WHO, PROGRESS)
        )

    # ------------------------------------------------------------------------- reading

    def refresh(self) -> None:
        """Read the overview again for today, keeping the selected item selected."""
        kept = self.selected_item()
        today = local_today(self._clock.wall())
        try:
            self.overview = self._store.followup.overview(today)
        except StoreError as exc:
            self.message.show_message(str(exc))
            return
        self.message.clear()
        self.model.set_roots(overview_nodes(self.overview))
        self.tree.expandAll()
        self._show_summary(self.overview)
        self._select(kept)
        self._update_buttons()

    def _show_summary(self, overview: FollowUpOverview) -> None:
        today = day_text(overview.today)
        if overview.empty:
            text = self.tr("Today is {today}. Nothing is overdue and nothing is due this week.")
            self.summary_label.setText(text.format(today=today))
            return
        self.summary_label.setText(
            self.tr("Today is {today}. {overdue} overdue · {week} due this week").format(
                today=today, overdue=len(overview.overdue), week=len(overview.due_this_week)
            )
        )

    def _select(self, wanted: DueItem | None) -> None:
        indexes = [i for i in self.model.indexes() if i.data(KIND_ROLE) == ITEM]
        if not indexes:
            return
        chosen = indexes[0]
        if wanted is not None:
            chosen = next(
                (i for i in indexes if _same(i.data(PAYLOAD_ROLE), wanted)),
                chosen,
            )
        self.tree.setCurrentIndex(chosen)

    # ------------------------------------------------------------------------- acting

    def selected_item(self) -> DueItem | None:
        """The item of the current row, if the current row is an item."""
        return _item_at(self.tree.currentIndex())

    def record_progress(self, item: DueItem) -> ProgressDialog:
        """Open the progress dialog on ``item`` (window-modal); the list refreshes once saved."""
        dialog = ProgressDialog(
            self._store,
            self._clock,
            ProgressTarget(
                agreement_id=item.agreement_id,
                item=item.item,
                case_reference=item.case_reference,
                responsible_name=item.responsible_name,
            ),
            recorded_by=self._facilitator_name,
            parent=self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self._on_progress_saved(item.session_id))
        dialog.finished.connect(self._on_dialog_finished)
        self.progress_dialog = dialog
        dialog.open()
        return dialog

    def _on_progress_saved(self, session_id: str) -> None:
        self.refresh()
        self.progress_recorded.emit(session_id)

    def _on_dialog_finished(self) -> None:
        self.progress_dialog = None
        self.tree.setFocus()

    def _update_buttons(self) -> None:
        item = self.selected_item()
        self.record_button.setEnabled(item is not None)
        self.open_button.setEnabled(item is not None)

    def _on_record_clicked(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.record_progress(item)

    def _on_open_clicked(self) -> None:
        item = self.selected_item()
        if item is not None:
            self.open_session_requested.emit(item.session_id)

    def _on_row_button_clicked(self, index: QModelIndex) -> None:
        item = _item_at(index)
        if item is not None:
            self.tree.setCurrentIndex(index.siblingAtColumn(WHAT))
            self.record_progress(item)

    def _on_tree_activated(self, index: QModelIndex) -> None:
        item = _item_at(index)
        if item is not None:
            self.record_progress(item)
        elif index.isValid():
            # On a heading, Enter folds or unfolds it.
            first = index.siblingAtColumn(WHAT)
            self.tree.setExpanded(first, not self.tree.isExpanded(first))


def _item_at(index: QModelIndex) -> DueItem | None:
    payload = index.data(PAYLOAD_ROLE) if index.isValid() else None
    return payload if isinstance(payload, DueItem) else None


def _same(payload: object, wanted: DueItem) -> bool:
    return (
        isinstance(payload, DueItem)
        and payload.item.id == wanted.item.id
        and payload.session_id == wanted.session_id
    )
