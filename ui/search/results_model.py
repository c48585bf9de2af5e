"""The search results as a list model, and the marked-up snippet of each result.

The model holds the hits of one search, as returned by the store; painting reads them from
memory and never waits on the database.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QCoreApplication,
    QDate,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)

from facilitator.storage.search import SearchHit, SearchKind

_Index = QModelIndex | QPersistentModelIndex
_SHORT = QLocale.FormatType.ShortFormat

#: The hit itself (a :class:`SearchHit`).
HIT_ROLE = Qt.ItemDataRole.UserRole + 1
#: The first line: kind, case reference and date, as plain text.
HEADING_ROLE = Qt.ItemDataRole.UserRole + 2


def _tr(text: str) -> str:
    return QCoreApplication.translate("search", text)


def kind_label(kind: SearchKind) -> str:
    """The translated name of what a hit is."""
    labels = {
        SearchKind.NOTE: _tr("Note"),
        SearchKind.PARTICIPANT: _tr("Person"),
        SearchKind.CASE: _tr("Case reference"),
        SearchKind.AGREEMENT_ITEM: _tr("Agreement item"),
    }
    return labels[kind]


def heading(hit: SearchHit) -> str:
    """Kind · case reference · session date (in the computer's time zone and locale)."""
    parts = [kind_label(hit.kind)]
    if hit.case_reference:
        parts.append(hit.case_reference)
    if hit.session_date is not None:
        day = hit.session_date.astimezone().date()
        parts.append(QLocale().toString(QDate(day.year, day.month, day.day), _SHORT))
    return "  ·  ".join(parts)


def snippet_html(hit: SearchHit, mark_style: str) -> str:
    """The snippet as rich text, every matching word in a ``<span style=mark_style>``.

    All of the text is escaped: a note holding ``<b>`` or ``&`` shows those characters.
    """
    parts: list[str] = []
    last = 0
    for start, end in hit.highlights:
        parts.append(html.escape(hit.snippet[last:start]))
        parts.append(f'<span style="{mark_style}">{html.escape(hit.snippet[start:end])}</span>')
        last = end
    parts.append(html.escape(hit.snippet[last:]))
    # Line breaks of a note become spaces: a result is a glimpse, not the note.
    return " ".join("".join(parts).split())


class SearchResultsModel(QAbstractListModel):
    """The hits of the latest search, best first."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._hits: list[SearchHit] = []

    @property
    def hits(self) -> list[SearchHit]:
        """The hits shown (a copy)."""
        return list(self._hits)

    def set_hits(self, hits: Sequence[SearchHit]) -> None:
        """Show these hits instead of the previous ones."""
        self.beginResetModel()
        self._hits = list(hits)
        self.endResetModel()

    def hit(self, row: int) -> SearchHit:
        """The hit on ``row``."""
        return self._hits[row]

    def rowCount(self, parent: _Index | None = None) -> int:  # noqa: N802 - Qt API
        """One row per hit (a list: no children)."""
        if parent is not None and parent.isValid():
            return 0
        return len(self._hits)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        """Plain text for display and accessibility; the hit and its heading for the delegate."""
        if not index.isValid() or not 0 <= index.row() < len(self._hits):
            return None
        hit = self._hits[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return " ".join(hit.snippet.split())
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{heading(hit)}: {' '.join(hit.snippet.split())}"
        if role == HEADING_ROLE:
            return heading(hit)
        if role == HIT_ROLE:
            return hit
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        """Results can be selected and opened, not edited."""
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return (
            Qt.ItemFlag.ItemIsEnabled
            | Qt.ItemFlag.ItemIsSelectable
            | Qt.ItemFlag.ItemNeverHasChildren
        )
