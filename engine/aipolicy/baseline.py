"""Baselines: accepted findings recorded by fingerprint, left out of later scans."""
from __future__ import annotations

import json
from typing import Any

from . import __version__
from .findings import Finding


class BaselineError(Exception):
    """An unreadable baseline file (exit code 2)."""


def write(findings: list[Finding], path: str) -> int:
    """Record the unsuppressed findings; returns how many."""
    entries = [
        {"fingerprint": f.fingerprint, "rule_id": f.rule.id, "file": f.resource.file, "resource": f.resource.address}
        for f in findings
        if not f.suppressed
    ]
    doc: dict[str, Any] = {"schema_version": "1", "tool": {"name": "aipolicy", "version": __version__}, "findings": entries}
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(doc, fh, indent=2)
        fh.write("\n")
    return len(entries)


def load(path: str) -> set[str]:
    try:
        with open(path, encoding="utf-8") as fh:
            doc = json.load(fh)
        return {str(e["fingerprint"]) for e in doc["findings"]}
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise BaselineError(f"{path}: not a readable aipolicy baseline ({exc})") from None


def apply(findings: list[Finding], fingerprints: set[str]) -> tuple[list[Finding], int]:
    """(findings not in the baseline, how many were)."""
    kept = [f for f in findings if f.fingerprint not in fingerprints]
    return kept, len(findings) - len(kept)
