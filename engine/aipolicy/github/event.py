"""The workflow run's context: repository, commit, event and pull request, from GITHUB_* variables."""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

DEFAULT_API_URL = "https://api.github.com"
_PR_REF = re.compile(r"^refs/pull/(\d+)/")


class ContextError(Exception):
    """The environment does not describe a GitHub Actions run."""


@dataclass(frozen=True)
class RunContext:
    """Where annotations go.

    ``sha`` is the commit to annotate: on pull requests the PR's head commit (``GITHUB_SHA`` is
    the merge commit there), otherwise ``GITHUB_SHA``.
    """

    owner: str
    repo: str
    sha: str
    event_name: str
    pr_number: int | None
    api_url: str

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.repo}"


def _read_event(path: str) -> dict[str, Any]:
    if not path:
        return {}
    try:
        event = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ContextError(f"cannot read the event payload GITHUB_EVENT_PATH={path}: {exc}") from exc
    return event if isinstance(event, dict) else {}


def _pull_request(event: Mapping[str, Any], ref: str) -> tuple[int | None, str]:
    """(number, head sha) of the event's pull request; (None, '') outside pull requests."""
    pr = event.get("pull_request")
    if isinstance(pr, dict):
        number = pr.get("number", event.get("number"))
        head = pr.get("head") if isinstance(pr.get("head"), dict) else {}
        return (int(number) if isinstance(number, int) else None), str(head.get("sha") or "")
    match = _PR_REF.match(ref)
    return (int(match.group(1)) if match else None), ""


def load_context(environ: Mapping[str, str] = os.environ) -> RunContext:
    """The run context from the environment GitHub Actions sets."""
    repository = environ.get("GITHUB_REPOSITORY", "")
    owner, _, repo = repository.partition("/")
    if not owner or not repo:
        raise ContextError("GITHUB_REPOSITORY is not set (expected owner/name)")
    event = _read_event(environ.get("GITHUB_EVENT_PATH", ""))
    pr_number, head_sha = _pull_request(event, environ.get("GITHUB_REF", ""))
    sha = head_sha or environ.get("GITHUB_SHA", "")
    if not sha:
        raise ContextError("GITHUB_SHA is not set and the event names no head commit")
    return RunContext(
        owner=owner,
        repo=repo,
        sha=sha,
        event_name=environ.get("GITHUB_EVENT_NAME", ""),
        pr_number=pr_number,
        api_url=(environ.get("GITHUB_API_URL") or DEFAULT_API_URL).rstrip("/"),
    )
