"""Draws a search result: its heading on one line, the snippet with the matches marked below."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFontMetrics,
    QPainter,
    QPalette,
    QTextDocument,
)
from PySide6.QtWidgets import QAbstractItemView, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.search.results_model import HEADING_ROLE, HIT_ROLE, snippet_html

_Index = QModelIndex | QPersistentModelIndex
_PAD = 8
_GAP = 4


def mark_style(palette: QPalette, *, selected: bool) -> str:
    """The CSS of a matching word: bold on a tint of the highlight colour.

    On a selected row the whole row already has the highlight colour, so the words are bold and
    underlined instead.
    """
    if selected:
        return "font-weight:700; text-decoration:underline;"
    base = palette.color(QPalette.ColorRole.Base)
    mark = palette.color(QPalette.ColorRole.Highlight)
    # A tint, so the text keeps its own colour and contrast on light and dark palettes.
    tint = QColor.fromRgbF(
        base.redF() + (mark.redF() - base.redF()) * 0.35,
        base.greenF() + (mark.greenF() - base.greenF()) * 0.35,
        base.blueF() + (mark.blueF() - base.blueF()) * 0.35,
    )
    return f"font-weight:700; background-color:{tint.name()};"


class HitDelegate(QStyledItemDelegate):
    """Two-part rows: the heading (muted) and the snippet as rich text, wrapped."""

    def _document(self, option: QStyleOptionViewItem, index: _Index, width: int) -> QTextDocument:
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultFont(option.font)
        doc.setTextWidth(width)
        hit = index.data(HIT_ROLE)
        if hit is not None:
            doc.setHtml(snippet_html(hit, mark_style(option.palette, selected=selected)))
        return doc

    def _text_width(self, option: QStyleOptionViewItem) -> int:
        view = option.widget
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 480
        # Spacing and the frame come off the viewport too; a wider hint would scroll sideways.
        return max(width - 2 * _PAD - 8, 120)

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:  # noqa: N802 - Qt API
        """Tall enough for the heading and the whole wrapped snippet."""
        width = self._text_width(option)
        doc = self._document(option, index, width)
        height = QFontMetrics(option.font).height() + _GAP + round(doc.size().height())
        return QSize(width, height + 2 * _PAD)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        """Selection background from the style, then the heading and the snippet."""
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        widget = option.widget
        style = widget.style() if widget is not None else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect: QRect = option.rect.adjusted(_PAD, _PAD, -_PAD, -_PAD)
        line = QFontMetrics(option.font).height()
        painter.save()
        muted = palette.color(text_role if selected else QPalette.ColorRole.PlaceholderText)
        painter.setPen(muted)
        painter.setFont(option.font)
        painter.drawText(
            QRect(rect.left(), rect.top(), rect.width(), line),
            int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
            QFontMetrics(option.font).elidedText(
                str(index.data(HEADING_ROLE) or ""), Qt.TextElideMode.ElideRight, rect.width()
            ),
        )
        doc = self._document(option, index, rect.width())
        painter.translate(QPointF(rect.left(), rect.top() + line + _GAP))
        context = QAbstractTextDocumentLayout.PaintContext()
        context.palette.setColor(QPalette.ColorRole.Text, palette.color(text_role))
        context.clip = QRectF(0, 0, rect.width(), rect.height() - line - _GAP)
        doc.documentLayout().draw(painter, context)
        painter.restore()
