"""The overview as tree rows: overdue, then due this week, each grouped by monitor."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication

from facilitator.agreements.followup import DueItem, FollowUpOverview
from ui.followup.labels import due_text
from ui.followup.tree_model import Node

#: Row kinds.
SECTION, GROUP, ITEM = "section", "group", "item"


def _tr(text: str) -> str:
    return QCoreApplication.translate("followup", text)


def overview_headers() -> tuple[str, ...]:
    """The column titles (translated); the last column holds the row's button."""
    return (_tr("What"), _tr("When"), _tr("Case"), _tr("Who does it"), _tr("Progress"))


def monitor_title(monitor: str, count: int) -> str:
    """A monitor's group heading with how many items it holds."""
    name = monitor or _tr("No monitor named")
    return _tr("{name} ({count})").format(name=name, count=count)


def overview_nodes(overview: FollowUpOverview) -> list[Node]:
    """Sections "Overdue" and "Due this week" (only those with items), grouped by monitor."""
    groups = overview.by_monitor
    sections = (
        (_tr("Overdue"), [(g.monitor, g.overdue) for g in groups if g.overdue], True),
        (
            _tr("Due this week"),
            [(g.monitor, g.due_this_week) for g in groups if g.due_this_week],
            False,
        ),
    )
    roots: list[Node] = []
    for title, by_monitor, late in sections:
        count = sum(len(items) for _monitor, items in by_monitor)
        if not count:
            continue
        roots.append(
            Node(
                cells=(_tr("{title} ({count})").format(title=title, count=count),),
                kind=SECTION,
                bold=True,
                warn=late,
                children=[
                    Node(
                        cells=(monitor_title(monitor, len(items)),),
                        kind=GROUP,
                        bold=True,
                        children=_item_nodes(items, overview, late=late),
                    )
                    for monitor, items in by_monitor
                ],
            )
        )
    return roots


def _item_nodes(items: Sequence[DueItem], overview: FollowUpOverview, *, late: bool) -> list[Node]:
    return [
        Node(
            cells=(
                d.item.description,
                due_text(d.due, overview.today),
                d.case_reference,
                d.responsible_name,
            ),
            kind=ITEM,
            payload=d,
            warn=late,
            tooltip=d.item.description,
            action=_tr("Record progress…"),
        )
        for d in items
    ]
