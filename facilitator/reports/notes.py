"""The session notes report: who took part, and the notes grouped by phase and round.

Facilitator-only notes are the default for every note and never leave the laptop unless the
facilitator asks for them explicitly (``include_facilitator_only=True``; the app asks for a
confirmation first). Struck-out notes are never printed; an edited note is printed as it stands
now. Nothing else that is facilitator-only is read: not the case summary, not risk notes, not
phase guidance.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from facilitator.domain.case import Participant
from facilitator.domain.notes import Note, NoteKind, Visibility
from facilitator.domain.process import ProcessTemplate
from facilitator.engine.events import RoundStarted
from facilitator.reports.files import write_atomically
from facilitator.storage.store import Store


@dataclass(frozen=True, slots=True)
class ReportNote:
    """One printed note.

    Attributes:
        kind: What the note is about.
        text: Its current text.
        speaker: Who held the piece, as "Name (role)"; empty when nobody did.
        facilitator_only: Whether the note is marked facilitator-only.
        at: Session time when it was written, in seconds.
    """

    kind: NoteKind
    text: str
    speaker: str
    facilitator_only: bool
    at: float


@dataclass(frozen=True, slots=True)
class NoteGroup:
    """The notes written during one round (or in a phase outside its rounds)."""

    heading: str
    notes: tuple[ReportNote, ...]


@dataclass(frozen=True, slots=True)
class NotesReport:
    """Everything the notes report prints, and nothing more.

    Attributes:
        case_reference: The case's reference.
        process: The process template's name.
        session_title: The session's title (may be empty).
        session_date: When the session started (else when it was set up), in UTC.
        participants: ``(name, role label)`` of everyone in the session, in order.
        groups: The notes, grouped by phase and round, in session order.
        includes_facilitator_only: Whether facilitator-only notes were asked for.
    """

    case_reference: str
    process: str
    session_title: str
    session_date: date | None
    participants: tuple[tuple[str, str], ...]
    groups: tuple[NoteGroup, ...]
    includes_facilitator_only: bool

    @property
    def note_count(self) -> int:
        """How many notes are printed."""
        return sum(len(group.notes) for group in self.groups)

    def texts(self) -> Iterator[str]:
        """Every piece of text the report prints (for the font check)."""
        yield from (self.case_reference, self.process, self.session_title)
        for name, role in self.participants:
            yield from (name, role)
        for group in self.groups:
            yield group.heading
            for note in group.notes:
                yield from (note.text, note.speaker)


def notes_report(
    store: Store, session_id: str, *, include_facilitator_only: bool = False
) -> NotesReport:
    """Gather the notes report of a session from the store.

    Args:
        store: The open store.
        session_id: The session.
        include_facilitator_only: Print facilitator-only notes too. Off unless asked for.

    Raises:
        NotFound: no such session.
        StoreError: the store cannot be read.
    """
    info = store.get_session(session_id)
    case = store.get_case(info.case_id)
    people = store.participants(session_id)
    rounds = {
        e.event.round_no: (e.event.phase_index, e.event.round_index)
        for e in store.events(session_id)
        if isinstance(e.event, RoundStarted)
    }
    notes = [
        n
        for n in store.notes(session_id)
        if not n.struck
        and (include_facilitator_only or n.visibility is not Visibility.FACILITATOR_ONLY)
    ]
    when = info.started_at or info.created_at
    return NotesReport(
        case_reference=case.reference,
        process=info.template.name,
        session_title=info.title,
        session_date=when.date() if when else None,
        participants=tuple((p.display_name, p.role.label) for p in people),
        groups=_groups(notes, info.template, rounds, {p.id: p for p in people}),
        includes_facilitator_only=include_facilitator_only,
    )


def _groups(
    notes: list[Note],
    template: ProcessTemplate,
    rounds: dict[int, tuple[int, int]],
    people: dict[str, Participant],
) -> tuple[NoteGroup, ...]:
    grouped: dict[tuple[int, int], list[ReportNote]] = {}
    for n in notes:
        key = (-1 if n.phase_index is None else n.phase_index, n.round_no or 0)
        speaker = people.get(n.speaker_id) if n.speaker_id else None
        grouped.setdefault(key, []).append(
            ReportNote(
                kind=n.kind,
                text=n.text,
                speaker=f"{speaker.display_name} ({speaker.role.label})" if speaker else "",
                facilitator_only=n.visibility is Visibility.FACILITATOR_ONLY,
                at=n.created_at,
            )
        )
    return tuple(
        NoteGroup(_heading(template, phase, round_no, rounds), tuple(grouped[(phase, round_no)]))
        for phase, round_no in sorted(grouped)
    )


def _heading(
    template: ProcessTemplate, phase: int, round_no: int, rounds: dict[int, tuple[int, int]]
) -> str:
    if phase < 0:
        return "Outside the phases"
    phases = template.phases
    title = phases[phase].title if phase < len(phases) else ""
    heading = f"Phase {phase + 1}: {title}" if title else f"Phase {phase + 1}"
    if not round_no:
        return heading
    round_title = ""
    if round_no in rounds:
        p, r = rounds[round_no]
        if p < len(phases) and r < len(phases[p].rounds):
            round_title = phases[p].rounds[r].title
    suffix = f"round {round_no}: {round_title}" if round_title else f"round {round_no}"
    return f"{heading} · {suffix}"


def write_notes_pdf(
    store: Store, session_id: str, path: Path, *, include_facilitator_only: bool = False
) -> NotesReport:
    """Write the session's notes report as a PDF file (atomically); return what was printed.

    Raises:
        NotFound: no such session.
        StoreError: the store cannot be read.
        ReportError: the file cannot be written.
    """
    from facilitator.reports.notes_pdf import render_notes_pdf  # noqa: PLC0415 - ReportLab

    report = notes_report(store, session_id, include_facilitator_only=include_facilitator_only)
    write_atomically(path, render_notes_pdf(report))
    return report
