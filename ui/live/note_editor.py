"""Note capture, one keystroke away: N opens it, Ctrl+Enter saves, Esc goes back to the circle.

The note is tagged by the engine with the speaker, round and phase of the moment it is saved; the
tag line shows what that will be. The kind is chosen with Ctrl+1..5, the visibility with
Ctrl+Shift+S (facilitator-only by default, and said so). "Saved" appears only once the store has
committed the note; on a failure the text stays and the message says why.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.domain.notes import NoteKind, Visibility
from facilitator.engine.timers import TimerStatus
from ui.live.look import KIND_KEYS, kind_label, mix, status_colour, visibility_label
from ui.session_controller import SessionController


class NoteEditor(QWidget):
    """A draft note, its kind and visibility, and whether it is saved.

    Args:
        controller: The live session.
        parent: Qt parent.
    """

    #: A note was stored (its id).
    saved = Signal(str)

    def __init__(self, controller: SessionController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._controller = controller
        self._visibility = Visibility.FACILITATOR_ONLY

        self.tag_label = QLabel()
        self.tag_label.setTextFormat(Qt.TextFormat.PlainText)
        self.text_edit = QPlainTextEdit()
        self.text_edit.setPlaceholderText(
            self.tr("Press N to write a note about what is said; Ctrl+Enter saves it.")
        )
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.text_edit.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 12)
        self.text_edit.setAccessibleName(self.tr("Note"))

        self.kind_group = QButtonGroup(self)
        self.kind_group.setExclusive(True)
        self.kind_buttons: dict[NoteKind, QToolButton] = {}
        kinds = self._build_kinds()

        self.visibility_button = QToolButton()
        self.visibility_button.setCheckable(True)
        self.visibility_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.visibility_button.setToolTip(
            self.tr("Facilitator-only notes never leave this laptop (Ctrl+Shift+S to switch)")
        )
        self.visibility_button.toggled.connect(self._on_visibility_toggled)
        self.save_button = QPushButton(self.tr("Save note"))
        self.save_button.setToolTip(self.tr("Ctrl+Enter"))
        self.save_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.save_button.clicked.connect(self.save)
        self.status_label = QLabel()
        self.status_label.setTextFormat(Qt.TextFormat.PlainText)
        self.status_label.setWordWrap(True)

        controls = QHBoxLayout()
        controls.setSpacing(8)
        controls.addLayout(kinds)
        controls.addStretch(1)
        controls.addWidget(self.visibility_button)
        controls.addWidget(self.save_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.tag_label)
        layout.addWidget(self.text_edit, 1)
        layout.addLayout(controls)
        layout.addWidget(self.status_label)

        self.text_edit.textChanged.connect(self._on_text_changed)
        controller.changed.connect(self._refresh_tag)
        self._show_visibility()
        self._refresh_tag()

    # ------------------------------------------------------------------ reading

    @property
    def kind(self) -> NoteKind:
        """The kind the note will be saved with."""
        return KIND_KEYS[self.kind_group.checkedId() - 1]

    @property
    def visibility(self) -> Visibility:
        """Who may see the note once saved."""
        return self._visibility

    @property
    def draft(self) -> str:
        """The text typed so far."""
        return self.text_edit.toPlainText()

    # ------------------------------------------------------------------ acting

    def focus_editor(self) -> None:
        """Put the cursor in the note field (N)."""
        self.text_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def is_typing(self) -> bool:
        """Whether the note field has the keyboard focus."""
        return self.text_edit.hasFocus()

    def set_kind(self, kind: NoteKind) -> None:
        """Choose the note's kind (Ctrl+1..5)."""
        self.kind_buttons[kind].setChecked(True)

    def toggle_visibility(self) -> None:
        """Switch between facilitator-only and shareable (Ctrl+Shift+S)."""
        self.visibility_button.toggle()

    def set_visibility(self, visibility: Visibility) -> None:
        """Set who may see the note."""
        self.visibility_button.setChecked(visibility is Visibility.SHAREABLE)

    def save(self) -> str | None:
        """Store the draft; returns the note's id once committed, else ``None`` (text kept)."""
        note_id = self._controller.add_note(self.kind, self.draft, self._visibility)
        if note_id is None:
            message = self._controller.last_error or self.tr("The note could not be saved.")
            self._show_status(
                self.tr("Not saved: {message}").format(message=message), TimerStatus.OVER
            )
            return None
        self.text_edit.blockSignals(True)
        self.text_edit.clear()
        self.text_edit.blockSignals(False)
        # Back to the safe default after each note: nothing becomes shareable by accident.
        self.set_visibility(Visibility.FACILITATOR_ONLY)
        self._show_status(self.tr("Saved ✓"), TimerStatus.OK)
        self.saved.emit(note_id)
        return note_id

    # ------------------------------------------------------------------ internals

    def _build_kinds(self) -> QHBoxLayout:
        kinds = QHBoxLayout()
        kinds.setSpacing(4)
        for number, kind in enumerate(KIND_KEYS, start=1):
            button = QToolButton()
            button.setText(kind_label(kind))
            button.setCheckable(True)
            button.setToolTip(self.tr("Note kind (Ctrl+{n})").format(n=number))
            button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.kind_group.addButton(button, number)
            self.kind_buttons[kind] = button
            kinds.addWidget(button)
        self.kind_buttons[NoteKind.OBSERVATION].setChecked(True)
        self.kind_group.idToggled.connect(self._on_kind_toggled)
        self._on_kind_toggled()
        return kinds

    def _on_kind_toggled(self, *_args: object) -> None:
        # Bold as well as pressed: a pressed button is faint in some palettes.
        for kind, button in self.kind_buttons.items():
            font = button.font()
            font.setBold(kind is self.kind)
            button.setFont(font)

    def _on_text_changed(self) -> None:
        if self.draft.strip():
            self._show_status(self.tr("Draft, not saved yet"), TimerStatus.NEAR)
        else:
            self._show_status("", TimerStatus.OK)

    def _on_visibility_toggled(self, checked: bool) -> None:
        self._visibility = Visibility.SHAREABLE if checked else Visibility.FACILITATOR_ONLY
        self._show_visibility()

    def _show_visibility(self) -> None:
        # Shareable is the exception, so it stands out; facilitator-only is the quiet default.
        shareable = self._visibility is Visibility.SHAREABLE
        self.visibility_button.setText(visibility_label(self._visibility))
        font = self.visibility_button.font()
        font.setBold(shareable)
        self.visibility_button.setFont(font)

    def _show_status(self, text: str, tone: TimerStatus) -> None:
        self.status_label.setText(text)
        palette = self.status_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, status_colour(tone, self.palette()))
        self.status_label.setPalette(palette)

    def _refresh_tag(self) -> None:
        state = self._controller.state
        parts: list[str] = []
        if state.holder is not None:
            parts.append(state.participant(state.holder).spoken_name)
        else:
            parts.append(self.tr("no speaker"))
        if state.round is not None:
            parts.append(self.tr("round {n}").format(n=state.round.round_no))
        if state.phase is not None:
            parts.append(state.phase.title)
        self.tag_label.setText(self.tr("Note, tagged: {tags}").format(tags=" · ".join(parts)))
        muted = mix(
            self.palette().color(QPalette.ColorRole.Window),
            self.palette().color(QPalette.ColorRole.WindowText),
            0.7,
        )
        palette = self.tag_label.palette()
        palette.setColor(QPalette.ColorRole.WindowText, muted)
        self.tag_label.setPalette(palette)
