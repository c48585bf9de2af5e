"""What every table of notes shares: one :class:`Note` per row, read-only, with its id role.

The live session's notes (:mod:`ui.models.notes_model`) and a reviewed session's
(:mod:`ui.history.review_notes_model`) differ in their columns, order and looks; a subclass
names its columns and titles and says what a cell shows.
"""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from facilitator.domain.notes import Note

_Index = QModelIndex | QPersistentModelIndex


class NoteRowsModel(QAbstractTableModel):
    """Rows of :class:`Note`: selectable, never edited in a cell.

    Subclasses set :attr:`COLUMNS` and implement :meth:`_titles`, :meth:`_display`,
    :meth:`_tooltip` and :meth:`_look`.
    """

    COLUMNS: tuple[str, ...] = ()
    NoteIdRole = Qt.ItemDataRole.UserRole + 1

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows: list[Note] = []

    def note_at(self, row: int) -> Note:
        """The note shown in ``row``."""
        return self._rows[row]

    def row_of(self, note_id: str) -> int | None:
        """The row showing the note ``note_id``, if any."""
        return next((i for i, n in enumerate(self._rows) if n.id == note_id), None)

    # ------------------------------------------------------------------ the model

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
        return self._titles()[self.COLUMNS[section]]

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Rows are selectable; a note is never edited in its cell."""
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

    # ------------------------------------------------------------------ for subclasses

    def _titles(self) -> dict[str, str]:
        """Column id -> header title (translated)."""
        raise NotImplementedError

    def _display(self, note: Note, column: str) -> str:
        """What ``column`` shows of ``note``."""
        raise NotImplementedError

    def _tooltip(self, note: Note) -> str:
        """The row's tooltip."""
        raise NotImplementedError

    def _look(self, note: Note, column: str, role: int) -> object:
        """Any other role (font, colour) of ``note``'s cell in ``column``; ``None`` for none."""
        raise NotImplementedError
