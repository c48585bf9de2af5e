"""Where things go on the circle: seats, their names, and the talking piece on its way.

Plain geometry, computed once per size and seating; the circle view paints and hit-tests with it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF

#: Height of the strip under the circle for people without a seat (a statement read out).
UNSEATED_STRIP = 64.0


@dataclass(frozen=True, slots=True)
class CircleGeometry:
    """Seat centres and sizes for one widget size and one seating.

    Attributes:
        width: Widget width.
        height: Widget height.
        centre: Centre of the circle.
        ring_r: Radius of the ring the seats sit on.
        seat_r: Radius of a seat's disc.
        label_h: Height of the name and mark lines under a disc.
        centres: Seat centre by participant id (unseated people in the strip at the bottom).
        angles: Angle on the ring by participant id (seated people only).
    """

    width: float
    height: float
    centre: QPointF
    ring_r: float
    seat_r: float
    label_h: float
    centres: dict[str, QPointF]
    angles: dict[str, float]

    @classmethod
    def build(
        cls,
        width: float,
        height: float,
        seated: Sequence[str],
        unseated: Sequence[str],
        line_spacing: float,
    ) -> CircleGeometry:
        """Lay out ``seated`` clockwise from the top, and ``unseated`` in a strip at the bottom."""
        strip = UNSEATED_STRIP if unseated else 0.0
        label_h = line_spacing * 2.2
        n = max(len(seated), 1)
        half = max(min(width / 2 - 24, (height - strip - label_h) / 2 - 12), 60.0)
        # The disc shrinks with the number of seats so that neighbours never touch.
        seat_r = max(14.0, min(30.0, half * math.pi / n * 0.42, half * 0.16))
        ring_r = max(half - seat_r - 6, 30.0)
        centre = QPointF(width / 2, (height - strip - label_h) / 2)
        centres: dict[str, QPointF] = {}
        angles: dict[str, float] = {}
        for i, pid in enumerate(seated):
            angle = -math.pi / 2 + 2 * math.pi * i / n
            angles[pid] = angle
            centres[pid] = _on_circle(centre, ring_r, angle)
        for i, pid in enumerate(unseated):
            x = 48 + i * max(seat_r * 2 + 96, 120)
            centres[pid] = QPointF(x, height - strip / 2 - 8)
        return cls(width, height, centre, ring_r, seat_r, label_h, centres, angles)

    @property
    def piece_r(self) -> float:
        """Radius of the talking piece."""
        return max(7.0, self.seat_r * 0.38)

    @property
    def has_strip(self) -> bool:
        """Whether some people are shown in the strip under the circle."""
        return len(self.centres) > len(self.angles)

    def seat_rect(self, pid: str) -> QRectF:
        """The disc of ``pid``'s seat."""
        c, r = self.centres[pid], self.seat_r
        return QRectF(c.x() - r, c.y() - r, 2 * r, 2 * r)

    def label_rect(self, pid: str) -> QRectF:
        """The name and marks under ``pid``'s seat, kept inside the widget."""
        c = self.centres[pid]
        n = max(len(self.angles), 1)
        width = max(min(2 * math.pi * self.ring_r / n - 8, 150.0), 72.0)
        left = min(max(c.x() - width / 2, 2.0), max(self.width - width - 2, 2.0))
        return QRectF(left, c.y() + self.seat_r + 2, width, self.label_h)

    def seat_at(self, pos: QPointF) -> str | None:
        """The participant whose disc or name is at ``pos``, if any."""
        for pid, c in self.centres.items():
            near = math.hypot(pos.x() - c.x(), pos.y() - c.y()) <= self.seat_r + 4
            if near or self.label_rect(pid).contains(pos):
                return pid
        return None

    def piece_at(self, start: str | None, end: str | None, t: float) -> QPointF:
        """The piece ``t`` (0..1) of its way from ``start``'s seat to ``end``'s.

        ``None`` is the middle of the circle (the piece set down). Between two seats the piece
        travels along the circle, the short way round; otherwise in a straight line.
        """
        a0, p0 = self._place(start)
        a1, p1 = self._place(end)
        if t >= 1.0:
            return p1
        if a0 is not None and a1 is not None:
            delta = (a1 - a0 + math.pi) % (2 * math.pi) - math.pi
            return _on_circle(self.centre, self._inset, a0 + delta * t)
        return QPointF(p0.x() + (p1.x() - p0.x()) * t, p0.y() + (p1.y() - p0.y()) * t)

    @property
    def _inset(self) -> float:
        """Radius the piece travels on: inside the seats, towards the middle."""
        return self.ring_r - self.seat_r - self.piece_r - 14

    def _place(self, pid: str | None) -> tuple[float | None, QPointF]:
        if pid is None or pid not in self.centres:
            return None, self.centre
        angle = self.angles.get(pid)
        if angle is None:
            c = self.centres[pid]
            return None, QPointF(c.x() + self.seat_r + self.piece_r + 6, c.y())
        return angle, _on_circle(self.centre, self._inset, angle)


def _on_circle(centre: QPointF, radius: float, angle: float) -> QPointF:
    return QPointF(centre.x() + radius * math.cos(angle), centre.y() + radius * math.sin(angle))
