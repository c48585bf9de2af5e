"""The editor page: template, items from the circle's ideas, each item's details, assent.

It shows an agreement and says what the facilitator asked for through signals; the page that
owns the agreement applies the rules and stores the result, then calls :meth:`show_agreement`.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from PySide6.QtCore import QItemSelection, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from facilitator.agreements.lifecycle import missing_assents
from facilitator.agreements.model import Agreement, AgreementItem, AgreementStatus, ItemKind
from facilitator.agreements.template import AgreementTemplate
from facilitator.domain.notes import Note, Visibility
from ui.agreement.item_editor import ItemEditor
from ui.agreement.items_model import ItemsModel
from ui.live.look import role_label


class EditorPage(QWidget):
    """Template, items, the selected item's form, the assents and Finalise."""

    template_chosen = Signal(str)
    items_changed = Signal(object)
    """The new tuple of items."""
    summary_changed = Signal(str)
    assent_changed = Signal(str, bool)
    finalise_requested = Signal()
    idea_chosen = Signal(object)
    """A :class:`Note` the facilitator wants as an item."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._agreement: Agreement | None = None
        self._notes: dict[str, Note] = {}
        self._pending: str | None = None
        self.template_box = QComboBox()
        self.template_note = QLabel()
        self.template_note.setWordWrap(True)
        self.model = ItemsModel(self._name_of, self)
        self.items_view = QTableView()
        self.items_view.setModel(self.model)
        self.items_view.setSelectionBehavior(QTableView.SelectionBehavior.SelectRows)
        self.items_view.setSelectionMode(QTableView.SelectionMode.SingleSelection)
        self.items_view.verticalHeader().hide()
        self.items_view.setWordWrap(True)
        header = self.items_view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.add_button = QPushButton(self.tr("Add item"))
        self.ideas_list = QListWidget()
        self.ideas_list.setWordWrap(True)
        self.ideas_list.setMinimumHeight(64)
        self.items_view.setMinimumHeight(120)
        self.idea_button = QPushButton(self.tr("Make an item of this idea"))
        self.editor = ItemEditor()
        self.summary_edit = QLineEdit()
        self.summary_edit.setPlaceholderText(
            self.tr("A short neutral summary, written to be shared")
        )
        self.assent_box = QGroupBox(self.tr("Can you live with this agreement?"))
        self._assent_grid = QGridLayout(self.assent_box)
        self._assent_grid.setSpacing(8)
        self.assent_checks: dict[str, QCheckBox] = {}
        self.outcome_label = QLabel()
        self.outcome_label.setWordWrap(True)
        self.reason_label = QLabel()
        self.reason_label.setWordWrap(True)
        self.finalise_button = QPushButton(self.tr("Finalise for signing"))
        self._build_layout()

        self.template_box.activated.connect(self._on_template_activated)
        self.add_button.clicked.connect(self._on_add_clicked)
        self.idea_button.clicked.connect(self._on_idea_clicked)
        self.ideas_list.itemDoubleClicked.connect(self._on_idea_clicked)
        self.ideas_list.currentRowChanged.connect(self._update_idea_button)
        self.items_view.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.editor.saved.connect(self._on_item_saved)
        self.editor.removed.connect(self._on_item_removed)
        self.summary_edit.editingFinished.connect(self._on_summary_edited)
        self.finalise_button.clicked.connect(self.finalise_requested)

    def _build_layout(self) -> None:
        top = QHBoxLayout()
        top.setSpacing(8)
        top.addWidget(QLabel(self.tr("Agreement template")))
        top.addWidget(self.template_box, 1)

        items_side = QWidget()
        left = QVBoxLayout(items_side)
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(8)
        left.addWidget(self.items_view, 3)
        left.addWidget(self.add_button, 0, Qt.AlignmentFlag.AlignLeft)
        left.addWidget(QLabel(self.tr("Agreement ideas from the session")))
        left.addWidget(self.ideas_list, 2)
        left.addWidget(self.idea_button, 0, Qt.AlignmentFlag.AlignLeft)

        editor_side = QWidget()
        right = QVBoxLayout(editor_side)
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(8)
        right.addWidget(self.editor)
        right.addStretch(1)

        split = QSplitter()
        split.addWidget(items_side)
        split.addWidget(editor_side)
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)
        split.setChildrenCollapsible(False)

        bottom = QHBoxLayout()
        bottom.setSpacing(16)
        bottom.addWidget(self.assent_box, 2)
        finish = QVBoxLayout()
        finish.setSpacing(8)
        finish.addWidget(self.outcome_label)
        finish.addWidget(self.reason_label)
        finish.addStretch(1)
        finish.addWidget(self.finalise_button, 0, Qt.AlignmentFlag.AlignRight)
        bottom.addLayout(finish, 1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 16, 16, 16)
        layout.setSpacing(12)
        layout.addLayout(top)
        layout.addWidget(self.template_note)
        layout.addWidget(split, 1)
        summary = QHBoxLayout()
        summary.setSpacing(8)
        summary.addWidget(QLabel(self.tr("Summary")))
        summary.addWidget(self.summary_edit, 1)
        layout.addLayout(summary)
        layout.addLayout(bottom)

    # ------------------------------------------------------------------ showing

    def set_templates(self, templates: Sequence[AgreementTemplate]) -> None:
        """The templates the facilitator can choose among."""
        self.template_box.clear()
        for template in templates:
            self.template_box.addItem(template.title, template.id)
            index = self.template_box.count() - 1
            self.template_box.setItemData(index, template.description, Qt.ItemDataRole.ToolTipRole)

    def set_ideas(self, notes: Sequence[Note]) -> None:
        """The session's agreement ideas, each of which can become an item."""
        self.ideas_list.clear()
        self._notes = {n.id: n for n in notes}
        for note in notes:
            private = note.visibility is not Visibility.SHAREABLE
            text = (
                note.text
                if not private
                else self.tr("{text} (facilitator only)").format(text=note.text)
            )
            row = QListWidgetItem(text)
            row.setData(Qt.ItemDataRole.UserRole, note.id)
            self.ideas_list.addItem(row)
        self._update_idea_button()

    def show_agreement(
        self,
        agreement: Agreement,
        template: AgreementTemplate | None,
        withdrawals: Collection[str],
        *,
        selected_item: str | None = None,
    ) -> None:
        """Show ``agreement``; say why it cannot be finalised yet, if so."""
        self._agreement = agreement
        draft = agreement.status is AgreementStatus.DRAFT
        self.template_box.setCurrentIndex(max(self.template_box.findData(agreement.template_id), 0))
        self.template_box.setEnabled(draft and agreement.version == 1)
        self.template_note.setText(template.description if template else "")
        kinds = template.item_kinds if template else frozenset(ItemKind)
        self.editor.set_choices(kinds, agreement.parties)
        keep = selected_item or self._pending or self._current_item_id()
        self._pending = None
        self.model.set_items(agreement.items)
        self._select_item(keep)
        for widget in (self.add_button, self.idea_button, self.ideas_list, self.summary_edit):
            widget.setEnabled(draft)
        if not draft:
            self.editor.setEnabled(False)
        if self.summary_edit.text() != agreement.summary:
            self.summary_edit.setText(agreement.summary)
        self._show_assents(agreement, draft)
        self.outcome_label.setText(
            self.tr("{count} item(s) agreed.").format(count=len(agreement.items))
            if agreement.reached
            else self.tr(
                "No items: finalising records that no agreement was reached, a valid outcome."
            )
        )
        reason = self._blocked_reason(agreement, withdrawals)
        self.reason_label.setText(reason)
        self.finalise_button.setEnabled(draft and not reason)
        self.finalise_button.setText(
            self.tr("Finalise for signing")
            if agreement.reached or not draft
            else self.tr("Finalise: no agreement reached")
        )
        self._update_idea_button()

    def show_error(self, message: str) -> None:
        """Say why the last change was refused."""
        self.reason_label.setText(message)

    def _blocked_reason(self, agreement: Agreement, withdrawals: Collection[str]) -> str:
        if agreement.status is AgreementStatus.FINALISED:
            return self.tr("Finalised: the signers sign in the next step.")
        if agreement.status is AgreementStatus.LOCKED:
            return self.tr("Everyone has signed; this version is locked.")
        if withdrawals:
            return self.tr(
                "Someone withdrew their consent and how that was resolved is not recorded yet; "
                "record it before finalising the agreement."
            )
        waiting = missing_assents(agreement)
        if waiting:
            return self.tr("Still to say they can live with it: {names}.").format(
                names=", ".join(p.name for p in waiting)
            )
        return ""

    def _show_assents(self, agreement: Agreement, draft: bool) -> None:
        wanted = [p for p in agreement.parties if not p.leads]
        if list(self.assent_checks) != [p.participant_id for p in wanted]:
            for check in self.assent_checks.values():
                self._assent_grid.removeWidget(check)
                check.deleteLater()
            self.assent_checks = {}
            for index, party in enumerate(wanted):
                check = QCheckBox(f"{party.name} ({role_label(party.role)})")
                check.toggled.connect(
                    lambda on, pid=party.participant_id: self.assent_changed.emit(pid, on)
                )
                self._assent_grid.addWidget(check, index // 3, index % 3)
                self.assent_checks[party.participant_id] = check
        for pid, check in self.assent_checks.items():
            check.blockSignals(True)
            check.setChecked(pid in agreement.assents or not draft)
            check.blockSignals(False)
            check.setEnabled(draft)

    def _name_of(self, participant_id: str) -> str:
        party = self._agreement.party(participant_id) if self._agreement else None
        return party.name if party else ""

    def _current_item_id(self) -> str | None:
        rows = self.items_view.selectionModel().selectedRows()
        return self.model.item_at(rows[0].row()).id if rows else None

    def _select_item(self, item_id: str | None) -> None:
        rows = [i for i in range(self.model.rowCount()) if self.model.item_at(i).id == item_id]
        if rows:
            self.items_view.selectRow(rows[0])
        else:
            self.items_view.clearSelection()
            self.editor.set_item(None)

    # ------------------------------------------------------------------ requests

    def _items(self) -> tuple[AgreementItem, ...]:
        return self._agreement.items if self._agreement else ()

    def _on_template_activated(self, index: int) -> None:
        template_id = self.template_box.itemData(index)
        if self._agreement is not None and template_id != self._agreement.template_id:
            self.template_chosen.emit(template_id)

    def _on_add_clicked(self) -> None:
        item = AgreementItem(kind=ItemKind.OTHER, description=self.tr("New item"))
        self._pending = item.id
        self.items_changed.emit((*self._items(), item))

    def _on_idea_clicked(self) -> None:
        if self.ideas_list.currentRow() < 0:
            return
        row = self.ideas_list.currentItem()
        note = self._notes.get(row.data(Qt.ItemDataRole.UserRole))
        if note is not None:
            self.idea_chosen.emit(note)

    def expect_item(self, item_id: str) -> None:
        """Select ``item_id`` when the agreement is next shown (a new item, to edit at once)."""
        self._pending = item_id

    def _update_idea_button(self) -> None:
        draft = self._agreement is not None and self._agreement.status is AgreementStatus.DRAFT
        self.idea_button.setEnabled(draft and self.ideas_list.currentRow() >= 0)

    def _on_selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        rows = self.items_view.selectionModel().selectedRows()
        draft = self._agreement is not None and self._agreement.status is AgreementStatus.DRAFT
        self.editor.set_item(self.model.item_at(rows[0].row()) if rows else None)
        if not draft:
            self.editor.setEnabled(False)

    def _on_item_saved(self, item: AgreementItem) -> None:
        self.items_changed.emit(tuple(item if i.id == item.id else i for i in self._items()))

    def _on_item_removed(self, item_id: str) -> None:
        self.items_changed.emit(tuple(i for i in self._items() if i.id != item_id))

    def _on_summary_edited(self) -> None:
        if self._agreement is not None and self.summary_edit.text() != self._agreement.summary:
            self.summary_changed.emit(self.summary_edit.text())
