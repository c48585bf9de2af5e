"""Small widgets the security dialogs share: a passphrase field and a passphrase chooser."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QWidget,
)

from ui.security.protection import (
    MIN_PASSPHRASE_LENGTH,
    Strength,
    passphrase_strength,
    strength_hint,
)


def muted(widget: QWidget) -> QPalette:
    """A palette for secondary text on ``widget`` that keeps contrast in light and dark themes."""
    palette = widget.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    return palette


def alert(widget: QWidget) -> QPalette:
    """A palette for an error line, legible on light and dark themes."""
    palette = widget.palette()
    dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
    palette.setColor(QPalette.ColorRole.WindowText, QColor("#ff8a80" if dark else "#b3261e"))
    return palette


def heading(text: str, scale: float = 1.4) -> QLabel:
    """A dialog's title line: bold and larger than the body text."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    font = QFont(label.font())
    font.setPointSizeF(font.pointSizeF() * scale)
    font.setBold(True)
    label.setFont(font)
    return label


def error_line() -> QLabel:
    """A hidden, wrapping error line in a colour legible on light and dark themes."""
    label = QLabel()
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setPalette(alert(label))
    label.hide()
    return label


def busy_bar() -> QProgressBar:
    """A thin, hidden, indeterminate bar shown while a key is derived."""
    bar = QProgressBar()
    bar.setRange(0, 0)
    bar.setTextVisible(False)
    bar.setMaximumHeight(8)
    bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
    bar.setAccessibleName(QCoreApplication.translate("security", "Working"))
    bar.hide()
    return bar


def link_button() -> QPushButton:
    """A flat button that reads as a link (the theme's link colour, underlined)."""
    button = QPushButton()
    button.setFlat(True)
    font = button.font()
    font.setUnderline(True)
    button.setFont(font)
    palette = button.palette()
    link = palette.color(QPalette.ColorRole.Link)
    if palette.color(QPalette.ColorRole.Window).lightness() < 128 and link.lightness() < 140:
        # Some dark themes keep the light theme's deep blue, unreadable on a dark window.
        link = QColor("#8ab4f8")
    palette.setColor(QPalette.ColorRole.ButtonText, link)
    button.setPalette(palette)
    button.setCursor(Qt.CursorShape.PointingHandCursor)
    button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
    return button


class PassphraseField(QWidget):
    """A masked line edit with a button that shows or hides what was typed.

    Args:
        placeholder: Grey text shown while empty.
        parent: Qt parent.
    """

    #: Enter was pressed in the field.
    submitted = Signal()

    def __init__(self, placeholder: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.line_edit = QLineEdit()
        self.line_edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.line_edit.setPlaceholderText(placeholder)
        # The secret never goes to the clipboard or an input method's history.
        self.line_edit.setInputMethodHints(
            Qt.InputMethodHint.ImhHiddenText
            | Qt.InputMethodHint.ImhSensitiveData
            | Qt.InputMethodHint.ImhNoPredictiveText
        )
        self.line_edit.returnPressed.connect(self.submitted)
        self.show_button = QToolButton()
        self.show_button.setCheckable(True)
        self.show_button.setText(self.tr("Show"))
        self.show_button.setToolTip(self.tr("Show or hide what you typed"))
        self.show_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.show_button.toggled.connect(self._on_show_toggled)
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line_edit, 1)
        layout.addWidget(self.show_button)
        self.setFocusProxy(self.line_edit)

    def text(self) -> str:
        """What was typed."""
        return self.line_edit.text()

    def clear(self) -> None:
        """Forget what was typed, and mask again."""
        self.line_edit.clear()
        self.show_button.setChecked(False)

    def _on_show_toggled(self, shown: bool) -> None:
        self.line_edit.setEchoMode(
            QLineEdit.EchoMode.Normal if shown else QLineEdit.EchoMode.Password
        )
        self.show_button.setText(self.tr("Hide") if shown else self.tr("Show"))


class PassphraseChooser(QWidget):
    """A new passphrase typed twice, with a strength hint and whether the two match.

    Args:
        parent: Qt parent.
    """

    #: Whether the passphrase can be used changed (long enough and typed the same twice).
    validity_changed = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.first = PassphraseField(
            self.tr("At least {n} characters").format(n=MIN_PASSPHRASE_LENGTH)
        )
        self.second = PassphraseField()
        self.hint_label = QLabel()
        self.hint_label.setWordWrap(True)
        self.hint_label.setTextFormat(Qt.TextFormat.PlainText)
        self.hint_label.setPalette(muted(self.hint_label))
        self._form = form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(8)
        form.addRow(self.tr("New passphrase"), self.first)
        form.addRow(self.tr("Type it again"), self.second)
        form.addRow("", self.hint_label)
        self._valid = False
        self.first.line_edit.textChanged.connect(self._on_changed)
        self.second.line_edit.textChanged.connect(self._on_changed)
        self._on_changed()

    @property
    def valid(self) -> bool:
        """Whether the passphrase is long enough and both fields agree."""
        return self._valid

    def add_first_row(self, label: str, field: QWidget) -> None:
        """Put another field above the two (e.g. the current passphrase), aligned with them."""
        self._form.insertRow(0, label, field)

    def passphrase(self) -> str:
        """The chosen passphrase (check :attr:`valid` first)."""
        return self.first.text()

    def clear(self) -> None:
        """Forget both fields."""
        self.first.clear()
        self.second.clear()

    def _on_changed(self) -> None:
        text, again = self.first.text(), self.second.text()
        strength = passphrase_strength(text)
        if not text:
            hint = self.tr("A few unrelated words make a good passphrase.")
        elif again and again != text:
            hint = self.tr("The two passphrases differ.")
        else:
            hint = strength_hint(text)
        self.hint_label.setText(hint)
        valid = strength is not Strength.TOO_SHORT and text == again
        if valid != self._valid:
            self._valid = valid
            self.validity_changed.emit(valid)
