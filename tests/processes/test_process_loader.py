"""Loading template files: good ones load; each bad one is refused naming file, key and reason.

Each bad file sits in a folder next to a good one, which must still load.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from facilitator.domain.process import Direction, ProcessKind, SpeakingOrder
from facilitator.domain.roles import Role
from facilitator.processes import (
    MAX_FILE_BYTES,
    TemplateError,
    TemplateLoadError,
    builtin_templates_dir,
    load_template,
    load_templates,
)

GOOD = """\
schema = 1
id = "small-circle"
name = "Small circle"
kind = "circle"
speaker_limit_minutes = 2
checklist = ["Consent checked", "Risk assessment done"]

[[phases]]
id = "welcome"
title = "Welcome"
budget_minutes = 5

[[phases]]
id = "talk"
title = "Talk"
budget_minutes = 20

[[phases.rounds]]
id = "first"
title = "First round"
order = "seat"
budget_minutes = 10
question = "How are you?"

[[phases.rounds]]
id = "second"
title = "Second round"
order = "roles"
roles = ["person_responsible", "person_harmed"]
budget_minutes = 10

[phases.rounds.role_questions]
person_harmed = ["What happened for you?", "What do you need?"]
"""


def write(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text, encoding="utf-8")
    return path


def edited(old: str, new: str) -> str:
    """GOOD with exactly one edit (so a typo in a test cannot silently leave GOOD unchanged)."""
    assert GOOD.count(old) == 1, old
    return GOOD.replace(old, new)


def errors_in(path: Path) -> list[TemplateError]:
    with pytest.raises(TemplateLoadError) as caught:
        load_template(path)
    assert str(caught.value) == "\n".join(str(e) for e in caught.value.errors)
    return caught.value.errors


# (case id, file text, key of the error, a fragment of the reason)
BAD_TEMPLATES = [
    ("missing-name", edited('name = "Small circle"\n', ""), "name", "missing"),
    ("missing-kind", edited('kind = "circle"\n', ""), "kind", "missing; one of circle"),
    ("missing-schema", edited("schema = 1\n", ""), "schema", "add schema = 1"),
    ("missing-phases", GOOD[: GOOD.index("[[phases]]")], "phases", "missing"),
    (
        "empty-phases",
        GOOD[: GOOD.index("[[phases]]")] + "phases = []\n",
        "phases",
        "at least one entry",
    ),
    (
        "phase-not-a-table",
        GOOD[: GOOD.index("[[phases]]")] + 'phases = [1, {id = "a", title = "A"}]\n',
        "phases[0]",
        "must be a table (got the integer 1)",
    ),
    (
        "phases-not-an-array",
        GOOD[: GOOD.index("[[phases]]")] + 'phases = "all of them"\n',
        "phases",
        "must be an array [...] (got the string 'all of them')",
    ),
    ("empty-title", edited('title = "Welcome"', 'title = ""'), "phases[0].title", "not be empty"),
    ("missing-round-order", edited('order = "seat"\n', ""), "phases[1].rounds[0].order", "missing"),
    (
        "wrong-type-string",
        edited("budget_minutes = 5", 'budget_minutes = "five"'),
        "phases[0].budget_minutes",
        "must be a number of minutes (got the string 'five')",
    ),
    (
        "bool-is-not-a-number",
        edited("budget_minutes = 5", "budget_minutes = true"),
        "phases[0].budget_minutes",
        "(got true)",
    ),
    (
        "wrong-type-title",
        edited('title = "Talk"', "title = 3"),
        "phases[1].title",
        "must be text in quotes (got the integer 3)",
    ),
    (
        "private-not-bool",
        edited('title = "Talk"', 'title = "Talk"\nprivate = "yes"'),
        "phases[1].private",
        "true or false",
    ),
    (
        "unknown-role",
        edited('"person_responsible", "person_harmed"', '"person_responsible", "victim"'),
        "phases[1].rounds[1].roles[1]",
        "unknown role 'victim'; roles include person_harmed",
    ),
    (
        "misspelt-role",
        edited('"person_responsible", "person_harmed"', '"person_responsble", "person_harmed"'),
        "phases[1].rounds[1].roles[0]",
        "did you mean 'person_responsible'?",
    ),
    (
        "unknown-role-question",
        edited("person_harmed = [", "persn_harmed = ["),
        "phases[1].rounds[1].role_questions.persn_harmed",
        "did you mean 'person_harmed'?",
    ),
    (
        "leading-role-takes-no-turn",
        edited('"person_responsible", "person_harmed"', '"facilitator", "person_harmed"'),
        "phases[1].rounds[1].roles[0]",
        "leads the process",
    ),
    (
        "role-listed-twice",
        edited('"person_responsible", "person_harmed"', '"person_harmed", "person_harmed"'),
        "phases[1].rounds[1].roles[1]",
        "already in the list",
    ),
    (
        "question-for-a-role-that-does-not-speak",
        edited('"person_responsible", "person_harmed"', '"person_responsible"'),
        "phases[1].rounds[1].role_questions.person_harmed",
        "does not speak in this round",
    ),
    (
        "empty-question-list",
        edited('["What happened for you?", "What do you need?"]', "[]"),
        "phases[1].rounds[1].role_questions.person_harmed",
        "at least one question",
    ),
    (
        "unknown-key",
        edited("budget_minutes = 5", "budjet_minutes = 5"),
        "phases[0].budjet_minutes",
        "unknown key; did you mean 'budget_minutes'?",
    ),
    (
        "unknown-key-top",
        edited("schema = 1\n", 'schema = 1\ncolour = "blue"\n'),
        "colour",
        "unknown key; allowed here: schema, id, name",
    ),
    (
        "unknown-kind",
        edited('kind = "circle"', 'kind = "tribunal"'),
        "kind",
        "must be one of circle, conference",
    ),
    (
        "unknown-order",
        edited('order = "seat"', 'order = "sideways"'),
        "phases[1].rounds[0].order",
        "must be one of seat, roles, queue, none (got 'sideways')",
    ),
    (
        "unknown-direction",
        edited("schema = 1\n", 'schema = 1\ndirection = "widdershins"\n'),
        "direction",
        "must be one of clockwise, counterclockwise",
    ),
    (
        "roles-order-without-roles",
        edited('roles = ["person_responsible", "person_harmed"]\n', ""),
        "phases[1].rounds[1].roles",
        'order = "roles" needs the roles',
    ),
    (
        "roles-order-with-empty-roles",
        edited('["person_responsible", "person_harmed"]', "[]"),
        "phases[1].rounds[1].roles",
        "at least one role",
    ),
    (
        "roles-given-for-seat-order",
        edited('order = "seat"', 'order = "seat"\nroles = ["person_harmed"]'),
        "phases[1].rounds[0].roles",
        'only used with order = "roles"',
    ),
    (
        "speaker-limit-with-no-speakers",
        edited('order = "seat"', 'order = "none"\nspeaker_limit_minutes = 1'),
        "phases[1].rounds[0].speaker_limit_minutes",
        "nobody takes a turn",
    ),
    (
        "negative-budget",
        edited("budget_minutes = 20", "budget_minutes = -5"),
        "phases[1].budget_minutes",
        "more than zero",
    ),
    (
        "zero-budget",
        edited("budget_minutes = 20", "budget_minutes = 0"),
        "phases[1].budget_minutes",
        "more than zero",
    ),
    (
        "absurd-budget",
        edited("budget_minutes = 20", "budget_minutes = 1441"),
        "phases[1].budget_minutes",
        "at most 1440 minutes (24 hours)",
    ),
    (
        "budget-not-a-number",
        edited("budget_minutes = 20", "budget_minutes = nan"),
        "phases[1].budget_minutes",
        "finite",
    ),
    (
        "budget-below-a-second",
        edited("speaker_limit_minutes = 2", "speaker_limit_minutes = 0.001"),
        "speaker_limit_minutes",
        "at least one second",
    ),
    (
        "duplicate-phase-id",
        edited('id = "talk"', 'id = "welcome"'),
        "phases[1].id",
        "phase id 'welcome' is already used by phases[0]",
    ),
    (
        "duplicate-round-id",
        edited('id = "second"', 'id = "first"'),
        "phases[1].rounds[1].id",
        "round id 'first' is already used by phases[1].rounds[0]",
    ),
    (
        "id-not-a-slug",
        edited('id = "small-circle"', 'id = "Small Circle"'),
        "id",
        "lowercase letters and digits",
    ),
    ("version-zero", edited("schema = 1\n", "schema = 1\nversion = 0\n"), "version", "at least 1"),
    (
        "unknown-schema",
        edited("schema = 1", "schema = 2"),
        "schema",
        "unknown schema version 2; this version of Circle Facilitator reads schema 1",
    ),
    (
        "text-too-long",
        edited('question = "How are you?"', f'question = "{"a" * 5001}"'),
        "phases[1].rounds[0].question",
        "too long (5,001 characters; at most 5,000)",
    ),
    (
        "title-too-long",
        edited('title = "Talk"', f'title = "{"a" * 201}"'),
        "phases[1].title",
        "too long (201 characters; at most 200)",
    ),
    (
        "title-on-two-lines",
        edited('title = "Talk"', 'title = "Talk\\nmore"'),
        "phases[1].title",
        "on one line",
    ),
    (
        "nul-character",
        edited('question = "How are you?"', 'question = "How\\u0000 are you?"'),
        "phases[1].rounds[0].question",
        "NUL",
    ),
    (
        "private-phase-with-rounds",
        edited('title = "Talk"', 'title = "Talk"\nprivate = true'),
        "phases[1].rounds",
        "a private phase has no rounds",
    ),
    (
        "repeated-checklist-item",
        edited('"Risk assessment done"]', '"Consent checked"]'),
        "checklist[1]",
        "repeats checklist[0]",
    ),
    (
        "bad-toml-syntax",
        edited('name = "Small circle"', "name = "),
        "",
        "not valid TOML: Invalid value (at line 3, column 8)",
    ),
    (
        "deeply-nested",
        edited("checklist", "x = " + "[" * 5000 + "]" * 5000 + "\nchecklist"),
        "",
        "nested too deeply",
    ),
]


@pytest.mark.parametrize(
    ("text", "key", "reason"),
    [case[1:] for case in BAD_TEMPLATES],
    ids=[case[0] for case in BAD_TEMPLATES],
)
def test_bad_template_is_reported_and_the_good_one_still_loads(
    tmp_path: Path, text: str, key: str, reason: str
) -> None:
    good = write(tmp_path, "a-good.toml", GOOD)
    bad = write(tmp_path, "b-bad.toml", text)
    loaded = load_templates(tmp_path)
    assert list(loaded.templates) == ["small-circle"]
    assert loaded.sources == {"small-circle": good}
    assert loaded.errors, "the bad file was accepted"
    assert all(error.path == bad for error in loaded.errors)
    matching = [e for e in loaded.errors if e.key == key and reason in e.reason]
    assert matching, [str(e) for e in loaded.errors]
    assert str(matching[0]).startswith(f"b-bad.toml: {key}: " if key else "b-bad.toml: ")


def test_the_good_template_reads_minutes_as_seconds(tmp_path: Path) -> None:
    template = load_template(write(tmp_path, "x.toml", GOOD))
    assert template.kind is ProcessKind.CIRCLE
    assert template.direction is Direction.CLOCKWISE
    assert template.speaker_limit_seconds == 120
    assert [p.budget_seconds for p in template.phases] == [300, 1200]
    second = template.round_at(1, 1)
    assert second.order is SpeakingOrder.ROLES
    assert second.roles == (Role.PERSON_RESPONSIBLE, Role.PERSON_HARMED)
    assert second.questions_for(Role.PERSON_HARMED) == (
        "What happened for you?",
        "What do you need?",
    )


def test_fractional_minutes_become_whole_seconds(tmp_path: Path) -> None:
    text = edited("budget_minutes = 5", "budget_minutes = 1.5").replace(
        "speaker_limit_minutes = 2", "speaker_limit_minutes = 0.75"
    )
    template = load_template(write(tmp_path, "x.toml", text))
    assert template.phases[0].budget_seconds == 90
    assert template.speaker_limit_seconds == 45


def test_every_problem_in_a_file_is_reported_at_once(tmp_path: Path) -> None:
    text = (
        edited('kind = "circle"', 'kind = "tribunal"')
        .replace('order = "seat"', 'order = "sideways"')
        .replace("budget_minutes = 20", "budget_minutes = -1")
    )
    errors = errors_in(write(tmp_path, "x.toml", text))
    assert [e.key for e in errors] == [
        "kind",
        "phases[1].budget_minutes",
        "phases[1].rounds[0].order",
    ]


def test_an_unknown_schema_is_the_only_error(tmp_path: Path) -> None:
    text = edited("schema = 1", "schema = 7").replace('kind = "circle"', 'kind = "new"')
    errors = errors_in(write(tmp_path, "x.toml", text))
    assert [e.key for e in errors] == ["schema"]


def test_error_message_names_file_key_and_reason(tmp_path: Path) -> None:
    text = GOOD + '\n[[phases]]\nid = "third"\ntitle = "Third"\n\n[[phases.rounds]]\n'
    text += 'id = "only"\ntitle = "Only"\norder = "sideways"\n'
    errors = errors_in(write(tmp_path, "peacemaking-circle.toml", text))
    assert [str(e) for e in errors] == [
        (
            "peacemaking-circle.toml: phases[2].rounds[0].order: "
            "must be one of seat, roles, queue, none (got 'sideways')"
        )
    ]


def test_a_quoted_unknown_key_is_named_as_toml_would_write_it(tmp_path: Path) -> None:
    errors = errors_in(write(tmp_path, "x.toml", edited("schema = 1\n", 'schema = 1\n"a b" = 1\n')))
    assert [e.key for e in errors] == ['"a b"']


def test_a_ten_megabyte_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "huge.toml"
    with path.open("wb") as stream:
        stream.truncate(10 * 1024 * 1024)  # all NUL bytes: parsing it would give another error
    write(tmp_path, "good.toml", GOOD)
    loaded = load_templates(tmp_path)
    assert [str(e) for e in loaded.errors] == [
        "huge.toml: file is 10.0 MB; a template may be at most 1 MB"
    ]
    assert list(loaded.templates) == ["small-circle"]


def test_a_file_of_exactly_the_size_limit_loads(tmp_path: Path) -> None:
    padding = MAX_FILE_BYTES - len(GOOD.encode()) - 1
    path = write(tmp_path, "x.toml", GOOD + "#" * padding + "\n")
    assert path.stat().st_size == MAX_FILE_BYTES
    assert load_template(path).id == "small-circle"
    path.write_text(GOOD + "#" * (padding + 1) + "\n", encoding="utf-8")
    assert [e.reason for e in errors_in(path)] == ["file is 1.0 MB; a template may be at most 1 MB"]


def test_a_file_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    data = GOOD.replace('name = "Small circle"', 'name = "Caf\xe9 circle"').encode("latin-1")
    (tmp_path / "latin.toml").write_bytes(data)
    write(tmp_path, "good.toml", GOOD.replace("small-circle", "other"))
    loaded = load_templates(tmp_path)
    assert [str(e) for e in loaded.errors] == [
        "latin.toml: is not UTF-8 text (byte 0xe9 on line 3); save the file with UTF-8 encoding"
    ]
    assert list(loaded.templates) == ["other"]


def test_a_utf8_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.toml"
    path.write_bytes(b"\xef\xbb\xbf" + GOOD.encode())
    assert load_template(path).id == "small-circle"


def test_placeholders_stay_plain_text(tmp_path: Path) -> None:
    question = "{__import__('os').getcwd()} ${HOME} %(name)s {0}"
    text = edited('question = "How are you?"', f"question = {question!r}")
    template = load_template(write(tmp_path, "x.toml", text))
    assert template.round_at(1, 0).question == question


def test_multi_line_text_is_reflowed_into_paragraphs_and_list_items(tmp_path: Path) -> None:
    guidance = '''"""
  First paragraph written
  across two lines.

  A list:
  - one item
    that wraps;
  - another item.
"""'''
    text = edited('title = "Welcome"', f'title = "Welcome"\nguidance = {guidance}')
    template = load_template(write(tmp_path, "x.toml", text))
    assert template.phases[0].guidance == (
        "First paragraph written across two lines.\n\n"
        "A list:\n- one item that wraps;\n- another item."
    )


def test_a_later_folder_overrides_a_builtin_with_the_same_id(tmp_path: Path) -> None:
    ours = GOOD.replace('id = "small-circle"', 'id = "peacemaking-circle"').replace(
        "Small circle", "Our circle"
    )
    override = write(tmp_path, "circle.toml", ours)
    loaded = load_templates(builtin_templates_dir(), tmp_path)
    assert loaded.errors == []
    assert loaded.templates["peacemaking-circle"].name == "Our circle"
    assert loaded.sources["peacemaking-circle"] == override
    assert len(loaded.templates) == 6


def test_a_bad_override_keeps_the_builtin_and_is_reported(tmp_path: Path) -> None:
    bad = GOOD.replace('id = "small-circle"', 'id = "peacemaking-circle"').replace(
        'kind = "circle"', 'kind = "nonsense"'
    )
    write(tmp_path, "circle.toml", bad)
    loaded = load_templates(builtin_templates_dir(), tmp_path)
    assert [e.key for e in loaded.errors] == ["kind"]
    assert loaded.templates["peacemaking-circle"].name == "Peacemaking circle"
    assert loaded.sources["peacemaking-circle"].parent == builtin_templates_dir()


def test_a_duplicate_id_in_one_folder_is_reported_for_the_second_file(tmp_path: Path) -> None:
    first = write(tmp_path, "a.toml", GOOD)
    write(tmp_path, "b.toml", GOOD.replace("Small circle", "Copy"))
    loaded = load_templates(tmp_path)
    assert [str(e) for e in loaded.errors] == [
        (
            "b.toml: id: 'small-circle' is already the id of a.toml in this folder; "
            "this file was skipped"
        )
    ]
    assert loaded.sources == {"small-circle": first}


def test_templates_are_ordered_by_name(tmp_path: Path) -> None:
    for file_name, ident, name in [("1.toml", "z", "beta"), ("2.toml", "y", "Alpha")]:
        write(
            tmp_path, file_name, GOOD.replace("small-circle", ident).replace("Small circle", name)
        )
    assert list(load_templates(tmp_path).templates) == ["y", "z"]


def test_only_visible_toml_files_are_read(tmp_path: Path) -> None:
    write(tmp_path, "good.toml", GOOD)
    write(tmp_path, ".#good.toml", "not toml at all")
    write(tmp_path, "notes.txt", "not toml at all")
    loaded = load_templates(tmp_path)
    assert loaded.errors == []
    assert list(loaded.templates) == ["small-circle"]


def test_a_missing_folder_is_reported(tmp_path: Path) -> None:
    loaded = load_templates(tmp_path / "nowhere", builtin_templates_dir())
    assert [(e.path.name, e.reason) for e in loaded.errors] == [("nowhere", "folder not found")]
    assert len(loaded.templates) == 6


def test_a_folder_named_like_a_template_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "odd.toml").mkdir()
    assert [e.reason for e in errors_in(tmp_path / "odd.toml")] == ["is not a regular file"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs named pipes")
def test_a_named_pipe_is_refused_without_blocking(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.toml")
    assert [e.reason for e in errors_in(tmp_path / "pipe.toml")] == ["is not a regular file"]
