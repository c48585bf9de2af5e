"""The recovery code, shown once at set-up, large and printable.

The code unwraps the data key when the passphrase is forgotten. It is shown only here and never
stored in a readable form, so the dialog cannot be left until the facilitator says it is kept.
"""

from __future__ import annotations

import html
from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QFontDatabase, QKeyEvent, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.security.fields import heading, muted

#: Groups of the code per printed line: two short lines read back more easily than one long one.
_GROUPS_PER_LINE = 7


def code_lines(code: str) -> list[str]:
    """The code's dash-separated groups, a few to a line, for showing and printing."""
    groups = [g for g in code.split("-") if g]
    return [
        "-".join(groups[i : i + _GROUPS_PER_LINE]) for i in range(0, len(groups), _GROUPS_PER_LINE)
    ]


def _monospace(point_scale: float, base: QFont) -> QFont:
    font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
    font.setPointSizeF(base.pointSizeF() * point_scale)
    font.setBold(True)
    return font


class RecoveryCodeDialog(QDialog):
    """Shows the recovery code once, offers to print it, and asks that it be stored.

    Args:
        code: The recovery code.
        parent: Qt parent.
    """

    def __init__(self, code: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Recovery code — Circle Facilitator"))
        self.setModal(True)
        self._code = code

        title = heading(self.tr("Keep this recovery code safe"))
        text = QLabel(
            self.tr(
                "If the passphrase is forgotten, this code is the only way into the records. "
                "It is shown now and never again. Print it or write it down, and keep it "
                "locked away from this laptop."
            )
        )
        text.setWordWrap(True)
        self.code_label = QLabel("\n".join(code_lines(code)))
        self.code_label.setFont(_monospace(1.6, self.font()))
        self.code_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.code_label.setWordWrap(True)
        self.code_label.setTextFormat(Qt.TextFormat.PlainText)
        self.code_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.code_label.setAccessibleName(self.tr("Recovery code"))
        frame = QFrame()
        frame.setFrameShape(QFrame.Shape.StyledPanel)
        boxed = QVBoxLayout(frame)
        boxed.setContentsMargins(16, 16, 16, 16)
        boxed.addWidget(self.code_label)
        note = QLabel(self.tr("Anyone who has this code and the store file can read the records."))
        note.setWordWrap(True)
        note.setPalette(muted(note))

        self.print_button = QPushButton(self.tr("Print…"))
        self.print_button.setAutoDefault(False)
        self.print_button.clicked.connect(self.print_with_dialog)
        self.stored_check = QCheckBox(self.tr("I have stored the recovery code somewhere safe"))
        self.continue_button = QPushButton(self.tr("Continue"))
        self.continue_button.setEnabled(False)
        self.continue_button.setDefault(True)
        self.continue_button.clicked.connect(self.accept)
        self.stored_check.toggled.connect(self.continue_button.setEnabled)

        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.print_button)
        buttons.addStretch(1)
        buttons.addWidget(self.continue_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(12)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addWidget(frame)
        layout.addWidget(note)
        layout.addWidget(self.stored_check)
        layout.addLayout(buttons)
        self.setMinimumWidth(560)

    # ------------------------------------------------------------------ printing

    def print_with_dialog(self) -> None:
        """Choose a printer (or a PDF) and print the code."""
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(self.tr("Print the recovery code"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)

    def print_to(self, printer: QPrinter) -> None:
        """Print one page: what the code is for, the code in large type, and the date."""
        document = QTextDocument()
        document.setDefaultFont(QFont(self.font().family(), 12))
        mono = _monospace(1.0, self.font()).family()
        document.setHtml(
            "<h2>{title}</h2><p>{purpose}</p>"
            "<p style=\"font-family:'{mono}'; font-size:20pt; font-weight:bold; "
            'margin-top:24px; margin-bottom:24px">{code}</p>'
            "<p>{keep}</p><p>{made}</p>".format(
                title=html.escape(self.tr("Circle Facilitator — recovery code")),
                purpose=html.escape(
                    self.tr(
                        "This code opens the encrypted records if the passphrase is forgotten. "
                        "Keep it locked away, apart from the laptop."
                    )
                ),
                mono=html.escape(mono),
                code="<br>".join(html.escape(line) for line in code_lines(self._code)),
                keep=html.escape(
                    self.tr("Anyone who has this code and the store file can read the records.")
                ),
                made=html.escape(
                    self.tr("Printed on {date}.").format(date=date.today().isoformat())
                ),
            )
        )
        document.print_(printer)

    # ------------------------------------------------------------------ leaving

    def reject(self) -> None:
        """Esc leaves only once the code is stored: it is never shown again."""
        if self.stored_check.isChecked():
            super().reject()

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt API
        """Enter continues only once the code is stored."""
        if (
            event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not self.stored_check.isChecked()
        ):
            event.accept()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt API
        """The window stays until the code is stored."""
        if not self.stored_check.isChecked():
            event.ignore()
            return
        super().closeEvent(event)
