"""What ``circle-facilitator agreement render|verify`` do, apart from parsing arguments."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Protocol, TextIO

from facilitator.agreements.model import Agreement, AgreementError, AgreementStatus
from facilitator.agreements.seal import AgreementLookup, VerdictStatus, verify_pdf
from facilitator.security.audit_chain import AuditKind

#: Exit codes of ``agreement verify``.
VERIFY_EXIT = {VerdictStatus.VALID: 0, VerdictStatus.MODIFIED: 1, VerdictStatus.UNKNOWN: 2}


class _Versions(Protocol):
    def latest(self, session_id: str) -> Agreement | None: ...


class _Audit(Protocol):
    def record(
        self,
        kind: AuditKind,
        *,
        session_id: str | None = None,
        agreement_id: str | None = None,
        detail_sha256: str | None = None,
    ) -> object: ...


class _Store(Protocol):
    @property
    def agreements(self) -> _Versions: ...

    @property
    def audit(self) -> _Audit: ...


def render_command(
    store: _Store, session_id: str, output: Path, *, paper: bool, out: TextIO
) -> int:
    """Write the session's latest agreement to ``output``; a locked one is sealed.

    Sealing is recorded in the audit trail with the SHA-256 of the sealed file, before the file
    takes its name: no sealed file appears without its entry.

    Raises:
        AgreementError: there is no agreement, or its text cannot be printed.
        OSError: the file cannot be written.
        Exception: what ``store.audit.record`` raises when the entry cannot be written (then
            no file is left behind).
    """
    from facilitator.agreements.keys import load_or_create_key  # noqa: PLC0415
    from facilitator.agreements.pdf import render_agreement  # noqa: PLC0415
    from facilitator.agreements.seal import seal_pdf  # noqa: PLC0415

    agreement = store.agreements.latest(session_id)
    if agreement is None:
        raise AgreementError("This session has no agreement yet.")
    pdf = render_agreement(agreement, paper=paper)
    sealed = agreement.status is AgreementStatus.LOCKED and not paper
    if sealed:
        pdf = seal_pdf(pdf, load_or_create_key())
    tmp = output.with_name(output.name + ".part")
    try:
        tmp.write_bytes(pdf)
        if sealed:
            store.audit.record(
                AuditKind.AGREEMENT_SEALED,
                session_id=session_id,
                agreement_id=agreement.id,
                detail_sha256=hashlib.sha256(pdf).hexdigest(),
            )
        tmp.replace(output)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    what = "sealed" if sealed else ("for signing on paper" if paper else agreement.status.value)
    print(f"Wrote agreement version {agreement.version} ({what}) to {output}", file=out)
    return 0


def verify_command(store: AgreementLookup, path: Path, *, out: TextIO) -> int:
    """Check a sealed agreement file; print the verdict and its reason.

    Returns:
        0 valid, 1 modified, 2 unknown.
    """
    verdict = verify_pdf(path, store)
    print(f"{verdict.status.value}: {verdict.reason}", file=out)
    return VERIFY_EXIT[verdict.status]
