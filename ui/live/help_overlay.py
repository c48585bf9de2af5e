"""The keyboard help (F1): every live action from the same table the shortcuts are built from."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtGui import QColor, QFont, QKeySequence, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QVBoxLayout, QWidget

from ui.actions import LIVE_ACTIONS, ActionSpec


def key_text(keys: tuple[str, ...]) -> str:
    """The keys of an action as the platform writes them (``Ctrl+Return`` or ``⌘↩``...)."""
    shown = [QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys]
    return " / ".join(shown)


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
            self.tr(
                "Every action also has a button on this screen or in the menus. "
                "F1 or Esc closes this."
            )
        )
        hint.setWordWrap(True)

        groups: dict[str, list[ActionSpec]] = {}
        for spec in specs:
            groups.setdefault(spec.group, []).append(spec)
        # Two groups side by side, so the card fits a 1366x768 screen.
        columns = QGridLayout()
        columns.setHorizontalSpacing(32)
        columns.setVerticalSpacing(16)
        for index, (group, members) in enumerate(groups.items()):
            columns.addLayout(self._group_grid(group, members), index // 2, index % 2)
        layout = QVBoxLayout(self.card)
        self._card_layout = layout
        layout.setContentsMargins(24, 24, 24, 24)
        layout.setSpacing(16)
        layout.addWidget(title)
        layout.addWidget(hint)
        layout.addLayout(columns)
        parent.installEventFilter(self)
        self.hide()

    @staticmethod
    def _group_grid(group: str, members: list[ActionSpec]) -> QGridLayout:
        grid = QGridLayout()
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(4)
        heading = QLabel(QCoreApplication.translate("actions", group))
        bold = QFont(heading.font())
        bold.setBold(True)
        heading.setFont(bold)
        grid.addWidget(heading, 0, 0, 1, 2)
        for row, spec in enumerate(members, start=1):
            keys = QLabel(key_text(spec.keys))
            keys.setFont(bold)
            keys.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            text = QLabel(QCoreApplication.translate("actions", spec.help))
            text.setWordWrap(True)
            text.setMinimumWidth(200)
            grid.addWidget(keys, row, 0)
            grid.addWidget(text, row, 1)
        grid.setColumnStretch(1, 1)
        grid.setRowStretch(len(members) + 1, 1)
        return grid

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
        width = max(min(self.width() - 64, 960), 320)
        layout = self._card_layout
        wanted = layout.heightForWidth(width) if layout.hasHeightForWidth() else -1
        height = wanted if wanted > 0 else self.card.sizeHint().height()
        self.card.setFixedSize(width, max(min(height, self.height() - 48), 120))
        self.card.move(
            (self.width() - self.card.width()) // 2, (self.height() - self.card.height()) // 2
        )
