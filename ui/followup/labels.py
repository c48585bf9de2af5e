"""Words and dates the follow-up screens show, translated."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import QCoreApplication, QDate, QLocale

from facilitator.agreements.followup import ItemStatus
from facilitator.domain.outcome import CaseOutcome


def _tr(text: str) -> str:
    return QCoreApplication.translate("followup", text)


def status_label(status: ItemStatus) -> str:
    """The translated word for an item's status."""
    labels = {
        ItemStatus.PENDING: _tr("Pending"),
        ItemStatus.DONE: _tr("Done"),
        ItemStatus.VERIFIED: _tr("Verified"),
        ItemStatus.NOT_COMPLETED: _tr("Not completed"),
    }
    return labels[status]


def outcome_label(outcome: CaseOutcome) -> str:
    """The translated words for a case outcome."""
    labels = {
        CaseOutcome.COMPLETED: _tr("Agreement completed"),
        CaseOutcome.PARTLY_COMPLETED: _tr("Agreement partly completed"),
        CaseOutcome.NOT_COMPLETED: _tr("Agreement not completed"),
        CaseOutcome.NO_AGREEMENT: _tr("No agreement reached"),
        CaseOutcome.WITHDRAWN: _tr("Withdrawn"),
    }
    return labels[outcome]


def qdate(day: date) -> QDate:
    """A Qt date for ``day``."""
    return QDate(day.year, day.month, day.day)


def pydate(day: QDate) -> date:
    """A Python date for a valid Qt date."""
    return date(day.year(), day.month(), day.day())


#: How the screens write a day, in this locale's names ("Wed 4 Mar 2026"); date fields too.
DAY_FORMAT = "ddd d MMM yyyy"


def day_text(day: date) -> str:
    """A day as people read it in this locale ("Wed 4 Mar 2026")."""
    return QLocale().toString(qdate(day), DAY_FORMAT)


def due_text(due: date | None, today: date) -> str:
    """When an item is due, said relative to ``today`` where that reads better."""
    if due is None:
        return _tr("No date")
    days = (due - today).days
    if days < 0:
        late = _tr("1 day late") if days == -1 else _tr("{n} days late").format(n=-days)
        return _tr("{late} ({day})").format(late=late, day=day_text(due))
    if days == 0:
        return _tr("Today")
    if days == 1:
        return _tr("Tomorrow")
    return day_text(due)


def local_today(now: datetime) -> date:
    """The calendar day on this computer at the wall-clock time ``now`` (timezone-aware)."""
    return now.astimezone().date()
