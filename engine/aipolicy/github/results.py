"""Findings as ``github-annotate`` reads them from the scan's JSON output (schema version 1)."""
from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

SEVERITIES = ("info", "low", "medium", "high", "critical")
_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


class ResultsError(Exception):
    """RESULTS.json is missing, unreadable or not the scan's JSON output."""


@dataclass(frozen=True)
class Finding:
    """One unsuppressed finding, reduced to what GitHub shows."""

    rule_id: str
    severity: str
    title: str
    message: str
    file: str
    line: int
    end_line: int
    fingerprint: str
    fix: str = ""

    @property
    def rank(self) -> int:
        return _RANK.get(self.severity, 0)


def _line(value: Any, default: int) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) and value > 0 else default


def from_json(raw: dict[str, Any]) -> Finding:
    """One finding of the JSON output contract."""
    line = _line(raw.get("line"), 1)
    fix = raw.get("fix")
    return Finding(
        rule_id=str(raw.get("rule_id") or "AIP-UNKNOWN"),
        severity=str(raw.get("severity") or "info").lower(),
        title=str(raw.get("title") or ""),
        message=str(raw.get("message") or ""),
        file=str(raw.get("file") or ""),
        line=line,
        end_line=max(line, _line(raw.get("end_line"), line)),
        fingerprint=str(raw.get("fingerprint") or ""),
        fix=fix if isinstance(fix, str) else "",
    )


def load_findings(path: Path) -> list[Finding]:
    """The unsuppressed findings of a RESULTS.json file."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ResultsError(f"cannot read scan results {path}: {exc}") from exc
    findings = doc.get("findings") if isinstance(doc, dict) else None
    if not isinstance(findings, list):
        raise ResultsError(f"{path} is not aipolicy JSON output: no 'findings' list")
    return [from_json(f) for f in findings if isinstance(f, dict) and f.get("suppressed") is not True]


def at_or_above(findings: Iterable[Finding], threshold: str) -> list[Finding]:
    """Findings whose severity reaches ``threshold``, most severe first."""
    floor = _RANK[threshold]
    return most_severe_first(f for f in findings if f.rank >= floor)


def most_severe_first(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (-f.rank, f.file, f.line, f.rule_id))


def count_by_severity(findings: Iterable[Finding]) -> str:
    """'2 high, 1 medium' (most severe first; empty when there are none)."""
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return ", ".join(f"{counts[s]} {s}" for s in reversed(SEVERITIES) if s in counts)


def headline(findings: list[Finding], threshold: str) -> str:
    """'3 findings at or above medium (1 high, 2 medium)'."""
    if not findings:
        return f"No findings at or above {threshold}"
    noun = "finding" if len(findings) == 1 else "findings"
    return f"{len(findings)} {noun} at or above {threshold} ({count_by_severity(findings)})"
