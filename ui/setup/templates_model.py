"""The process templates to choose from, by name."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QAbstractListModel, QModelIndex, QPersistentModelIndex, Qt

from facilitator.domain.process import ProcessTemplate

_Index = QModelIndex | QPersistentModelIndex

#: Role of the template id.
TEMPLATE_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class TemplatesModel(QAbstractListModel):
    """One row per template: its name, with the description as the tooltip."""

    def __init__(self, templates: Sequence[ProcessTemplate] = ()) -> None:
        super().__init__()
        self._templates = list(templates)

    def template_at(self, row: int) -> ProcessTemplate:
        """The template in ``row``."""
        return self._templates[row]

    def row_of(self, template_id: str) -> int:
        """The row of the template with this id, or -1."""
        return next((i for i, t in enumerate(self._templates) if t.id == template_id), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """See QAbstractItemModel."""
        return 0 if parent.isValid() else len(self._templates)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """See QAbstractItemModel."""
        if not index.isValid() or not 0 <= index.row() < len(self._templates):
            return None
        template = self._templates[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return template.name
        if role == Qt.ItemDataRole.ToolTipRole:
            return template.description
        if role == TEMPLATE_ID_ROLE:
            return template.id
        return None
