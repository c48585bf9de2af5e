"""Two small parts of the live screen: the typing guard and the family-time cover."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from ui.actions import ActionSpec


class TypingGuard(QObject):
    """While the note field has focus, keys of actions not meant for typing go to the text.

    Qt asks the focus widget first (``ShortcutOverride``); accepting the event there makes the
    key a key press for the note field instead of a shortcut. Plain letters and Space already
    behave so in a text field; this also covers keys like F5 or Ctrl+Left.
    """

    def __init__(self, specs: tuple[ActionSpec, ...], parent: QObject) -> None:
        super().__init__(parent)
        self._blocked = [QKeySequence(k) for s in specs if not s.while_typing for k in s.keys]

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Claim the key for the text field when it belongs to an action not meant for typing."""
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent):
            pressed = QKeySequence(event.keyCombination())
            if any(
                pressed.matches(seq) == QKeySequence.SequenceMatch.ExactMatch
                for seq in self._blocked
            ):
                event.accept()
        return False


class FamilyCover(QWidget):
    """What the screen shows during family time instead of the session: nothing of it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        title = QLabel(self.tr("Family time"))
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 2.2)
        font.setBold(True)
        title.setFont(font)
        text = QLabel(
            self.tr(
                "The family is meeting in private. The session is hidden and every timer is "
                "paused; the projector is blank."
            )
        )
        text.setWordWrap(True)
        self.end_button = QPushButton(self.tr("End family time  (B)"))
        for widget in (title, text):
            widget.setAlignment(Qt.AlignmentFlag.AlignCenter)
            layout.addWidget(widget)
        layout.addSpacing(16)
        layout.addWidget(self.end_button, 0, Qt.AlignmentFlag.AlignCenter)
        layout.addStretch(2)
