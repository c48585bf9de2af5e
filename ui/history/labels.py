"""Words for what the history shows: agreement statuses, case outcomes, session dates."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from facilitator.agreements.status import AgreementStatus
from facilitator.domain.outcome import CaseOutcome


def _tr(text: str) -> str:
    return QCoreApplication.translate("history", text)


def agreement_status_label(status: AgreementStatus | None) -> str:
    """The translated word for an agreement status (``None``: there is no agreement)."""
    labels = {
        None: _tr("No agreement"),
        AgreementStatus.DRAFT: _tr("Draft"),
        AgreementStatus.FINALISED: _tr("Finalised"),
        AgreementStatus.LOCKED: _tr("Signed and locked"),
    }
    return labels[status]


def agreement_label(status: AgreementStatus | None, version: int | None) -> str:
    """The status of the newest agreement version, with its number from version 2 on."""
    word = agreement_status_label(status)
    if status is None or version is None or version < 2:
        return word
    return _tr("{status} (version {version})").format(status=word, version=version)


def outcome_label(value: str) -> str:
    """The translated outcome of a closed case (empty while open; unknown values as stored)."""
    if not value:
        return ""
    try:
        outcome = CaseOutcome(value)
    except ValueError:
        return value
    return QCoreApplication.translate("outcome", outcome.label)


def date_label(when: datetime | None) -> str:
    """A stored UTC time as a local date and time."""
    return when.astimezone().strftime("%Y-%m-%d %H:%M") if when else ""
