"""Agreements in the store: every version, with its signatures, as domain objects.

Reached through :attr:`facilitator.storage.store.Store.agreements`; each method is one unit of
work. A locked version is never changed again: an amendment is saved as a new version.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.agreements.model import Agreement, AgreementError, AgreementStatus
from facilitator.agreements.serial import (
    agreement_from_dict,
    agreement_to_dict,
    content_hash,
    signature_from_dict,
    signature_to_dict,
)
from facilitator.storage import queries
from facilitator.storage.audit_hooks import audit_agreement_save, stored_agreement
from facilitator.storage.errors import NotFound, StoreError
from facilitator.storage.records import AgreementRow, AgreementSignatureRow
from facilitator.storage.search import index_agreement

Work = Callable[[], AbstractContextManager[Session]]


class AgreementStore:
    """The agreements part of the store (use ``store.agreements``)."""

    def __init__(self, work: Work) -> None:
        self._work = work

    def save(self, agreement: Agreement) -> Agreement:
        """Insert or update one agreement version with its signatures.

        Raises:
            NotFound: the session does not exist.
            StoreError: the stored version is locked (amend it instead), or the version it
                amends is not stored.
        """
        with self._work() as s:
            session = queries.session_row_of(s, agreement.session_id)
            before = stored_agreement(s, agreement.id)
            row = write_agreement(s, agreement)
            index_agreement(s, agreement.session_id)
            audit_agreement_save(
                s, agreement, before, case_id=session.case_id, content_sha256=row.content_sha256
            )
        return self.get(agreement.id)

    def get(self, agreement_id: str) -> Agreement:
        """One agreement version.

        Raises:
            NotFound: no such agreement.
        """
        with self._work() as s:
            row = s.get(AgreementRow, agreement_id)
            if row is None:
                raise NotFound("No agreement with this id.")
            return _from_row(s, row)

    def content_hash_of(self, agreement_id: str) -> str | None:
        """The stored content hash of an agreement version, or ``None`` if it is not stored."""
        with self._work() as s:
            row = s.get(AgreementRow, agreement_id)
            return None if row is None else row.content_sha256

    def versions(self, session_id: str) -> list[Agreement]:
        """Every agreement version of a session, oldest first.

        Raises:
            NotFound: no such session.
        """
        with self._work() as s:
            queries.session_row_of(s, session_id)
            return versions_of(s, session_id)

    def latest(self, session_id: str) -> Agreement | None:
        """The newest version of the session's agreement, if there is one."""
        found = self.versions(session_id)
        return max(found, key=lambda a: a.version) if found else None


def write_agreement(s: Session, agreement: Agreement) -> AgreementRow:
    """Insert or update one agreement version and its signatures, without an audit entry.

    :meth:`AgreementStore.save` adds the audit entry and the search index; an import writes
    the versions it carries with this, then indexes them once.

    Raises:
        StoreError: the stored version is locked, or the version it amends is not stored.
    """
    row = s.get(AgreementRow, agreement.id)
    if row is not None and row.status == AgreementStatus.LOCKED:
        raise StoreError("This agreement is signed and locked; amend it to change it.")
    previous = agreement.previous_version_id
    if previous is not None and s.get(AgreementRow, previous) is None:
        raise StoreError("The version this agreement amends is not in the store.")
    if row is None:
        row = AgreementRow(id=agreement.id, session_id=agreement.session_id)
        s.add(row)
    row.version = agreement.version
    row.previous_version_id = agreement.previous_version_id
    row.status = agreement.status.value
    row.content_sha256 = content_hash(agreement)
    row.payload_json = _dumps(agreement_to_dict(agreement))
    row.created_at = agreement.created_at or datetime.now(UTC)
    row.locked_at = agreement.locked_at
    s.flush()
    _replace_signatures(s, agreement)
    s.flush()
    return row


def versions_of(s: Session, session_id: str) -> list[Agreement]:
    """Every agreement version of a session, oldest first (the session must exist)."""
    rows = s.scalars(
        select(AgreementRow)
        .where(AgreementRow.session_id == session_id)
        .order_by(AgreementRow.created_at, AgreementRow.version, AgreementRow.id)
    )
    return [_from_row(s, row) for row in rows]


def _replace_signatures(s: Session, agreement: Agreement) -> None:
    for old in s.scalars(
        select(AgreementSignatureRow).where(AgreementSignatureRow.agreement_id == agreement.id)
    ):
        s.delete(old)
    s.flush()
    for position, signature in enumerate(agreement.signatures):
        data = signature_to_dict(signature)
        s.add(
            AgreementSignatureRow(
                agreement_id=agreement.id,
                signer_id=signature.signer_id,
                position=position,
                name=signature.name,
                role=signature.role.value,
                signed_at=signature.signed_at,
                strokes_json=_dumps(data["strokes"]),
            )
        )


def _from_row(s: Session, row: AgreementRow) -> Agreement:
    rows = s.scalars(
        select(AgreementSignatureRow)
        .where(AgreementSignatureRow.agreement_id == row.id)
        .order_by(AgreementSignatureRow.position)
    )
    signatures = tuple(
        signature_from_dict(
            {
                "signer_id": r.signer_id,
                "name": r.name,
                "role": r.role,
                "signed_at": r.signed_at.isoformat(),
                "strokes": json.loads(r.strokes_json),
            }
        )
        for r in rows
    )
    try:
        return agreement_from_dict(json.loads(row.payload_json), signatures)
    except (AgreementError, ValueError):
        raise StoreError("A stored agreement cannot be read; the store may be damaged.") from None


def _dumps(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))
