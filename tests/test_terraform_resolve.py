"""Terraform resolution into TfResource (normalize/terraform.py)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from aipolicy.model import ParsedFile
from aipolicy.normalize import Context
from aipolicy.normalize.terraform import provider_major, tf_resources
from aipolicy.parsers.terraform import parse

PROJECT = Path(__file__).parent.parent / "fixtures" / "parsers" / "terraform" / "project"


def _load(path: str) -> ParsedFile | None:
    try:
        return parse(path, Path(path).read_text())
    except OSError:
        return None


def _scan(directory: Path, names: list[str] | None = None, **ctx_args: object) -> tuple[dict, Context]:
    names = names or sorted(n for n in os.listdir(directory) if n.endswith((".tf", ".tfvars")))
    files = [_load(str(directory / n)) for n in names]
    ctx = Context(load=_load, **ctx_args)
    return {tf.address: tf for tf in tf_resources(files, ctx) if tf.tf_type != "variable"}, ctx


def _write(tmp: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(text)
    return tmp


@pytest.fixture(scope="module")
def project() -> tuple[dict, Context]:
    return _scan(PROJECT)


def test_addresses_with_count_for_each_and_modules(project: tuple[dict, Context]) -> None:
    res, _ = project
    assert sorted(res) == sorted([
        "azurerm_resource_group.rg", "azurerm_cognitive_account.openai",
        "azurerm_subnet.ai[0]", "azurerm_subnet.ai[1]",
        'azurerm_kubernetes_cluster_node_pool.gpu["a100"]', 'azurerm_kubernetes_cluster_node_pool.gpu["t4"]',
        "azurerm_kubernetes_cluster.aks", "azurerm_private_endpoint.openai[0]", "azurerm_key_vault.kv",
        "azurerm_machine_learning_workspace.ws", "module.storage.azurerm_storage_account.this",
        'module.storage.azurerm_storage_container.data["curated"]',
        'module.storage.azurerm_storage_container.data["raw"]',
    ])


def test_variables_tfvars_locals_and_functions(project: tuple[dict, Context]) -> None:
    res, _ = project
    oai = res["azurerm_cognitive_account.openai"]
    assert oai.attrs["name"] == "contoso-prod-oai"  # format() of a local built from tfvars
    assert oai.attrs["sku_name"] == "S0"  # conditional on a tfvars value
    assert oai.attrs["public_network_access_enabled"] is False  # *.auto.tfvars overrides the default
    assert oai.attrs["location"] == "westeurope"  # another resource's literal argument
    assert res["azurerm_resource_group.rg"].attrs["tags"] == {"managed_by": "terraform", "env": "prod"}
    assert oai.provider_major == 3


def test_nested_and_dynamic_blocks_with_lines(project: tuple[dict, Context]) -> None:
    oai = project[0]["azurerm_cognitive_account.openai"]
    assert oai.attrs["identity"] == [{"type": "SystemAssigned"}]
    assert oai.attrs["network_acls"][0]["ip_rules"] == [{"ip_range": "10.0.0.0/24"}, {"ip_range": "10.1.0.0/24"}]
    assert oai.lines[("local_auth_enabled",)] == 13
    assert oai.lines[("network_acls", 0)] == 21
    assert oai.lines[("network_acls", 0, "ip_rules", 1)] == 23
    assert oai.lines[("network_acls", 0, "ip_rules", 1, "ip_range")] == 26
    assert (oai.line, oai.end_line, oai.file) == (7, 30, str(PROJECT / "main.tf"))


def test_count_each_and_unknown_dynamic(project: tuple[dict, Context]) -> None:
    res, _ = project
    assert res["azurerm_subnet.ai[1]"].attrs["name"] == "snet-ai-1"
    assert res["azurerm_subnet.ai[1]"].attrs["address_prefixes"] == ["10.1.0.0/24"]
    pool = res['azurerm_kubernetes_cluster_node_pool.gpu["a100"]']
    assert (pool.attrs["name"], pool.attrs["vm_size"], pool.attrs["max_count"]) == ("a100", "Standard_NC24ads_A100_v4", 4)
    aks = res["azurerm_kubernetes_cluster.aks"]  # dynamic block over an unknown collection: one block
    assert aks.attrs["api_server_access_profile"] == [{"authorized_ip_ranges": ["10.0.0.0/24", "10.1.0.0/24"]}]


def test_unresolved_markers(project: tuple[dict, Context]) -> None:
    res, _ = project
    kv = res["azurerm_key_vault.kv"]
    assert kv.attrs["name"] == {"$unresolved": "module.naming.key_vault.name_unique"}
    assert kv.attrs["tenant_id"] == {"$unresolved": "data.azurerm_client_config.current.tenant_id"}
    ws = res["azurerm_machine_learning_workspace.ws"]
    assert ws.attrs["key_vault_id"] == {"$unresolved": "azurerm_key_vault.kv.id"}
    assert ws.attrs["application_insights_id"]["$unresolved"].startswith('"/subscriptions/${var.subscription_id}')


def test_refs(project: tuple[dict, Context]) -> None:
    res, _ = project
    pe = res["azurerm_private_endpoint.openai[0]"]
    assert (("subnet_id",), "azurerm_subnet.ai[0]") in pe.refs
    assert (("private_service_connection", 0, "private_connection_resource_id"), "azurerm_cognitive_account.openai") in pe.refs
    ws = res["azurerm_machine_learning_workspace.ws"]
    assert (("storage_account_id",), "module.storage.azurerm_storage_account.this") in ws.refs


def test_local_module_inputs_file_and_notice(project: tuple[dict, Context]) -> None:
    res, ctx = project
    sa = res["module.storage.azurerm_storage_account.this"]
    assert sa.file == str(PROJECT / "modules" / "storage" / "main.tf")
    assert sa.attrs["name"] == "contosoprodsa"  # replace() on a local passed as input
    assert sa.attrs["shared_access_key_enabled"] is False
    assert sa.lines[("shared_access_key_enabled",)] == 29
    assert ctx.notices == [f"{PROJECT / 'main.tf'}:101: module naming: source Azure/naming/azurerm not fetched"]


def test_var_file_overrides(tmp_path: Path) -> None:
    _write(tmp_path, {
        "main.tf": 'variable "sku" { default = "F0" }\nresource "azurerm_x" "a" { sku = var.sku }\n',
        "terraform.tfvars": 'sku = "S0"\n',
        "ops.tfvars": 'sku = "S1"\n',
    })
    res, _ = _scan(tmp_path, ["main.tf"])
    assert res["azurerm_x.a"].attrs["sku"] == "S0"  # terraform.tfvars read via ctx.load
    res, _ = _scan(tmp_path, ["main.tf"], var_files=[str(tmp_path / "ops.tfvars")])
    assert res["azurerm_x.a"].attrs["sku"] == "S1"


def test_unknown_count_gives_one_instance_and_zero_gives_none(tmp_path: Path) -> None:
    _write(tmp_path, {"main.tf": (
        'variable "n" {}\n'
        'resource "azurerm_x" "a" {\n  count = var.n\n  name = "x-${count.index}"\n}\n'
        'resource "azurerm_x" "b" {\n  count = 0\n}\n'
        'resource "azurerm_x" "c" {\n  for_each = var.n\n  name = each.key\n}\n')})
    res, _ = _scan(tmp_path)
    assert sorted(res) == ["azurerm_x.a", "azurerm_x.c"]
    assert res["azurerm_x.a"].attrs["name"] == {"$unresolved": '"x-${count.index}"'}
    assert res["azurerm_x.c"].attrs["name"] == {"$unresolved": "each.key"}


@pytest.mark.parametrize("expr, value", [
    ('upper("a")', "A"),
    ('join("-", concat(["a"], ["b"]))', "a-b"),
    ('lookup({a = 1}, "b", 2)', 2),
    ('contains(["a", "b"], "b")', True),
    ("length([1, 2, 3])", 3),
    ('coalesce("", "x")', "x"),
    ("tonumber(\"5\") + 1", 6),
    ('tobool("true")', True),
    ("toset([\"b\", \"a\", \"b\"])", ["a", "b"]),
    ("try(var.missing, \"fallback\")", "fallback"),
    ("can(var.missing)", {"$unresolved": "can(var.missing)"}),
    ('format("%s-%03d", "n", 7)', "n-007"),
    ("[for i in [1, 2] : i * 2]", [2, 4]),
    ('{ for k, v in { a = 1, b = 2 } : k => v if v > 1 }', {"b": 2}),
    ('merge({ a = 1 }, { b = var.missing })', {"a": 1, "b": {"$unresolved": "var.missing"}}),
    ("10 / 4", 2.5),
    ('"%{ for s in ["a", "b"] }${s};%{ endfor }"', "a;b;"),
    ('timestamp()', {"$unresolved": "timestamp()"}),
])
def test_expressions(tmp_path: Path, expr: str, value: object) -> None:
    _write(tmp_path, {"main.tf": f'variable "missing" {{}}\nresource "azurerm_x" "a" {{\n  v = {expr}\n}}\n'})
    res, _ = _scan(tmp_path)
    assert res["azurerm_x.a"].attrs["v"] == value


@pytest.mark.parametrize("constraint, major", [
    ("~> 3.100", 3), (">= 4.0", 4), ("=5.1.0", 5), (None, 5), ("", 5)])
def test_provider_major(constraint: str | None, major: int) -> None:
    assert provider_major(constraint) == major


def test_cycles_and_bad_references_do_not_raise(tmp_path: Path) -> None:
    _write(tmp_path, {"main.tf": (
        'locals {\n  a = local.b\n  b = local.a\n}\n'
        'resource "azurerm_x" "a" {\n  v = local.a\n  w = azurerm_x.b.w\n}\n'
        'resource "azurerm_x" "b" {\n  w = azurerm_x.a.w\n  m = module.nope.x\n}\n'
        'module "self" {\n  source = "./"\n}\n')})
    res, _ = _scan(tmp_path)
    assert res["azurerm_x.a"].attrs["v"] == {"$unresolved": "local.a"}
    assert "$unresolved" in res["azurerm_x.b"].attrs["w"]


def test_variables_are_declarations_for_the_secrets_control(tmp_path: Path) -> None:
    _write(tmp_path, {"variables.tf": (
        'variable "api_key" {\n  type = string\n  default = "abc"\n}\n'
        'variable "token" {\n  sensitive = true\n}\n')})
    files = [_load(str(tmp_path / "variables.tf"))]
    decl = {tf.address: tf for tf in tf_resources(files, Context(load=_load)) if tf.tf_type == "variable"}
    assert decl["var.api_key"].attrs == {"name": "api_key", "sensitive": False, "type": "string", "default": "abc"}
    assert decl["var.api_key"].line == 1 and decl["var.api_key"].lines[("default",)] == 3
    assert decl["var.token"].attrs["sensitive"] is True and "default" not in decl["var.token"].attrs


def test_azapi_jsonencode_body_keeps_known_leaves_and_their_lines(tmp_path: Path) -> None:
    """``body = jsonencode({...})`` with one unknown reference: the known leaves stay readable."""
    _write(tmp_path, {"main.tf": """\
resource "azurerm_key_vault" "kv" {
  name = "kv1"
}

resource "azapi_resource" "ws" {
  type      = "Microsoft.MachineLearningServices/workspaces@2024-04-01"
  name      = "ws"
  parent_id = "/subscriptions/x/resourceGroups/rg"
  body = jsonencode({
    properties = {
      keyVault            = azurerm_key_vault.kv.id
      publicNetworkAccess = "Enabled"
      managedNetwork      = { isolationMode = "AllowInternetOutbound" }
    }
  })
}
"""})
    ws = _scan(tmp_path)[0]["azapi_resource.ws"]
    props = ws.attrs["body"]["properties"]
    assert props["publicNetworkAccess"] == "Enabled"
    assert props["managedNetwork"] == {"isolationMode": "AllowInternetOutbound"}
    assert props["keyVault"] == {"$unresolved": "azurerm_key_vault.kv.id"}
    assert ws.lines[("body", "properties", "publicNetworkAccess")] == 12
    assert ws.lines[("body", "properties", "managedNetwork", "isolationMode")] == 13
