"""Translated labels for the domain's enumerations, as the setup screens show them."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from facilitator.domain.consent import ConsentMethod
from facilitator.domain.roles import Participation, Role, Side


def _tr(text: str) -> str:
    return QCoreApplication.translate("labels", text)


def role_label(role: Role) -> str:
    """The neutral label of a role (the domain's wording, translated)."""
    return QCoreApplication.translate("roles", role.label)


def participation_label(participation: Participation) -> str:
    """How someone takes part, in a few words."""
    labels = {
        Participation.IN_PERSON: _tr("In person"),
        Participation.WRITTEN_STATEMENT: _tr("Written statement, read by the facilitator"),
        Participation.REPRESENTED: _tr("Represented by someone else"),
        Participation.ABSENT: _tr("Not taking part"),
    }
    return labels[participation]


def participation_short(participation: Participation) -> str:
    """How someone takes part, short enough for a table cell."""
    labels = {
        Participation.IN_PERSON: _tr("In person"),
        Participation.WRITTEN_STATEMENT: _tr("Written statement"),
        Participation.REPRESENTED: _tr("Represented"),
        Participation.ABSENT: _tr("Absent"),
    }
    return labels[participation]


def side_label(side: Side) -> str:
    """Which side someone sits with."""
    labels = {
        Side.HARMED: _tr("Side of the person harmed"),
        Side.RESPONSIBLE: _tr("Side of the person responsible"),
        Side.COMMUNITY: _tr("Community"),
        Side.PROCESS: _tr("Runs the process"),
        Side.NEUTRAL: _tr("Neutral"),
    }
    return labels[side]


def method_label(method: ConsentMethod) -> str:
    """How consent was given."""
    labels = {
        ConsentMethod.WRITTEN: _tr("Written form, signed"),
        ConsentMethod.SIGNED_ON_SCREEN: _tr("Signed on screen"),
        ConsentMethod.VERBAL_WITNESSED: _tr("Spoken, with a witness"),
        ConsentMethod.BY_GUARDIAN: _tr("Given by a parent or guardian"),
    }
    return labels[method]
