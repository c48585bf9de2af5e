"""A reviewed session's notes as a table, in the order written: when, phase, round, who, what.

Facilitator-only notes say so in bold in their own column; struck notes stay, struck through,
with the reason in their tooltip.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from facilitator.domain.notes import Note, Visibility
from ui.live.look import clock_text, kind_label, visibility_label

_Index = QModelIndex | QPersistentModelIndex


class ReviewNotesModel(QAbstractTableModel):
    """Rows of :class:`Note`, oldest first, read-only."""

    COLUMNS = ("time", "phase", "round", "speaker", "kind", "visibility", "text")
    NoteIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Note] = []
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

    def note_at(self, row: int) -> Note:
        """The note in ``row``."""
        return self._rows[row]

    def row_of(self, note_id: str) -> int | None:
        """The row of the note ``note_id``, if shown."""
        return next((i for i, n in enumerate(self._rows) if n.id == note_id), None)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """See QAbstractItemModel."""
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """See QAbstractItemModel."""
        return 0 if parent.isValid() else len(self.COLUMNS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> object:
        """See QAbstractItemModel."""
        if role != Qt.ItemDataRole.DisplayRole or orientation != Qt.Orientation.Horizontal:
            return None
        if not 0 <= section < len(self.COLUMNS):
            return None
        titles = {
            "time": self.tr("Time"),
            "phase": self.tr("Phase"),
            "round": self.tr("Round"),
            "speaker": self.tr("Speaker"),
            "kind": self.tr("Kind"),
            "visibility": self.tr("Visibility"),
            "text": self.tr("Note"),
        }
        return titles[self.COLUMNS[section]]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Selectable, never editable."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """See QAbstractItemModel."""
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        note = self._rows[index.row()]
        column = self.COLUMNS[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(note, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(note)
        if role == self.NoteIdRole:
            return note.id
        return self._look(note, column, role)

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

    @classmethod
    def _look(cls, note: Note, column: str, role: int) -> object:
        if role == Qt.ItemDataRole.FontRole:
            return cls._font(note, column)
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
