"""Unlock at start: the records are encrypted, and the passphrase opens them."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from ui.security.fields import heading, muted
from ui.security.protection import Unlocker
from ui.security.unlock_panel import UnlockPanel
from ui.tasks import TaskRunner


class UnlockDialog(QDialog):
    """Asks for the passphrase (or the recovery code) and yields the store's data key.

    Accepted once a secret unwrapped the key (read it from :attr:`key`); rejected by "Quit".
    While the key is derived the dialog stays responsive and shows a busy bar.

    Args:
        unlocker: Checks secrets against the store's key file.
        tasks: Where the slow check runs.
        parent: Qt parent (the main window).
    """

    def __init__(
        self, unlocker: Unlocker, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Unlock — Circle Facilitator"))
        self.setModal(True)
        self._key: bytes | None = None

        title = heading(self.tr("Your records are encrypted"))
        text = QLabel(self.tr("Type your passphrase to open them. Nothing is readable without it."))
        text.setWordWrap(True)
        text.setPalette(muted(text))
        self.panel = UnlockPanel(unlocker, tasks)
        self.panel.unlocked.connect(self._on_unlocked)
        self.quit_button = QPushButton(self.tr("Quit"))
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.panel.busy_changed.connect(lambda busy: self.quit_button.setEnabled(not busy))
        self.panel.add_button(self.quit_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addSpacing(4)
        layout.addWidget(self.panel)
        self.setMinimumWidth(480)
        self.panel.focus_field()

    @property
    def key(self) -> bytes | None:
        """The data key, once unlocked."""
        return self._key

    def reject(self) -> None:
        """Quit, unless a check is running (its answer would have nowhere to go)."""
        if not self.panel.busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Closing the window is "Quit", with the same guard."""
        if self.panel.busy:
            event.ignore()
            return
        super().closeEvent(event)

    def _on_unlocked(self, key: bytes) -> None:
        self._key = key
        self.accept()
