"""The built-in policies: Rego unit tests pass, METADATA agrees with the catalog."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from aipolicy.catalog import controls, formats_of
from aipolicy.cli import main
from aipolicy.policyset import builtin_dir, load_dir
from aipolicy.policytest import run_tests
from conftest import ROOT

SPEC = ROOT.parent / "shared" / "spec" / "controls.yaml"
RULE_POLICIES = [p for p in load_dir(builtin_dir()) if p.package.startswith("aipolicy.rules.") and not p.is_test]


def test_every_rego_unit_test_passes() -> None:
    results = run_tests([])
    failed = [f"{r.package}.{r.name}: {r.error}" for r in results if not r.passed]
    assert results and not failed, failed


def test_aipolicy_test_fails_on_a_broken_test(tmp_path: Path) -> None:
    (tmp_path / "broken_test.rego").write_text(
        "package aipolicy.rules.custom.broken_test\nimport rego.v1\ntest_wrong if { 1 == 2 }\n"
    )
    result = CliRunner().invoke(main, ["test", str(tmp_path)])
    assert result.exit_code == 1
    assert "FAIL: aipolicy.rules.custom.broken_test.test_wrong" in result.output


def test_bundled_catalog_is_the_spec() -> None:
    if not SPEC.exists():
        pytest.skip("shared/spec not beside the checkout")
    assert yaml.safe_load(SPEC.read_text()) == yaml.safe_load((ROOT / "engine/aipolicy/controls.yaml").read_text())


@pytest.mark.parametrize("pf", RULE_POLICIES, ids=[p.rule_id or p.package for p in RULE_POLICIES])
def test_metadata_agrees_with_catalog(pf) -> None:
    assert not pf.metadata_error, pf.metadata_error
    custom = pf.metadata.get("custom") or {}
    control = controls().get(custom.get("id"))
    assert control, f"{pf.path}: id {custom.get('id')!r} is not in the catalog"
    assert pf.metadata.get("title") == control["title"]
    for key in ("severity", "pillar", "checklist"):
        assert custom.get(key) == control[key], (pf.path, key)
    assert sorted(custom.get("formats") or []) == sorted(formats_of(control)), pf.path
    assert custom.get("fix") and pf.metadata.get("description")
    assert pf.package.startswith(f"aipolicy.rules.{control['pillar']}."), pf.package


def test_each_control_has_one_policy() -> None:
    ids = [p.rule_id for p in RULE_POLICIES]
    assert len(ids) == len(set(ids)), "two packages claim the same rule id"
