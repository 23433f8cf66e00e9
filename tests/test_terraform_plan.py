"""Terraform plan JSON (parsers/terraform_plan.py, normalize/terraform_plan.py)."""
from __future__ import annotations

import json
from pathlib import Path

from aipolicy.model import ParsedFile
from aipolicy.normalize import Context
from aipolicy.normalize.terraform_plan import tf_resources
from aipolicy.parsers import terraform
from aipolicy.parsers.terraform_plan import parse, sniff

PLAN_DIR = Path(__file__).parent.parent / "fixtures" / "parsers" / "terraform" / "plan"
PLAN = PLAN_DIR / "plan.json"


def _load(path: str) -> ParsedFile | None:
    try:
        return terraform.parse(path, Path(path).read_text())
    except OSError:
        return None


def _resources(path: Path, load=_load) -> dict:
    parsed = parse(str(path), path.read_text())
    assert parsed.errors == []
    return {tf.address: tf for tf in tf_resources([parsed], Context(load=load))}


def test_sniff() -> None:
    assert sniff(json.loads(PLAN.read_text()))
    assert not sniff({"format_version": "1.0"})
    assert not sniff({"$schema": "x", "resources": []})
    assert not sniff([1])


def test_managed_resources_of_all_modules() -> None:
    res = _resources(PLAN)
    assert sorted(res) == ["azurerm_cognitive_account.openai", "azurerm_resource_group.rg",
                           "module.storage[0].azurerm_storage_account.this"]
    assert all(tf.format == "terraform-plan" and tf.provider_major == 4 for tf in res.values())
    sa = res["module.storage[0].azurerm_storage_account.this"]
    assert (sa.tf_type, sa.name, sa.attrs["shared_access_key_enabled"]) == ("azurerm_storage_account", "this", True)


def test_after_unknown_becomes_unresolved() -> None:
    oai = _resources(PLAN)["azurerm_cognitive_account.openai"]
    assert oai.attrs["local_auth_enabled"] is False
    assert oai.attrs["endpoint"] == {"$unresolved": "(known after apply)"}
    assert oai.attrs["network_acls"][0]["ip_rules"] == {"$unresolved": "(known after apply)"}
    assert oai.attrs["network_acls"][0]["default_action"] == "Deny"
    assert "identity" not in oai.attrs


def test_lines_point_at_tf_source_when_declared() -> None:
    res = _resources(PLAN)
    oai = res["azurerm_cognitive_account.openai"]
    assert (oai.file, oai.line, oai.end_line) == (str(PLAN_DIR / "main.tf"), 6, 17)
    assert oai.lines[("local_auth_enabled",)] == 12
    sa = res["module.storage[0].azurerm_storage_account.this"]  # registry module: not in the .tf scan
    assert (sa.file, sa.line) == (str(PLAN), 59)


def test_lines_in_plan_without_tf_files() -> None:
    res = _resources(PLAN, load=lambda path: None)
    assert (res["azurerm_resource_group.rg"].file, res["azurerm_resource_group.rg"].line) == (str(PLAN), 34)


def test_refs_from_configuration() -> None:
    oai = _resources(PLAN)["azurerm_cognitive_account.openai"]
    assert oai.refs == [(("location",), "azurerm_resource_group.rg"), (("resource_group_name",), "azurerm_resource_group.rg")]


def test_one_line_plan_and_bad_input() -> None:
    compact = json.dumps(json.loads(PLAN.read_text()))
    parsed = parse("plan.json", compact)
    assert [r["line"] for r in parsed.documents[0].data["resources"]] == [1, 1, 1]
    assert parse("p.json", '{"format_version": ').errors[0].line == 1
    assert parse("p.json", "[" * 100000).errors
    assert parse("p.json", '{"a": 1}').errors[0].message.startswith("not a Terraform plan")
