"""GitHub workflow commands (``::error file=…::…``): annotations without any API access.

GitHub shows only a few of them per step, so the most severe come first and a last line says how
many more there are.
"""
from __future__ import annotations

from .results import Finding, most_severe_first

DEFAULT_LIMIT = 10
_LEVELS = {"critical": "error", "high": "error", "medium": "warning"}


def escape_data(text: str) -> str:
    """Escape a command's message (after the ``::``)."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """Escape a property value (``file=``, ``title=`` …)."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def command(finding: Finding) -> str:
    """The workflow command for one finding."""
    props = []
    if finding.file:
        props += [f"file={escape_property(finding.file)}", f"line={finding.line}",
                  f"endLine={finding.end_line}"]
    props.append(f"title={escape_property(f'{finding.rule_id} ({finding.severity}): {finding.title}')}")
    message = finding.message or finding.title
    if finding.fix:
        message += f"\nFix: {finding.fix}"
    level = _LEVELS.get(finding.severity, "notice")
    return f"::{level} {','.join(props)}::{escape_data(message)}"


def workflow_commands(findings: list[Finding], limit: int = DEFAULT_LIMIT) -> list[str]:
    """Commands for at most ``limit`` findings, most severe first, plus a line for the rest."""
    ordered = most_severe_first(findings)
    lines = [command(f) for f in ordered[:limit]]
    rest = len(ordered) - limit
    if rest > 0:
        more = "finding is" if rest == 1 else "findings are"
        lines.append(f"::notice title=aipolicy::{rest} more {more} in the SARIF report and the job summary")
    return lines
