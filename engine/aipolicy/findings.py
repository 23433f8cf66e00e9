"""Findings: built from policy denials, placed on lines, suppressed, fingerprinted, baselined."""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from operator import attrgetter
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
        } | ({"suppression_reason": self.suppression_reason} if self.suppressed else {})


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
    return sorted(out.values(), key=attrgetter("resource.file", "line", "rule.id", "path"))


# ---- inline suppressions -------------------------------------------------------------------

_IGNORE = re.compile(r"aipolicy:ignore\s+((?:AIP-[A-Z0-9]+-\d+|[A-Z][A-Z0-9_-]*-\d+|\*)(?:\s*,\s*(?:AIP-[A-Z0-9]+-\d+|[A-Z][A-Z0-9_-]*-\d+|\*))*)\s*(?:--\s*(.*))?")
_COMMENT_ONLY = re.compile(r"^\s*(#|//|/\*|\*)")


@dataclass
class Suppression:
    """One ``aipolicy:ignore``: a comment scoped to the line below it (or its own line), or a JSON
    metadata entry scoped to the resources that carry it."""

    file: str
    line: int  # where it is written
    applies_to: int  # the first non-comment line below a comment (its own line for a trailing one)
    rule_ids: list[str]
    reason: str
    resources: set[str] = field(default_factory=set)  # data suppressions: the resource ids in scope
    raw: str = ""  # data suppressions: the metadata entry as written
    used: bool = False

    def covers(self, f: Finding) -> bool:
        if f.resource.file != self.file or (f.rule.id not in self.rule_ids and "*" not in self.rule_ids):
            return False
        if self.resources:
            return f.resource.id in self.resources
        res = f.resource
        if self.applies_to == res.line or f.line == self.applies_to:
            return True  # the resource below, or the finding's own line
        # a property written on the line below, and everything nested in it
        return any(line == self.applies_to and _within(f.path, path) for path, line in res.lines.items())


def _within(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith((prefix + ".", prefix + "["))


def _parse_ids(text: str) -> tuple[list[str], str] | None:
    m = _IGNORE.search(text)
    if not m:
        return None
    return [x.strip() for x in m.group(1).split(",")], (m.group(2) or "").strip()


@dataclass
class SuppressionSet:
    items: list[Suppression] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)

    def add_text(self, file: str, text: str) -> None:
        """Collect ``aipolicy:ignore`` comments of one file."""
        self.sources[file] = text
        if "aipolicy:ignore" not in text:
            return
        lines = text.splitlines()
        for i, line in enumerate(lines):
            parsed = _parse_ids(line)
            if not parsed:
                continue
            target = i + 1
            if _COMMENT_ONLY.match(line):
                j = i + 1
                while j < len(lines) and (not lines[j].strip() or _COMMENT_ONLY.match(lines[j])):
                    j += 1
                target = j + 1
            ids, reason = parsed
            self.items.append(Suppression(file, i + 1, target, ids, reason.rstrip("*/").strip()))

    def add_data(self, res: Resource) -> None:
        """Suppressions carried as data (JSON metadata) scope the resources that carry them; a
        template-level entry reaches every resource of the template and is counted once."""
        for raw in res.suppressions:
            parsed = _parse_ids(f"aipolicy:ignore {raw}")
            if not parsed:
                continue
            existing = next((s for s in self.items if s.resources and s.file == res.file and s.raw == raw), None)
            if existing:
                existing.resources.add(res.id)
                continue
            ids, reason = parsed
            line = self._line_of(res.file, raw) or res.line
            self.items.append(Suppression(res.file, line, line, ids, reason, {res.id}, raw))

    def _line_of(self, file: str, raw: str) -> int | None:
        """The line of a JSON string value in its file, for warnings."""
        needle = json.dumps(raw)
        for n, line in enumerate(self.sources.get(file, "").splitlines(), 1):
            if needle in line:
                return n
        return None

    def apply(self, findings: list[Finding]) -> None:
        by_file: dict[str, list[Suppression]] = {}
        for s in self.items:
            by_file.setdefault(s.file, []).append(s)
        for f in findings:
            for s in by_file.get(f.resource.file, ()):
                if s.covers(f):
                    f.suppressed = True
                    f.suppression_reason = f.suppression_reason or s.reason
                    s.used = True

    def warnings(self, active_rules: set[str] | None = None) -> list[str]:
        """Suppressions without a reason, and stale ones (no finding of a rule that ran)."""
        out: list[str] = []
        for s in sorted(self.items, key=lambda s: (s.file, s.line)):
            where = f"{s.file}:{s.line}"
            ids = ", ".join(s.rule_ids)
            if not s.reason:
                out.append(f"{where}: suppression of {ids} has no reason (add '-- why')")
            ran = active_rules is None or "*" in s.rule_ids or any(r in active_rules for r in s.rule_ids)
            if not s.used and ran:
                out.append(f"{where}: suppression of {ids} matches no finding (stale)")
        return out
