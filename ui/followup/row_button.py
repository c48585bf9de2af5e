"""A push button drawn in a row's last cell: one click on it acts on that row."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QEvent,
    QModelIndex,
    QPersistentModelIndex,
    QSize,
    Signal,
)
from PySide6.QtGui import QMouseEvent, QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionButton,
    QStyleOptionViewItem,
    QTreeView,
)

from ui.followup.tree_model import ACTION_ROLE

_Index = QModelIndex | QPersistentModelIndex

#: Room around the drawn button inside its cell, in pixels.
MARGIN = 4


class RowButtonDelegate(QStyledItemDelegate):
    """Draws the text of :data:`ACTION_ROLE` as a button and reports a click on it.

    Cells without that text are drawn as usual, with a little more room. The keyboard path to
    the same action is the view's ``activated`` signal (Enter on a row), which the views
    connect too.
    """

    clicked = Signal(QModelIndex)
    """The button of the row at this index was clicked."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._pressed: QPersistentModelIndex | None = None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """A button where the row has an action, else the usual cell."""
        text = index.data(ACTION_ROLE)
        if not text:
            super().paint(painter, option, index)
            return
        button = QStyleOptionButton()
        if option.widget is not None:
            # Palette and direction of the view, so the button matches light and dark themes.
            button.initFrom(option.widget)
        button.rect = option.rect.adjusted(MARGIN, MARGIN // 2, -MARGIN, -MARGIN // 2)
        button.text = str(text)
        button.state = QStyle.StateFlag.State_Enabled | QStyle.StateFlag.State_Raised
        if self._pressed is not None and self._pressed == index:
            button.state |= QStyle.StateFlag.State_Sunken
        if option.state & QStyle.StateFlag.State_HasFocus:
            button.state |= QStyle.StateFlag.State_HasFocus
        style = option.widget.style() if option.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_PushButton, button, painter, option.widget)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802
        """Wide and tall enough for the button's text."""
        base = super().sizeHint(option, index)
        text = index.data(ACTION_ROLE)
        if not text:
            # Room to breathe: the lists are read at arm's length.
            return QSize(base.width() + 4 * MARGIN, base.height() + 2 * MARGIN)
        metrics = option.fontMetrics
        width = metrics.horizontalAdvance(str(text)) + 4 * MARGIN + 16
        height = metrics.height() + 3 * MARGIN
        return QSize(max(base.width(), width), max(base.height(), height))

    def editorEvent(  # noqa: N802 - Qt API
        self,
        event: QEvent,
        model: QAbstractItemModel,
        option: QStyleOptionViewItem,
        index: _Index,
    ) -> bool:
        """Press and release on the button click it."""
        if not index.data(ACTION_ROLE) or not isinstance(event, QMouseEvent):
            return super().editorEvent(event, model, option, index)
        inside = option.rect.contains(event.position().toPoint())
        if event.type() == QEvent.Type.MouseButtonPress and inside:
            self._pressed = QPersistentModelIndex(index)
            return True
        if event.type() == QEvent.Type.MouseButtonRelease:
            pressed, self._pressed = self._pressed, None
            if inside and pressed is not None and pressed == index:
                self.clicked.emit(_plain(index))
            return True
        if event.type() == QEvent.Type.MouseButtonDblClick and inside:
            # A quick second click on the button must not also open the row a second time.
            return True
        return super().editorEvent(event, model, option, index)


def _plain(index: _Index) -> QModelIndex:
    if isinstance(index, QModelIndex):
        return index
    return index.model().index(index.row(), index.column(), index.parent())


def set_up_item_tree(
    tree: QTreeView,
    model: QAbstractItemModel,
    delegate: RowButtonDelegate,
    *,
    stretch: int,
    fit: tuple[int, ...],
) -> None:
    """Show ``model`` in ``tree`` the way both follow-up screens do.

    One row at a time is selected whole; a double-click acts on the row (it does not fold it);
    the ``stretch`` column takes the spare width and the ``fit`` columns their contents' width.
    """
    tree.setModel(model)
    tree.setAlternatingRowColors(True)
    tree.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    tree.setExpandsOnDoubleClick(False)
    tree.setItemDelegate(delegate)
    header = tree.header()
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
    for column in fit:
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
