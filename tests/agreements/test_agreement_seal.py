"""The seal: it validates, and any change, addition or truncation is reported as modified."""

from __future__ import annotations

import dataclasses
import io
import random
import stat
from pathlib import Path

import pytest
from agreement_samples import people, signed
from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

from facilitator.agreements.keys import (
    CERT_FILE,
    KEY_FILE,
    SealKeyError,
    import_pkcs12,
    load_or_create_key,
)
from facilitator.agreements.model import Agreement
from facilitator.agreements.pdf import render_agreement
from facilitator.agreements.seal import VerdictStatus, seal_pdf, verify_bytes, verify_pdf
from facilitator.domain.case import Case
from facilitator.domain.session import SessionInfo
from facilitator.processes import builtin_templates_dir, load_templates
from facilitator.storage.store import Store


@pytest.fixture(scope="module")
def sealed_world(tmp_path_factory: pytest.TempPathFactory):  # type: ignore[no-untyped-def]
    """A store holding a signed agreement, its sealed PDF, and the key's certificate."""
    folder = tmp_path_factory.mktemp("seal")
    store = Store.open(f"sqlite:///{folder / 'store.sqlite3'}")
    case = store.add_case(Case(reference="CASE-2026-7"))
    template = load_templates(builtin_templates_dir()).templates["community-conference"]
    cast = people()
    info = store.create_session(SessionInfo(case_id=case.id, template=template), cast)
    agreement = store.agreements.save(dataclasses.replace(signed(cast), session_id=info.id))
    key = load_or_create_key(folder / "keys")
    sealed = seal_pdf(render_agreement(agreement), key)
    yield store, agreement, sealed, [key.cert_pem], folder
    store.close()


def test_the_seal_validates(sealed_world) -> None:  # type: ignore[no-untyped-def]
    store, agreement, sealed, trusted, folder = sealed_world
    path = folder / "agreement.pdf"
    path.write_bytes(sealed)
    verdict = verify_pdf(path, store, trusted)
    assert verdict.status is VerdictStatus.VALID, verdict.reason
    assert verdict.agreement_id == agreement.id


def test_two_hundred_one_byte_changes_are_each_modified(sealed_world) -> None:  # type: ignore[no-untyped-def]
    store, _agreement, sealed, trusted, _folder = sealed_world
    rng = random.Random(20260301)
    for _ in range(200):
        position = rng.randrange(len(sealed))
        changed = bytearray(sealed)
        changed[position] = (changed[position] + rng.randrange(1, 256)) % 256
        verdict = verify_bytes(bytes(changed), store, trusted)
        assert verdict.status is VerdictStatus.MODIFIED, (position, verdict)


def test_a_case_change_in_the_seal_value_is_modified(sealed_world) -> None:  # type: ignore[no-untyped-def]
    store, _agreement, sealed, trusted, _folder = sealed_world
    start = sealed.index(b"/Contents <") + len(b"/Contents <")
    letter = next(i for i in range(start, start + 200) if sealed[i : i + 1] in b"ABCDEF")
    changed = bytearray(sealed)
    changed[letter] = ord(chr(changed[letter]).lower())
    assert verify_bytes(bytes(changed), store, trusted).status is VerdictStatus.MODIFIED


def test_an_appended_incremental_update_is_modified(sealed_world) -> None:  # type: ignore[no-untyped-def]
    store, _agreement, sealed, trusted, _folder = sealed_world
    writer = IncrementalPdfFileWriter(io.BytesIO(sealed))
    writer.root["/Lang"] = generic.TextStringObject("fr")
    writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    assert out.getvalue().startswith(sealed)
    verdict = verify_bytes(out.getvalue(), store, trusted)
    assert verdict.status is VerdictStatus.MODIFIED
    assert "after it was sealed" in verdict.reason


@pytest.mark.parametrize("keep", [0.5, 0.99, -1])
def test_a_truncated_file_is_modified(sealed_world, keep: float) -> None:  # type: ignore[no-untyped-def]
    store, _agreement, sealed, trusted, _folder = sealed_world
    end = len(sealed) - 1 if keep == -1 else int(len(sealed) * keep)
    assert verify_bytes(sealed[:end], store, trusted).status is VerdictStatus.MODIFIED


def test_unknown_when_unsealed_unstored_or_by_another_key(  # type: ignore[no-untyped-def]
    sealed_world, tmp_path: Path
) -> None:
    store, agreement, _sealed, trusted, _folder = sealed_world
    unsealed = verify_bytes(render_agreement(agreement), store, trusted)
    assert unsealed.status is VerdictStatus.UNKNOWN
    other = load_or_create_key(tmp_path / "other")
    stranger = dataclasses.replace(agreement, id="f" * 32)
    not_stored = verify_bytes(seal_pdf(render_agreement(stranger), other), store, [other.cert_pem])
    assert not_stored.status is VerdictStatus.UNKNOWN
    assert "holds no agreement" in not_stored.reason
    by_other = verify_bytes(seal_pdf(render_agreement(agreement), other), store, trusted)
    assert by_other.status is VerdictStatus.UNKNOWN
    assert "does not know" in by_other.reason
    assert verify_bytes(b"hello", store, trusted).status is VerdictStatus.UNKNOWN


def test_content_differing_from_the_store_is_modified(  # type: ignore[no-untyped-def]
    sealed_world, tmp_path: Path
) -> None:
    store, agreement, _sealed, _trusted, _folder = sealed_world
    key = load_or_create_key(tmp_path / "k")
    forged: Agreement = dataclasses.replace(agreement, summary="Something else entirely")
    verdict = verify_bytes(seal_pdf(render_agreement(forged), key), store, [key.cert_pem])
    assert verdict.status is VerdictStatus.MODIFIED
    assert "differs from the agreement in the store" in verdict.reason


def test_the_program_key_is_made_once_and_kept_private(tmp_path: Path) -> None:
    first = load_or_create_key(tmp_path / "keys")
    again = load_or_create_key(tmp_path / "keys")
    assert first == again
    for name in (KEY_FILE, CERT_FILE):
        assert stat.S_IMODE((tmp_path / "keys" / name).stat().st_mode) == 0o600
    assert stat.S_IMODE((tmp_path / "keys").stat().st_mode) == 0o700
    assert "Circle Facilitator" in first.subject


def test_an_agency_pkcs12_seals_instead(sealed_world, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    store, agreement, *_rest = sealed_world
    made = load_or_create_key(tmp_path / "made")
    key = serialization.load_pem_private_key(made.key_pem, None)
    cert = x509.load_pem_x509_certificate(made.cert_pem)
    assert isinstance(key, ec.EllipticCurvePrivateKey)
    p12 = tmp_path / "agency.p12"
    p12.write_bytes(
        pkcs12.serialize_key_and_certificates(
            b"agency", key, cert, None, serialization.BestAvailableEncryption(b"s3cret")
        )
    )
    with pytest.raises(SealKeyError, match="passphrase is wrong"):
        import_pkcs12(p12, b"wrong", tmp_path / "keys")
    imported = import_pkcs12(p12, b"s3cret", tmp_path / "keys")
    assert load_or_create_key(tmp_path / "keys") == imported
    sealed = seal_pdf(render_agreement(agreement), imported)
    assert verify_bytes(sealed, store, [imported.cert_pem]).status is VerdictStatus.VALID
