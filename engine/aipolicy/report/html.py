"""``-f html``: one self-contained HTML page (no scripts, no external assets, works offline).

The checklist, findings by severity and pillar as inline SVG bar charts, the resource graph as an
inline SVG (columns per input format, failing resources highlighted, cross-format edges drawn
bold), and every finding with its source excerpt and fix. Every scanned text is escaped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from .. import __version__
from ..catalog import SEVERITIES, severity_rank
from ..findings import Finding
from ..model import Edge, Resource
from ..pipeline import ScanResult
from . import ReportContext
from .summary import ChecklistItem, active, by_severity, checklist

SEV_COLOR = {"critical": "#7b2cbf", "high": "#c62828", "medium": "#e67700", "low": "#1f6fb2", "info": "#6c757d"}
FORMAT_ORDER = ("kubernetes", "terraform", "terraform-plan", "bicep", "arm", "aml")
FORMAT_LABEL = {"kubernetes": "Kubernetes", "terraform": "Terraform", "terraform-plan": "Terraform plan",
                "bicep": "Bicep", "arm": "ARM", "aml": "Azure ML"}
PSEUDO_PREFIXES = ("bicep:", "arm:", "terraform:variable", "terraform:output", "terraform:local")
EXCERPT_CONTEXT = 2  # lines shown above and below a finding's line
MAX_NODES = 150  # resources drawn in the graph; failing and linked ones first

NODE_W, NODE_H, ROW_H, COL_GAP, TOP, LEFT = 200, 46, 60, 96, 40, 16
MARK_COLOR = {"pass": "#2e7d32", "fail": "#c62828", "none": "#9aa3b2"}


def _e(value: object) -> str:
    return escape(str(value), quote=True)


def _short(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _node_label(address: str, width: int = 26) -> str:
    """The address, or its last segment when the whole does not fit."""
    if len(address) <= width:
        return address
    tail = re.split(r"[/.]", address)[-1]
    return _short("…" + tail, width)


def _mark(status: str) -> str:
    """✅ / ❌ / ➖ drawn as inline SVG, so they render without an emoji font."""
    glyph = {"pass": "M5,10.5 L8.5,14 L15,6.5", "fail": "M6,6 L14,14 M14,6 L6,14", "none": "M5.5,10 L14.5,10"}[status]
    label = {"pass": "pass", "fail": "fail", "none": "nothing in scope"}[status]
    return (f'<svg class="mark" width="20" height="20" viewBox="0 0 20 20" role="img" aria-label="{label}">'
            f'<circle cx="10" cy="10" r="9.5" fill="{MARK_COLOR[status]}"/>'
            f'<path d="{glyph}" stroke="#fff" stroke-width="2.4" fill="none" stroke-linecap="round"/></svg>')


# ---- charts ----------------------------------------------------------------------------------

def _bar_chart(title: str, rows: list[tuple[str, dict[str, int]]]) -> str:
    """Horizontal bars, one row per label, stacked by severity."""
    label_w, bar_w, row_h = 120, 300, 26
    peak = max([sum(parts.values()) for _, parts in rows] + [1])
    height = max(len(rows), 1) * row_h + 10
    out = [f'<svg class="chart" role="img" aria-label="{_e(title)}" width="{label_w + bar_w + 50}" height="{height}" '
           f'viewBox="0 0 {label_w + bar_w + 50} {height}" xmlns="http://www.w3.org/2000/svg">']
    if not rows:
        out.append('<text x="0" y="18" class="muted">no findings</text>')
    for i, (label, parts) in enumerate(rows):
        y = 5 + i * row_h
        out.append(f'<text x="{label_w - 8}" y="{y + 15}" text-anchor="end">{_e(label)}</text>')
        x = float(label_w)
        for sev in reversed(SEVERITIES):
            n = parts.get(sev, 0)
            if not n:
                continue
            w = n / peak * bar_w
            out.append(f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="18" rx="2" fill="{SEV_COLOR[sev]}">'
                       f'<title>{_e(label)}: {n} {sev}</title></rect>')
            x += w
        out.append(f'<text x="{x + 6:.1f}" y="{y + 15}">{sum(parts.values())}</text>')
    out.append("</svg>")
    return "".join(out)


def _charts(findings: list[Finding]) -> str:
    sev_rows = [(s, {s: n}) for s, n in by_severity(findings).items()]
    pillars: dict[str, dict[str, int]] = {}
    for f in findings:
        parts = pillars.setdefault(f.rule.pillar or "other", {})
        parts[f.severity] = parts.get(f.severity, 0) + 1
    pillar_rows = sorted(pillars.items(), key=lambda kv: (-sum(kv[1].values()), kv[0]))
    legend = "".join(f'<span class="chip" style="background:{SEV_COLOR[s]}"></span>{s} ' for s in reversed(SEVERITIES))
    return (f'<div class="charts"><figure><figcaption>By severity</figcaption>{_bar_chart("Findings by severity", sev_rows)}'
            f'</figure><figure><figcaption>By pillar</figcaption>{_bar_chart("Findings by pillar", pillar_rows)}'
            f'</figure></div><p class="legend">{legend}</p>')


# ---- resource graph --------------------------------------------------------------------------

@dataclass
class _Node:
    res: Resource
    x: float
    y: float
    findings: list[Finding]


def _graph_nodes(result: ScanResult, findings: list[Finding]) -> tuple[list[Resource], int]:
    """The resources to draw (pseudo-resources only when linked or failing), capped at MAX_NODES."""
    linked = {e.source for e in result.edges} | {e.target for e in result.edges}
    failing = {f.resource.id for f in findings}
    keep = [r for r in result.resources
            if not r.type.startswith(PSEUDO_PREFIXES) or r.id in linked or r.id in failing]
    keep.sort(key=lambda r: (r.id not in failing and r.id not in linked, r.file, r.line))
    dropped = max(len(keep) - MAX_NODES, 0)
    return keep[:MAX_NODES], dropped


def layout(resources: list[Resource], edges: list[Edge]) -> dict[str, tuple[float, float]]:
    """Deterministic layered layout: one column per input format, rows grouped by file.

    Within a column, files are ordered by the mean row of the resources they link to in
    columns already placed (one barycenter sweep), so cross-format edges stay short.
    """
    columns: dict[str, list[Resource]] = {}
    for r in resources:
        columns.setdefault(r.format, []).append(r)
    order = sorted(columns, key=lambda f: (FORMAT_ORDER.index(f) if f in FORMAT_ORDER else len(FORMAT_ORDER), f))
    neighbours: dict[str, set[str]] = {}
    for e in edges:
        neighbours.setdefault(e.source, set()).add(e.target)
        neighbours.setdefault(e.target, set()).add(e.source)
    pos: dict[str, tuple[float, float]] = {}
    for ci, fmt in enumerate(order):
        files: dict[str, list[Resource]] = {}
        for r in sorted(columns[fmt], key=lambda r: (r.file, r.line, r.address)):
            files.setdefault(r.file, []).append(r)

        def weight(item: tuple[str, list[Resource]]) -> tuple[float, str]:
            ys = [pos[n][1] for r in item[1] for n in neighbours.get(r.id, ()) if n in pos]
            return (sum(ys) / len(ys) if ys else float("inf"), item[0])

        row = 0
        for _, group in sorted(files.items(), key=weight):
            row += 0.5  # room for the file caption
            for r in group:
                pos[r.id] = (LEFT + ci * (NODE_W + COL_GAP), TOP + row * ROW_H)
                row += 1
    return pos


def _edge_path(a: tuple[float, float], b: tuple[float, float]) -> tuple[str, float, float]:
    """An SVG path between two node boxes and the point for its label."""
    (ax, ay), (bx, by) = a, b
    ay, by = ay + NODE_H / 2, by + NODE_H / 2
    if abs(ax - bx) < 1:  # same column: an arc on the right side
        x = ax + NODE_W
        bulge = x + 40 + min(abs(by - ay), 240) / 4
        return f"M{x:.0f},{ay:.0f} C{bulge:.0f},{ay:.0f} {bulge:.0f},{by:.0f} {x:.0f},{by:.0f}", bulge - 8, (ay + by) / 2
    if bx > ax:
        x1, x2 = ax + NODE_W, bx
    else:
        x1, x2 = ax, bx + NODE_W
    mid = (x1 + x2) / 2
    return f"M{x1:.0f},{ay:.0f} C{mid:.0f},{ay:.0f} {mid:.0f},{by:.0f} {x2:.0f},{by:.0f}", mid, (ay + by) / 2 - 4


def _graph(result: ScanResult, findings: list[Finding]) -> str:
    resources, dropped = _graph_nodes(result, findings)
    if not resources:
        return '<p class="muted">No resources were found.</p>'
    by_res: dict[str, list[Finding]] = {}
    for f in findings:
        by_res.setdefault(f.resource.id, []).append(f)
    drawn = {r.id for r in resources}
    edges = [e for e in result.edges if e.source in drawn and e.target in drawn]
    # one line per (source, target, kind): parents are often reported twice with different paths
    edges = list({(e.source, e.target, e.kind): e for e in edges}.values())
    pos = layout(resources, edges)
    nodes = {r.id: _Node(r, *pos[r.id], by_res.get(r.id, [])) for r in resources}
    fmt = {r.id: r.format for r in resources}
    width = max(n.x for n in nodes.values()) + NODE_W + 70
    height = max(n.y for n in nodes.values()) + NODE_H + 30
    out = [f'<svg class="graph" role="img" aria-label="Resource graph" style="max-width:{width:.0f}px" '
           f'viewBox="0 0 {width:.0f} {height:.0f}" xmlns="http://www.w3.org/2000/svg">',
           '<defs><marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
           '<path d="M0,0 L10,5 L0,10 z" fill="#8a94a6"/></marker>'
           '<marker id="arrow-x" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">'
           '<path d="M0,0 L10,5 L0,10 z" fill="#6d28d9"/></marker></defs>']
    seen_cols: set[float] = set()
    for n in sorted(nodes.values(), key=lambda n: (n.x, n.y)):
        if n.x not in seen_cols:
            seen_cols.add(n.x)
            label = FORMAT_LABEL.get(n.res.format, n.res.format)
            out.append(f'<text class="col" x="{n.x:.0f}" y="18">{_e(label)}</text>')
    captions: set[str] = set()
    for n in sorted(nodes.values(), key=lambda n: (n.x, n.y)):
        if n.res.file not in captions:
            captions.add(n.res.file)
            out.append(f'<text class="file" x="{n.x:.0f}" y="{n.y - 8:.0f}">{_e(_short(n.res.file, 40))}</text>')
    for e in edges:
        cross = fmt[e.source] != fmt[e.target]
        d, lx, ly = _edge_path(pos[e.source], pos[e.target])
        cls = "edge cross" if cross else "edge"
        out.append(f'<path class="{cls}" d="{d}" marker-end="url(#{"arrow-x" if cross else "arrow"})">'
                   f'<title>{_e(e.source)} → {_e(e.target)} ({_e(e.kind)})</title></path>')
        out.append(f'<text class="elabel{" cross" if cross else ""}" x="{lx:.0f}" y="{ly:.0f}" text-anchor="middle">{_e(e.kind)}</text>')
    for n in nodes.values():
        worst = max((f.severity for f in n.findings), key=severity_rank, default="")
        cls = "node fail" if n.findings else "node"
        kind = n.res.type.split(":")[-1].split("/")[-1]
        tip = f"{n.res.address}\n{n.res.type}\n{n.res.file}:{n.res.line}\n{len(n.findings)} finding(s)"
        out.append(f'<g class="{cls}"><title>{_e(tip)}</title>'
                   f'<rect x="{n.x:.0f}" y="{n.y:.0f}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
                   f'<text x="{n.x + 8:.0f}" y="{n.y + 18:.0f}" class="addr">{_e(_node_label(n.res.address))}</text>'
                   f'<text x="{n.x + 8:.0f}" y="{n.y + 35:.0f}" class="kind">{_e(_short(kind, 24))} · line {n.res.line}</text>')
        if n.findings:
            bx = n.x + NODE_W - 14
            out.append(f'<circle cx="{bx:.0f}" cy="{n.y + 14:.0f}" r="11" fill="{SEV_COLOR.get(worst, "#c62828")}"/>'
                       f'<text x="{bx:.0f}" y="{n.y + 18:.0f}" class="badge" text-anchor="middle">{len(n.findings)}</text>')
        out.append("</g>")
    out.append("</svg>")
    note = f'<p class="muted">{dropped} more resources are not drawn.</p>' if dropped else ""
    return ('<p class="legend"><span class="chip failbox"></span>resource with findings (badge: count, colour: worst severity) '
            '<span class="chip okbox"></span>no findings <span class="line cross"></span>edge across formats '
            '<span class="line"></span>edge within a format</p>'
            f'<div class="graphbox">{"".join(out)}</div>{note}')


# ---- checklist, findings, page -----------------------------------------------------------------

def _checklist(items: list[ChecklistItem]) -> str:
    rows = []
    for item in items:
        if item.failing:
            detail = ", ".join(f"<code>{_e(cid)}</code> ({n})" for cid, n in item.failing.items())
        elif item.status == "none":
            detail = "nothing in scope"
        else:
            detail = f"{len(item.controls)} controls pass"
        note = f'<div class="note">{_e(item.note)}</div>' if item.note else ""
        rows.append(f'<tr class="{item.status}"><td class="mark">{_mark(item.status)}</td><td>{_e(item.label)}{note}</td><td>{detail}</td></tr>')
    return ('<table class="checklist"><thead><tr><th></th><th>Item</th><th>Controls</th></tr></thead><tbody>'
            + "".join(rows) + "</tbody></table>")


def excerpt(text: str | None, line: int, context: int = EXCERPT_CONTEXT) -> list[tuple[int, str]]:
    """(line number, text) of the lines around ``line``."""
    if not text:
        return []
    lines = text.splitlines()
    if not 1 <= line <= len(lines):
        return []
    lo, hi = max(line - context, 1), min(line + context, len(lines))
    return [(n, lines[n - 1].rstrip()) for n in range(lo, hi + 1)]


def _finding(f: Finding, sources: dict[str, str]) -> str:
    r = f.resource
    rows = "".join(
        f'<span class="{"hit" if n == f.line else "ctx"}"><span class="ln">{n}</span>{_e(src) or " "}</span>'
        for n, src in excerpt(sources.get(r.file), f.line))
    code = f"<pre>{rows}</pre>" if rows else ""
    fix = f'<p class="fix"><b>Fix:</b> {_e(f.rule.fix)}</p>' if f.rule.fix else ""
    supp = (f'<p class="supp">Suppressed: {_e(f.suppression_reason or "no reason given")}</p>' if f.suppressed else "")
    return (f'<article class="finding sev-{_e(f.severity)}"><header><span class="sev">{_e(f.severity)}</span> '
            f'<b>{_e(f.rule.id)}</b> {_e(f.rule.title)}</header>'
            f'<p class="loc"><code>{_e(r.file)}:{f.line}</code> · <code>{_e(r.address)}</code> · {_e(r.type)}'
            + (f" · <code>{_e(f.path)}</code>" if f.path else "") + "</p>"
            f'<p class="msg">{_e(f.message)}</p>{code}{fix}{supp}</article>')


CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2330;background:#f5f6f8}
main{max-width:1320px;margin:0 auto;padding:20px 28px}
h1{font-size:24px;margin:0 0 4px} h2{font-size:18px;margin:28px 0 10px;border-bottom:1px solid #d8dce3;padding-bottom:4px}
.summary{font-size:15px;margin:0 0 8px} .muted{color:#6b7280}
.totals span{display:inline-block;margin-right:14px;font-weight:600}
.top{display:flex;gap:28px;flex-wrap:wrap;align-items:flex-start}
.card{background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:12px 16px}
table.checklist{border-collapse:collapse;min-width:560px}
.checklist td,.checklist th{padding:5px 10px;border-bottom:1px solid #eceef2;text-align:left;vertical-align:top}
.checklist td.mark{font-size:18px;width:28px}.checklist tr.fail td{background:#fff4f4}
.note{font-size:12px;color:#6b7280;max-width:430px}
.charts{display:flex;flex-direction:column;gap:14px}
.top>section{flex:1 1 600px}.top>section.charts-card{flex:0 0 auto}.card h2{margin-top:4px}
svg.mark{vertical-align:middle}.graph{width:100%;height:auto} figure{margin:0} figcaption{font-weight:600;margin-bottom:4px}
svg text{font:12px system-ui,sans-serif;fill:#1d2330}
.legend{font-size:12px;color:#4b5563}
.chip{display:inline-block;width:12px;height:12px;border-radius:2px;margin:0 4px -2px 8px}
.failbox{background:#fde8e8;border:2px solid #c62828}.okbox{background:#fff;border:1px solid #9aa3b2}
.line{display:inline-block;width:26px;border-top:2px solid #8a94a6;margin:0 4px 3px 10px}
.line.cross{border-top:3px solid #6d28d9}
.graphbox{overflow:auto;background:#fff;border:1px solid #dde1e8;border-radius:8px;padding:6px}
.node rect{fill:#fff;stroke:#9aa3b2;stroke-width:1}
.node.fail rect{fill:#fde8e8;stroke:#c62828;stroke-width:2}
.node .addr{font-weight:600}.node .kind{fill:#4b5563;font-size:11px}
.badge{fill:#fff !important;font-weight:700;font-size:11px !important}
text.col{font-size:14px;font-weight:700;fill:#374151} text.file{font-size:11px;fill:#6b7280}
.edge{fill:none;stroke:#8a94a6;stroke-width:1.3}
.edge.cross{stroke:#6d28d9;stroke-width:2.6;stroke-dasharray:7 4}
.elabel{font-size:11px;fill:#4b5563;paint-order:stroke;stroke:#fff;stroke-width:3px}
.elabel.cross{fill:#6d28d9;font-weight:700}
.finding{background:#fff;border:1px solid #dde1e8;border-left:5px solid #999;border-radius:6px;padding:8px 14px;margin:10px 0}
.finding header{font-size:14px}.finding p{margin:4px 0}
.sev{display:inline-block;color:#fff;border-radius:3px;padding:0 6px;font-size:11px;font-weight:700;text-transform:uppercase}
.loc{font-size:12px;color:#4b5563}.fix{color:#14532d}.supp{color:#6b7280;font-style:italic}
pre{background:#f7f7f9;border:1px solid #e5e7eb;border-radius:4px;padding:6px 0;overflow:auto;margin:6px 0;font:12px/1.5 ui-monospace,Menlo,Consolas,monospace}
pre span{display:block;padding:0 10px;white-space:pre}.hit{background:#fff1c2}
.ln{display:inline-block;width:44px;color:#9aa3b2;text-align:right;margin-right:12px;user-select:none}
code{font:12px ui-monospace,Menlo,Consolas,monospace}
ul.plain{padding-left:18px}
""" + "".join(f".sev-{s}{{border-left-color:{c}}}.sev-{s} .sev{{background:{c}}}" for s, c in SEV_COLOR.items())


def render(result: ScanResult, ctx: ReportContext) -> str:
    findings = active(result)
    suppressed = [f for f in result.findings if f.suppressed]
    sev = by_severity(findings)
    facts = [f"{len(findings)} findings in {result.files} files ({len(result.resources)} resources)"]
    if suppressed:
        facts.append(f"{len(suppressed)} suppressed")
    if ctx.baselined:
        facts.append(f"{ctx.baselined} in the baseline")
    if result.errors:
        facts.append(f"{len(result.errors)} parse errors")
    if result.unresolved_count:
        facts.append(f"{result.unresolved_count} unresolved values")
    totals = "".join(f'<span style="color:{SEV_COLOR[s]}">{n} {s}</span>' for s, n in sev.items())
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">",
        f"<title>aipolicy report — {len(findings)} findings</title><style>{CSS}</style></head><body><main>",
        f'<h1>aipolicy report</h1><p class="summary">{_e(", ".join(facts))} · threshold {_e(ctx.threshold)} · '
        f'{ctx.duration_s:.2f}s · aipolicy {_e(__version__)}</p><p class="totals">{totals}</p>',
        '<div class="top"><section class="card"><h2>Security &amp; Resilience Checklist</h2>',
        _checklist(checklist(result)),
        '<p class="legend">' + _mark("pass") + ' all mapped controls pass · ' + _mark("fail") + ' a mapped control has findings · ' + _mark("none") + ' nothing in the scan is in scope</p></section>',
        f'<section class="card charts-card"><h2>Findings by severity and pillar</h2>{_charts(findings)}</section></div>',
        "<h2>Resource graph</h2>",
        _graph(result, findings),
    ]
    if result.warnings or result.errors:
        parts.append("<h2>Warnings and errors</h2><ul class=\"plain\">")
        parts += [f"<li><code>{_e(e.file)}:{e.line}</code> error: {_e(e.message)}</li>" for e in result.errors]
        parts += [f"<li>warning: {_e(w)}</li>" for w in result.warnings]
        parts.append("</ul>")
    parts.append(f"<h2>Findings ({len(findings)})</h2>")
    parts += [_finding(f, result.sources) for f in findings] or ['<p class="muted">No findings.</p>']
    if suppressed:
        parts.append(f"<details><summary><h2 style=\"display:inline\">Suppressed ({len(suppressed)})</h2></summary>")
        parts += [_finding(f, result.sources) for f in suppressed]
        parts.append("</details>")
    parts.append("</main></body></html>\n")
    return "\n".join(parts)
