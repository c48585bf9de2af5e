"""A read-only tree of text rows, built at once and replaced as a whole.

The follow-up screens show small trees (groups, items, entries) rebuilt from one store read;
this model holds them as plain nodes addressed by an integer id, so no Python object is ever
handed to Qt as a pointer.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QStyle

_Index = QModelIndex | QPersistentModelIndex

#: The node's payload (a domain object) on every column.
PAYLOAD_ROLE = Qt.ItemDataRole.UserRole + 1
#: The node's kind ("section", "group", "item", "entry"...) on every column.
KIND_ROLE = Qt.ItemDataRole.UserRole + 2
#: The text of the row's button, on the button column; "" when the row has none.
ACTION_ROLE = Qt.ItemDataRole.UserRole + 3


@dataclass(slots=True)
class Node:
    """One row of the tree.

    Attributes:
        cells: The text of each column, from the first.
        kind: What the row is, for the view to decide what a click means.
        payload: The domain object behind the row, if any.
        bold: Whether the row's text is bold (headings).
        warn: Whether the row shows a warning icon (overdue).
        tooltip: A longer text for the row.
        action: The text of the row's button (in the last column), "" for none.
        children: Rows under this one.
    """

    cells: Sequence[str]
    kind: str = ""
    payload: object = None
    bold: bool = False
    warn: bool = False
    tooltip: str = ""
    action: str = ""
    children: list[Node] = field(default_factory=list)


class TreeModel(QAbstractItemModel):
    """A tree of :class:`Node` rows under fixed column headers; the last column holds buttons.

    Args:
        headers: The column titles (already translated).
        parent: Qt owner.
    """

    def __init__(self, headers: Sequence[str], parent: Any = None) -> None:
        super().__init__(parent)
        self._headers = tuple(headers)
        # Node id -> (node, parent id, row); a parent id of -1 is the invisible root.
        self._nodes: list[tuple[Node, int, int]] = []
        self._children: dict[int, list[int]] = {-1: []}
        self._bold = QFont()
        self._bold.setBold(True)
        self._warning = QApplication.style().standardIcon(
            QStyle.StandardPixmap.SP_MessageBoxWarning
        )

    def set_roots(self, roots: Sequence[Node]) -> None:
        """Show ``roots`` (with their children) instead of the current rows."""
        self.beginResetModel()
        self._nodes = []
        self._children = {-1: []}
        self._add(roots, -1)
        self.endResetModel()

    def _add(self, nodes: Sequence[Node], parent_id: int) -> None:
        for row, node in enumerate(nodes):
            node_id = len(self._nodes)
            self._nodes.append((node, parent_id, row))
            self._children[parent_id].append(node_id)
            self._children[node_id] = []
            self._add(node.children, node_id)

    def node(self, index: _Index) -> Node | None:
        """The row at ``index`` (``None`` for an invalid index)."""
        if not index.isValid():
            return None
        return self._nodes[index.internalId()][0]

    def indexes(self, parent: _Index = QModelIndex()) -> list[QModelIndex]:  # noqa: B008
        """The first-column index of every row under ``parent``, depth first."""
        found: list[QModelIndex] = []
        for row in range(self.rowCount(parent)):
            child = self.index(row, 0, parent)
            found.append(child)
            found.extend(self.indexes(child))
        return found

    def _id(self, parent: _Index) -> int:
        return parent.internalId() if parent.isValid() else -1

    def index(self, row: int, column: int, parent: _Index = QModelIndex()) -> QModelIndex:  # noqa: B008
        """The index of a row and column under ``parent``."""
        if parent.isValid() and parent.column() != 0:
            return QModelIndex()
        children = self._children.get(self._id(parent), [])
        if not (0 <= row < len(children) and 0 <= column < len(self._headers)):
            return QModelIndex()
        return self.createIndex(row, column, children[row])

    def parent(self, index: _Index = QModelIndex()) -> QModelIndex:  # type: ignore[override]  # noqa: B008
        """The parent of ``index`` (invalid for a top row)."""
        if not index.isValid():
            return QModelIndex()
        _node, parent_id, _row = self._nodes[index.internalId()]
        if parent_id < 0:
            return QModelIndex()
        return self.createIndex(self._nodes[parent_id][2], 0, parent_id)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """How many rows are under ``parent`` (only the first column has children)."""
        if parent.isValid() and parent.column() != 0:
            return 0
        return len(self._children.get(self._id(parent), []))

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """As many columns as headers."""
        return len(self._headers)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        """Column titles."""
        if orientation is not Qt.Orientation.Horizontal or role != Qt.ItemDataRole.DisplayRole:
            return None
        return self._headers[section] if 0 <= section < len(self._headers) else None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Rows can be selected, never edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Text, bold headings, warning icons, tooltips, and the row's payload and button."""
        node = self.node(index)
        if node is None:
            return None
        column = index.column()
        button = column == len(self._headers) - 1 and bool(node.action)
        if role == Qt.ItemDataRole.DisplayRole:
            return "" if button else _cell(node, column)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return node.action if button else _cell(node, column)
        values: dict[int, Any] = {
            Qt.ItemDataRole.ToolTipRole: node.tooltip or None,
            Qt.ItemDataRole.FontRole: self._bold if node.bold else None,
            Qt.ItemDataRole.DecorationRole: self._warning if column == 0 and node.warn else None,
            PAYLOAD_ROLE: node.payload,
            KIND_ROLE: node.kind,
            ACTION_ROLE: node.action if button else "",
        }
        return values.get(role)


def _cell(node: Node, column: int) -> str:
    return node.cells[column] if column < len(node.cells) else ""
