"""Rego policy files on disk: where they are, their packages and their METADATA blocks.

regorus does not implement ``rego.metadata.*``, so the ``# METADATA`` comment block (YAML) above
each package is read here; the same files stay valid for OPA and conftest.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


from .cache import load_yaml_data

RULES_PREFIX = "aipolicy.rules."
_PACKAGE = re.compile(r"^\s*package\s+([A-Za-z0-9_.\[\]\"]+)", re.M)


def builtin_dir() -> Path:
    """The bundled policies: the repository's ``policies/`` or the installed copy."""
    here = Path(__file__).resolve().parent
    for candidate in (here.parent.parent / "policies", here / "policies"):
        if (candidate / "lib").is_dir():
            return candidate
    raise FileNotFoundError("built-in policies not found")


@dataclass
class PolicyFile:
    path: str
    text: str
    package: str
    metadata: dict[str, Any] = field(default_factory=dict)
    metadata_error: str = ""

    @property
    def is_test(self) -> bool:
        return self.path.endswith("_test.rego")

    @property
    def rule_id(self) -> str:
        return str((self.metadata.get("custom") or {}).get("id", ""))


def read_metadata(text: str) -> tuple[dict[str, Any], str]:
    """The METADATA block that precedes the package clause (empty when absent) and any YAML error."""
    lines = text.splitlines()
    for i, line in enumerate(lines):
        if line.strip() == "# METADATA":
            block: list[str] = []
            for nxt in lines[i + 1 :]:
                if not nxt.startswith("#"):
                    break
                block.append(nxt[2:] if nxt.startswith("# ") else nxt[1:])
            try:
                data = load_yaml_data("\n".join(block)) or {}
            except Exception as exc:  # yaml.YAMLError; yaml itself is imported only on a cache miss
                return {}, f"METADATA is not valid YAML: {exc}"
            return (data if isinstance(data, dict) else {}), ""
        if _PACKAGE.match(line):
            break
    return {}, ""


def load_dir(root: str | Path) -> list[PolicyFile]:
    """Every ``.rego`` file below ``root``, sorted by path."""
    files: list[PolicyFile] = []
    root = str(root)
    paths = [root] if os.path.isfile(root) else sorted(
        os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs if f.endswith(".rego")
    )
    for path in paths:
        text = Path(path).read_text("utf-8")
        m = _PACKAGE.search(text)
        meta, err = read_metadata(text)
        files.append(PolicyFile(path, text, m.group(1) if m else "", meta, err))
    return files
