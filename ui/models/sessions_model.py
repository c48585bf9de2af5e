"""A table of sessions for the session list."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from facilitator.domain.session import SessionStatus, SessionSummary

_Index = QModelIndex | QPersistentModelIndex


class SessionsModel(QAbstractTableModel):
    """Rows of :class:`SessionSummary`: date, process, status, people, case reference."""

    COLUMNS = ("date", "process", "status", "people", "case")

    def __init__(
        self, sessions: Sequence[SessionSummary] = (), parent: QObject | None = None
    ) -> None:
        super().__init__(parent)
        self._rows: list[SessionSummary] = list(sessions)

    def set_sessions(self, sessions: Sequence[SessionSummary]) -> None:
        """Replace all rows."""
        self.beginResetModel()
        self._rows = list(sessions)
        self.endResetModel()

    def session_at(self, row: int) -> SessionSummary:
        """The session shown in ``row``."""
        return self._rows[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """See QAbstractItemModel."""
        return 0 if parent.isValid() else len(self._rows)

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
            "date": self.tr("Date"),
            "process": self.tr("Process"),
            "status": self.tr("Status"),
            "people": self.tr("People"),
            "case": self.tr("Case"),
        }
        return titles[self.COLUMNS[section]]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """See QAbstractItemModel."""
        if not index.isValid() or role != Qt.ItemDataRole.DisplayRole:
            return None
        row = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if column == "date":
            when = row.started_at or row.created_at
            return when.astimezone().strftime("%Y-%m-%d %H:%M") if when else ""
        if column == "process":
            return row.template_name
        if column == "status":
            return {
                SessionStatus.PLANNED: self.tr("Planned"),
                SessionStatus.RUNNING: self.tr("Unfinished"),
                SessionStatus.ENDED: self.tr("Ended"),
            }[row.status]
        if column == "people":
            return row.participant_count
        return row.case_reference
