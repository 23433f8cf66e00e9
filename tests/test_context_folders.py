"""Pre-commit passes staged files; their folders are read as context, findings stay on the files."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from aipolicy.cli import main
from conftest import FIXTURES


def _scan(cwd: Path, monkeypatch, *args: str) -> dict:
    monkeypatch.chdir(cwd)
    result = CliRunner().invoke(main, ["scan", "--context-folders", "-f", "json", *args])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def test_sibling_files_are_context_not_reported(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(FIXTURES / "demo", tmp_path / "demo")
    # the private endpoint sits beside the account in the same file: no NET-003 on the account
    doc = _scan(tmp_path, monkeypatch, "demo/bicep/openai.bicep", "--only", "AIP-NET-003")
    assert doc["findings"] == []
    doc = _scan(tmp_path, monkeypatch, "demo/aml/endpoint.yml")
    assert {f["file"] for f in doc["findings"]} == {"demo/aml/endpoint.yml"}


def test_cross_format_link_needs_both_folders(tmp_path: Path, monkeypatch) -> None:
    shutil.copytree(FIXTURES / "demo", tmp_path / "demo")
    only = ["--only", "AIP-GPU-003"]
    alone = _scan(tmp_path, monkeypatch, "demo/k8s/vllm.yaml", *only)
    both = _scan(tmp_path, monkeypatch, "demo/k8s/vllm.yaml", "demo/terraform/aks.tf", *only)
    assert [f["message"] for f in both["findings"] if "node pools" in f["message"]]
    assert not [f for f in alone["findings"] if "node pools" in f["message"]]

