"""action.yml: valid metadata, inputs only through env, and its steps run locally against a fake API."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from fake_github import FakeGitHub

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "github"
ACTION = yaml.safe_load((ROOT / "action.yml").read_text(encoding="utf-8"))
TOKEN = "ghs_ActionToken0123456789abcdefXYZ"
HEAD_SHA = "d" * 40
NOT_RUN_LOCALLY = {"setup-python", "install"}  # the test's venv already has aipolicy
_EXPR = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")


def test_metadata_validates_against_the_actions_schema() -> None:
    exe = shutil.which("check-jsonschema")
    assert exe, "check-jsonschema is not installed (pip install -e '.[test]')"
    done = subprocess.run([exe, "--builtin-schema", "vendor.github-actions", str(ROOT / "action.yml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_inputs_reach_scripts_only_through_env() -> None:
    declared = {"path", "severity-threshold", "config", "policy-dir", "sarif-file", "annotate",
                "fail-on-findings", "github-token", "python-version"}
    assert declared <= set(ACTION["inputs"])
    assert ACTION["inputs"]["github-token"]["default"] == "${{ github.token }}"
    assert set(ACTION["outputs"]) == {"findings", "sarif-file"}
    step_ids = {s.get("id") for s in ACTION["runs"]["steps"]}
    for output in ACTION["outputs"].values():
        assert _EXPR.fullmatch(output["value"])[1].split(".")[1] in step_ids
    for step in ACTION["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), f"step {step.get('id')} interpolates into shell text"


def _expand(text: str, inputs: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        expr = match[1]
        if expr.startswith("inputs."):
            return inputs[expr[len("inputs."):]]
        if expr == "github.action_path":
            return str(ROOT)
        raise AssertionError(f"unsupported expression in a run step: {expr}")
    return _EXPR.sub(value, text)


def _outputs(path: Path) -> dict[str, str]:
    lines = path.read_text(encoding="utf-8").splitlines() if path.exists() else []
    return dict(line.split("=", 1) for line in lines if "=" in line)


def run_action(workspace: Path, env: dict[str, str], **given: str) -> dict[str, Any]:
    """Run the action's shell steps like the runner does; return outputs and each step's result."""
    inputs = {name: str(spec.get("default", "")) for name, spec in ACTION["inputs"].items()}
    inputs["github-token"] = TOKEN
    inputs.update({k.replace("_", "-"): v for k, v in given.items()})
    temp = workspace.parent / "runner-temp"
    temp.mkdir(exist_ok=True)
    base = {**os.environ, **env, "RUNNER_TEMP": str(temp), "GITHUB_WORKSPACE": str(workspace),
            "GITHUB_STEP_SUMMARY": str(temp / "step-summary.md"), "GITHUB_PATH": str(temp / "path"),
            "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    steps: dict[str, dict[str, Any]] = {}
    for step in ACTION["runs"]["steps"]:
        if "uses" in step or step["id"] in NOT_RUN_LOCALLY:
            continue
        assert "if" not in step, "the local runner does not evaluate conditions on run steps"
        out = temp / f"out-{step['id']}"
        step_env = {**base, "GITHUB_OUTPUT": str(out),
                    **{k: _expand(str(v), inputs) for k, v in step.get("env", {}).items()}}
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                              cwd=workspace, env=step_env, capture_output=True, text=True, timeout=600)
        steps[step["id"]] = {"rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr,
                             "outputs": _outputs(out)}
        if done.returncode != 0:
            break
    outputs = {}
    for name, spec in ACTION["outputs"].items():
        _, step_id, _, key = _EXPR.fullmatch(spec["value"])[1].split(".")
        outputs[name] = steps.get(step_id, {}).get("outputs", {}).get(key)
    summary = temp / "step-summary.md"
    return {"steps": steps, "outputs": outputs,
            "summary": summary.read_text(encoding="utf-8") if summary.exists() else ""}


@pytest.fixture(scope="module")
def scan_ready(tmp_path_factory: pytest.TempPathFactory) -> None:
    """`aipolicy scan` writes JSON, SARIF and markdown in one run, as the action's scan step needs."""
    exe = shutil.which("aipolicy") or str(Path(sys.executable).with_name("aipolicy"))
    assert Path(exe).exists(), "the aipolicy console script is not installed"
    out = tmp_path_factory.mktemp("probe")
    names = {"json": out / "r.json", "sarif": out / "r.sarif", "markdown": out / "r.md"}
    args = [a for fmt, path in names.items() for a in ("-f", fmt, "-o", str(path))]
    done = subprocess.run([exe, "scan", str(DATA / "public-vllm.yaml"), *args],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode in (0, 1) and all(p.exists() for p in names.values()), done.stderr


@pytest.fixture
def workspace(tmp_path: Path) -> Path:
    """55 public vLLM endpoints: more than 50 findings of AIP-NET-001 alone."""
    ws = tmp_path / "repo"
    (ws / "k8s").mkdir(parents=True)
    text = (DATA / "public-vllm.yaml").read_text(encoding="utf-8")
    for n in range(55):
        named = re.sub(r"\bllm\b", f"llm{n:02d}", text)  # leaves the vllm image alone
        (ws / "k8s" / f"llm{n:02d}.yaml").write_text(named, encoding="utf-8")
    return ws


def _github_env(fake: FakeGitHub, tmp_path: Path) -> dict[str, str]:
    event = tmp_path / "event.json"
    event.write_text(json.dumps({"pull_request": {"number": fake.pr_number, "head": {"sha": HEAD_SHA}}}))
    return {"GITHUB_API_URL": fake.url, "GITHUB_REPOSITORY": "acme/infra", "GITHUB_SHA": "e" * 40,
            "GITHUB_EVENT_NAME": "pull_request", "GITHUB_EVENT_PATH": str(event),
            "NO_PROXY": "127.0.0.1", "GITHUB_TOKEN": ""}


def _assert_no_token(result: dict[str, Any]) -> None:
    for step in result["steps"].values():
        assert TOKEN not in step["stdout"] + step["stderr"]


def test_check_run_gets_every_annotation(scan_ready: None, workspace: Path, tmp_path: Path) -> None:
    with FakeGitHub(TOKEN, head_sha=HEAD_SHA) as fake:
        result = run_action(workspace, _github_env(fake, tmp_path))
        posts = fake.calls("POST", r".*/check-runs") + fake.calls("PATCH", r".*/check-runs/\d+")
    steps = result["steps"]
    assert steps["scan"]["rc"] == 0, steps["scan"]["stderr"]
    assert steps["annotate"]["rc"] == 1, steps["annotate"]["stderr"]
    batches = [p.body["output"]["annotations"] for p in posts]
    assert all(len(b) <= 50 for b in batches) and len(batches) >= 2
    annotations = [a for b in batches for a in b]
    assert len(annotations) == int(result["outputs"]["findings"]) > 50
    assert sum("AIP-NET-001" in a["title"] for a in annotations) == 55
    assert posts[0].body["head_sha"] == HEAD_SHA and posts[-1].body["conclusion"] == "failure"
    assert result["outputs"]["sarif-file"] == "aipolicy.sarif"
    assert json.loads((workspace / "aipolicy.sarif").read_text())["runs"]
    assert result["summary"].strip()
    _assert_no_token(result)


def test_review_comments_only_on_changed_lines(scan_ready: None, workspace: Path, tmp_path: Path) -> None:
    lines = (workspace / "k8s" / "llm00.yaml").read_text().splitlines()
    start = lines.index("---") + 2  # the PR adds the public Service to llm00.yaml
    added = set(range(start, len(lines) + 1))
    patch = f"@@ -{start - 1},0 +{start},{len(added)} @@\n" + "\n".join("+" + l for l in lines[start - 1:])
    with FakeGitHub(TOKEN, head_sha=HEAD_SHA) as fake:
        fake.pr_files = [{"filename": "k8s/llm00.yaml", "patch": patch}]
        result = run_action(workspace, _github_env(fake, tmp_path), annotate="review",
                            fail_on_findings="false")
        reviews = fake.calls("POST", r".*/pulls/7/reviews")
    assert result["steps"]["annotate"]["rc"] == 0, result["steps"]["annotate"]["stderr"]
    (review,) = reviews
    assert review.body["comments"], review.body["body"]
    assert all(c["path"] == "k8s/llm00.yaml" and c["line"] in added for c in review.body["comments"])
    assert any("AIP-NET-001" in c["body"] for c in review.body["comments"])
    assert "outside the diff" in review.body["body"]
    _assert_no_token(result)


def test_403_prints_workflow_commands_and_exits_by_findings(
        scan_ready: None, workspace: Path, tmp_path: Path) -> None:
    with FakeGitHub(TOKEN, head_sha=HEAD_SHA) as fake:
        fake.fail("POST", r".*/check-runs", 403, "Resource not accessible by integration")
        result = run_action(workspace, _github_env(fake, tmp_path))
    annotate = result["steps"]["annotate"]
    assert annotate["rc"] == 1
    assert "403" in annotate["stderr"] and "workflow commands" in annotate["stderr"]
    commands = annotate["stdout"].splitlines()
    assert commands[0].startswith("::error file=k8s/") and "more findings are in the SARIF" in commands[-1]
    _assert_no_token(result)
