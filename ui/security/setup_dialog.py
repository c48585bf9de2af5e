"""First run: protect the new store with a passphrase, or, by an explicit choice, do not.

Encryption is the default. Keeping the records unencrypted needs a second, clearly worded
confirmation. Choosing a passphrase creates the key file (on a worker: the key derivation is
slow on purpose) and then shows the recovery code once.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ui.security.fields import PassphraseChooser, alert, busy_bar, error_line, heading, muted
from ui.security.protection import secret_error_message
from ui.security.recovery_dialog import RecoveryCodeDialog
from ui.tasks import TaskRunner

if TYPE_CHECKING:
    from facilitator.security.keyfile import KdfParams


class SetupDialog(QDialog):
    """Chooses how the new store is protected.

    Accepted with :attr:`encrypted` and :attr:`key` set (the data key, or ``None`` for an
    unencrypted store); rejected by "Quit", and then no file has been created.

    Args:
        db_path: The SQLite file about to be created.
        tasks: Where the key file is created.
        kdf_params: Key-derivation settings (``None``: the safe default); tests pass fast ones.
        parent: Qt parent (the main window).
    """

    def __init__(
        self,
        db_path: Path,
        tasks: TaskRunner,
        kdf_params: KdfParams | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Protect your records — Circle Facilitator"))
        self.setModal(True)
        self._db_path = db_path
        self._tasks = tasks
        self._kdf_params = kdf_params
        self._key: bytes | None = None
        self._encrypted = True
        self._busy = False
        self.recovery_dialog: RecoveryCodeDialog | None = None

        title = heading(self.tr("Protect your records"))
        intro = QLabel(
            self.tr(
                "Circle Facilitator keeps what people said about harm, and the names of those "
                "involved, on this laptop. Encrypt them with a passphrase so that nobody can "
                "read them if the laptop is lost."
            )
        )
        intro.setWordWrap(True)

        self.encrypt_radio = QRadioButton(
            self.tr("&Encrypt the records with a passphrase (recommended)")
        )
        self.plain_radio = QRadioButton(self.tr("&Keep the records unencrypted"))
        self.encrypt_radio.setChecked(True)
        choice = QButtonGroup(self)
        choice.addButton(self.encrypt_radio)
        choice.addButton(self.plain_radio)

        self.chooser = PassphraseChooser()
        self.plain_confirm = QCheckBox(
            self.tr("I understand that the records will be readable without a passphrase")
        )
        self.pages = self._build_pages()
        self.error_label = error_line()
        self.busy_bar = busy_bar()
        self.quit_button = QPushButton(self.tr("Quit"))
        self.continue_button = QPushButton(self.tr("Continue"))
        buttons = self._build_buttons()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addWidget(self.encrypt_radio)
        layout.addWidget(self.plain_radio)
        layout.addWidget(self.pages)
        layout.addWidget(self.error_label)
        layout.addWidget(self.busy_bar)
        layout.addLayout(buttons)
        self.setMinimumWidth(600)

        self.encrypt_radio.toggled.connect(self._on_choice_toggled)
        self.chooser.validity_changed.connect(self._update_continue)
        self.plain_confirm.toggled.connect(self._update_continue)
        self._on_choice_toggled()
        self.chooser.first.setFocus(Qt.FocusReason.OtherFocusReason)

    # ------------------------------------------------------------------ reading

    @property
    def encrypted(self) -> bool:
        """Whether the store is to be encrypted."""
        return self._encrypted

    @property
    def key(self) -> bytes | None:
        """The new data key (``None`` for an unencrypted store, or before set-up)."""
        return self._key

    # ------------------------------------------------------------------ acting

    def submit(self) -> None:
        """Create the key file and show the recovery code, or accept the unencrypted choice."""
        if self._busy or not self.continue_button.isEnabled():
            return
        if not self.encrypt_radio.isChecked():
            self._encrypted = False
            self._key = None
            self.accept()
            return
        passphrase = self.chooser.passphrase()
        self.chooser.clear()
        self._set_busy(True)
        db_path, params = self._db_path, self._kdf_params

        def work() -> tuple[bytes, str]:
            from facilitator.security.keyfile import create_key_file  # noqa: PLC0415 - slow

            return create_key_file(db_path, passphrase, params=params)

        self._tasks.run(work, self._on_created, self._on_failed)

    def reject(self) -> None:
        """Quit, unless the key file is being made."""
        if not self._busy:
            super().reject()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """Closing is "Quit", with the same guard."""
        if self._busy:
            event.ignore()
            return
        super().closeEvent(event)

    # ------------------------------------------------------------------ internals

    def _build_buttons(self) -> QHBoxLayout:
        self.quit_button.setAutoDefault(False)
        self.quit_button.clicked.connect(self.reject)
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.submit)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.quit_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        return buttons

    def _build_pages(self) -> QStackedWidget:
        chooser_page = QWidget()
        chooser_layout = QVBoxLayout(chooser_page)
        chooser_layout.setContentsMargins(28, 0, 0, 0)
        chooser_layout.addWidget(self.chooser)
        forgotten = QLabel(
            self.tr("A forgotten passphrase cannot be reset; a recovery code follows next.")
        )
        forgotten.setWordWrap(True)
        forgotten.setPalette(muted(forgotten))
        chooser_layout.addWidget(forgotten)
        chooser_layout.addStretch(1)

        plain_warning = QLabel(
            self.tr(
                "Anyone who gets this laptop, a backup or the store file can read every note, "
                "name and agreement in it. Choose this only if the laptop's own disk encryption "
                "protects the records."
            )
        )
        plain_warning.setWordWrap(True)
        plain_warning.setPalette(alert(plain_warning))
        plain_page = QWidget()
        plain_layout = QVBoxLayout(plain_page)
        plain_layout.setContentsMargins(28, 0, 0, 0)
        plain_layout.setSpacing(8)
        plain_layout.addWidget(plain_warning)
        plain_layout.addWidget(self.plain_confirm)
        plain_layout.addStretch(1)

        pages = QStackedWidget()
        pages.addWidget(chooser_page)
        pages.addWidget(plain_page)
        return pages

    def _on_choice_toggled(self, *_args: object) -> None:
        encrypt = self.encrypt_radio.isChecked()
        self.pages.setCurrentIndex(0 if encrypt else 1)
        self.continue_button.setText(
            self.tr("Continue") if encrypt else self.tr("Keep unencrypted")
        )
        self._update_continue()

    def _update_continue(self, *_args: object) -> None:
        ready = (
            self.chooser.valid if self.encrypt_radio.isChecked() else self.plain_confirm.isChecked()
        )
        self.continue_button.setEnabled(ready and not self._busy)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.busy_bar.setVisible(busy)
        for widget in (self.encrypt_radio, self.plain_radio, self.pages, self.quit_button):
            widget.setEnabled(not busy)
        self._update_continue()

    def _on_created(self, result: tuple[bytes, str]) -> None:
        key, code = result
        self._set_busy(False)
        self._key = key
        self._encrypted = True
        dialog = RecoveryCodeDialog(code, self)
        dialog.accepted.connect(self.accept)
        self.recovery_dialog = dialog
        dialog.open()

    def _on_failed(self, exc: Exception) -> None:
        self._set_busy(False)
        self.error_label.setText(secret_error_message(exc))
        self.error_label.show()
