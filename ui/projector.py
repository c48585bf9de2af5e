"""The projector window: what the room sees, and nothing else.

The window is built from a :class:`ProjectorFeed` that carries a :class:`ProjectorFrame` of plain
strings: the current prompt, whose turn it is, and (if switched on) a gentle round timer. This
module deliberately imports nothing from ``facilitator`` or the rest of ``ui``: it cannot reach a
case, a note, risk notes or facilitator-only guidance, so it cannot show them by mistake. What
goes into a frame is decided in :mod:`ui.live.projection`.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QContextMenuEvent,
    QFont,
    QGuiApplication,
    QKeyEvent,
    QKeySequence,
    QMouseEvent,
    QPalette,
    QResizeEvent,
    QScreen,
)
from PySide6.QtWidgets import QLabel, QMenu, QSizePolicy, QVBoxLayout, QWidget

# High contrast in any room: near-white on near-black.
_BACKGROUND = QColor("#0d0d0d")
_TEXT = QColor("#f5f5f5")
_SOFT = QColor("#a8a8a8")
_NEAR = QColor("#e0c27a")


@dataclass(frozen=True, slots=True)
class ProjectorFrame:
    """Everything the projector may show at one moment.

    Attributes:
        prompt: The question on the table (the holder's role question, else the round's
            question or title, else the phase title).
        speaker: The spoken name of whoever holds the piece, or empty.
        timer: The round timer as text, or empty when it is switched off or no round runs.
        timer_near: Whether the round is near or past its budget (a gentle colour shift).
        blank: Show nothing at all (a break, family time, no session).
    """

    prompt: str = ""
    speaker: str = ""
    timer: str = ""
    timer_near: bool = False
    blank: bool = True


#: The frame of a projector with no session, or during a break or family time.
BLANK = ProjectorFrame()


class ProjectorFeed(QObject):
    """The one way into the projector: the live session pushes frames, the window shows them."""

    changed = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._frame = BLANK

    @property
    def frame(self) -> ProjectorFrame:
        """The frame shown now."""
        return self._frame

    def set_frame(self, frame: ProjectorFrame) -> None:
        """Show ``frame`` (nothing is emitted when it is the frame already shown)."""
        if frame != self._frame:
            self._frame = frame
            self.changed.emit()


class ProjectorWindow(QWidget):
    """A separate window for a second screen: large type, high contrast, full screen on demand.

    F11 or a double click toggles full screen, Esc leaves it; the context menu chooses the screen.
    The window never takes the keyboard focus from the facilitator's window.

    Args:
        feed: Where the frames come from.
        parent: Owner (the window stays a separate top-level window).
    """

    def __init__(self, feed: ProjectorFeed, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self._feed = feed
        self.setWindowTitle(self.tr("Circle Facilitator: projector"))
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setAutoFillBackground(True)
        palette = self.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.Window, _BACKGROUND)
            palette.setColor(group, QPalette.ColorRole.WindowText, _TEXT)
        self.setPalette(palette)
        self.setContextMenuPolicy(Qt.ContextMenuPolicy.DefaultContextMenu)
        self.resize(960, 540)

        self.speaker_label = self._label(_TEXT, bold=True)
        self.prompt_label = self._label(_TEXT)
        self.timer_label = self._label(_SOFT)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(48, 48, 48, 32)
        layout.setSpacing(24)
        layout.addStretch(2)
        layout.addWidget(self.speaker_label)
        layout.addWidget(self.prompt_label)
        layout.addStretch(3)
        layout.addWidget(self.timer_label)

        self._full_screen_action = QAction(self.tr("Full screen"), self)
        self._full_screen_action.setShortcut(QKeySequence(Qt.Key.Key_F11))
        self._full_screen_action.setCheckable(True)
        self._full_screen_action.triggered.connect(self.set_full_screen)
        self.addAction(self._full_screen_action)

        feed.changed.connect(self._on_feed_changed)
        self._on_feed_changed()

    # ------------------------------------------------------------------ reading

    def visible_texts(self) -> list[str]:
        """Every text the window shows now (for tests and for a reader of the screen)."""
        return [
            label.text()
            for label in self.findChildren(QLabel)
            if label.isVisibleTo(self) and label.text()
        ]

    # ------------------------------------------------------------------ placing

    def show_on(self, screen: QScreen | None = None, *, full_screen: bool = True) -> None:
        """Show the window on ``screen`` (default: a screen other than the primary one, if any)."""
        target = screen or self.preferred_screen()
        if target is not None:
            self.setScreen(target)
            self.move(target.availableGeometry().topLeft())
        if full_screen:
            self.set_full_screen(True)
        else:
            self.show()

    @staticmethod
    def preferred_screen() -> QScreen | None:
        """The screen a projector is most likely on: the first that is not the primary."""
        primary = QGuiApplication.primaryScreen()
        others = [s for s in QGuiApplication.screens() if s is not primary]
        return others[0] if others else primary

    def set_full_screen(self, on: bool) -> None:
        """Go full screen on the window's screen, or back to a normal window."""
        self._full_screen_action.setChecked(on)
        if on:
            self.showFullScreen()
        else:
            self.showNormal()

    # ------------------------------------------------------------------ events

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """A double click toggles full screen."""
        event.accept()
        self.set_full_screen(not self.isFullScreen())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Esc leaves full screen."""
        if event.key() == Qt.Key.Key_Escape and self.isFullScreen():
            self.set_full_screen(False)
            return
        super().keyPressEvent(event)

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:  # noqa: N802 - Qt API
        """Full screen, and which screen to use."""
        menu = QMenu(self)
        menu.addAction(self._full_screen_action)
        screens = QGuiApplication.screens()
        if len(screens) > 1:
            sub = menu.addMenu(self.tr("Show on screen"))
            for number, screen in enumerate(screens, start=1):
                title = self.tr("Screen {n} ({name})").format(n=number, name=screen.name())
                sub.addAction(title).triggered.connect(lambda _c=False, s=screen: self._move_to(s))
        menu.exec(event.globalPos())

    def _move_to(self, screen: QScreen) -> None:
        self.show_on(screen, full_screen=self.isFullScreen())

    def resizeEvent(self, event: QResizeEvent) -> None:  # noqa: N802 - Qt API
        """Type scales with the window, so it reads from the back of the room."""
        super().resizeEvent(event)
        self._scale_fonts()

    # ------------------------------------------------------------------ internals

    def _label(self, colour: QColor, *, bold: bool = False) -> QLabel:
        label = QLabel()
        label.setWordWrap(True)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
        self._colour(label, colour)
        font = label.font()
        font.setBold(bold)
        label.setFont(font)
        return label

    @staticmethod
    def _colour(label: QLabel, colour: QColor) -> None:
        palette = label.palette()
        for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
            palette.setColor(group, QPalette.ColorRole.WindowText, colour)
        label.setPalette(palette)

    def _scale_fonts(self) -> None:
        # Sizes follow the shorter side so that a 4:3 projector and a wide screen both work.
        unit = max(min(self.height(), self.width() * 9 // 16), 240)
        prompt_px = max(unit // 13, 18)
        if len(self.prompt_label.text()) > 140:
            prompt_px = max(prompt_px * 3 // 4, 16)
        for label, px in (
            (self.speaker_label, max(unit // 9, 24)),
            (self.prompt_label, prompt_px),
            (self.timer_label, max(unit // 22, 14)),
        ):
            font = QFont(label.font())
            font.setPixelSize(px)
            label.setFont(font)

    def _on_feed_changed(self) -> None:
        frame = self._feed.frame
        shown = not frame.blank
        self.speaker_label.setText(frame.speaker if shown else "")
        self.prompt_label.setText(frame.prompt if shown else "")
        self.timer_label.setText(frame.timer if shown else "")
        self._colour(self.timer_label, _NEAR if frame.timer_near else _SOFT)
        for label in (self.speaker_label, self.prompt_label, self.timer_label):
            label.setVisible(shown and bool(label.text()))
        self._scale_fonts()
