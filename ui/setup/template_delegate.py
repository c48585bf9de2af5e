"""Draws a process template as its name in bold with its description wrapped below."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

_Index = QModelIndex | QPersistentModelIndex
_PAD = 8
_GAP = 4
_FLAGS = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap)


class TemplateDelegate(QStyledItemDelegate):
    """Two-part rows: the name (DisplayRole) and the description (ToolTipRole)."""

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = option.widget
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 320
        return max(width - 2 * _PAD, 80)

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        name_font = QFont(option.font)
        name_font.setBold(True)
        return name_font, QFont(option.font)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802 - Qt API
        """Tall enough for the name and the whole wrapped description."""
        name_font, text_font = self._fonts(option)
        width = self._text_width(option)
        description = str(index.data(Qt.ItemDataRole.ToolTipRole) or "")
        height = QFontMetrics(name_font).height() + 2 * _PAD
        if description:
            bounds = QFontMetrics(text_font).boundingRect(
                QRect(0, 0, width, 100_000), _FLAGS, description
            )
            height += _GAP + bounds.height()
        return QSize(width + 2 * _PAD, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Selection background from the style, then the two texts in the palette's colours."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect: QRect = option.rect.adjusted(_PAD, _PAD, -_PAD, -_PAD)
        name_font, text_font = self._fonts(option)
        painter.save()
        painter.setPen(option.palette.color(role))
        painter.setFont(name_font)
        name_height = QFontMetrics(name_font).height()
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), name_height),
            _FLAGS,
            str(index.data(Qt.ItemDataRole.DisplayRole) or ""),
        )
        painter.setFont(text_font)
        painter.drawText(
            rect.adjusted(0, name_height + _GAP, 0, 0),
            _FLAGS,
            str(index.data(Qt.ItemDataRole.ToolTipRole) or ""),
        )
        painter.restore()
