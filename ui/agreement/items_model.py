"""The agreement's items as a table: what, who, by when, monitored by, and any weak-item hint."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from facilitator.agreements.lifecycle import weak_item_hints
from facilitator.agreements.model import AgreementItem

_Index = QModelIndex | QPersistentModelIndex

WHAT, WHO, DUE, MONITOR, HINTS = range(5)


def _tr(text: str) -> str:
    return QCoreApplication.translate("ItemsModel", text)


class ItemsModel(QAbstractTableModel):
    """Read-only rows of agreement items; the editor changes them through :meth:`set_items`.

    Args:
        name_of: Participant id -> the name to show (an unknown id shows as empty).
        parent: Qt owner.
    """

    def __init__(self, name_of: Callable[[str], str], parent: Any = None) -> None:
        super().__init__(parent)
        self._items: tuple[AgreementItem, ...] = ()
        self._name_of = name_of

    def set_items(self, items: Sequence[AgreementItem]) -> None:
        """Show ``items`` instead of the current rows."""
        self.beginResetModel()
        self._items = tuple(items)
        self.endResetModel()

    def item_at(self, row: int) -> AgreementItem:
        """The item shown in ``row``."""
        return self._items[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """Number of items (a table has no children)."""
        return 0 if parent.isValid() else len(self._items)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """What, who, by when, monitored by, hints."""
        return 0 if parent.isValid() else 5

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        titles = (_tr("What"), _tr("Who"), _tr("By when"), _tr("Monitored by"), _tr("Check"))
        return titles[section] if 0 <= section < len(titles) else None

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Cell text; the hints column also gives the full hints as a tooltip."""
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(item, column)
        if role == Qt.ItemDataRole.ToolTipRole and column == HINTS:
            hints = weak_item_hints(item)
            return "\n".join(_tr(h.message) for h in hints) if hints else None
        return None

    def _text(self, item: AgreementItem, column: int) -> str | None:
        if column == WHAT:
            return f"{_tr(item.kind.label)}: {item.description}"
        if column == WHO:
            return self._name_of(item.responsible_id) if item.responsible_id else ""
        if column == DUE:
            return item.due.isoformat() if item.due else ""
        if column == MONITOR:
            return item.monitor
        if column == HINTS:
            count = len(weak_item_hints(item))
            return _tr("{count} hint(s)").format(count=count) if count else _tr("OK")
        return None
