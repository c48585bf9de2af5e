"""The timers: session clock, phase and round budgets, and the speaker's soft limit.

Budgets are soft. Near a limit the figure turns amber, past it a soft red, and nothing else
happens: nobody is ever cut off. A sound cue plays once when a speaker passes their limit, only if
switched on. The engine owns no timer; the QTimer here only repaints what
``state.timers(live.now())`` says, so the figures cannot drift.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt, QTimer
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from facilitator.engine.timers import TimerReading, TimerStatus
from ui.live.look import clock_text, mix, status_colour
from ui.session_controller import SessionController

#: How often the figures are repainted (4 times a second keeps seconds smooth).
REPAINT_MS = 250
TIMER_NAMES = ("session", "phase", "round", "speaker")


class _Bar(QWidget):
    """A thin bar: the share of the budget used."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fraction = 0.0
        self.colour = QColor()
        self.setFixedHeight(4)

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        painter = QPainter(self)
        palette = self.palette()
        track = mix(
            palette.color(QPalette.ColorRole.Window),
            palette.color(QPalette.ColorRole.WindowText),
            0.15,
        )
        painter.fillRect(self.rect(), track)
        width = self.width() * min(max(self.fraction, 0.0), 1.0)
        painter.fillRect(QRectF(0, 0, width, self.height()), self.colour)
        painter.end()


class TimerTile(QFrame):
    """One timer: a caption, the elapsed time, and how it stands against its budget."""

    def __init__(self, caption: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.status = TimerStatus.OK
        self.caption_label = QLabel(caption)
        self.value_label = QLabel("0:00")
        self.detail_label = QLabel()
        font = QFont(self.value_label.font())
        font.setPointSizeF(font.pointSizeF() * 1.7)
        font.setBold(True)
        font.setStyleHint(QFont.StyleHint.Monospace)
        self.value_label.setFont(font)
        small = QFont(self.detail_label.font())
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.detail_label.setFont(small)
        self.caption_label.setFont(small)
        self.bar = _Bar()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 8, 12, 8)
        layout.setSpacing(2)
        layout.addWidget(self.caption_label)
        layout.addWidget(self.value_label)
        layout.addWidget(self.detail_label)
        layout.addWidget(self.bar)

    def show_reading(self, reading: TimerReading | None, *, paused: bool) -> None:
        """Show ``reading`` (``None``: the timer is not running)."""
        palette = self.palette()
        if reading is None:
            self.status = TimerStatus.OK
            self.value_label.setText("\N{EN DASH}")
            self.detail_label.setText(self.tr("not running"))
            self._paint(
                palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.WindowText), 0.0
            )
            return
        self.status = reading.status
        self.value_label.setText(clock_text(reading.elapsed))
        remaining = reading.remaining
        if remaining is None:
            detail = self.tr("no budget")
        elif remaining >= 0:
            detail = self.tr("{left} left of {budget}").format(
                left=clock_text(remaining), budget=clock_text(reading.budget or 0)
            )
        else:
            detail = self.tr("{over} over {budget}").format(
                over=clock_text(-remaining), budget=clock_text(reading.budget or 0)
            )
        if paused:
            detail = self.tr("paused") + " · " + detail
        self.detail_label.setText(detail)
        fraction = 0.0 if not reading.budget else reading.elapsed / reading.budget
        self._paint(status_colour(reading.status, palette), fraction)

    def _paint(self, colour: QColor, fraction: float) -> None:
        palette = self.value_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, colour)
        self.value_label.setPalette(palette)
        self.bar.fraction = fraction
        self.bar.colour = (
            colour
            if self.status is not TimerStatus.OK
            else self.palette().color(QPalette.ColorRole.Highlight)
        )
        self.bar.update()


class TimersPanel(QWidget):
    """Four timer tiles side by side, repainted a few times a second.

    Args:
        controller: The live session.
        parent: Qt parent.
    """

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._cued: tuple[str | None, float | None] = (None, None)
        captions = {
            "session": self.tr("Session"),
            "phase": self.tr("Phase"),
            "round": self.tr("Round"),
            "speaker": self.tr("Speaker"),
        }
        self.tiles = {name: TimerTile(captions[name]) for name in TIMER_NAMES}
        self.sound_check = QCheckBox(self.tr("Sound cue"))
        self.sound_check.setToolTip(
            self.tr("Play a short sound once when a speaker passes their soft limit")
        )
        self.sound_check.setChecked(False)
        self.sound_check.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for name in TIMER_NAMES:
            layout.addWidget(self.tiles[name], 1)
        self._timer = QTimer(self)
        self._timer.setInterval(REPAINT_MS)
        self._timer.timeout.connect(self.refresh)
        self._timer.start()
        controller.changed.connect(self.refresh)
        self.refresh()

    @property
    def sound_enabled(self) -> bool:
        """Whether a sound cue plays when a speaker passes their limit (off by default)."""
        return self.sound_check.isChecked()

    def set_sound_enabled(self, on: bool) -> None:
        """Switch the sound cue on or off."""
        self.sound_check.setChecked(on)

    def status(self, name: str) -> TimerStatus:
        """How timer ``name`` (session, phase, round, speaker) stands now."""
        return self.tiles[name].status

    def sizeHint(self) -> QSize:  # noqa: N802 - Qt API
        """One row of tiles."""
        return QSize(720, super().sizeHint().height())

    def refresh(self) -> None:
        """Read the timers at the session's current time and show them."""
        state = self._controller.state
        timers = state.timers(self._controller.live.now())
        paused = state.on_break is not None
        self.tiles["session"].show_reading(timers.session, paused=paused)
        self.tiles["phase"].show_reading(
            timers.phase if state.phase is not None else None, paused=paused
        )
        self.tiles["round"].show_reading(
            timers.round if state.round is not None else None, paused=paused
        )
        speaking = state.holder is not None
        self.tiles["speaker"].show_reading(timers.speaker if speaking else None, paused=paused)
        turn = (state.holder, state.holder_since)
        if speaking and timers.speaker.status is TimerStatus.OVER and turn != self._cued:
            self._cued = turn
            if self.sound_enabled:
                QApplication.beep()
