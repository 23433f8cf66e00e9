"""A small stand-in for the GitHub REST API on 127.0.0.1, for tests of the GitHub integration.

It serves the endpoints github-annotate uses, answers the way GitHub does (including its 422s for
more than 50 annotations and for review comments outside the diff), and records every request.
"""
from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from aipolicy.github.review import changed_lines

NOW = "2025-01-01T00:00:00Z"


@dataclass
class Recorded:
    method: str
    path: str
    authorization: str
    body: Any


@dataclass
class Failure:
    status: int
    message: str
    headers: dict[str, str] = field(default_factory=dict)
    times: int | None = None  # None: every time


def _user(base: str, login: str = "github-actions[bot]") -> dict[str, Any]:
    url = f"{base}/users/{login}"
    keys = ("followers_url", "organizations_url", "received_events_url", "repos_url",
            "subscriptions_url", "html_url")
    templates = ("events_url", "following_url", "gists_url", "starred_url")
    return {"login": login, "id": 41898282, "type": "Bot", "avatar_url": "", "gravatar_id": "",
            "url": url, **{k: url for k in keys}, **{k: url + "{/x}" for k in templates}}


def _repository(base: str, owner: str, name: str) -> dict[str, Any]:
    url = f"{base}/repos/{owner}/{name}"
    repo: dict[str, Any] = {"id": 1, "name": name, "full_name": f"{owner}/{name}", "url": url,
                            "owner": _user(base, owner), "private": False, "fork": False,
                            "archived": False, "description": "", "homepage": "", "language": "",
                            "mirror_url": None, "default_branch": "main"}
    for key in ("archive_url", "assignees_url", "blobs_url", "branches_url", "collaborators_url",
                "comments_url", "commits_url", "compare_url", "contents_url", "contributors_url",
                "deployments_url", "downloads_url", "events_url", "forks_url", "git_commits_url",
                "git_refs_url", "git_tags_url", "hooks_url", "html_url", "issue_comment_url",
                "issue_events_url", "issues_url", "keys_url", "labels_url", "languages_url",
                "merges_url", "milestones_url", "notifications_url", "pulls_url", "releases_url",
                "stargazers_url", "statuses_url", "subscribers_url", "subscription_url", "tags_url",
                "teams_url", "trees_url", "clone_url", "git_url", "ssh_url", "svn_url"):
        repo[key] = f"{url}/{key}"
    for key in ("forks_count", "network_count", "open_issues_count", "size", "stargazers_count",
                "subscribers_count", "watchers_count"):
        repo[key] = 0
    for key in ("has_downloads", "has_issues", "has_pages", "has_projects", "has_wiki"):
        repo[key] = True
    for key in ("created_at", "pushed_at", "updated_at"):
        repo[key] = NOW
    return repo


class FakeGitHub:
    """The fake API; use as a context manager. ``url`` is its base URL (GITHUB_API_URL)."""

    def __init__(self, token: str, owner: str = "acme", repo: str = "infra", pr_number: int = 7,
                 head_sha: str = "a" * 40) -> None:
        self.token = token
        self.owner, self.repo, self.pr_number, self.head_sha = owner, repo, pr_number, head_sha
        self.requests: list[Recorded] = []
        self.failures: dict[tuple[str, str], Failure] = {}
        self.pr_files: list[dict[str, str]] = []  # {"filename": …, "patch": …}
        self.check_runs: dict[int, dict[str, Any]] = {}
        self.reviews: list[dict[str, Any]] = []
        self.comments: dict[int, dict[str, Any]] = {}
        self._ids = iter(range(1000, 10**9))
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler_class())
        self.url = f"http://127.0.0.1:{self._server.server_port}"

    def __enter__(self) -> "FakeGitHub":
        threading.Thread(target=self._server.serve_forever, args=(0.05,), daemon=True).start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    # -- test helpers -------------------------------------------------------------------------
    def fail(self, method: str, pattern: str, status: int, message: str,
             headers: dict[str, str] | None = None, times: int | None = None) -> None:
        """Answer requests whose path matches ``pattern`` (regex) with an error."""
        self.failures[(method, pattern)] = Failure(status, message, headers or {}, times)

    def calls(self, method: str, pattern: str) -> list[Recorded]:
        return [r for r in self.requests if r.method == method and re.fullmatch(pattern, r.path)]

    # -- serving ------------------------------------------------------------------------------
    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                body = json.loads(raw) if raw else None
                path = self.path.split("?", 1)[0]
                auth = self.headers.get("Authorization", "")
                with fake._lock:
                    fake.requests.append(Recorded(self.command, path, auth, body))
                    status, headers, payload = fake._answer(self.command, path, auth, body)
                data = b"" if payload is None else json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for key, value in headers.items():
                    self.send_header(key, value)
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PATCH = do_DELETE = _serve

            def log_message(self, *args: object) -> None:
                pass

        return Handler

    def _answer(self, method: str, path: str, auth: str,
                body: Any) -> tuple[int, dict[str, str], Any]:
        if auth != f"token {self.token}":
            return 401, {}, {"message": "Bad credentials"}
        for (m, pattern), failure in self.failures.items():
            if m == method and re.fullmatch(pattern, path) and failure.times != 0:
                if failure.times is not None:
                    failure.times -= 1
                return failure.status, failure.headers, {"message": failure.message}
        base = f"/repos/{self.owner}/{self.repo}"
        routes = [
            ("GET", rf"{base}", lambda m: (200, _repository(self.url, self.owner, self.repo))),
            ("POST", rf"{base}/check-runs", lambda m: self._create_run(body)),
            ("PATCH", rf"{base}/check-runs/(\d+)", lambda m: self._update_run(int(m[1]), body)),
            ("GET", rf"{base}/pulls/(\d+)", lambda m: (200, self._pull())),
            ("GET", rf"{base}/pulls/(\d+)/files", lambda m: (200, self._files())),
            ("GET", rf"{base}/pulls/(\d+)/reviews", lambda m: (200, self.reviews)),
            ("POST", rf"{base}/pulls/(\d+)/reviews", lambda m: self._create_review(body)),
            ("GET", rf"{base}/pulls/(\d+)/comments", lambda m: (200, list(self.comments.values()))),
            ("PATCH", rf"{base}/pulls/comments/(\d+)", lambda m: self._edit_comment(int(m[1]), body)),
            ("DELETE", rf"{base}/pulls/comments/(\d+)", lambda m: self._delete_comment(int(m[1]))),
        ]
        for m, pattern, action in routes:
            match = re.fullmatch(pattern, path)
            if m == method and match:
                status, payload = action(match)
                return status, {}, payload
        return 404, {}, {"message": "Not Found"}

    def _run_json(self, run_id: int) -> dict[str, Any]:
        run = self.check_runs[run_id]
        url = f"{self.url}/repos/{self.owner}/{self.repo}/check-runs/{run_id}"
        output = run.get("output", {})
        return {
            "id": run_id, "url": url, "html_url": f"https://github.example/runs/{run_id}",
            "name": run["name"], "head_sha": run["head_sha"], "status": run.get("status", "queued"),
            "conclusion": run.get("conclusion"), "started_at": NOW,
            "completed_at": run.get("completed_at"), "external_id": "", "pull_requests": [],
            "check_suite": {"id": 5},
            "app": {"id": 15368, "name": "GitHub Actions", "description": "", "owner": {},
                    "external_url": "", "html_url": "https://github.example/apps/github-actions"},
            "output": {"title": output.get("title"), "summary": output.get("summary"),
                       "text": None, "annotations_count": len(run["annotations"]),
                       "annotations_url": f"{url}/annotations"},
        }

    def _apply(self, run: dict[str, Any], body: dict[str, Any]) -> tuple[int, Any] | None:
        annotations = (body.get("output") or {}).get("annotations") or []
        if len(annotations) > 50:
            return 422, {"message": "Only 50 annotations are allowed per request"}
        run["annotations"].extend(annotations)
        run.update({k: v for k, v in body.items() if k != "output"})
        if body.get("output"):
            run["output"] = body["output"]
        return None

    def _create_run(self, body: dict[str, Any]) -> tuple[int, Any]:
        run: dict[str, Any] = {"annotations": []}
        refused = self._apply(run, body)
        if refused:
            return refused
        run_id = next(self._ids)
        self.check_runs[run_id] = run
        return 201, self._run_json(run_id)

    def _update_run(self, run_id: int, body: dict[str, Any]) -> tuple[int, Any]:
        if run_id not in self.check_runs:
            return 404, {"message": "Not Found"}
        return self._apply(self.check_runs[run_id], body) or (200, self._run_json(run_id))

    def _pull(self) -> dict[str, Any]:
        pr_url = f"{self.url}/repos/{self.owner}/{self.repo}/pulls/{self.pr_number}"
        repo = _repository(self.url, self.owner, self.repo)
        pull: dict[str, Any] = {
            "url": pr_url, "id": 1, "number": self.pr_number, "state": "open", "title": "infra",
            "body": "", "body_html": "", "body_text": "", "user": _user(self.url, "dev"),
            "assignee": None, "assignees": [], "active_lock_reason": None, "locked": False,
            "closed_at": None, "merged_at": None, "created_at": NOW, "updated_at": NOW,
            "merge_commit_sha": "m" * 40, "requested_reviewers": [], "requested_teams": [],
            "head": {"ref": "feature", "label": "acme:feature", "sha": self.head_sha, "repo": repo},
            "base": {"ref": "main", "label": "acme:main", "sha": "b" * 40, "repo": repo},
            "_links": {}, "additions": 1, "deletions": 0, "changes": 1, "author_association": "MEMBER",
            "comments": 0, "commits": 1, "draft": False, "mergeable": True,
            "mergeable_state": "clean", "merged": False, "merged_by": None, "review_comments": 0,
            "review_comment_url": pr_url + "/comments{/number}",
        }
        for key in ("comments_url", "commits_url", "diff_url", "html_url", "issue_url",
                    "patch_url", "review_comments_url", "statuses_url"):
            pull[key] = f"{pr_url}/{key}"
        return pull

    def _files(self) -> list[dict[str, Any]]:
        return [{"sha": "f" * 40, "filename": f["filename"], "status": "modified", "additions": 1,
                 "deletions": 0, "changes": 1, "blob_url": "", "raw_url": "", "contents_url": "",
                 "patch": f["patch"]} for f in self.pr_files]

    def _comment_json(self, comment_id: int, path: str, line: int, body: str) -> dict[str, Any]:
        base = f"{self.url}/repos/{self.owner}/{self.repo}/pulls"
        return {"id": comment_id, "url": f"{base}/comments/{comment_id}", "path": path,
                "line": line, "side": "RIGHT", "body": body, "body_html": "", "body_text": "",
                "commit_id": self.head_sha, "original_commit_id": self.head_sha,
                "position": 1, "original_position": 1, "diff_hunk": "", "created_at": NOW,
                "updated_at": NOW, "html_url": "", "_links": {}, "author_association": "NONE",
                "pull_request_url": f"{base}/{self.pr_number}", "user": _user(self.url)}

    def _create_review(self, body: dict[str, Any]) -> tuple[int, Any]:
        diff = {f["filename"]: changed_lines(f["patch"]) for f in self.pr_files}
        for c in body.get("comments", []):
            if c.get("line") not in diff.get(c.get("path"), set()):
                return 422, {"message": "Unprocessable Entity",
                             "errors": ["Line could not be resolved"]}
        review_id = next(self._ids)
        for c in body.get("comments", []):
            comment_id = next(self._ids)
            self.comments[comment_id] = self._comment_json(comment_id, c["path"], c["line"], c["body"])
        review = {"id": review_id, "body": body.get("body", ""), "body_html": "", "body_text": "",
                  "commit_id": body.get("commit_id"), "state": "COMMENTED", "html_url": "",
                  "author_association": "NONE", "submitted_at": NOW, "user": _user(self.url),
                  "pull_request_url": f"{self.url}/repos/{self.owner}/{self.repo}/pulls/{self.pr_number}"}
        self.reviews.append(review)
        return 200, review

    def _edit_comment(self, comment_id: int, body: dict[str, Any]) -> tuple[int, Any]:
        if comment_id not in self.comments:
            return 404, {"message": "Not Found"}
        self.comments[comment_id]["body"] = body["body"]
        return 200, self.comments[comment_id]

    def _delete_comment(self, comment_id: int) -> tuple[int, Any]:
        if self.comments.pop(comment_id, None) is None:
            return 404, {"message": "Not Found"}
        return 204, None
