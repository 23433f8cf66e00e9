"""ARM JSON: deployment templates and parameter files, recognised by their ``$schema``."""
from __future__ import annotations

import re
from typing import Any

from ..model import ParsedFile
from .jsonlines import load_document

# deploymentTemplate.json also matches subscription-, managementGroup- and tenantDeploymentTemplate
_SCHEMA = re.compile(r"deployment(template|parameters)\.json", re.IGNORECASE)


def sniff(data: Any) -> str | None:
    """"template", "parameters" or None (not ARM) from a loaded JSON document's ``$schema``."""
    if not isinstance(data, dict):
        return None
    schema = data.get("$schema")
    match = _SCHEMA.search(schema) if isinstance(schema, str) else None
    return match.group(1).lower() if match else None


def parse(file: str, text: str) -> ParsedFile:
    """One ARM template or parameter file; other JSON is counted as skipped, never an error."""
    parsed = ParsedFile(file=file, format="arm", text=text)
    document, error = load_document(file, text)
    if error is not None:
        parsed.errors.append(error)
        return parsed
    kind = sniff(document.data)
    if kind is None:
        parsed.skipped = 1
        return parsed
    document.kind = kind
    parsed.documents.append(document)
    return parsed
