"""Findings: built from policy denials, placed on lines, suppressed, fingerprinted, baselined."""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from typing import Any

from .catalog import severity_rank
from .evaluate import Denial
from .model import Resource
from .policyset import PolicyFile


@dataclass
class Rule:
    """What a finding needs to know about the control that raised it."""

    id: str
    title: str
    severity: str
    pillar: str
    checklist: str
    description: str = ""
    fix: str = ""

    @classmethod
    def from_policy(cls, pf: PolicyFile) -> "Rule":
        meta = pf.metadata
        custom = meta.get("custom") or {}
        return cls(
            id=str(custom.get("id") or pf.package),
            title=str(meta.get("title") or pf.package),
            severity=str(custom.get("severity") or "medium").lower(),
            pillar=str(custom.get("pillar") or ""),
            checklist=str(custom.get("checklist") or "none"),
            description=str(meta.get("description") or "").strip(),
            fix=str(custom.get("fix") or "").strip(),
        )


@dataclass
class Finding:
    rule: Rule
    severity: str
    message: str
    resource: Resource
    path: str
    line: int
    end_line: int
    suppressed: bool = False
    suppression_reason: str = ""
    fingerprint: str = ""

    def to_json(self) -> dict[str, Any]:
        r = self.resource
        return {
            "rule_id": self.rule.id,
            "severity": self.severity,
            "title": self.rule.title,
            "message": self.message,
            "pillar": self.rule.pillar,
            "checklist": self.rule.checklist,
            "file": r.file,
            "line": self.line,
            "end_line": self.end_line,
            "resource": {"id": r.id, "type": r.type, "name": r.name, "address": r.address, "format": r.format},
            "path": self.path,
            "suppressed": self.suppressed,
            "fingerprint": self.fingerprint,
            "fix": self.rule.fix,
        }


def fingerprint(rule_id: str, res: Resource, path: str) -> str:
    """Stable across line shifts and unrelated edits: rule, file, resource address, property path."""
    text = "\x1f".join((rule_id, res.file, res.address, path))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def build(denials: list[Denial], rules: dict[str, Rule], resources: dict[str, Resource]) -> list[Finding]:
    """One finding per distinct denial on a known resource, sorted by file and line."""
    out: dict[tuple[str, str, str], Finding] = {}
    for d in denials:
        res = resources.get(d.resource)
        rule = rules.get(d.package)
        if res is None or rule is None:
            continue
        line = res.line_of(d.path)
        severity = (d.severity or rule.severity).lower()
        key = (rule.id, res.id, d.path)
        if key in out and severity_rank(out[key].severity) >= severity_rank(severity):
            continue
        out[key] = Finding(rule, severity, d.message, res, d.path, line, line, fingerprint=fingerprint(rule.id, res, d.path))
    return sorted(out.values(), key=lambda f: (f.resource.file, f.line, f.rule.id, f.path))


# ---- inline suppressions -------------------------------------------------------------------

_IGNORE = re.compile(r"aipolicy:ignore\s+((?:AIP-[A-Z0-9]+-\d+|[A-Z][A-Z0-9_-]*-\d+|\*)(?:\s*,\s*(?:AIP-[A-Z0-9]+-\d+|[A-Z][A-Z0-9_-]*-\d+|\*))*)\s*(?:--\s*(.*))?")
_COMMENT_ONLY = re.compile(r"^\s*(#|//|/\*|\*)")


@dataclass
class Suppression:
    file: str
    line: int  # the comment's line
    applies_to: int  # the first non-comment line below it
    rule_ids: list[str]
    reason: str
    used: bool = False


@dataclass
class SuppressionSet:
    items: list[Suppression] = field(default_factory=list)

    def add_text(self, file: str, text: str) -> None:
        """Collect ``aipolicy:ignore`` comments of one file."""
        if "aipolicy:ignore" not in text:
            return
        lines = text.splitlines()
        for i, line in enumerate(lines):
            m = _IGNORE.search(line)
            if not m:
                continue
            target = i + 1
            if _COMMENT_ONLY.match(line):
                j = i + 1
                while j < len(lines) and (not lines[j].strip() or _COMMENT_ONLY.match(lines[j])):
                    j += 1
                target = j + 1
            ids = [x.strip() for x in m.group(1).split(",")]
            reason = (m.group(2) or "").strip().rstrip("*/").strip()
            self.items.append(Suppression(file, i + 1, target, ids, reason))

    def add_data(self, res: Resource) -> None:
        """Suppressions carried as data (JSON metadata) scope the whole resource."""
        for raw in res.suppressions:
            m = _IGNORE.search("aipolicy:ignore " + raw)
            if m:
                ids = [x.strip() for x in m.group(1).split(",")]
                self.items.append(Suppression(res.file, res.line, res.line, ids, (m.group(2) or "").strip()))

    def apply(self, findings: list[Finding]) -> None:
        by_file: dict[str, list[Suppression]] = {}
        for s in self.items:
            by_file.setdefault(s.file, []).append(s)
        for f in findings:
            for s in by_file.get(f.resource.file, ()):
                if f.rule.id not in s.rule_ids and "*" not in s.rule_ids:
                    continue
                if f.line in (s.line, s.applies_to) or f.resource.line == s.applies_to:
                    f.suppressed = True
                    f.suppression_reason = s.reason
                    s.used = True

    def warnings(self) -> list[str]:
        out: list[str] = []
        for s in self.items:
            where = f"{s.file}:{s.line}"
            if not s.reason:
                out.append(f"{where}: suppression of {', '.join(s.rule_ids)} has no reason (add '-- why')")
            if not s.used:
                out.append(f"{where}: suppression of {', '.join(s.rule_ids)} matches no finding (stale)")
        return out
