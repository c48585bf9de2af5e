"""The history list as a table model that holds only session ids and reads rows a page at a time.

Sorting and filtering are the database's work: a new sort or filter asks the store for the ids
again (:meth:`facilitator.storage.history.HistoryStore.ids`). While the store opens, the list
can come from the early reader (:mod:`facilitator.storage.early_history`), and
:meth:`HistoryModel.set_source` hands it over to the store. The rows on screen are read in pages
of :data:`PAGE` ids when first painted and kept in a small cache, so 10,000 sessions cost a list
of ids and a few pages, never 10,000 rows.
"""

from __future__ import annotations

from collections import OrderedDict

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from facilitator.domain.session import SessionStatus
from facilitator.storage.errors import StoreError
from facilitator.storage.history_types import (
    HistoryColumn,
    HistoryFilter,
    HistoryRow,
    HistorySort,
    HistorySource,
)
from ui.history.labels import agreement_label, date_label, outcome_label

_Index = QModelIndex | QPersistentModelIndex

#: Rows read from the store at once.
PAGE = 100
#: Pages kept in memory; the least recently painted goes first.
MAX_PAGES = 20
_ALIGN_RIGHT = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


class HistoryModel(QAbstractTableModel):
    """Sessions of the store: date, case, process, people, agreement, outcome.

    Args:
        history: Where the ids and rows come from (``store.history``, or the early reader).
        parent: Qt owner.
    """

    COLUMNS: tuple[HistoryColumn, ...] = (
        HistoryColumn.DATE,
        HistoryColumn.CASE,
        HistoryColumn.PROCESS,
        HistoryColumn.PARTICIPANTS,
        HistoryColumn.AGREEMENT,
        HistoryColumn.OUTCOME,
    )
    SessionIdRole = Qt.ItemDataRole.UserRole + 1

    #: The store could not be read; a message safe to show.
    failed = Signal(str)

    def __init__(self, history: HistorySource, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._history = history
        self._filter = HistoryFilter()
        self._sort = HistorySort()
        self._ids: list[str] = []
        self._pages: OrderedDict[int, dict[str, HistoryRow]] = OrderedDict()

    # ------------------------------------------------------------------ what is listed

    @property
    def history_filter(self) -> HistoryFilter:
        """The filter the list shows."""
        return self._filter

    @property
    def history_sort(self) -> HistorySort:
        """The order the list shows."""
        return self._sort

    @property
    def cached_pages(self) -> int:
        """How many pages of rows are in memory (never more than :data:`MAX_PAGES`)."""
        return len(self._pages)

    def set_source(self, history: HistorySource) -> None:
        """Read from ``history`` from now on (the store, once open), and list the ids again."""
        self._history = history
        self.reload()

    def set_filter(self, history_filter: HistoryFilter) -> None:
        """List only the sessions that pass ``history_filter``."""
        self._filter = history_filter
        self.reload()

    def reload(self) -> None:
        """Ask the store for the ids again (after a change, a filter or a sort)."""
        try:
            ids = self._history.ids(self._filter, self._sort)
        except StoreError as exc:
            ids = []
            self.failed.emit(str(exc))
        self.beginResetModel()
        self._ids = ids
        self._pages.clear()
        self.endResetModel()

    def session_id_at(self, row: int) -> str:
        """The session id of ``row``."""
        return self._ids[row]

    def row_of(self, session_id: str) -> int | None:
        """The row of ``session_id`` in the list, if it is listed."""
        try:
            return self._ids.index(session_id)
        except ValueError:
            return None

    def history_row(self, row: int) -> HistoryRow | None:
        """What ``row`` shows (read from the store if its page is not in memory)."""
        page = row // PAGE
        rows = self._pages.get(page)
        if rows is None:
            rows = self._load(page)
        else:
            self._pages.move_to_end(page)
        return rows.get(self._ids[row])

    # ------------------------------------------------------------------ the model

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """See QAbstractItemModel."""
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """See QAbstractItemModel."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """See QAbstractItemModel."""
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        titles = {
            HistoryColumn.DATE: self.tr("Date"),
            HistoryColumn.CASE: self.tr("Case"),
            HistoryColumn.PROCESS: self.tr("Process"),
            HistoryColumn.PARTICIPANTS: self.tr("People"),
            HistoryColumn.AGREEMENT: self.tr("Agreement"),
            HistoryColumn.OUTCOME: self.tr("Case outcome"),
        }
        return titles[self.COLUMNS[section]]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Rows are selectable and never edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """See QAbstractItemModel."""
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        column = self.COLUMNS[index.column()]
        if role == self.SessionIdRole:
            return self._ids[index.row()]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _ALIGN_RIGHT if column is HistoryColumn.PARTICIPANTS else None
        row = None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            row = self.history_row(index.row())
        if row is None:
            return None
        if role == Qt.ItemDataRole.ToolTipRole:
            return row.title or None
        return self._display(row, column)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        """Sort by ``column`` in the database, and list the ids in the new order."""
        if not 0 <= column < len(self.COLUMNS):
            return
        self._sort = HistorySort(self.COLUMNS[column], order == Qt.SortOrder.DescendingOrder)
        self.reload()

    # ------------------------------------------------------------------ internals

    def _display(self, row: HistoryRow, column: HistoryColumn) -> object:
        if column is HistoryColumn.DATE:
            return self._date_text(row)
        shown: dict[HistoryColumn, object] = {
            HistoryColumn.CASE: row.case_reference,
            HistoryColumn.PROCESS: row.process_name,
            HistoryColumn.PARTICIPANTS: row.participant_count,
            HistoryColumn.AGREEMENT: agreement_label(row.agreement_status, row.agreement_version),
            HistoryColumn.OUTCOME: outcome_label(row.case_outcome),
        }
        return shown[column]

    def _date_text(self, row: HistoryRow) -> str:
        when = date_label(row.when)
        if row.status is SessionStatus.PLANNED:
            return self.tr("{when} (planned)").format(when=when)
        if row.status is SessionStatus.RUNNING:
            return self.tr("{when} (unfinished)").format(when=when)
        return when

    def _load(self, page: int) -> dict[str, HistoryRow]:
        ids = self._ids[page * PAGE : (page + 1) * PAGE]
        try:
            rows = {r.session_id: r for r in self._history.rows(ids)}
        except StoreError as exc:
            # Kept empty until the next reload, so one failure is reported once, not per paint.
            rows = {}
            self.failed.emit(str(exc))
        self._pages[page] = rows
        while len(self._pages) > MAX_PAGES:
            self._pages.popitem(last=False)
        return rows
