"""The circle: everyone in their seat, where the talking piece is, and who spoke or passed.

Seats are painted around a circle in seat order (seat 0 at the top, numbered clockwise). Each seat
shows the spoken name, a role colour, and a mark for spoke / passed / left / withdrew consent;
the keeper is marked. The piece is drawn beside its holder and glides along the circle when it
moves. Clicking a seat (or Enter on the seat chosen with the arrow keys) asks before handing the
piece there out of order; the context menu records leaving and withdrawals.
"""

from __future__ import annotations

from PySide6.QtCore import QEasingCurve, QEvent, QPointF, QRectF, QSize, Qt, QVariantAnimation
from PySide6.QtGui import (
    QContextMenuEvent,
    QFontMetricsF,
    QHelpEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from facilitator.domain.process import SpeakingOrder
from ui.live.circle_geometry import CircleGeometry
from ui.live.circle_paint import CirclePainter, SeatLook, mark_words
from ui.live.confirm import confirm
from ui.live.look import role_colour, role_label
from ui.live.seat_menu import circle_menu, seat_menu
from ui.session_controller import SessionController

#: How long the piece takes to glide to its new holder.
PIECE_MS = 300


class _Glide(QVariantAnimation):
    """Runs the piece from 0 to 1 and hands each step to the circle that owns it.

    Each step goes through the virtual ``updateCurrentValue`` to ``parent()``, without a Python
    signal connection: with the installed PySide6 6.12.0 (see :mod:`ui.live.pyside_guard`),
    delivering ``valueChanged`` to a Python slot made the test process crash now and then.
    """

    def __init__(self, parent: CircleView) -> None:
        super().__init__(parent)
        self.setDuration(PIECE_MS)
        self.setStartValue(0.0)
        self.setEndValue(1.0)
        self.setEasingCurve(QEasingCurve.Type.InOutCubic)

    def updateCurrentValue(self, value: object) -> None:  # noqa: N802 - Qt API
        """Hand the step to the circle."""
        circle = self.parent()
        if isinstance(circle, CircleView) and isinstance(value, float):
            circle.glide_step(value)


class CircleView(QWidget):
    """The seats, the marks and the talking piece of a live session.

    Args:
        controller: The live session.
        parent: Qt parent.
    """

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._looks: dict[str, SeatLook] = {}
        self._seated: list[str] = []
        self._unseated: list[str] = []
        self._geometry: CircleGeometry | None = None
        self._cursor: str | None = None
        self._holder = controller.state.holder
        self._piece_from: str | None = self._holder
        self._piece_to: str | None = self._holder
        self._piece_t = 1.0
        self._anim = _Glide(self)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName(self.tr("Circle of seats"))
        controller.changed.connect(self._on_controller_changed)
        self._refresh_looks()

    # ------------------------------------------------------------------ reading

    def seat_rects(self) -> dict[str, QRectF]:
        """Each seat's disc in widget coordinates, by participant id."""
        g = self._layout()
        return {pid: g.seat_rect(pid) for pid in g.centres}

    def seat_look(self, pid: str) -> SeatLook:
        """What the seat of ``pid`` shows."""
        return self._looks[pid]

    def seat_label(self, pid: str) -> str:
        """The seat of ``pid`` in words: name, role and marks (also its tooltip)."""
        look = self._looks[pid]
        return " · ".join([look.name, look.role, *mark_words(look)])

    def seat_at(self, pos: QPointF) -> str | None:
        """The participant whose seat (disc or name) is at ``pos``, if any."""
        return self._layout().seat_at(pos)

    def piece_pos(self) -> QPointF:
        """Where the piece is drawn now (mid-glide while it moves)."""
        return self._layout().piece_at(self._piece_from, self._piece_to, self._piece_t)

    def is_animating(self) -> bool:
        """Whether the piece is still gliding."""
        return self._anim.state() == QVariantAnimation.State.Running

    @property
    def cursor_pid(self) -> str | None:
        """The seat chosen with the keyboard, if any."""
        return self._cursor

    def set_cursor_pid(self, pid: str | None) -> None:
        """Choose a seat for the keyboard (Enter then hands it the piece)."""
        self._cursor = pid if pid in self._looks else None
        self.update()

    # ------------------------------------------------------------------ acting

    def activate(self, pid: str) -> None:
        """Hand the piece to ``pid`` out of order, after a confirmation (the keeper: take it back).

        When the rules would refuse anyway (no round, a break, someone gone), the refusal is shown
        at once instead of asking first.
        """
        state = self._controller.state
        if pid == state.holder or state.ended:
            return
        name = self._looks[pid].name
        if pid == state.keeper_id:
            confirm(
                self,
                self.tr("Back to the keeper"),
                self.tr("Give the piece back to {name}, the keeper?").format(name=name),
                self.tr("Give it back"),
                self._controller.back_to_keeper,
            )
            return
        if state.round is None or state.on_break is not None or not state.in_rotation(pid):
            self._controller.hand_to(pid)
            return
        confirm(
            self,
            self.tr("Hand the piece out of order"),
            self.tr(
                "Hand the piece to {name} out of order? It does not use up their turn in the round."
            ).format(name=name),
            self.tr("Hand the piece"),
            lambda: self._controller.hand_to(pid),
        )

    def glide_step(self, value: float) -> None:
        """Move the piece to ``value`` (0..1) of its way to the new holder."""
        self._piece_t = value
        self.update()

    # ------------------------------------------------------------------ Qt events

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Square and roomy."""
        return QSize(560, 560)

    def minimumSizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """Small enough for 1366x768 beside the prompt and notes."""
        return QSize(360, 360)

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """The seats follow the size of the widget."""
        self._geometry = None
        super().resizeEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """Choose the seat under the pointer."""
        pid = self.seat_at(event.position())
        if pid is not None:
            self.set_cursor_pid(pid)
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """A left click on a seat hands it the piece (after a confirmation)."""
        pid = self.seat_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and pid is not None:
            self.activate(pid)
            return
        super().mouseReleaseEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Up/Down (and Left) choose a seat; Enter hands it the piece; Home/End jump."""
        order = [*self._seated, *self._unseated]
        index = order.index(self._cursor) if self._cursor in order else -1
        key = event.key()
        if not order:
            super().keyPressEvent(event)
        elif key in (Qt.Key.Key_Down, Qt.Key.Key_Left):
            self.set_cursor_pid(order[(index + 1) % len(order)])
        elif key == Qt.Key.Key_Up:
            self.set_cursor_pid(order[(index - 1) % len(order)])
        elif key in (Qt.Key.Key_Home, Qt.Key.Key_End):
            self.set_cursor_pid(order[0 if key == Qt.Key.Key_Home else -1])
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._cursor is not None:
            self.activate(self._cursor)
        else:
            super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt API
        """What can happen to one person: the piece, a raised hand, leaving, withdrawing."""
        if event.reason() == QContextMenuEvent.Reason.Mouse:
            pid = self.seat_at(QPointF(event.pos()))
        else:
            pid = self._cursor
        if pid is not None:
            menu = seat_menu(self, self._controller, pid, self.activate)
        else:
            menu = circle_menu(self, self._controller)
        if menu is not None:
            menu.exec(event.globalPos())

    def event(self, event: QEvent) -> bool:
        """Tooltips say what a seat shows, in words."""
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pid = self.seat_at(QPointF(event.pos()))
            if pid is None:
                QToolTip.hideText()
            else:
                QToolTip.showText(event.globalPos(), self.seat_label(pid), self)
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """Paint the ring, the centre text, the seats and the piece."""
        painter = QPainter(self)
        paint = CirclePainter(painter, self.palette(), self.font(), self._layout())
        paint.ring()
        paint.centre_text(self._centre_lines())
        for pid in [*self._seated, *self._unseated]:
            paint.seat(self._looks[pid], focused=self._cursor == pid and self.hasFocus())
        set_down = self._holder is None and self._piece_t >= 1.0
        paint.piece(self.piece_pos(), set_down=set_down)
        painter.end()

    # ------------------------------------------------------------------ internals

    def _layout(self) -> CircleGeometry:
        if self._geometry is None:
            self._geometry = CircleGeometry.build(
                self.width(),
                self.height(),
                self._seated,
                self._unseated,
                QFontMetricsF(self.font()).lineSpacing(),
            )
        return self._geometry

    def _on_controller_changed(self) -> None:
        self._refresh_looks()
        holder = self._controller.state.holder
        if holder != self._holder:
            self._piece_from = self._piece_to if self.is_animating() else self._holder
            self._piece_to = holder
            self._holder = holder
            self._anim.stop()
            self._piece_t = 0.0
            self._anim.start()
        self.update()

    def _refresh_looks(self) -> None:
        state = self._controller.state
        rnd = state.round
        nxt = state.next_in_rotation() if rnd is not None else None
        hands = list(rnd.hands) if rnd is not None else []
        seated = state.seat_order()
        unseated = [
            p.id
            for p in state.participants.values()
            if p.seat is None and (p.takes_turns or p.id == state.holder)
        ]
        palette = self.palette()
        looks: dict[str, SeatLook] = {}
        for pid in [*seated, *unseated]:
            p = state.participant(pid)
            looks[pid] = SeatLook(
                pid=pid,
                name=p.spoken_name,
                role=role_label(p.role),
                colour=role_colour(p.role, palette, p.side),
                status=state.status_of(pid),
                keeper=pid == state.keeper_id,
                holder=pid == state.holder,
                next_up=pid == nxt,
                hand=hands.index(pid) + 1 if pid in hands else None,
                seated=p.seat is not None,
            )
        if (seated, unseated) != (self._seated, self._unseated):
            self._geometry = None
        self._seated, self._unseated, self._looks = seated, unseated, looks
        if self._cursor not in looks:
            self._cursor = None

    def _centre_lines(self) -> list[str]:
        state = self._controller.state
        rnd = state.round
        rt = state.round_template
        if state.ended:
            return [self.tr("The session has ended")]
        if state.on_break is not None:
            return [self.tr("Paused")]
        if rnd is None or rt is None:
            return [self.tr("Between rounds")]
        lines = [self.tr("Round {n}").format(n=rnd.round_no), rt.title]
        if rnd.speaking_order is SpeakingOrder.QUEUE:
            lines.append(self.tr("Open discussion"))
        return lines
