"""How long the app may sit idle before it locks: a setting, and a small dialog to change it."""

from __future__ import annotations

from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.security.fields import muted

#: The idle time before the lock, unless the facilitator chose another.
DEFAULT_IDLE_MINUTES = 5
MIN_IDLE_MINUTES = 1
MAX_IDLE_MINUTES = 120
_KEY = "lock/idle_minutes"


class LockSettings:
    """The idle time before the lock, kept in ``settings`` (or only in memory without them).

    Args:
        settings: Where the value is kept, e.g. ``QSettings(organisation, application)``; tests
            pass one backed by a file under ``tmp_path``. ``None`` keeps it in memory only.
    """

    def __init__(self, settings: QSettings | None = None) -> None:
        self._settings = settings
        self._minutes = DEFAULT_IDLE_MINUTES
        if settings is not None:
            self._minutes = self._clamp(settings.value(_KEY, DEFAULT_IDLE_MINUTES))

    @property
    def idle_minutes(self) -> int:
        """Minutes without a key press or mouse movement before the app locks."""
        return self._minutes

    @idle_minutes.setter
    def idle_minutes(self, minutes: int) -> None:
        self._minutes = self._clamp(minutes)
        if self._settings is not None:
            self._settings.setValue(_KEY, self._minutes)
            self._settings.sync()

    @property
    def idle_seconds(self) -> float:
        """The same, in seconds."""
        return self._minutes * 60.0

    @staticmethod
    def _clamp(value: object) -> int:
        # QSettings hands back what the file holds, which may be text or nonsense.
        try:
            minutes = int(str(value))
        except ValueError:
            return DEFAULT_IDLE_MINUTES
        return min(max(minutes, MIN_IDLE_MINUTES), MAX_IDLE_MINUTES)


class IdleTimeDialog(QDialog):
    """Choose how many idle minutes lock the app.

    Args:
        settings: Where the choice is kept (written when accepted).
        parent: Qt parent.
    """

    def __init__(self, settings: LockSettings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Lock after idle time — Circle Facilitator"))
        self._settings = settings
        self.minutes = QSpinBox()
        self.minutes.setRange(MIN_IDLE_MINUTES, MAX_IDLE_MINUTES)
        self.minutes.setValue(settings.idle_minutes)
        self.minutes.setSuffix(self.tr(" min"))
        text = QLabel(
            self.tr(
                "With no key press or mouse movement for this long, the app hides everything "
                "and asks for the passphrase again. A laptop that slept locks when it wakes."
            )
        )
        text.setWordWrap(True)
        text.setPalette(muted(text))
        form = QFormLayout()
        form.addRow(self.tr("Lock after"), self.minutes)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 16)
        layout.setSpacing(12)
        layout.addLayout(form)
        layout.addWidget(text)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)
        self.minutes.setFocus(Qt.FocusReason.OtherFocusReason)

    def accept(self) -> None:
        """Keep the chosen time."""
        self._settings.idle_minutes = self.minutes.value()
        super().accept()
