"""Drawing the seating plan: seats, the keeper's badge, the outer ring and the side legend.

Colours come from the palette, so the plan reads on light and dark windows alike; only the side
accents are fixed hues, chosen to stand out on both, and they never carry text.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen

from facilitator.domain.case import Participant
from facilitator.domain.roles import DEFAULT_SIDE, Side
from ui.setup.labels import role_label
from ui.setup.seat_layout import MARGIN, MAX_CHIP_WIDTH, SeatLayout

#: Accent colours for each side: mid-lightness hues that stand out on light and dark windows
#: alike. They colour borders and dots only; text always uses the palette's own colour.
SIDE_COLOURS: dict[Side, QColor] = {
    Side.HARMED: QColor(64, 132, 224),
    Side.RESPONSIBLE: QColor(226, 140, 48),
    Side.COMMUNITY: QColor(46, 164, 96),
    Side.PROCESS: QColor(150, 110, 230),
    Side.NEUTRAL: QColor(140, 140, 140),
}


def _tr(text: str) -> str:
    return QCoreApplication.translate("SeatArranger", text)


class SeatPainter:
    """Draws one frame of the plan with ``painter`` in ``palette``'s colours.

    Args:
        painter: An active painter on the arranger.
        palette: The arranger's palette.
        layout: Where everything goes.
    """

    def __init__(self, painter: QPainter, palette: QPalette, layout: SeatLayout) -> None:
        self.painter = painter
        self.palette = palette
        self.layout = layout

    def circle(self, hint: str) -> None:
        """The circle itself, with ``hint`` in the middle."""
        p = self.painter
        center, radius, _size = self.layout.geometry(len(self.layout.seated))
        p.setPen(QPen(self.palette.color(QPalette.ColorRole.Mid), 2))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawEllipse(center, radius, radius)
        p.setPen(self.palette.color(QPalette.ColorRole.PlaceholderText))
        p.setFont(self.layout.small_font)
        box = QRectF(0, 0, radius * 1.2, radius * 0.8)
        box.moveCenter(center)
        p.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, hint)

    def target(self, mid: QPointF) -> None:
        """A dashed ring where a dragged seat would land."""
        pen = QPen(self.palette.color(QPalette.ColorRole.Highlight), 2, Qt.PenStyle.DashLine)
        self.painter.setPen(pen)
        self.painter.setBrush(Qt.BrushStyle.NoBrush)
        size = self.layout.chip_height * 0.6
        self.painter.drawEllipse(mid, size, size)

    def outer_ring(self) -> None:
        """The ring's caption, and a drop zone when nobody sits there."""
        p = self.painter
        ring = self.layout.outer_ring_rect()
        p.setPen(self.palette.color(QPalette.ColorRole.WindowText))
        p.setFont(self.layout.font)
        p.drawText(
            ring,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            _tr("Outer ring (silent, no turns)"),
        )
        if any(person.seat is None for person in self.layout.people):
            return
        zone = ring.adjusted(0, self.layout.line_height + MARGIN / 2, 0, 0)
        zone.setWidth(min(zone.width(), MAX_CHIP_WIDTH * 2))
        p.setPen(QPen(self.palette.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawRoundedRect(zone, 8, 8)
        p.setPen(self.palette.color(QPalette.ColorRole.PlaceholderText))
        p.setFont(self.layout.small_font)
        p.drawText(zone, Qt.AlignmentFlag.AlignCenter, _tr("Drag an observer here to unseat them"))

    def chip(self, person: Participant, rect: QRectF, *, selected: bool, keeper_badge: str) -> None:
        """One seat: the spoken name, the role below it, the side as the border colour.

        Args:
            person: Who sits there.
            rect: Where.
            selected: Drawn in the highlight colours.
            keeper_badge: The badge text if this is the keeper, else "".
        """
        p = self.painter
        role = QPalette.ColorRole
        side = person.side or DEFAULT_SIDE[person.role]
        p.setPen(QPen(SIDE_COLOURS[side], 3 if keeper_badge else 2))
        p.setBrush(self.palette.color(role.Highlight if selected else role.Base))
        p.drawRoundedRect(rect, 8, 8)
        inner = rect.adjusted(8, 5, -8, -5)
        p.setPen(self.palette.color(role.HighlightedText if selected else role.Text))
        self._line(person.spoken_name, self.layout.name_font, inner, top=True)
        self._line(role_label(person.role), self.layout.small_font, inner, top=False)
        if keeper_badge:
            self._badge(rect, keeper_badge)

    def _line(self, text: str, font: QFont, inner: QRectF, *, top: bool) -> None:
        metrics = QFontMetricsF(font)
        elided = metrics.elidedText(text, Qt.TextElideMode.ElideRight, inner.width())
        y = inner.top() if top else inner.bottom() - metrics.height()
        self.painter.setFont(font)
        self.painter.drawText(
            QRectF(inner.left(), y, inner.width(), metrics.height()),
            Qt.AlignmentFlag.AlignHCenter
            | (Qt.AlignmentFlag.AlignTop if top else Qt.AlignmentFlag.AlignBottom),
            elided,
        )

    def _badge(self, chip: QRectF, text: str) -> None:
        p = self.painter
        font = QFont(self.layout.small_font)
        font.setBold(True)
        width = min(QFontMetricsF(font).horizontalAdvance(text) + 12, chip.width())
        height = self.layout.badge_height
        badge = QRectF(chip.center().x() - width / 2, chip.top() - height + 2, width, height)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.palette.color(QPalette.ColorRole.Highlight))
        p.drawRoundedRect(badge, height / 2, height / 2)
        p.setPen(self.palette.color(QPalette.ColorRole.HighlightedText))
        p.setFont(font)
        p.drawText(badge, Qt.AlignmentFlag.AlignCenter, text)

    def legend(self) -> None:
        """One line naming the side colours."""
        p = self.painter
        metrics = QFontMetricsF(self.layout.small_font)
        p.setFont(self.layout.small_font)
        y = self.layout.legend_top()
        x = MARGIN
        labels = {
            Side.HARMED: _tr("Harmed side"),
            Side.RESPONSIBLE: _tr("Responsible side"),
            Side.COMMUNITY: _tr("Community"),
            Side.PROCESS: _tr("Process"),
            Side.NEUTRAL: _tr("Neutral"),
        }
        dot = metrics.height() * 0.5
        for side, label in labels.items():
            p.setPen(Qt.PenStyle.NoPen)
            p.setBrush(SIDE_COLOURS[side])
            p.drawEllipse(QPointF(x + dot / 2, y + metrics.height() / 2), dot / 2, dot / 2)
            x += dot + 4
            p.setPen(self.palette.color(QPalette.ColorRole.WindowText))
            p.drawText(QPointF(x, y + metrics.ascent()), label)
            x += metrics.horizontalAdvance(label) + 16
