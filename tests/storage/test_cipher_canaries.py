"""Canary scan: what the facilitator writes never reaches the disk in the clear when encrypted.

Unique strings are planted in every kind of text field through the real store API (names,
case fields, notes, agreement items), then the store file, its -wal and -shm (while open and
after closing), the backup made before a migration and the temporary directory are searched
for them. The same scan of a plain store finds them, so the scan itself is shown to work.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Iterable
from pathlib import Path

import pytest
from store_samples import logged, note_added, template

from facilitator.agreements.model import Agreement, AgreementItem, ItemKind
from facilitator.domain.case import Case, Participant
from facilitator.domain.notes import NoteKind, Visibility
from facilitator.domain.roles import Role
from facilitator.domain.session import SessionInfo
from facilitator.engine.events import NoteEdited
from facilitator.storage.database import create_engine_for
from facilitator.storage.migration import SCRIPT_LOCATION, ensure_schema
from facilitator.storage.schema_version import HEAD_REVISION, KNOWN_REVISIONS
from facilitator.storage.store import Store

NEXT_REVISION = f'''
"""A later schema, so that opening makes the backup a real migration makes."""
import sqlalchemy as sa
from alembic import op

revision = "0099"
down_revision = "{HEAD_REVISION}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("canary_next", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("canary_next")
'''


def canaries() -> dict[str, str]:
    """One unique string per field, in several scripts (as UTF-8 they must stay unseen)."""
    tag = uuid.uuid4().hex[:12]
    fields = [
        "case_reference",
        "referral_source",
        "summary",
        "name",
        "address_as",
        "relationship",
        "guardian",
        "interpreter",
        "requests",
        "risk_notes",
        "note",
        "note_edit",
        "item",
        "monitor",
        "title",
    ]
    scripts = ["Canary", "Nguyễn", "Κανάρι", "Канарейка", "كناري"]
    return {f: f"{scripts[i % len(scripts)]}-{f}-{tag}" for i, f in enumerate(fields)}


def plant(store: Store, c: dict[str, str]) -> None:
    case = store.add_case(
        Case(
            reference=c["case_reference"],
            referral_source=c["referral_source"],
            summary=c["summary"],
        )
    )
    keeper = Participant("Keeper", Role.KEEPER, seat=0)
    person = Participant(
        c["name"],
        Role.PERSON_HARMED,
        address_as=c["address_as"],
        relationship=c["relationship"],
        is_minor=True,
        guardian_name=c["guardian"],
        interpreter=c["interpreter"],
        requests=c["requests"],
        risk_notes=c["risk_notes"],
        seat=1,
    )
    info = store.create_session(
        SessionInfo(case_id=case.id, template=template(), title=c["title"]), [keeper, person]
    )
    note_id = uuid.uuid4().hex
    edit = NoteEdited(
        note_id=note_id,
        text=c["note_edit"],
        note_kind=NoteKind.NEED,
        visibility=Visibility.FACILITATOR_ONLY,
    )
    store.event_log(info.id).append(logged([note_added(note_id, c["note"]), edit]))
    item = AgreementItem(kind=ItemKind.APOLOGY, description=c["item"], monitor=c["monitor"])
    store.agreements.save(
        Agreement(
            session_id=info.id,
            case_reference=c["case_reference"],
            template_id="t",
            title=c["title"],
            items=(item,),
        )
    )


def hits(paths: Iterable[Path], c: dict[str, str]) -> set[tuple[str, str]]:
    """(file name, field) for every canary found in the files."""
    found: set[tuple[str, str]] = set()
    for path in paths:
        if not path.is_file():
            continue
        try:
            data = path.read_bytes()
        except OSError:
            continue
        for field, value in c.items():
            if value.encode("utf-8") in data:
                found.add((path.name, field))
    return found


def store_files(db: Path) -> list[Path]:
    return [db, Path(f"{db}-wal"), Path(f"{db}-shm"), *db.parent.glob("*.bak")]


def migrate(db: Path, key: bytes | None, tmp_path: Path) -> Path:
    """Upgrade the closed store to a later schema, as the next release would; returns the backup."""
    scripts = tmp_path / "migrations"
    shutil.copytree(SCRIPT_LOCATION, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    (scripts / "versions" / "0099_next.py").write_text(NEXT_REVISION, encoding="utf-8")
    engine = create_engine_for(f"sqlite:///{db}", key=key)
    try:
        backup = ensure_schema(
            engine,
            script_location=scripts,
            head="0099",
            known=(*KNOWN_REVISIONS, "0099"),
            key=key,
        )
    finally:
        engine.dispose()
    assert backup is not None
    return backup


@pytest.mark.parametrize("encrypted", [True, False], ids=["encrypted", "plain"])
def test_no_canary_reaches_the_disk_when_encrypted(tmp_path: Path, encrypted: bool) -> None:
    folder = tmp_path / "data"
    folder.mkdir()
    db = folder / "store.sqlite3"
    key = os.urandom(32) if encrypted else None
    c = canaries()
    with Store.open(f"sqlite:///{db}", key=key) as store:
        plant(store, c)
        assert store.search(c["name"].split("-")[-1])  # the search index holds them too
        assert Path(f"{db}-wal").stat().st_size > 0
        while_open = hits(store_files(db), c)
    after_close = hits(store_files(db), c)
    backup = migrate(db, key, tmp_path)
    in_backup = hits([backup], c)
    if encrypted:
        assert while_open == set()
        assert after_close == set()
        assert in_backup == set()
    else:
        # The same scan finds every field of a plain store, so the zero above means something.
        assert {field for _name, field in while_open} == set(c)
        assert {field for _name, field in after_close} == set(c)
        assert {field for _name, field in in_backup} == set(c)


def test_no_canary_in_the_temporary_directory_after_a_session(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    started = time.time() - 1
    db = tmp_path / "store.sqlite3"
    c = canaries()
    with Store.open(f"sqlite:///{db}", key=os.urandom(32)) as store:
        plant(store, c)
        store.search(c["note"].split("-")[-1])
        store.list_sessions()
    temp = Path(tempfile.gettempdir())
    # pytest's own folders hold other tests' plain stores on purpose; this test's own files
    # are scanned by the test above.
    skip = tmp_path_factory.getbasetemp().parent
    recent: list[Path] = []
    for root, dirs, files in os.walk(temp):
        here = Path(root)
        dirs[:] = [d for d in dirs if here / d != skip]
        for name in files:
            path = here / name
            try:
                if path.stat().st_mtime >= started and path.stat().st_size < 64 * 2**20:
                    recent.append(path)
            except OSError:
                continue
    assert hits(recent, c) == set()
    assert hits(tmp_path.rglob("*"), c) == set()
