"""``-f checklist``: the chapter's Security & Resilience Checklist, computed from the findings."""
from __future__ import annotations

from ..pipeline import ScanResult
from . import ReportContext
from .summary import ChecklistItem, checklist


def table(items: list[ChecklistItem]) -> list[str]:
    """The checklist as a Markdown table plus the failing controls under each ❌."""
    out = ["| Item | Status | Controls |", "|---|---|---|"]
    for item in items:
        detail = ", ".join(f"{cid} ({n})" for cid, n in item.failing.items()) if item.failing else (
            "nothing in scope" if item.status == "none" else f"{len(item.controls)} controls pass")
        out.append(f"| {item.label} | {item.mark} | {detail} |")
    notes = [f"- *{item.label}*: {item.note}" for item in items if item.note]
    if notes:
        out += [""] + notes
    return out


def render(result: ScanResult, ctx: ReportContext) -> str:
    items = checklist(result)
    lines = ["# Security & Resilience Checklist", ""] + table(items)
    failing = [i for i in items if i.status == "fail"]
    if failing:
        lines += ["", "## Failing controls"]
        for item in failing:
            lines.append(f"\n### ❌ {item.label}")
            for f in sorted({(f.rule.id, f.rule.title) for f in result.findings if f.rule.id in item.failing}):
                lines.append(f"- **{f[0]}** {f[1]} — {item.failing[f[0]]} finding(s)")
    lines += ["", "✅ all mapped controls pass · ❌ a mapped control has findings · ➖ nothing in the scan is in scope"]
    return "\n".join(lines) + "\n"
