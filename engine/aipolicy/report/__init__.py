"""One formatter per output format; each exposes ``render(result, ctx) -> str``."""
from __future__ import annotations

import importlib
from json import dumps  # not `import json`: the json submodule would shadow it
from dataclasses import dataclass
from typing import Any, Callable

from ..pipeline import ScanResult

FORMATTERS: dict[str, str] = {
    "text": "text",
    "json": "json",
    "sarif": "sarif",
    "junit": "junit",
    "github": "github",
    "markdown": "markdown",
    "checklist": "checklist",
    "html": "html",
}


@dataclass
class ReportContext:
    """What every formatter may need besides the scan result."""

    threshold: str = "info"
    color: bool = False
    duration_s: float = 0.0
    show_unresolved: bool = False
    baselined: int = 0


def formatter(name: str) -> Callable[[ScanResult, ReportContext], str]:
    return importlib.import_module(f"{__name__}.{name}").render



class Encoded(str):
    """A value already encoded as JSON text: ``json_text`` writes it as it is."""


def json_text(value: Any, levels: int, indent: str = "") -> str:
    """JSON indented for ``levels`` levels of nesting; deeper values (a finding, a result) on one
    line each. Python's C encoder is used only without ``indent``: a fully indented report of
    20k findings took seconds."""
    if isinstance(value, Encoded):
        return value
    if levels <= 0 or not isinstance(value, (dict, list)) or not value:
        return dumps(value)
    inner = indent + "  "
    if isinstance(value, dict):
        items = [f"{inner}{dumps(k)}: {json_text(v, levels - 1, inner)}" for k, v in value.items()]
        return "{\n" + ",\n".join(items) + f"\n{indent}}}"
    items = [inner + (v if isinstance(v, Encoded) else json_text(v, levels - 1, inner)) for v in value]
    return "[\n" + ",\n".join(items) + f"\n{indent}]"
