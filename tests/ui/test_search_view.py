"""The search screen over a generated store: many scripts, malformed queries, highlighting,
and opening a result with the keyboard and the mouse."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette, QTextDocument
from pytestqt.qtbot import QtBot

from facilitator.agreements.model import Agreement, AgreementItem, ItemKind
from facilitator.domain.case import Case, Participant, participant_to_dict
from facilitator.domain.ids import new_id
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.process import Direction, PhaseTemplate, ProcessKind, ProcessTemplate
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.events import Event, LoggedEvent, NoteAdded, SessionStarted
from facilitator.storage.search import SearchHit, SearchKind
from facilitator.storage.store import Store
from ui.search.hit_delegate import mark_style
from ui.search.results_model import HIT_ROLE, SearchResultsModel, snippet_html
from ui.search.search_view import SearchView

WALL = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
NOTES = {
    "vietnamese": "Anh Nguyễn nói rằng cửa hàng bị phá vào đêm thứ Sáu.",
    "greek": "Αθηνά είπε ότι η ζημιά στο κατάστημα την πλήγωσε πολύ.",
    "cyrillic": "Ольга сказала, что ей было страшно возвращаться в магазин.",
    "arabic": "قالت فاطمة إن المتجر كان مغلقا في تلك الليلة.",
    "hebrew": "שרה אמרה שהחנות הייתה סגורה בלילה.",
    "cjk": "店の窓 ガラス 修理",
    "emoji": "We planted a tree 🌱 together and felt peace 🕊️ again.",
    "markup": "<b>Not bold</b> & the reconciliation <i>meeting</i> went well.",
}
NOTE_IDS = {key: f"{key:0<32}"[:32] for key in NOTES}


def template() -> ProcessTemplate:
    return ProcessTemplate(
        id="t",
        name="Circle",
        kind=ProcessKind.CIRCLE,
        direction=Direction.CLOCKWISE,
        phases=(PhaseTemplate(id="p", title="P"),),
    )


def note(note_id: str, text: str) -> NoteAdded:
    return NoteAdded(
        note_id=note_id,
        note_kind=NoteKind.OBSERVATION,
        visibility=Visibility.FACILITATOR_ONLY,
        text=text,
        phase_index=0,
        round_no=None,
        speaker_id=None,
    )


def log(store: Store, session_id: str, events: list[Event]) -> None:
    first = len(store.events(session_id)) + 1
    store.event_log(session_id).append(
        [
            LoggedEvent(seq=first + i, t=float(i), wall=WALL + timedelta(seconds=i), event=e)
            for i, e in enumerate(events)
        ]
    )


@pytest.fixture
def generated(store: Store) -> dict[str, str]:
    """A case with a session holding a note per script, two people, and an agreement item;
    a second case with no session. Returns the ids the tests look for."""
    case = store.add_case(Case(reference="RJ-2026-ΑΒΓ"))
    people = [Participant("Keeper Kā", Role.KEEPER), Participant("Nguyễn Thị Ánh", Role.ELDER)]
    info = store.create_session(SessionInfo(case_id=case.id, template=template()), people)
    started = SessionStarted(
        template=template().to_dict(),
        participants=tuple(participant_to_dict(p) for p in people),
        keeper_id=people[0].id,
        direction=Direction.CLOCKWISE,
    )
    log(store, info.id, [started, *(note(NOTE_IDS[k], text) for k, text in NOTES.items())])
    # Many more notes so that the limit and scrolling are exercised.
    log(store, info.id, [note(new_id(), f"filler garden note number {i}") for i in range(60)])
    item = AgreementItem(kind=ItemKind.APOLOGY, description="Write a letter of apology")
    store.agreements.save(
        Agreement(
            session_id=info.id,
            case_reference=case.reference,
            template_id="t",
            title="A",
            items=(item,),
        )
    )
    lonely = store.add_case(Case(reference="LONELY-7"))
    return {
        "session": info.id,
        "elder": people[1].id,
        "item": item.id,
        "case": case.id,
        "lonely": lonely.id,
    }


@pytest.fixture
def view(qtbot: QtBot, store: Store, generated: dict[str, str]) -> SearchView:
    widget = SearchView(store)
    qtbot.addWidget(widget)
    widget.resize(1366, 768)
    widget.show()
    qtbot.waitExposed(widget)
    return widget


def hits_of(view: SearchView) -> list[SearchHit]:
    return view.model.hits


def plain(html_text: str) -> str:
    doc = QTextDocument()
    doc.setHtml(html_text)
    return doc.toPlainText()


@pytest.mark.parametrize(
    ("query", "key"),
    [
        ("nguyen cua hang", "vietnamese"),
        ("αθηνα", "greek"),
        ("ОЛЬГА", "cyrillic"),
        ("فاطمة", "arabic"),
        ("שרה", "hebrew"),
        ("ガラス", "cjk"),
        ("planted tree", "emoji"),
        ("reconc", "markup"),
    ],
)
def test_notes_in_every_script_are_found_and_marked(
    view: SearchView, generated: dict[str, str], query: str, key: str
) -> None:
    view.set_query(query)
    notes = [h for h in hits_of(view) if h.kind is SearchKind.NOTE]
    assert [h.ref_id for h in notes] == [NOTE_IDS[key]]
    (hit,) = notes
    html_text = snippet_html(hit, "font-weight:700;")
    marked = re.findall(r'<span style="font-weight:700;">(.*?)</span>', html_text)
    assert marked == [hit.snippet[a:b] for a, b in hit.highlights]
    assert marked, "the matching words are marked"
    assert plain(html_text) == " ".join(hit.snippet.split())
    assert "1 result" in view.message_label.text()


def test_user_text_is_escaped_before_markup(view: SearchView) -> None:
    view.set_query("not bold reconciliation")
    (hit,) = hits_of(view)
    html_text = snippet_html(hit, "x")
    assert "<b>" not in html_text
    assert html_text.startswith("&lt;b&gt;<span")
    assert "&amp;" in html_text
    assert plain(html_text) == NOTES["markup"]


MALFORMED = ['"', "*", "NEAR(", "NEAR(a b)", "AND OR", "-", "^", "'", '"""', "a AND", "(((", "\\"]


@pytest.mark.parametrize("query", MALFORMED)
def test_malformed_queries_get_a_message_not_an_error(view: SearchView, query: str) -> None:
    view.set_query(query)
    message = view.message_label.text()
    assert message
    if not re.search(r"\w", query):
        assert message.startswith("Type a word to search for")
        assert view.model.rowCount() == 0


def test_a_ten_thousand_character_query(view: SearchView) -> None:
    view.set_query("garden " + "x" * 10_000)
    assert view.model.rowCount() > 0  # the over-long word is skipped, "garden" is searched
    view.set_query("y" * 10_000)
    assert view.message_label.text().startswith("Type a word to search for")
    assert view.query_edit.text() == "y" * 10_000  # what was typed stays


def test_nothing_found_and_the_limit_are_said(view: SearchView) -> None:
    view.set_query("zzzunknownword")
    assert view.model.rowCount() == 0
    assert view.message_label.text().startswith("Nothing found")
    view.set_query("filler")
    assert view.model.rowCount() == SearchView.LIMIT
    assert "add words" in view.message_label.text()
    view.set_query("   ")
    assert view.model.rowCount() == 0
    assert view.message_label.text().startswith("Type words to find")


def test_typing_searches_after_a_pause(qtbot: QtBot, view: SearchView) -> None:
    # QTest types ASCII only; other scripts are covered through set_query above.
    qtbot.keyClicks(view.query_edit, "reconc")
    assert view.model.rowCount() == 0  # not on every key
    qtbot.waitUntil(lambda: view.model.rowCount() == 1, timeout=3000)
    assert view.model.hit(0).ref_id == NOTE_IDS["markup"]


def test_enter_moves_to_the_results_and_opens_a_note(
    qtbot: QtBot, view: SearchView, generated: dict[str, str]
) -> None:
    view.query_edit.setFocus()
    view.query_edit.insert("αθηνα")
    qtbot.keyClick(view.query_edit, Qt.Key.Key_Return)  # searches now, without the pause
    assert view.model.rowCount() == 1
    qtbot.waitUntil(view.results_view.hasFocus)
    with qtbot.waitSignal(view.open_note_requested) as opened:
        qtbot.keyClick(view.results_view, Qt.Key.Key_Return)
    assert opened.args == [generated["session"], NOTE_IDS["greek"]]


def test_double_click_opens_the_session_of_a_person(
    qtbot: QtBot, view: SearchView, generated: dict[str, str]
) -> None:
    view.set_query("nguyen thi anh")
    rows = [h.kind for h in hits_of(view)]
    row = rows.index(SearchKind.PARTICIPANT)
    rect = view.results_view.visualRect(view.model.index(row, 0))
    viewport = view.results_view.viewport()
    with qtbot.waitSignal(view.open_note_requested) as opened:
        # A real double-click starts with a press and release, which the view relies on.
        qtbot.mouseClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(viewport, Qt.MouseButton.LeftButton, pos=rect.center())
    assert opened.args == [generated["session"], ""]


def test_agreement_items_and_case_references_open_their_session(
    qtbot: QtBot, view: SearchView, generated: dict[str, str]
) -> None:
    view.set_query("apology")
    (hit,) = hits_of(view)
    assert hit.kind is SearchKind.AGREEMENT_ITEM
    with qtbot.waitSignal(view.open_note_requested) as opened:
        view.open_hit(hit)
    assert opened.args == [generated["session"], ""]
    view.set_query("rj 2026 αβγ")
    (case_hit,) = hits_of(view)
    assert case_hit.kind is SearchKind.CASE
    with qtbot.waitSignal(view.open_note_requested) as opened:
        view.open_hit(case_hit)
    assert opened.args == [generated["session"], ""]
    view.set_query("lonely")
    with qtbot.assertNotEmitted(view.open_note_requested):
        view.open_hit(view.model.hit(0))
    assert view.message_label.text() == "This case has no session yet."


def test_the_results_model_passes_the_model_tester(qtmodeltester: object, view: SearchView) -> None:
    view.set_query("garden")
    assert view.model.rowCount() > 0
    qtmodeltester.check(view.model)  # type: ignore[attr-defined]
    empty = SearchResultsModel()
    qtmodeltester.check(empty)  # type: ignore[attr-defined]
    assert view.model.index(0, 0).data(HIT_ROLE) is view.model.hit(0)


def test_marks_have_contrast_on_light_and_dark_palettes() -> None:
    for base, highlight in (("#ffffff", "#308cc6"), ("#1e1e1e", "#2a82da")):
        palette = QPalette()
        palette.setColor(QPalette.ColorRole.Base, QColor(base))
        palette.setColor(QPalette.ColorRole.Highlight, QColor(highlight))
        style = mark_style(palette, selected=False)
        tint = QColor(re.search(r"background-color:(#[0-9a-f]{6})", style).group(1))  # type: ignore[union-attr]
        # A tint between the base and the highlight: text drawn for the base stays legible.
        assert abs(tint.lightness() - QColor(base).lightness()) < 100
        assert tint != QColor(base)
    assert "underline" in mark_style(QPalette(), selected=True)


def test_renders_on_light_and_dark_palettes(view: SearchView, tmp_path: Path) -> None:
    view.set_query("garden")
    view.set_query("reconc")
    view.set_query("nguyen")
    view.results_view.setCurrentIndex(view.model.index(0, 0))
    assert view.grab().save(str(tmp_path / "search-light.png"))
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Base, "#171717"),
        (QPalette.ColorRole.Text, "#e8eaed"),
        (QPalette.ColorRole.PlaceholderText, "#9aa0a6"),
        (QPalette.ColorRole.Highlight, "#2a82da"),
        (QPalette.ColorRole.HighlightedText, "#ffffff"),
    ):
        dark.setColor(role, QColor(colour))
    view.setPalette(dark)
    view.results_view.setPalette(dark)
    assert view.grab().save(str(tmp_path / "search-dark.png"))
    assert not view.results_view.horizontalScrollBar().isVisible()
