"""Change the passphrase: the data key is wrapped again; the records are not re-encrypted."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.security.fields import PassphraseChooser, PassphraseField, busy_bar, error_line, muted
from ui.security.protection import Unlocker, secret_error_message
from ui.tasks import TaskRunner


class ChangePassphraseDialog(QDialog):
    """The current passphrase, then the new one twice.

    A wrong current passphrase gets the same message as at unlock, and is recorded as a failed
    unlock. Accepted once the new wrap is written.

    Args:
        unlocker: The store's key file.
        tasks: Where the slow key derivations run.
        parent: Qt parent.
    """

    def __init__(
        self, unlocker: Unlocker, tasks: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Change the passphrase — Circle Facilitator"))
        self.setModal(True)
        self._unlocker = unlocker
        self._tasks = tasks
        self._busy = False

        text = QLabel(
            self.tr(
                "The records stay as they are; only the lock on their key changes. The recovery "
                "code keeps working."
            )
        )
        text.setWordWrap(True)
        text.setPalette(muted(text))
        self.current = PassphraseField()
        self.chooser = PassphraseChooser()
        self.chooser.add_first_row(self.tr("Current passphrase"), self.current)
        self.error_label = error_line()
        self.busy_bar = busy_bar()
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setAutoDefault(False)
        self.cancel_button.clicked.connect(self.reject)
        self.change_button = QPushButton(self.tr("Change passphrase"))
        self.change_button.setDefault(True)
        self.change_button.clicked.connect(self.submit)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.change_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(text)
        layout.addWidget(self.chooser)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_bar)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

        self.chooser.validity_changed.connect(self._update_button)
        self.current.line_edit.textChanged.connect(self._update_button)
        self._update_button()
        self.current.setFocus(Qt.FocusReason.OtherFocusReason)

    def submit(self) -> None:
        """Check the current passphrase and wrap the key under the new one."""
        if self._busy or not self.change_button.isEnabled():
            return
        current, new = self.current.text(), self.chooser.passphrase()
        self.current.clear()
        self.chooser.clear()
        self.error_label.hide()
        self._set_busy(True)
        unlocker = self._unlocker
        self._tasks.run(
            lambda: unlocker.change_passphrase(current, new), self._on_done, self._on_failed
        )

    def reject(self) -> None:
        """Cancel, unless the new wrap is being written."""
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Closing is "Cancel", with the same guard."""
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)

    def _update_button(self, *_args: object) -> None:
        ready = self.chooser.valid and bool(self.current.text())
        self.change_button.setEnabled(ready and not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        for widget in (self.current, self.chooser, self.cancel_button):
            widget.setEnabled(not busy)
        self._update_button()

    def _on_done(self, _result: object) -> None:
        self._set_busy(False)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.error_label.setText(secret_error_message(exc))
        self.error_label.show()
        self.current.setFocus(Qt.FocusReason.OtherFocusReason)
