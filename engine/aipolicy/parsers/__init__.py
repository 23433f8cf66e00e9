"""One parser per input format: text in, documents with line maps out.

Every parser module exposes ``parse(file: str, text: str) -> ParsedFile`` and never raises on bad
input: problems become ``ParseError`` entries with a line. Modules are imported lazily so start-up
stays fast for scans that do not need them.
"""
from __future__ import annotations

import importlib
from typing import Callable

from ..model import ParsedFile

# format name -> module under aipolicy.parsers
PARSER_MODULES: dict[str, str] = {
    "bicep": "bicep",
    "arm": "arm",
    "terraform": "terraform",
    "terraform-plan": "terraform_plan",
    "kubernetes": "yaml_docs",
    "aml": "yaml_docs",
}


def parser_for(fmt: str) -> Callable[[str, str], ParsedFile]:
    module = importlib.import_module(f"{__name__}.{PARSER_MODULES[fmt]}")
    return module.parse
