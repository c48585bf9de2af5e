"""Schema 1 of a process template file: which keys go where, and the rules between them.

``docs/process-templates.md`` describes the same schema for the people who write templates; keep
the two in step. Durations are minutes in the file (people edit them) and seconds in the domain.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from facilitator.domain.process import (
    Direction,
    PhaseTemplate,
    ProcessKind,
    ProcessTemplate,
    RoundTemplate,
    SpeakingOrder,
)
from facilitator.domain.roles import Role
from facilitator.processes.fields import (
    Problems,
    Table,
    check_role,
    check_speaking_role,
    check_text,
    describe,
    join_key,
)

#: The schema version this code reads; a file states it as ``schema = 1``.
SCHEMA_VERSION = 1

TEMPLATE_KEYS = (
    "schema",
    "id",
    "name",
    "kind",
    "description",
    "version",
    "direction",
    "speaker_limit_minutes",
    "checklist",
    "phases",
)
PHASE_KEYS = ("id", "title", "guidance", "budget_minutes", "private", "rounds")
ROUND_KEYS = (
    "id",
    "title",
    "order",
    "roles",
    "question",
    "role_questions",
    "budget_minutes",
    "speaker_limit_minutes",
)


def read_template(data: object, problems: Problems) -> ProcessTemplate:
    """Read a whole template from parsed TOML.

    Args:
        data: What ``tomllib`` returned (or any other value: nothing is assumed about it).
        problems: Receives every problem found.

    Returns:
        The template; meaningless (placeholders) if ``problems`` received anything.
    """
    if not isinstance(data, Mapping):
        problems.add("", f"must hold a table of keys (got {describe(data)})")
        return _placeholder()
    if not _schema_is_readable(data, problems):
        return _placeholder()
    top = Table(data, "", problems, TEMPLATE_KEYS)
    # Read in file order, so the problems are listed the way the file reads.
    ident = top.ident("id")
    name = top.text("name", required=True)
    kind = top.choice("kind", ProcessKind, required=True) or ProcessKind.CIRCLE
    description = top.text("description", long=True)
    version = top.integer("version", default=1, minimum=1)
    direction = top.choice("direction", Direction) or Direction.CLOCKWISE
    speaker_limit = top.minutes("speaker_limit_minutes")
    checklist = _read_checklist(top)
    return ProcessTemplate(
        id=ident,
        name=name,
        kind=kind,
        description=description,
        version=version,
        direction=direction,
        speaker_limit_seconds=speaker_limit,
        checklist=checklist,
        phases=_read_phases(top),
    )


def _schema_is_readable(data: Mapping[str, Any], problems: Problems) -> bool:
    """Check ``schema``; a file from a newer schema is refused with that one message only."""
    if "schema" not in data:
        problems.add("schema", f"missing; add schema = {SCHEMA_VERSION} at the top of the file")
        return True
    schema = data["schema"]
    if isinstance(schema, bool) or not isinstance(schema, int):
        problems.add("schema", f"must be the number {SCHEMA_VERSION} (got {describe(schema)})")
        return True
    if schema != SCHEMA_VERSION:
        problems.add(
            "schema",
            f"unknown schema version {schema if abs(schema) < 10**9 else '(huge)'}; this version "
            f"of Circle Facilitator reads schema {SCHEMA_VERSION}",
        )
        return False
    return True


def _read_checklist(top: Table) -> tuple[str, ...]:
    items = top.array("checklist") or []
    checklist: list[str] = []
    first_seen: dict[str, int] = {}
    for index, item in enumerate(items):
        key = f"{top.key('checklist')}[{index}]"
        text = check_text(item, key, top.problems, long=True)
        if text is None:
            continue
        if not text:
            top.problems.add(key, "must not be empty")
        elif text in first_seen:
            # A session stores ticks keyed by item text, so two equal items would be one tick.
            top.problems.add(key, f"repeats checklist[{first_seen[text]}]")
        else:
            first_seen[text] = index
            checklist.append(text)
    return tuple(checklist)


def _read_phases(top: Table) -> tuple[PhaseTemplate, ...]:
    phases: list[PhaseTemplate] = []
    first_seen: dict[str, str] = {}
    for where, data in top.tables("phases", required=True):
        phase = _read_phase(Table(data, where, top.problems, PHASE_KEYS))
        _check_unique(phase.id, f"{where}.id", first_seen, "phase", top.problems)
        phases.append(phase)
    return tuple(phases)


def _read_phase(table: Table) -> PhaseTemplate:
    ident = table.ident("id")
    title = table.text("title", required=True)
    guidance = table.text("guidance", long=True)
    budget = table.minutes("budget_minutes")
    private = table.flag("private")
    found = table.tables("rounds", required=False)
    if private and found:
        # Family time: the family meets alone and the session is paused, so nobody takes turns.
        table.problems.add(table.key("rounds"), "a private phase has no rounds; remove them")
    rounds: list[RoundTemplate] = []
    first_seen: dict[str, str] = {}
    for where, data in found:
        round_ = _read_round(Table(data, where, table.problems, ROUND_KEYS))
        _check_unique(round_.id, f"{where}.id", first_seen, "round", table.problems)
        rounds.append(round_)
    return PhaseTemplate(
        id=ident,
        title=title,
        guidance=guidance,
        budget_seconds=budget,
        private=private,
        rounds=tuple(rounds),
    )


def _read_round(table: Table) -> RoundTemplate:
    ident = table.ident("id")
    title = table.text("title", required=True)
    order = table.choice("order", SpeakingOrder, required=True)
    roles = _read_roles(table, order)
    question = table.text("question", long=True)
    role_questions = _read_role_questions(table, order, roles)
    budget = table.minutes("budget_minutes")
    if order is SpeakingOrder.NONE and table.has("speaker_limit_minutes"):
        table.problems.add(
            table.key("speaker_limit_minutes"),
            'nobody takes a turn when order = "none"; remove it',
        )
    return RoundTemplate(
        id=ident,
        title=title,
        order=order or SpeakingOrder.NONE,
        question=question,
        role_questions=role_questions,
        roles=roles,
        budget_seconds=budget,
        speaker_limit_seconds=table.minutes("speaker_limit_minutes"),
    )


def _read_roles(table: Table, order: SpeakingOrder | None) -> tuple[Role, ...]:
    """Read ``roles``: the speaking order, given exactly when ``order = "roles"``."""
    key = table.key("roles")
    if not table.has("roles"):
        if order is SpeakingOrder.ROLES:
            table.problems.add(key, 'missing; order = "roles" needs the roles in speaking order')
        return ()
    if order is not None and order is not SpeakingOrder.ROLES:
        table.problems.add(key, f'only used with order = "roles" (this round has "{order}")')
    values = table.array("roles")
    if values is None:
        return ()
    if not values and order is SpeakingOrder.ROLES:
        table.problems.add(key, 'must list at least one role when order = "roles"')
    roles: list[Role] = []
    for index, value in enumerate(values):
        item_key = f"{key}[{index}]"
        role = check_role(value, item_key, table.problems)
        if role is None or not check_speaking_role(role, item_key, table.problems):
            continue
        if role in roles:
            table.problems.add(item_key, f"'{role.value}' is already in the list")
            continue
        roles.append(role)
    return tuple(roles)


def _read_role_questions(
    table: Table, order: SpeakingOrder | None, roles: tuple[Role, ...]
) -> dict[Role, tuple[str, ...]]:
    """Read ``role_questions``: for each role, one question or an ordered array of them."""
    data = table.subtable("role_questions")
    if data is None:
        return {}
    prefix = table.key("role_questions")
    if order is SpeakingOrder.NONE:
        table.problems.add(prefix, 'nobody takes a turn when order = "none"; remove them')
    found: dict[Role, tuple[str, ...]] = {}
    for name, value in data.items():
        key = join_key(prefix, str(name))
        role = check_role(name, key, table.problems)
        if role is None or not check_speaking_role(role, key, table.problems):
            continue
        if order is SpeakingOrder.ROLES and roles and role not in roles:
            listed = ", ".join(r.value for r in roles)
            table.problems.add(
                key, f"'{role.value}' does not speak in this round (roles: {listed})"
            )
        questions = _read_questions(value, key, table.problems)
        if questions:
            found[role] = questions
    return found


def _read_questions(value: object, key: str, problems: Problems) -> tuple[str, ...]:
    items = value if isinstance(value, list) else [value]
    if isinstance(value, list) and not value:
        problems.add(key, "must hold at least one question; or leave this role out")
    questions: list[str] = []
    for index, item in enumerate(items):
        item_key = f"{key}[{index}]" if isinstance(value, list) else key
        text = check_text(item, item_key, problems, long=True)
        if text == "":
            problems.add(item_key, "must not be empty")
        elif text is not None:
            questions.append(text)
    return tuple(questions)


def _check_unique(
    ident: str, key: str, first_seen: dict[str, str], what: str, problems: Problems
) -> None:
    if not ident:
        return  # already reported as missing or malformed
    if ident in first_seen:
        problems.add(key, f"{what} id '{ident}' is already used by {first_seen[ident]}")
    else:
        first_seen[ident] = key.removesuffix(".id")


def _placeholder() -> ProcessTemplate:
    return ProcessTemplate(id="", name="", kind=ProcessKind.CIRCLE, phases=())
