"""The phase stepper: every phase of the process in order, the current one marked.

A click on a phase moves there (after a confirmation when a round would be cut short); the
keyboard does the same with Ctrl+Left / Ctrl+Right. The stepper is a map, not a cage: any phase
can be entered.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QMouseEvent, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from ui.live.confirm import confirm
from ui.live.look import mix
from ui.session_controller import SessionController


class PhaseStepper(QWidget):
    """A row of numbered steps, one per phase.

    Args:
        controller: The live session.
        parent: Qt parent.
    """

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMouseTracking(True)
        self.setAccessibleName(self.tr("Phases"))
        controller.changed.connect(self.update)
        controller.changed.connect(self._update_tooltip)
        self._update_tooltip()

    # ------------------------------------------------------------------ reading

    def phase_rects(self) -> list[QRectF]:
        """The clickable area of each phase, in order."""
        count = len(self._controller.template.phases)
        width = self.width() / max(count, 1)
        return [QRectF(i * width, 0, width, self.height()) for i in range(count)]

    def phase_at(self, pos: QPointF) -> int | None:
        """The phase under ``pos``, if any."""
        for index, rect in enumerate(self.phase_rects()):
            if rect.contains(pos):
                return index
        return None

    # ------------------------------------------------------------------ acting

    def request_phase(self, index: int) -> None:
        """Move to phase ``index``; ask first when that would end a running round."""
        state = self._controller.state
        if index == state.phase_index:
            return
        title = self._controller.template.phases[index].title
        if state.round is None:
            self._controller.enter_phase(index)
            return
        confirm(
            self,
            self.tr("Move to another phase"),
            self.tr("End the running round and move to “{title}”?").format(title=title),
            self.tr("Move on"),
            lambda: self._controller.enter_phase(index),
        )

    # ------------------------------------------------------------------ Qt

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """One row: a numbered dot and a title under it."""
        metrics = QFontMetricsF(self.font())
        return QSize(800, int(metrics.lineSpacing() * 2 + 36))

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """A click moves to the phase."""
        index = self.phase_at(event.position())
        if event.button() == Qt.MouseButton.LeftButton and index is not None:
            self.request_phase(index)
            return
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """The full title of the phase under the pointer (titles are elided on the row)."""
        index = self.phase_at(event.position())
        if index is not None:
            phase = self._controller.template.phases[index]
            QToolTip.showText(event.globalPosition().toPoint(), f"{index + 1}. {phase.title}", self)
        super().mouseMoveEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """Dots joined by a line, the current one filled, titles under them."""
        state = self._controller.state
        phases = self._controller.template.phases
        current = state.phase_index
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        faint = mix(palette.color(QPalette.ColorRole.Window), text, 0.45)
        accent = palette.color(QPalette.ColorRole.Highlight)
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rects = self.phase_rects()
        radius = 12.0
        y = 4 + radius
        if len(rects) > 1:
            painter.setPen(QPen(faint, 2))
            painter.drawLine(QPointF(rects[0].center().x(), y), QPointF(rects[-1].center().x(), y))
        number_font = QFont(self.font())
        number_font.setBold(True)
        title_font = QFont(self.font())
        for index, (phase, rect) in enumerate(zip(phases, rects, strict=True)):
            centre = QPointF(rect.center().x(), y)
            is_current = index == current
            done = current is not None and index < current
            painter.setPen(QPen(accent if is_current or done else faint, 2))
            painter.setBrush(accent if is_current else palette.color(QPalette.ColorRole.Window))
            painter.drawEllipse(centre, radius, radius)
            painter.setFont(number_font)
            painter.setPen(
                palette.color(QPalette.ColorRole.HighlightedText) if is_current else text
            )
            painter.drawText(
                QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius),
                Qt.AlignmentFlag.AlignCenter,
                "✓" if done else str(index + 1),
            )
            title_font.setBold(is_current)
            painter.setFont(title_font)
            metrics = QFontMetricsF(title_font)
            label = phase.title + (" " + self.tr("(private)") if phase.private else "")
            shown = metrics.elidedText(label, Qt.TextElideMode.ElideRight, rect.width() - 8)
            painter.setPen(text if is_current or not done else faint.darker(110))
            painter.drawText(
                QRectF(rect.left() + 4, y + radius + 4, rect.width() - 8, metrics.lineSpacing()),
                Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                shown,
            )
        painter.end()

    def _update_tooltip(self) -> None:
        phase = self._controller.state.phase
        self.setAccessibleDescription("" if phase is None else phase.title)
