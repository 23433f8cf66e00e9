"""``-f json``: the JSON output contract, schema version "1"."""
from __future__ import annotations

from json import dumps
from json.encoder import encode_basestring_ascii as _str  # what dumps does with a str, minus the calls
from typing import Any, Callable

from .. import __version__
from ..catalog import SEVERITIES
from ..findings import Finding
from ..pipeline import ScanResult
from . import Encoded, ReportContext, json_text


def document(result: ScanResult, ctx: ReportContext, finding: Callable[[Finding], Any] = Finding.to_json) -> dict[str, Any]:
    by_sev = {s: 0 for s in reversed(SEVERITIES)}
    active = [f for f in result.findings if not f.suppressed]
    for f in active:
        by_sev[f.severity] = by_sev.get(f.severity, 0) + 1
    summary: dict[str, Any] = {
        "files": result.files,
        "resources": len(result.resources),
        "findings": len(active),
        "suppressed": len(result.findings) - len(active),
        "by_severity": by_sev,
        "parse_errors": len(result.errors),
        "unresolved_values": result.unresolved_count,
        "duration_s": round(ctx.duration_s, 3),
    }
    if ctx.baselined:
        summary["baselined"] = ctx.baselined
    doc: dict[str, Any] = {
        "schema_version": "1",
        "tool": {"name": "aipolicy", "version": __version__},
        "summary": summary,
        "findings": [finding(f) for f in result.findings],
        "errors": [e.to_json() for e in result.errors],
    }
    if result.warnings:
        doc["warnings"] = result.warnings
    if result.notices:
        doc["notices"] = result.notices
    if ctx.show_unresolved:
        doc["unresolved"] = [
            {"file": r.file, "line": line, "resource": r.address, "path": path}
            for r in result.resources
            for path, line in r.unresolved
        ]
    return doc


def render(result: ScanResult, ctx: ReportContext) -> str:
    return json_text(document(result, ctx, FindingText()), 2) + "\n"  # one finding per line


class FindingText:
    """``dumps(f.to_json())`` put together from pieces encoded once per rule and per resource:
    20k findings spent ~0.4 s building and encoding the same titles, fixes and resources again."""

    def __init__(self) -> None:
        self.rules: dict[int, tuple[str, str, str, str]] = {}
        self.resources: dict[int, tuple[str, str]] = {}

    def __call__(self, f: Finding) -> Encoded:
        if f.suppressed:
            return Encoded(dumps(f.to_json()))
        rule = self.rules.get(id(f.rule))
        if rule is None:
            r = f.rule
            rule = self.rules[id(r)] = (
                f'{{"rule_id": {dumps(r.id)}, "severity": ',
                f', "title": {dumps(r.title)}, "message": ',
                f', "pillar": {dumps(r.pillar)}, "checklist": {dumps(r.checklist)}, "file": ',
                f', "fix": {dumps(r.fix)}}}',
            )
        res = self.resources.get(id(f.resource))
        if res is None:
            r = f.resource
            res = self.resources[id(r)] = (dumps(r.file), dumps({"id": r.id, "type": r.type, "name": r.name, "address": r.address, "format": r.format}))
        return Encoded(
            f'{rule[0]}{_str(f.severity)}{rule[1]}{_str(f.message)}{rule[2]}{res[0]}, "line": {f.line}, '
            f'"end_line": {f.end_line}, "resource": {res[1]}, "path": {_str(f.path)}, "suppressed": false, '
            f'"fingerprint": {_str(f.fingerprint)}{rule[3]}'
        )
