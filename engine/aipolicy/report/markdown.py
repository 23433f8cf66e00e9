"""``-f markdown``: a job summary for $GITHUB_STEP_SUMMARY."""
from __future__ import annotations

from ..findings import Finding
from ..pipeline import ScanResult
from . import ReportContext
from .checklist import table
from .summary import active, by_pillar, by_severity, checklist

VISIBLE = 20
ICON = {"critical": "🟣", "high": "🔴", "medium": "🟠", "low": "🔵", "info": "⚪"}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _rows(findings: list[Finding]) -> list[str]:
    rows = ["| Severity | Rule | Location | Resource | Message |", "|---|---|---|---|---|"]
    for f in findings:
        rows.append(
            f"| {ICON.get(f.severity, '')} {f.severity} | {f.rule.id} | `{f.resource.file}:{f.line}` | "
            f"`{_cell(f.resource.address)}` | {_cell(f.message)} |"
        )
    return rows


def render(result: ScanResult, ctx: ReportContext) -> str:
    findings = active(result)
    sev = by_severity(findings)
    lines = [
        "## aipolicy",
        "",
        f"**{len(findings)} findings** in {result.files} files ({len(result.resources)} resources)"
        + (f", {len(result.findings) - len(findings)} suppressed" if len(result.findings) != len(findings) else "")
        + (f", {ctx.baselined} in the baseline" if ctx.baselined else "")
        + (f", {len(result.errors)} files could not be parsed" if result.errors else ""),
        "",
        "| " + " | ".join(f"{ICON[s]} {s}" for s in sev) + " |",
        "|" + "---|" * len(sev),
        "| " + " | ".join(str(n) for n in sev.values()) + " |",
        "",
    ]
    pillars = by_pillar(findings)
    if pillars:
        lines += ["**By pillar:** " + ", ".join(f"{p} {n}" for p, n in pillars.items()), ""]
    lines += ["### Security & Resilience Checklist", ""] + table(checklist(result)) + [""]
    if findings:
        lines += ["### Findings", ""] + _rows(findings[:VISIBLE])
        if len(findings) > VISIBLE:
            lines += ["", f"<details><summary>{len(findings) - VISIBLE} more findings</summary>", ""]
            lines += _rows(findings[VISIBLE:]) + ["", "</details>"]
    if result.errors:
        lines += ["", "### Files that could not be parsed", ""]
        lines += [f"- `{e.file}:{e.line}` {_cell(e.message)}" for e in result.errors]
    return "\n".join(lines) + "\n"
