"""Where the seating plan puts everything: the circle, each seat, the outer ring, the legend.

A :class:`SeatLayout` is computed for one widget size, font and list of people; the arranger
builds a fresh one whenever it paints or hit-tests, so it can never be stale.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QFont, QFontMetricsF

from facilitator.domain.case import Participant
from ui.setup.seating import can_sit_out, seated_order

#: Seat value meaning "the outer ring".
OUTER_RING = -1

MARGIN = 8.0
MAX_CHIP_WIDTH = 168.0
MIN_CHIP_WIDTH = 72.0


@dataclass(frozen=True, slots=True)
class Chip:
    """One person's place on screen."""

    pid: str
    rect: QRectF
    seated: bool


def seat_fonts(base: QFont) -> tuple[QFont, QFont]:
    """The bold font for names and the smaller one for roles and captions."""
    name_font = QFont(base)
    name_font.setBold(True)
    small = QFont(base)
    small.setPointSizeF(max(base.pointSizeF() * 0.85, 7.0))
    return name_font, small


class SeatLayout:
    """The geometry of the seating plan in a ``width`` x ``height`` widget.

    Args:
        people: The people in the room (seated ones in the circle, the others in the ring).
        width: Widget width in pixels.
        height: Widget height in pixels.
        font: The widget's font.
    """

    def __init__(
        self, people: Sequence[Participant], width: float, height: float, font: QFont
    ) -> None:
        self.people = list(people)
        self.seated = seated_order(self.people)
        self.width = width
        self.height = height
        self.font = font
        self.name_font, self.small_font = seat_fonts(font)
        self.line_height = QFontMetricsF(font).height()
        self.small_height = QFontMetricsF(self.small_font).height()
        self.chip_height = QFontMetricsF(self.name_font).height() + self.small_height + 14.0
        self.badge_height = self.small_height + 2.0

    @property
    def has_outer_ring(self) -> bool:
        """Whether the ring is drawn: kept while any observer is in the room."""
        return any(p.seat is None or can_sit_out(p) for p in self.people)

    def circle_area(self) -> QRectF:
        """The room the circle of seats may use."""
        # Room above for the keeper's badge, which sits on top of their seat.
        top = MARGIN + self.badge_height
        bottom = self.small_height + MARGIN
        if self.has_outer_ring:
            bottom += self.chip_height + self.line_height + 2 * MARGIN
        return QRectF(MARGIN, top, self.width - 2 * MARGIN, self.height - top - MARGIN - bottom)

    def outer_ring_rect(self) -> QRectF:
        """The outer ring's area, caption included (empty when there is none)."""
        if not self.has_outer_ring:
            return QRectF()
        top = self.circle_area().bottom() + MARGIN
        bottom = self.legend_top() - MARGIN
        return QRectF(MARGIN, top, self.width - 2 * MARGIN, bottom - top)

    def legend_top(self) -> float:
        """Where the line of side colours starts."""
        return self.height - MARGIN - self.small_height

    def geometry(self, n: int) -> tuple[QPointF, float, QSizeF]:
        """Centre, radius and chip size for a circle of ``n`` seats."""
        n = max(n, 1)
        area = self.circle_area()
        width = MAX_CHIP_WIDTH
        radius = 0.0
        # The chip width depends on the room between neighbours, which depends on the radius,
        # which depends on the chip width: two passes settle it.
        for _ in range(2):
            radius = max(
                min((area.width() - width) / 2, (area.height() - self.chip_height) / 2), 24
            )
            chord = 2 * radius * math.sin(math.pi / n) if n > 1 else MAX_CHIP_WIDTH
            width = max(MIN_CHIP_WIDTH, min(MAX_CHIP_WIDTH, chord - 8))
        return area.center(), radius, QSizeF(width, self.chip_height)

    def slot_center(self, seat: int, count: int | None = None) -> QPointF:
        """The middle of seat ``seat`` in a circle of ``count`` seats (the current number)."""
        n = max(count if count is not None else len(self.seated), 1)
        center, radius, _size = self.geometry(n)
        angle = -math.pi / 2 + 2 * math.pi * seat / n
        return QPointF(center.x() + radius * math.cos(angle), center.y() + radius * math.sin(angle))

    def chip_size(self) -> QSizeF:
        """The size of a seat in the circle as it is now."""
        return self.geometry(len(self.seated))[2]

    def chips(self) -> list[Chip]:
        """Every person's place: the circle clockwise from the top, then the outer ring."""
        chips: list[Chip] = []
        size = self.chip_size()
        for i, p in enumerate(self.seated):
            chips.append(Chip(p.id, centered(self.slot_center(i), size), seated=True))
        outer = [p for p in self.people if p.seat is None]
        if outer:
            top = self.outer_ring_rect().top() + self.line_height + MARGIN / 2
            width = min(MAX_CHIP_WIDTH, (self.width - 2 * MARGIN) / len(outer) - MARGIN)
            width = max(width, 48.0)
            for i, p in enumerate(outer):
                x = MARGIN + i * (width + MARGIN)
                chips.append(Chip(p.id, QRectF(x, top, width, self.chip_height), seated=False))
        return chips

    def chip_at(self, pos: QPointF) -> Chip | None:
        """The place under ``pos``, if any."""
        for chip in reversed(self.chips()):
            if chip.rect.contains(pos):
                return chip
        return None

    def drop_target(self, pid: str, pos: QPointF) -> int | None:
        """The seat a drop at ``pos`` asks for, :data:`OUTER_RING`, or ``None`` for no change."""
        person = next((p for p in self.people if p.id == pid), None)
        if person is None:
            return None
        if pos.y() > self.circle_area().bottom():
            return OUTER_RING if person.seat is not None and can_sit_out(person) else None
        n = max(len(self.seated) + (0 if person.seat is not None else 1), 1)
        center = self.circle_area().center()
        angle = math.atan2(pos.y() - center.y(), pos.x() - center.x())
        step = 2 * math.pi / n
        seat = round(((angle + math.pi / 2) % (2 * math.pi)) / step) % n
        return None if seat == person.seat else int(seat)


def centered(mid: QPointF, size: QSizeF) -> QRectF:
    """A rectangle of ``size`` centred on ``mid``."""
    rect = QRectF(0, 0, size.width(), size.height())
    rect.moveCenter(mid)
    return rect
