"""A message shown inside a form (why it cannot be saved), hidden while there is none."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStyle, QWidget


class InlineMessage(QWidget):
    """A warning icon and a bold, wrapping line of text, in the palette's own colours."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 4)
        layout.setSpacing(8)
        size = self.style().pixelMetric(QStyle.PixelMetric.PM_SmallIconSize)
        icon = self.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxWarning)
        self._icon = QLabel()
        self._icon.setPixmap(icon.pixmap(size, size))
        self._icon.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self._label = QLabel()
        self._label.setWordWrap(True)
        font = self._label.font()
        font.setBold(True)
        self._label.setFont(font)
        layout.addWidget(self._icon)
        layout.addWidget(self._label, 1)
        self.hide()

    def text(self) -> str:
        """The message shown (empty when hidden)."""
        return self._label.text() if not self.isHidden() else ""

    def show_message(self, text: str) -> None:
        """Show ``text``."""
        self._label.setText(text)
        self.setVisible(bool(text))

    def clear(self) -> None:
        """Hide the message."""
        self._label.clear()
        self.hide()
