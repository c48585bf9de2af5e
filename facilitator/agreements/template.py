"""An agreement template: the wording and rules an agreement starts from."""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.agreements.model import Clause, ItemKind
from facilitator.domain.roles import Role

#: The clauses every agreement must hold (domain.md §5 and §6).
REQUIRED_CLAUSES: tuple[str, ...] = ("voluntariness", "confidentiality", "non_completion")


@dataclass(frozen=True, slots=True)
class AgreementTemplate:
    """An agreement template as loaded from ``templates/agreements/*.toml``.

    Attributes:
        id: Stable id (an agency file with the same id replaces a built-in).
        title: The agreement's heading.
        description: What kind of process it suits (shown in the picker).
        introduction: Opening text; may hold ``{parties}``, ``{date}``, ``{case_reference}``.
        clauses: The clauses, in print order; always include :data:`REQUIRED_CLAUSES`.
        item_kinds: The kinds of item this agreement allows.
        signer_roles: The roles that must sign (a guardian for a youth diversion...).
    """

    id: str
    title: str
    description: str
    introduction: str
    clauses: tuple[Clause, ...]
    item_kinds: frozenset[ItemKind]
    signer_roles: tuple[Role, ...]
