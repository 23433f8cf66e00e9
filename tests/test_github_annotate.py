"""github-annotate against a local fake of the GitHub API, with the real github3.py client."""
from __future__ import annotations

import json
import logging
from pathlib import Path
from typing import Any, Iterator

import pytest
from click.testing import CliRunner, Result

from aipolicy.github.command import github_annotate
from aipolicy.github.commands import escape_data, escape_property, workflow_commands
from aipolicy.github.event import load_context
from aipolicy.github.results import load_findings
from aipolicy.github.review import changed_lines
from fake_github import FakeGitHub

TOKEN = "ghs_SeCrEtToKeN0123456789abcdefABCDEF"
HEAD_SHA = "c0ffee" + "0" * 34
MERGE_SHA = "feed" + "1" * 36
PATCH = "\n".join([
    "@@ -1,4 +1,6 @@",
    " apiVersion: v1",          # new line 1 (context)
    "-kind: Service",
    "+kind: Service",           # 2 (added)
    " metadata:",               # 3
    "+  name: vllm",            # 4 (added)
    "+  namespace: ai",         # 5 (added)
    " spec:",                   # 6
    "@@ -20,2 +22,3 @@",
    " ports:",                  # 22
    "+  - port: 80",            # 23 (added)
    " selector:",               # 24
    "\\ No newline at end of file",
])


def finding(n: int, severity: str = "high", file: str = "infra/svc.yaml", line: int = 1,
            **extra: Any) -> dict[str, Any]:
    """One finding in the JSON output contract."""
    return {
        "rule_id": f"AIP-NET-{n:03d}", "severity": severity, "title": f"Rule {n}",
        "message": f"Problem {n}: a, b: c", "pillar": "network", "checklist": "private-network",
        "file": file, "line": line, "end_line": line,
        "resource": {"id": f"r{n}", "type": "k8s:core/Service", "name": f"svc{n}",
                     "address": f"Service/ai/svc{n}", "format": "kubernetes"},
        "path": "spec.type", "suppressed": False, "fingerprint": f"fp{n:04d}", **extra,
    }


def write_results(path: Path, findings: list[dict[str, Any]]) -> Path:
    doc = {"schema_version": "1", "tool": {"name": "aipolicy", "version": "0.1.0"},
           "summary": {"files": 1, "resources": len(findings), "findings": len(findings),
                       "suppressed": sum(f["suppressed"] for f in findings)},
           "findings": findings, "errors": []}
    path.write_text(json.dumps(doc), encoding="utf-8")
    return path


@pytest.fixture
def fake(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[FakeGitHub]:
    """A running fake API and a GitHub Actions environment for a pull_request event."""
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"number": 7, "pull_request": {"number": 7, "head": {"sha": HEAD_SHA}}}))
    with FakeGitHub(TOKEN, head_sha=HEAD_SHA) as server:
        for key, value in {
            "GITHUB_API_URL": server.url, "GITHUB_REPOSITORY": "acme/infra",
            "GITHUB_SHA": MERGE_SHA, "GITHUB_EVENT_NAME": "pull_request",
            "GITHUB_EVENT_PATH": str(event), "GITHUB_TOKEN": TOKEN,
            "NO_PROXY": "127.0.0.1", "GITHUB_OUTPUT": str(tmp_path / "output.txt"),
        }.items():
            monkeypatch.setenv(key, value)
        monkeypatch.delenv("INPUT_GITHUB_TOKEN", raising=False)
        yield server


def run(*args: str) -> Result:
    return CliRunner().invoke(github_annotate, list(args), catch_exceptions=False)


def assert_no_token(result: Result, caplog: pytest.LogCaptureFixture | None = None) -> None:
    for text in (result.stdout, result.stderr) + ((caplog.text,) if caplog else ()):
        assert TOKEN not in text and TOKEN[:12] not in text


def test_check_run_sends_all_annotations_in_batches_of_50(
        fake: FakeGitHub, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    findings = [finding(n, line=n) for n in range(1, 121)]
    findings += [finding(500, suppressed=True), finding(501, severity="low")]
    results = write_results(tmp_path / "r.json", findings)
    summary = tmp_path / "summary.md"
    summary.write_text("## aipolicy\n\n120 findings\n")

    result = run(str(results), "--summary-file", str(summary))

    assert result.exit_code == 1, result.output
    create = fake.calls("POST", r"/repos/acme/infra/check-runs")
    updates = fake.calls("PATCH", r"/repos/acme/infra/check-runs/\d+")
    assert len(create) == 1 and len(updates) == 2
    batches = [r.body["output"]["annotations"] for r in create + updates]
    assert all(len(b) <= 50 for b in batches)
    sent = [a["path"] + ":" + str(a["start_line"]) for b in batches for a in b]
    assert sorted(sent) == sorted(f"infra/svc.yaml:{n}" for n in range(1, 121))
    assert create[0].body["head_sha"] == HEAD_SHA  # the PR head, not the merge commit
    assert create[0].body["status"] == "in_progress"
    assert updates[-1].body["status"] == "completed" and updates[-1].body["conclusion"] == "failure"
    assert all(r.body["output"]["summary"] == summary.read_text().strip() for r in create + updates)
    assert create[0].body["output"]["title"] == "120 findings at or above medium (120 high)"
    assert all(r.authorization == f"token {TOKEN}" for r in fake.requests)
    assert (tmp_path / "output.txt").read_text() == "findings=120\n"
    assert "::error" not in result.stdout
    assert_no_token(result, caplog)


def test_small_check_run_is_one_request_and_neutral_without_fail(fake: FakeGitHub, tmp_path: Path) -> None:
    results = write_results(tmp_path / "r.json", [finding(1, severity="medium", fix="Make it internal.")])

    result = run(str(results), "--no-fail-on-findings")

    assert result.exit_code == 0, result.output
    (create,) = fake.calls("POST", r"/repos/acme/infra/check-runs")
    assert not fake.calls("PATCH", r"/repos/acme/infra/check-runs/\d+")
    assert create.body["conclusion"] == "neutral" and create.body["status"] == "completed"
    (note,) = create.body["output"]["annotations"]
    assert note["annotation_level"] == "warning" and "Fix: Make it internal." in note["message"]


def test_clean_results_give_a_successful_check_run(fake: FakeGitHub, tmp_path: Path) -> None:
    results = write_results(tmp_path / "r.json", [finding(1, severity="low")])
    result = run(str(results))
    assert result.exit_code == 0
    (create,) = fake.calls("POST", r"/repos/acme/infra/check-runs")
    assert create.body["conclusion"] == "success" and create.body["output"]["annotations"] == []


def pr_findings() -> list[dict[str, Any]]:
    return [
        finding(1, line=2, fix="Add the internal load balancer annotation."),  # added line
        finding(2, line=4),                       # added line
        finding(3, line=3),                       # context line: not changed
        finding(4, line=23, severity="critical"),  # added line, second hunk
        finding(5, file="infra/other.yaml", line=1),  # file not in the PR
        finding(6, line=5, severity="low"),       # below the threshold
    ]


def test_review_comments_sit_only_on_changed_lines(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.pr_files = [{"filename": "infra/svc.yaml", "patch": PATCH}]
    results = write_results(tmp_path / "r.json", pr_findings())

    result = run(str(results), "--mode", "review")

    assert result.exit_code == 1, result.output
    (review,) = fake.calls("POST", r"/repos/acme/infra/pulls/7/reviews")
    comments = review.body["comments"]
    assert sorted((c["path"], c["line"]) for c in comments) == [
        ("infra/svc.yaml", 2), ("infra/svc.yaml", 4), ("infra/svc.yaml", 23)]
    assert review.body["commit_id"] == HEAD_SHA and review.body["event"] == "COMMENT"
    first = next(c["body"] for c in comments if c["line"] == 2)
    assert "<!-- aipolicy:fp0001 -->" in first and "AIP-NET-001" in first and "Rule 1" in first
    assert "Problem 1" in first and "Add the internal load balancer annotation." in first
    body = review.body["body"]
    assert "3 on lines this pull request changes" in body and "2 outside the diff" in body
    assert "`infra/svc.yaml:3` **AIP-NET-003**" in body and "`infra/other.yaml:1`" in body
    assert "AIP-NET-006" not in body
    assert_no_token(result)


def test_review_rerun_updates_instead_of_piling_up(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.pr_files = [{"filename": "infra/svc.yaml", "patch": PATCH}]
    results = write_results(tmp_path / "r.json", pr_findings())
    assert run(str(results), "--mode", "review").exit_code == 1
    assert len(fake.comments) == 3 and len(fake.reviews) == 1

    assert run(str(results), "--mode", "review").exit_code == 1  # same findings: nothing new
    assert len(fake.comments) == 3 and len(fake.reviews) == 1
    assert not fake.calls("PATCH", r".*/pulls/comments/\d+")

    changed = pr_findings()
    changed[0]["message"] = "Problem 1, reworded"
    del changed[1]  # finding 2 was fixed
    write_results(results, changed)
    result = run(str(results), "--mode", "review")

    assert result.exit_code == 1, result.output
    assert len(fake.calls("PATCH", r".*/pulls/comments/\d+")) == 1
    assert len(fake.calls("DELETE", r".*/pulls/comments/\d+")) == 1
    bodies = sorted(c["body"] for c in fake.comments.values())
    assert len(bodies) == 2 and any("Problem 1, reworded" in b for b in bodies)
    assert len(fake.reviews) == 2 and not fake.calls("POST", r".*/reviews")[-1].body["comments"]


def test_review_on_push_event_falls_back(fake: FakeGitHub, tmp_path: Path,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_EVENT_NAME", "push")
    (tmp_path / "event.json").write_text("{}")
    result = run(str(write_results(tmp_path / "r.json", [finding(1)])), "--mode", "review")
    assert result.exit_code == 1
    assert "not a pull request" in result.stderr and "::error " in result.stdout
    assert not fake.requests


def test_403_falls_back_to_workflow_commands_and_exits_by_findings(
        fake: FakeGitHub, tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    fake.fail("POST", r".*/check-runs", 403, "Resource not accessible by integration")
    results = write_results(tmp_path / "r.json", [finding(n, line=n) for n in range(1, 16)])

    failing = run(str(results))
    passing = run(str(results), "--no-fail-on-findings")

    assert failing.exit_code == 1 and passing.exit_code == 0
    for result in (failing, passing):
        assert "403" in result.stderr and "Resource not accessible by integration" in result.stderr
        assert "printing workflow commands instead" in result.stderr
        lines = result.stdout.splitlines()
        assert len(lines) == 11 and all(l.startswith("::error file=infra/svc.yaml,") for l in lines[:10])
        assert lines[-1] == "::notice title=aipolicy::5 more findings are in the SARIF report and the job summary"
        assert_no_token(result, caplog)


@pytest.mark.parametrize(("status", "message", "headers", "expected"), [
    (401, "Bad credentials", {}, "GitHub rejected the token"),
    (404, "Not Found", {}, "not found while creating the check run (404"),
    (422, "Validation Failed", {}, "GitHub refused the data while creating the check run (422"),
    (403, "API rate limit exceeded", {"X-RateLimit-Remaining": "0", "Retry-After": "120"},
     "rate limit hit while creating the check run (403: API rate limit exceeded for ***); retry after 120 s"),
    (429, "Too many requests", {"Retry-After": "90"}, "retry after 90 s"),
])
def test_api_errors_are_clear_and_keep_the_exit_code(
        fake: FakeGitHub, tmp_path: Path, status: int, message: str, headers: dict[str, str],
        expected: str) -> None:
    fake.fail("POST", r".*/check-runs", status, f"{message} for {TOKEN}", headers)
    result = run(str(write_results(tmp_path / "r.json", [finding(1)])))
    assert result.exit_code == 1
    assert expected in result.stderr, result.stderr
    assert "::error file=infra/svc.yaml,line=1,endLine=1," in result.stdout
    assert_no_token(result)


def test_wrong_token_is_401_and_never_printed(fake: FakeGitHub, tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_wrongwrongwrongwrong")
    result = run(str(write_results(tmp_path / "r.json", [finding(1)])), "--no-fail-on-findings")
    assert result.exit_code == 0
    assert "GitHub rejected the token" in result.stderr and "ghp_wrong" not in result.output


def test_short_rate_limit_is_retried(fake: FakeGitHub, tmp_path: Path) -> None:
    fake.fail("POST", r".*/check-runs", 429, "slow down", {"Retry-After": "0"}, times=1)
    result = run(str(write_results(tmp_path / "r.json", [finding(1)])))
    assert result.exit_code == 1
    assert len(fake.calls("POST", r".*/check-runs")) == 2 and len(fake.check_runs) == 1
    assert "::error" not in result.stdout


def test_no_token_prints_workflow_commands(fake: FakeGitHub, tmp_path: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GITHUB_TOKEN")
    result = run(str(write_results(tmp_path / "r.json", [finding(1)])))
    assert result.exit_code == 1 and "no GitHub token" in result.stderr
    assert result.stdout.startswith("::error file=infra/svc.yaml") and not fake.requests


def test_unreadable_results_exit_2(fake: FakeGitHub, tmp_path: Path) -> None:
    bad = tmp_path / "r.json"
    bad.write_text("{not json")
    assert run(str(bad)).exit_code == 2
    assert run(str(tmp_path / "missing.json")).exit_code == 2
    assert not fake.requests


def test_mode_none_only_decides_the_exit_code(fake: FakeGitHub, tmp_path: Path) -> None:
    result = run(str(write_results(tmp_path / "r.json", [finding(1)])), "--mode", "none")
    assert result.exit_code == 1 and result.stdout == "" and not fake.requests


def test_workflow_command_escaping_and_order(tmp_path: Path) -> None:
    assert escape_data("50%\r\nnext") == "50%25%0D%0Anext"
    assert escape_property("a:b,c%\n") == "a%3Ab%2Cc%25%0A"
    results = write_results(tmp_path / "r.json", [
        finding(1, severity="low", file="x,y:z.tf"), finding(2, severity="critical", line=9),
        finding(3, severity="medium", fix="Do\nthis")])
    lines = workflow_commands(load_findings(results), limit=2)
    assert lines[0] == ("::error file=infra/svc.yaml,line=9,endLine=9,"
                        "title=AIP-NET-002 (critical)%3A Rule 2::Problem 2: a, b: c")
    assert lines[1].startswith("::warning ") and lines[1].endswith("%0AFix: Do%0Athis")
    assert lines[2] == "::notice title=aipolicy::1 more finding is in the SARIF report and the job summary"
    assert workflow_commands(load_findings(results), limit=5)[2].startswith(
        "::notice file=x%2Cy%3Az.tf,line=1,endLine=1,")


def test_changed_lines_of_a_patch() -> None:
    assert changed_lines(PATCH) == {2, 4, 5, 23}
    assert changed_lines("") == set()


def test_context_uses_the_pr_head_and_push_sha(tmp_path: Path) -> None:
    event = tmp_path / "e.json"
    event.write_text(json.dumps({"pull_request": {"number": 3, "head": {"sha": HEAD_SHA}}}))
    env = {"GITHUB_REPOSITORY": "o/r", "GITHUB_SHA": MERGE_SHA, "GITHUB_EVENT_PATH": str(event),
           "GITHUB_API_URL": "https://ghe.example/api/v3/"}
    ctx = load_context(env)
    assert (ctx.owner, ctx.repo, ctx.pr_number, ctx.sha) == ("o", "r", 3, HEAD_SHA)
    assert ctx.api_url == "https://ghe.example/api/v3"
    event.write_text(json.dumps({"ref": "refs/heads/main"}))
    push = load_context({**env, "GITHUB_API_URL": ""})
    assert (push.pr_number, push.sha, push.api_url) == (None, MERGE_SHA, "https://api.github.com")
