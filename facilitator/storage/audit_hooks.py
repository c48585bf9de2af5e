"""Which store changes leave an audit entry, decided inside the change's own transaction.

The event log calls :func:`audit_session_events` after appending events; the agreement store
calls :func:`audit_agreement_save` with what the row held before. Both only add entries through
:func:`facilitator.storage.audit.append_audit`, so the change and its entries commit together.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from facilitator.agreements.model import Agreement, AgreementStatus
from facilitator.engine.events import ConsentWithdrawn, LoggedEvent, SessionEnded, SessionStarted
from facilitator.security.audit_chain import AuditKind
from facilitator.storage.audit import append_audit
from facilitator.storage.records import AgreementRow, AgreementSignatureRow, SessionRow

_SESSION_KINDS = {
    SessionStarted: AuditKind.SESSION_STARTED,
    SessionEnded: AuditKind.SESSION_ENDED,
    ConsentWithdrawn: AuditKind.CONSENT_WITHDRAWN,
}


def audit_session_events(s: Session, session_id: str, events: Sequence[LoggedEvent]) -> None:
    """Record the start, the end and consent withdrawals among ``events`` (at their wall time).

    Most appends hold none of these, and then this costs no query.
    """
    audited = [e for e in events if type(e.event) in _SESSION_KINDS]
    if not audited:
        return
    case_id = s.scalar(select(SessionRow.case_id).where(SessionRow.id == session_id))
    for logged in audited:
        event = logged.event
        append_audit(
            s,
            _SESSION_KINDS[type(event)],
            at=logged.wall,
            session_id=session_id,
            case_id=case_id,
            # A withdrawal is the person's, whatever consent records they had.
            ref_id=event.participant_id if isinstance(event, ConsentWithdrawn) else None,
        )


@dataclass(frozen=True, slots=True)
class StoredAgreement:
    """What an agreement version's row held before a save: its status and who had signed."""

    status: str
    signers: frozenset[str]


def stored_agreement(s: Session, agreement_id: str) -> StoredAgreement | None:
    """The status and signers of a stored agreement version, or ``None`` if it is new."""
    status = s.scalar(select(AgreementRow.status).where(AgreementRow.id == agreement_id))
    if status is None:
        return None
    signers = s.scalars(
        select(AgreementSignatureRow.signer_id).where(
            AgreementSignatureRow.agreement_id == agreement_id
        )
    )
    return StoredAgreement(status, frozenset(signers))


def audit_agreement_save(
    s: Session,
    agreement: Agreement,
    before: StoredAgreement | None,
    *,
    case_id: str,
    content_sha256: str,
) -> None:
    """Record what saving ``agreement`` over ``before`` did.

    A new version that names a previous one is an amendment; each new signer is a signature
    and each signer gone a signature taken back (both by signer id); reaching ``locked``
    records the content hash that the sealed PDF prints.
    """
    now = datetime.now(UTC)

    def add(kind: AuditKind, ref_id: str | None = None, detail: str | None = None) -> None:
        append_audit(
            s,
            kind,
            at=now,
            session_id=agreement.session_id,
            case_id=case_id,
            agreement_id=agreement.id,
            ref_id=ref_id,
            detail_sha256=detail,
        )

    if before is None and agreement.previous_version_id is not None:
        add(AuditKind.AGREEMENT_AMENDED, ref_id=agreement.previous_version_id)
    old = before.signers if before is not None else frozenset()
    new = [sig.signer_id for sig in agreement.signatures]
    for signer_id in new:
        if signer_id not in old:
            add(AuditKind.AGREEMENT_SIGNED, ref_id=signer_id)
    for signer_id in sorted(old - set(new)):
        add(AuditKind.SIGNATURE_WITHDRAWN, ref_id=signer_id)
    was_locked = before is not None and before.status == AgreementStatus.LOCKED
    if agreement.status is AgreementStatus.LOCKED and not was_locked:
        add(AuditKind.AGREEMENT_LOCKED, detail=content_sha256)
