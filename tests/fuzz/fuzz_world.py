"""Stores and sessions for the fuzz tests (real SQLite files, as the app writes them)."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from facilitator.domain.case import Case, Participant
from facilitator.domain.consent import ConsentRecord
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.clock import FakeClock
from facilitator.engine.session import LiveSession
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.store import Store

TEMPLATE = load_templates(builtin_templates_dir()).templates["peacemaking-circle"]
WHEN = datetime(2026, 3, 2, 17, 0, tzinfo=UTC)


@contextmanager
def fresh_store() -> Iterator[Store]:
    """A new store file, removed afterwards (hypothesis examples cannot share tmp_path)."""
    with (
        tempfile.TemporaryDirectory(prefix="cf-fuzz-") as tmp,
        Store.open(f"sqlite:///{Path(tmp) / 'store.sqlite3'}") as store,
    ):
        yield store


def live_session(store: Store, people: list[Participant] | None = None) -> tuple[LiveSession, str]:
    """A started circle in ``store`` (the keeper and ``people``, or two others, all consenting),
    and its id."""
    keeper = Participant("Keeper", Role.KEEPER, seat=0)
    others = (
        people
        if people is not None
        else [
            Participant("Ana", Role.COMMUNITY_MEMBER, seat=1),
            Participant("Bo", Role.COMMUNITY_MEMBER, seat=2),
        ]
    )
    cast = [keeper, *others]
    case = store.add_case(Case(reference="FUZZ-1"))
    info = store.create_session(SessionInfo(case_id=case.id, template=TEMPLATE), cast)
    for p in cast:
        store.record_consent(info.id, ConsentRecord(p.id, "K", WHEN))
    live = LiveSession.start(
        store.event_log(info.id),
        FakeClock(),
        template=TEMPLATE,
        participants=store.participants(info.id),
        consents=store.consents(info.id),
        keeper_id=keeper.id,
    )
    return live, info.id


class StoreCopies:
    """New stores made cheaply: copies of one blank store file, opened without migrating."""

    def __init__(self, folder: Path) -> None:
        self._folder = folder
        self._blank = folder / "blank.sqlite3"
        Store.open(f"sqlite:///{self._blank}").close()
        self._count = 0

    @contextmanager
    def fresh(self) -> Iterator[Store]:
        """A new, empty store."""
        self._count += 1
        path = self._folder / f"copy-{self._count}.sqlite3"
        shutil.copyfile(self._blank, path)
        try:
            with Store.open(f"sqlite:///{path}") as store:
                yield store
        finally:
            for leftover in path.parent.glob(f"{path.name}*"):
                leftover.unlink()
