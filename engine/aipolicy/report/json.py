"""``-f json``: the JSON output contract, schema version "1"."""
from __future__ import annotations

from typing import Any

from .. import __version__
from ..catalog import SEVERITIES
from ..pipeline import ScanResult
from . import ReportContext, json_text


def document(result: ScanResult, ctx: ReportContext) -> dict[str, Any]:
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
        "findings": [f.to_json() for f in result.findings],
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
    return json_text(document(result, ctx), 2) + "\n"  # one finding per line
