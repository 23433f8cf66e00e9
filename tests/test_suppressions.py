"""Inline suppressions in every format (fixtures/suppressions/<format>/): comments in YAML, HCL and
Bicep, ``"aipolicy:ignore"`` metadata in ARM JSON. Scoped to the resource or property below,
listed as suppressed in JSON and SARIF, with warnings for missing reasons and stale entries."""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from aipolicy.cli import main

BASE = "fixtures/suppressions"

# format -> (file, {(rule, line, resource address): reason}, findings of the same rules left active,
#            warnings expected as (line, kind))
CASES: dict[str, tuple[str, dict[tuple[str, int, str], str], set[tuple[str, int]], set[tuple[int, str]]]] = {
    "kubernetes": (
        "serving.yaml",
        {
            ("AIP-RES-003", 3, "Deployment/inference/llama-chat"): "capacity is managed by the platform team's KEDA setup",
            ("AIP-RES-007", 3, "Deployment/inference/llama-chat"): "capacity is managed by the platform team's KEDA setup",
            ("AIP-RES-004", 22, "Deployment/inference/llama-chat"): "",
            ("AIP-NET-001", 34, "Service/inference/llama-chat"): "an Azure Firewall DNATs to this load balancer; no direct route",
        },
        {("AIP-NET-001", 47)},  # the second Service has no suppression
        {(11, "stale"), (22, "no reason")},
    ),
    "aml": (
        "endpoint.yml",
        {("AIP-IAM-004", 4, "managedOnlineEndpoint/credit-default"): "legacy callers until 2025-06, tracked in JIRA-1234"},
        {("AIP-NET-001", 5)},  # the property below the comment only, not the next one
        set(),
    ),
    "terraform": (
        "main.tf",
        {
            ("AIP-NET-002", 18, "azurerm_storage_account.sandbox"): "sandbox subscription without private networking",
            ("AIP-NET-003", 11, "azurerm_storage_account.sandbox"): "sandbox subscription without private networking",
            ("AIP-DATA-004", 29, "azurerm_storage_account.models"): "public model cards are served from this account",
        },
        {("AIP-NET-002", 21), ("AIP-NET-003", 21), ("AIP-DATA-004", 11)},
        {(30, "no reason"), (30, "stale")},
    ),
    "bicep": (
        "main.bicep",
        {
            ("AIP-GOV-001", 3, "openai"): "diagnostics are attached by the landing zone's policy",
            ("AIP-NET-002", 16, "openai"): "reached through the hub firewall, see ADR-7",
            ("AIP-IAM-002", 17, "openai"): "",
            # a comment above a block covers the properties nested in it
            ("AIP-NET-002", 52, "third"): "the whole properties block is owned by the platform module",
            ("AIP-IAM-002", 53, "third"): "the whole properties block is owned by the platform module",
        },
        {("AIP-GOV-001", 21), ("AIP-NET-002", 34), ("AIP-IAM-002", 35)},
        {(17, "no reason"), (33, "stale")},
    ),
    "arm": (
        "azuredeploy.json",
        {
            ("AIP-NET-002", 25, "Microsoft.CognitiveServices/accounts/oai-arm-supp"): "reached through the hub firewall, see ADR-7",
            ("AIP-IAM-002", 26, "Microsoft.CognitiveServices/accounts/oai-arm-supp"): "",
        },
        {("AIP-NET-002", 39), ("AIP-IAM-002", 40)},  # the other resource of the template
        {(19, "no reason"), (20, "stale")},
    ),
    "arm-template": (  # template metadata: every resource of the template, counted once
        "azuredeploy.json",
        {
            ("AIP-GOV-001", 11, "Microsoft.CognitiveServices/accounts/oai-tpl-one"): "diagnostics are attached by the landing zone's Azure Policy",
            ("AIP-GOV-001", 21, "Microsoft.CognitiveServices/accounts/oai-tpl-two"): "diagnostics are attached by the landing zone's Azure Policy",
            ("AIP-NET-002", 29, "Microsoft.CognitiveServices/accounts/oai-tpl-two"): "the second account is reached through the hub firewall",
        },
        set(),
        set(),  # the NET-002 entry matches one of the two resources: not stale
    ),
}


def _run(*args: str) -> str:
    result = CliRunner().invoke(main, ["scan", *args, "--no-cache"])
    assert result.exit_code in (0, 1), result.output
    return result.output


def _warnings(doc: dict[str, Any], file: str) -> set[tuple[int, str]]:
    out = set()
    for w in doc.get("warnings", []):
        where, _, text = w.partition(": ")
        assert where.rsplit(":", 1)[0] == file
        out.add((int(where.rsplit(":", 1)[1]), "stale" if "(stale)" in text else "no reason"))
    return out


@pytest.mark.parametrize("fmt", sorted(CASES))
def test_suppressions_in_json(in_root: Path, fmt: str) -> None:
    name, suppressed, active, warnings = CASES[fmt]
    file = f"{BASE}/{fmt}/{name}"
    doc = json.loads(_run(f"{BASE}/{fmt}", "-f", "json"))
    got = {(f["rule_id"], f["line"], f["resource"]["address"]): f.get("suppression_reason")
           for f in doc["findings"] if f["suppressed"]}
    assert got == suppressed
    still = {(f["rule_id"], f["line"]) for f in doc["findings"] if not f["suppressed"]}
    assert active <= still
    n_suppressed = sum(f["suppressed"] for f in doc["findings"])
    assert doc["summary"]["suppressed"] == n_suppressed
    assert doc["summary"]["findings"] == len(doc["findings"]) - n_suppressed
    assert _warnings(doc, file) == warnings


def test_suppressed_findings_in_sarif(in_root: Path) -> None:
    doc = json.loads(_run(*(f"{BASE}/{fmt}" for fmt in CASES), "-f", "sarif"))
    results = doc["runs"][0]["results"]
    suppressed = {(r["ruleId"], r["locations"][0]["physicalLocation"]["region"]["startLine"],
                   r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]): r["suppressions"][0]
                  for r in results if r.get("suppressions")}
    expected = {(rule, line, f"{BASE}/{fmt}/{CASES[fmt][0]}"): reason
                for fmt in CASES for (rule, line, _), reason in CASES[fmt][1].items()}
    assert set(suppressed) == set(expected)
    for key, supp in suppressed.items():
        assert supp["kind"] == "inSource"
        assert supp["justification"] == (expected[key] or "no reason given")


def test_text_output_hides_suppressed_and_prints_warnings(in_root: Path) -> None:
    out = _run(f"{BASE}/bicep", "--no-color")
    assert "main.bicep:16:" not in out and "main.bicep:34:" in out
    assert "warning: fixtures/suppressions/bicep/main.bicep:33: suppression of AIP-DATA-001 matches no finding (stale)" in out
    assert "warning: fixtures/suppressions/bicep/main.bicep:17: suppression of AIP-IAM-002 has no reason" in out
    assert "; 5 suppressed" in out


def test_stale_only_for_rules_that_ran(in_root: Path) -> None:
    """With --only, a suppression of a rule that did not run is not called stale."""
    doc = json.loads(_run(f"{BASE}/kubernetes", "--only", "AIP-NET-001", "-f", "json"))
    assert _warnings(doc, f"{BASE}/kubernetes/serving.yaml") == {(22, "no reason")}


def test_suppressed_findings_do_not_fail_the_run(in_root: Path) -> None:
    result = CliRunner().invoke(main, ["scan", f"{BASE}/aml", "--only", "AIP-IAM-004", "--no-cache"])
    assert result.exit_code == 0, result.output
