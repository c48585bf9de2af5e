"""The agreement PDF as the people who sign it will read it: text, fonts, signatures."""

from __future__ import annotations

import dataclasses
import io

import pytest
from agreement_samples import draft, people, signed
from pypdf import PdfReader

from facilitator.agreements.fonts import UnsupportedCharactersError, undrawable
from facilitator.agreements.lifecycle import edit, items_from_notes
from facilitator.agreements.model import Party
from facilitator.agreements.pdf import render_agreement
from facilitator.agreements.serial import content_hash
from facilitator.domain.notes import Note, NoteKind, Visibility
from facilitator.domain.roles import Role

NAMES = ("Zoë Nguyễn Thị Ánh", "Ołeksandr Шевченко", "Μαρία Παπαδοπούλου")


def text_of(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)


def flat(text: str) -> str:
    return " ".join(text.split())


def test_every_party_item_and_clause_is_printed() -> None:
    agreement = signed()
    text = text_of(render_agreement(agreement))
    for party in agreement.parties:
        assert party.name in text
        assert party.role.label in text
    for item in agreement.items:
        assert flat(item.description) in text
    for clause in agreement.clauses:
        assert clause.title in text
        assert flat(clause.text) in text
    assert "CASE-2026-7" in text
    assert content_hash(agreement) in text
    assert agreement.id in text
    assert "Page 2 of 2" in text


def test_no_facilitator_only_note_reaches_the_pdf() -> None:
    cast = people()
    secret = "Ołeksandr's probation officer mentioned an older caution"
    notes = [
        Note(
            "a" * 32,
            NoteKind.AGREEMENT_IDEA,
            Visibility.SHAREABLE,
            "Repaint the fence twice",
            4,
            3,
            None,
            10.0,
        ),
        Note("b" * 32, NoteKind.OBSERVATION, Visibility.FACILITATOR_ONLY, secret, 4, 3, None, 11.0),
        Note(
            "c" * 32,
            NoteKind.AGREEMENT_IDEA,
            Visibility.FACILITATOR_ONLY,
            "Idea kept private: check his school record",
            4,
            3,
            None,
            12.0,
        ),
    ]
    agreement = edit(draft(cast), items=items_from_notes(notes))
    text = text_of(render_agreement(agreement))
    assert "Repaint the fence twice" in text
    assert "probation officer" not in text
    assert "school record" not in text


def test_names_in_three_scripts_render_with_embedded_fonts() -> None:
    pdf = render_agreement(signed())
    reader = PdfReader(io.BytesIO(pdf))
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"]["/Font"].values():
            font = ref.get_object()
            fonts[str(font["/BaseFont"])] = font
    assert fonts
    for name, font in fonts.items():
        assert "DejaVuSans" in name
        descriptor = font["/FontDescriptor"].get_object()
        assert "/FontFile2" in descriptor, f"{name} is not embedded"
    text = text_of(pdf)
    for name in NAMES:
        assert name in text


@pytest.mark.parametrize("name", ["李小龍", "Ana 🌻 Silva"])
def test_a_character_the_font_lacks_is_reported_before_printing(name: str) -> None:
    agreement = signed()
    agreement = dataclasses.replace(
        agreement, parties=(*agreement.parties, Party("x" * 32, name, Role.COMMUNITY_MEMBER))
    )
    with pytest.raises(UnsupportedCharactersError) as caught:
        render_agreement(agreement)
    wanted = [c for c in name if c != " " and c not in "AnaSilv"]
    assert caught.value.characters == wanted
    assert "U+" in str(caught.value)
    assert undrawable(NAMES) == []


def test_printing_for_paper_draws_lines_not_signatures() -> None:
    agreement = signed()
    screen = render_agreement(agreement)
    paper = render_agreement(agreement, paper=True)
    assert "Date: ____" in text_of(paper)
    assert "Signed 1 March 2026" in text_of(screen)
    assert "Signed 1 March 2026" not in text_of(paper)
    # Same agreed content, same hash in both footers.
    assert content_hash(agreement) in text_of(paper)
    # The drawn strokes are vector lines: the screen copy holds many more path operators.
    reader = PdfReader(io.BytesIO(screen))
    paper_reader = PdfReader(io.BytesIO(paper))
    last = reader.pages[-1].get_contents().get_data()
    paper_last = paper_reader.pages[-1].get_contents().get_data()
    assert last.count(b" l") > paper_last.count(b" l") + 100


def test_an_empty_agreement_says_no_agreement_was_reached() -> None:
    agreement = edit(draft(people()), items=())
    text = text_of(render_agreement(agreement))
    assert "No agreement on actions was reached" in text
    assert "Draft" in text
