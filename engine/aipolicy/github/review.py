"""One pull request review: inline comments on changed lines only, the rest counted in its body.

Every comment carries a hidden marker with the finding's fingerprint, so a re-run edits, moves or
deletes its earlier comments instead of adding new ones.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .client import Api
from .event import RunContext
from .results import Finding, headline

REVIEW_MARKER = "<!-- aipolicy:review -->"
_MARKER = re.compile(r"<!-- aipolicy:([A-Za-z0-9._:\-]+) -->")
_HUNK = re.compile(r"^@@ -\d+(?:,\d+)? \+(\d+)(?:,\d+)? @@")
_UNSAFE = re.compile(r"[^A-Za-z0-9._:\-]")
BODY_LIST_LIMIT = 50  # findings outside the diff listed by name in the review body


@dataclass(frozen=True)
class ReviewOutcome:
    """What a run did to the pull request."""

    posted: bool
    new_comments: int
    updated: int
    deleted: int
    outside_diff: int


def changed_lines(patch: str) -> set[int]:
    """Lines of the new file that a unified-diff ``patch`` adds or changes."""
    lines: set[int] = set()
    new: int | None = None
    for text in patch.split("\n"):
        hunk = _HUNK.match(text)
        if hunk:
            new = int(hunk.group(1))
        elif new is None or text.startswith(("-", "\\")):
            continue
        elif text.startswith("+"):
            lines.add(new)
            new += 1
        else:
            new += 1
    return lines


def marker_key(finding: Finding) -> str:
    """The id in a comment's hidden marker: the fingerprint, or rule, file and line without one."""
    key = finding.fingerprint or f"{finding.rule_id}:{finding.file}:{finding.line}"
    return _UNSAFE.sub("_", key)


def comment_body(finding: Finding) -> str:
    parts = [
        f"<!-- aipolicy:{marker_key(finding)} -->",
        f"**{finding.rule_id}** ({finding.severity}): **{finding.title}**",
        "",
        finding.message,
    ]
    if finding.fix:
        parts += ["", f"**Fix:** {finding.fix}"]
    return "\n".join(parts)


def _target_line(finding: Finding, changed: dict[str, set[int]]) -> int | None:
    lines = changed.get(finding.file, set())
    return next((n for n in range(finding.line, finding.end_line + 1) if n in lines), None)


def review_body(inline: int, outside: list[Finding], findings: list[Finding], threshold: str) -> str:
    parts = [REVIEW_MARKER, f"### aipolicy: {headline(findings, threshold)}"]
    if findings:
        parts.append(f"{inline} on lines this pull request changes (commented inline); "
                     f"{len(outside)} outside the diff.")
    for f in outside[:BODY_LIST_LIMIT]:
        where = f"{f.file}:{f.line}" if f.file else "(no file)"
        parts.append(f"- `{where}` **{f.rule_id}** ({f.severity}): {f.title}. {f.message}")
    if len(outside) > BODY_LIST_LIMIT:
        parts.append(f"- … and {len(outside) - BODY_LIST_LIMIT} more in the job summary and SARIF report.")
    return "\n".join(parts)


def post_review(api: Api, ctx: RunContext, findings: list[Finding], threshold: str) -> ReviewOutcome:
    """Reconcile aipolicy's comments on the pull request with ``findings``."""
    number = ctx.pr_number
    if number is None:
        raise ValueError("not a pull request event")
    pr = api.call(f"reading pull request #{number}",
                  lambda: api.gh.pull_request(ctx.owner, ctx.repo, number))
    files = api.call("listing the pull request's files", lambda: list(pr.files()))
    changed = {f.filename: changed_lines(f.patch or "") for f in files}

    wanted: dict[str, tuple[Finding, int]] = {}
    outside: list[Finding] = []
    for f in findings:
        line = _target_line(f, changed)
        if line is None or marker_key(f) in wanted:
            outside.append(f)
        else:
            wanted[marker_key(f)] = (f, line)

    existing = api.call("listing review comments", lambda: list(pr.review_comments()))
    updated = deleted = 0
    kept: set[str] = set()
    for comment in existing:
        match = _MARKER.search(comment.body or "")
        if not match or match.group(1) == "review":
            continue
        key = match.group(1)
        hit = wanted.get(key)
        raw: dict[str, Any] = comment.as_dict()
        if hit and key not in kept and raw.get("path") == hit[0].file and raw.get("line") == hit[1]:
            kept.add(key)
            body = comment_body(hit[0])
            if comment.body != body:
                api.call("updating a review comment", lambda c=comment, b=body: c.edit(b))
                updated += 1
            continue
        api.call("deleting an outdated review comment", lambda c=comment: c.delete())
        deleted += 1

    new = [{"path": f.file, "line": line, "side": "RIGHT", "body": comment_body(f)}
           for key, (f, line) in wanted.items() if key not in kept]
    body = review_body(len(wanted), outside, findings, threshold)
    previous = [r for r in api.call("listing reviews", lambda: list(pr.reviews()))
                if REVIEW_MARKER in (r.body or "")]
    unchanged = previous[-1].body == body if previous else not findings
    if new or not unchanged:
        api.call("creating the review", lambda: pr.create_review(
            body, commit_id=ctx.sha, event="COMMENT", comments=new))
    return ReviewOutcome(bool(new or not unchanged), len(new), updated, deleted, len(outside))
