"""The history page over generated stores: lazy rows, sorting and filtering in the database."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from benchmarks.sample_store import build_sample_store
from facilitator.storage.history import HistoryColumn, HistoryFilter, HistorySort
from facilitator.storage.store import Store
from ui.history.history_model import MAX_PAGES, PAGE, HistoryModel
from ui.history.history_view import HistoryView


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of 400 generated sessions, built once for the module (tests only read it)."""
    path = tmp_path_factory.mktemp("history") / "sample.sqlite3"
    build_sample_store(f"sqlite:///{path}", sessions=400)
    return path


@pytest.fixture
def sample(sample_file: Path) -> Iterator[Store]:
    """The generated store, open."""
    with Store.open(f"sqlite:///{sample_file}") as store:
        yield store


@pytest.fixture
def view(qtbot: QtBot, sample: Store) -> HistoryView:
    """The history page at the size of a small laptop screen."""
    page = HistoryView(sample.history)
    qtbot.addWidget(page)
    page.resize(1366, 768)
    page.show()
    qtbot.waitExposed(page)
    return page


def _ids(model: HistoryModel) -> list[str]:
    return [model.session_id_at(r) for r in range(model.rowCount())]


def test_the_model_passes_the_model_tester(sample: Store, qtmodeltester: ModelTester) -> None:
    model = HistoryModel(sample.history)
    model.set_filter(HistoryFilter(case_text="RJ-2026"))
    assert 0 < model.rowCount() < 400
    qtmodeltester.check(model)


def test_the_list_holds_every_id_but_reads_only_the_rows_painted(
    qtbot: QtBot, view: HistoryView, sample: Store
) -> None:
    model = view.model
    assert model.rowCount() == 400
    assert _ids(model) == sample.history.ids()
    assert view.count_label.text() == "400 session(s)"
    # Only the first page was needed to paint the first screen.
    assert model.cached_pages == 1
    view.table.scrollToBottom()
    qtbot.waitUntil(lambda: model.cached_pages == 2)
    last = model.rowCount() - 1
    row = sample.history.rows([model.session_id_at(last)])[0]
    assert model.index(last, 1).data() == row.case_reference
    assert model.index(last, 3).data() == row.participant_count


def test_the_page_cache_stays_bounded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'big.sqlite3'}"
    build_sample_store(url, sessions=PAGE * (MAX_PAGES + 2))
    with Store.open(url) as store:
        model = HistoryModel(store.history)
        model.reload()
        for row in range(0, model.rowCount(), PAGE // 2):
            assert model.history_row(row) is not None
        assert model.cached_pages == MAX_PAGES


def _click_header(qtbot: QtBot, view: HistoryView, column: HistoryColumn) -> None:
    header = view.table.horizontalHeader()
    section = view.model.COLUMNS.index(column)
    x = header.sectionViewportPosition(section) + header.sectionSize(section) // 2
    qtbot.mouseClick(header.viewport(), Qt.MouseButton.LeftButton, pos=QPoint(x, 4))


def test_clicking_a_header_sorts_in_the_database(
    qtbot: QtBot, view: HistoryView, sample: Store
) -> None:
    _click_header(qtbot, view, HistoryColumn.PARTICIPANTS)
    first = view.model.history_sort
    assert first.column is HistoryColumn.PARTICIPANTS
    assert _ids(view.model) == sample.history.ids(sort=first)
    counts = [view.model.index(r, 3).data() for r in range(view.model.rowCount())]
    assert counts == sorted(counts, reverse=first.descending)
    _click_header(qtbot, view, HistoryColumn.PARTICIPANTS)
    assert view.model.history_sort == HistorySort(HistoryColumn.PARTICIPANTS, not first.descending)
    counts = [view.model.index(r, 3).data() for r in range(view.model.rowCount())]
    assert counts == sorted(counts, reverse=not first.descending)
    _click_header(qtbot, view, HistoryColumn.AGREEMENT)
    assert _ids(view.model) == sample.history.ids(sort=view.model.history_sort)


def test_the_filter_bar_filters_and_keeps_the_selection(
    qtbot: QtBot, view: HistoryView, sample: Store
) -> None:
    view.status_combo.setCurrentIndex(view.status_combo.findText("No agreement"))
    wanted = HistoryFilter(agreement_statuses=frozenset({None}))
    assert view.current_filter() == wanted
    assert _ids(view.model) == sample.history.ids(wanted)
    shown = {view.model.index(r, 4).data() for r in range(view.model.rowCount())}
    assert shown == {"No agreement"}

    view.table.selectRow(0)
    chosen = view.selected_session()
    reference = view.model.index(0, 1).data()
    qtbot.keyClicks(view.case_edit, reference.lower())
    both = HistoryFilter(agreement_statuses=frozenset({None}), case_text=reference.lower())
    expected = sample.history.ids(both)
    assert chosen in expected
    assert len(expected) < 3
    qtbot.waitUntil(lambda: _ids(view.model) == expected)
    assert view.selected_session() == chosen
    assert view.count_label.text() == f"{len(expected)} session(s)"

    process = view.process_combo.findText("Peacemaking circle")
    view.case_edit.clear()
    view.status_combo.setCurrentIndex(0)
    view.process_combo.setCurrentIndex(process)
    qtbot.waitUntil(
        lambda: (
            _ids(view.model)
            == sample.history.ids(HistoryFilter(template_ids=frozenset({"sample-circle"})))
        )
    )


def test_enter_on_a_row_asks_to_review_that_session(qtbot: QtBot, view: HistoryView) -> None:
    view.table.setFocus()
    view.table.selectRow(2)
    view.table.setCurrentIndex(view.model.index(2, 0))
    with qtbot.waitSignal(view.open_session_requested) as opened:
        qtbot.keyClick(view.table, Qt.Key.Key_Return)
    assert opened.args == [view.model.session_id_at(2)]
    with qtbot.waitSignal(view.open_session_requested) as clicked:
        qtbot.mouseClick(view.open_button, Qt.MouseButton.LeftButton)
    assert clicked.args == [view.model.session_id_at(2)]
