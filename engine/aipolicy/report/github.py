"""``-f github``: workflow-command annotations, most severe first (no API access needed)."""
from __future__ import annotations

from ..github.commands import workflow_commands
from ..github.results import from_json
from ..pipeline import ScanResult
from . import ReportContext
from .summary import active


def render(result: ScanResult, ctx: ReportContext) -> str:
    findings = [from_json(f.to_json()) for f in active(result)]
    return "\n".join(workflow_commands(findings)) + ("\n" if findings else "")
