"""One formatter per output format; each exposes ``render(result, ctx) -> str``."""
from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Callable

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

