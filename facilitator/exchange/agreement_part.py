"""The agreement part of a session export (version 2): every version, its signatures, follow-up.

Written as the store keeps it (``agreement_to_dict`` and ``signature_to_dict``, the same forms
the store writes), with each version's content fingerprint (``content_sha256``, the hash the
sealed PDF carries). On import every version must read back to exactly what the file says and
match its fingerprint: an agreement edited by hand, or damaged, is refused rather than stored
as if it had been signed that way.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from facilitator.agreements.followup import ItemStatus, ProgressEntry
from facilitator.agreements.model import Agreement
from facilitator.agreements.serial import (
    agreement_from_dict,
    agreement_to_dict,
    content_hash,
    signature_from_dict,
    signature_to_dict,
)
from facilitator.exchange.fields import (
    ExchangeError,
    as_obj,
    at,
    bind,
    check_unique,
    dt_text,
    ident,
    listed,
    obj,
    parse_dt,
    text,
)
from facilitator.storage.agreement_records import AgreementRecords, ReviewDate


def records_to_document(records: AgreementRecords) -> dict[str, Any]:
    """The ``agreements`` and ``follow_up`` members of an export document."""
    return {
        "agreements": [_agreement_to_dict(a) for a in records.agreements],
        "follow_up": {
            "progress": [
                {
                    "id": e.id,
                    "agreement_id": e.agreement_id,
                    "item_id": e.item_id,
                    "status": e.status.value,
                    "evidence": e.evidence,
                    "evidence_date": e.evidence_date.isoformat(),
                    "recorded_by": e.recorded_by,
                    "recorded_at": dt_text(e.recorded_at),
                }
                for e in records.progress
            ],
            "reviews": [
                {
                    "agreement_id": r.agreement_id,
                    "review_date": r.review_date.isoformat() if r.review_date else None,
                    "updated_at": dt_text(r.updated_at),
                }
                for r in records.reviews
            ],
        },
    }


def records_from_document(
    document: Mapping[str, Any], session_id: str, people: set[str]
) -> AgreementRecords:
    """Check the agreement part of ``document`` completely and read it.

    Args:
        document: The whole export document (version 2).
        session_id: The session the file holds: every agreement must be of it.
        people: Its participants' ids: every party must be one of them.

    Raises:
        ExchangeError: anything is missing, of the wrong type, edited (an agreement that does
            not read back as written, or whose content does not match its fingerprint), or
            refers to an agreement, version or item the file does not hold.
    """
    agreements = tuple(
        at(f"agreements[{i}]", bind(_agreement_from, a, session_id, people))
        for i, a in enumerate(listed(document, "agreements"))
    )
    check_unique("agreements", [a.id for a in agreements])
    earlier: set[str] = set()
    for i, agreement in enumerate(agreements):
        previous = agreement.previous_version_id
        if previous is not None and previous not in earlier:
            raise ExchangeError(
                f"agreements[{i}].previous_version_id: not an earlier version in the file"
            )
        earlier.add(agreement.id)
    items = {a.id: {item.id for item in a.items} for a in agreements}
    follow_up = at("follow_up", lambda: obj(document, "follow_up"))
    progress = tuple(
        at(f"follow_up.progress[{i}]", bind(_entry_from, e, items))
        for i, e in enumerate(at("follow_up", lambda: listed(follow_up, "progress")))
    )
    check_unique("follow_up.progress", [e.id for e in progress])
    reviews = tuple(
        at(f"follow_up.reviews[{i}]", bind(_review_from, r, items))
        for i, r in enumerate(at("follow_up", lambda: listed(follow_up, "reviews")))
    )
    check_unique("follow_up.reviews", [r.agreement_id for r in reviews])
    return AgreementRecords(agreements, progress, reviews)


def _agreement_to_dict(agreement: Agreement) -> dict[str, Any]:
    return {
        **agreement_to_dict(agreement),
        "signatures": [signature_to_dict(s) for s in agreement.signatures],
        "content_sha256": content_hash(agreement),
    }


def _agreement_from(value: object, session_id: str, people: set[str]) -> Agreement:
    data = as_obj(value)
    ident(data, "id")
    _check_types(data)
    signatures = tuple(
        signature_from_dict(as_obj(s, "signatures")) for s in listed(data, "signatures")
    )
    agreement = agreement_from_dict(data, signatures)
    if agreement.session_id != session_id:
        raise ExchangeError("session_id: not the session this file holds")
    if any(p.participant_id not in people for p in agreement.parties):
        raise ExchangeError("parties: someone who is not one of the session's participants")
    # Exactly as the app writes it, or not at all: a value read loosely ("2" for 2) would be
    # written back differently, and the file would no longer say what was signed.
    if _agreement_to_dict(agreement) | {"content_sha256": data.get("content_sha256")} != data:
        raise ExchangeError("does not read back as written (edited or damaged)")
    if content_hash(agreement) != text(data, "content_sha256"):
        raise ExchangeError("content_sha256: does not match the content (edited or damaged)")
    return agreement


def _entry_from(value: object, items: Mapping[str, set[str]]) -> ProgressEntry:
    data = as_obj(value)
    agreement_id = text(data, "agreement_id")
    if agreement_id not in items:
        raise ExchangeError("agreement_id: not an agreement in the file")
    item_id = text(data, "item_id")
    if item_id not in items[agreement_id]:
        raise ExchangeError("item_id: not an item of that agreement")
    recorded_at = parse_dt(data, "recorded_at", required=True)
    assert recorded_at is not None
    return ProgressEntry(
        agreement_id=agreement_id,
        item_id=item_id,
        status=ItemStatus(text(data, "status")),
        evidence=text(data, "evidence", required=False),
        evidence_date=_day(data, "evidence_date"),
        recorded_by=text(data, "recorded_by"),
        recorded_at=recorded_at,
        id=ident(data, "id"),
    )


def _review_from(value: object, items: Mapping[str, set[str]]) -> ReviewDate:
    data = as_obj(value)
    agreement_id = text(data, "agreement_id")
    if agreement_id not in items:
        raise ExchangeError("agreement_id: not an agreement in the file")
    updated_at = parse_dt(data, "updated_at", required=True)
    assert updated_at is not None
    when = None if data.get("review_date") is None else _day(data, "review_date")
    return ReviewDate(agreement_id, when, updated_at)


def _day(data: Mapping[str, Any], key: str) -> date:
    value = text(data, key)
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ExchangeError(f"{key}: not a date ({value[:40]!r})") from None


_TEXTS = (
    "id session_id case_reference referral_source template_id title introduction summary status"
)
_PARTY_TEXTS = "id name role"
_CLAUSE_TEXTS = "id title text"
_ITEM_TEXTS = "id kind description monitor how_harmed_learns currency payment_schedule service"
_ITEM_OPTIONAL = "responsible_id due apology_form amount source_note_id"
_SIGNATURE_TEXTS = "signer_id name role signed_at"


def _check_types(data: Mapping[str, Any]) -> None:
    """Text where the app writes text (the model takes what it is given, so check here)."""
    _texts(data, _TEXTS)
    _optional_texts(data, "previous_version_id review_date")
    for i, party in enumerate(listed(data, "parties")):
        _texts(as_obj(party, f"parties[{i}]"), _PARTY_TEXTS, f"parties[{i}]")
    for i, clause in enumerate(listed(data, "clauses")):
        _texts(as_obj(clause, f"clauses[{i}]"), _CLAUSE_TEXTS, f"clauses[{i}]")
    for i, item in enumerate(listed(data, "items")):
        fields = as_obj(item, f"items[{i}]")
        _texts(fields, _ITEM_TEXTS, f"items[{i}]")
        _optional_texts(fields, _ITEM_OPTIONAL, f"items[{i}]")
    for i, signature in enumerate(listed(data, "signatures")):
        _texts(as_obj(signature, f"signatures[{i}]"), _SIGNATURE_TEXTS, f"signatures[{i}]")
    if not all(isinstance(a, str) for a in listed(data, "assents")):
        raise ExchangeError("assents: expected a list of ids")


def _texts(data: Mapping[str, Any], keys: str, where: str = "") -> None:
    for key in keys.split():
        at(where or key, bind(text, data, key))


def _optional_texts(data: Mapping[str, Any], keys: str, where: str = "") -> None:
    for key in keys.split():
        if data.get(key) is not None:
            at(where or key, bind(text, data, key))
