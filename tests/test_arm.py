"""ARM JSON: the line-mapping JSON loader, the template parser, expressions and normalization."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from aipolicy.model import is_unresolved
from aipolicy.normalize import Context
from aipolicy.normalize import arm as normalize_arm
from aipolicy.normalize.arm_expr import Scope, Unknown, azure_key
from aipolicy.parsers import arm
from aipolicy.parsers.jsonlines import load_document, parse_json
from conftest import FIXTURES

ARM = FIXTURES / "parsers" / "arm"


def _load(path: str):
    file = Path(path)
    return arm.parse(path, file.read_text("utf-8")) if file.is_file() else None


def _normalize(*paths: Path, **ctx_args) -> tuple[dict, Context]:
    ctx = Context(load=_load, **ctx_args)
    files = [_load(str(p)) for p in paths]
    resources = normalize_arm.normalize(files, ctx)
    found: dict = {}
    for r in resources:  # a template's own parameter records come before a parameter file's
        found.setdefault(r.address, r)
    return found, ctx


# ───────────── jsonlines ─────────────


def test_lines_of_members_and_elements_with_comments() -> None:
    text = '{\n  // "x": 1\n  "a": 1, /* two\n  lines */ "b": [1,\n    {"c": "http://x/*y*/"},\n    []\n  ],\n  "d\\u0041": {}\n}'
    data, lines = parse_json(text)
    assert data == {"a": 1, "b": [1, {"c": "http://x/*y*/"}, []], "dA": {}}
    assert lines[()] == (1, 9)
    assert lines[("a",)] == (3, 3)
    assert lines[("b",)] == (4, 7)
    assert lines[("b", 1, "c")] == (5, 5)
    assert lines[("b", 2)] == (6, 6)
    assert lines[("dA",)] == (8, 8)


@pytest.mark.parametrize("indent", [None, 2, "\t"])
def test_any_layout_gives_the_same_map(indent) -> None:
    value = {"a": [1, {"b": "c d", "e f": [], "g": None}], "h": {"i": [True, 2.5, "x"]}, "": "empty key"}
    text = json.dumps(value, indent=indent)
    data, lines = parse_json(text)
    assert data == value
    assert set(lines) == {(), ("a",), ("a", 0), ("a", 1), ("a", 1, "b"), ("a", 1, "e f"), ("a", 1, "g"),
                          ("h",), ("h", "i"), ("h", "i", 0), ("h", "i", 1), ("h", "i", 2), ("",)}
    if indent is not None:
        assert lines[("h", "i", 2)] == (14, 14)


def test_duplicate_keys_and_mixed_layout() -> None:
    data, lines = parse_json('{\n "a": 1, "b": {\n  "c": [1,\n 2]},\n "a": 3\n}')
    assert data == {"a": 3, "b": {"c": [1, 2]}}
    assert lines[("a",)] == (5, 5)
    assert lines[("b", "c", 1)] == (4, 4)
    assert lines[("b",)] == (2, 4)


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ('{\n  "a": 1,\n  "b": [\n', 3, "Expecting"),
        ('{\n  "a": 1\n  /* never closed\n}', 3, "unterminated /* comment"),
        ('{\n  "a": [1,,],\n}', 2, "Expecting value"),
        ('{\n  "a": "x\n"}', 2, "control character"),
        ("\n\n" + "[" * 100_000, 3, "nesting"),
        ("\n" + "[" * 300 + "]" * 300, 2, "nesting deeper than 256"),
        ("", 1, "Expecting value"),
    ],
)
def test_syntax_errors_have_lines(text: str, line: int, words: str) -> None:
    doc, error = load_document("bad.json", text)
    assert doc is None
    assert error.file == "bad.json" and error.line == line and words in error.message


# ───────────── parser ─────────────


@pytest.mark.parametrize(
    ("schema", "kind"),
    [
        ("https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", "template"),
        ("https://schema.management.azure.com/schemas/2018-05-01/subscriptionDeploymentTemplate.json#", "template"),
        ("https://schema.management.azure.com/schemas/2019-08-01/managementGroupDeploymentTemplate.json#", "template"),
        ("https://schema.management.azure.com/schemas/2019-08-01/tenantDeploymentTemplate.json#", "template"),
        ("https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters.json#", "parameters"),
        ("https://json.schemastore.org/package.json", None),
    ],
)
def test_sniff(schema: str, kind: str | None) -> None:
    assert arm.sniff({"$schema": schema}) == kind


def test_other_json_is_skipped_not_an_error() -> None:
    parsed = arm.parse("package.json", '{"name": "x"}')
    assert parsed.documents == [] and parsed.errors == [] and parsed.skipped == 1
    assert arm.sniff(["not", "an", "object"]) is None


@pytest.mark.parametrize(
    ("name", "line"), [("truncated.json", 7), ("bad-comment.json", 6)]
)
def test_broken_files_give_one_error_each(name: str, line: int) -> None:
    path = ARM / "broken" / name
    parsed = arm.parse(str(path), path.read_text("utf-8"))
    assert parsed.documents == []
    assert [(e.file, e.line) for e in parsed.errors] == [(str(path), line)]


def test_trailing_commas_are_accepted_as_arm_does() -> None:
    path = ARM / "lenient" / "trailing-comma.json"
    parsed = arm.parse(str(path), path.read_text("utf-8"))
    assert parsed.errors == []
    assert parsed.documents[0].data["resources"] == [{"type": "Microsoft.Storage/storageAccounts", "name": "sa"}]
    assert parsed.documents[0].lines[("resources", 0, "name")] == (5, 5)


# ───────────── expressions ─────────────


def _scope() -> Scope:
    return Scope(
        {"name": {"type": "string"}, "env": {"defaultValue": "prod"}, "n": {"defaultValue": 3},
         "loc": {"defaultValue": "[resourceGroup().location]"}, "cfg": {"defaultValue": {"Tier": "Basic"}}},
        {},
        {"sa": "[concat(uniqueString(resourceGroup().id), 'sa')]",
         "copy": [{"name": "disks", "count": "[parameters('n')]", "input": {"lun": "[copyIndex('disks', 1)]"}}]},
    )


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("[toUpper(concat('a', parameters('env')))]", "APROD"),
        ("[format('{0}-{1}{{x}}', parameters('env'), 7)]", "prod-7{x}"),
        ("[if(equals(parameters('env'), 'prod'), 'Disabled', 'Enabled')]", "Disabled"),
        ("[and(not(empty(parameters('env'))), or(bool('false'), equals(int('3'), parameters('n'))))]", True),
        ("[union(createObject('a', 1), createObject('b', createArray(1, 2)))]", {"a": 1, "b": [1, 2]}),
        ("[contains(createArray('x', 'y'), 'y')]", True),
        ("[length(replace('a-b-c', '-', ''))]", 3),
        ("[substring(string(12345), 1, 2)]", "23"),
        ("[parameters('cfg').tier]", "Basic"),
        ("[variables('disks')]", [{"lun": 1}, {"lun": 2}, {"lun": 3}]),
        ("[resourceId('Microsoft.Network/virtualNetworks/subnets', 'vnet', 'default')]",
         "Microsoft.Network/virtualNetworks/subnets/vnet/default"),
        ("[[not an expression]", "[not an expression]"),
        ("[concat('unclosed'", "[concat('unclosed'"),
    ],
)
def test_static_expressions(expression: str, expected) -> None:
    assert _scope().value(expression) == expected


@pytest.mark.parametrize(
    ("expression", "key"),
    [
        ("[parameters('name')]", "[parameters('name')]"),
        ("[parameters('loc')]", "[resourceGroup().location]"),
        ("[concat(variables('sa'), '/default')]", "[uniqueString(resourceGroup().id)]sa/default"),
        ("[resourceId('Microsoft.Storage/storageAccounts/blobServices', variables('sa'), 'default')]",
         "Microsoft.Storage/storageAccounts/blobServices/[uniqueString(resourceGroup().id)]sa/default"),
        ("[reference(variables('sa')).primaryEndpoints.blob]", None),
        ("[if(equals(parameters('name'), 'x'), 1, 2)]", None),
        ("[utcNow()]", "[utcNow()]"),
        ("[newGuid()]", "[newGuid()]"),
        ("[listKeys(variables('sa'), '2023-01-01').keys[0].value]", None),
        ("[not(bad syntax)]", "[not(bad syntax)]"),
    ],
)
def test_runtime_values_stay_unknown(expression: str, key: str | None) -> None:
    value = _scope().value(expression)
    assert isinstance(value, Unknown)
    if key is not None:
        assert value.key == key


def test_expression_nesting_bomb_stays_unknown() -> None:
    assert isinstance(_scope().value("[" + "concat(" * 5000 + "'a'" + ")" * 5000 + "]"), Unknown)


def test_azure_key_forms() -> None:
    assert azure_key("/subscriptions/s/resourceGroups/g/providers/Microsoft.Network/virtualNetworks/v/subnets/s1") == \
        "Microsoft.Network/virtualNetworks/subnets/v/s1"
    assert azure_key("Microsoft.CognitiveServices/accounts/[parameters('a')]") == \
        "Microsoft.CognitiveServices/accounts/[parameters('a')]"
    assert azure_key("just-a-name") is None


# ───────────── normalization ─────────────


def test_openai_template_with_parameter_file() -> None:
    found, ctx = _normalize(ARM / "openai" / "azuredeploy.json")
    assert ctx.errors == []
    account = found["Microsoft.CognitiveServices/accounts/oai-prod"]
    assert account.type == "Microsoft.CognitiveServices/accounts" and account.name == "oai-prod"
    assert account.format == "arm" and account.source_type == "Microsoft.CognitiveServices/accounts"
    assert account.id.endswith("azuredeploy.json::Microsoft.CognitiveServices/accounts/oai-prod")
    assert list(account.body) == ["type", "name", "location", "sku", "kind", "identity", "properties", "apiVersion"]
    assert account.body["properties"]["disableLocalAuth"] is False  # the parameter's default
    assert account.body["properties"]["customSubDomainName"] == "oai-prod"  # from the parameter file
    assert account.body["sku"] == {"name": "S0"}
    assert is_unresolved(account.body["location"])
    assert account.unresolved == [("location", 48)]
    assert (account.line, account.end_line) == (44, 102)
    assert account.lines["properties.disableLocalAuth"] == 61
    assert account.line_of("properties.networkAcls.defaultAction") == 65
    assert account.suppressions == ["AIP-NET-002 -- reached through the hub firewall"]

    model = found["Microsoft.CognitiveServices/accounts/deployments/oai-prod/gpt-4o"]
    assert model.name == "oai-prod/gpt-4o" and model.body["sku"]["capacity"] == 10
    assert {(r.path, r.target, r.kind) for r in model.refs} == {
        ("dependsOn[0]", "microsoft.cognitiveservices/accounts/oai-prod", "reference"),
        ("", "microsoft.cognitiveservices/accounts/oai-prod", "parent"),
    }

    nested_diag = next(r for r in found.values() if r.name == "nested-logs")
    assert nested_diag.type == "Microsoft.Insights/diagnosticSettings"
    assert ("name", "microsoft.cognitiveservices/accounts/oai-prod", "scope") in {
        (r.path, r.target, r.kind) for r in nested_diag.refs}
    # the workspace id comes from a Key Vault reference: known only at deployment
    assert nested_diag.body["properties"]["workspaceId"] == {"$unresolved": "[parameters('workspaceId')]"}

    diag = found["Microsoft.Insights/diagnosticSettings/logs"]
    assert ("scope", "microsoft.cognitiveservices/accounts/oai-prod", "scope") in {
        (r.path, r.target, r.kind) for r in diag.refs}
    assert [log["category"] for log in diag.body["properties"]["logs"]] == ["Audit", "RequestResponse"]

    endpoint = found["Microsoft.Network/privateEndpoints/oai-prod-pe"]
    assert endpoint.body["tags"] == {"Cost-Center": "[literal]"}
    assert {(r.path, r.target) for r in endpoint.refs} == {
        ("properties.privateLinkServiceConnections[0].properties.privateLinkServiceId",
         "microsoft.cognitiveservices/accounts/oai-prod"),
        ("dependsOn[0]", "microsoft.cognitiveservices/accounts/oai-prod"),
    }


def test_parameters_become_resources_for_secret_checks() -> None:
    found, _ = _normalize(ARM / "openai" / "azuredeploy.json")
    key = found["parameters.adminKey"]
    assert key.type == "arm:parameter"
    assert key.body == {"name": "adminKey", "type": "string", "default": "not-a-real-key"}
    assert (key.line, key.lines["default"]) == (26, 28)
    location = found["parameters.location"]
    assert is_unresolved(location.body["default"]) and location.unresolved == [("default", 15)]
    assert "default" not in found["parameters.accountName"].body


def test_param_file_option_overrides_the_one_beside(tmp_path: Path) -> None:
    params = tmp_path / "prod.json"
    params.write_text(json.dumps({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/"
                                  "deploymentParameters.json#", "parameters": {"accountName": {"value": "oai-x"},
                                                                               "disableLocalAuth": {"value": True}}}))
    found, _ = _normalize(ARM / "openai" / "azuredeploy.json", param_files=[str(params)])
    account = found["Microsoft.CognitiveServices/accounts/oai-x"]
    assert account.body["properties"]["disableLocalAuth"] is True


def test_without_parameter_values_nothing_is_guessed(tmp_path: Path) -> None:
    template = tmp_path / "t.json"
    template.write_text((ARM / "openai" / "azuredeploy.json").read_text())
    found, _ = _normalize(template)
    account = next(r for r in found.values() if r.type == "Microsoft.CognitiveServices/accounts")
    assert account.address == "Microsoft.CognitiveServices/accounts/[parameters('accountName')]"
    assert account.name == "[parameters('accountName')]"
    assert account.body["name"] == {"$unresolved": "[parameters('accountName')]"}
    assert ("name", 47) in account.unresolved
    endpoint = next(r for r in found.values() if r.type == "Microsoft.Network/privateEndpoints")
    # the link still holds: both sides name the same unknown
    assert f"{account.type}/{account.name}".lower() in {r.target for r in endpoint.refs}


def test_copy_loops_conditions_and_variables() -> None:
    found, ctx = _normalize(ARM / "nested" / "main.json")
    storage = [r for r in found.values() if r.type == "Microsoft.Storage/storageAccounts"]
    assert [r.address[-3:] for r in storage] == ["[0]", "[1]"]
    assert [r.body["properties"]["allowSharedKeyAccess"] for r in storage] == [False, True]
    assert storage[0].name == "ml[uniqueString(resourceGroup().id)]0"
    computes = [r for r in found.values() if r.type.endswith("/computes")]
    assert len(computes) == 1 and computes[0].name == "ml-ws/gpu-[copyIndex()]"  # count unknown: one
    assert not any(r.name.endswith("-staging") for r in found.values())  # condition false
    vnet = found["Microsoft.Network/virtualNetworks/vnet"]
    assert vnet.body["properties"]["subnets"] == [{"name": "snet-0"}, {"name": "snet-1"}]
    assert all("AIP-LOG-001 -- logs are shipped by the platform team" in r.suppressions for r in found.values())


def test_nested_deployments_inline_and_linked() -> None:
    found, ctx = _normalize(ARM / "nested" / "main.json", ARM / "nested" / "modules" / "keyvault.json")
    assert ctx.errors == []
    workspace = found["Microsoft.MachineLearningServices/workspaces/ml-ws"]  # inner scope, passed name
    assert workspace.body["properties"]["hbiWorkspace"] is True
    assert workspace.body["properties"]["storageAccount"] == {"$unresolved": "[parameters('storageId')]"}
    assert [r.target for r in workspace.refs] == ["microsoft.storage/storageaccounts/ml[uniquestring(resourcegroup().id)]0"]
    registry = found["Microsoft.ContainerRegistry/registries/mlacr"]  # outer scope: the parent's prefix
    assert registry.line == 107
    vault = found["Microsoft.KeyVault/vaults/ml-kv"]  # linked by relativePath
    assert vault.file.endswith("modules/keyvault.json") and vault.line == 10
    assert vault.body["properties"]["enableRbacAuthorization"] is True
    assert is_unresolved(vault.body["properties"]["tenantId"])
    secret = found["Microsoft.KeyVault/vaults/secrets/ml-kv/admin"]
    assert secret.body["properties"]["value"] == {"$unresolved": "[parameters('adminPassword')]"}
    # the linked file, also scanned on its own, is not listed twice
    assert sum(r.type == "Microsoft.KeyVault/vaults" for r in found.values()) == 1
    deployment = found["Microsoft.Resources/deployments/workspace"]
    assert "template" not in deployment.body["properties"]
    ids = [r.id for r in found.values()]
    assert len(ids) == len(set(ids))


def test_symbolic_resources_and_user_functions() -> None:
    found, _ = _normalize(ARM / "symbolic" / "main.json")
    aks = found["Microsoft.ContainerService/managedClusters/aks-prod"]
    assert aks.body["properties"]["agentPoolProfiles"][0]["vmSize"] == "Standard_NC24ads_A100_v4"
    assert not any(r.type == "Microsoft.OperationalInsights/workspaces" for r in found.values())  # existing
    pool = found["Microsoft.ContainerService/managedClusters/agentPools/aks-prod/cpu"]
    assert [(r.path, r.target) for r in pool.refs] == [
        ("dependsOn[0]", "microsoft.containerservice/managedclusters/aks-prod")]


def test_identical_addresses_get_unique_ids(tmp_path: Path) -> None:
    resource = {"type": "Microsoft.Storage/storageAccounts", "name": "[parameters('n')]"}
    template = tmp_path / "dup.json"
    template.write_text(json.dumps({"$schema": "https://schema.management.azure.com/schemas/2019-04-01/"
                                    "deploymentTemplate.json#", "resources": [resource, resource]}, indent=1))
    ctx = Context(load=_load)
    ids = [r.id for r in normalize_arm.normalize([_load(str(template))], ctx)]
    assert ids == [f"{template}::Microsoft.Storage/storageAccounts/[parameters('n')]",
                   f"{template}::Microsoft.Storage/storageAccounts/[parameters('n')]#2"]


@pytest.mark.parametrize(
    "template",
    [
        {"resources": "nope"},
        {"resources": [1, None, {"type": 5}, {"type": "A.B/c", "name": 7, "copy": {"count": "x"}}]},
        {"parameters": [], "variables": "x", "resources": [{"type": "A.B/c", "name": "[variables('x')]",
                                                              "properties": {"copy": [{"name": "a"}]}}]},
        {"resources": [{"type": "Microsoft.Resources/deployments", "name": "d",
                        "properties": {"templateLink": {"relativePath": "missing.json"}}}]},
        {"resources": [{"type": "Microsoft.Resources/deployments", "name": "d",
                        "properties": {"templateLink": {"relativePath": "self.json"}}}]},
    ],
)
def test_odd_templates_never_raise(tmp_path: Path, template: dict) -> None:
    path = tmp_path / "self.json"
    template = {"$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#", **template}
    path.write_text(json.dumps(template))
    ctx = Context(load=_load)
    normalize_arm.normalize([_load(str(path))], ctx)


def test_type_spelling_is_canonical(tmp_path: Path) -> None:
    template = tmp_path / "t.json"
    template.write_text(json.dumps({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "resources": [{"type": "microsoft.storage/STORAGEACCOUNTS", "apiVersion": "2023-01-01", "name": "sa",
                       "resources": [{"type": "blobservices", "name": "default", "apiVersion": "2023-01-01"}]},
                      {"type": "Microsoft.Unknown/things", "name": "x"}]}))
    found, _ = _normalize(template)
    assert found["microsoft.storage/STORAGEACCOUNTS/sa"].type == "Microsoft.Storage/storageAccounts"
    assert any(r.type == "Microsoft.Storage/storageAccounts/blobServices" and r.name == "sa/default"
               for r in found.values())
    assert found["Microsoft.Unknown/things/x"].type == "Microsoft.Unknown/things"


def test_parameter_file_values_become_parameter_records(tmp_path: Path) -> None:
    template = tmp_path / "azuredeploy.json"
    template.write_text(json.dumps({
        "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
        "parameters": {"adminPassword": {"type": "securestring"}, "vaultPassword": {"type": "securestring"}},
        "resources": []}))
    params = tmp_path / "azuredeploy.parameters.json"
    params.write_text('{\n "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentParameters'
                      '.json#",\n "parameters": {\n  "adminPassword": {\n   "value": "P@ssw0rd-literal"\n  },\n'
                      '  "vaultPassword": {"reference": {"keyVault": {"id": "/x"}, "secretName": "s"}}\n }\n}\n')
    ctx = Context(load=_load)
    resources = normalize_arm.normalize([_load(str(template))], ctx)
    records = [r for r in resources if r.file == str(params)]
    assert [(r.name, r.body["type"], r.body["default"], r.lines["default"]) for r in records] == [
        ("adminPassword", "securestring", "P@ssw0rd-literal", 5)]


def test_lambdas_on_static_lists() -> None:
    scope = Scope({"rules": {"type": "array", "defaultValue": [{"name": "a", "open": True}, {"name": "b", "open": False}]}},
                  {}, {"n": [3, 1, 2]})
    assert scope.string("[filter(parameters('rules'), lambda('r', lambdaVariables('r').open))]") == [
        {"name": "a", "open": True}]
    assert scope.string("[map(parameters('rules'), lambda('r', toUpper(lambdaVariables('r').name)))]") == ["A", "B"]
    assert scope.string("[reduce(variables('n'), 0, lambda('c', 'x', add(lambdaVariables('c'), "
                        "lambdaVariables('x'))))]") == 6
    assert scope.string("[sort(variables('n'), lambda('a', 'b', less(lambdaVariables('a'), "
                        "lambdaVariables('b'))))]") == [1, 2, 3]
    assert scope.string("[toObject(parameters('rules'), lambda('r', lambdaVariables('r').name))]")["b"]["open"] is False
    # a predicate that depends on the deployment leaves the result unknown
    unknown = scope.string("[filter(parameters('rules'), lambda('r', equals(lambdaVariables('r').name, "
                           "resourceGroup().name)))]")
    assert isinstance(unknown, Unknown)
