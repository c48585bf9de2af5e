"""SIGKILL the app while it saves and seals an agreement: the PDF is absent or whole and valid.

The victim saves a signed agreement, renders it, seals it (PAdES) and writes the file the way
``circle-facilitator agreement render`` does (a ``.part`` file renamed over the target). It is
killed at a random moment of that. After each kill: SQLite's integrity check passes; the store
holds the agreement whole, or not at all; the sealed file is absent, or complete and its seal
verifies against the store.
"""

from __future__ import annotations

import dataclasses
import json
import random
import time
from pathlib import Path

from test_torture_live import plan_circle
from torture_harness import VictimServer, integrity

from benchmarks.bench_agreement import _agreement
from facilitator.agreements.keys import load_or_create_key
from facilitator.agreements.model import Agreement
from facilitator.agreements.seal import VerdictStatus, verify_pdf
from facilitator.agreements.serial import agreement_to_dict, signature_to_dict
from facilitator.storage.store import Store


def sealing_request(tmp_path: Path, url: str, reference: str) -> tuple[Agreement, dict[str, str]]:
    """A new session, a signed agreement of it for the victim to save, and the request."""
    with Store.open(url) as store:
        session_id, _ = plan_circle(store, reference)
    agreement = dataclasses.replace(_agreement(), session_id=session_id)
    data = agreement_to_dict(agreement)
    data["signatures"] = [signature_to_dict(s) for s in agreement.signatures]
    saved = tmp_path / f"{reference}.json"
    saved.write_text(json.dumps(data), encoding="utf-8")
    output = tmp_path / f"{reference}.pdf"
    return agreement, {"mode": "seal", "url": url, "agreement": str(saved), "output": str(output)}


def test_killed_while_sealing_the_file_is_absent_or_valid(tmp_path: Path, kills: int) -> None:
    path = tmp_path / "store.sqlite3"
    url = f"sqlite:///{path}"
    rng = random.Random(11)
    server = VictimServer(tmp_path)
    outcomes = {"absent": 0, "valid": 0}
    try:
        _, request = sealing_request(tmp_path, url, "SEAL-0")
        started = time.monotonic()
        whole = server.run(request, after=None, delay_s=120)
        seal_s = time.monotonic() - started
        assert not whole.killed
        assert whole.first("sealed") is not None
        trusted = [load_or_create_key(tmp_path / "keys").cert_pem]
        for k in range(max(kills // 20, 5)):
            agreement, request = sealing_request(tmp_path, url, f"SEAL-{k + 1}")
            server.run(request, after=None, delay_s=rng.uniform(0.0, seal_s * 1.1))
            assert integrity(path) == "ok"
            output = Path(request["output"])
            with Store.open(url) as store:
                latest = store.agreements.latest(agreement.session_id)
                assert latest is None or latest == agreement
                if output.exists():
                    assert latest is not None
                    assert verify_pdf(output, store, trusted).status is VerdictStatus.VALID
                    outcomes["valid"] += 1
                else:
                    outcomes["absent"] += 1
    finally:
        server.close()
    print(f"\nseal took {seal_s * 1000:.0f} ms unkilled; after the kills: {outcomes}")
