"""Killing the app in the middle of a backup harms neither the store nor any finished backup.

A child process writes to the store and makes backups in a loop; it is killed (SIGKILL, no
clean-up) at random moments, twenty times. After each kill the store passes a full check and
opens, and every file with a backup's name passes its check: a half-written backup only ever
exists under its hidden temporary name.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from store_samples import add_session, logged, note_added

from facilitator.engine.events import Event
from facilitator.storage.backup_files import check_integrity
from facilitator.storage.backups import BackupManager
from facilitator.storage.store import Store
from facilitator.storage.store_problems import diagnose

CHILD = """
import sys
from pathlib import Path
from facilitator.domain.case import Case
from facilitator.storage.backups import BackupManager, BackupReason, RotationPolicy
from facilitator.storage.store import Store

path = Path(sys.argv[1])
store = Store.open(f"sqlite:///{path}")
manager = BackupManager(path, policy=RotationPolicy(manual=4))
print("ready", flush=True)
n = 0
while True:
    n += 1
    store.add_case(Case(reference=f"K-{n}", summary="x" * 2000))
    manager.backup(BackupReason.MANUAL)
"""

ROUNDS = 20


@pytest.mark.slow
def test_a_kill_during_a_backup_leaves_the_store_and_finished_backups_whole(
    tmp_path: Path,
) -> None:
    path = tmp_path / "store.sqlite3"
    with Store.open(f"sqlite:///{path}") as store:
        info, _ = add_session(store)
        events: list[Event] = [note_added(f"{i:032x}", "Ghi chú " * 300) for i in range(600)]
        store.event_log(info.id).append(logged(events))
    assert path.stat().st_size > 1_000_000
    manager = BackupManager(path)
    rng = random.Random(20261125)
    cases = 0
    env = {**os.environ, "PYTHONPATH": str(Path.cwd())}
    for _ in range(ROUNDS):
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(path)],
            stdout=subprocess.PIPE,
            env=env,
        )
        assert child.stdout is not None
        assert child.stdout.readline().strip() == b"ready"
        time.sleep(rng.uniform(0.0, 0.4))
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()

        assert diagnose(path, thorough=True) is None
        for backup in manager.list_backups():
            check_integrity(backup.path, None)
        with Store.open(f"sqlite:///{path}") as store:
            now = len(store.list_cases())
            assert len(store.events(info.id)) == 600
        assert now >= cases
        cases = now
    assert manager.list_backups()
    assert cases > 1
    # Some kills landed in the middle of a backup: their remains are only hidden partial files.
    assert list(manager.folder.glob(".*.partial"))
