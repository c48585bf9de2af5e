"""What went wrong in a template file, said so that the person who edits the file can fix it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class TemplateError:
    """One problem in one template file.

    Attributes:
        path: The file (or folder) the problem is in.
        key: Where in the file, as a dotted path (``phases[2].rounds[0].order``); empty when the
            problem concerns the whole file (too large, not UTF-8, not TOML).
        reason: What is wrong and, where it helps, what would be right.
    """

    path: Path
    key: str
    reason: str

    def __str__(self) -> str:
        if self.key:
            return f"{self.path.name}: {self.key}: {self.reason}"
        return f"{self.path.name}: {self.reason}"


class TemplateLoadError(ValueError):
    """A template file could not be loaded; :attr:`errors` lists every problem found in it."""

    def __init__(self, errors: list[TemplateError]) -> None:
        super().__init__("\n".join(str(error) for error in errors))
        self.errors = errors
