"""A reviewed session's notes as a table, in the order written: when, phase, round, who, what.

Facilitator-only notes say so in bold in their own column; struck notes stay, struck through,
with the reason in their tooltip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from facilitator.domain.notes import Note, Visibility
from ui.live.look import clock_text, kind_label, visibility_label
from ui.models.note_rows import NoteRowsModel


class ReviewNotesModel(NoteRowsModel):
    """Rows of :class:`Note`, oldest first, read-only."""

    COLUMNS = ("time", "phase", "round", "speaker", "kind", "visibility", "text")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}
        self._phases: tuple[str, ...] = ()

    def set_notes(
        self, notes: Sequence[Note], speaker_names: Mapping[str, str], phases: Sequence[str]
    ) -> None:
        """Show ``notes``.

        Args:
            notes: The notes in the order written.
            speaker_names: Participant id -> name.
            phases: Phase titles by index.
        """
        self.beginResetModel()
        self._rows = list(notes)
        self._names = dict(speaker_names)
        self._phases = tuple(phases)
        self.endResetModel()

    def _titles(self) -> dict[str, str]:
        return {
            "time": self.tr("Time"),
            "phase": self.tr("Phase"),
            "round": self.tr("Round"),
            "speaker": self.tr("Speaker"),
            "kind": self.tr("Kind"),
            "visibility": self.tr("Visibility"),
            "text": self.tr("Note"),
        }

    def _display(self, note: Note, column: str) -> str:
        values = {
            "time": lambda: clock_text(note.created_at),
            "phase": lambda: self._phase(note.phase_index),
            "round": lambda: "" if note.round_no is None else str(note.round_no),
            "speaker": lambda: self._names.get(note.speaker_id or "", ""),
            "kind": lambda: kind_label(note.kind),
            "visibility": lambda: visibility_label(note.visibility),
            "text": lambda: " ".join(note.text.split()),
        }
        return values[column]()

    def _phase(self, index: int | None) -> str:
        if index is None or not 0 <= index < len(self._phases):
            return ""
        return self._phases[index]

    def _look(self, note: Note, column: str, role: int) -> object:
        if role == Qt.ItemDataRole.FontRole:
            return self._font(note, column)
        if role == Qt.ItemDataRole.ForegroundRole and note.struck:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return None

    @staticmethod
    def _font(note: Note, column: str) -> QFont | None:
        private = column == "visibility" and note.visibility is Visibility.FACILITATOR_ONLY
        if not note.struck and not private:
            return None
        font = QFont(QApplication.font())
        font.setStrikeOut(note.struck)
        font.setBold(private)
        return font

    def _tooltip(self, note: Note) -> str:
        lines = [note.text]
        if note.struck:
            reason = note.struck_reason.strip()
            lines.append(
                self.tr("Struck out: {reason}").format(reason=reason)
                if reason
                else self.tr("Struck out")
            )
        return "\n\n".join(lines)
