"""Blanking stored content inside one transaction: the work behind purges and erasure.

Every function here changes rows of one database in the caller's transaction and leaves the
structure in place: ids, roles, seats, statuses, dates and the event log's order stay, so a
session still replays, stays countable and keeps its agreement's history, while the text that
said what happened, and the names of who was there, are gone. The search index is brought in
step for everything changed. Nothing here writes a tombstone or an audit entry: the caller
(:mod:`facilitator.storage.retention`) does, once per record.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Collection, Iterable
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from facilitator.storage.mapping import dumps
from facilitator.storage.records import (
    AgreementRow,
    AgreementSignatureRow,
    CaseRow,
    ConsentRow,
    EventRow,
    NoteRow,
    ParticipantRow,
)
from facilitator.storage.records_followup import ProgressEntryRow
from facilitator.storage.search import index_agreement, index_case, index_note, index_people

#: Personal fields of a participant blanked by a purge or an erasure (the name gets a label).
PERSONAL_FIELDS = (
    "address_as",
    "relationship",
    "guardian_name",
    "language",
    "interpreter",
    "requests",
    "risk_notes",
)
#: Free-text fields of events other than notes: reasons, withdrawal notes, resolutions.
EVENT_FREE_TEXT = {
    "note_struck": ("reason",),
    "participant_left": ("reason",),
    "consent_withdrawn": ("note",),
    "withdrawal_resolved": ("resolution",),
    "break_started": ("reason",),
    "session_ended": ("reason",),
}
NOTE_TEXT_EVENTS = frozenset({"note_added", "note_edited"})
#: Free-text fields of an agreement item.
ITEM_TEXT_FIELDS = ("description", "monitor", "how_harmed_learns", "payment_schedule", "service")
EMPTY_STROKES = "[]"
#: What a purged note or agreement item says instead of its text (an item needs some text).
PURGED = "(purged)"


def participant_label(position: int) -> str:
    """The neutral name that replaces a participant's: their order of adding, from 1."""
    return f"Participant {position + 1}"


# ----------------------------------------------------------------------------- notes


def blank_notes(s: Session, session_ids: Collection[str], keep: Collection[str]) -> list[str]:
    """Blank the text of every note of ``session_ids`` (and the log's free text).

    Args:
        s: The transaction.
        session_ids: Sessions whose notes go.
        keep: Note ids already purged (skipped, not counted).

    Returns:
        The ids of the notes blanked now.
    """
    rows = s.scalars(select(NoteRow).where(NoteRow.session_id.in_(list(session_ids)))).all()
    blanked = []
    for row in rows:
        if row.id in keep:
            continue
        row.text = ""
        row.struck_reason = ""
        index_note(s, row.session_id, row.id, None)
        blanked.append(row.id)

    def scrub(kind: str, data: dict[str, Any]) -> None:
        if kind in NOTE_TEXT_EVENTS:
            data["text"] = ""
        for field in EVENT_FREE_TEXT.get(kind, ()):
            data[field] = ""

    rewrite_events(s, session_ids, scrub)
    s.execute(
        update(ConsentRow)
        .where(ConsentRow.session_id.in_(list(session_ids)))
        .values(withdrawal_note="")
    )
    return blanked


# ----------------------------------------------------------------------------- people


def label_people(s: Session, session_ids: Collection[str], keep: Collection[str]) -> list[str]:
    """Replace the names and personal fields of everyone in ``session_ids`` by labels.

    Returns:
        The ids of the participants labelled now (those in ``keep`` are skipped).
    """
    rows = s.scalars(
        select(ParticipantRow).where(ParticipantRow.session_id.in_(list(session_ids)))
    ).all()
    done = [row for row in rows if row.id not in keep]
    for row in done:
        _forget_person(s, row)
    for session_id in session_ids:
        index_people(s, session_id)
    return [row.id for row in done]


def erase_person(s: Session, row: ParticipantRow) -> list[str]:
    """Erase one participant: label their name, drop what they said, unname them elsewhere.

    What they said (notes with them as speaker) is blanked; other notes, the agreement and
    the follow-up keep their words but not this person's name, which becomes their label.

    Returns:
        The ids of the notes blanked because this person spoke them.
    """
    names = _names_of(row)
    label = participant_label(row.position)
    session_id = row.session_id
    _forget_person(s, row)

    spoken = set(
        s.scalars(
            select(NoteRow.id).where(NoteRow.session_id == session_id, NoteRow.speaker_id == row.id)
        )
    )
    unname = _renamer(names, label)

    def scrub(kind: str, data: dict[str, Any]) -> None:
        if kind in NOTE_TEXT_EVENTS:
            if data.get("note_id") in spoken or data.get("speaker_id") == row.id:
                spoken.add(str(data.get("note_id")))
                data["text"] = ""
            elif isinstance(data.get("text"), str):
                data["text"] = unname(data["text"])
        if kind == "note_struck" and data.get("note_id") in spoken:
            data["reason"] = ""
        if data.get("participant_id") == row.id:
            for field in EVENT_FREE_TEXT.get(kind, ()):
                data[field] = ""

    rewrite_events(s, [session_id], scrub)
    for note in s.scalars(select(NoteRow).where(NoteRow.session_id == session_id)):
        text = "" if note.id in spoken else unname(note.text)
        if text != note.text:
            note.text = text
            index_note(s, session_id, note.id, None if note.struck else text)
    s.execute(
        update(ConsentRow).where(ConsentRow.participant_id == row.id).values(withdrawal_note="")
    )
    for other in s.scalars(select(ParticipantRow).where(ParticipantRow.session_id == session_id)):
        if other.guardian_name:
            other.guardian_name = unname(other.guardian_name)
    _unname_agreements(s, session_id, row.id, label, unname)
    for entry in s.scalars(
        select(ProgressEntryRow).where(ProgressEntryRow.session_id == session_id)
    ):
        entry.evidence = unname(entry.evidence)
    index_people(s, session_id)
    index_agreement(s, session_id)
    return sorted(spoken)


def _forget_person(s: Session, row: ParticipantRow) -> None:
    label = participant_label(row.position)
    row.display_name = label
    for field in PERSONAL_FIELDS:
        setattr(row, field, "")
    person = row.id

    def forget(snapshot: object) -> None:
        if isinstance(snapshot, dict) and snapshot.get("id") == person:
            snapshot["display_name"] = label
            for field in PERSONAL_FIELDS:
                if field in snapshot:
                    snapshot[field] = ""

    def scrub(kind: str, data: dict[str, Any]) -> None:
        # Replay reads people from these snapshots, never from the participant rows.
        if kind == "participant_joined":
            forget(data.get("participant"))
        elif kind == "session_started":
            for snapshot in data.get("participants") or []:
                forget(snapshot)

    rewrite_events(s, [row.session_id], scrub, kinds=("participant_joined", "session_started"))
    for agreement in s.scalars(
        select(AgreementRow).where(AgreementRow.session_id == row.session_id)
    ):
        data = json.loads(agreement.payload_json)
        for party in data.get("parties") or []:
            if isinstance(party, dict) and party.get("id") == person:
                party["name"] = label
        agreement.payload_json = dumps(data)
        for signature in s.scalars(
            select(AgreementSignatureRow).where(
                AgreementSignatureRow.agreement_id == agreement.id,
                AgreementSignatureRow.signer_id == person,
            )
        ):
            signature.name = label
            signature.strokes_json = EMPTY_STROKES


def _unname_agreements(
    s: Session, session_id: str, person: str, label: str, unname: Callable[[str], str]
) -> None:
    for agreement in s.scalars(select(AgreementRow).where(AgreementRow.session_id == session_id)):
        data = json.loads(agreement.payload_json)
        for key in ("introduction", "summary"):
            if isinstance(data.get(key), str):
                data[key] = unname(data[key])
        for item in data.get("items") or []:
            if not isinstance(item, dict):
                continue
            for field in ITEM_TEXT_FIELDS:
                if isinstance(item.get(field), str):
                    item[field] = unname(item[field])
        for party in data.get("parties") or []:
            if isinstance(party, dict) and party.get("id") == person:
                party["name"] = label
        agreement.payload_json = dumps(data)


def _names_of(row: ParticipantRow) -> list[str]:
    names = {n.strip() for n in (row.display_name, row.address_as) if n and n.strip()}
    # Each word of a full name too ("Ánh" of "Nguyễn Thị Ánh"), except very short ones.
    words = {w for n in names for w in re.findall(r"\w+", n) if len(w) >= 3}
    return sorted(names | words, key=len, reverse=True)


def _renamer(names: Iterable[str], label: str) -> Callable[[str], str]:
    alternatives = [re.escape(n) for n in names if n]
    if not alternatives:
        return lambda text: text
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)
    return lambda text: pattern.sub(label, text)


# ----------------------------------------------------------------------------- agreements, case


def blank_agreements(s: Session, session_ids: Collection[str], keep: Collection[str]) -> list[str]:
    """Blank the texts and drawn signatures of every agreement version of ``session_ids``.

    The versions stay (ids, statuses, dates, the hash of what was signed): that an agreement
    was made and completed is what a referrer may still learn.

    Returns:
        The ids of the agreement versions blanked now.
    """
    rows = s.scalars(
        select(AgreementRow).where(AgreementRow.session_id.in_(list(session_ids)))
    ).all()
    done = [row for row in rows if row.id not in keep]
    for row in done:
        data = json.loads(row.payload_json)
        for key in ("introduction", "summary"):
            data[key] = ""
        for item in data.get("items") or []:
            if isinstance(item, dict):
                for field in ITEM_TEXT_FIELDS:
                    if isinstance(item.get(field), str):
                        item[field] = ""
                item["description"] = PURGED
        for clause in data.get("clauses") or []:
            if isinstance(clause, dict):
                clause["text"] = ""
        row.payload_json = dumps(data)
        s.execute(
            update(AgreementSignatureRow)
            .where(AgreementSignatureRow.agreement_id == row.id)
            .values(strokes_json=EMPTY_STROKES)
        )
        s.execute(
            update(ProgressEntryRow)
            .where(ProgressEntryRow.agreement_id == row.id)
            .values(evidence="")
        )
    for session_id in session_ids:
        index_agreement(s, session_id)
    return [row.id for row in done]


def blank_case_summaries(s: Session, case_ids: Collection[str], keep: Collection[str]) -> list[str]:
    """Blank the summary of each case in ``case_ids`` (its reference and dates stay).

    Returns:
        The ids of the cases blanked now.
    """
    done = [c for c in case_ids if c not in keep]
    for case_id in done:
        s.execute(update(CaseRow).where(CaseRow.id == case_id).values(summary=""))
        index_case(s, case_id)
    return done


# ----------------------------------------------------------------------------- the event log


def rewrite_events(
    s: Session,
    session_ids: Collection[str],
    scrub: Callable[[str, dict[str, Any]], None],
    *,
    kinds: Collection[str] | None = None,
) -> int:
    """Apply ``scrub`` to the payload of each event of ``session_ids``; store what changed.

    Returns:
        How many events changed.
    """
    query = select(EventRow).where(EventRow.session_id.in_(list(session_ids)))
    if kinds is not None:
        query = query.where(EventRow.kind.in_(list(kinds)))
    changed = 0
    for event in s.scalars(query):
        data = json.loads(event.payload)
        before = json.dumps(data, sort_keys=True)
        scrub(event.kind, data)
        if json.dumps(data, sort_keys=True) != before:
            event.payload = dumps(data)
            changed += 1
    return changed
