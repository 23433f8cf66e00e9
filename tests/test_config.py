""".aipolicy.yaml: validated (unknown keys name the key and the file, exit 2), found upward from
the scanned path, and every setting reaches the scan: parameters, severities, skip/only, excludes,
threshold."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from aipolicy.cli import main
from conftest import FIXTURES


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the demo Terraform (GPU pool with max_count 40) as the current directory."""
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "demo" / "terraform", tmp_path / "infra")
    return tmp_path


def _config(text: str, where: str = ".aipolicy.yaml") -> str:
    Path(where).write_text(text, "utf-8")
    return where


def _scan(*args: str) -> tuple[int, dict[str, Any] | str]:
    result = CliRunner().invoke(main, ["scan", *args, "--no-cache"])
    if "-f" in args and result.exit_code in (0, 1):
        return result.exit_code, json.loads(result.output)
    return result.exit_code, result.output


def _findings(doc: Any, rule: str | None = None) -> list[dict[str, Any]]:
    return [f for f in doc["findings"] if rule is None or f["rule_id"] == rule]


@pytest.mark.parametrize("text, key", [
    ("skip: [AIP-GOV-004]\nsevrity_threshold: high\n", "sevrity_threshold"),
    ("exclude: []\nignore: [x]\n", "ignore"),
])
def test_unknown_key_is_an_error_naming_key_and_file(project: Path, text: str, key: str) -> None:
    path = _config(text)
    code, out = _scan("infra")
    assert code == 2
    assert f"unknown key '{key}'" in out and path in out


def test_invalid_values_are_errors(project: Path) -> None:
    _config("severity: {AIP-COST-001: urgent}\n")
    code, out = _scan("infra")
    assert code == 2 and ".aipolicy.yaml" in out and "severity.AIP-COST-001" in out
    _config("skip: AIP-GOV-004\n")
    assert _scan("infra")[0] == 2
    _config("skip: [unclosed\n")
    code, out = _scan("infra")
    assert code == 2 and "not valid YAML" in out


def test_missing_config_file(project: Path) -> None:
    code, out = _scan("infra", "--config", "nope.yaml")
    assert code == 2 and "config file not found: nope.yaml" in out


def test_parameters_reach_the_policies(project: Path) -> None:
    _, default = _scan("infra", "--only", "AIP-COST-001", "-f", "json")
    assert "above the limit of 10" in _findings(default, "AIP-COST-001")[0]["message"]

    _config("parameters:\n  AIP-COST-001: {gpu_max_nodes: 4}\n")
    _, tight = _scan("infra", "--only", "AIP-COST-001", "-f", "json")
    assert "above the limit of 4" in _findings(tight, "AIP-COST-001")[0]["message"]

    _config("parameters:\n  AIP-COST-001: {gpu_max_nodes: 64}\n")
    code, loose = _scan("infra", "--only", "AIP-COST-001", "-f", "json")
    assert code == 0 and _findings(loose) == []


def test_config_is_found_upward_and_given_explicitly(project: Path) -> None:
    _config("only: [AIP-COST-001]\n", "infra/.aipolicy.yaml")
    _, doc = _scan("infra", "-f", "json")
    assert {f["rule_id"] for f in _findings(doc)} == {"AIP-COST-001"}
    Path("infra/.aipolicy.yaml").unlink()
    _config("only: [AIP-RES-002]\n", "custom.yaml")
    _, doc = _scan("infra", "--config", "custom.yaml", "-f", "json")
    assert {f["rule_id"] for f in _findings(doc)} == {"AIP-RES-002"}


def test_severity_override(project: Path) -> None:
    _config("severity: {AIP-COST-001: critical}\n")
    _, doc = _scan("infra", "-f", "json")
    assert {f["severity"] for f in _findings(doc, "AIP-COST-001")} == {"critical"}
    assert doc["summary"]["by_severity"]["critical"] == len(_findings(doc, "AIP-COST-001"))


def test_skip_and_only(project: Path) -> None:
    _, everything = _scan("infra", "-f", "json")
    rules = {f["rule_id"] for f in _findings(everything)}
    assert {"AIP-COST-001", "AIP-RES-002", "AIP-DATA-004"} <= rules
    _config("skip: [AIP-COST-001, AIP-RES-002]\n")
    _, doc = _scan("infra", "-f", "json")
    assert {f["rule_id"] for f in _findings(doc)} == rules - {"AIP-COST-001", "AIP-RES-002"}
    # the command line adds to the config's skips
    _, doc = _scan("infra", "--skip", "AIP-DATA-004", "-f", "json")
    assert {f["rule_id"] for f in _findings(doc)} == rules - {"AIP-COST-001", "AIP-RES-002", "AIP-DATA-004"}
    _config("only: [AIP-DATA-004, AIP-RES-002]\n")
    _, doc = _scan("infra", "-f", "json")
    assert {f["rule_id"] for f in _findings(doc)} == {"AIP-DATA-004", "AIP-RES-002"}
    # --only on the command line replaces the config's list
    _, doc = _scan("infra", "--only", "AIP-COST-001", "-f", "json")
    assert {f["rule_id"] for f in _findings(doc)} == {"AIP-COST-001"}


def test_exclude_globs(project: Path) -> None:
    (project / "infra" / "examples").mkdir()
    shutil.copy(FIXTURES / "demo" / "bicep" / "openai.bicep", project / "infra" / "examples" / "openai.bicep")
    shutil.copy(FIXTURES / "demo" / "k8s" / "vllm.yaml", project / "infra" / "vllm.yaml")
    _, doc = _scan("infra", "-f", "json")
    assert {f["file"] for f in _findings(doc)} == {"infra/aks.tf", "infra/examples/openai.bicep", "infra/vllm.yaml"}
    _config('exclude: ["**/examples/**", "*.yaml"]\n')
    _, doc = _scan("infra", "-f", "json")
    assert {f["file"] for f in _findings(doc)} == {"infra/aks.tf"}
    assert doc["summary"]["files"] == 1


def test_severity_threshold(project: Path) -> None:
    code, doc = _scan("infra", "-f", "json")
    assert code == 1 and doc["summary"]["by_severity"]["critical"] == 0
    _config("severity_threshold: critical\n")
    assert _scan("infra")[0] == 0
    # the command line wins over the config
    assert _scan("infra", "--severity-threshold", "high")[0] == 1
    _config("severity_threshold: critical\nseverity: {AIP-COST-001: critical}\n")
    assert _scan("infra")[0] == 1
