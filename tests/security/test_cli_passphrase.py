"""``init``, ``passphrase change`` and ``passphrase recover``, and every command's unlock.

These run the real key derivation (the default Argon2id parameters), so each unlock takes about
half a second: the command line has no way to ask for weaker ones.
"""

from __future__ import annotations

import hashlib
import re
import stat
from pathlib import Path

import pytest

from facilitator.cli import main
from facilitator.cli.passphrase import NEW_PASSPHRASE_ENV, PASSPHRASE_ENV, RECOVERY_CODE_ENV
from facilitator.security.keyfile import key_file_path, take_failed_unlocks
from facilitator.storage.cipher import is_encrypted_file

PASSPHRASE = "correct horse battery staple"
UNIFORM = "That passphrase or recovery key does not open this store."
CODE_LINE = re.compile(r"^    ((?:[A-Z2-7]{4}-)*[A-Z2-7]{4})$", re.MULTILINE)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def recovery_code(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path
) -> str:
    """An encrypted store made with ``init``, with the demo session in it."""
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE)
    code, out, err = run(capsys, "--db", str(db), "init")
    assert code == 0, err
    assert out.count("RECOVERY CODE") == 1
    printed = "-".join(CODE_LINE.findall(out))
    assert len(printed.replace("-", "")) == 56
    code, _out, err = run(capsys, "--db", str(db), "demo")
    assert code == 0, err
    return printed


def test_init_makes_an_encrypted_store_that_commands_unlock(
    capsys: pytest.CaptureFixture[str], db: Path, recovery_code: str
) -> None:
    assert is_encrypted_file(db)
    assert stat.S_IMODE(key_file_path(db).stat().st_mode) == 0o600
    code, out, err = run(capsys, "--db", str(db), "sessions")
    assert code == 0, err
    assert "DEMO-2026-014" in out
    assert b"DEMO-2026-014" not in db.read_bytes()


def test_a_wrong_passphrase_exits_1_with_the_uniform_message(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: Path,
    recovery_code: str,
) -> None:
    before = sha256(db)
    monkeypatch.setenv(PASSPHRASE_ENV, PASSPHRASE + "?")
    code, out, err = run(capsys, "--db", str(db), "sessions")
    assert code == 1
    assert out == ""
    assert err == f"circle-facilitator: error: {UNIFORM}\n"
    assert sha256(db) == before
    assert take_failed_unlocks(db) == 1


def test_without_a_terminal_the_passphrase_must_come_from_the_environment(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: Path,
    recovery_code: str,
) -> None:
    monkeypatch.delenv(PASSPHRASE_ENV)
    code, _out, err = run(capsys, "--db", str(db), "sessions")
    assert code == 1
    assert f"set ${PASSPHRASE_ENV}" in err


def test_changing_the_passphrase_leaves_the_store_file_alone(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: Path,
    recovery_code: str,
) -> None:
    before = sha256(db)
    monkeypatch.setenv(NEW_PASSPHRASE_ENV, "a new and longer passphrase")
    code, out, err = run(capsys, "--db", str(db), "passphrase", "change")
    assert code == 0, err
    assert "passphrase is changed" in out
    assert sha256(db) == before
    code, _out, err = run(capsys, "--db", str(db), "sessions")
    assert (code, err) == (1, f"circle-facilitator: error: {UNIFORM}\n")
    monkeypatch.setenv(PASSPHRASE_ENV, "a new and longer passphrase")
    code, out, err = run(capsys, "--db", str(db), "sessions")
    assert code == 0, err
    assert "DEMO-2026-014" in out


def test_the_recovery_code_sets_a_new_passphrase(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    db: Path,
    recovery_code: str,
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "forgotten, whatever it was")
    monkeypatch.setenv(NEW_PASSPHRASE_ENV, "remembered this time")
    typo = ("B" if recovery_code[0] != "B" else "C") + recovery_code[1:]
    monkeypatch.setenv(RECOVERY_CODE_ENV, typo)
    code, _out, err = run(capsys, "--db", str(db), "passphrase", "recover")
    assert code == 1
    assert "typo" in err
    monkeypatch.setenv(RECOVERY_CODE_ENV, recovery_code.lower().replace("-", " "))
    code, _out, err = run(capsys, "--db", str(db), "passphrase", "recover")
    assert code == 0, err
    monkeypatch.setenv(PASSPHRASE_ENV, "remembered this time")
    code, out, err = run(capsys, "--db", str(db), "sessions")
    assert code == 0, err
    assert "DEMO-2026-014" in out


def test_plaintext_is_an_explicit_choice_and_init_never_overwrites(
    capsys: pytest.CaptureFixture[str], db: Path
) -> None:
    code, out, err = run(capsys, "--db", str(db), "init", "--plaintext")
    assert code == 0, err
    assert "NOT encrypted" in out
    assert not is_encrypted_file(db)
    assert not key_file_path(db).exists()
    before = sha256(db)
    code, _out, err = run(capsys, "--db", str(db), "init")
    assert code == 1
    assert "already exists" in err
    assert sha256(db) == before
    code, _out, err = run(capsys, "--db", str(db), "passphrase", "change")
    assert code == 1
    assert "not encrypted" in err


def test_a_short_passphrase_creates_nothing(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, db: Path
) -> None:
    monkeypatch.setenv(PASSPHRASE_ENV, "short")
    code, _out, err = run(capsys, "--db", str(db), "init")
    assert code == 1
    assert "at least 8 characters" in err
    assert list(db.parent.iterdir()) == []


def test_a_server_store_has_no_passphrase(capsys: pytest.CaptureFixture[str]) -> None:
    code, _out, err = run(
        capsys, "--db", "postgresql+psycopg://nobody@127.0.0.1:1/none", "passphrase", "change"
    )
    assert code == 1
    assert "database server" in err
    assert "server's own controls apply" in err
