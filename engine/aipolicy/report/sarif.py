"""``-f sarif``: SARIF 2.1.0 as GitHub code scanning reads it."""
from __future__ import annotations

import re
from typing import Any

from .. import __version__
from ..findings import Finding, Rule
from ..pipeline import ScanResult
from . import ReportContext, json_text

INFORMATION_URI = "https://github.com/aipolicy/aipolicy"
SECURITY_SEVERITY = {"critical": "9.5", "high": "8.0", "medium": "5.5", "low": "3.0", "info": "1.0"}
LEVEL = {"critical": "error", "high": "error", "medium": "warning", "low": "note", "info": "note"}


def _rule_name(title: str) -> str:
    return "".join(w[:1].upper() + w[1:] for w in re.findall(r"[A-Za-z0-9]+", title))


def _rule(rule: Rule) -> dict[str, Any]:
    help_text = f"{rule.description}\n\nFix: {rule.fix}".strip()
    return {
        "id": rule.id,
        "name": _rule_name(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.description or rule.title},
        "help": {
            "text": help_text,
            "markdown": f"**{rule.title}**\n\n{rule.description}\n\n**Fix:** {rule.fix}\n\n"
            f"Suppress one occurrence with `# aipolicy:ignore {rule.id} -- <reason>`.",
        },
        "defaultConfiguration": {"level": LEVEL.get(rule.severity, "warning")},
        "properties": {
            "security-severity": SECURITY_SEVERITY.get(rule.severity, "5.5"),
            "tags": ["security", "iac", rule.pillar] + ([rule.checklist] if rule.checklist != "none" else []),
            "precision": "high",
        },
    }


def _result(f: Finding, index: int) -> dict[str, Any]:
    out: dict[str, Any] = {
        "ruleId": f.rule.id,
        "ruleIndex": index,
        "level": LEVEL.get(f.severity, "warning"),
        "message": {"text": f.message},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": f.resource.file, "uriBaseId": "%SRCROOT%"},
                    "region": {"startLine": f.line, "endLine": max(f.end_line, f.line)},
                },
                "logicalLocations": [{"name": f.resource.address, "kind": "resource", "fullyQualifiedName": f.resource.id}],
            }
        ],
        "partialFingerprints": {"aipolicyFingerprint/v1": f.fingerprint},
        "properties": {"severity": f.severity, "resourceType": f.resource.type, "path": f.path},
    }
    if f.suppressed:
        out["suppressions"] = [{"kind": "inSource", "justification": f.suppression_reason or "no reason given"}]
    return out


def document(result: ScanResult) -> dict[str, Any]:
    rules: dict[str, int] = {}
    rule_objs: list[dict[str, Any]] = []
    results = []
    for f in result.findings:
        if f.rule.id not in rules:
            rules[f.rule.id] = len(rule_objs)
            rule_objs.append(_rule(f.rule))
        results.append(_result(f, rules[f.rule.id]))
    notifications = [
        {
            "level": "error",
            "message": {"text": e.message},
            "locations": [{"physicalLocation": {"artifactLocation": {"uri": e.file, "uriBaseId": "%SRCROOT%"}, "region": {"startLine": max(e.line, 1)}}}],
        }
        for e in result.errors
    ]
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "aipolicy", "version": __version__, "semanticVersion": __version__,
                                    "informationUri": INFORMATION_URI, "rules": rule_objs}},
                "originalUriBaseIds": {"%SRCROOT%": {"description": {"text": "The directory aipolicy ran in."}}},
                "invocations": [{"executionSuccessful": True, "toolExecutionNotifications": notifications}],
                "results": results,
            }
        ],
    }


def render(result: ScanResult, ctx: ReportContext) -> str:
    return json_text(document(result), 4) + "\n"  # one result (and one rule) per line
