"""``aipolicy github-annotate RESULTS.json``: show a scan's findings on GitHub.

The exit code depends on the findings only (1 when unsuppressed findings reach the threshold and
``--fail-on-findings``, else 0; 2 when RESULTS.json is unreadable); GitHub API failures fall back
to workflow commands and never change it.
"""
from __future__ import annotations

import os
from pathlib import Path

import click

from .check_run import post_check_run
from .client import Api, GitHubAPIError
from .commands import workflow_commands
from .event import ContextError, load_context
from .results import SEVERITIES, Finding, ResultsError, at_or_above, headline, load_findings
from .review import post_review

MODES = ("check-run", "review", "workflow-commands", "none")


def _read_summary(path: Path | None) -> str:
    if path is None:
        return ""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        click.echo(f"aipolicy: cannot read the summary file {path}: {exc}", err=True)
        return ""


def _post(mode: str, token: str, findings: list[Finding], threshold: str,
          fail_on_findings: bool, summary: str) -> str | None:
    """Post to the API; return why it could not (the caller then prints workflow commands)."""
    if not token:
        return "no GitHub token (set GITHUB_TOKEN or pass --token)"
    try:
        run = load_context()
    except ContextError as exc:
        return str(exc)
    if mode == "review" and run.pr_number is None:
        return f"the '{run.event_name or 'unknown'}' event is not a pull request, so there is no review"
    api = Api(token, run.api_url)
    try:
        if mode == "check-run":
            url = post_check_run(api, run, findings, threshold, fail_on_findings, summary)
            click.echo(f"aipolicy: check run posted: {url}", err=True)
        else:
            done = post_review(api, run, findings, threshold)
            click.echo(
                f"aipolicy: review on #{run.pr_number}: {done.new_comments} new, {done.updated} updated, "
                f"{done.deleted} deleted comments; {done.outside_diff} findings outside the diff",
                err=True,
            )
    except GitHubAPIError as exc:
        return str(exc)
    except Exception as exc:  # an annotation bug must not cost the scan's results or exit code
        return api.redact(f"annotating failed unexpectedly: {exc!r}")
    return None


def _set_output(count: int) -> None:
    """Expose the count as the step output ``findings`` when running in GitHub Actions."""
    target = os.environ.get("GITHUB_OUTPUT")
    if target:
        with open(target, "a", encoding="utf-8") as out:
            out.write(f"findings={count}\n")


@click.command("github-annotate")
@click.argument("results", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--mode", type=click.Choice(MODES), default="check-run", show_default=True,
              help="Where findings go; without a token or write access: workflow commands.")
@click.option("--severity-threshold", type=click.Choice(SEVERITIES), default="medium",
              show_default=True, help="Lowest severity that is shown and fails the run.")
@click.option("--summary-file", type=click.Path(dir_okay=False, path_type=Path),
              help="Markdown summary (from `scan -f markdown`) used as the Check Run summary.")
@click.option("--fail-on-findings/--no-fail-on-findings", default=True, show_default=True,
              help="Exit 1 when findings reach the threshold.")
@click.option("--token", envvar=["INPUT_GITHUB_TOKEN", "GITHUB_TOKEN"], default="",
              show_default=False, help="GitHub token (default: $GITHUB_TOKEN).")
@click.pass_context
def github_annotate(ctx: click.Context, results: Path, mode: str, severity_threshold: str,
                    summary_file: Path | None, fail_on_findings: bool, token: str) -> None:
    """Post RESULTS.json (from `aipolicy scan -f json`) as a Check Run or a pull request review."""
    try:
        findings = at_or_above(load_findings(results), severity_threshold)
    except ResultsError as exc:
        click.echo(f"aipolicy: {exc}", err=True)
        ctx.exit(2)
    _set_output(len(findings))
    if mode != "none":
        reason = None
        if mode != "workflow-commands":
            reason = _post(mode, token, findings, severity_threshold, fail_on_findings,
                           _read_summary(summary_file))
            if reason:
                click.echo(f"aipolicy: {reason}; printing workflow commands instead", err=True)
        if mode == "workflow-commands" or reason:
            for line in workflow_commands(findings):
                click.echo(line)
    click.echo(f"aipolicy: {headline(findings, severity_threshold)}", err=True)
    ctx.exit(1 if findings and fail_on_findings else 0)
