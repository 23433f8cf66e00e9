"""Labelled Terraform projects: violations that only appear once variables, tfvars, var files, module
inputs, for_each, conditionals or a plan are resolved; values that cannot be known are not reported.

Layout: fixtures/projects/terraform/<name>/ holds a small project and an expected.yaml with
``findings`` and ``absent`` ({rule, file, line?, address?}; file relative to the project), optional
``var_files`` (passed as --var-file), ``notices`` and ``unresolved`` ({file, line, resource, path}).
Every project is scanned with all rules.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import FIXTURES, relative, scan_paths

from aipolicy.report import ReportContext, formatter

PROJECTS = sorted(p.parent for p in (FIXTURES / "projects" / "terraform").glob("*/expected.yaml"))


def _spec(project: Path) -> dict[str, Any]:
    return yaml.safe_load((project / "expected.yaml").read_text()) or {}


def _matches(finding: Any, want: dict[str, Any], project: Path) -> bool:
    return (finding.rule.id == want["rule"] and finding.resource.file == relative(project / want["file"])
            and ("line" not in want or finding.line == int(want["line"]))
            and ("address" not in want or finding.resource.address == want["address"]))


def _scan(project: Path):
    spec = _spec(project)
    var_files = [relative(project / f) for f in spec.get("var_files") or []]
    return spec, scan_paths([relative(project)], var_files=var_files)


def test_every_kind_of_project_is_labelled() -> None:
    names = {p.name for p in PROJECTS}
    assert {"tfvars", "auto-tfvars", "var-file", "module-input", "for-each", "conditional",
            "plan-with-tf", "plan-only", "unknown-values"} <= names


@pytest.mark.parametrize("project", PROJECTS, ids=[p.name for p in PROJECTS])
def test_project(project: Path, in_root: Path) -> None:
    spec, result = _scan(project)
    assert not result.errors, [e.to_json() for e in result.errors]
    active = [f for f in result.findings if not f.suppressed]
    for want in spec.get("findings") or []:
        assert any(_matches(f, want, project) for f in active), (want, [
            (f.rule.id, f.resource.file, f.line, f.resource.address) for f in active])
    for never in spec.get("absent") or []:
        assert not [f for f in active if _matches(f, never, project)], never
    assert result.notices == sorted(f"{relative(project)}/{n}" for n in spec.get("notices") or [])  # file:line: text
    doc = json.loads(formatter("json")(result, ReportContext(show_unresolved=True)))
    for want in spec.get("unresolved") or []:
        assert dict(want, file=relative(project / want["file"])) in doc["unresolved"]


def test_plan_wins_over_tf_source(in_root: Path) -> None:
    """With the .tf in the scan the plan's resource replaces the HCL one (same id) at the .tf lines."""
    _spec_, result = _scan(FIXTURES / "projects" / "terraform" / "plan-with-tf")
    acr = [r for r in result.resources if r.address == "azurerm_container_registry.models"]
    assert [(r.format, r.file, r.line) for r in acr] == [
        ("terraform-plan", "fixtures/projects/terraform/plan-with-tf/main.tf", 24)]


def test_unresolved_listing_and_count(in_root: Path) -> None:
    project = FIXTURES / "projects" / "terraform" / "unknown-values"
    _spec_, result = _scan(project)
    doc = json.loads(formatter("json")(result, ReportContext(show_unresolved=True)))
    assert doc["summary"]["unresolved_values"] == len(doc["unresolved"]) == 3
    assert all(set(u) == {"file", "line", "resource", "path"} for u in doc["unresolved"])
    assert "unresolved" not in json.loads(formatter("json")(result, ReportContext()))


def _write(root: Path, files: dict[str, str]) -> None:
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def test_notice_once_per_module(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A registry module inside a local module expanded three times, and a git module called from two
    roots: one notice each, in text and JSON output."""
    _write(tmp_path, {
        "app/main.tf": 'module "regions" {\n  source = "../modules/region"\n  count  = 3\n}\n'
                       'module "net" {\n  source = "git::https://example.com/net.git?ref=v1"\n}\n',
        "ops/main.tf": 'module "net" {\n  source = "git::https://example.com/net.git?ref=v1"\n}\n',
        "modules/region/main.tf": 'module "naming" {\n  source  = "Azure/naming/azurerm"\n  version = "0.4.1"\n}\n',
    })
    monkeypatch.chdir(tmp_path)
    result = scan_paths(["."])
    assert result.notices == [
        "app/main.tf:5: module net: source git::https://example.com/net.git?ref=v1 not fetched",
        "modules/region/main.tf:1: module regions.module.naming: source Azure/naming/azurerm not fetched",
        "ops/main.tf:1: module net: source git::https://example.com/net.git?ref=v1 not fetched",
    ]
    text = formatter("text")(result, ReportContext())
    assert [line for line in text.splitlines() if line.startswith("note: ")] == [
        f"note: {n}" for n in result.notices]
    assert json.loads(formatter("json")(result, ReportContext()))["notices"] == result.notices
