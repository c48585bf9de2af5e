"""The unlock form shared by the start-up dialog and the lock screen.

A passphrase (or, on request, the recovery code) is checked on a worker: the key derivation
takes about half a second on purpose, and the window keeps painting meanwhile. Every refusal
gets the same message, whichever secret was typed and whatever was wrong with it.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.security.fields import PassphraseField, busy_bar, error_line, link_button
from ui.security.protection import Unlocker, secret_error_message
from ui.tasks import TaskRunner


class UnlockPanel(QWidget):
    """Passphrase or recovery code, an Unlock button, a busy bar and one error line.

    With no unlocker (records that are not encrypted) the panel is only an Unlock button: there
    is no secret to check.

    Args:
        unlocker: Checks secrets against the key file, or ``None`` for unencrypted records.
        tasks: Where the slow check runs.
        parent: Qt parent.
    """

    #: The secret was accepted; the data key (``b""`` for unencrypted records).
    unlocked = Signal(object)
    #: A check started (``True``) or ended (``False``).
    busy_changed = Signal(bool)

    def __init__(
        self, unlocker: Unlocker | None, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._unlocker = unlocker
        self._tasks = tasks
        self._recovery = False
        self._busy = False

        self.field_label = QLabel()
        self.field = PassphraseField()
        self.field_label.setBuddy(self.field.line_edit)
        self.field.submitted.connect(self.submit)
        # A way out, not the main action: it reads as a link.
        self.mode_button = link_button()
        self.mode_button.clicked.connect(lambda: self.set_recovery(not self._recovery))
        self.error_label = error_line()
        self.busy_bar = busy_bar()
        self.unlock_button = QPushButton(self.tr("Unlock"))
        self.unlock_button.setDefault(True)
        self.unlock_button.clicked.connect(self.submit)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        if unlocker is not None:
            layout.addWidget(self.field_label)
            layout.addWidget(self.field)
        else:
            self.field.hide()
            self.field_label.hide()
            self.mode_button.hide()
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_bar)
        row = QHBoxLayout()
        row.setSpacing(8)
        if unlocker is not None:
            row.addWidget(self.mode_button)
        row.addStretch(1)
        row.addWidget(self.unlock_button)
        layout.addLayout(row)
        self._row = row
        self.set_recovery(False)

    # ------------------------------------------------------------------ reading

    @property
    def busy(self) -> bool:
        """Whether a secret is being checked."""
        return self._busy

    @property
    def recovery(self) -> bool:
        """Whether the field takes the recovery code instead of the passphrase."""
        return self._recovery

    # ------------------------------------------------------------------ acting

    def add_button(self, button: QPushButton) -> None:
        """Put ``button`` beside Unlock, on its left (e.g. the start-up dialog's Quit)."""
        self._row.insertWidget(self._row.indexOf(self.unlock_button), button)

    def set_recovery(self, on: bool) -> None:
        """Ask for the recovery code (``True``) or the passphrase (``False``)."""
        self._recovery = on
        if on:
            self.field_label.setText(self.tr("&Recovery code"))
            self.mode_button.setText(self.tr("Use the passphrase instead"))
        else:
            self.field_label.setText(self.tr("&Passphrase"))
            self.mode_button.setText(self.tr("Forgot it? Use the recovery code"))
        self.field.clear()
        self.error_label.hide()
        self.focus_field()

    def focus_field(self) -> None:
        """Put the cursor where the secret goes (or on the button, for unencrypted records)."""
        target = self.field if self._unlocker is not None else self.unlock_button
        target.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        """Check what was typed; :attr:`unlocked` follows if it is right."""
        if self._busy:
            return
        unlocker = self._unlocker
        if unlocker is None:
            self.unlocked.emit(b"")
            return
        secret = self.field.text()
        if not secret:
            self._show_error(
                self.tr("Type the recovery code.")
                if self._recovery
                else self.tr("Type the passphrase.")
            )
            return
        # The field is emptied at once: the secret lives only as long as the check.
        self.field.clear()
        self.error_label.hide()
        self._set_busy(True)
        recovery = self._recovery
        self._tasks.run(
            lambda: unlocker.unlock(secret, recovery=recovery), self._on_done, self._on_failed
        )

    # ------------------------------------------------------------------ internals

    def _on_done(self, key: bytes) -> None:
        self._set_busy(False)
        self.unlocked.emit(key)

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self._show_error(secret_error_message(exc))
        self.focus_field()

    def _show_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.show()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        for widget in (self.field, self.mode_button, self.unlock_button):
            widget.setEnabled(not busy)
        self.busy_changed.emit(busy)
