"""Baselines: ``aipolicy baseline`` records findings, ``scan --baseline`` reports only new ones, and
fingerprints survive ten blank lines and an unrelated resource inserted at the top of a file."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from aipolicy.cli import main
from conftest import FIXTURES

K8S_EXTRA = """apiVersion: v1
kind: ConfigMap
metadata:
  name: unrelated
  namespace: inference
data:
  mode: batch
---
"""
BICEP_EXTRA = """resource unrelated 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: 'stunrelated001'
  location: 'westeurope'
  kind: 'StorageV2'
  sku: {
    name: 'Standard_LRS'
  }
}
"""
TF_EXTRA = """resource "azurerm_storage_account" "unrelated" {
  name                     = "stunrelated001"
  resource_group_name      = "rg-ai-prod"
  location                 = "westeurope"
  account_tier             = "Standard"
  account_replication_type = "LRS"
}
"""
ARM_EXTRA = """    {
      "type": "Microsoft.Storage/storageAccounts",
      "apiVersion": "2023-05-01",
      "name": "stunrelated001",
      "location": "westeurope",
      "kind": "StorageV2",
      "sku": {"name": "Standard_LRS"}
    },
"""


def _k8s_with_duplicate(text: str) -> str:
    """The demo manifest plus a second copy of its Service: ids get a ``#2`` suffix."""
    return text + "---\n" + text.split("---\n", 1)[1]


def _prepend(extra: str) -> Any:
    return lambda text: "\n" * 10 + extra + text


def _arm_insert(text: str) -> str:
    """Ten blank lines after the opening brace, and a resource first in ``resources``."""
    head, rest = text.split("\n", 1)
    rest = rest.replace('"resources": [\n', '"resources": [\n' + ARM_EXTRA, 1)
    return head + "\n" * 11 + rest


# format -> (fixture, prepare the original text, edit it, address of the inserted resource)
CASES = {
    "kubernetes": ("demo/k8s/vllm.yaml", _k8s_with_duplicate, _prepend(K8S_EXTRA), "ConfigMap/inference/unrelated"),
    "bicep": ("demo/bicep/openai.bicep", str, _prepend(BICEP_EXTRA), "unrelated"),
    "terraform": ("demo/terraform/aks.tf", str, _prepend(TF_EXTRA), "azurerm_storage_account.unrelated"),
    # an unresolved resource name ([parameters('accountName')] without default) stays in the address
    "arm": ("suppressions/arm/azuredeploy.json", str, _arm_insert, "Microsoft.Storage/storageAccounts/stunrelated001"),
}


def _cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, [*args])
    return result.exit_code, result.output


def _scan_json(*args: str) -> dict[str, Any]:
    code, out = _cli("scan", *args, "-f", "json", "--no-cache")
    assert code in (0, 1), out
    return json.loads(out)


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_baseline_survives_line_shifts_and_unrelated_resources(fmt: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fixture, prepare, edit, extra_address = CASES[fmt]
    monkeypatch.chdir(tmp_path)
    target = Path("proj") / Path(fixture).name
    target.parent.mkdir()
    target.write_text(prepare((FIXTURES / fixture).read_text("utf-8")), "utf-8")

    before = _scan_json("proj")
    old = [f for f in before["findings"] if not f["suppressed"]]
    assert old, "the fixture must have findings"
    if fmt == "kubernetes":
        assert any(f["resource"]["id"].endswith("#2") for f in old)
    if fmt == "arm":
        assert any("[parameters('accountName')]" in f["resource"]["address"] for f in old)

    code, out = _cli("baseline", "proj", "-o", ".aipolicy-baseline.json")
    assert code == 0 and f"wrote {len(old)} findings" in out
    recorded = json.loads(Path(".aipolicy-baseline.json").read_text())
    assert len(recorded["findings"]) == len(old)

    target.write_text(edit(target.read_text("utf-8")), "utf-8")
    shifted = _scan_json("proj")
    assert {f["line"] for f in shifted["findings"]} != {f["line"] for f in old}  # the edit moved them

    after = _scan_json("proj", "--baseline", ".aipolicy-baseline.json")
    reported = [f for f in after["findings"] if not f["suppressed"]]
    assert [f for f in reported if f["resource"]["address"] != extra_address] == []
    assert after["summary"]["baselined"] == len(old)
    assert after["summary"]["findings"] == len(reported)


def test_baseline_reports_new_findings_and_exit_codes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "demo" / "terraform", "infra")
    assert _cli("baseline", "infra", "-o", "base.json")[0] == 0
    code, _ = _cli("scan", "infra", "--baseline", "base.json", "--no-cache")
    assert code == 0  # everything is accepted
    tf = Path("infra/aks.tf")
    tf.write_text(tf.read_text().replace('min_tls_version          = "TLS1_2"', 'min_tls_version          = "TLS1_0"'))
    doc = _scan_json("infra", "--baseline", "base.json")
    assert [f["rule_id"] for f in doc["findings"]] == ["AIP-DATA-001"]
    assert _cli("scan", "infra", "--baseline", "base.json", "--no-cache")[0] == 1


def test_unreadable_baseline_is_a_usage_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    shutil.copytree(FIXTURES / "demo" / "terraform", "infra")
    Path("broken.json").write_text("{not json")
    code, out = _cli("scan", "infra", "--baseline", "broken.json")
    assert code == 2 and "broken.json" in out
    code, out = _cli("scan", "infra", "--baseline", "missing.json")
    assert code == 2 and "missing.json" in out
