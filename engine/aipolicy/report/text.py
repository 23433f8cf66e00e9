"""``-f text``: compiler-style findings grouped by file, with the offending source line."""
from __future__ import annotations

from ..catalog import SEVERITIES
from ..findings import Finding
from ..pipeline import ScanResult
from . import ReportContext

_COLORS = {"critical": "\033[1;35m", "high": "\033[1;31m", "medium": "\033[33m", "low": "\033[36m", "info": "\033[2m"}
_RESET, _BOLD, _DIM = "\033[0m", "\033[1m", "\033[2m"


def _paint(text: str, code: str, on: bool) -> str:
    return f"{code}{text}{_RESET}" if on else text


def _source_line(result: ScanResult, f: Finding) -> str | None:
    text = result.sources.get(f.resource.file)
    if not text:
        return None
    lines = text.splitlines()
    if 1 <= f.line <= len(lines):
        return lines[f.line - 1].rstrip()
    return None


def render(result: ScanResult, ctx: ReportContext) -> str:
    c = ctx.color
    out: list[str] = []
    active = [f for f in result.findings if not f.suppressed]
    current = None
    for f in active:
        if f.resource.file != current:
            current = f.resource.file
            out.append("")
            out.append(_paint(current, _BOLD, c))
        sev = _paint(f.severity.upper(), _COLORS.get(f.severity, ""), c)
        out.append(f"{f.resource.file}:{f.line}: {sev} {f.rule.id} {f.rule.title}")
        out.append(f"    {f.message}  [{f.resource.address}]")
        src = _source_line(result, f)
        if src is not None:
            out.append(_paint(f"    {f.line:>5} | {src.strip()}", _DIM, c))
        if f.rule.fix:
            out.append(f"    fix: {f.rule.fix}")
    if result.errors:
        out.append("")
        out.append(_paint("errors", _BOLD, c))
        for e in result.errors:
            out.append(f"{e.file}:{e.line}: error: {e.message}")
    for w in result.warnings:
        out.append(f"warning: {w}")
    for n in result.notices:
        out.append(f"note: {n}")
    counts = {s: 0 for s in SEVERITIES}
    for f in active:
        counts[f.severity] = counts.get(f.severity, 0) + 1
    parts = [f"{counts[s]} {s}" for s in reversed(SEVERITIES) if counts[s]]
    suppressed = len(result.findings) - len(active)
    summary = (
        f"{len(active)} finding{'s' if len(active) != 1 else ''}"
        + (f" ({', '.join(parts)})" if parts else "")
        + f" in {result.files} files, {len(result.resources)} resources"
        + (f"; {suppressed} suppressed" if suppressed else "")
        + (f"; {ctx.baselined} in baseline" if ctx.baselined else "")
        + (f"; {len(result.errors)} parse errors" if result.errors else "")
        + (f"; {result.unresolved_count} unresolved values" if result.unresolved_count else "")
        + f" ({ctx.duration_s:.2f}s)"
    )
    out.append("")
    out.append(_paint(summary, _BOLD, c))
    return "\n".join(out).lstrip("\n") + "\n"
