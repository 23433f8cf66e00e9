"""Terraform HCL / JSON parsing into the plain expression AST (parsers/terraform.py)."""
from __future__ import annotations

import pickle
from pathlib import Path

from aipolicy.parsers.terraform import parse

FIXTURES = Path(__file__).parent.parent / "fixtures" / "parsers" / "terraform"


def _body(text: str, name: str = "main.tf") -> dict:
    parsed = parse(name, text)
    assert parsed.errors == []
    return parsed.documents[0].data


def _attr(text: str) -> list:
    return _body(f"x = {text}\n")["attrs"]["x"][0]


def test_blocks_labels_and_lines() -> None:
    data = _body((FIXTURES / "project" / "main.tf").read_text())
    block = next(b for b in data["blocks"] if b["labels"] == ["azurerm_cognitive_account", "openai"])
    assert (block["type"], block["line"], block["end_line"]) == ("resource", 7, 30)
    assert block["attrs"]["kind"] == [["lit", "OpenAI"], 11]
    assert block["attrs"]["local_auth_enabled"] == [["lit", False], 13]
    acls = block["blocks"][1]
    assert (acls["type"], acls["line"]) == ("network_acls", 21)
    dynamic = acls["blocks"][0]
    assert (dynamic["type"], dynamic["labels"], dynamic["line"]) == ("dynamic", ["ip_rules"], 23)
    assert dynamic["blocks"][0]["attrs"]["ip_range"][1] == 26


def test_literals_and_escapes() -> None:
    assert _attr("42") == ["lit", 42]
    assert _attr("2.5") == ["lit", 2.5]
    assert _attr("true") == ["lit", True]
    assert _attr("null") == ["lit", None]
    assert _attr(r'"a\"b\n\u00e9 $${x} %%{y}"') == ["lit", 'a"b\né ${x} %{y}']


def test_references_and_traversals() -> None:
    assert _attr("var.x") == ["trav", "var.x", "var", [["attr", "x"]]]
    assert _attr('azurerm_x.y["k"].id') == [
        "trav", 'azurerm_x.y["k"].id', "azurerm_x", [["attr", "y"], ["index", ["lit", "k"]], ["attr", "id"]]]
    assert _attr("var.l[*].name")[3] == [["attr", "l"], ["splat"], ["attr", "name"]]
    assert _attr("x.0.y")[3] == [["index", ["lit", 0]], ["attr", "y"]]
    assert _attr("module.m.out")[2:] == ["module", [["attr", "m"], ["attr", "out"]]]


def test_templates_calls_conditionals_operators() -> None:
    assert _attr('"n-${count.index}"') == [
        "tpl", '"n-${count.index}"', ["n-", ["trav", "count.index", "count", [["attr", "index"]]]]]
    assert _attr('lower("A")') == ["call", 'lower("A")', "lower", [["lit", "A"]], False]
    assert _attr("f(x...)")[4] is True
    assert _attr('a ? 1 : 2')[0] == "cond"
    op = _attr("1 + 2 * 3")
    assert op[:3] == ["op", "1 + 2 * 3", "+"] and op[3][1][2] == "*"
    assert _attr("(1 + 2) * 3")[2] == "*"
    assert _attr("-3") == ["op", "-3", "-", [["lit", 3]]]
    assert _attr("!a")[2] == "!"


def test_collections_and_for_expressions() -> None:
    obj = _attr('{ a = 1, "b.c" = [2] }')
    assert obj == ["object", [[["lit", "a"], ["lit", 1], 1], [["lit", "b.c"], ["tuple", [["lit", 2]]], 1]]]
    fx = _attr('{ for k, v in var.m : k => upper(v) if v != "" }')
    assert fx[0] == "forexpr" and fx[2:4] == ["k", "v"] and fx[5] is not None and fx[7] is not None
    assert _attr("[for s in var.l : s]")[5] is None


def test_heredocs() -> None:
    assert _attr("<<EOT\n  a\n  b\nEOT\n") == ["lit", "  a\n  b\n"]
    assert _attr("<<-EOT\n    a\n      b ${var.x}\n    EOT\n")[2] == [
        "a\n  b ", ["trav", "var.x", "var", [["attr", "x"]]], "\n"]


def test_template_directives() -> None:
    parts = _attr('"%{ if var.on }yes%{ else }no%{ endif }"')[2]
    assert parts[0][0] == "if" and parts[0][2] == ["yes"] and parts[0][3] == ["no"]


def test_tfvars_and_json() -> None:
    tfvars = _body('prefix = "x"\nsizes = [1, 2]\n', "terraform.tfvars")
    assert tfvars["attrs"]["prefix"] == [["lit", "x"], 1]
    data = _body((FIXTURES / "json" / "main.tf.json").read_text(), "main.tf.json")
    sa = next(b for b in data["blocks"] if b["type"] == "resource")
    assert sa["labels"] == ["azurerm_storage_account", "sa"] and sa["line"] == 7
    assert sa["attrs"]["name"][0] == ["tpl", "st${var.env}data", ["st", ["trav", "var.env", "var", [["attr", "env"]]], "data"]]
    assert sa["attrs"]["tags"][0][0] == "object"
    assert sa["blocks"][0]["type"] == "network_rules" and sa["blocks"][0]["attrs"]["default_action"][0] == ["lit", "Deny"]
    values = _body('{"prefix": "y"}', "x.auto.tfvars.json")
    assert values["attrs"]["prefix"][0] == ["lit", "y"]


def test_syntax_error_has_line_and_keeps_good_blocks() -> None:
    parsed = parse("broken.tf", (FIXTURES / "errors" / "broken.tf").read_text())
    assert len(parsed.errors) == 1
    assert parsed.errors[0].line == 8 and "syntax error" in parsed.errors[0].message
    names = [b["labels"][1] for b in parsed.documents[0].data["blocks"]]
    assert names == ["ok"]


def test_bad_input_never_raises() -> None:
    assert parse("bin.tf", "\x00\x01\x02").errors[0].line == 1
    deep = parse("deep.tf", "x = " + "[" * 5000 + "]" * 5000 + "\n")
    assert deep.errors and deep.errors[0].line == 1
    assert parse("bad.tf.json", '{"a": ').errors[0].line == 1
    assert parse("unclosed.tf", 'resource "a" "b" {\n  x = "y"\n').errors[0].line >= 1
    assert parse("garbage.tf", "}}}{{{ = = =").errors


def test_output_is_picklable_plain_data() -> None:
    parsed = parse("main.tf", (FIXTURES / "project" / "main.tf").read_text())
    assert pickle.loads(pickle.dumps(parsed.documents[0].data)) == parsed.documents[0].data
