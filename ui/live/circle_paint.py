"""How the circle looks: a seat with its role colour and marks, the centre text, the piece.

Everything a seat shows is first gathered in a :class:`SeatLook`; the painter and the words of
:func:`mark_words` (the seat's tooltip and its accessible text) both read it, so they agree.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen

from facilitator.engine.turns import ParticipantStatus
from ui.live.circle_geometry import UNSEATED_STRIP, CircleGeometry
from ui.live.look import mix

_GLYPHS = {
    ParticipantStatus.SPOKE: "\N{CHECK MARK}",
    ParticipantStatus.PASSED: "\N{CLOCKWISE TOP SEMICIRCLE ARROW}",
    ParticipantStatus.LEFT: "\N{MULTIPLICATION SIGN}",
    ParticipantStatus.WITHDRAWN: "\N{MULTIPLICATION SIGN}",
}


@dataclass(frozen=True, slots=True)
class SeatLook:
    """What one seat shows.

    Attributes:
        pid: Participant id.
        name: The spoken name.
        role: The translated role label.
        colour: The role colour for the current palette.
        status: Where they stand in the current round.
        keeper: Whether they are the keeper.
        holder: Whether they hold the piece.
        next_up: Whether "next" would hand them the piece.
        hand: Their place among raised hands (from 1) in open discussion, if raised.
        seated: Whether they have a seat (a statement read out has none).
    """

    pid: str
    name: str
    role: str
    colour: QColor
    status: ParticipantStatus
    keeper: bool
    holder: bool
    next_up: bool
    hand: int | None
    seated: bool

    @property
    def gone(self) -> bool:
        """Whether they left or withdrew consent."""
        return self.status in (ParticipantStatus.LEFT, ParticipantStatus.WITHDRAWN)


def _tr(text: str) -> str:
    return QCoreApplication.translate("CircleView", text)


def mark_words(look: SeatLook) -> list[str]:
    """The seat's marks in words: keeper, spoke, passed, left, withdrew consent, next..."""
    words: list[str] = []
    if look.keeper:
        words.append(_tr("keeper"))
    if not look.seated:
        words.append(_tr("not in the circle"))
    status_words = {
        ParticipantStatus.HOLDING: _tr("holds the piece"),
        ParticipantStatus.SPOKE: _tr("spoke"),
        ParticipantStatus.PASSED: _tr("passed"),
        ParticipantStatus.LEFT: _tr("left"),
        ParticipantStatus.WITHDRAWN: _tr("withdrew consent"),
    }
    if look.status in status_words:
        words.append(status_words[look.status])
    if look.next_up:
        words.append(_tr("next"))
    if look.hand is not None:
        words.append(_tr("hand raised ({n})").format(n=look.hand))
    return words


class CirclePainter:
    """Paints one frame of the circle with a widget's palette and font.

    Args:
        painter: An active painter on the widget.
        palette: The widget's palette.
        font: The widget's font.
        geometry: Where everything goes.
    """

    def __init__(
        self, painter: QPainter, palette: QPalette, font: QFont, geometry: CircleGeometry
    ) -> None:
        self._p = painter
        self._palette = palette
        self._font = font
        self._g = geometry
        self._text = palette.color(QPalette.ColorRole.Text)
        self._faint = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)

    def ring(self) -> None:
        """The circle the seats sit on, and the line above the strip of unseated people."""
        window = self._palette.color(QPalette.ColorRole.Window)
        line = mix(window, self._palette.color(QPalette.ColorRole.WindowText), 0.25)
        self._p.setPen(QPen(line, 2))
        self._p.setBrush(Qt.BrushStyle.NoBrush)
        self._p.drawEllipse(self._g.centre, self._g.ring_r, self._g.ring_r)
        if self._g.has_strip:
            y = self._g.height - UNSEATED_STRIP - 8
            self._p.drawLine(QPointF(16, y), QPointF(self._g.width - 16, y))

    def seat(self, look: SeatLook, *, focused: bool) -> None:
        """One seat: the disc in the role colour, initials, a mark badge, name and marks."""
        c, r = self._g.centres[look.pid], self._g.seat_r
        if look.holder:
            self._p.setPen(QPen(self._palette.color(QPalette.ColorRole.Highlight), 4))
            self._p.setBrush(Qt.BrushStyle.NoBrush)
            self._p.drawEllipse(c, r + 6, r + 6)
        if look.gone:
            self._p.setPen(QPen(self._faint, 2, Qt.PenStyle.DashLine))
            self._p.setBrush(self._palette.color(QPalette.ColorRole.Window))
        else:
            self._p.setPen(QPen(look.colour, 3))
            self._p.setBrush(mix(self._palette.color(QPalette.ColorRole.Base), look.colour, 0.2))
        self._p.drawEllipse(c, r, r)
        if look.keeper:
            self._p.setPen(QPen(look.colour, 1.5))
            self._p.setBrush(Qt.BrushStyle.NoBrush)
            self._p.drawEllipse(c, r - 5, r - 5)
        font = QFont(self._font)
        font.setBold(True)
        font.setPixelSize(max(int(r * 0.7), 10))
        self._p.setFont(font)
        self._p.setPen(self._faint if look.gone else self._text)
        initials = "".join(w[0] for w in look.name.split()[:2]).upper() or "?"
        self._p.drawText(self._g.seat_rect(look.pid), Qt.AlignmentFlag.AlignCenter, initials)
        self._badge(look)
        self._label(look)
        if focused:
            self._p.setPen(QPen(self._text, 1.5, Qt.PenStyle.DotLine))
            self._p.setBrush(Qt.BrushStyle.NoBrush)
            around = self._g.seat_rect(look.pid).adjusted(-4, -4, 4, 4)
            self._p.drawRoundedRect(self._g.label_rect(look.pid).united(around), 6, 6)

    def centre_text(self, lines: list[str]) -> None:
        """A few lines under the middle of the circle (the round, or that the session paused)."""
        width = self._g.ring_r * 1.2
        top = self._g.centre.y() + self._g.piece_r + 12
        metrics = QFontMetricsF(self._font)
        self._p.setFont(self._font)
        self._p.setPen(self._palette.color(QPalette.ColorRole.WindowText))
        for text in lines:
            flags = Qt.AlignmentFlag.AlignHCenter | Qt.TextFlag.TextWordWrap
            height = metrics.boundingRect(QRectF(0, 0, width, 1000), flags, text).height()
            self._p.drawText(
                QRectF(self._g.centre.x() - width / 2, top, width, height), flags, text
            )
            top += height + 2

    def piece(self, point: QPointF, *, set_down: bool) -> None:
        """The talking piece; paler when it is set down in the middle."""
        fill = self._palette.color(QPalette.ColorRole.Highlight)
        if set_down:
            fill = mix(self._palette.color(QPalette.ColorRole.Window), fill, 0.45)
        self._p.setPen(QPen(self._palette.color(QPalette.ColorRole.WindowText), 2))
        self._p.setBrush(fill)
        self._p.drawEllipse(point, self._g.piece_r, self._g.piece_r)

    def _badge(self, look: SeatLook) -> None:
        glyph = str(look.hand) if look.hand is not None else _GLYPHS.get(look.status)
        if glyph is None:
            return
        c, r = self._g.centres[look.pid], self._g.seat_r
        size = max(r * 0.62, 12.0)
        centre = QPointF(c.x() + r * 0.72, c.y() - r * 0.72)
        self._p.setPen(QPen(self._text, 1.5))
        self._p.setBrush(self._palette.color(QPalette.ColorRole.Base))
        self._p.drawEllipse(centre, size / 2 + 2, size / 2 + 2)
        font = QFont(self._font)
        font.setBold(True)
        font.setPixelSize(int(size * 0.8))
        self._p.setFont(font)
        box = QRectF(centre.x() - size / 2, centre.y() - size / 2, size, size)
        self._p.drawText(box, Qt.AlignmentFlag.AlignCenter, glyph)

    def _label(self, look: SeatLook) -> None:
        rect = self._g.label_rect(look.pid)
        top_centre = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop
        name_font = QFont(self._font)
        name_font.setBold(look.holder)
        metrics = QFontMetricsF(name_font)
        self._p.setFont(name_font)
        self._p.setPen(self._palette.color(QPalette.ColorRole.WindowText))
        line = QRectF(rect.left(), rect.top(), rect.width(), metrics.lineSpacing())
        name = metrics.elidedText(look.name, Qt.TextElideMode.ElideRight, rect.width())
        self._p.drawText(line, top_centre, name)
        small = QFont(self._font)
        small.setPointSizeF(max(small.pointSizeF() * 0.85, 7.0))
        small_metrics = QFontMetricsF(small)
        words = ", ".join(mark_words(look) or [look.role])
        caption = small_metrics.elidedText(words, Qt.TextElideMode.ElideRight, rect.width())
        self._p.setFont(small)
        self._p.setPen(self._faint if look.gone else look.colour)
        below = QRectF(rect.left(), line.bottom(), rect.width(), small_metrics.lineSpacing())
        self._p.drawText(below, top_centre, caption)
