"""Non-blocking confirmations and dialogs: they open, the session keeps running behind them.

Answered boxes and dialogs are not deleted as they close (``WA_DeleteOnClose``): deleting a box
while the signal of its own button is being delivered to a Python closure crashed the process in
our tests. They are hidden, and deleted when the next one of their kind opens.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QMessageBox, QWidget


def discard_answered(parent: QWidget, kind: type[QWidget]) -> None:
    """Delete the hidden (answered) children of ``parent`` of class ``kind``."""
    for old in parent.findChildren(kind):
        if old.isWindow() and not old.isVisible():
            old.deleteLater()


def confirm(
    parent: QWidget,
    title: str,
    text: str,
    accept_text: str,
    on_accept: Callable[[], object],
) -> QMessageBox:
    """Ask before doing something that changes the record; call ``on_accept`` if confirmed.

    The box is window-modal and opened with ``open()``: the GUI never waits in a nested event
    loop, and timers keep repainting behind it. The confirming button is the default, so Enter
    confirms and Esc cancels.

    Returns:
        The open message box.
    """
    discard_answered(parent, QMessageBox)
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setText(text)
    box.setTextFormat(Qt.TextFormat.PlainText)
    yes = box.addButton(accept_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(yes)
    box.setEscapeButton(QMessageBox.StandardButton.Cancel)
    box.setWindowModality(Qt.WindowModality.WindowModal)

    def _on_box_clicked(button: QAbstractButton) -> None:
        if button is yes:
            on_accept()

    box.buttonClicked.connect(_on_box_clicked)
    box.open()
    return box
