"""Errors the store raises. Every message is safe to show: no names, no note text."""

from __future__ import annotations


class StoreError(Exception):
    """The store could not do what was asked; the message says why in plain words."""


class NotFound(StoreError):  # noqa: N818 - the name the rest of the app uses
    """No case, session, participant or note has the given id."""
