"""Load agreement templates from TOML, refusing bad files with every problem named.

The format (``docs/agreements.md``) and the checks follow the process templates
(:mod:`facilitator.processes`), reusing their typed field readers: an error names the file, the
key and the reason, and a folder loads every good file even when others are bad. A folder in the
user data directory overrides the built-ins by id, so an agency needs no code to add its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import platformdirs

from facilitator.agreements.model import Clause, ItemKind
from facilitator.agreements.substitution import placeholder_problems
from facilitator.agreements.template import REQUIRED_CLAUSES, AgreementTemplate
from facilitator.domain.roles import Role
from facilitator.processes.errors import TemplateError, TemplateLoadError
from facilitator.processes.fields import Problems, Table, check_role, describe, suggestion
from facilitator.processes.loader import parse_toml_file

#: The file format this app reads.
SCHEMA_VERSION = 1
#: Largest template file accepted; real ones are a few kilobytes.
MAX_FILE_BYTES = 256 * 1024
#: The app's folder name under the user data directory (the store lives there too).
APP_DIR_NAME = "circle-facilitator"

_TOP_KEYS = (
    "schema",
    "id",
    "title",
    "description",
    "introduction",
    "item_kinds",
    "signer_roles",
    "clauses",
)
_CLAUSE_KEYS = ("id", "title", "text")


@dataclass(frozen=True, slots=True)
class AgreementTemplateSet:
    """The agreement templates found, and the problems with the files that failed.

    Attributes:
        templates: Template id -> template, ordered by title.
        errors: Every problem found, file by file.
        sources: Template id -> the file it came from.
    """

    templates: dict[str, AgreementTemplate] = field(default_factory=dict)
    errors: list[TemplateError] = field(default_factory=list)
    sources: dict[str, Path] = field(default_factory=dict)


def builtin_agreement_templates_dir() -> Path:
    """The built-in templates: ``templates/agreements`` at the root of the project."""
    return Path(__file__).resolve().parents[2] / "templates" / "agreements"


def agency_agreement_templates_dir() -> Path:
    """Where an agency drops its own agreement templates (may not exist)."""
    data_dir = Path(platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False))
    return data_dir / "templates" / "agreements"


def load_agreement_templates(*directories: Path) -> AgreementTemplateSet:
    """Load every ``*.toml`` in each folder; a later folder's template replaces one by id.

    With no folder given, loads the built-ins then the agency folder (if it exists).
    """
    if not directories:
        agency = agency_agreement_templates_dir()
        directories = (builtin_agreement_templates_dir(), *([agency] if agency.is_dir() else []))
    templates: dict[str, AgreementTemplate] = {}
    sources: dict[str, Path] = {}
    errors: list[TemplateError] = []
    for directory in directories:
        seen_here: dict[str, Path] = {}
        try:
            files = sorted(
                p for p in directory.iterdir() if p.suffix == ".toml" and not p.name.startswith(".")
            )
        except OSError as exc:
            errors.append(TemplateError(directory, "", f"folder cannot be read ({exc.strerror})"))
            continue
        for path in files:
            try:
                template = load_agreement_template(path)
            except TemplateLoadError as exc:
                errors.extend(exc.errors)
                continue
            if template.id in seen_here:
                reason = f"'{template.id}' is already the id of {seen_here[template.id].name}"
                errors.append(TemplateError(path, "id", f"{reason}; this file was skipped"))
                continue
            seen_here[template.id] = path
            templates[template.id] = template
            sources[template.id] = path
    ordered = sorted(templates.values(), key=lambda t: (t.title.casefold(), t.id))
    return AgreementTemplateSet(
        templates={t.id: t for t in ordered},
        errors=errors,
        sources={t.id: sources[t.id] for t in ordered},
    )


def load_agreement_template(path: Path) -> AgreementTemplate:
    """Load and check one agreement template file.

    Raises:
        TemplateLoadError: with every problem found.
    """
    return agreement_template_from_data(parse_toml_file(path, MAX_FILE_BYTES), path)


def agreement_template_from_data(data: object, path: Path) -> AgreementTemplate:
    """Check parsed template data and build the template.

    Raises:
        TemplateLoadError: with every problem found.
    """
    problems = Problems(path)
    if not isinstance(data, Mapping):
        problems.add("", f"must be a table (got {describe(data)})")
        raise TemplateLoadError(problems.errors)
    top = Table(data, "", problems, _TOP_KEYS)
    _check_schema(top)
    template = AgreementTemplate(
        id=top.ident("id"),
        title=top.text("title", required=True),
        description=top.text("description", long=True),
        introduction=_introduction(top),
        clauses=_clauses(top),
        item_kinds=_item_kinds(top),
        signer_roles=_signer_roles(top),
    )
    if problems.errors:
        raise TemplateLoadError(problems.errors)
    return template


def _check_schema(top: Table) -> None:
    if not top.has("schema"):
        top.problems.add("schema", f"missing; write schema = {SCHEMA_VERSION}")
        return
    value = top.data["schema"]
    if value != SCHEMA_VERSION or isinstance(value, bool):
        top.problems.add(
            "schema", f"this app reads schema {SCHEMA_VERSION} (got {describe(value)})"
        )


def _introduction(top: Table) -> str:
    text = top.text("introduction", required=True, long=True)
    for reason in placeholder_problems(text):
        top.problems.add("introduction", reason)
    return text


def _clauses(top: Table) -> tuple[Clause, ...]:
    clauses: list[Clause] = []
    seen: set[str] = set()
    for where, data in top.tables("clauses", required=True):
        table = Table(data, where, top.problems, _CLAUSE_KEYS)
        clause = Clause(
            id=table.ident("id"),
            title=table.text("title", required=True),
            text=table.text("text", required=True, long=True),
        )
        for reason in placeholder_problems(clause.text, ()):
            top.problems.add(table.key("text"), reason)
        if clause.id and clause.id in seen:
            top.problems.add(table.key("id"), f"'{clause.id}' is used by an earlier clause")
        seen.add(clause.id)
        clauses.append(clause)
    if top.has("clauses"):
        for needed in REQUIRED_CLAUSES:
            if needed not in seen:
                top.problems.add("clauses", f"needs a clause with id = '{needed}'")
    return tuple(clauses)


def _item_kinds(top: Table) -> frozenset[ItemKind]:
    values = _string_list(top, "item_kinds")
    kinds: set[ItemKind] = set()
    names = [k.value for k in ItemKind]
    for index, value in enumerate(values):
        key = f"{top.key('item_kinds')}[{index}]"
        if not isinstance(value, str):
            top.problems.add(key, f"must be an item kind in quotes (got {describe(value)})")
        elif value not in names:
            hint = suggestion(value, names) or f"; kinds are {', '.join(names)}"
            top.problems.add(key, f"unknown item kind {value[:40]!r}{hint}")
        else:
            kinds.add(ItemKind(value))
    return frozenset(kinds)


def _signer_roles(top: Table) -> tuple[Role, ...]:
    roles: list[Role] = []
    for index, value in enumerate(_string_list(top, "signer_roles")):
        role = check_role(value, f"{top.key('signer_roles')}[{index}]", top.problems)
        if role is not None and role not in roles:
            roles.append(role)
    if top.has("signer_roles") and Role.FACILITATOR not in roles and roles:
        top.problems.add("signer_roles", "must include 'facilitator' (the facilitator signs last)")
    return tuple(roles)


def _string_list(top: Table, name: str) -> list[Any]:
    if not top.has(name):
        top.problems.add(name, "missing")
        return []
    values = top.array(name)
    if values is not None and not values:
        top.problems.add(name, "must name at least one")
    return values or []
