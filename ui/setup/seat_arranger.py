"""The seating plan drawn as a circle: drag a seat to reorder, mark the keeper, seat observers.

The widget only shows people and reports what the facilitator asked for (a seat moved, a keeper
marked); the setup view applies the seating rules (:mod:`ui.setup.seating`), stores the result
and calls :meth:`SeatArranger.set_people` again. Seat 0 is at the top and seats go clockwise, as
the engine numbers them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
)
from PySide6.QtWidgets import QApplication, QMenu, QSizePolicy, QWidget

from facilitator.domain.case import Participant
from facilitator.domain.roles import DEFAULT_SIDE, Side
from ui.setup.labels import role_label
from ui.setup.seating import can_sit_out, seated_order

#: Seat value meaning "the outer ring" in :attr:`SeatArranger.seat_moved`.
OUTER_RING = -1

#: Accent colours for each side: mid-lightness hues that stand out on light and dark windows
#: alike. They colour borders and dots only; text always uses the palette's own colour.
SIDE_COLOURS: dict[Side, QColor] = {
    Side.HARMED: QColor(64, 132, 224),
    Side.RESPONSIBLE: QColor(226, 140, 48),
    Side.COMMUNITY: QColor(46, 164, 96),
    Side.PROCESS: QColor(150, 110, 230),
    Side.NEUTRAL: QColor(140, 140, 140),
}

_MARGIN = 8
_MAX_CHIP_WIDTH = 168.0
_MIN_CHIP_WIDTH = 72.0


@dataclass(frozen=True, slots=True)
class _Chip:
    pid: str
    rect: QRectF
    seated: bool


class SeatArranger(QWidget):
    """A circle of seats for the people in the room, and an outer ring for observers.

    Signals:
        seat_moved(str, int): drag-and-drop or keyboard asked to put this person at this seat
            (``OUTER_RING`` for the outer ring).
        keeper_marked(str): "Mark as keeper" for this person.
        co_keeper_marked(str): "Mark as co-keeper" for this person.
        edit_requested(str): "Edit details" for this person.
        selection_changed(str): the selected person changed ("" for nobody).
    """

    seat_moved = Signal(str, int)
    keeper_marked = Signal(str)
    co_keeper_marked = Signal(str)
    edit_requested = Signal(str)
    selection_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._people: list[Participant] = []
        self._keeper_id: str | None = None
        self._keeper_badge = self.tr("Keeper")
        self._direction_hint = ""
        self._selected = ""
        self._press: tuple[str, QPointF] | None = None
        self._drag_pos: QPointF | None = None
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setMinimumSize(360, 360)
        self.setAccessibleName(self.tr("Seating plan"))
        self.setMouseTracking(False)

    # ------------------------------------------------------------------ content

    def set_people(
        self,
        people: Sequence[Participant],
        keeper_id: str | None,
        keeper_badge: str = "",
        direction_hint: str = "",
    ) -> None:
        """Show ``people`` (the seated ones in the circle, observers out of it in the ring).

        Args:
            people: Everyone in the session; people not in the room are not drawn.
            keeper_id: Who leads, drawn with a badge.
            keeper_badge: The badge text ("Keeper", "Leads").
            direction_hint: One line drawn in the middle (which way the piece travels).
        """
        self._people = [p for p in people if p.participation.present]
        self._keeper_id = keeper_id
        if keeper_badge:
            self._keeper_badge = keeper_badge
        self._direction_hint = direction_hint
        if self._selected and all(p.id != self._selected for p in self._people):
            self._selected = ""
            self.selection_changed.emit("")
        self._press = None
        self._drag_pos = None
        self.update()

    def selected_id(self) -> str:
        """The selected person's id ("" for nobody)."""
        return self._selected

    def select(self, pid: str) -> None:
        """Select ``pid`` (no signal when it is already selected)."""
        if pid == self._selected:
            return
        self._selected = pid if any(p.id == pid for p in self._people) else ""
        self.update()
        self.selection_changed.emit(self._selected)

    def seat_center(self, pid: str) -> QPointF:
        """Where this person is drawn (the middle of their chip); for tests and tooltips."""
        for chip in self._chips():
            if chip.pid == pid:
                return chip.rect.center()
        raise KeyError("not drawn")

    def slot_center(self, seat: int, count: int | None = None) -> QPointF:
        """The middle of seat ``seat`` in a circle of ``count`` seats (the current one)."""
        n = count if count is not None else len(seated_order(self._people))
        center, radius, _size = self._geometry(max(n, 1))
        angle = -math.pi / 2 + 2 * math.pi * seat / max(n, 1)
        return QPointF(center.x() + radius * math.cos(angle), center.y() + radius * math.sin(angle))

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """See QWidget."""
        return QSize(520, 520)

    # ------------------------------------------------------------------ geometry

    def _fonts(self) -> tuple[QFont, QFont]:
        name_font = QFont(self.font())
        name_font.setBold(True)
        small = QFont(self.font())
        small.setPointSizeF(max(self.font().pointSizeF() * 0.85, 7.0))
        return name_font, small

    def _chip_height(self) -> float:
        name_font, small = self._fonts()
        return QFontMetrics(name_font).height() + QFontMetrics(small).height() + 14.0

    def _bottom_height(self) -> float:
        """Room at the bottom for the outer ring (when anyone may sit there) and the legend."""
        legend = QFontMetrics(self._fonts()[1]).height() + _MARGIN
        if self._has_outer_ring():
            return legend + self._chip_height() + QFontMetrics(self.font()).height() + 2 * _MARGIN
        return legend

    def _has_outer_ring(self) -> bool:
        # Kept while any observer is in the room, so there is somewhere to drag them back to.
        return any(p.seat is None or can_sit_out(p) for p in self._people)

    def outer_ring_rect(self) -> QRectF:
        """Where the outer ring is drawn (empty when there is none)."""
        if not self._has_outer_ring():
            return QRectF()
        top = self._outer_top()
        bottom = self.height() - _MARGIN - QFontMetrics(self._fonts()[1]).height() - _MARGIN
        return QRectF(_MARGIN, top, self.width() - 2 * _MARGIN, bottom - top)

    def _badge_height(self) -> float:
        return QFontMetrics(self._fonts()[1]).height() + 2.0

    def _circle_area(self) -> QRectF:
        # Room above for the keeper's badge, which sits on top of their seat.
        top = _MARGIN + self._badge_height()
        rect = QRectF(self.rect()).adjusted(_MARGIN, top, -_MARGIN, -_MARGIN)
        rect.setBottom(rect.bottom() - self._bottom_height())
        return rect

    def _geometry(self, n: int) -> tuple[QPointF, float, QSize]:
        """Centre, radius and chip size for a circle of ``n`` seats."""
        area = self._circle_area()
        height = self._chip_height()
        width = _MAX_CHIP_WIDTH
        radius = 0.0
        # The chip width depends on the room between neighbours, which depends on the radius,
        # which depends on the chip width: two passes settle it.
        for _ in range(2):
            radius = max(min((area.width() - width) / 2, (area.height() - height) / 2), 24.0)
            chord = 2 * radius * math.sin(math.pi / n) if n > 1 else _MAX_CHIP_WIDTH
            width = max(_MIN_CHIP_WIDTH, min(_MAX_CHIP_WIDTH, chord - 8))
        return area.center(), radius, QSize(int(width), int(height))

    def _chips(self) -> list[_Chip]:
        seated = seated_order(self._people)
        n = len(seated)
        chips: list[_Chip] = []
        if n:
            center, radius, size = self._geometry(n)
            for i, p in enumerate(seated):
                angle = -math.pi / 2 + 2 * math.pi * i / n
                mid = QPointF(
                    center.x() + radius * math.cos(angle), center.y() + radius * math.sin(angle)
                )
                chips.append(_Chip(p.id, _centered(mid, size), True))
        outer = [p for p in self._people if p.seat is None]
        if outer:
            height = self._chip_height()
            top = self._outer_top() + QFontMetrics(self.font()).height() + _MARGIN / 2
            width = min(_MAX_CHIP_WIDTH, (self.width() - 2 * _MARGIN) / len(outer) - _MARGIN)
            width = max(width, 48.0)
            for i, p in enumerate(outer):
                x = _MARGIN + i * (width + _MARGIN)
                chips.append(_Chip(p.id, QRectF(x, top, width, height), False))
        return chips

    def _outer_top(self) -> float:
        return self._circle_area().bottom() + _MARGIN

    def _chip_at(self, pos: QPointF) -> _Chip | None:
        for chip in reversed(self._chips()):
            if chip.rect.contains(pos):
                return chip
        return None

    def _drop_target(self, pid: str, pos: QPointF) -> int | None:
        """The seat a drop at ``pos`` asks for, ``OUTER_RING``, or ``None`` for no change."""
        person = next((p for p in self._people if p.id == pid), None)
        if person is None:
            return None
        if pos.y() > self._circle_area().bottom():
            return OUTER_RING if person.seat is not None and can_sit_out(person) else None
        seated = seated_order(self._people)
        n = len(seated) + (0 if person.seat is not None else 1)
        center = self._circle_area().center()
        angle = math.atan2(pos.y() - center.y(), pos.x() - center.x())
        step = 2 * math.pi / max(n, 1)
        seat = round(((angle + math.pi / 2) % (2 * math.pi)) / step) % max(n, 1)
        if seat == person.seat:
            return None
        return int(seat)

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """Draw the circle, the seats, the outer ring and the legend."""
        del event
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        seated = seated_order(self._people)
        n = len(seated)
        center, radius, _size = self._geometry(max(n, 1))
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 2))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(center, radius, radius)
        self._paint_middle(painter, center, radius, n)
        dragged = self._press[0] if self._drag_pos is not None and self._press else ""
        if dragged and self._drag_pos is not None:
            target = self._drop_target(dragged, self._drag_pos)
            if target is not None and target != OUTER_RING:
                count = n + (0 if any(p.id == dragged for p in seated) else 1)
                self._paint_target(painter, self.slot_center(target, count))
        if self._has_outer_ring():
            self._paint_outer_ring(painter)
        people = {p.id: p for p in self._people}
        for chip in self._chips():
            if chip.pid == dragged and self._drag_pos is not None:
                continue
            self._paint_chip(painter, people[chip.pid], chip.rect)
        if dragged and self._drag_pos is not None:
            size = self._geometry(max(n, 1))[2]
            painter.setOpacity(0.85)
            self._paint_chip(painter, people[dragged], _centered(self._drag_pos, size))
            painter.setOpacity(1.0)
        self._paint_legend(painter)
        painter.end()

    def _paint_outer_ring(self, painter: QPainter) -> None:
        pal = self.palette()
        ring = self.outer_ring_rect()
        painter.setPen(pal.color(QPalette.ColorRole.WindowText))
        painter.setFont(self.font())
        painter.drawText(
            ring,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
            self.tr("Outer ring (silent, no turns)"),
        )
        if any(p.seat is None for p in self._people):
            return
        label = QFontMetrics(self.font()).height() + _MARGIN / 2
        zone = ring.adjusted(0, label, 0, 0)
        zone.setWidth(min(zone.width(), _MAX_CHIP_WIDTH * 2))
        painter.setPen(QPen(pal.color(QPalette.ColorRole.Mid), 1, Qt.PenStyle.DashLine))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(zone, 8, 8)
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        painter.setFont(self._fonts()[1])
        painter.drawText(
            zone, Qt.AlignmentFlag.AlignCenter, self.tr("Drag an observer here to unseat them")
        )

    def _paint_middle(self, painter: QPainter, center: QPointF, radius: float, n: int) -> None:
        pal = self.palette()
        painter.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
        painter.setFont(self._fonts()[1])
        text = self._direction_hint if n else self.tr("Add people to seat them here")
        box = QRectF(0, 0, radius * 1.2, radius * 0.8)
        box.moveCenter(center)
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, text)

    def _paint_target(self, painter: QPainter, mid: QPointF) -> None:
        colour = self.palette().color(QPalette.ColorRole.Highlight)
        pen = QPen(colour, 2, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        size = self._chip_height() * 0.6
        painter.drawEllipse(mid, size, size)

    def _paint_chip(self, painter: QPainter, p: Participant, rect: QRectF) -> None:
        pal = self.palette()
        name_font, small = self._fonts()
        is_keeper = p.id == self._keeper_id
        selected = p.id == self._selected
        side = p.side or DEFAULT_SIDE[p.role]
        fill = (
            pal.color(QPalette.ColorRole.Highlight)
            if selected
            else pal.color(QPalette.ColorRole.Base)
        )
        text = pal.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        )
        painter.setPen(QPen(SIDE_COLOURS[side], 3 if is_keeper else 2))
        painter.setBrush(fill)
        painter.drawRoundedRect(rect, 8, 8)
        inner = rect.adjusted(8, 5, -8, -5)
        painter.setPen(text)
        painter.setFont(name_font)
        name_metrics = QFontMetrics(name_font)
        name = name_metrics.elidedText(
            p.spoken_name, Qt.TextElideMode.ElideRight, int(inner.width())
        )
        painter.drawText(
            QRectF(inner.left(), inner.top(), inner.width(), name_metrics.height()),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
            name,
        )
        painter.setFont(small)
        small_metrics = QFontMetrics(small)
        role = small_metrics.elidedText(
            role_label(p.role), Qt.TextElideMode.ElideRight, int(inner.width())
        )
        painter.drawText(
            QRectF(
                inner.left(),
                inner.bottom() - small_metrics.height(),
                inner.width(),
                small_metrics.height(),
            ),
            Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignBottom,
            role,
        )
        if is_keeper:
            self._paint_badge(painter, rect)

    def _paint_badge(self, painter: QPainter, chip: QRectF) -> None:
        pal = self.palette()
        small = self._fonts()[1]
        small.setBold(True)
        metrics = QFontMetrics(small)
        width = min(metrics.horizontalAdvance(self._keeper_badge) + 12, chip.width())
        height = self._badge_height()
        badge = QRectF(chip.center().x() - width / 2, chip.top() - height + 2, width, height)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
        painter.drawRoundedRect(badge, height / 2, height / 2)
        painter.setPen(pal.color(QPalette.ColorRole.HighlightedText))
        painter.setFont(small)
        painter.drawText(badge, Qt.AlignmentFlag.AlignCenter, self._keeper_badge)

    def _paint_legend(self, painter: QPainter) -> None:
        small = self._fonts()[1]
        metrics = QFontMetrics(small)
        painter.setFont(small)
        y = self.height() - _MARGIN - metrics.height()
        x = float(_MARGIN)
        labels = {
            Side.HARMED: self.tr("Harmed side"),
            Side.RESPONSIBLE: self.tr("Responsible side"),
            Side.COMMUNITY: self.tr("Community"),
            Side.PROCESS: self.tr("Process"),
            Side.NEUTRAL: self.tr("Neutral"),
        }
        dot = metrics.height() * 0.5
        for side, label in labels.items():
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(SIDE_COLOURS[side])
            painter.drawEllipse(QPointF(x + dot / 2, y + metrics.height() / 2), dot / 2, dot / 2)
            x += dot + 4
            painter.setPen(self.palette().color(QPalette.ColorRole.WindowText))
            painter.drawText(QPointF(x, y + metrics.ascent()), label)
            x += metrics.horizontalAdvance(label) + 16

    # ------------------------------------------------------------------ mouse and keys

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Select the seat under the pointer and get ready to drag it."""
        pos = event.position()
        chip = self._chip_at(pos)
        if event.button() == Qt.MouseButton.LeftButton and chip is not None:
            self.select(chip.pid)
            self._press = (chip.pid, pos)
        elif chip is None and event.button() == Qt.MouseButton.LeftButton:
            self.select("")
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        event.accept()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Let the chip follow the pointer once it has moved far enough to be a drag."""
        if self._press is None:
            return
        pos = event.position()
        if self._drag_pos is None and not self._far_enough(pos):
            return
        self._drag_pos = pos
        self.update()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Drop: ask for the seat under the pointer."""
        if self._press is None or event.button() != Qt.MouseButton.LeftButton:
            return
        pid = self._press[0]
        pos = event.position()
        was_drag = self._drag_pos is not None or self._far_enough(pos)
        self._press = None
        self._drag_pos = None
        self.update()
        if was_drag:
            target = self._drop_target(pid, pos)
            if target is not None:
                self.seat_moved.emit(pid, target)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Edit the details of the person double-clicked."""
        chip = self._chip_at(event.position())
        if chip is not None:
            self.edit_requested.emit(chip.pid)

    def _far_enough(self, pos: QPointF) -> bool:
        if self._press is None:
            return False
        moved = pos - self._press[1]
        return moved.manhattanLength() >= QApplication.startDragDistance()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Arrows select the next seat; with Ctrl they move the selected person one seat."""
        key = event.key()
        forward = key in (Qt.Key.Key_Right, Qt.Key.Key_Down)
        backward = key in (Qt.Key.Key_Left, Qt.Key.Key_Up)
        if not (forward or backward):
            super().keyPressEvent(event)
            return
        step = 1 if forward else -1
        order = [c.pid for c in self._chips()]
        if not order:
            return
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier and self._selected:
            seated = [p.id for p in seated_order(self._people)]
            if self._selected in seated:
                seat = (seated.index(self._selected) + step) % len(seated)
                self.seat_moved.emit(self._selected, seat)
            return
        here = order.index(self._selected) if self._selected in order else -step
        self.select(order[(here + step) % len(order)])

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt API
        """Keeper, co-keeper, outer ring and details for the person under the pointer."""
        if event.reason() == QContextMenuEvent.Reason.Keyboard:
            pid = self._selected
        else:
            chip = self._chip_at(QPointF(event.pos()))
            pid = chip.pid if chip is not None else ""
        person = next((p for p in self._people if p.id == pid), None)
        if person is None:
            return
        self.select(pid)
        self.menu_for(person).exec(event.globalPos())

    def menu_for(self, person: Participant) -> QMenu:
        """The context menu of one person's seat."""
        menu = QMenu(self)
        pid = person.id
        keeper = menu.addAction(self.tr("Mark as keeper"))
        keeper.setEnabled(pid != self._keeper_id)
        keeper.triggered.connect(lambda: self.keeper_marked.emit(pid))
        co = menu.addAction(self.tr("Mark as co-keeper"))
        co.triggered.connect(lambda: self.co_keeper_marked.emit(pid))
        if can_sit_out(person):
            if person.seat is None:
                seat = menu.addAction(self.tr("Seat in the circle"))
                seat.triggered.connect(
                    lambda: self.seat_moved.emit(pid, len(seated_order(self._people)))
                )
            else:
                out = menu.addAction(self.tr("Move to the outer ring"))
                out.triggered.connect(lambda: self.seat_moved.emit(pid, OUTER_RING))
        menu.addSeparator()
        edit = menu.addAction(self.tr("Edit details…"))
        edit.triggered.connect(lambda: self.edit_requested.emit(pid))
        return menu


def _centered(mid: QPointF, size: QSize) -> QRectF:
    rect = QRectF(0, 0, size.width(), size.height())
    rect.moveCenter(mid)
    return rect
