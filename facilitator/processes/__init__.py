"""Process templates as data: load and check ``templates/processes/*.toml`` and agency folders.

See ``docs/process-templates.md`` for the file format.
"""

from __future__ import annotations

from facilitator.processes.errors import TemplateError, TemplateLoadError
from facilitator.processes.loader import (
    MAX_FILE_BYTES,
    TemplateSet,
    builtin_templates_dir,
    load_template,
    load_templates,
    template_from_data,
)
from facilitator.processes.schema import SCHEMA_VERSION

__all__ = [
    "MAX_FILE_BYTES",
    "SCHEMA_VERSION",
    "TemplateError",
    "TemplateLoadError",
    "TemplateSet",
    "builtin_templates_dir",
    "load_template",
    "load_templates",
    "template_from_data",
]
