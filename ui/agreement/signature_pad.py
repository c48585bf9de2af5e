"""A pad to sign on with a mouse, a finger or a stylus; strokes are kept as vectors.

Points are stored in a box normalised to 0..1 (y down), with the pen's pressure when the device
reports one (0.5 otherwise) and the seconds since the first touch, as
:class:`facilitator.agreements.model.StrokePoint`.
"""

from __future__ import annotations

import itertools
import time

from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPointingDevice,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator.agreements.model import Stroke, StrokePoint

_NO_PRESSURE = 0.5


class SignaturePad(QWidget):
    """Captures strokes; :meth:`strokes` gives them, :meth:`clear` empties the pad."""

    changed = Signal()
    """A stroke was added or the pad was cleared."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._strokes: list[list[StrokePoint]] = []
        self._drawing = False
        self._started: float | None = None
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 120)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(self.tr("Signature pad"))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Wide enough to sign comfortably."""
        return QSize(720, 240)

    def strokes(self) -> tuple[Stroke, ...]:
        """The strokes drawn so far (a stroke of a single point is a dot and is kept)."""
        return tuple(tuple(s) for s in self._strokes if s)

    def is_empty(self) -> bool:
        """Whether nothing has been drawn."""
        return not any(self._strokes)

    def clear(self) -> None:
        """Wipe the pad to sign again."""
        self._strokes.clear()
        self._drawing = False
        self._started = None
        self.update()
        self.changed.emit()

    # ------------------------------------------------------------------ input

    def _box(self) -> QRectF:
        margin = 12.0
        return QRectF(self.rect()).adjusted(margin, margin, -margin, -margin)

    def _point(self, pos: QPointF, pressure: float) -> StrokePoint:
        box = self._box()
        now = time.monotonic()
        if self._started is None:
            self._started = now
        x = min(max((pos.x() - box.left()) / max(box.width(), 1.0), 0.0), 1.0)
        y = min(max((pos.y() - box.top()) / max(box.height(), 1.0), 0.0), 1.0)
        return StrokePoint(x, y, min(max(pressure, 0.0), 1.0), max(now - self._started, 0.0))

    def _begin(self, pos: QPointF, pressure: float) -> None:
        self._drawing = True
        self._strokes.append([self._point(pos, pressure)])
        self.update()

    def _extend(self, pos: QPointF, pressure: float) -> None:
        if self._drawing and self._strokes:
            self._strokes[-1].append(self._point(pos, pressure))
            self.update()

    def _end(self) -> None:
        if self._drawing:
            self._drawing = False
            self.changed.emit()

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Start a stroke with the left button."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position(), _NO_PRESSURE)
            event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Extend the stroke while the button is held."""
        self._extend(event.position(), _NO_PRESSURE)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """End the stroke."""
        if event.button() == Qt.MouseButton.LeftButton:
            self._extend(event.position(), _NO_PRESSURE)
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 - Qt API
        """A stylus: strokes with its pressure (accepted, so no synthetic mouse event follows)."""
        kind = event.type()
        pressure = event.pressure()
        if kind == QEvent.Type.TabletPress:
            self._begin(event.position(), pressure)
        elif kind == QEvent.Type.TabletMove:
            self._extend(event.position(), pressure)
        elif kind == QEvent.Type.TabletRelease:
            self._extend(event.position(), pressure)
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        """Touch: the first finger draws, with pressure when the screen reports it."""
        kind = event.type()
        if isinstance(event, QTouchEvent) and kind in (
            QEvent.Type.TouchBegin,
            QEvent.Type.TouchUpdate,
            QEvent.Type.TouchEnd,
        ):
            points = event.points()
            if points:
                point = points[0]
                has_pressure = bool(
                    event.device().capabilities() & QPointingDevice.Capability.Pressure
                )
                pressure = point.pressure() if has_pressure else _NO_PRESSURE
                if kind == QEvent.Type.TouchBegin:
                    self._begin(point.position(), pressure)
                elif kind == QEvent.Type.TouchUpdate:
                    self._extend(point.position(), pressure)
                else:
                    self._extend(point.position(), pressure)
                    self._end()
            event.accept()
            return True
        return super().event(event)

    # ------------------------------------------------------------------ drawing

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """A light writing surface with a baseline, and the strokes drawn so far."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        painter.fillRect(self.rect(), palette.color(QPalette.ColorRole.Base))
        box = self._box()
        guide = QPen(palette.color(QPalette.ColorRole.Mid), 1.0, Qt.PenStyle.DashLine)
        painter.setPen(guide)
        baseline = box.top() + box.height() * 0.78
        painter.drawLine(QPointF(box.left(), baseline), QPointF(box.right(), baseline))
        painter.drawRect(QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5))
        ink = palette.color(QPalette.ColorRole.Text)
        for stroke in self._strokes:
            self._draw_stroke(painter, stroke, box, ink)
        painter.end()

    def _draw_stroke(
        self, painter: QPainter, stroke: list[StrokePoint], box: QRectF, ink: QColor
    ) -> None:
        def at(p: StrokePoint) -> QPointF:
            return QPointF(box.left() + p.x * box.width(), box.top() + p.y * box.height())

        if len(stroke) == 1:
            painter.setPen(QPen(ink, 3.0, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.drawPoint(at(stroke[0]))
            return
        for a, b in itertools.pairwise(stroke):
            width = 1.5 + 3.0 * (a.pressure + b.pressure) / 2
            pen = QPen(ink, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            path = QPainterPath(at(a))
            path.lineTo(at(b))
            painter.drawPath(path)
