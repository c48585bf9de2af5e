"""One agreement item in a form: its kind and kind-specific fields, who, by when, who checks.

The form builds a new frozen item on :meth:`ItemEditor.current_item`; weak-item hints (no owner,
no date, nothing measurable) are shown under it as the facilitator types.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from facilitator.agreements.lifecycle import weak_item_hints
from facilitator.agreements.model import (
    AgreementError,
    AgreementItem,
    ApologyForm,
    ItemKind,
    Party,
)

_APOLOGY_LABELS = {ApologyForm.LETTER: "A letter", ApologyForm.IN_PERSON: "In person"}


class ItemEditor(QWidget):
    """Edits one item; :attr:`saved` carries the item built from the form."""

    saved = Signal(object)
    """The edited :class:`AgreementItem`, when the facilitator saves it."""
    removed = Signal(str)
    """The id of the item to take out."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._item: AgreementItem | None = None
        self.kind_box = QComboBox()
        self.description_edit = QPlainTextEdit()
        self.description_edit.setTabChangesFocus(True)
        self.description_edit.setMinimumHeight(72)
        self.description_edit.setMaximumHeight(144)
        self.responsible_box = QComboBox()
        self.due_check = QCheckBox(self.tr("Done by"))
        self.due_edit = QDateEdit()
        self.due_edit.setCalendarPopup(True)
        self.due_edit.setDisplayFormat("yyyy-MM-dd")
        self.due_edit.setDate(QDate.currentDate().addDays(30))
        self.monitor_edit = QLineEdit()
        self.monitor_edit.setPlaceholderText(self.tr("Who checks that it was done"))
        self.learns_edit = QLineEdit()
        self.learns_edit.setPlaceholderText(self.tr("How the person harmed will learn it was done"))
        self.apology_box = QComboBox()
        self.apology_box.addItem(self.tr("Not decided"), None)
        for form, label in _APOLOGY_LABELS.items():
            self.apology_box.addItem(self.tr(label), form.value)
        self.amount_edit = QLineEdit()
        self.amount_edit.setPlaceholderText("0.00")
        self.currency_edit = QLineEdit()
        self.currency_edit.setPlaceholderText("EUR")
        self.schedule_edit = QLineEdit()
        self.hours_spin = QDoubleSpinBox()
        self.hours_spin.setRange(0, 10_000)
        self.hours_spin.setDecimals(1)
        self.service_edit = QLineEdit()
        self.hints_label = QLabel()
        self.hints_label.setWordWrap(True)
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        self.save_button = QPushButton(self.tr("Save item"))
        self.remove_button = QPushButton(self.tr("Remove item"))
        self._form = QFormLayout()
        self._build_layout()
        self._connect()
        self.set_item(None)

    def _build_layout(self) -> None:
        self._form.setSpacing(8)
        due_row = QHBoxLayout()
        due_row.addWidget(self.due_check)
        due_row.addWidget(self.due_edit, 1)
        self._form.addRow(self.tr("Kind"), self.kind_box)
        self._form.addRow(self.tr("What"), self.description_edit)
        self._form.addRow(self.tr("Who does it"), self.responsible_box)
        self._form.addRow(self.tr("By when"), due_row)
        self._form.addRow(self.tr("Monitored by"), self.monitor_edit)
        self._form.addRow(self.tr("Person harmed learns"), self.learns_edit)
        self._form.addRow(self.tr("Apology"), self.apology_box)
        self._form.addRow(self.tr("Amount"), self.amount_edit)
        self._form.addRow(self.tr("Currency"), self.currency_edit)
        self._form.addRow(self.tr("Payments"), self.schedule_edit)
        self._form.addRow(self.tr("Hours"), self.hours_spin)
        self._form.addRow(self.tr("Service"), self.service_edit)
        buttons = QHBoxLayout()
        buttons.setSpacing(8)
        buttons.addWidget(self.save_button)
        buttons.addWidget(self.remove_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        layout.addLayout(self._form)
        layout.addWidget(self.hints_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

    def _connect(self) -> None:
        self.kind_box.currentIndexChanged.connect(self._on_kind_changed)
        for signal in (
            self.description_edit.textChanged,
            self.responsible_box.currentIndexChanged,
            self.due_check.toggled,
            self.apology_box.currentIndexChanged,
            self.amount_edit.textChanged,
            self.hours_spin.valueChanged,
            self.service_edit.textChanged,
        ):
            signal.connect(self._update_hints)
        self.due_check.toggled.connect(self.due_edit.setEnabled)
        self.save_button.clicked.connect(self._on_save_clicked)
        self.remove_button.clicked.connect(self._on_remove_clicked)

    def set_choices(self, kinds: Iterable[ItemKind], parties: Sequence[Party]) -> None:
        """The kinds the template allows and the parties who can be responsible."""
        self.kind_box.blockSignals(True)
        self.kind_box.clear()
        for kind in sorted(kinds, key=list(ItemKind).index):
            # Qt hands a str enum back as plain str, so the value is stored and parsed back.
            self.kind_box.addItem(self.tr(kind.label), kind.value)
        self.kind_box.blockSignals(False)
        self.responsible_box.clear()
        self.responsible_box.addItem(self.tr("Nobody named yet"), None)
        for party in parties:
            self.responsible_box.addItem(party.name, party.participant_id)
        self.set_item(self._item)

    def set_item(self, item: AgreementItem | None) -> None:
        """Show ``item`` in the form (``None`` empties and disables it)."""
        self._item = item
        self.setEnabled(item is not None)
        self.error_label.clear()
        if item is None:
            self.description_edit.clear()
            self.hints_label.clear()
            self._on_kind_changed()
            return
        self._select(self.kind_box, item.kind.value)
        self.description_edit.setPlainText(item.description)
        self._select(self.responsible_box, item.responsible_id)
        self.due_check.setChecked(item.due is not None)
        self.due_edit.setEnabled(item.due is not None)
        if item.due is not None:
            self.due_edit.setDate(QDate(item.due.year, item.due.month, item.due.day))
        self.monitor_edit.setText(item.monitor)
        self.learns_edit.setText(item.how_harmed_learns)
        self._select(self.apology_box, item.apology_form and item.apology_form.value)
        self.amount_edit.setText("" if item.amount is None else str(item.amount))
        self.currency_edit.setText(item.currency)
        self.schedule_edit.setText(item.payment_schedule)
        self.hours_spin.setValue(item.hours or 0)
        self.service_edit.setText(item.service)
        self._on_kind_changed()

    def current_item(self) -> AgreementItem:
        """The item as the form now stands.

        Raises:
            AgreementError: a field is not valid (the message says which).
        """
        if self._item is None:
            raise AgreementError("No item is selected.")
        kind = self._kind()
        apology = self.apology_box.currentData()
        amount_text = self.amount_edit.text().strip()
        try:
            amount = Decimal(amount_text.replace(",", ".")) if amount_text else None
        except InvalidOperation:
            raise AgreementError("The amount must be a number, e.g. 120.00.") from None
        hours = self.hours_spin.value()
        due = self.due_edit.date().toPython() if self.due_check.isChecked() else None
        return dataclasses.replace(
            self._item,
            kind=kind or self._item.kind,
            description=self.description_edit.toPlainText().strip(),
            responsible_id=self.responsible_box.currentData(),
            due=due,  # type: ignore[arg-type]
            monitor=self.monitor_edit.text().strip(),
            how_harmed_learns=self.learns_edit.text().strip(),
            apology_form=ApologyForm(apology) if apology else None,
            amount=amount,
            currency=self.currency_edit.text().strip(),
            payment_schedule=self.schedule_edit.text().strip(),
            hours=hours if hours > 0 else None,
            service=self.service_edit.text().strip(),
        )

    def show_error(self, message: str) -> None:
        """Say why the item could not be saved; the form keeps what was typed."""
        self.error_label.setText(message)

    def _select(self, box: QComboBox, value: object) -> None:
        index = box.findData(value)
        box.setCurrentIndex(max(index, 0))

    def _kind(self) -> ItemKind | None:
        value = self.kind_box.currentData()
        return ItemKind(value) if value else None

    def _on_kind_changed(self) -> None:
        kind = self._kind()
        shown = {
            self.apology_box: kind is ItemKind.APOLOGY,
            self.amount_edit: kind is ItemKind.RESTITUTION,
            self.currency_edit: kind is ItemKind.RESTITUTION,
            self.schedule_edit: kind is ItemKind.RESTITUTION,
            self.hours_spin: kind in (ItemKind.COMMUNITY_SERVICE, ItemKind.WORK_FOR_HARMED),
            self.service_edit: kind is ItemKind.REFERRAL,
        }
        for widget, visible in shown.items():
            self._form.setRowVisible(widget, visible)
        self._update_hints()

    def _update_hints(self) -> None:
        if self._item is None:
            return
        try:
            item = self.current_item()
        except AgreementError:
            return
        hints = weak_item_hints(item)
        self.hints_label.setText(
            "\n".join(f"• {self.tr(h.message)}" for h in hints)
            if hints
            else self.tr("This item says who, by when and how it is checked.")
        )

    def _on_save_clicked(self) -> None:
        try:
            item = self.current_item()
        except AgreementError as exc:
            self.show_error(str(exc))
            return
        self.error_label.clear()
        self.saved.emit(item)

    def _on_remove_clicked(self) -> None:
        if self._item is not None:
            self.removed.emit(self._item.id)
