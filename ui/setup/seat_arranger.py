"""The seating plan drawn as a circle: drag a seat to reorder, mark the keeper, seat observers.

The widget only shows people and reports what the facilitator asked for (a seat moved, a keeper
marked); the setup view applies the seating rules of :mod:`ui.setup.seating` (which also says
who counts as the keeper), stores the result and calls :meth:`SeatArranger.set_people` again.
Seat 0 is at the top and seats go clockwise, as the engine numbers them. Geometry lives in
:mod:`ui.setup.seat_layout`, drawing in :mod:`ui.setup.seat_painting`.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QContextMenuEvent, QKeyEvent, QMouseEvent, QPainter, QPaintEvent
from PySide6.QtWidgets import QApplication, QMenu, QSizePolicy, QWidget

from facilitator.domain.case import Participant
from ui.setup.seat_layout import OUTER_RING, SeatLayout, centered
from ui.setup.seat_painting import SeatPainter
from ui.setup.seating import can_sit_out, seated_order

__all__ = ["OUTER_RING", "SeatArranger"]


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

    def layout_now(self) -> SeatLayout:
        """The geometry of the plan at the widget's current size."""
        return SeatLayout(self._people, self.width(), self.height(), self.font())

    def seat_center(self, pid: str) -> QPointF:
        """Where this person is drawn (the middle of their seat).

        Raises:
            KeyError: they are not drawn (not in the room).
        """
        for chip in self.layout_now().chips():
            if chip.pid == pid:
                return chip.rect.center()
        raise KeyError("not drawn")

    def slot_center(self, seat: int) -> QPointF:
        """The middle of seat ``seat`` in the circle as it is now."""
        return self.layout_now().slot_center(seat)

    def outer_ring_rect(self) -> QRectF:
        """Where the outer ring is drawn (empty when there is none)."""
        return self.layout_now().outer_ring_rect()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """See QWidget."""
        return QSize(520, 520)

    # ------------------------------------------------------------------ painting

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """Draw the circle, the seats, the outer ring and the legend."""
        del event
        layout = self.layout_now()
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        draw = SeatPainter(painter, self.palette(), layout)
        draw.circle(self._direction_hint if layout.seated else self.tr("Add people to seat them"))
        dragged = self._press[0] if self._press is not None and self._drag_pos else ""
        if dragged and self._drag_pos is not None:
            target = layout.drop_target(dragged, self._drag_pos)
            if target is not None and target != OUTER_RING:
                grows = all(p.id != dragged for p in layout.seated)
                draw.target(layout.slot_center(target, len(layout.seated) + int(grows)))
        if layout.has_outer_ring:
            draw.outer_ring()
        people = {p.id: p for p in self._people}
        for chip in layout.chips():
            if chip.pid != dragged:
                self._draw_chip(draw, people[chip.pid], chip.rect)
        if dragged and self._drag_pos is not None:
            painter.setOpacity(0.85)
            self._draw_chip(draw, people[dragged], centered(self._drag_pos, layout.chip_size()))
            painter.setOpacity(1.0)
        draw.legend()
        painter.end()

    def _draw_chip(self, draw: SeatPainter, person: Participant, rect: QRectF) -> None:
        draw.chip(
            person,
            rect,
            selected=person.id == self._selected,
            keeper_badge=self._keeper_badge if person.id == self._keeper_id else "",
        )

    # ------------------------------------------------------------------ mouse and keys

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Select the seat under the pointer and get ready to drag it."""
        pos = event.position()
        chip = self.layout_now().chip_at(pos)
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
            target = self.layout_now().drop_target(pid, pos)
            if target is not None:
                self.seat_moved.emit(pid, target)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Edit the details of the person double-clicked."""
        chip = self.layout_now().chip_at(event.position())
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
        order = [c.pid for c in self.layout_now().chips()]
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
            chip = self.layout_now().chip_at(QPointF(event.pos()))
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
