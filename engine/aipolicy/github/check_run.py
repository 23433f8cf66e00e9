"""One Check Run per scan: title, markdown summary and annotations, 50 per request."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Any

from .client import Api
from .event import RunContext
from .results import Finding, headline

CHECK_NAME = "aipolicy"
BATCH = 50  # the Checks API takes at most 50 annotations per request
_SUMMARY_LIMIT = 65535  # characters GitHub keeps of output.summary
_LEVELS = {"critical": "failure", "high": "failure", "medium": "warning"}


def annotation(finding: Finding) -> dict[str, Any]:
    """The Checks API annotation for one finding."""
    message = finding.message or finding.title
    if finding.fix:
        message += f"\n\nFix: {finding.fix}"
    return {
        "path": finding.file,
        "start_line": finding.line,
        "end_line": finding.end_line,
        "annotation_level": _LEVELS.get(finding.severity, "notice"),
        "title": f"{finding.rule_id} ({finding.severity}): {finding.title}"[:255],
        "message": message[:64000],
    }


def conclusion(findings: list[Finding], fail_on_findings: bool) -> str:
    """failure when findings at the threshold fail the build, neutral when they only warn."""
    if not findings:
        return "success"
    return "failure" if fail_on_findings else "neutral"


def _summary(markdown: str, findings: list[Finding], threshold: str) -> str:
    text = markdown.strip() or f"aipolicy: {headline(findings, threshold)}."
    if len(text) > _SUMMARY_LIMIT:
        note = "\n\n… (summary truncated; see the job summary and the SARIF report)"
        text = text[: _SUMMARY_LIMIT - len(note)] + note
    return text


def post_check_run(
    api: Api,
    ctx: RunContext,
    findings: list[Finding],
    threshold: str,
    fail_on_findings: bool,
    summary_markdown: str = "",
) -> str:
    """Create the check run on ``ctx.sha`` with every finding as an annotation; return its URL.

    Findings without a file (e.g. read from stdin) cannot be annotated and only show in the summary.
    """
    annotations = [annotation(f) for f in findings if f.file]
    batches = [annotations[i : i + BATCH] for i in range(0, len(annotations), BATCH)] or [[]]
    output = {"title": headline(findings, threshold),
              "summary": _summary(summary_markdown, findings, threshold)}
    done = {
        "status": "completed",
        "conclusion": conclusion(findings, fail_on_findings),
        "completed_at": datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }

    repo = api.call("reading the repository", lambda: api.gh.repository(ctx.owner, ctx.repo))
    first = {**output, "annotations": batches[0]}
    run = api.call(
        "creating the check run",
        lambda: repo.create_check_run(
            CHECK_NAME, ctx.sha, output=first, **(done if len(batches) == 1 else {"status": "in_progress"})
        ),
    )
    for index, batch in enumerate(batches[1:], start=2):
        final = done if index == len(batches) else {}
        api.call(
            f"sending annotations (batch {index} of {len(batches)})",
            lambda batch=batch, final=final: run.update(output={**output, "annotations": batch}, **final),
        )
    return str(run.html_url)
