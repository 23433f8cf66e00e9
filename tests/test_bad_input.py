"""Bad input never crashes the scan: each bad file is one error entry with a line, and the good
files beside them are still scanned."""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from click.testing import CliRunner

from aipolicy.cli import main
from conftest import FIXTURES

BAD = {
    "alias-bomb.yaml": "too many values",
    "binary.tf": "binary file",
    "broken-endpoint.yml": "YAML syntax error",
    "broken-manifest.yaml": "YAML syntax error",
    "broken-template.json": "JSON",
    "broken.bicep": "syntax error",
    "broken.tf": "syntax error",
    "deep.json": "nesting",
    "deep.yaml": "nesting",
    "empty.json": "empty file",
    "latin1.yaml": "not valid UTF-8",
    "huge.yaml": "size limit",
    "loop.tf": "symbolic link",
}


def _tree(tmp_path: Path) -> Path:
    tree = tmp_path / "tree"
    shutil.copytree(FIXTURES / "bad", tree)
    with open(tree / "huge.yaml", "wb") as fh:  # just over the 1 MiB limit used below
        fh.write(b"# padding\n" * (110 * 1024))
    os.symlink("loop.tf", tree / "loop.tf")  # a link to itself
    return tree


def test_every_bad_file_is_one_error_and_good_files_are_scanned(tmp_path: Path, monkeypatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "tree", "-f", "json", "--max-file-size", "1"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1  # the good files have findings
    doc = json.loads(result.output)
    errors: dict[str, list[dict]] = {}
    for e in doc["errors"]:
        errors.setdefault(e["file"], []).append(e)
    for name, text in BAD.items():
        entries = errors.get(f"tree/{name}", [])
        assert len(entries) == 1, (name, entries)
        assert text in entries[0]["message"], (name, entries[0])
        assert entries[0]["line"] >= 1
    assert set(errors) == {f"tree/{n}" for n in BAD}
    found = {(f["rule_id"], f["file"], f["line"]) for f in doc["findings"]}
    assert ("AIP-NET-001", "tree/good-endpoint.yml", 4) in found
    assert ("AIP-NET-001", "tree/good-service.yaml", 24) in found
    assert doc["summary"]["parse_errors"] == len(BAD)


def test_strict_makes_parse_errors_exit_2(tmp_path: Path, monkeypatch) -> None:
    _tree(tmp_path)
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "tree", "--strict", "--max-file-size", "1"])
    assert result.exit_code == 2


def test_missing_path_is_a_usage_error(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, ["scan", "nowhere", "-f", "json"])
    assert result.exit_code == 2
    assert "path does not exist: nowhere" in result.output


def _scan_without_errors(tmp_path: Path, monkeypatch) -> dict:
    """The JSON report of a scan of ``tmp_path`` that found something and reported no error."""
    monkeypatch.chdir(tmp_path)
    scan = CliRunner().invoke(main, ["scan", ".", "--no-cache", "-f", "json"])
    assert scan.exit_code == 1, scan.output
    doc = json.loads(scan.output)
    assert doc["errors"] == []
    return doc


def test_values_json_cannot_carry_do_not_stop_the_scan(tmp_path: Path, monkeypatch) -> None:
    """YAML's .inf and .nan reach the Rego input as their YAML text (JSON has no such numbers)."""
    (tmp_path / "deploy.yaml").write_text(
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: x\nspec:\n  replicas: .inf\n"
        "  template:\n    spec:\n      containers:\n        - name: c\n          image: nginx:1.25\n"
        "          resources:\n            limits:\n              cpu: .nan\n              memory: -.inf\n")
    doc = _scan_without_errors(tmp_path, monkeypatch)
    assert ("AIP-K8S-003", "deploy.yaml", 12) in {(f["rule_id"], f["file"], f["line"]) for f in doc["findings"]}
    graph = CliRunner().invoke(main, ["graph", "."])
    assert graph.exit_code == 0, graph.output
    deployment = next(r for r in json.loads(graph.output)["resources"].values() if r["kind"] == "Deployment")
    assert deployment["spec"]["replicas"] == ".inf"
    assert deployment["spec"]["template"]["spec"]["containers"][0]["resources"]["limits"] == {"cpu": ".nan", "memory": "-.inf"}


def test_escaped_lone_surrogates_become_replacement_characters(tmp_path: Path, monkeypatch) -> None:
    """A lone UTF-16 surrogate escape is not valid UTF-8: it must not stop the scan or a report."""
    (tmp_path / "arm.json").write_text(
        '{"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",\n'
        ' "contentVersion": "1.0.0.0",\n "resources": [\n  {"type": "Microsoft.Storage/storageAccounts",'
        ' "apiVersion": "2023-01-01", "name": "arm\\ud800x", "location": "x",\n'
        '   "properties": {"minimumTlsVersion": "TLS1_0"}}]}\n')
    (tmp_path / "main.bicep").write_text(
        "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'bicep\\u{D800}x'\n"
        "  location: 'x'\n  kind: 'StorageV2'\n  sku: { name: 'Standard_LRS' }\n"
        "  properties: { minimumTlsVersion: 'TLS1_0' }\n}\n")
    (tmp_path / "main.tf").write_text(
        'resource "azurerm_storage_account" "a" {\n  name = "tf\\uD800x"\n  location = "x"\n'
        '  resource_group_name = "rg"\n  account_tier = "Standard"\n  account_replication_type = "LRS"\n'
        '  min_tls_version = "TLS1_0"\n}\n')
    monkeypatch.chdir(tmp_path)
    for fmt in ("text", "json", "sarif", "junit", "markdown", "html", "checklist"):
        scan = CliRunner().invoke(main, ["scan", ".", "--no-cache", "-f", fmt, "-o", f"out.{fmt}"])
        assert scan.exit_code == 1, (fmt, scan.output, scan.exception)
    doc = json.loads((tmp_path / "out.json").read_text("utf-8"))
    assert doc["errors"] == []
    tls = {(f["file"], f["resource"]["name"], f["line"]) for f in doc["findings"] if f["rule_id"] == "AIP-DATA-001"}
    assert tls == {("arm.json", "arm\ufffdx", 5), ("main.bicep", "bicep\ufffdx", 6), ("main.tf", "tf\ufffdx", 7)}


def test_names_that_are_not_strings_do_not_break_rules(tmp_path: Path, monkeypatch) -> None:
    """Messages quote names with %q, which regorus takes for strings only: an unresolved Terraform
    name or a numeric YAML name once made whole rules fail (every file lost their findings)."""
    (tmp_path / "app.tf").write_text("""\
variable "name" {}

resource "kubernetes_deployment_v1" "app" {
  metadata {
    name = var.name
  }
  spec {
    template {
      metadata {}
      spec {
        container {
          name  = var.name
          image = "nginx:1.25"
        }
      }
    }
  }
}

resource "azurerm_kubernetes_cluster_node_pool" "gpu" {
  name                  = var.name
  kubernetes_cluster_id = "x"
  vm_size               = "Standard_NC24ads_A100_v4"
}
""")
    (tmp_path / "pod.yaml").write_text(
        "apiVersion: v1\nkind: Pod\nmetadata:\n  name: 42\nspec:\n  containers:\n    - name: 7\n      image: nginx:1.25\n")
    doc = _scan_without_errors(tmp_path, monkeypatch)
    found = {(f["rule_id"], f["file"], f["line"]) for f in doc["findings"]}
    assert {("AIP-K8S-002", "app.tf", 11), ("AIP-K8S-002", "pod.yaml", 7), ("AIP-RES-001", "app.tf", 20)} <= found
    messages = " ".join(f["message"] for f in doc["findings"])
    assert 'container "${var.name}"' in messages and 'container "7" of Pod "42"' in messages
