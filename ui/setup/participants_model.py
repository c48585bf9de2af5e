"""The table of people in a planned session: seat, name, role, how they take part, consent."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont

from facilitator.domain.case import Participant
from facilitator.domain.roles import Role
from ui.setup.labels import participation_short, role_label

_Index = QModelIndex | QPersistentModelIndex

#: Role of a cell that holds the participant id (for tests and the view's selection sync).
PARTICIPANT_ID_ROLE = Qt.ItemDataRole.UserRole + 1


class ParticipantsModel(QAbstractTableModel):
    """One row per participant, in the session's order.

    The model is read-only: edits go through the participant dialog, the store, and back here
    with :meth:`set_people`.
    """

    COLUMNS = ("seat", "name", "role", "takes_part", "consent", "needs")

    def __init__(self) -> None:
        super().__init__()
        self._people: list[Participant] = []
        self._consented: frozenset[str] = frozenset()
        self._keeper_id: str | None = None

    def set_people(
        self,
        people: Sequence[Participant],
        consented: Collection[str],
        keeper_id: str | None,
    ) -> None:
        """Show ``people``; ``consented`` are the ids with an active consent record."""
        self.beginResetModel()
        self._people = list(people)
        self._consented = frozenset(consented)
        self._keeper_id = keeper_id
        self.endResetModel()

    def participant_at(self, row: int) -> Participant:
        """The participant shown in ``row``."""
        return self._people[row]

    def row_of(self, pid: str) -> int:
        """The row of participant ``pid``, or -1."""
        return next((i for i, p in enumerate(self._people) if p.id == pid), -1)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        """See QAbstractItemModel."""
        return 0 if parent.isValid() else len(self._people)

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
            "seat": self.tr("Seat"),
            "name": self.tr("Name"),
            "role": self.tr("Role"),
            "takes_part": self.tr("Takes part"),
            "consent": self.tr("Consent"),
            "needs": self.tr("Needs"),
        }
        return titles[self.COLUMNS[section]]

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        """See QAbstractItemModel."""
        if not index.isValid() or not 0 <= index.row() < len(self._people):
            return None
        p = self._people[index.row()]
        column = self.COLUMNS[index.column()]
        value: object = None
        if role == PARTICIPANT_ID_ROLE:
            value = p.id
        elif role == Qt.ItemDataRole.DisplayRole:
            value = self._display(p, column)
        elif role == Qt.ItemDataRole.ToolTipRole and column in ("name", "needs"):
            value = self._tooltip(p, column)
        elif role == Qt.ItemDataRole.FontRole and column == "consent" and self._lacks_consent(p):
            font = QFont()
            font.setBold(True)
            value = font
        elif role == Qt.ItemDataRole.TextAlignmentRole and column == "seat":
            value = int(Qt.AlignmentFlag.AlignCenter)
        return value

    def _lacks_consent(self, p: Participant) -> bool:
        return p.participation.present and p.id not in self._consented

    def _display(self, p: Participant, column: str) -> str:
        cells: dict[str, Callable[[Participant], str]] = {
            "seat": self._seat,
            "name": self._name,
            "role": self._role,
            "takes_part": lambda q: participation_short(q.participation),
            "consent": self._consent,
            "needs": lambda q: ", ".join(self._needs(q)),
        }
        return cells[column](p)

    def _seat(self, p: Participant) -> str:
        if p.seat is not None:
            return str(p.seat + 1)
        return self.tr("outer") if p.participation.present else "-"

    def _name(self, p: Participant) -> str:
        spoken = p.address_as.strip()
        if spoken and spoken != p.display_name:
            return self.tr("{name} (“{spoken}”)").format(name=p.display_name, spoken=spoken)
        return p.display_name

    def _role(self, p: Participant) -> str:
        label = role_label(p.role)
        if p.id == self._keeper_id and p.role is not Role.KEEPER:
            return self.tr("{role}, leads").format(role=label)
        return label

    def _consent(self, p: Participant) -> str:
        if p.id in self._consented:
            return self.tr("Recorded")
        return self.tr("Missing") if p.participation.present else self.tr("Not needed")

    def _needs(self, p: Participant) -> list[str]:
        needs: list[str] = []
        if p.is_minor:
            needs.append(self.tr("minor"))
        if p.interpreter.strip():
            needs.append(self.tr("interpreter"))
        elif p.language.strip():
            needs.append(p.language.strip())
        if p.requests.strip():
            needs.append(self.tr("requests"))
        if p.risk_notes.strip():
            needs.append(self.tr("risk notes"))
        return needs

    def _tooltip(self, p: Participant, column: str) -> str:
        if column == "name":
            return p.display_name
        lines = [
            self.tr("Language: {language}").format(language=p.language) if p.language else "",
            self.tr("Interpreter: {name}").format(name=p.interpreter) if p.interpreter else "",
            self.tr("Requests: {text}").format(text=p.requests) if p.requests else "",
        ]
        return "\n".join(line for line in lines if line)
