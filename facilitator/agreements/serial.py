"""Agreements as JSON-ready dicts (for the store), and the canonical content that is hashed.

Canonical content
-----------------
The SHA-256 printed in every PDF footer is the hash of :func:`canonical_content`: the UTF-8
bytes of a JSON object holding the agreement's *shareable, agreed* fields, written with sorted
keys, no insignificant whitespace and non-ASCII characters as themselves (``ensure_ascii=False``),
after NFC normalisation of every string. The fields are: ``id``, ``version``,
``previous_version_id``, ``session_id``, ``case_reference``, ``referral_source``,
``template_id``, ``title``, ``introduction``, ``summary``, ``review_date``, ``parties`` (id,
name, role, signs), ``items`` (every field) and ``clauses`` (id, title, text).

Left out on purpose: the status, assents, timestamps and signatures. The hash names *what was
agreed*, so the copy printed for signing on paper and the copy signed on screen carry the same
hash; the seal (:mod:`facilitator.agreements.seal`) protects the signatures drawn in the file.
"""

from __future__ import annotations

import hashlib
import json
import unicodedata
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from facilitator.agreements.model import (
    Agreement,
    AgreementError,
    AgreementItem,
    AgreementStatus,
    ApologyForm,
    Clause,
    ItemKind,
    Party,
    Signature,
    StrokePoint,
)
from facilitator.domain.roles import Role


def item_to_dict(item: AgreementItem) -> dict[str, Any]:
    """A JSON-ready dict of an item."""
    return {
        "id": item.id,
        "kind": item.kind.value,
        "description": item.description,
        "responsible_id": item.responsible_id,
        "due": item.due.isoformat() if item.due else None,
        "monitor": item.monitor,
        "how_harmed_learns": item.how_harmed_learns,
        "apology_form": item.apology_form.value if item.apology_form else None,
        "amount": str(item.amount) if item.amount is not None else None,
        "currency": item.currency,
        "payment_schedule": item.payment_schedule,
        "hours": item.hours,
        "service": item.service,
        "source_note_id": item.source_note_id,
    }


def item_from_dict(data: dict[str, Any]) -> AgreementItem:
    """Rebuild an item from :func:`item_to_dict` output."""
    return AgreementItem(
        id=data["id"],
        kind=ItemKind(data["kind"]),
        description=data["description"],
        responsible_id=data["responsible_id"],
        due=date.fromisoformat(data["due"]) if data["due"] else None,
        monitor=data["monitor"],
        how_harmed_learns=data["how_harmed_learns"],
        apology_form=ApologyForm(data["apology_form"]) if data["apology_form"] else None,
        amount=Decimal(data["amount"]) if data["amount"] is not None else None,
        currency=data["currency"],
        payment_schedule=data["payment_schedule"],
        hours=data["hours"],
        service=data["service"],
        source_note_id=data["source_note_id"],
    )


def signature_to_dict(signature: Signature) -> dict[str, Any]:
    """A JSON-ready dict of a signature; strokes as lists of ``[x, y, pressure, t]``."""
    return {
        "signer_id": signature.signer_id,
        "name": signature.name,
        "role": signature.role.value,
        "signed_at": signature.signed_at.isoformat(),
        "strokes": [[list(point) for point in stroke] for stroke in signature.strokes],
    }


def signature_from_dict(data: dict[str, Any]) -> Signature:
    """Rebuild a signature from :func:`signature_to_dict` output."""
    return Signature(
        signer_id=data["signer_id"],
        name=data["name"],
        role=Role(data["role"]),
        signed_at=datetime.fromisoformat(data["signed_at"]),
        strokes=tuple(
            tuple(StrokePoint(*(float(v) for v in point)) for point in stroke)
            for stroke in data["strokes"]
        ),
    )


def content_to_dict(agreement: Agreement) -> dict[str, Any]:
    """The agreed, shareable content of an agreement (see the module docs)."""
    return {
        "id": agreement.id,
        "version": agreement.version,
        "previous_version_id": agreement.previous_version_id,
        "session_id": agreement.session_id,
        "case_reference": agreement.case_reference,
        "referral_source": agreement.referral_source,
        "template_id": agreement.template_id,
        "title": agreement.title,
        "introduction": agreement.introduction,
        "summary": agreement.summary,
        "review_date": agreement.review_date.isoformat() if agreement.review_date else None,
        "parties": [
            {"id": p.participant_id, "name": p.name, "role": p.role.value, "signs": p.signs}
            for p in agreement.parties
        ],
        "items": [item_to_dict(i) for i in agreement.items],
        "clauses": [{"id": c.id, "title": c.title, "text": c.text} for c in agreement.clauses],
    }


def agreement_to_dict(agreement: Agreement) -> dict[str, Any]:
    """Everything about an agreement except its signatures (the store keeps those apart)."""
    data = content_to_dict(agreement)
    data.update(
        status=agreement.status.value,
        assents=sorted(agreement.assents),
        created_at=_time(agreement.created_at),
        finalised_at=_time(agreement.finalised_at),
        locked_at=_time(agreement.locked_at),
    )
    return data


def agreement_from_dict(data: dict[str, Any], signatures: tuple[Signature, ...] = ()) -> Agreement:
    """Rebuild an agreement from :func:`agreement_to_dict` output and its signatures.

    Raises:
        AgreementError: the data is not a stored agreement.
    """
    try:
        return Agreement(
            id=data["id"],
            version=int(data["version"]),
            previous_version_id=data["previous_version_id"],
            session_id=data["session_id"],
            case_reference=data["case_reference"],
            referral_source=data["referral_source"],
            template_id=data["template_id"],
            title=data["title"],
            introduction=data["introduction"],
            summary=data["summary"],
            review_date=date.fromisoformat(data["review_date"]) if data["review_date"] else None,
            parties=tuple(
                Party(p["id"], p["name"], Role(p["role"]), bool(p["signs"]))
                for p in data["parties"]
            ),
            items=tuple(item_from_dict(i) for i in data["items"]),
            clauses=tuple(Clause(c["id"], c["title"], c["text"]) for c in data["clauses"]),
            status=AgreementStatus(data["status"]),
            assents=frozenset(data["assents"]),
            signatures=signatures,
            created_at=_parse_time(data["created_at"]),
            finalised_at=_parse_time(data["finalised_at"]),
            locked_at=_parse_time(data["locked_at"]),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise AgreementError(f"This is not a stored agreement ({type(exc).__name__}).") from None


def canonical_content(agreement: Agreement) -> bytes:
    """The canonical bytes of the agreed content (the module docs define them)."""
    return json.dumps(
        _nfc(content_to_dict(agreement)),
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        allow_nan=False,
    ).encode("utf-8")


def content_hash(agreement: Agreement) -> str:
    """SHA-256 of :func:`canonical_content`, as 64 lowercase hex digits."""
    return hashlib.sha256(canonical_content(agreement)).hexdigest()


def _nfc(value: Any) -> Any:
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, list):
        return [_nfc(v) for v in value]
    if isinstance(value, dict):
        return {k: _nfc(v) for k, v in value.items()}
    return value


def _time(value: datetime | None) -> str | None:
    return value.isoformat() if value else None


def _parse_time(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None
