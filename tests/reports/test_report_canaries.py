"""Canary strings planted in every name, note, summary and reference: the de-identified
statistics hold none of them; the notes report holds facilitator-only notes only when asked."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader
from report_samples import add_case, add_session, append, item, noon, note, sign

from facilitator.agreements.followup import ItemStatus
from facilitator.domain.case import Participant
from facilitator.domain.ids import new_id
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.outcome import CaseOutcome
from facilitator.domain.process import ProcessKind, SpeakingOrder
from facilitator.domain.roles import Role
from facilitator.engine.events import NoteEdited, NoteStruck, PhaseEntered, RoundStarted
from facilitator.reports.items_csv import HEADER, items_csv
from facilitator.reports.notes import notes_report, write_notes_pdf
from facilitator.reports.statistics import program_statistics
from facilitator.reports.stats_output import published, stats_csv, write_statistics
from facilitator.storage.store import Store

#: Every canary starts with this; no label, date or number of a report can contain it.
MARK = "QZV"


def canary(field: str) -> str:
    return f"{MARK}{field.upper().replace('_', '')}"


@dataclass
class Planted:
    store: Store
    session_id: str
    shared_note: str
    private_note: str
    struck_note: str


def person(role: Role, n: int) -> Participant:
    tag = f"{role.value}{n}"
    return Participant(
        display_name=canary(f"name{tag}"),
        role=role,
        address_as=canary(f"address{tag}"),
        relationship=canary(f"relationship{tag}"),
        guardian_name=canary(f"guardian{tag}"),
        interpreter=canary(f"interpreter{tag}"),
        requests=canary(f"requests{tag}"),
        risk_notes=canary(f"risk{tag}"),
        language="en",
    )


@pytest.fixture
def planted(tmp_path: Path) -> Iterator[Planted]:
    with Store.open(f"sqlite:///{tmp_path / 's.sqlite3'}") as store:
        case = add_case(
            store, canary("reference"), summary=canary("summary"), referral=canary("referral")
        )
        people = [
            person(Role.FACILITATOR, 0),
            person(Role.PERSON_HARMED, 1),
            person(Role.PERSON_RESPONSIBLE, 2),
        ]
        info = add_session(
            store,
            case,
            ProcessKind.CONFERENCE,
            people,
            started=date(2026, 3, 10),
            title=canary("title"),
            template_name=canary("template"),
        )
        shared, private, struck = new_id(), new_id(), new_id()
        harmed = people[1].id
        append(
            store,
            info.id,
            [
                PhaseEntered(phase_index=1),
                RoundStarted(
                    phase_index=1,
                    round_index=0,
                    round_no=1,
                    speaking_order=SpeakingOrder.SEAT,
                    order=(harmed, people[2].id),
                ),
                note(shared, "first draft", visibility=Visibility.SHAREABLE, speaker=harmed),
                NoteEdited(
                    note_id=shared,
                    note_kind=NoteKind.NEED,
                    visibility=Visibility.SHAREABLE,
                    text=canary("sharednote"),
                ),
                note(private, canary("privatenote"), visibility=Visibility.FACILITATOR_ONLY),
                note(struck, canary("strucknote"), visibility=Visibility.SHAREABLE),
                NoteStruck(note_id=struck, reason=canary("strikereason")),
            ],
            wall=noon(date(2026, 3, 10)),
        )
        agreement = sign(
            store,
            info,
            case,
            (item(canary("item"), monitor=canary("monitor"), responsible_id=people[2].id),),
            locked=date(2026, 3, 10),
            people=people,
            summary=canary("agreementsummary"),
        )
        store.followup.record_progress(
            agreement.id,
            agreement.items[0].id,
            status=ItemStatus.DONE,
            evidence=canary("evidence"),
            evidence_date=date(2026, 3, 20),
            recorded_by=canary("recorder"),
            recorded_at=noon(date(2026, 3, 21)),
        )
        store.followup.close_case(case.id, CaseOutcome.COMPLETED, noon(date(2026, 4, 1)))
        yield Planted(
            store, info.id, canary("sharednote"), canary("privatenote"), canary("strucknote")
        )


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(path).pages)


def test_the_statistics_csv_holds_no_canary(planted: Planted) -> None:
    stats = program_statistics(planted.store, date(2026, 1, 1), date(2026, 12, 31))
    for min_count in (1, 3):
        text = stats_csv(published(stats, min_count)).decode("utf-8-sig")
        assert "Sessions held" in text  # the test reads the real report
        assert MARK not in text
    # The unsuppressed figures prove the planted case was counted, not skipped.
    assert stats.sessions_held == 1
    assert stats.days_to_completion == (22,)


def test_the_statistics_pdf_holds_no_canary(planted: Planted, tmp_path: Path) -> None:
    stats = program_statistics(planted.store, date(2026, 1, 1), date(2026, 12, 31))
    target = tmp_path / "stats.pdf"
    write_statistics(stats, target, min_count=1)
    text = pdf_text(target)
    assert "Sessions held" in text
    assert "Restorative conference" in text
    assert MARK not in text
    assert MARK.encode() not in target.read_bytes()


def test_the_notes_report_leaves_facilitator_only_notes_out_by_default(
    planted: Planted, tmp_path: Path
) -> None:
    target = tmp_path / "notes.pdf"
    report = write_notes_pdf(planted.store, planted.session_id, target)
    text = pdf_text(target)
    assert planted.shared_note in text
    assert canary("namepersonharmed1") in text  # participants and the speaker are printed
    assert canary("reference") in text
    assert planted.private_note not in text
    assert planted.struck_note not in text
    assert "first draft" not in text  # an edited note is printed as it stands
    for never in ("summary", "risk", "strikereason", "referral", "agreementsummary"):
        assert canary(never) not in text
    assert report.note_count == 1
    assert "facilitator only" not in text


def test_the_notes_report_includes_them_only_when_asked(planted: Planted, tmp_path: Path) -> None:
    target = tmp_path / "notes.pdf"
    write_notes_pdf(planted.store, planted.session_id, target, include_facilitator_only=True)
    text = pdf_text(target)
    assert planted.shared_note in text
    assert planted.private_note in text
    assert "CONFIDENTIAL" in text
    assert planted.struck_note not in text
    for never in ("summary", "risk", "strikereason"):
        assert canary(never) not in text


def test_notes_are_grouped_by_phase_and_round_with_speaker_and_kind(planted: Planted) -> None:
    report = notes_report(planted.store, planted.session_id, include_facilitator_only=True)
    (group,) = report.groups
    assert group.heading == "Phase 2: Stories · round 1: What happened"
    shared, private = group.notes
    assert shared.kind is NoteKind.NEED
    assert shared.speaker == f"{canary('namepersonharmed1')} (Person harmed)"
    assert not shared.facilitator_only
    assert private.facilitator_only
    assert private.speaker == ""


def test_the_items_csv_round_trips_with_status_and_evidence(planted: Planted) -> None:
    rows = list(csv.reader(io.StringIO(items_csv(planted.store).decode("utf-8-sig"))))
    assert tuple(rows[0]) == HEADER
    (row,) = (dict(zip(HEADER, r, strict=True)) for r in rows[1:])
    assert row == {
        "case_reference": canary("reference"),
        "session_date": "2026-03-10",
        "agreement_version": "1",
        "item_kind": "Work for the person harmed",
        "description": canary("item"),
        "responsible": canary("namepersonresponsible2"),
        "due": "",
        "monitor": canary("monitor"),
        "status": "Done",
        "last_evidence_date": "2026-03-20",
    }
