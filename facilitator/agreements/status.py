"""Where an agreement is in its life, on its own: lists read it without loading the model."""

from __future__ import annotations

from enum import StrEnum


class AgreementStatus(StrEnum):
    """Where an agreement is in its life.

    A draft is edited and assented to; a finalised agreement is frozen and being signed; a
    locked one has every signature and never changes again (amending makes a new version).
    """

    DRAFT = "draft"
    FINALISED = "finalised"
    LOCKED = "locked"
