"""The session's notes as the log tells them: current text, earlier versions, strikes."""

from __future__ import annotations

import dataclasses

from facilitator.domain.notes import Note, NoteRevision
from facilitator.engine.errors import EngineError
from facilitator.engine.events import NoteAdded, NoteEdited, NoteStruck


class Notebook:
    """Every note of a session, folded from its note events."""

    def __init__(self) -> None:
        self._notes: dict[str, Note] = {}
        # When the current text of each note was written: the time its next revision keeps.
        self._revised_at: dict[str, float] = {}

    @property
    def notes(self) -> dict[str, Note]:
        """Every note by id, in the order written (a copy)."""
        return dict(self._notes)

    def add(self, e: NoteAdded, t: float) -> None:
        """Fold ``note_added`` at session time ``t``."""
        if e.note_id in self._notes:
            raise EngineError("note_added: a note with that id exists")
        self._notes[e.note_id] = Note(
            e.note_id,
            e.note_kind,
            e.visibility,
            e.text,
            e.phase_index,
            e.round_no,
            e.speaker_id,
            created_at=t,
        )
        self._revised_at[e.note_id] = t

    def edit(self, e: NoteEdited, t: float) -> None:
        """Fold ``note_edited``: the text so far becomes the latest entry of the history."""
        note = self._note(e.note_id, "note_edited")
        if note.struck:
            raise EngineError("note_edited: the note was struck")
        before = NoteRevision(note.text, note.kind, note.visibility, self._revised_at[note.id])
        self._notes[note.id] = dataclasses.replace(
            note,
            text=e.text,
            kind=e.note_kind,
            visibility=e.visibility,
            history=(*note.history, before),
        )
        self._revised_at[note.id] = t

    def strike(self, e: NoteStruck) -> None:
        """Fold ``note_struck``: the note stays, marked as struck."""
        note = self._note(e.note_id, "note_struck")
        if note.struck:
            raise EngineError("note_struck: the note was already struck")
        self._notes[note.id] = dataclasses.replace(note, struck=True, struck_reason=e.reason)

    def _note(self, note_id: str, what: str) -> Note:
        note = self._notes.get(note_id)
        if note is None:
            raise EngineError(f"{what}: unknown note")
        return note
