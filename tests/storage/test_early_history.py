"""The early history: the same rows as the store's history, read without SQLAlchemy, read-only."""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from benchmarks.sample_store import build_sample_store
from facilitator.agreements.model import Agreement, AgreementStatus
from facilitator.demo import create_demo
from facilitator.domain.case import Case, Participant
from facilitator.domain.process import PhaseTemplate, ProcessKind, ProcessTemplate
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo, SessionStatus
from facilitator.security.keyfile import KdfParams, create_key_file, key_file_path
from facilitator.storage.database import sqlite_file
from facilitator.storage.early_history import EarlyHistory, open_early_history
from facilitator.storage.errors import StoreError
from facilitator.storage.history import HistoryColumn, HistoryFilter, HistorySort
from facilitator.storage.location import plain_sqlite_path
from facilitator.storage.schema_version import HEAD_REVISION
from facilitator.storage.store import Store

ROOT = Path(__file__).resolve().parents[2]
DAY = datetime(2026, 5, 4, 9, 30, 15, 123456, tzinfo=UTC)


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated sessions, the demo case, and odd ones written through the store.

    The generated ones have closed cases, planned and running sessions and amended agreements;
    the odd ones have no people, the same start time, or an outcome on a case that is open.
    """
    path = tmp_path_factory.mktemp("early") / "sample.sqlite3"
    build_sample_store(f"sqlite:///{path}", sessions=150)
    with Store.open(f"sqlite:///{path}") as store:
        create_demo(store)
        template = ProcessTemplate(
            id="odd",
            name="Ümlaut circle",
            kind=ProcessKind.CIRCLE,
            phases=(PhaseTemplate("p", "P"),),
        )
        # An outcome left on an open case (as after reopening) must not be listed.
        reopened = store.add_case(Case("RJ-ODD-1", outcome="completed"))
        empty = store.create_session(
            SessionInfo(case_id=reopened.id, template=template, created_at=DAY), []
        )
        same_time = [
            store.create_session(
                SessionInfo(
                    case_id=reopened.id,
                    template=template,
                    created_at=DAY - timedelta(days=1),
                    started_at=DAY,
                    status=SessionStatus.ENDED,
                ),
                [Participant(f"Person {i}", Role.COMMUNITY_MEMBER) for i in range(3)],
            )
            for _ in range(3)
        ]
        for version, status in ((1, AgreementStatus.LOCKED), (2, AgreementStatus.DRAFT)):
            store.agreements.save(
                Agreement(
                    session_id=same_time[0].id,
                    case_reference="RJ-ODD-1",
                    template_id="t",
                    title="Agreement",
                    version=version,
                    status=status,
                    created_at=DAY + timedelta(hours=version),
                )
            )
        assert empty.id
    return path


@pytest.fixture
def early(sample_file: Path) -> EarlyHistory:
    opened = open_early_history(sample_file)
    assert opened is not None
    return opened


def test_every_answer_matches_the_store_history(sample_file: Path, early: EarlyHistory) -> None:
    with Store.open(f"sqlite:///{sample_file}") as store:
        ids = store.history.ids()
        assert early.ids() == ids
        assert len(ids) > 150
        assert early.rows(ids) == store.history.rows(ids)
        assert early.rows(ids[::-7]) == store.history.rows(ids[::-7])
        for limit in (1, 10, 100, 1000):
            assert early.recent(limit) == store.history.recent(limit)
        assert early.list_processes() == store.history.list_processes()
    early.close()


def test_read_ahead_answers_the_same(sample_file: Path, early: EarlyHistory) -> None:
    cold = open_early_history(sample_file)
    assert cold is not None
    early.warm(100)
    ids = early.ids()
    assert ids == cold.ids()
    assert early.rows(ids[:100]) == cold.rows(ids[:100])
    assert early.rows(ids[95:205]) == cold.rows(ids[95:205])  # beyond the read-ahead page
    assert early.recent(100) == cold.recent(100)
    assert early.recent(7) == cold.recent(7)
    assert early.rows([]) == []
    assert early.rows(["no-such-session"]) == []
    early.close()
    cold.close()


@pytest.mark.parametrize(
    ("history_filter", "sort"),
    [
        (HistoryFilter(case_text="RJ"), None),
        (None, HistorySort(HistoryColumn.CASE)),
        (None, HistorySort(HistoryColumn.DATE, descending=False)),
    ],
)
def test_sorting_and_filtering_wait_for_the_store(
    early: EarlyHistory, history_filter: HistoryFilter | None, sort: HistorySort | None
) -> None:
    with pytest.raises(StoreError, match="once the store is open"):
        early.ids(history_filter, sort)
    early.close()


def test_a_closed_reader_says_so(early: EarlyHistory) -> None:
    early.close()
    with pytest.raises(StoreError, match="closed"):
        early.ids()


def _state(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(folder.iterdir())
    }


def test_reading_writes_nothing_and_discard_leaves_the_folder_as_found(
    sample_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / sample_file.name
    path.write_bytes(sample_file.read_bytes())
    before = _state(tmp_path)
    early = open_early_history(path)
    assert early is not None
    early.warm(100)
    early.rows(early.ids())
    early.list_processes()
    assert _state(tmp_path)[path.name] == before[path.name]
    early.discard()
    assert _state(tmp_path) == before


def test_it_sees_what_an_open_store_has_committed_but_not_checkpointed(
    sample_file: Path, tmp_path: Path
) -> None:
    path = tmp_path / "live.sqlite3"
    path.write_bytes(sample_file.read_bytes())
    with Store.open(f"sqlite:///{path}") as store:
        case = store.add_case(Case("RJ-NEWEST"))
        template = ProcessTemplate(
            id="c", name="Circle", kind=ProcessKind.CIRCLE, phases=(PhaseTemplate("p", "P"),)
        )
        newest = store.create_session(
            SessionInfo(case_id=case.id, template=template, created_at=datetime.now(UTC)),
            [Participant("Ana", Role.COMMUNITY_MEMBER)],
        )
        assert Path(f"{path}-wal").stat().st_size > 0
        early = open_early_history(path)
        assert early is not None
        assert early.recent(1)[0].id == newest.id
        assert early.ids() == store.history.ids()
        early.close()
        # The store goes on writing beside the closed reader.
        store.add_case(Case("RJ-AFTER"))


def _sqlite(path: Path, *statements: str) -> None:
    conn = sqlite3.connect(path)
    for statement in statements:
        conn.execute(statement)
    conn.commit()
    conn.close()


def test_anything_but_a_plain_store_at_this_revision_gives_none(
    sample_file: Path, tmp_path: Path
) -> None:
    assert open_early_history(tmp_path / "missing.sqlite3") is None
    assert not (tmp_path / "missing.sqlite3").exists()
    assert open_early_history(tmp_path) is None  # a folder

    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    garbage = tmp_path / "garbage.sqlite3"
    garbage.write_bytes(os.urandom(4096))
    truncated = tmp_path / "truncated.sqlite3"
    truncated.write_bytes(sample_file.read_bytes()[:5000])
    other = tmp_path / "other.sqlite3"
    _sqlite(other, "CREATE TABLE things (x)")
    older = tmp_path / "older.sqlite3"
    older.write_bytes(sample_file.read_bytes())
    _sqlite(older, "UPDATE alembic_version SET version_num = '0005'")
    encrypted_beside = tmp_path / "keyed.sqlite3"
    encrypted_beside.write_bytes(sample_file.read_bytes())
    key_file_path(encrypted_beside).write_text(json.dumps({}))

    for path in (empty, garbage, truncated, other, older, encrypted_beside):
        before = _state(tmp_path)
        assert open_early_history(path) is None, path.name
        assert _state(tmp_path) == before, path.name


def test_a_store_missing_its_tables_fails_with_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "hollow.sqlite3"
    _sqlite(
        path,
        "CREATE TABLE alembic_version (version_num VARCHAR(32) NOT NULL)",
        f"INSERT INTO alembic_version VALUES ('{HEAD_REVISION}')",
    )
    early = open_early_history(path)
    assert early is not None
    early.warm(100)  # errors are left for the reads
    with pytest.raises(StoreError, match=r"hollow\.sqlite3 could not be read"):
        early.recent(100)
    with pytest.raises(StoreError):
        early.ids()
    early.discard()


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:////tmp/a%20b.sqlite3",
        "sqlite:///relative/x.db",
        "sqlite+pysqlite:////tmp/x.db",
        "sqlite:////tmp/a b#c+d.db",
        "sqlite:////tmp/%C3%BCmlaut.db",
    ],
)
def test_simple_sqlite_urls_name_the_file_sqlalchemy_opens(url: str) -> None:
    assert plain_sqlite_path(url) == sqlite_file(url)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:////tmp/x.db?mode=ro",
        "sqlite:///file:x.db",
        "sqlite+pysqlcipher://:k@/tmp/x.db",
        "postgresql+psycopg://u:p@host/db",
    ],
)
def test_other_urls_are_left_to_sqlalchemy(url: str) -> None:
    assert plain_sqlite_path(url) is None


def _modules_after(code: str) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"},
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return bool(json.loads(done.stdout.strip().splitlines()[-1]))


def test_reading_early_loads_no_sqlalchemy(sample_file: Path) -> None:
    prelude = (
        "import sys, json\n"
        "from ui.security.start_flow import read_early\n"
        f"early = read_early({str(sample_file)!r}, {{}}, 100)\n"
        "assert early is not None and early.rows(early.ids()[:100])\n"
    )
    assert not _modules_after(prelude + "print(json.dumps('sqlalchemy' in sys.modules))")
    # The same probe sees SQLAlchemy once the store's module is loaded: it can fail.
    loaded = prelude + "import facilitator.storage.store\n"
    assert _modules_after(loaded + "print(json.dumps('sqlalchemy' in sys.modules))")


def _encrypted(folder: Path) -> tuple[Path, bytes]:
    """An encrypted store with its key file: the demo case and three sessions of one day."""
    path = folder / "encrypted.sqlite3"
    key, _code = create_key_file(
        path, "quiet river under the bridge", params=KdfParams.fast_for_tests()
    )
    with Store.open(f"sqlite:///{path}", key=key) as store:
        create_demo(store)
        case = store.add_case(Case("RJ-SEALED-1", closed_at=DAY, outcome="completed"))
        template = ProcessTemplate(
            id="c", name="Circle", kind=ProcessKind.CIRCLE, phases=(PhaseTemplate("p", "P"),)
        )
        for hour in range(3):
            store.create_session(
                SessionInfo(
                    case_id=case.id,
                    template=template,
                    created_at=DAY - timedelta(hours=hour),
                    started_at=DAY,
                    status=SessionStatus.ENDED,
                ),
                [Participant("Ana", Role.COMMUNITY_MEMBER)],
            )
    return path, key


def test_an_unlocked_store_reads_the_same_as_the_store(tmp_path: Path) -> None:
    path, key = _encrypted(tmp_path)
    early = open_early_history(path, key)
    assert early is not None
    early.warm(100)
    with Store.open(f"sqlite:///{path}", key=key) as store:
        ids = store.history.ids()
        assert len(ids) == 4
        assert early.ids() == ids
        assert early.rows(ids) == store.history.rows(ids)
        assert early.recent(100) == store.history.recent(100)
        assert early.list_processes() == store.history.list_processes()
    early.close()


def test_the_wrong_key_or_the_other_form_gives_none(sample_file: Path, tmp_path: Path) -> None:
    path, key = _encrypted(tmp_path)
    plain = tmp_path / "plain.sqlite3"
    plain.write_bytes(sample_file.read_bytes())
    for where, given in ((path, None), (path, os.urandom(32)), (plain, key)):
        before = _state(tmp_path)
        assert open_early_history(where, given) is None, (where.name, given is None)
        assert _state(tmp_path) == before
