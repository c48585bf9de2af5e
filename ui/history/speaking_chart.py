"""A bar per participant: how long they spoke, how many turns they took, how often they passed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QRectF, QSize, Qt
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from facilitator.domain.roles import Role, Side
from ui.live.look import clock_text, mix, role_colour, role_label

#: Height of one participant's row, and the bar inside it.
ROW_HEIGHT = 48
BAR_HEIGHT = 20


@dataclass(frozen=True, slots=True)
class SpeakerBar:
    """One row of the chart.

    Attributes:
        participant_id: Who.
        name: Their name.
        role: Their role (the bar takes its colour).
        side: Their side, if it differs from the role's usual one.
        total_seconds: Speaking time, breaks excluded.
        turns: Turns that spoke.
        passes: Turns that passed.
    """

    participant_id: str
    name: str
    role: Role
    side: Side | None
    total_seconds: float
    turns: int
    passes: int


def bar_words(bar: SpeakerBar) -> str:
    """What the chart writes after a bar (also its accessible text)."""
    turns = QCoreApplication.translate("speaking_chart", "%n turn(s)", "", bar.turns)
    passes = QCoreApplication.translate("speaking_chart", "%n pass(es)", "", bar.passes)
    return f"{clock_text(bar.total_seconds)}  ·  {turns}  ·  {passes}"


class SpeakingChart(QWidget):
    """Painted with QPainter, in the role colours of the live session."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: tuple[SpeakerBar, ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    @property
    def bars(self) -> tuple[SpeakerBar, ...]:
        """The rows shown, in order."""
        return self._bars

    def set_bars(self, bars: Sequence[SpeakerBar]) -> None:
        """Show ``bars`` (in the order given)."""
        self._bars = tuple(bars)
        self.setAccessibleDescription("\n".join(f"{b.name}: {bar_words(b)}" for b in self._bars))
        self.updateGeometry()
        self.setMinimumHeight(self.sizeHint().height())
        self.update()

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """As tall as its rows."""
        return QSize(640, max(1, len(self._bars)) * ROW_HEIGHT + 16)

    def paintEvent(self, _event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """Name and role on the left, the bar, then its figures."""
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        metrics = QFontMetricsF(self.font())
        small = QFont(self.font())
        small.setPointSizeF(small.pointSizeF() * 0.85)
        small_metrics = QFontMetricsF(small)
        left = max(
            (
                max(metrics.horizontalAdvance(b.name), small_metrics.horizontalAdvance(_role(b)))
                for b in self._bars
            ),
            default=0.0,
        )
        name_width = min(self.width() * 0.3, left + 24)
        words = max((metrics.horizontalAdvance(bar_words(b)) for b in self._bars), default=0.0)
        longest = max((b.total_seconds for b in self._bars), default=0.0)
        room = max(self.width() - name_width - words - 24, 40.0)
        text = palette.color(QPalette.ColorRole.WindowText)
        # Quieter than the name, still readable on both palettes (the disabled colour is not).
        faint = mix(text, palette.color(QPalette.ColorRole.Window), 0.35)
        half = ROW_HEIGHT / 2
        for i, bar in enumerate(self._bars):
            top = 8 + i * ROW_HEIGHT
            painter.setPen(text)
            painter.setFont(self.font())
            painter.drawText(
                QRectF(0, top, name_width - 12, half + 2),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignBottom),
                metrics.elidedText(bar.name, Qt.TextElideMode.ElideRight, name_width - 12),
            )
            painter.setFont(small)
            painter.setPen(faint)
            painter.drawText(
                QRectF(0, top + half, name_width - 12, half),
                int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop),
                small_metrics.elidedText(_role(bar), Qt.TextElideMode.ElideRight, name_width - 12),
            )
            length = max(0.0 if longest <= 0 else room * bar.total_seconds / longest, 2.0)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(role_colour(bar.role, palette, bar.side))
            bar_top = top + (ROW_HEIGHT - BAR_HEIGHT) / 2
            painter.drawRoundedRect(QRectF(name_width, bar_top, length, BAR_HEIGHT), 3, 3)
            painter.setFont(self.font())
            painter.setPen(text)
            painter.drawText(
                QRectF(name_width + length + 8, top, words + 8, ROW_HEIGHT),
                int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                bar_words(bar),
            )
        painter.end()


def _role(bar: SpeakerBar) -> str:
    return role_label(bar.role)
