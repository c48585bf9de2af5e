"""Check boxes in a list that stay visible on dark palettes.

Some styles (Fusion among them) outline an item view's check box with a shade of the window
colour, which all but vanishes on a dark base. This delegate lets the style draw the item as
usual, then draws the box again in the same place in the text colour, so a tick is always seen.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRectF, Qt
from PySide6.QtGui import QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

_Index = QModelIndex | QPersistentModelIndex


class CheckDelegate(QStyledItemDelegate):
    """The style's item, with a check box outlined in the palette's text colour."""

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Draw the item, then the check box on top of the style's own."""
        super().paint(painter, option, index)
        state = index.data(Qt.ItemDataRole.CheckStateRole)
        if state is None:
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        widget = option.widget
        style = widget.style() if widget is not None else QApplication.style()
        box = QRectF(
            style.subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, opt, widget)
        ).adjusted(1.5, 1.5, -1.5, -1.5)
        palette = option.palette
        checked = Qt.CheckState(state) == Qt.CheckState.Checked
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Text), 1.5))
        painter.setBrush(
            palette.color(QPalette.ColorRole.Highlight)
            if checked
            else palette.color(QPalette.ColorRole.Base)
        )
        painter.drawRoundedRect(box, 2.5, 2.5)
        if checked:
            tick = QPainterPath(QPointF(box.left() + box.width() * 0.22, box.center().y()))
            tick.lineTo(box.left() + box.width() * 0.42, box.bottom() - box.height() * 0.25)
            tick.lineTo(box.right() - box.width() * 0.2, box.top() + box.height() * 0.25)
            painter.setPen(QPen(palette.color(QPalette.ColorRole.HighlightedText), 2))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(tick)
        painter.restore()
