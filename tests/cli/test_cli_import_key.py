"""An agency seals agreements with its own PKCS#12 certificate, imported from the command line."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from cli_stores import plain_store
from cryptography import x509
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import BestAvailableEncryption, pkcs12
from cryptography.x509.oid import NameOID

from ui.entry import main


def agency_p12(path: Path, passphrase: bytes) -> None:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Riverside Community Justice")])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .sign(key, hashes.SHA256())
    )
    path.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"agency", key, cert, None, BestAvailableEncryption(passphrase)
        )
    )


def test_import_key_then_render_and_verify(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    db = plain_store(tmp_path / "store.sqlite3")
    p12 = tmp_path / "agency.p12"
    agency_p12(p12, b"river-2026")

    monkeypatch.setenv("CIRCLE_FACILITATOR_P12_PASSPHRASE", "wrong")
    assert main(["--db", db, "agreement", "import-key", str(p12)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("circle-facilitator: error:")
    assert "passphrase" in err
    assert len(err.strip().splitlines()) == 1

    monkeypatch.setenv("CIRCLE_FACILITATOR_P12_PASSPHRASE", "river-2026")
    assert main(["--db", db, "agreement", "import-key", str(p12)]) == 0
    assert "agency.p12" in capsys.readouterr().out

    assert main(["--db", db, "demo"]) == 0
    session = capsys.readouterr().out.split("session ")[1].split()[0]
    pdf = tmp_path / "agreement.pdf"
    assert main(["--db", db, "agreement", "render", session, "-o", str(pdf)]) == 0
    capsys.readouterr()
    assert main(["--db", db, "agreement", "verify", str(pdf)]) == 0
    assert "valid" in capsys.readouterr().out.lower()
    # The seal's certificate is the agency's: its name is in the signature's (hex) contents.
    assert b"Riverside Community Justice".hex() in pdf.read_bytes().decode("latin-1").lower()
