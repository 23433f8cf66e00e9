"""Bicep: the tree-sitter parser (plain data, lines, errors) and the normalizer (resolution, refs)."""
from __future__ import annotations

import json
import pickle
import random
from pathlib import Path

import pytest

from aipolicy.model import is_unresolved
from aipolicy.normalize import Context
from aipolicy.normalize import bicep as normalize_bicep
from aipolicy.parsers import bicep
from conftest import FIXTURES

BICEP = FIXTURES / "parsers" / "bicep"


def _load(path: str):
    """The pipeline's load, reduced: Bicep files parsed, JSON parameter files read."""
    file = Path(path)
    if not file.is_file():
        return None
    if path.endswith(".json"):
        from aipolicy.model import Document, ParsedFile

        return ParsedFile(path, "arm", [Document(json.loads(file.read_text("utf-8")), {})])
    return bicep.parse(path, file.read_text("utf-8"))


@pytest.fixture
def in_bicep(monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(BICEP)
    return BICEP


def _normalize(*paths: str, **ctx_args) -> tuple[dict, Context]:
    ctx = Context(load=_load, **ctx_args)
    resources = normalize_bicep.normalize([_load(p) for p in paths], ctx)
    return {r.id: r for r in resources}, ctx


def _data(text: str, file: str = "t.bicep") -> dict:
    pf = bicep.parse(file, text)
    assert pf.errors == [], pf.errors
    return pf.documents[0].data


# ───────────── parser ─────────────


def test_fixture_parses_with_declarations_and_lines(in_bicep: Path) -> None:
    pf = bicep.parse("main.bicep", (in_bicep / "main.bicep").read_text())
    assert pf.format == "bicep" and pf.errors == []
    data = pf.documents[0].data
    params = {p["name"]: p for p in data["params"]}
    assert [d["name"] for d in params["prefix"]["decorators"]] == ["description", "minLength"]
    assert params["adminPassword"]["decorators"][0]["name"] == "secure"
    assert params["openAiSku"]["type"] == "string?"
    openai = next(r for r in data["resources"] if r["symbol"] == "openai")
    assert (openai["type"], openai["apiVersion"], openai["line"]) == (
        "Microsoft.CognitiveServices/accounts", "2024-10-01", 38)
    assert openai["children"][0]["symbol"] == "gpt"
    assert openai["children"][0]["decorators"][0]["name"] == "description"
    assert [m["path"] for m in data["modules"]] == ["./modules/search.bicep", "br/public:avm/res/key-vault/vault:0.11.0"]
    assert data["imports"][0]["symbols"] == [{"name": "tagSet", "alias": "tagSet"}]
    lines = pf.documents[0].lines
    assert lines[("resources", "openai", "properties", "DisableLocalAuth")] == (51, 51)
    assert lines[("resources", "openai::gpt")] == (60, 73)
    nsgs = next(r for r in data["resources"] if r["symbol"] == "nsgs")
    assert nsgs["loop"]["item"] == "s"
    backup = next(r for r in data["resources"] if r["symbol"] == "backupVault")
    assert backup["condition"]["$bicep"] == "ref"


def test_output_is_plain_data(in_bicep: Path) -> None:
    for name in ("main.bicep", "modern.bicep", "main.bicepparam"):
        pf = bicep.parse(name, (in_bicep / name).read_text())
        doc = pf.documents[0]
        assert json.loads(json.dumps(doc.data)) == doc.data
        assert pickle.loads(pickle.dumps(pf)).documents[0].data == doc.data


def test_modern_syntax_parses(in_bicep: Path) -> None:
    pf = bicep.parse("modern.bicep", (in_bicep / "modern.bicep").read_text())
    assert pf.errors == []
    data = pf.documents[0].data
    assert data["statements"][0]["keyword"] == "extension"
    assert data["imports"][0]["wildcard"] == "shared"
    assert [t["name"] for t in data["types"]] == ["deploymentType", "skuName"]
    variables = {v["name"]: v["value"] for v in data["vars"]}
    assert variables["names"]["args"][1] == {
        "$bicep": "lambda", "params": ["d"],
        "body": {"$bicep": "member", "object": {"$bicep": "ref", "name": "d"}, "prop": "name", "safe": False}}
    assert [("spread" in p) for p in variables["baseTags"]["props"]] == [True, True, False]
    assert variables["script"] == '\n#!/bin/bash\necho "${not.interpolated}"\n'
    account = data["resources"][0]
    assert account["children"][0]["loop"]["index"] == "i"
    assert account["children"][0]["decorators"][0]["name"] == "batchSize"


@pytest.mark.parametrize("source, expected", [
    ("a && b.c", "(a && b.c)"),
    ("a.b + c.d * e.f", "(a.b + (c.d * e.f))"),
    ("!x.y == z", "((!x.y) == z)"),
    ("p ? q : r.s", "(p ? q : r.s)"),
    ("(a && b).c", "(a && b).c"),
    ("a ?? b.c", "(a ?? b.c)"),
    ("x == az.resourceGroup().location", "(x == az.resourceGroup().location)"),
])
def test_operator_precedence_is_repaired(source: str, expected: str) -> None:
    def show(v) -> str:
        kind = v.get("$bicep") if isinstance(v, dict) else None
        if kind == "binary":
            return f"({show(v['left'])} {v['op']} {show(v['right'])})"
        if kind == "unary":
            return f"({v['op']}{show(v['arg'])})"
        if kind == "ternary":
            return f"({show(v['cond'])} ? {show(v['then'])} : {show(v['else'])})"
        if kind == "member":
            return f"{show(v['object'])}.{v['prop']}"
        if kind == "call":
            return f"{v['ns'] + '.' if v['ns'] else ''}{v['func']}()"
        return v["name"] if kind == "ref" else repr(v)

    assert show(_data(f"var v = {source}\n")["vars"][0]["value"]) == expected


def test_bicepparam_assignments() -> None:
    data = _data("using './main.bicep'\n\nvar r = 'x'\nparam prefix = 'a${r}'\nparam n = 3\n", "p.bicepparam")
    assert data["kind"] == "bicepparam" and data["using"]["path"] == "./main.bicep"
    assert [(p["name"], p["assigned"], p["line"]) for p in data["params"]] == [("prefix", True, 4), ("n", True, 5)]


def test_syntax_errors_have_lines(in_bicep: Path) -> None:
    pf = bicep.parse("broken.bicep", (in_bicep / "broken.bicep").read_text())
    assert [e.line for e in pf.errors] == [13]
    symbols = [r["symbol"] for r in pf.documents[0].data["resources"]]
    assert symbols == ["good"]  # the declaration holding the error is left out
    unclosed = bicep.parse("u.bicep", "resource a 'T@v' = {\n  name: 'x'\n  properties: {\n")
    assert unclosed.errors and all(e.line >= 1 for e in unclosed.errors)


def test_shared_broken_fixture_reports_an_error() -> None:
    pf = bicep.parse("broken.bicep", (FIXTURES / "bad" / "broken.bicep").read_text())
    assert pf.errors and pf.errors[0].file == "broken.bicep"


@pytest.mark.parametrize("text", [
    "".join(chr(random.Random(seed).randrange(0, 0x3000)) for _ in range(4000)) for seed in range(3)
] + [
    "\x00\x01\xff" * 1000,
    "var a = " + "[" * 20000 + "]" * 20000,
    "var a = " + "(" * 5000 + "1" + ")" * 5000,
    "var a = " + "!" * 10000 + "true",
    "var a = '${'${'${" * 2000,
    "param p = ",
    "...",
    "resource x 'T@v' existing = {" * 500,
])
def test_parser_never_raises(text: str) -> None:
    pf = bicep.parse("junk.bicep", text)
    assert pf.errors, "garbage must be reported"
    assert all(isinstance(e.line, int) and e.line >= 1 for e in pf.errors)


# ───────────── normalizer ─────────────


def test_resources_resolved_with_bicepparam(in_bicep: Path) -> None:
    res, ctx = _normalize("main.bicep", "main.bicepparam", "types.bicep")
    openai = res["main.bicep::openai"]
    assert (openai.type, openai.name, openai.address, openai.format) == (
        "Microsoft.CognitiveServices/accounts", "credsweden-prod-oai", "openai", "bicep")
    assert openai.body["properties"]["disableLocalAuth"] is False  # canonical spelling of DisableLocalAuth
    assert openai.body["properties"]["publicNetworkAccess"] == "Disabled"
    assert openai.body["tags"] == {"owner": "ml-platform", "costCenter": "42", "env": "prod"}
    assert openai.lines["properties.disableLocalAuth"] == 51
    assert (openai.line, openai.end_line) == (38, 74)
    assert is_unresolved(openai.body["location"]) and ("location", 40) in openai.unresolved
    assert openai.body["sku"]["name"] == {"$unresolved": "openAiSku ?? 'S0'"}
    gpt = res["main.bicep::openai::gpt"]
    assert (gpt.type, gpt.name) == ("Microsoft.CognitiveServices/accounts/deployments", "credsweden-prod-oai/gpt-4o")
    assert [(r.kind, r.target) for r in gpt.refs] == [("parent", "main.bicep::openai")]
    assert res["main.bicep::storage"].body["sku"]["name"] == "Standard_ZRS"
    assert ctx.notices == [
        "main.bicep:200: module 'avmVault' not fetched (registry source 'br/public:avm/res/key-vault/vault:0.11.0')"]


def test_parent_scope_and_references(in_bicep: Path) -> None:
    res, _ = _normalize("main.bicep", "main.bicepparam", "types.bicep")
    blobs = res["main.bicep::blobs"]
    assert (blobs.type, blobs.name) == ("Microsoft.Storage/storageAccounts/blobServices", "credswedenprodst/default")
    assert [(r.path, r.kind, r.target) for r in blobs.refs] == [("parent", "parent", "main.bicep::storage")]
    assert "parent" not in blobs.body
    diag = res["main.bicep::oaiDiag"]
    assert {(r.path, r.kind, r.target) for r in diag.refs} == {
        ("scope", "scope", "main.bicep::openai"),
        ("properties.workspaceId", "reference", "main.bicep::law")}
    assert diag.body["properties"]["workspaceId"] == {"$unresolved": "law.id"}
    ws = res["main.bicep::workspace"]
    refs = {(r.path, r.kind, r.target) for r in ws.refs}
    assert ("properties.keyVault", "reference", "microsoft.keyvault/vaults/shared-kv") in refs
    assert ("dependsOn", "reference", "main.bicep::openai") in refs
    assert ws.body["properties"]["friendlyName"] == "credswedenprodst"  # storage.name, static
    assert ws.body["properties"]["description"] == "TLS1_2"  # storage.properties.minimumTlsVersion
    assert "main.bicep::kv" not in res  # existing resources are only targets


def test_loops_conditions_and_arrays(in_bicep: Path) -> None:
    res, _ = _normalize("main.bicep", "main.bicepparam", "types.bicep")
    assert res["main.bicep::nsgs[0]"].name == "credsweden-prod-inference-nsg"
    assert res["main.bicep::nsgs[1]"].name == "credsweden-prod-training-nsg"
    assert "main.bicep::backupVault" not in res  # if (deployBackup), false by default
    assert "main.bicep::rg" in res  # if (!empty(prefix)) is true
    vnet = res["main.bicep::vnet"]
    assert vnet.body["properties"]["subnets"][1] == {"name": "training", "properties": {"addressPrefix": "10.0.1.0/24"}}
    assert vnet.lines["properties.subnets[1].properties.addressPrefix"] == 167
    assert vnet.lines["properties.addressSpace.addressPrefixes[0]"] == 161
    rg = res["main.bicep::rg"]
    assert rg.name == "uniqueString(resourceGroup().id)" and ("name", 187) in rg.unresolved


def test_local_module_resources(in_bicep: Path) -> None:
    res, _ = _normalize("main.bicep", "main.bicepparam", "types.bicep")
    search = res["modules/search.bicep::search.search"]
    assert (search.file, search.address, search.name) == ("modules/search.bicep", "search.search", "credsweden-prod-srch")
    assert search.body["properties"]["publicNetworkAccess"] == "disabled"
    assert search.body["properties"]["replicaCount"] == 1
    diag = res["modules/search.bicep::search.diag"]
    assert {(r.kind, r.target) for r in diag.refs} == {
        ("scope", "modules/search.bicep::search.search"), ("reference", "main.bicep::law")}


def test_without_parameter_files_values_stay_unresolved(in_bicep: Path) -> None:
    res, _ = _normalize("main.bicep", "types.bicep")
    openai = res["main.bicep::openai"]
    assert openai.name == "aip-dev-oai"  # defaults
    assert openai.body["properties"]["disableLocalAuth"] is True
    search = res["modules/search.bicep::search.search"]
    assert search.body["properties"]["publicNetworkAccess"] == "enabled"


def test_param_records_for_secrets(in_bicep: Path) -> None:
    res, _ = _normalize("main.bicep", "main.bicepparam", "types.bicep")
    pw = res["main.bicep::param.adminPassword"]
    assert (pw.type, pw.address, pw.line) == ("bicep:param", "param.adminPassword", 19)
    assert pw.body == {"name": "adminPassword", "type": "string", "secure": True,
                       "decorators": [{"name": "secure", "args": []}]}
    key = res["main.bicep::param.apiKey"]
    assert key.body["secure"] is False and key.body["default"] == "not-a-real-key"
    assert key.lines["default"] == 21
    env = res["main.bicep::param.env"]
    assert env.body["decorators"] == [{"name": "allowed", "args": [["dev", "prod"]]}]
    assigned = res["main.bicepparam::param.adminPassword"]
    assert assigned.body["secure"] is True and is_unresolved(assigned.body["default"])


def test_disagreeing_parameter_files_and_module_loops(in_bicep: Path) -> None:
    res, _ = _normalize("envs/app.bicep", "envs/worker.bicep", "envs/dev.bicepparam", "envs/prod.bicepparam")
    cache = res["envs/app.bicep::cache"]
    assert cache.name == "cache-shared"  # both files agree on env
    assert cache.body["properties"]["replicasPerMaster"] == {"$unresolved": "replicas"}
    assert res["envs/worker.bicep::workers[0].ip"].body["zones"] == ["1"]
    assert res["envs/worker.bicep::workers[1].ip"].name == "pip-shared-2"
    assert "envs/worker.bicep::maybe.ip" in res  # condition unknown: kept
    literal = res["envs/dev.bicepparam::param.dbPassword"]
    assert literal.body["secure"] is True and literal.body["default"] == "P@ssw0rd-in-code"


def test_json_parameter_file(in_bicep: Path) -> None:
    res, _ = _normalize("envs/app.bicep", "envs/worker.bicep", param_files=["envs/override.parameters.json"])
    assert res["envs/app.bicep::cache"].name == "cache-ci"
    assert res["envs/worker.bicep::workers[0].ip"].name == "pip-ci-1"


def test_modern_evaluation(in_bicep: Path) -> None:
    res, _ = _normalize("modern.bicep", "types.bicep")
    account = res["modern.bicep::account"]
    assert account.name == "oai-chat-x"  # imported function through `import * as shared`
    assert account.body["sku"] == {"name": "S0"}
    models = [res[f"modern.bicep::account::models[{i}]"] for i in range(2)]
    assert [m.name for m in models] == ["oai-chat-x/gpt-4o", "oai-chat-x/embeddings"]
    assert [m.body["sku"]["capacity"] for m in models] == [20, 1]  # `d.?capacity ?? 1`
    secret = res["modern.bicep::secret"]
    assert secret.name == "kv-shared/oai-endpoint"
    assert {(r.kind, r.target) for r in secret.refs} == {
        ("parent", "microsoft.keyvault/vaults/kv-shared"), ("reference", "modern.bicep::account")}


@pytest.mark.parametrize("expr, expected", [
    ("concat('a', 'b', string(1))", "ab1"),
    ("format('{0}-{1}', 'x', 2)", "x-2"),
    ("toUpper(substring('abcdef', 1, 3))", "BCD"),
    ("join(split('a,b,c', ','), '-')", "a-b-c"),
    ("union({a: 1}, {b: 2}).b", 2),
    ("length([1, 2, 3]) == 3 && contains('abc', 'b')", True),
    ("first(['x', 'y'])", "x"),
    ("last('xyz')", "z"),
    ("replace('a-b', '-', '')", "ab"),
    ("startsWith('Standard_NC6', 'standard_nc')", True),
    ("int('42') + 1", 43),
    ("bool('true') ? 'yes' : 'no'", "yes"),
    ("empty('') || false", True),
    ("[for i in range(0, 3): i * 2][2]", 4),
    ("map([1, 2], x => x + 1)", [2, 3]),
    ("filter(['a', 'bb'], s => length(s) > 1)", ["bb"]),
    ("'${'a'}-${1}-${true}'", "a-1-True"),
    ("7 / 2 + 7 % 2 - -1", 5),
])
def test_functions_on_static_arguments(expr: str, expected) -> None:
    pf = bicep.parse("f.bicep", f"resource r 'Microsoft.Test/things@2024-01-01' = {{\n  name: 'r'\n  properties: {{\n    v: {expr}\n  }}\n}}\n")
    assert pf.errors == []
    (res,) = [r for r in normalize_bicep.normalize([pf], Context()) if r.type != "bicep:param"]
    assert res.body["properties"]["v"] == expected


@pytest.mark.parametrize("expr", [
    "resourceGroup().location", "uniqueString('a')", "subscription().id", "newGuid()", "p", "p == 'x' ? 1 : 2",
    "'${p}-x'", "utcNow()", "undefinedFunction(1)",
])
def test_runtime_values_are_unresolved(expr: str) -> None:
    pf = bicep.parse("f.bicep", f"param p string\nresource r 'Microsoft.Test/things@2024-01-01' = {{\n  name: 'r'\n  properties: {{\n    v: {expr}\n  }}\n}}\n")
    (res,) = [r for r in normalize_bicep.normalize([pf], Context()) if r.type != "bicep:param"]
    assert res.body["properties"]["v"] == {"$unresolved": expr}
    assert res.unresolved == [("properties.v", 5)]


def test_missing_module_and_cycles_do_not_raise(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.bicep").write_text("module b './b.bicep' = {\n  name: 'b'\n}\nmodule gone './gone.bicep' = {\n  name: 'g'\n}\n")
    (tmp_path / "b.bicep").write_text("module a './a.bicep' = {\n  name: 'a'\n}\nresource x 'Microsoft.Test/t@1' = {\n  name: 'x'\n}\n")
    ctx = Context(load=_load)
    out = normalize_bicep.normalize([_load("a.bicep")], ctx)
    assert [r.id for r in out] == ["b.bicep::b.x"]
    assert any("gone.bicep" in n for n in ctx.notices) and any("recursive" in n for n in ctx.notices)


def test_multiline_interpolated_strings() -> None:
    data = _data("param env string = 'prod'\nvar s = $'''\nname: ${env}\n${'literal'}'''\n"
                 "var t = $$'''\n${env} and $${toUpper(env)}\n'''\n")
    parts = data["vars"][0]["value"]["parts"]
    assert parts[0] == "\nname: " and parts[1]["$bicep"] == "ref" and parts[2] == "\n"
    res, _ = _normalize_text("param env string = 'prod'\nvar t = $$'''\n${env} and $${toUpper(env)}'''\n"
                             "resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'sa'\n"
                             "  properties: {\n    description: t\n  }\n}\n")
    assert res["sa"].body["properties"]["description"] == "\n${env} and PROD"


def test_resource_id_calls_reference_the_resource() -> None:
    res, _ = _normalize_text("resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {\n  name: 'pe'\n"
                             "  properties: {\n    target: resourceId('Microsoft.KeyVault/vaults', 'kv1')\n  }\n}\n")
    assert [(r.path, r.target) for r in res["pe"].refs] == [("properties.target", "microsoft.keyvault/vaults/kv1")]


def test_load_functions_read_files_inside_the_tree_only(tmp_path: Path) -> None:
    (tmp_path / "infra").mkdir()
    (tmp_path / "infra" / "cfg.json").write_text('{\n  // settings\n  "net": {"public": "Enabled"}\n}\n')
    (tmp_path / "secret.txt").write_text("outside")
    main = tmp_path / "infra" / "main.bicep"
    main.write_text("resource sa 'Microsoft.Storage/storageAccounts@2023-01-01' = {\n  name: 'sa'\n  properties: {\n"
                    "    publicNetworkAccess: loadJsonContent('cfg.json', '$.net.public')\n"
                    "    text: loadTextContent('../secret.txt')\n  }\n}\n")
    res, ctx = _normalize(str(main))
    props = res[f"{main}::sa"].body["properties"]
    assert props["publicNetworkAccess"] == "Enabled"
    assert is_unresolved(props["text"]) and any("outside the scanned tree" in n for n in ctx.notices)


def _normalize_text(text: str) -> tuple[dict, Context]:
    ctx = Context(load=_load)
    resources = normalize_bicep.normalize([bicep.parse("t.bicep", text)], ctx)
    return {r.address: r for r in resources}, ctx


def test_module_parameter_references_survive_indirect_use(tmp_path: Path) -> None:
    (tmp_path / "mod").mkdir()
    (tmp_path / "main.bicep").write_text(
        "resource kv 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: 'kv1'\n  location: 'westeurope'\n}\n"
        "var ids = {\n  vault: kv.id\n}\nmodule m 'mod/m.bicep' = {\n  name: 'm'\n  params: {\n    viaVar: ids.vault\n"
        "    inObj: { id: kv.id }\n    direct: kv.id\n  }\n}\n")
    (tmp_path / "mod" / "m.bicep").write_text(
        "param viaVar string\nparam inObj object\nparam direct string\n"
        "resource pe 'Microsoft.Network/privateEndpoints@2023-11-01' = {\n  name: 'pe-${last(split(direct, '/'))}'\n"
        "  properties: {\n    a: '${viaVar}'\n    b: inObj.id\n    c: [ direct ]\n  }\n}\n")
    res, _ = _normalize(str(tmp_path / "main.bicep"))
    refs = {(r.path, r.target) for r in res[f"{tmp_path / 'mod' / 'm.bicep'}::m.pe"].refs}
    kv = f"{tmp_path / 'main.bicep'}::kv"
    assert {("name", kv), ("properties.a", kv), ("properties.b", kv), ("properties.c[0]", kv)} <= refs


def test_child_of_an_unresolved_parent_name_reads_as_the_parent_does(tmp_path: Path) -> None:
    """The parent part of a child's name is shown as the parent's own name (no Bicep quotes)."""
    main = tmp_path / "main.bicep"
    main.write_text(
        "param vaultName string = 'vault-${uniqueString(resourceGroup().id)}'\n"
        "resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {\n  name: vaultName\n  location: 'x'\n}\n"
        "resource key 'Microsoft.KeyVault/vaults/keys@2023-07-01' = {\n  parent: vault\n  name: 'cmkey'\n}\n")
    resources, _ = _normalize(str(main))
    names = {r.type: r.name for r in resources.values()}
    assert names["Microsoft.KeyVault/vaults"] == "vault-${uniqueString(resourceGroup().id)}"
    assert names["Microsoft.KeyVault/vaults/keys"] == "vault-${uniqueString(resourceGroup().id)}/cmkey"
