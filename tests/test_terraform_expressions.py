"""Terraform expression gaps closed for real code: regular-expression ``replace``/``regex``,
template strip markers, ``optional()`` defaults and type conversion of variables, and the
nested-block / map decision of ``.tf.json`` files."""
from __future__ import annotations

from pathlib import Path

import pytest

from aipolicy.normalize import Context
from aipolicy.normalize.terraform import tf_resources
from aipolicy.normalize.terraform_eval import Evaluator, Unknown
from aipolicy.parsers import terraform
from aipolicy.parsers.terraform import parse_hcl


def _value(src: str) -> object:
    body, error = parse_hcl(f"x = {src}\n")
    assert error is None
    return Evaluator().evaluate(body["attrs"]["x"][0], {})


@pytest.mark.parametrize("src, want", [
    ('replace("sa-ml_ws.01", "/[^a-zA-Z0-9]/", "")', "samlws01"),
    (r'replace("hello world", "/(\\w+) (\\w+)/", "$2 $${1}")', "world hello"),
    ('replace("a.b.c", ".", "-")', "a-b-c"),
    ('replace("key=v", "/(?P<k>\\\\w+)=/", "$k:$$")', "key:$v"),
    ('regex("^/subscriptions/([^/]+)/resourceGroups/([^/]+)", "/subscriptions/s/resourceGroups/rg/x")', ["s", "rg"]),
    ('regex("(?P<name>[^/]+)$", "a/b/c")', {"name": "c"}),
    ('regex("[0-9]+", "ab12c")', "12"),
    ('regexall("[0-9]+", "a1b22")', ["1", "22"]),
])
def test_regular_expressions(src: str, want: object) -> None:
    assert _value(src) == want


def test_bad_regular_expression_stays_unresolved() -> None:
    assert isinstance(_value('replace("x", "/(/", "y")'), Unknown)
    assert isinstance(_value('regex("z", "abc")'), Unknown)


def test_template_strip_markers() -> None:
    assert _value('"p ${~ "q" ~} r"') == "pqr"
    heredoc = '<<EOT\n  a\n  ${~ "b" ~}\n  c\n  %{~ if true ~}\n  d\n  %{~ endif ~}\nEOT'
    assert _value(heredoc) == "  abcd"
    loop = '<<EOT\n%{ for i in [1, 2] ~}\n  item ${i}\n%{ endfor ~}\nEOT'
    assert _value(loop) == "item 1\nitem 2\n"
    assert _value('"%{ if false }x%{ else ~}   y%{ endif }"') == "y"


def _project(tmp_path: Path, files: dict[str, str]) -> dict[str, object]:
    parsed = []
    for name, text in files.items():
        (tmp_path / name).write_text(text)
        parsed.append(terraform.parse(str(tmp_path / name), text))
    ctx = Context(load=lambda path: terraform.parse(path, Path(path).read_text()) if Path(path).is_file() else None)
    return {tf.address: tf for tf in tf_resources(parsed, ctx)}


def test_optional_defaults_and_type_conversion(tmp_path: Path) -> None:
    res = _project(tmp_path, {"main.tf": '''
variable "identity" {
  type = object({
    system_assigned = optional(bool, true)
    ids             = optional(set(string), [])
  })
  default = {}
}
variable "acls" {
  type = object({
    rules = optional(list(object({
      name   = string
      action = optional(string, "Deny")
    })), [])
    public = optional(bool)
  })
  default = { rules = [{ name = "a" }] }
}
variable "local_auth" {
  type    = bool
  default = "false"
}
variable "capacity" {
  type    = number
  default = "10"
}
resource "azurerm_cognitive_account" "oai" {
  name               = "oai"
  local_auth_enabled = var.local_auth
  fqdns              = [var.acls.rules[0].action, tostring(var.capacity + 1)]
  custom_subdomain_name = var.acls.public == null ? "no-public" : "set"
  dynamic "identity" {
    for_each = var.identity.system_assigned || length(var.identity.ids) > 0 ? [1] : []
    content {
      type = "SystemAssigned"
    }
  }
}
'''})
    attrs = res["azurerm_cognitive_account.oai"].attrs
    assert attrs["local_auth_enabled"] is False
    assert attrs["fqdns"] == ["Deny", "11"]
    assert attrs["custom_subdomain_name"] == "no-public"
    assert attrs["identity"] == [{"type": "SystemAssigned"}]


def test_dynamic_block_without_iterations_is_absent(tmp_path: Path) -> None:
    res = _project(tmp_path, {"main.tf": '''
resource "azurerm_cognitive_account" "oai" {
  name = "oai"
  dynamic "identity" {
    for_each = []
    content {
      type = "SystemAssigned"
    }
  }
}
'''})
    assert "identity" not in res["azurerm_cognitive_account.oai"].attrs


def test_tf_json_blocks_follow_the_provider_tables() -> None:
    text = '''{
  "module": {"net": {"source": "./net", "rules": {"allow": {"port": 22}}}},
  "resource": {"azurerm_storage_account": {"sa": {
    "name": "st01",
    "tags": {"env": "prod"},
    "custom_domain": {"name": "x"},
    "network_rules": {"default_action": "Allow"},
    "blob_properties": {"delete_retention_policy": {"days": 7}},
    "dynamic": {"identity": [{"for_each": ["x"], "content": {"type": "SystemAssigned"}}]}
  }},
  "azurerm_kubernetes_cluster_node_pool": {"gpu": {
    "name": "gpu", "node_labels": {"sku": "gpu"}, "upgrade_settings": {"max_surge": "10%"}
  }}}
}'''
    blocks = terraform.parse("main.tf.json", text).documents[0].data["blocks"]
    module, sa, pool = blocks
    assert set(module["attrs"]) == {"source", "rules"} and module["blocks"] == []
    assert set(sa["attrs"]) == {"name", "tags"}
    nested = {b["type"]: b for b in sa["blocks"]}
    assert set(nested) == {"custom_domain", "network_rules", "blob_properties", "dynamic"}
    assert set(pool["attrs"]) == {"name", "node_labels"} and pool["blocks"][0]["type"] == "upgrade_settings"
    assert nested["blob_properties"]["blocks"][0]["type"] == "delete_retention_policy"
    assert nested["dynamic"]["blocks"][0]["type"] == "content"
