"""When the store cannot be opened: what happened, and restoring one of its backups.

:class:`StoreProblemView` is a dialog over the main window. It says in plain words why the store
did not open (the store's own message, which names only the file), lists the backups newest
first with their date and reason, and restores the one chosen: the backup is checked first,
the store file that failed is moved, untouched, into the quarantine folder (never deleted), and
a copy of the backup is put in its place. The caller then opens the store again.

Backups are also made from here, on a worker: at the end of a session and once a day.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from facilitator.storage.errors import StoreError

if TYPE_CHECKING:
    from facilitator.storage.backups import BackupInfo, BackupManager, RestoreReport
    from facilitator.storage.store import Store
    from ui.tasks import TaskRunner

_PATH_ROLE = Qt.ItemDataRole.UserRole


def reason_label(reason: str) -> str:
    """What a backup's reason means, in words."""
    labels = {
        "daily": QCoreApplication.translate("StoreProblemView", "daily backup"),
        "session": QCoreApplication.translate("StoreProblemView", "end of a session"),
        "manual": QCoreApplication.translate("StoreProblemView", "made by hand"),
        "pre-migration": QCoreApplication.translate("StoreProblemView", "before an update"),
    }
    return labels.get(reason, reason)


def describe_backup(info: BackupInfo) -> str:
    """One line for a backup: local date and time, why it was made, its size."""
    when = info.created_at.astimezone().strftime("%d %b %Y, %H:%M")
    size = f"{info.size / 1e6:.1f} MB"
    return f"{when} — {reason_label(info.reason.value)} — {size}"


class StoreProblemView(QDialog):
    """Explains why the store did not open and offers to restore one of its backups.

    Args:
        manager: The backups of the store that failed.
        message: Why it failed (a store error's message: safe to show).
        parent: The main window.
    """

    restored = Signal(object)
    """A backup was put in place (the :class:`RestoreReport`); open the store again."""

    def __init__(self, manager: BackupManager, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._manager = manager
        self._encrypted = False
        self.setWindowTitle(self.tr("The store could not be opened"))
        self.setMinimumWidth(560)

        heading = QLabel(self.tr("The store could not be opened"))
        font = heading.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        heading.setFont(font)
        self.message_label = QLabel(message)
        self.message_label.setWordWrap(True)
        self.explain_label = QLabel(
            self.tr(
                "Restoring a backup moves the store file aside into the quarantine folder, "
                "unchanged (it is never deleted), and puts a copy of the backup in its place. "
                "What was written after the backup was made is not in it."
            )
        )
        self.explain_label.setWordWrap(True)
        self.backups_list = QListWidget()
        self.backups_list.setSpacing(4)
        self.passphrase_edit = QLineEdit()
        self.passphrase_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.passphrase_edit.setPlaceholderText(self.tr("Passphrase of the store"))
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.buttons = QDialogButtonBox()
        self.restore_button = self.buttons.addButton(
            self.tr("Restore and open"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Close)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(12)
        for widget in (
            heading,
            self.message_label,
            self.explain_label,
            self.backups_list,
            self.passphrase_edit,
            self.status_label,
            self.buttons,
        ):
            layout.addWidget(widget)

        self.buttons.rejected.connect(self.reject)
        self.restore_button.clicked.connect(self.restore_selected)
        self.backups_list.currentRowChanged.connect(self._update)
        self.backups_list.itemDoubleClicked.connect(lambda _item: self.restore_selected())
        self._fill()

    def _fill(self) -> None:
        from facilitator.security.keyfile import has_key_file  # noqa: PLC0415 - on demand

        backups = self._manager.list_backups()
        for info in backups:
            item = QListWidgetItem(describe_backup(info))
            item.setData(_PATH_ROLE, str(info.path))
            self.backups_list.addItem(item)
        self._encrypted = has_key_file(self._manager.store)
        self.passphrase_edit.setVisible(self._encrypted)
        if backups:
            self.backups_list.setCurrentRow(0)
        else:
            self.backups_list.hide()
            self.status_label.setText(
                self.tr("There are no backups of this store in {folder}.").format(
                    folder=self._manager.folder.name
                )
            )
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(self.backups_list.currentRow() >= 0)

    def restore_selected(self) -> RestoreReport | None:
        """Check and restore the selected backup; ``None`` (and a message) if it failed."""
        if self.backups_list.currentRow() < 0:
            return None
        item = self.backups_list.currentItem()
        try:
            self._unlock()
            report = self._manager.restore(Path(str(item.data(_PATH_ROLE))))
        except StoreError as exc:
            self.status_label.setText(
                self.tr("Nothing was changed: {reason}").format(reason=str(exc))
            )
            return None
        self.restored.emit(report)
        self.accept()
        return report

    def _unlock(self) -> None:
        if not self._encrypted or self._manager.key is not None:
            return
        from facilitator.security.keyfile import WrongSecret, unlock  # noqa: PLC0415

        try:
            self._manager.key = unlock(self._manager.store, self.passphrase_edit.text())
        except WrongSecret as exc:
            raise StoreError(str(exc)) from None
        finally:
            self.passphrase_edit.clear()


def manager_for(db: str | None) -> BackupManager:
    """The backups of the store the app opens (``--db``, the environment, or the default).

    Raises:
        StoreError: the store is on a database server (its backups are the server's).
    """
    import os  # noqa: PLC0415 - only on this rare path

    from facilitator.storage.backups import backups_for_url  # noqa: PLC0415
    from facilitator.storage.database import resolve_url  # noqa: PLC0415

    return backups_for_url(resolve_url(db, os.environ))


def back_up_in_background(
    tasks: TaskRunner,
    store: Store,
    reason: str,
    on_failed: Callable[[str], object] | None = None,
) -> None:
    """Make a backup of ``store`` on a worker (``"daily"``: only if one is due).

    A store on a server is skipped quietly (its backups are the server's); any other failure
    goes to ``on_failed`` with a message safe to show.
    """
    from facilitator.storage.backups import BackupReason  # noqa: PLC0415 - off the GUI path

    def work() -> object:
        try:
            manager = store.backups
        except StoreError:
            return None
        if reason == BackupReason.DAILY.value:
            return manager.backup_if_due()
        return manager.backup(BackupReason(reason))

    def failed(exc: Exception) -> None:
        if on_failed is not None:
            on_failed(str(exc) if isinstance(exc, StoreError) else type(exc).__name__)

    tasks.run(work, lambda _made: None, failed)


def back_up_and_warn(parent: QWidget, tasks: TaskRunner, store: Store, reason: str) -> None:
    """Make a backup on a worker; a failure is shown in a warning over ``parent``."""

    def warn(message: str) -> None:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - only on failure

        # Not modal: the facilitator may be in the middle of something; nothing is lost.
        box = QMessageBox(
            QMessageBox.Icon.Warning,
            QCoreApplication.translate("StoreProblemView", "No backup was made"),
            QCoreApplication.translate(
                "StoreProblemView", "The backup could not be made: {reason}"
            ).format(reason=message),
            QMessageBox.StandardButton.Ok,
            parent,
        )
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    back_up_in_background(tasks, store, reason, warn)


def offer_restore(
    parent: QWidget, db: str | None, message: str, reopen: Callable[[], object]
) -> StoreProblemView | None:
    """Show the :class:`StoreProblemView` for the app's store; ``reopen`` once restored.

    A store on a server has no backups of ours: the dialog is not shown, a message says so.
    """
    try:
        manager = manager_for(db)
    except StoreError as exc:
        from PySide6.QtWidgets import QMessageBox  # noqa: PLC0415 - only on this path

        QMessageBox.information(
            parent,
            QCoreApplication.translate("StoreProblemView", "No backups here"),
            str(exc),
        )
        return None
    view = StoreProblemView(manager, message, parent)
    view.restored.connect(lambda _report: reopen())
    view.finished.connect(view.deleteLater)
    view.open()
    return view
