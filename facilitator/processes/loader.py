"""Load process templates from TOML files, refusing bad files with every problem named.

A file is checked in order: its size (before anything is read into memory), its encoding, its TOML
syntax, then the schema (:mod:`facilitator.processes.schema`). A folder of templates loads every
good file even when others are bad, so one typo in an agency's file never hides the built-ins.
"""

from __future__ import annotations

import stat
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from facilitator.domain.process import ProcessTemplate
from facilitator.processes.errors import TemplateError, TemplateLoadError
from facilitator.processes.fields import Problems
from facilitator.processes.schema import read_template

#: Largest template file accepted. Real templates are a few kilobytes; anything near this is a
#: mistake (a wrong file renamed) and would only slow the app down.
MAX_FILE_BYTES = 1024 * 1024

_MEGABYTE = 1024 * 1024


@dataclass(frozen=True, slots=True)
class TemplateSet:
    """The templates found in one or more folders, and the problems with the files that failed.

    Attributes:
        templates: Template id -> template, ordered by template name.
        errors: Every problem found, file by file.
        sources: Template id -> the file it was loaded from (an override shows its own file).
    """

    templates: dict[str, ProcessTemplate] = field(default_factory=dict)
    errors: list[TemplateError] = field(default_factory=list)
    sources: dict[str, Path] = field(default_factory=dict)


def builtin_templates_dir() -> Path:
    """The folder of built-in templates: ``templates/processes`` at the root of the project."""
    return Path(__file__).resolve().parents[2] / "templates" / "processes"


def load_template(path: Path) -> ProcessTemplate:
    """Load and check one template file.

    Args:
        path: A ``.toml`` file following schema 1 (``docs/process-templates.md``).

    Returns:
        The template, with durations in seconds.

    Raises:
        TemplateLoadError: With every problem found in the file.
    """
    return template_from_data(parse_toml_file(path), path)


def parse_toml_file(path: Path, max_bytes: int = MAX_FILE_BYTES) -> object:
    """Read a template file and parse its TOML; every template kind loads its files so.

    Args:
        path: The file.
        max_bytes: Larger files are refused before they are read whole.

    Raises:
        TemplateLoadError: the file is not a regular file, too large, not UTF-8 or not TOML.
    """
    problems = Problems(path)
    text = _read_text(path, problems, max_bytes)
    if text is None:
        raise TemplateLoadError(problems.errors)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        problems.add("", f"not valid TOML: {exc}")
        raise TemplateLoadError(problems.errors) from None
    except RecursionError:
        # tomllib recurses once per nesting level; a hostile file can nest deeper than the stack.
        problems.add("", "not valid TOML: arrays or tables are nested too deeply")
        raise TemplateLoadError(problems.errors) from None


def template_from_data(data: object, path: Path) -> ProcessTemplate:
    """Check already-parsed template data (what ``tomllib`` returns) and build the template.

    Args:
        data: The parsed file; any value is accepted and checked, nothing is assumed.
        path: The file it came from, named in the errors.

    Returns:
        The template, with durations in seconds.

    Raises:
        TemplateLoadError: With every problem found.
    """
    problems = Problems(path)
    template = read_template(data, problems)
    if problems.errors:
        raise TemplateLoadError(problems.errors)
    return template


def load_templates(*directories: Path) -> TemplateSet:
    """Load every ``*.toml`` file in each folder, in order; later folders override earlier ones.

    A template in a later folder replaces one with the same id from an earlier folder (so an
    agency's folder can replace a built-in). If that file is bad, the earlier template stays
    and the problem is reported. Within one folder, files are read in name order, and a second
    file with an id already used in that folder is reported and skipped. Hidden files (starting
    with ``.``, such as editor backups) are ignored.

    Args:
        directories: Folders to read, lowest priority first (usually the built-ins first).

    Returns:
        The templates that loaded, and the problems with those that did not.
    """
    templates: dict[str, ProcessTemplate] = {}
    sources: dict[str, Path] = {}
    errors: list[TemplateError] = []
    for directory in directories:
        seen_here: dict[str, Path] = {}
        for path in _template_files(directory, errors):
            try:
                template = load_template(path)
            except TemplateLoadError as exc:
                errors.extend(exc.errors)
                continue
            if template.id in seen_here:
                errors.append(
                    TemplateError(
                        path,
                        "id",
                        f"'{template.id}' is already the id of {seen_here[template.id].name} "
                        "in this folder; this file was skipped",
                    )
                )
                continue
            seen_here[template.id] = path
            templates[template.id] = template
            sources[template.id] = path
    ordered = sorted(templates.values(), key=lambda t: (t.name.casefold(), t.id))
    return TemplateSet(
        templates={t.id: t for t in ordered},
        errors=errors,
        sources={t.id: sources[t.id] for t in ordered},
    )


def _template_files(directory: Path, errors: list[TemplateError]) -> list[Path]:
    try:
        return sorted(
            path
            for path in directory.iterdir()
            if path.suffix == ".toml" and not path.name.startswith(".")
        )
    except FileNotFoundError:
        reason = "folder not found"
    except NotADirectoryError:
        reason = "is not a folder"
    except OSError as exc:
        reason = f"folder cannot be read ({exc.strerror or exc})"
    errors.append(TemplateError(directory, "", reason))
    return []


def _read_text(path: Path, problems: Problems, max_bytes: int) -> str | None:
    """The file's text, or ``None`` after recording why it cannot be used."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            # Opening a FIFO or a device would block or read forever.
            problems.add("", "is not a regular file")
            return None
        if info.st_size > max_bytes:
            problems.add("", _too_large(info.st_size, max_bytes))
            return None
        with path.open("rb") as stream:
            raw = stream.read(max_bytes + 1)
    except OSError as exc:
        problems.add("", f"cannot be read ({exc.strerror or exc})")
        return None
    if len(raw) > max_bytes:
        problems.add("", _too_large(len(raw), max_bytes))  # it grew after stat()
        return None
    try:
        # utf-8-sig: Windows Notepad starts UTF-8 files with a byte-order mark; accept it.
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        problems.add(
            "",
            f"is not UTF-8 text (byte 0x{raw[exc.start]:02x} on line {line}); "
            "save the file with UTF-8 encoding",
        )
        return None


def _too_large(size: int, max_bytes: int) -> str:
    limit = f"{max_bytes / _MEGABYTE:g} MB" if max_bytes >= _MEGABYTE else f"{max_bytes // 1024} KB"
    return f"file is {size / _MEGABYTE:.1f} MB; a template may be at most {limit}"
