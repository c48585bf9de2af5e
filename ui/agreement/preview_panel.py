"""The agreement PDF shown inside the app, with Save… and Print….

The PDF is handed over as bytes (rendered and sealed on a worker by the page) and loaded from a
QBuffer, so no file with a case's details is written until the facilitator saves one.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QPointF, QRect, QSize
from PySide6.QtGui import QPainter
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QFileDialog, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget


def pdf_file_name(case_reference: str, version: int, *, paper: bool) -> str:
    """A file name for the saved agreement: the case reference, never a person's name."""
    safe = re.sub(r"[^A-Za-z0-9._-]+", "-", case_reference).strip("-.") or "agreement"
    suffix = "-for-signing" if paper else ""
    return f"agreement-{safe}-v{version}{suffix}.pdf"


class PreviewPanel(QWidget):
    """Shows a PDF given as bytes; saves it to a folder or prints it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._data = b""
        self._file_name = "agreement.pdf"
        self._buffer: QBuffer | None = None
        self.document = QPdfDocument(self)
        self.view = QPdfView()
        self.view.setDocument(self.document)
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        # Actual size reads like the printed page and fits 1366 px with room to spare.
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(1.0)
        self.status_label = QLabel(self.tr("Nothing to show yet."))
        self.status_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save…"))
        self.print_button = QPushButton(self.tr("Print…"))
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.status_label, 1)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.print_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(8)
        layout.addLayout(buttons)
        layout.addWidget(self.view, 1)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.print_button.clicked.connect(self._on_print_clicked)
        self._update_buttons()

    @property
    def pdf_bytes(self) -> bytes:
        """The PDF shown, exactly as it would be saved."""
        return self._data

    def set_status(self, text: str) -> None:
        """A line above the document (rendering…, sealed, a failure)."""
        self.status_label.setText(text)

    def show_pdf(self, data: bytes, file_name: str, status: str) -> None:
        """Show ``data``; Save… proposes ``file_name``."""
        self.document.close()
        if self._buffer is not None:
            self._buffer.close()
            self._buffer.deleteLater()
        self._data = data
        self._file_name = file_name
        buffer = QBuffer(self)
        buffer.setData(QByteArray(data))
        buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self._buffer = buffer
        self.document.load(buffer)
        self.status_label.setText(status)
        self._update_buttons()

    def save_to(self, folder: Path) -> Path:
        """Write the PDF into ``folder`` (replacing a file of the same name) and return its path.

        Raises:
            OSError: the file cannot be written.
        """
        target = folder / self._file_name
        part = target.with_name(target.name + ".part")
        try:
            part.write_bytes(self._data)
            part.replace(target)
        except OSError:
            part.unlink(missing_ok=True)
            raise
        return target

    def print_dialog(self, printer: QPrinter) -> QPrintDialog:
        """The print dialog for ``printer`` (built apart so it can be checked without printing)."""
        dialog = QPrintDialog(printer, self)
        dialog.setMinMax(1, max(self.document.pageCount(), 1))
        return dialog

    def _update_buttons(self) -> None:
        has_pdf = bool(self._data)
        self.save_button.setEnabled(has_pdf)
        self.print_button.setEnabled(has_pdf)

    def _on_save_clicked(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, self.tr("Save the agreement in"))
        if not folder:
            return
        try:
            path = self.save_to(Path(folder))
        except OSError as exc:
            self.set_status(self.tr("Could not save: {reason}").format(reason=exc.strerror or ""))
            return
        self.set_status(self.tr("Saved as {name}.").format(name=path.name))

    def _on_print_clicked(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        if self.print_dialog(printer).exec() != QPrintDialog.DialogCode.Accepted:
            return
        painter = QPainter()
        if not painter.begin(printer):
            self.set_status(self.tr("The printer could not be started."))
            return
        page_rect = printer.pageRect(QPrinter.Unit.DevicePixel).toRect()
        for page in range(self.document.pageCount()):
            if page:
                printer.newPage()
            size = self.document.pagePointSize(page)
            scale = min(page_rect.width() / size.width(), page_rect.height() / size.height())
            image = self.document.render(
                page, QSize(int(size.width() * scale), int(size.height() * scale))
            )
            painter.drawImage(QPointF(0, 0), image, QRect(image.rect()))
        painter.end()
        self.set_status(self.tr("Sent to the printer."))
