"""The history page: every session of the store, filtered and sorted, one click from its review."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.agreements.status import AgreementStatus
from facilitator.storage.errors import StoreError
from facilitator.storage.history_types import HistoryColumn, HistoryFilter, HistorySource
from ui.history.history_model import HistoryModel
from ui.history.labels import agreement_label, agreement_status_label

#: The earliest day the date fields offer; showing it means "any day".
_ANY_DAY = QDate(2000, 1, 1)
#: How long typing in the case field pauses before the list follows, in milliseconds.
_TYPING_PAUSE_MS = 250


class HistoryView(QWidget):
    """Filter bar, the session table and the way to a session's review.

    Args:
        history: Where the list comes from: ``store.history``, or the early reader while the
            store opens (then pass ``opening=True`` and call :meth:`use_source` later).
        opening: The store is still opening: the list shows, sorting and filtering wait.
        parent: Qt owner.
    """

    open_session_requested = Signal(str)
    """A session to review (its id)."""
    back_requested = Signal()
    items_export_requested = Signal()
    """Every agreement item as CSV (offered once :meth:`enable_exports` was called)."""
    statistics_export_requested = Signal()
    """The program statistics for funders (offered once :meth:`enable_exports` was called)."""

    def __init__(
        self, history: HistorySource, *, opening: bool = False, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._history = history
        self._opening = opening
        self.model = HistoryModel(history, self)

        heading = QLabel(self.tr("History"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setBold(True)
        heading.setFont(font)

        self._build_filters()
        self.count_label = QLabel()
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        self.table = self._build_table()
        self.open_button = QPushButton(self.tr("Review session"))
        self.open_button.setDefault(True)
        self.open_button.setEnabled(False)
        self.back_button = QPushButton(self.tr("Back"))
        self.back_button.setToolTip(self.tr("Back to the sessions (Alt+Left)"))
        self.export_button = QToolButton()
        self.export_button.setText(self.tr("Export"))
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.export_button.hide()

        self._typing = QTimer(self)
        self._typing.setSingleShot(True)
        self._typing.setInterval(_TYPING_PAUSE_MS)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        layout.addWidget(heading)
        layout.addLayout(self._filter_bar())
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.back_button)
        buttons.addWidget(self.count_label)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        buttons.addWidget(self.open_button)
        layout.addLayout(buttons)

        self._connect()
        self._fill_processes()
        self._enable_ordering(not opening)
        self.model.reload()
        # Keyboard first: the page's focus is the table, so arrows and Enter work at once.
        self.setFocusProxy(self.table)

    # ------------------------------------------------------------------ building

    def _build_filters(self) -> None:
        self.from_edit = self._date_edit(self.tr("From"))
        self.to_edit = self._date_edit(self.tr("To"))
        self.process_combo = QComboBox()
        self.process_combo.setAccessibleName(self.tr("Process"))
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName(self.tr("Agreement"))
        self.status_combo.addItem(self.tr("Any agreement status"), "")
        for status in (None, *AgreementStatus):
            self.status_combo.addItem(agreement_status_label(status), status or "none")
        self.case_edit = QLineEdit()
        self.case_edit.setPlaceholderText(self.tr("Case reference contains…"))
        self.case_edit.setClearButtonEnabled(True)
        self.case_edit.setAccessibleName(self.tr("Case reference"))

    def _date_edit(self, name: str) -> QDateEdit:
        edit = QDateEdit()
        edit.setCalendarPopup(True)
        edit.setMinimumDate(_ANY_DAY)
        edit.setSpecialValueText(self.tr("any day"))
        edit.setDate(_ANY_DAY)
        edit.setDisplayFormat("yyyy-MM-dd")
        edit.setAccessibleName(name)
        return edit

    def _filter_bar(self) -> QHBoxLayout:
        bar = QHBoxLayout()
        bar.setSpacing(8)
        for label, field in (
            (self.tr("From"), self.from_edit),
            (self.tr("to"), self.to_edit),
            (self.tr("Process"), self.process_combo),
            (self.tr("Agreement"), self.status_combo),
        ):
            text = QLabel(label)
            text.setBuddy(field)
            bar.addWidget(text)
            bar.addWidget(field)
            bar.addSpacing(8)
        bar.addWidget(self.case_edit, 1)
        return bar

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setModel(self.model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        # Fixed row heights and column widths: sizing to contents would read every row, and the
        # model holds ids so that it never has to.
        rows = table.verticalHeader()
        rows.setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        rows.setDefaultSectionSize(table.fontMetrics().height() + 12)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)
        # Wide enough for the longest words each column shows.
        samples = {
            HistoryColumn.DATE: self.tr("{when} (unfinished)").format(when="2026-12-31 23:59"),
            HistoryColumn.CASE: "RJ-2026-00000",
            HistoryColumn.PROCESS: "Victim-offender dialogue",
            HistoryColumn.PARTICIPANTS: self.tr("People"),
            HistoryColumn.AGREEMENT: agreement_label(AgreementStatus.LOCKED, 2),
        }
        metrics = table.fontMetrics()
        for column, text in samples.items():
            width = max(metrics.horizontalAdvance(text), metrics.horizontalAdvance("M" * 5))
            table.setColumnWidth(self.model.COLUMNS.index(column), width + 24)
        table.setSortingEnabled(False)
        header.setSortIndicatorShown(True)
        header.setSectionsClickable(True)
        header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
        return table

    def _connect(self) -> None:
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._on_sort_changed)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().selectionChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._on_model_reset)
        self.model.failed.connect(self._show_message)
        self.open_button.clicked.connect(self._on_open_clicked)
        self.back_button.clicked.connect(self.back_requested)
        self.from_edit.dateChanged.connect(self._apply_filter)
        self.to_edit.dateChanged.connect(self._apply_filter)
        self.process_combo.currentIndexChanged.connect(self._apply_filter)
        self.status_combo.currentIndexChanged.connect(self._apply_filter)
        self.case_edit.textChanged.connect(self._typing.start)
        self._typing.timeout.connect(self._apply_filter)

    def _fill_processes(self) -> None:
        self.process_combo.blockSignals(True)
        chosen = self.process_combo.currentData()
        self.process_combo.clear()
        self.process_combo.addItem(self.tr("All processes"), "")
        try:
            processes = self._history.list_processes()
        except StoreError as exc:
            processes = []
            self._show_message(str(exc))
        for process in processes:
            self.process_combo.addItem(process.name, process.template_id)
        found = self.process_combo.findData(chosen) if chosen else -1
        self.process_combo.setCurrentIndex(max(found, 0))
        self.process_combo.blockSignals(False)

    # ------------------------------------------------------------------ public

    @property
    def opening(self) -> bool:
        """Whether the list was read early and the store is still opening."""
        return self._opening

    def use_source(self, history: HistorySource) -> None:
        """The store is open: read from ``history`` now, and offer sorting and filtering.

        The chosen session stays chosen and in view.
        """
        chosen = self.selected_session()
        self._history = history
        self._opening = False
        self._fill_processes()
        self._enable_ordering(True)
        self.model.set_source(history)
        if chosen is not None:
            self._select(chosen)
        self._update_buttons()

    def refresh(self) -> None:
        """Read the list again (sessions may have been added or changed since)."""
        self._fill_processes()
        self.model.reload()

    def enable_exports(self) -> None:
        """Offer the exports (the window calls this once the export dialogs are available)."""
        if self.export_button.menu() is not None:
            return
        menu = QMenu(self.export_button)
        items = QAction(self.tr("Agreement items as CSV…"), menu)
        items.triggered.connect(self.items_export_requested)
        statistics = QAction(self.tr("Program statistics…"), menu)
        statistics.triggered.connect(self.statistics_export_requested)
        menu.addAction(items)
        menu.addAction(statistics)
        self.export_button.setMenu(menu)
        self.export_button.show()

    def current_filter(self) -> HistoryFilter:
        """The filter the bar describes."""
        status = self.status_combo.currentData()
        statuses: frozenset[AgreementStatus | None] = frozenset()
        if status == "none":
            statuses = frozenset({None})
        elif status:
            statuses = frozenset({AgreementStatus(status)})
        process = self.process_combo.currentData()
        return HistoryFilter(
            date_from=_day_of(self.from_edit),
            date_to=_day_of(self.to_edit),
            template_ids=frozenset({process}) if process else frozenset(),
            agreement_statuses=statuses,
            case_text=self.case_edit.text().strip(),
        )

    def selected_session(self) -> str | None:
        """The id of the selected session, if one is selected."""
        rows = self.table.selectionModel().selectedRows()
        return self.model.session_id_at(rows[0].row()) if rows else None

    # ------------------------------------------------------------------ slots

    def _enable_ordering(self, enabled: bool) -> None:
        # Sorting and filtering are the store's work; the early list has the default order only.
        for field in (self.from_edit, self.to_edit, self.process_combo, self.status_combo):
            field.setEnabled(enabled)
        self.case_edit.setEnabled(enabled)
        self.table.horizontalHeader().setSectionsClickable(enabled)
        self.export_button.setEnabled(enabled)
        waiting = self.tr("Sorting and filtering are offered once the store is open.")
        self.table.horizontalHeader().setToolTip("" if enabled else waiting)

    def _apply_filter(self) -> None:
        self._typing.stop()
        chosen = self.selected_session()
        self.model.set_filter(self.current_filter())
        if chosen is not None:
            self._select(chosen)

    def _on_sort_changed(self, section: int, order: Qt.SortOrder) -> None:
        if self._opening:
            # Only the default order until the store is open: keep the arrow saying so.
            header = self.table.horizontalHeader()
            header.blockSignals(True)
            header.setSortIndicator(0, Qt.SortOrder.DescendingOrder)
            header.blockSignals(False)
            return
        chosen = self.selected_session()
        self.model.sort(section, order)
        if chosen is not None:
            self._select(chosen)

    def _select(self, session_id: str) -> None:
        row = self.model.row_of(session_id)
        if row is not None:
            self.table.selectRow(row)
            self.table.scrollTo(self.model.index(row, 0))

    def _on_model_reset(self) -> None:
        count = self.model.rowCount()
        if count:
            # Something is always chosen, so Enter opens a session straight away.
            self.table.selectRow(0)
        text = self.tr("%n session(s)", "", count)
        if self._opening:
            text = self.tr("{sessions}, opening the store…").format(sessions=text)
        self.count_label.setText(text)
        self._update_buttons()

    def _show_message(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()

    def _update_buttons(self) -> None:
        # The review reads the store: it waits for it like sorting does.
        self.open_button.setEnabled(not self._opening and self.selected_session() is not None)

    def _on_open_clicked(self) -> None:
        chosen = self.selected_session()
        if chosen is not None:
            self.open_session_requested.emit(chosen)

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_session_requested.emit(self.model.session_id_at(index.row()))


def _day_of(edit: QDateEdit) -> date | None:
    day = edit.date()
    return None if day == _ANY_DAY else date(day.year(), day.month(), day.day())
