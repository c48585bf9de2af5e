"""The key file: the data key comes back only with the right passphrase or recovery code."""

from __future__ import annotations

import base64
import json
import stat
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from facilitator.security.keyfile import (
    DATA_KEY_BYTES,
    KdfParams,
    RecoveryCodeError,
    WeakPassphrase,
    WrongSecret,
    change_passphrase,
    check_passphrase,
    create_key_file,
    failures_file_path,
    format_recovery_code,
    has_key_file,
    key_file_path,
    parse_recovery_code,
    record_failed_unlock,
    take_failed_unlocks,
    unlock,
    unlock_with_recovery,
)

FAST = KdfParams.fast_for_tests()
PASSPHRASE = "quiet river under the bridge"
UNIFORM = "That passphrase or recovery key does not open this store."


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store.sqlite3"


@pytest.fixture
def made(db: Path) -> tuple[bytes, str]:
    return create_key_file(db, PASSPHRASE, params=FAST)


def test_round_trip_with_passphrase_and_recovery_code(db: Path, made: tuple[bytes, str]) -> None:
    key, code = made
    assert len(key) == DATA_KEY_BYTES
    assert has_key_file(db)
    assert unlock(db, PASSPHRASE) == key
    assert unlock_with_recovery(db, code) == key
    # Spaces instead of dashes, lower case, and look-alike digits are all accepted.
    typed = code.replace("-", " ").lower().replace("o", "0").replace("i", "1")
    assert unlock_with_recovery(db, typed) == key


def test_two_stores_get_different_keys_and_codes(tmp_path: Path) -> None:
    a = create_key_file(tmp_path / "a.sqlite3", PASSPHRASE, params=FAST)
    b = create_key_file(tmp_path / "b.sqlite3", PASSPHRASE, params=FAST)
    assert a[0] != b[0]
    assert a[1] != b[1]
    with pytest.raises(WrongSecret):
        unlock_with_recovery(tmp_path / "a.sqlite3", b[1])


def test_a_wrong_passphrase_gets_the_uniform_message(db: Path, made: tuple[bytes, str]) -> None:
    with pytest.raises(WrongSecret) as caught:
        unlock(db, PASSPHRASE + "!")
    assert str(caught.value) == UNIFORM


def test_a_thousand_wrong_passphrases_open_nothing(db: Path, made: tuple[bytes, str]) -> None:
    key, _code = made
    opened = 0
    wrong_ones = [PASSPHRASE[:-1], PASSPHRASE.upper(), PASSPHRASE + " ", ""]
    wrong_ones += [f"{PASSPHRASE[:-3]}{i:03d}" for i in range(1000 - len(wrong_ones))]
    for attempt in wrong_ones:
        try:
            unlock(db, attempt)
        except WrongSecret:
            continue
        opened += 1
    assert len(wrong_ones) == 1000
    assert opened == 0
    assert unlock(db, PASSPHRASE) == key


@pytest.mark.parametrize("position", [0, 5, 17, 30, 55])
def test_a_typo_in_the_recovery_code_is_caught_before_trying(
    db: Path, made: tuple[bytes, str], position: int
) -> None:
    _key, code = made
    letters = code.replace("-", "")
    replacement = "A" if letters[position] != "A" else "B"
    typo = letters[:position] + replacement + letters[position + 1 :]
    with pytest.raises(RecoveryCodeError, match="typo"):
        unlock_with_recovery(db, typo)


def test_swapped_groups_and_wrong_lengths_are_caught(made: tuple[bytes, str]) -> None:
    _key, code = made
    groups = code.split("-")
    swapped = "-".join([groups[1], groups[0], *groups[2:]])
    with pytest.raises(RecoveryCodeError, match="typo"):
        parse_recovery_code(swapped)
    with pytest.raises(RecoveryCodeError, match="has 52"):
        parse_recovery_code("-".join(groups[:-1]))
    with pytest.raises(RecoveryCodeError, match="character"):
        parse_recovery_code(code[:-1] + "9")


def test_recovery_code_format_is_groups_of_four() -> None:
    secret = bytes(range(32))
    code = format_recovery_code(secret)
    groups = code.split("-")
    assert len(groups) == 14
    assert all(len(g) == 4 and g.isalnum() and g.isupper() for g in groups)
    assert parse_recovery_code(code) == secret


def test_changing_the_passphrase_rewraps_only(db: Path, made: tuple[bytes, str]) -> None:
    key, code = made
    change_passphrase(db, key, "a completely new passphrase", params=FAST)
    with pytest.raises(WrongSecret):
        unlock(db, PASSPHRASE)
    assert unlock(db, "a completely new passphrase") == key
    assert unlock_with_recovery(db, code) == key


def test_changing_the_passphrase_needs_this_stores_key(db: Path, made: tuple[bytes, str]) -> None:
    before = key_file_path(db).read_bytes()
    with pytest.raises(WrongSecret):
        change_passphrase(db, bytes(32), "a completely new passphrase", params=FAST)
    assert key_file_path(db).read_bytes() == before


def _document(db: Path) -> dict[str, object]:
    loaded: dict[str, object] = json.loads(key_file_path(db).read_text(encoding="utf-8"))
    return loaded


def _rewrite(db: Path, document: object) -> None:
    key_file_path(db).write_text(json.dumps(document), encoding="utf-8")


def _flip_b64(text: str) -> str:
    raw = bytearray(base64.b64decode(text))
    raw[len(raw) // 2] ^= 0x01
    return base64.b64encode(bytes(raw)).decode("ascii")


@pytest.mark.parametrize(
    "damage",
    [
        "not json",
        "truncated",
        "flipped wrapped key",
        "flipped salt",
        "flipped nonce",
        "edited iterations",
        "absurd memory cost",
        "swapped wraps",
        "other version",
        "edited key check",
    ],
)
def test_a_damaged_key_file_gets_the_same_message(
    db: Path, made: tuple[bytes, str], damage: str
) -> None:
    _key, code = made
    document = _document(db)
    wraps = document["wraps"]
    assert isinstance(wraps, dict)
    if damage == "not json":
        key_file_path(db).write_bytes(b"\x00garbage")
    elif damage == "truncated":
        key_file_path(db).write_bytes(key_file_path(db).read_bytes()[:100])
    else:
        if damage == "flipped wrapped key":
            wraps["passphrase"]["wrapped_key"] = _flip_b64(wraps["passphrase"]["wrapped_key"])
            wraps["recovery"]["wrapped_key"] = _flip_b64(wraps["recovery"]["wrapped_key"])
        elif damage == "flipped salt":
            wraps["passphrase"]["salt"] = _flip_b64(wraps["passphrase"]["salt"])
            wraps["recovery"]["salt"] = _flip_b64(wraps["recovery"]["salt"])
        elif damage == "flipped nonce":
            wraps["passphrase"]["nonce"] = _flip_b64(wraps["passphrase"]["nonce"])
            wraps["recovery"]["nonce"] = _flip_b64(wraps["recovery"]["nonce"])
        elif damage == "edited iterations":
            wraps["passphrase"]["iterations"] += 1
            wraps["recovery"]["kdf"] = "argon2id"
        elif damage == "absurd memory cost":
            wraps["passphrase"]["memory_kib"] = 2**40
            wraps["recovery"]["salt"] = _flip_b64(wraps["recovery"]["salt"])
        elif damage == "swapped wraps":
            wraps["passphrase"], wraps["recovery"] = wraps["recovery"], wraps["passphrase"]
        elif damage == "other version":
            document["version"] = 2
        elif damage == "edited key check":
            document["key_check"] = _flip_b64(str(document["key_check"]))
        _rewrite(db, document)
    with pytest.raises(WrongSecret) as by_passphrase:
        unlock(db, PASSPHRASE)
    with pytest.raises(WrongSecret) as by_code:
        unlock_with_recovery(db, code)
    assert str(by_passphrase.value) == str(by_code.value) == UNIFORM


def test_a_missing_key_file_gets_the_same_message(tmp_path: Path) -> None:
    with pytest.raises(WrongSecret, match=UNIFORM):
        unlock(tmp_path / "none.sqlite3", PASSPHRASE)


def test_the_key_file_holds_no_secret_in_the_clear(db: Path, made: tuple[bytes, str]) -> None:
    key, code = made
    raw = key_file_path(db).read_bytes()
    for secret in (key, key.hex().encode(), base64.b64encode(key), PASSPHRASE.encode()):
        assert secret not in raw
    secret = parse_recovery_code(code)
    for form in (code.encode(), secret, base64.b64encode(secret), secret.hex().encode()):
        assert form not in raw
    # Parameters, salts and nonces are stored with each wrap.
    wraps = _document(db)["wraps"]
    assert isinstance(wraps, dict)
    assert {"memory_kib", "iterations", "lanes", "salt", "nonce"} <= set(wraps["passphrase"])
    assert {"salt", "nonce"} <= set(wraps["recovery"])


def test_the_key_file_is_private_and_written_whole(db: Path, made: tuple[bytes, str]) -> None:
    key, _code = made
    mode = stat.S_IMODE(key_file_path(db).stat().st_mode)
    assert mode == 0o600
    change_passphrase(db, key, "another fine passphrase", params=FAST)
    assert stat.S_IMODE(key_file_path(db).stat().st_mode) == 0o600
    # Nothing but the key file itself: no temporary part left behind.
    assert sorted(p.name for p in db.parent.iterdir()) == [key_file_path(db).name]
    assert key_file_path(db).name == "store.sqlite3.keys.json"


def test_an_existing_key_file_is_never_replaced(db: Path, made: tuple[bytes, str]) -> None:
    before = key_file_path(db).read_bytes()
    with pytest.raises(FileExistsError):
        create_key_file(db, PASSPHRASE, params=FAST)
    assert key_file_path(db).read_bytes() == before


@pytest.mark.parametrize("weak", ["", "        ", "short", "  seven7  "])
def test_short_passphrases_are_refused(db: Path, weak: str) -> None:
    with pytest.raises(WeakPassphrase):
        create_key_file(db, weak, params=FAST)
    assert not key_file_path(db).exists()


def test_eight_characters_are_enough() -> None:
    check_passphrase("eight ch")
    check_passphrase("日本語のパスフレーズ")


def test_the_passphrase_matches_however_its_accents_are_composed(db: Path) -> None:
    composed = unicodedata.normalize("NFC", "Ngày mưa ở Huế")
    decomposed = unicodedata.normalize("NFD", composed)
    assert composed != decomposed
    key, _code = create_key_file(db, composed, params=FAST)
    assert unlock(db, decomposed) == key


def test_failed_unlocks_are_counted_then_taken(db: Path, made: tuple[bytes, str]) -> None:
    assert take_failed_unlocks(db) == 0
    for _ in range(3):
        record_failed_unlock(db)
    assert stat.S_IMODE(failures_file_path(db).stat().st_mode) == 0o600
    assert failures_file_path(db).read_text(encoding="ascii").strip() == "3"
    assert take_failed_unlocks(db) == 3
    assert take_failed_unlocks(db) == 0
    assert not failures_file_path(db).exists()


def test_default_parameters_are_memory_hard() -> None:
    default = KdfParams.default()
    assert default.memory_kib >= 64 * 1024
    assert default.iterations >= 1
    assert FAST.memory_kib < default.memory_kib


@given(st.binary(min_size=32, max_size=32))
def test_every_recovery_secret_round_trips_through_its_printed_form(secret: bytes) -> None:
    code = format_recovery_code(secret)
    assert parse_recovery_code(code) == secret
    assert parse_recovery_code(code.lower().replace("-", "  ")) == secret


@given(st.binary(min_size=32, max_size=32), st.integers(0, 55), st.integers(1, 31))
def test_one_wrong_character_is_always_caught(secret: bytes, position: int, shift: int) -> None:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
    letters = format_recovery_code(secret).replace("-", "")
    wrong = alphabet[(alphabet.index(letters[position]) + shift) % 32]
    typo = letters[:position] + wrong + letters[position + 1 :]
    with pytest.raises(RecoveryCodeError):
        parse_recovery_code(typo)
