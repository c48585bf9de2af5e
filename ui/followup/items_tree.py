"""A session's agreement items as tree rows, each with its dated evidence under it."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from PySide6.QtCore import QCoreApplication

from facilitator.agreements.followup import ItemFollowUp, ProgressEntry
from ui.followup.labels import day_text, due_text, status_label
from ui.followup.tree_model import Node

#: Row kinds.
ITEM, ENTRY = "item", "entry"


def _tr(text: str) -> str:
    return QCoreApplication.translate("followup", text)


def items_headers() -> tuple[str, ...]:
    """The column titles (translated); the last column holds the row's button."""
    return (
        _tr("Item and evidence"),
        _tr("Due / dated"),
        _tr("Status"),
        _tr("Monitor / recorded by"),
        _tr("Progress"),
    )


def items_nodes(items: Sequence[ItemFollowUp], today: date, *, recordable: bool) -> list[Node]:
    """One row per item, with its entries under it, oldest first.

    An item shows its latest status, a warning when overdue, and a button when progress can be
    recorded (``recordable``).
    """
    return [
        Node(
            cells=(
                f.item.description,
                due_text(f.item.due, today),
                status_label(f.status),
                f.item.monitor,
            ),
            kind=ITEM,
            payload=f,
            warn=f.is_overdue(today),
            tooltip=f.item.description,
            action=_tr("Record progress…") if recordable else "",
            children=[_entry_node(e) for e in f.entries],
        )
        for f in items
    ]


def _entry_node(entry: ProgressEntry) -> Node:
    evidence = " ".join(entry.evidence.split()) or _tr("(no evidence written)")
    recorded = _tr("{name}, {day}").format(
        name=entry.recorded_by, day=day_text(entry.recorded_at.astimezone().date())
    )
    return Node(
        cells=(evidence, day_text(entry.evidence_date), status_label(entry.status), recorded),
        kind=ENTRY,
        payload=entry,
        tooltip=entry.evidence,
    )
