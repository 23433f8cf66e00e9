"""Numbers and orderings several formatters share: counts, most-severe-first, the checklist."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ..catalog import SEVERITIES, controls, severity_rank
from ..findings import Finding
from ..pipeline import ScanResult
from ..policyset import builtin_dir, load_dir

# The chapter's "Security & Resilience Checklist": item key -> (label, what IaC can show)
CHECKLIST: dict[str, tuple[str, str]] = {
    "identity-no-static-keys": ("Managed identities, no static keys", ""),
    "encrypted": ("Data & models encrypted", ""),
    "rate-limit-and-auth": ("Rate limiting and API auth", ""),
    "access-logs": ("Access logs enabled", ""),
    "private-network": ("Deployment in private VNet", ""),
    "prompt-injection-guardrails": (
        "Prompt injection testing performed",
        "Infrastructure code cannot prove that testing happened; this item shows only that the "
        "guardrails are configured (content filters with prompt shields, request validation).",
    ),
    "isolated-backups": ("Model backups isolated", ""),
}
_TYPE = re.compile(r'"((?:Microsoft\.[A-Za-z]+/[A-Za-z/]+)|(?:k8s:[A-Za-z0-9.]+/[A-Za-z]+)|(?:terraform:[a-z0-9_]+))"')


def active(result: ScanResult) -> list[Finding]:
    """Unsuppressed findings, most severe first, then by file and line."""
    return sorted(
        (f for f in result.findings if not f.suppressed),
        key=lambda f: (-severity_rank(f.severity), f.resource.file, f.line, f.rule.id),
    )


def by_severity(findings: list[Finding]) -> dict[str, int]:
    counts = {s: 0 for s in reversed(SEVERITIES)}
    for f in findings:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    return counts


def by_pillar(findings: list[Finding]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for f in findings:
        counts[f.rule.pillar] = counts.get(f.rule.pillar, 0) + 1
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


@lru_cache(maxsize=1)
def control_types() -> dict[str, frozenset[str]]:
    """The resource types each built-in control reads, taken from its policy text."""
    out: dict[str, frozenset[str]] = {}
    for pf in load_dir(builtin_dir()):
        if pf.rule_id and not pf.is_test:
            out[pf.rule_id] = frozenset(_TYPE.findall(pf.text))
    return out


@dataclass
class ChecklistItem:
    key: str
    label: str
    note: str
    status: str  # pass | fail | none
    controls: list[str] = field(default_factory=list)
    failing: dict[str, int] = field(default_factory=dict)  # rule id -> findings

    @property
    def mark(self) -> str:
        return {"pass": "✅", "fail": "❌", "none": "➖"}[self.status]


def checklist(result: ScanResult) -> list[ChecklistItem]:
    """Each checklist item: ❌ when a mapped control has a finding, ✅ when resources it checks
    exist and none fails, ➖ when nothing in the scan is in its scope."""
    present = {r.type for r in result.resources}
    types = control_types()
    findings = active(result)
    items: list[ChecklistItem] = []
    for key, (label, note) in CHECKLIST.items():
        ids = [cid for cid, c in controls().items() if c["checklist"] == key]
        failing: dict[str, int] = {}
        for f in findings:
            if f.rule.id in ids:
                failing[f.rule.id] = failing.get(f.rule.id, 0) + 1
        in_scope = any(types.get(cid, frozenset()) & present for cid in ids)
        status = "fail" if failing else ("pass" if in_scope else "none")
        items.append(ChecklistItem(key, label, note, status, ids, failing))
    return items
