"""The github3.py session: token auth, API URL, and GitHub errors turned into clear messages."""
from __future__ import annotations

import time
from typing import Callable, TypeVar

import github3
from github3.exceptions import GitHubError, GitHubException

T = TypeVar("T")

# Actions tokens carry no expiry we could read; github3 requires one for installation auth.
_FAR_FUTURE = "2999-01-01T00:00:00Z"


class GitHubAPIError(Exception):
    """A GitHub API call failed; the message is safe to print (the token is redacted)."""

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


def _retry_after(error: GitHubError) -> float | None:
    """Seconds to wait when ``error`` is a rate limit, else None."""
    response = error.response
    if response is None or error.code not in (403, 429):
        return None
    headers = response.headers
    if "Retry-After" in headers:
        try:
            return max(0.0, float(headers["Retry-After"]))
        except ValueError:
            return 60.0
    if headers.get("X-RateLimit-Remaining") == "0":
        try:
            return max(0.0, float(headers.get("X-RateLimit-Reset", "0")) - time.time())
        except ValueError:
            return 60.0
    return None if error.code == 403 else 60.0


class Api:
    """A github3 client bound to one token and API URL.

    ``call`` runs one API operation and maps failures to :class:`GitHubAPIError`; a rate limit
    whose Retry-After is at most ``max_wait`` seconds is waited out and retried once.
    """

    def __init__(self, token: str, api_url: str, max_wait: float = 10.0) -> None:
        self._token = token
        self.api_url = api_url.rstrip("/")
        self.max_wait = max_wait
        self.gh = github3.GitHub()
        self.gh.session.base_url = self.api_url
        self.gh.session.app_installation_token_auth({"token": token, "expires_at": _FAR_FUTURE})

    def redact(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text

    def call(self, action: str, operation: Callable[[], T]) -> T:
        """Run ``operation`` (described by ``action``, e.g. 'creating the check run')."""
        retried = False
        while True:
            try:
                return operation()
            except GitHubError as exc:
                wait = _retry_after(exc)
                if wait is not None and not retried and wait <= self.max_wait:
                    retried = True
                    time.sleep(wait)
                    continue
                raise self._error(action, exc, wait) from None
            except GitHubException as exc:
                raise GitHubAPIError(
                    self.redact(f"GitHub API at {self.api_url} failed while {action}: {exc}")
                ) from None

    def _error(self, action: str, exc: GitHubError, wait: float | None) -> GitHubAPIError:
        code = exc.code
        detail = exc.msg or "no message"
        if exc.errors:
            detail += f" ({'; '.join(str(e) for e in exc.errors)})"
        if wait is not None:
            text = (f"GitHub rate limit hit while {action} ({code}: {detail}); "
                    f"retry after {int(wait)} s")
        elif code == 401:
            text = (f"GitHub rejected the token while {action} (401: {detail}); "
                    "check the github-token input or GITHUB_TOKEN")
        elif code == 403:
            text = (f"the token may not do this: {action} was refused (403: {detail}); "
                    "grant 'checks: write' and 'pull-requests: write' in the workflow's "
                    "permissions (pull requests from forks only get a read-only token)")
        elif code == 404:
            text = (f"not found while {action} (404: {detail}); check GITHUB_REPOSITORY, "
                    f"the pull request number and GITHUB_API_URL ({self.api_url})")
        elif code == 422:
            text = f"GitHub refused the data while {action} (422: {detail})"
        else:
            text = f"GitHub API error while {action} ({code}: {detail})"
        return GitHubAPIError(self.redact(text), code)
