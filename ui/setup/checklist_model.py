"""The template's preparation checklist as a list of checkable items."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt, Signal

_Index = QModelIndex | QPersistentModelIndex


class ChecklistModel(QAbstractListModel):
    """Checklist items (text) with a tick each.

    Ticking an item changes the model and emits :attr:`ticked_changed` with the whole checklist;
    whoever stores it calls :meth:`set_items` again if storing failed.
    """

    ticked_changed = Signal(dict)

    def __init__(self) -> None:
        super().__init__()
        self._items: list[str] = []
        self._ticked: dict[str, bool] = {}

    def set_items(self, items: Sequence[str], ticked: Mapping[str, bool]) -> None:
        """Show ``items`` in order, each ticked as ``ticked`` says (unticked if not given)."""
        self.beginResetModel()
        self._items = list(dict.fromkeys(items))
        self._ticked = {item: bool(ticked.get(item, False)) for item in self._items}
        self.endResetModel()

    def checklist(self) -> dict[str, bool]:
        """Item text -> ticked, in order."""
        return dict(self._ticked)

    def ticked_count(self) -> int:
        """How many items are ticked."""
        return sum(self._ticked.values())

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """See QAbstractItemModel."""
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """See QAbstractItemModel."""
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return item
        if role == Qt.ItemDataRole.CheckStateRole:
            ticked = self._ticked[item]
            return Qt.CheckState.Checked if ticked else Qt.CheckState.Unchecked
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """See QAbstractItemModel."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemIsUserCheckable
            | Qt.ItemFlag.ItemNeverHasChildren
        )

    def setData(  # noqa: N802 - Qt API
        self, index: _Index, value: object, role: int = Qt.ItemDataRole.EditRole
    ) -> bool:
        """Tick or untick an item (only the check state is editable)."""
        if role != Qt.ItemDataRole.CheckStateRole or not index.isValid():
            return False
        if not 0 <= index.row() < len(self._items):
            return False
        state = value if isinstance(value, Qt.CheckState) else Qt.CheckState(int(value))  # type: ignore[call-overload]
        item = self._items[index.row()]
        ticked = state == Qt.CheckState.Checked
        if self._ticked[item] == ticked:
            return True
        self._ticked[item] = ticked
        self.dataChanged.emit(index, index, [Qt.ItemDataRole.CheckStateRole])
        self.ticked_changed.emit(self.checklist())
        return True
