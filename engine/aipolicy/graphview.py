"""``aipolicy graph``: the normalized resource graph as JSON or Graphviz dot."""
from __future__ import annotations

import json

from .graph import build_input
from .pipeline import ScanResult


def render_graph(result: ScanResult, fmt: str) -> str:
    if fmt == "json":
        doc = build_input(result.resources, result.edges)
        doc["errors"] = [e.to_json() for e in result.errors]
        return json.dumps(doc, indent=2)
    lines = ["digraph aipolicy {", "  rankdir=LR;", '  node [shape=box, fontname="Helvetica"];']
    for r in result.resources:
        label = f"{r.address}\\n{r.type}\\n{r.file}:{r.line}".replace('"', "'")
        lines.append(f'  "{r.id}" [label="{label}"];')
    for e in result.edges:
        lines.append(f'  "{e.source}" -> "{e.target}" [label="{e.kind}"];')
    lines.append("}")
    return "\n".join(lines)
