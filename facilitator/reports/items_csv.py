"""The agreed items of every signed agreement as a CSV file, with their follow-up status.

One row per item of the newest signed (locked) version of each session's agreement: the items
follow-up works on. Drafts and agreements still being signed are not agreements yet and are left
out. The file names the person responsible for each item and the monitor, as the agreement does:
it is a working list for the program, not a de-identified report.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from facilitator.reports.csv_cells import csv_bytes
from facilitator.reports.files import write_atomically
from facilitator.storage.store import Store

HEADER = (
    "case_reference",
    "session_date",
    "agreement_version",
    "item_kind",
    "description",
    "responsible",
    "due",
    "monitor",
    "status",
    "last_evidence_date",
)


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One agreed item as listed in the CSV (dates as ISO text, empty when unknown)."""

    case_reference: str
    session_date: str
    agreement_version: int
    item_kind: str
    description: str
    responsible: str
    due: str
    monitor: str
    status: str
    last_evidence_date: str

    def cells(self) -> tuple[str, ...]:
        """The row's cells, in :data:`HEADER` order."""
        return (
            self.case_reference,
            self.session_date,
            str(self.agreement_version),
            self.item_kind,
            self.description,
            self.responsible,
            self.due,
            self.monitor,
            self.status,
            self.last_evidence_date,
        )


def item_rows(store: Store) -> list[ItemRow]:
    """Every item of every session's newest signed agreement, oldest session first.

    Raises:
        StoreError: the store cannot be read.
    """
    rows: list[ItemRow] = []
    # Only sessions with a signed agreement are read item by item (one query finds them).
    signed = {facts.session_id for facts in store.report_facts.signed_agreements()}
    for summary in reversed(store.list_sessions()):
        if summary.id not in signed:
            continue
        follow = store.followup.session_follow_up(summary.id)
        if follow.agreement_id is None:
            continue
        agreement = store.agreements.get(follow.agreement_id)
        when = summary.started_at or summary.created_at
        for item_follow in follow.items:
            item = item_follow.item
            party = agreement.party(item.responsible_id) if item.responsible_id else None
            evidence = [e.evidence_date for e in item_follow.entries]
            rows.append(
                ItemRow(
                    case_reference=follow.case.reference,
                    session_date=_iso(when.astimezone().date() if when else None),
                    agreement_version=follow.agreement_version or agreement.version,
                    item_kind=item.kind.label,
                    description=item.description,
                    responsible=party.name if party else "",
                    due=_iso(item.due),
                    monitor=item.monitor,
                    status=item_follow.status.label,
                    last_evidence_date=_iso(max(evidence) if evidence else None),
                )
            )
    return rows


def items_csv(store: Store) -> bytes:
    """The items CSV file's bytes (see :func:`item_rows`)."""
    return csv_bytes(HEADER, (row.cells() for row in item_rows(store)))


def write_items_csv(store: Store, path: Path) -> int:
    """Write the items CSV (atomically); return how many items it lists.

    Raises:
        StoreError: the store cannot be read.
        ReportError: the file cannot be written.
    """
    rows = item_rows(store)
    write_atomically(path, csv_bytes(HEADER, (row.cells() for row in rows)))
    return len(rows)


def _iso(day: date | None) -> str:
    return day.isoformat() if day else ""
