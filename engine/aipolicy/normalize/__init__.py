"""Per-format mapping of parsed documents to canonical resources.

Every normalizer module exposes ``normalize(files: list[ParsedFile], ctx: Context) -> list[Resource]``.
It receives all parsed files of its format at once, because resolution (parameters, variables,
modules) crosses files. Modules are imported lazily.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import Callable

from ..memo import ReadLog
from ..model import ParsedFile, ParseError, Resource

NORMALIZER_MODULES: dict[str, str] = {
    "bicep": "bicep",
    "arm": "arm",
    "terraform": "terraform",
    "terraform-plan": "terraform_plan",
    "kubernetes": "kubernetes",
    "aml": "aml",
}


@dataclass
class Context:
    """What normalizers may use besides the files themselves."""

    var_files: list[str] = field(default_factory=list)  # --var-file (Terraform)
    param_files: list[str] = field(default_factory=list)  # --param-file (ARM / Bicep)
    # load(path) parses a file that was not in the scan set (a local module, a linked template,
    # a parameter file); returns None when it cannot be read. Set by the pipeline.
    load: Callable[[str], ParsedFile | None] = lambda path: None
    # Folders listed and raw files read beside the scan set go through ``reads``, which records
    # them: a memoized graph is reused only while they read the same (see memo.py).
    reads: ReadLog = field(default_factory=ReadLog)
    errors: list[ParseError] = field(default_factory=list)  # problems found while normalizing
    notices: list[str] = field(default_factory=list)  # e.g. "module x not fetched (registry source)"


def normalizer_for(fmt: str) -> Callable[[list[ParsedFile], Context], list[Resource]]:
    module = importlib.import_module(f"{__name__}.{NORMALIZER_MODULES[fmt]}")
    return module.normalize
