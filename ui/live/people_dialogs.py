"""Recording that someone left, withdrew consent, or how a withdrawal was resolved.

Each dialog opens without blocking, calls the controller when confirmed, and closes only when the
command succeeded: on a refusal or a write failure it stays open with the message and the text.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from ui.live.confirm import discard_answered
from ui.session_controller import SessionController


def _tr(text: str) -> str:
    return QCoreApplication.translate("people_dialogs", text)


class RecordDialog(QDialog):
    """A short form: an explanation, a free text, optionally who recorded it.

    Args:
        parent: The live view.
        title: Window title (never a name).
        explanation: What will be recorded.
        text_label: Label of the free-text field.
        accept_text: Title of the confirming button.
        submit: Called with (text, recorded_by); returns whether it was recorded.
        error: Reads the message of the last failure.
        recorded_by: Who records it, prefilled; ``None`` hides the field.
        text_required: Whether the free text may be empty.
    """

    def __init__(
        self,
        parent: QWidget,
        title: str,
        explanation: str,
        *,
        text_label: str,
        accept_text: str,
        submit: Callable[[str, str], bool],
        error: Callable[[], str | None],
        recorded_by: str | None = None,
        text_required: bool = False,
    ) -> None:
        super().__init__(parent)
        self._submit = submit
        self._error = error
        self._text_required = text_required
        self.setWindowTitle(title)
        self.setWindowModality(Qt.WindowModality.WindowModal)
        intro = QLabel(explanation)
        intro.setWordWrap(True)
        intro.setTextFormat(Qt.TextFormat.PlainText)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 4)
        self.recorded_by_edit = QLineEdit(recorded_by or "")
        self.message_label = QLabel()
        self.message_label.setWordWrap(True)
        self.message_label.setTextFormat(Qt.TextFormat.PlainText)
        self.message_label.hide()
        form = QFormLayout()
        form.addRow(text_label, self.text_edit)
        if recorded_by is not None:
            form.addRow(_tr("Recorded by"), self.recorded_by_edit)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.accept_button = self.buttons.addButton(
            accept_text, QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.accept_button.setDefault(True)
        self.buttons.accepted.connect(self._on_buttons_accepted)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message_label)
        layout.addWidget(self.buttons)
        self.resize(480, self.sizeHint().height())

    def _on_buttons_accepted(self) -> None:
        text = self.text_edit.toPlainText().strip()
        if self._text_required and not text:
            self._show(_tr("Please fill this in first."))
            return
        if self._submit(text, self.recorded_by_edit.text().strip()):
            self.accept()
            return
        self._show(self._error() or _tr("This could not be recorded."))

    def _show(self, message: str) -> None:
        self.message_label.setText(message)
        self.message_label.show()


def _keeper_name(controller: SessionController) -> str:
    keeper = controller.state.keeper_id
    return "" if keeper is None else controller.state.participant(keeper).display_name


def open_leave_dialog(parent: QWidget, controller: SessionController, pid: str) -> RecordDialog:
    """Ask for the reason someone leaves, then record it."""
    name = controller.state.participant(pid).spoken_name
    discard_answered(parent, RecordDialog)
    dialog = RecordDialog(
        parent,
        _tr("Someone leaves"),
        _tr("{name} leaves the session. They are skipped from now on.").format(name=name),
        text_label=_tr("Reason (optional)"),
        accept_text=_tr("Record"),
        submit=lambda text, _by: controller.leave(pid, text),
        error=lambda: controller.last_error,
    )
    dialog.open()
    return dialog


def open_withdraw_dialog(parent: QWidget, controller: SessionController, pid: str) -> RecordDialog:
    """Record a withdrawal of consent: they leave the rotation; an agreement waits for it."""
    name = controller.state.participant(pid).spoken_name
    discard_answered(parent, RecordDialog)
    dialog = RecordDialog(
        parent,
        _tr("Consent withdrawn"),
        _tr(
            "{name} withdraws consent. They take no more turns, and no agreement can be finalised "
            "until you record how this was resolved."
        ).format(name=name),
        text_label=_tr("Note (optional)"),
        accept_text=_tr("Record the withdrawal"),
        submit=lambda text, by: controller.withdraw_consent(pid, by, text),
        error=lambda: controller.last_error,
        recorded_by=_keeper_name(controller),
    )
    dialog.open()
    return dialog


def open_resolve_dialog(parent: QWidget, controller: SessionController, pid: str) -> RecordDialog:
    """Record how a withdrawal of consent was resolved."""
    name = controller.state.participant(pid).spoken_name
    discard_answered(parent, RecordDialog)
    dialog = RecordDialog(
        parent,
        _tr("Withdrawal resolved"),
        _tr("How was {name}'s withdrawal of consent resolved?").format(name=name),
        text_label=_tr("Resolution"),
        accept_text=_tr("Record"),
        submit=lambda text, by: controller.resolve_withdrawal(pid, text, by),
        error=lambda: controller.last_error,
        recorded_by=_keeper_name(controller),
        text_required=True,
    )
    dialog.open()
    return dialog
