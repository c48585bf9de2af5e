"""Notes: tied to the moment they were written, edited with history, struck but kept."""

from __future__ import annotations

import pytest
from engine_samples import CHECK_IN, OPENING, in_round, start

from facilitator.domain.notes import MAX_NOTE_LENGTH, NoteKind, NoteRevision, Visibility
from facilitator.engine.errors import SessionRuleError
from facilitator.engine.state import SessionState


def test_a_note_is_tied_to_the_phase_round_and_speaker() -> None:
    session, clock, _ = in_round(CHECK_IN)
    session.next_holder()
    session.next_holder()  # harmed holds the piece
    clock.advance(12)
    note_id = session.add_note(NoteKind.HARM, "lost sleep for weeks")
    note = session.state.notes[note_id]

    assert (note.phase_index, note.round_no, note.speaker_id) == (OPENING, 1, "harmed")
    assert note.kind is NoteKind.HARM
    assert note.visibility is Visibility.FACILITATOR_ONLY
    assert note.created_at == 12.0
    assert note.history == ()


def test_a_note_outside_any_phase_or_round_has_no_ties() -> None:
    session, _, _ = start()
    note_id = session.add_note(NoteKind.FOLLOW_UP, "call the school")
    note = session.state.notes[note_id]

    assert (note.phase_index, note.round_no, note.speaker_id) == (None, None, None)


def test_editing_keeps_every_earlier_version() -> None:
    session, clock, _ = start()
    note_id = session.add_note(NoteKind.NEED, "a lift home")
    clock.advance(5)
    session.edit_note(note_id, "a lift home on Fridays", visibility=Visibility.SHAREABLE)
    clock.advance(5)
    session.edit_note(note_id, "a lift home on Fridays", kind=NoteKind.AGREEMENT_IDEA)
    note = session.state.notes[note_id]

    assert note.text == "a lift home on Fridays"
    assert note.kind is NoteKind.AGREEMENT_IDEA
    assert note.visibility is Visibility.SHAREABLE
    assert note.history == (
        NoteRevision("a lift home", NoteKind.NEED, Visibility.FACILITATOR_ONLY, 0.0),
        NoteRevision("a lift home on Fridays", NoteKind.NEED, Visibility.SHAREABLE, 5.0),
    )


def test_an_edit_that_changes_nothing_records_nothing() -> None:
    session, _, log = start()
    note_id = session.add_note(NoteKind.NEED, "a lift home")
    before = len(log.read())
    session.edit_note(note_id, "a lift home")
    assert len(log.read()) == before


def test_a_struck_note_is_kept_and_cannot_be_edited() -> None:
    session, _, _ = start()
    note_id = session.add_note(NoteKind.OBSERVATION, "wrong person")
    session.strike_note(note_id, "written in the wrong case")
    note = session.state.notes[note_id]

    assert note.struck
    assert note.struck_reason == "written in the wrong case"
    assert note.text == "wrong person"
    with pytest.raises(SessionRuleError, match="struck note cannot be edited"):
        session.edit_note(note_id, "something else")
    with pytest.raises(SessionRuleError, match="already struck"):
        session.strike_note(note_id)
    with pytest.raises(SessionRuleError, match="Unknown note"):
        session.strike_note("no-such-note")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "cannot be empty"),
        (" \n\t ", "cannot be empty"),
        ("x" * (MAX_NOTE_LENGTH + 1), "at most 1,000,000 characters"),
        ("before\x00after", "NUL character"),
    ],
)
def test_note_text_limits(text: str, message: str) -> None:
    session, _, log = start()
    note_id = session.add_note(NoteKind.OBSERVATION, "fine")
    before = len(log.read())

    with pytest.raises(SessionRuleError, match=message):
        session.add_note(NoteKind.OBSERVATION, text)
    with pytest.raises(SessionRuleError, match=message):
        session.edit_note(note_id, text)
    assert len(log.read()) == before


def test_the_longest_note_allowed_is_accepted() -> None:
    session, _, _ = start()
    note_id = session.add_note(NoteKind.OBSERVATION, "y" * MAX_NOTE_LENGTH)
    assert len(session.state.notes[note_id].text) == MAX_NOTE_LENGTH


def test_notes_survive_a_replay() -> None:
    session, clock, log = in_round(CHECK_IN)
    session.next_holder()
    first = session.add_note(NoteKind.HARM, "one")
    clock.advance(3)
    session.edit_note(first, "one, edited")
    session.strike_note(session.add_note(NoteKind.NEED, "two"))

    assert SessionState.fold(log.read()).notes == session.state.notes
