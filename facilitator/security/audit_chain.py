"""The audit trail's chain: what an entry holds, how it is hashed, and how a chain is checked.

Pure code, no database: the store writes and reads the entries
(:mod:`facilitator.storage.audit`); this module decides what their hashes are and whether a run
of entries still holds together. It lives in the lowest layer so that every other layer (the
agreement commands, the CLI, the security code) can name an :class:`AuditKind`.

An entry is content-free by construction: it holds a kind, ids, an optional count and an
optional SHA-256, never a name or a text. Its hash is the SHA-256 of :func:`canonical_bytes`,
which includes the hash of the entry before it, so that changing, removing or moving one entry
breaks every link after it.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum

#: The ``prev_hash`` of the first entry.
GENESIS_HASH = "0" * 64
#: The first element of every hashed serialisation; a new format gets a new tag.
FORMAT_TAG = "cf-audit/1"
#: How far past an entry's own number :func:`check_chain` looks for the number it was hashed
#: with, to tell "entries before it were removed and the rest renumbered" from an edit.
RENUMBER_SEARCH = 1000

_SHA256 = re.compile(r"[0-9a-f]{64}")


class AuditKind(StrEnum):
    """What an audit entry records."""

    SESSION_STARTED = "session_started"
    SESSION_ENDED = "session_ended"
    CONSENT_RECORDED = "consent_recorded"
    CONSENT_WITHDRAWN = "consent_withdrawn"
    AGREEMENT_SIGNED = "agreement_signed"
    SIGNATURE_WITHDRAWN = "signature_withdrawn"
    AGREEMENT_LOCKED = "agreement_locked"
    AGREEMENT_SEALED = "agreement_sealed"
    AGREEMENT_AMENDED = "agreement_amended"
    EXPORT = "export"
    IMPORT = "import"
    BACKUP = "backup"
    RESTORE = "restore"
    PURGE = "purge"
    ERASURE = "erasure"
    UNLOCK_FAILED = "unlock_failed"


class AuditBreak(StrEnum):
    """Why a chain does not hold together."""

    EDITED = "edited"
    """The entry's fields no longer give its hash, or its hash was recomputed after a change."""
    MISSING = "missing"
    """One or more entries are gone from the middle of the chain."""
    REORDERED = "reordered"
    """The entry is intact but stands where another entry should."""
    TRUNCATED = "truncated"
    """Entries are gone from the end: the head (or an anchor) counts more than there are."""
    UNANCHORED = "unanchored"
    """The head record is missing, or does not cover the entries there are."""


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One entry of the audit trail.

    Attributes:
        seq: Its number, from 1, without gaps.
        at: When it was recorded (timezone-aware; hashed as UTC with microseconds).
        kind: What it records.
        session_id: The session acted on, if any.
        case_id: The case acted on, or the case of the session.
        agreement_id: The agreement version acted on, if any.
        ref_id: Another record's id when the kind needs one (a consent record, a signer).
        count: A number the kind gives meaning to (failed unlocks, rows purged).
        detail_sha256: SHA-256 (hex) of content kept elsewhere: a sealed PDF, an export file.
        prev_hash: ``entry_hash`` of the entry before it (:data:`GENESIS_HASH` for the first).
        entry_hash: SHA-256 (hex) of :func:`canonical_bytes` of this entry.
    """

    seq: int
    at: datetime
    kind: str
    session_id: str | None
    case_id: str | None
    agreement_id: str | None
    ref_id: str | None
    count: int | None
    detail_sha256: str | None
    prev_hash: str
    entry_hash: str


def canonical_bytes(entry: AuditEntry, *, seq: int | None = None) -> bytes:
    """The bytes an entry's hash is taken over.

    A JSON array, ASCII only, no spaces, in this order: :data:`FORMAT_TAG`, seq, at (ISO 8601
    in UTC with microseconds, e.g. ``2026-11-25T17:03:07.123456+00:00``), kind, session_id,
    case_id, agreement_id, ref_id, count, detail_sha256, prev_hash. Absent values are ``null``.
    ``entry_hash`` itself is not part of it.

    Args:
        entry: The entry.
        seq: Hash as if the entry had this number (used to recognise renumbered entries).
    """
    at = entry.at.astimezone(UTC).isoformat(timespec="microseconds")
    fields = [
        FORMAT_TAG,
        entry.seq if seq is None else seq,
        at,
        str(entry.kind),
        entry.session_id,
        entry.case_id,
        entry.agreement_id,
        entry.ref_id,
        entry.count,
        entry.detail_sha256,
        entry.prev_hash,
    ]
    return json.dumps(fields, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def hash_entry(entry: AuditEntry, *, seq: int | None = None) -> str:
    """SHA-256 (hex) of :func:`canonical_bytes`."""
    return hashlib.sha256(canonical_bytes(entry, seq=seq)).hexdigest()


def check_sha256(value: str | None) -> str | None:
    """Refuse anything but 64 lowercase hex digits (so no text can ride in a hash field).

    Raises:
        ValueError: ``value`` is not a SHA-256 in hex.
    """
    if value is not None and not _SHA256.fullmatch(value):
        raise ValueError("an audit detail must be a SHA-256 in lowercase hex")
    return value


@dataclass(frozen=True, slots=True)
class AuditHead:
    """The head record kept beside the chain: how many entries there are and the last hash.

    Attributes:
        entries: The number of entries written.
        last_hash: ``entry_hash`` of the last one (:data:`GENESIS_HASH` before the first).
    """

    entries: int
    last_hash: str


@dataclass(frozen=True, slots=True)
class AuditAnchor:
    """A head written down elsewhere (on paper, in a report): entry ``seq`` had hash ``hash``."""

    seq: int
    hash: str

    @classmethod
    def parse(cls, text: str) -> AuditAnchor:
        """Read ``SEQ:HASH`` (as ``audit verify`` prints it).

        Raises:
            ValueError: not of that form.
        """
        seq, sep, value = text.strip().partition(":")
        if not sep or not seq.isdigit() or int(seq) < 1 or not _SHA256.fullmatch(value.lower()):
            raise ValueError("an anchor is SEQ:HASH, e.g. 12:3f5a... (64 hex digits)")
        return cls(int(seq), value.lower())


@dataclass(frozen=True, slots=True)
class AuditReport:
    """What checking the chain found.

    Attributes:
        ok: Whether the chain holds together.
        entries_checked: How many entries were found sound, from the first.
        first_bad_seq: The first entry that is wrong or missing (``None`` when ok, or when
            only the head record is missing).
        reason: Why it breaks (``None`` when ok).
        head: The last sound entry as an anchor to write down (``None`` for an empty trail).
    """

    ok: bool
    entries_checked: int
    first_bad_seq: int | None = None
    reason: AuditBreak | None = None
    head: AuditAnchor | None = None

    @property
    def message(self) -> str:
        """One line for the person checking."""
        if self.ok:
            return f"chain intact: {self.entries_checked} entries"
        if self.first_bad_seq is None:
            return f"chain broken: {self.reason}: the head record is missing or wrong"
        return f"chain broken at entry #{self.first_bad_seq}: {self.reason}"


def check_chain(
    entries: Iterable[AuditEntry],
    head: AuditHead | None,
    all_hashes: Callable[[], Mapping[str, int]],
    anchor: AuditAnchor | None = None,
) -> AuditReport:
    """Check a chain, entry by entry in ``seq`` order, then against its head and an anchor.

    Args:
        entries: Every entry, in ascending ``seq`` order.
        head: The head record, or ``None`` if it is missing.
        all_hashes: Every stored ``entry_hash`` with its ``seq``; asked only when a link
            breaks, to tell a moved entry from an edited one.
        anchor: An earlier head written down elsewhere, to catch a shortened chain whose head
            was rewritten too.

    Returns:
        The first break found, or ok.
    """
    expected, prev, anchored = 1, GENESIS_HASH, None
    for entry in entries:
        if entry.seq != expected:
            return _broken(expected - 1, prev, expected, AuditBreak.MISSING)
        own_ok = hash_entry(entry) == entry.entry_hash
        if not own_ok or entry.prev_hash != prev:
            seq, reason = _classify(entry, prev, own_ok=own_ok, all_hashes=all_hashes)
            return _broken(expected - 1, prev, seq, reason)
        if anchor is not None and anchor.seq == entry.seq:
            anchored = entry.entry_hash
        prev, expected = entry.entry_hash, expected + 1
    checked = expected - 1
    found = _check_head(checked, prev, head)
    if found is None and anchor is not None:
        if anchor.seq > checked:
            found = (checked + 1, AuditBreak.TRUNCATED)
        elif anchored != anchor.hash:
            found = (anchor.seq, AuditBreak.EDITED)
    if found is not None:
        return _broken(checked, prev, *found)
    return AuditReport(ok=True, entries_checked=checked, head=_anchor(checked, prev))


def _check_head(
    checked: int, last_hash: str, head: AuditHead | None
) -> tuple[int | None, AuditBreak] | None:
    """Where the head record disagrees with a sound chain of ``checked`` entries, if it does."""
    if head is None:
        return None, AuditBreak.UNANCHORED
    if head.entries > checked:
        return checked + 1, AuditBreak.TRUNCATED
    if head.entries < checked:
        return head.entries + 1, AuditBreak.UNANCHORED
    if head.last_hash == last_hash:
        return None
    if checked == 0:
        return None, AuditBreak.UNANCHORED
    # The head counts right but names another last hash: the last entry was rewritten.
    return checked, AuditBreak.EDITED


def _classify(
    entry: AuditEntry,
    prev: str,
    *,
    own_ok: bool,
    all_hashes: Callable[[], Mapping[str, int]],
) -> tuple[int, AuditBreak]:
    linked = entry.prev_hash == prev
    if not own_ok and linked:
        return entry.seq, AuditBreak.EDITED
    points_to = all_hashes().get(entry.prev_hash)
    if points_to is not None and points_to != entry.seq - 1:
        return entry.seq, AuditBreak.REORDERED
    if own_ok:
        # Intact itself, but the entry before it is not the one it was chained to: that one
        # was changed and given a freshly computed hash.
        return max(entry.seq - 1, 1), AuditBreak.EDITED
    for seq in range(entry.seq + 1, entry.seq + 1 + RENUMBER_SEARCH):
        if hash_entry(entry, seq=seq) == entry.entry_hash:
            return entry.seq, AuditBreak.MISSING
    return entry.seq, AuditBreak.EDITED


def _broken(checked: int, prev: str, seq: int | None, reason: AuditBreak) -> AuditReport:
    return AuditReport(
        ok=False,
        entries_checked=checked,
        first_bad_seq=seq,
        reason=reason,
        head=_anchor(checked, prev),
    )


def _anchor(checked: int, last_hash: str) -> AuditAnchor | None:
    return AuditAnchor(checked, last_hash) if checked else None
