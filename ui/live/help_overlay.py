"""The keyboard help (F1): every live action from the same table the shortcuts are built from."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from ui.actions import LIVE_ACTIONS, ActionSpec


def key_text(keys: tuple[str, ...]) -> str:
    """The keys of an action as the platform writes them (``Ctrl+Return`` or ``⌘↩``...)."""
    shown = [QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys]
    return QCoreApplication.translate("help_overlay", " or ").join(shown)


class HelpOverlay(QWidget):
    """A dimmed layer over the live view with a card of shortcuts, grouped as in the table.

    Click anywhere, F1 or Esc closes it. It follows its parent's size.

    Args:
        parent: The widget it covers.
        specs: The actions to list.
    """

    def __init__(self, parent: QWidget, specs: tuple[ActionSpec, ...] = LIVE_ACTIONS) -> None:
        super().__init__(parent)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.card = QFrame(self)
        self.card.setFrameShape(QFrame.Shape.StyledPanel)
        self.card.setAutoFillBackground(True)
        self.card.setBackgroundRole(QPalette.ColorRole.Base)
        title = QLabel(self.tr("Keyboard shortcuts"))
        font = QFont(title.font())
        font.setPointSizeF(font.pointSizeF() * 1.4)
        font.setBold(True)
        title.setFont(font)
        hint = QLabel(
            self.tr("Every action is also on the buttons below the circle. F1 or Esc closes this.")
        )
        hint.setWordWrap(True)

        groups: dict[str, list[ActionSpec]] = {}
        for spec in specs:
            groups.setdefault(spec.group, []).append(spec)
        columns = QHBoxLayout()
        columns.setSpacing(32)
        for group, members in groups.items():
            grid = QGridLayout()
            grid.setHorizontalSpacing(16)
            grid.setVerticalSpacing(6)
            heading = QLabel(QCoreApplication.translate("actions", group))
            heading_font = QFont(heading.font())
            heading_font.setBold(True)
            heading.setFont(heading_font)
            grid.addWidget(heading, 0, 0, 1, 2)
            for row, spec in enumerate(members, start=1):
                keys = QLabel(key_text(spec.keys))
                keys.setFont(QFont(heading_font))
                keys.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
                text = QLabel(QCoreApplication.translate("actions", spec.help))
                text.setWordWrap(True)
                text.setMinimumWidth(180)
                grid.addWidget(keys, row, 0)
                grid.addWidget(text, row, 1)
            grid.setRowStretch(len(members) + 1, 1)
            columns.addLayout(grid, 1)
        layout = QVBoxLayout(self.card)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(16)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(columns)
        parent.installEventFilter(self)
        self.hide()

    def texts(self) -> list[str]:
        """Every text on the card (for tests)."""
        return [label.text() for label in self.card.findChildren(QLabel)]

    def toggle(self) -> None:
        """Show the help, or hide it if shown."""
        if self.isVisible():
            self.hide()
        else:
            self.show_over_parent()

    def show_over_parent(self) -> None:
        """Cover the parent and show the card in its middle."""
        self._fit()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        """Follow the parent's size."""
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize:
            self._fit()
        return False

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt API
        """A click anywhere closes the help."""
        event.accept()
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt API
        """Dim what is behind."""
        painter = QPainter(self)
        painter.fillRect(self.rect(), QColor(0, 0, 0, 110))
        painter.end()

    def _fit(self) -> None:
        parent = self.parentWidget()
        if parent is None:
            return
        self.setGeometry(parent.rect())
        width = min(self.width() - 64, 1100)
        self.card.setFixedWidth(max(width, 320))
        self.card.adjustSize()
        height = min(self.card.sizeHint().height(), self.height() - 48)
        self.card.setFixedHeight(max(height, 120))
        self.card.move(
            (self.width() - self.card.width()) // 2, (self.height() - self.card.height()) // 2
        )
