"""The items CSV's guard against spreadsheet formulas and what it leaves out; the notes PDF in
many scripts."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_samples import add_case, add_session, append, cast, item, noon, note, sign

from facilitator.domain.case import Participant
from facilitator.domain.ids import new_id
from facilitator.domain.notes import Visibility
from facilitator.domain.process import ProcessKind
from facilitator.domain.roles import Role
from facilitator.reports.csv_cells import safe_cell
from facilitator.reports.items_csv import HEADER, items_csv, write_items_csv
from facilitator.reports.notes import write_notes_pdf
from facilitator.reports.pdf_text import REPLACEMENT
from facilitator.storage.store import Store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}") as opened:
        yield opened


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("=1+2", "'=1+2"),
        ("+31 20 555", "'+31 20 555"),
        ("-5", "'-5"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("plain", "plain"),
        ("a=b", "a=b"),
        ("", ""),
    ],
)
def test_formula_cells_are_defused(value: str, written: str) -> None:
    assert safe_cell(value) == written


def test_the_items_csv_defuses_formulas_and_keeps_every_character(store: Store) -> None:
    case = add_case(store, "-RJ-7")
    people = [Participant("@Zoë Ngô", Role.PERSON_RESPONSIBLE), *cast(Role.FACILITATOR)]
    info = add_session(store, case, ProcessKind.CONFERENCE, people, started=date(2026, 3, 1))
    description = '=HYPERLINK("http://x","click"), then "quotes", commas\nand a new line'
    sign(
        store,
        info,
        case,
        (
            item(
                description,
                monitor="+Αθηνά",
                responsible_id=people[0].id,
                due=date(2026, 4, 1),
            ),
        ),
        locked=date(2026, 3, 1),
        people=people,
    )
    rows = list(csv.reader(io.StringIO(items_csv(store).decode("utf-8-sig"), newline="")))
    assert tuple(rows[0]) == HEADER
    row = dict(zip(HEADER, rows[1], strict=True))
    assert row["case_reference"] == "'-RJ-7"
    assert row["description"] == "'" + description
    assert row["responsible"] == "'@Zoë Ngô"
    assert row["monitor"] == "'+Αθηνά"
    assert row["due"] == "2026-04-01"
    assert row["status"] == "Pending"
    assert row["last_evidence_date"] == ""


def test_unsigned_agreements_are_not_listed(store: Store, tmp_path: Path) -> None:
    case = add_case(store, "RJ-1")
    info = add_session(store, case, ProcessKind.CIRCLE, cast(Role.KEEPER), started=date(2026, 3, 1))
    sign(store, info, case, (item("Only a draft"),), locked=None)
    target = tmp_path / "items.csv"
    assert write_items_csv(store, target) == 0
    assert target.read_bytes().decode("utf-8-sig").splitlines() == [",".join(HEADER)]


SCRIPTS = {
    "vietnamese": "Anh Nguyễn nói rằng cửa hàng bị phá.",
    "greek": "Αθηνά είπε ότι πληγώθηκε.",
    "cyrillic": "Ольга сказала, что ей было страшно.",
    "cjk": "店の窓ガラスを修理する",
    "emoji": "Planted a tree 🌱 together 🕊️",
}


def test_the_notes_pdf_prints_every_script_it_can_and_marks_what_it_cannot(
    store: Store, tmp_path: Path
) -> None:
    case = add_case(store, "ΑΒΓ-1")
    people = [Participant("Ольга Петрова", Role.PERSON_HARMED), *cast(Role.KEEPER)]
    info = add_session(store, case, ProcessKind.CIRCLE, people, started=date(2026, 3, 1))
    append(
        store,
        info.id,
        [
            note(new_id(), text, visibility=Visibility.SHAREABLE, phase=0, round_no=None)
            for text in SCRIPTS.values()
        ],
        wall=noon(date(2026, 3, 1)),
    )
    target = tmp_path / "notes.pdf"
    report = write_notes_pdf(store, info.id, target)
    assert report.note_count == len(SCRIPTS)
    text = "\n".join(page.extract_text() for page in PdfReader(target).pages)
    for script in ("vietnamese", "greek", "cyrillic"):
        assert SCRIPTS[script] in text
    assert "Ольга Петрова" in text
    assert "店" not in text
    assert "🌱" not in text
    assert REPLACEMENT in text
    assert "cannot be printed with this report's font" in text
    assert "Phase 1: Opening" in text
