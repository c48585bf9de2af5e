"""The session's notes as a table, newest first: when, kind, speaker, text, visibility."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from PySide6.QtCore import QModelIndex, QObject, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication

from facilitator.domain.notes import Note
from ui.live.look import clock_text, kind_label, visibility_label
from ui.models.note_rows import NoteRowsModel

#: Characters of a note shown in its row; the tooltip has the rest.
PREVIEW_CHARS = 160


class NotesModel(NoteRowsModel):
    """Rows of :class:`Note`, newest first. Struck notes stay, struck through.

    Feed it with :meth:`set_notes`; rows added at the top are inserted (the selection stays),
    changed rows are updated in place, anything else resets the table.
    """

    COLUMNS = ("time", "kind", "speaker", "text", "visibility")

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._names: dict[str, str] = {}

    # ------------------------------------------------------------------ feeding

    def set_notes(self, notes: Sequence[Note], speaker_names: Mapping[str, str]) -> None:
        """Show ``notes`` (in the order written); ``speaker_names`` maps ids to spoken names.

        Args:
            notes: Every note of the session, oldest first (as the state keeps them).
            speaker_names: Participant id -> the name to show in the speaker column.
        """
        new_rows = list(reversed(notes))
        self._names = dict(speaker_names)
        old_ids = [n.id for n in self._rows]
        new_ids = [n.id for n in new_rows]
        added = len(new_ids) - len(old_ids)
        if added < 0 or new_ids[added:] != old_ids:
            self.beginResetModel()
            self._rows = new_rows
            self.endResetModel()
            return
        if added:
            self.beginInsertRows(QModelIndex(), 0, added - 1)
            self._rows[0:0] = new_rows[:added]
            self.endInsertRows()
        last = len(self.COLUMNS) - 1
        for row in range(added, len(new_rows)):
            if self._rows[row] != new_rows[row]:
                self._rows[row] = new_rows[row]
                self.dataChanged.emit(self.index(row, 0), self.index(row, last))

    # ------------------------------------------------------------------ cells

    def _titles(self) -> dict[str, str]:
        return {
            "time": self.tr("Session time"),
            "kind": self.tr("Kind"),
            "speaker": self.tr("Speaker"),
            "text": self.tr("Note"),
            "visibility": self.tr("Visibility"),
        }

    def _look(self, note: Note, column: str, role: int) -> object:
        return self._struck_look(role) if note.struck else None

    # ------------------------------------------------------------------ internals

    @staticmethod
    def _struck_look(role: int) -> object:
        if role == Qt.ItemDataRole.FontRole:
            font = QFont(QApplication.font())
            font.setStrikeOut(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            return QApplication.palette().brush(
                QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
            )
        return None

    def _display(self, note: Note, column: str) -> str:
        if column == "time":
            return clock_text(note.created_at)
        if column == "kind":
            return kind_label(note.kind)
        if column == "speaker":
            return "" if note.speaker_id is None else self._names.get(note.speaker_id, "")
        if column == "text":
            first = " ".join(note.text.split())
            return first if len(first) <= PREVIEW_CHARS else first[: PREVIEW_CHARS - 1] + "…"
        return visibility_label(note.visibility)

    def _tooltip(self, note: Note) -> str:
        lines = [note.text]
        if note.history:
            lines.append(self.tr("Edited %n time(s)", "", len(note.history)))
        if note.struck:
            reason = note.struck_reason.strip()
            lines.append(
                self.tr("Struck out: {reason}").format(reason=reason)
                if reason
                else self.tr("Struck out")
            )
        return "\n\n".join(lines)
