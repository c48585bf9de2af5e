"""Agreement templates: the built-ins load, broken files are refused with file, key and reason,
agency folders override by id, and placeholders are only ever text."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from facilitator.agreements.substitution import substitute
from facilitator.agreements.template import REQUIRED_CLAUSES
from facilitator.agreements.templates import (
    agreement_template_from_data,
    builtin_agreement_templates_dir,
    load_agreement_template,
    load_agreement_templates,
)
from facilitator.domain.roles import Role
from facilitator.processes.errors import TemplateLoadError


def builtin_text(name: str = "community-conference") -> str:
    return (builtin_agreement_templates_dir() / f"{name}.toml").read_text(encoding="utf-8")


def test_the_four_builtins_load_with_the_required_clauses() -> None:
    loaded = load_agreement_templates(builtin_agreement_templates_dir())
    assert loaded.errors == []
    assert set(loaded.templates) == {
        "community-conference",
        "youth-diversion",
        "school-restorative",
        "dialogue-reparative",
    }
    for template in loaded.templates.values():
        assert {c.id for c in template.clauses} >= set(REQUIRED_CLAUSES)
        assert Role.FACILITATOR in template.signer_roles
    assert Role.GUARDIAN in loaded.templates["youth-diversion"].signer_roles


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_broken_file_names_file_key_and_reason_and_others_still_load(tmp_path: Path) -> None:
    bad = builtin_text().replace('"person_harmed",', '"person_harmd",')
    bad = bad.replace("{case_reference}", "{case_reference.__class__}")
    bad = bad.replace('id = "non_completion"', 'id = "later"')
    write(tmp_path, "bad.toml", bad.replace('id = "community-conference"', 'id = "bad-one"'))
    write(tmp_path, "good.toml", builtin_text("school-restorative"))
    loaded = load_agreement_templates(tmp_path)
    assert list(loaded.templates) == ["school-restorative"]
    messages = [str(e) for e in loaded.errors]
    assert any("bad.toml: signer_roles[0]: unknown role 'person_harmd'" in m for m in messages)
    assert any("did you mean 'person_harmed'" in m for m in messages)
    assert any(
        "bad.toml: introduction: unknown placeholder {case_reference.__class__}" in m
        for m in messages
    )
    assert any(
        "bad.toml: clauses: needs a clause with id = 'non_completion'" in m for m in messages
    )


def test_an_agency_folder_overrides_by_id(tmp_path: Path) -> None:
    text = builtin_text().replace(
        'title = "Community conference agreement"', 'title = "Our neighbourhood agreement"'
    )
    write(tmp_path / "agency", "ours.toml", text)
    loaded = load_agreement_templates(builtin_agreement_templates_dir(), tmp_path / "agency")
    assert loaded.templates["community-conference"].title == "Our neighbourhood agreement"
    assert loaded.sources["community-conference"].parent == tmp_path / "agency"
    assert len(loaded.templates) == 4


def test_not_utf8_or_not_toml_is_reported(tmp_path: Path) -> None:
    (tmp_path / "latin1.toml").write_bytes(b'title = "caf\xe9"')
    write(tmp_path, "broken.toml", "title = ")
    loaded = load_agreement_templates(tmp_path)
    messages = sorted(str(e) for e in loaded.errors)
    assert messages[0].startswith("broken.toml: not valid TOML")
    assert messages[1].startswith("latin1.toml: is not UTF-8 text (byte 0xe9 on line 1)")


def test_substitution_is_text_only_and_single_pass() -> None:
    values = {"parties": "{date} {{x}}", "date": "2026-01-01", "case_reference": "R"}
    assert substitute("{parties} / {date} / {{literal}}", values) == (
        "{date} {{x}} / 2026-01-01 / {literal}"
    )
    assert substitute("{parties.__class__}", values) == "{parties.__class__}"


TOML_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    key=st.sampled_from(
        [
            "schema",
            "id",
            "title",
            "introduction",
            "item_kinds",
            "signer_roles",
            "clauses",
            "description",
            "extra",
        ]
    ),
    value=TOML_VALUES,
)
def test_fuzzed_fields_give_clean_errors(key: str, value: object) -> None:
    data = tomllib.loads(builtin_text())
    data[key] = value
    try:
        template = agreement_template_from_data(data, Path("fuzz.toml"))
    except TemplateLoadError as exc:
        errors = exc.errors
    else:
        assert template.id
        return
    assert errors
    for error in errors:
        assert str(error).startswith("fuzz.toml")
        assert error.reason


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=400))
def test_fuzzed_bytes_never_crash_the_loader(
    tmp_path_factory: pytest.TempPathFactory, raw: bytes
) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "t.toml"
    path.write_bytes(raw)
    with pytest.raises(TemplateLoadError) as caught:
        load_agreement_template(path)
    assert all(str(e).startswith("t.toml") for e in caught.value.errors)
