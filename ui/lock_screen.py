"""What a window shows while the app is locked: nothing of the records.

A :class:`LockScreen` covers a whole top-level window (the main window, or a dialog left open)
and holds the unlock form; a :class:`BlankCover` covers the projector with its own dark
background and no text at all, so the room sees neither the session nor the unlock form.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.security.fields import heading, muted
from ui.security.protection import Unlocker
from ui.security.unlock_panel import UnlockPanel
from ui.tasks import TaskRunner


class _Cover(QWidget):
    """A child widget that keeps itself over the whole of its host window."""

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self._host = host
        self.setAutoFillBackground(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        host.installEventFilter(self)
        self.setGeometry(host.rect())

    @property
    def host(self) -> QWidget:
        """The window covered."""
        return self._host

    def cover(self) -> None:
        """Show over everything in the host."""
        self.setGeometry(self._host.rect())
        self.show()
        self.raise_()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Follow the host's size; stay on top of children added to it later."""
        if watched is self._host:
            if event.type() == QEvent.Type.Resize:
                self.setGeometry(self._host.rect())
            elif event.type() == QEvent.Type.ChildAdded and self.isVisible():
                self.raise_()
        return super().eventFilter(watched, event)


class LockScreen(_Cover):
    """The words "Circle Facilitator is locked" and the unlock form, over the whole of ``host``.

    Args:
        host: The window to cover.
        unlocker: Checks the passphrase, or ``None`` for unencrypted records (one click unlocks:
            the lock then only hides the screen, which the text says).
        tasks: Where the passphrase check runs.
    """

    #: The passphrase was accepted (or, unencrypted, Unlock was clicked).
    unlocked = Signal()

    def __init__(self, host: QWidget, unlocker: Unlocker | None, tasks: TaskRunner) -> None:
        super().__init__(host)
        self.setObjectName("lock_screen")
        title = heading(self.tr("Circle Facilitator is locked"), 1.8)
        if unlocker is not None:
            text = self.tr("Type your passphrase to go back to where you were.")
        else:
            text = self.tr(
                "The screen is hidden. These records are not encrypted, so anyone at this laptop "
                "can unlock it: encrypting the records is what makes the lock protect them."
            )
        self.text_label = QLabel(text)
        self.text_label.setWordWrap(True)
        self.text_label.setPalette(muted(self.text_label))
        self.panel = UnlockPanel(unlocker, tasks)
        self.panel.unlocked.connect(lambda _key: self.unlocked.emit())

        column = QWidget()
        # A fixed width lets the wrapped text take the height it needs; it fits a dialog that
        # the lock has grown to its minimum size.
        column.setFixedWidth(440)
        column.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Maximum)
        inner = QVBoxLayout(column)
        inner.setContentsMargins(16, 16, 16, 16)
        inner.setSpacing(12)
        for label in (title, self.text_label):
            label.setTextFormat(Qt.TextFormat.PlainText)
            inner.addWidget(label)
        inner.addWidget(self.panel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        # Centred by stretches, not an alignment flag: an aligned widget gets only its size
        # hint, which ignores how tall the wrapped text becomes.
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(column)
        row.addStretch(1)
        layout.addStretch(1)
        layout.addLayout(row)
        layout.addStretch(2)
        self.setFocusProxy(self.panel.field if unlocker is not None else self.panel.unlock_button)


class BlankCover(_Cover):
    """The projector's own dark background, and nothing else.

    Args:
        host: The projector window.
    """

    def __init__(self, host: QWidget) -> None:
        super().__init__(host)
        self.setObjectName("lock_blank")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
