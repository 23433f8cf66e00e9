"""YAML documents: Kubernetes and Azure ML told apart, lines kept, bad YAML as one error."""
from __future__ import annotations

import math

import pytest

from aipolicy.parsers.yaml_docs import parse
from aipolicy.parsers.yamlnodes import YamlLimitError, load_all
from conftest import CORPUS


def test_kubernetes_and_lines() -> None:
    pf = parse("d.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  type: LoadBalancer\n")
    assert [d.kind for d in pf.documents] == ["kubernetes"]
    assert pf.documents[0].lines[("spec", "type")][0] == 6


def test_list_kinds_unwrapped() -> None:
    text = "apiVersion: v1\nkind: List\nitems:\n- apiVersion: v1\n  kind: Service\n  metadata: {name: a}\n- apiVersion: v1\n  kind: Service\n  metadata: {name: b}\n"
    pf = parse("l.yaml", text)
    assert [d.data["metadata"]["name"] for d in pf.documents] == ["a", "b"]
    assert pf.documents[1].lines[("metadata",)][0] == 9


def test_aml_by_schema_and_by_keys() -> None:
    pf = parse("e.yml", "$schema: https://azuremlschemas.azureedge.net/latest/managedOnlineEndpoint.schema.json\nname: x\n")
    assert pf.format == "aml" and pf.documents[0].kind == "aml:managedOnlineEndpoint"
    pf = parse("d.yml", "name: blue\nendpoint_name: x\nmodel: azureml:m:1\ninstance_type: Standard_DS3_v2\n")
    assert pf.documents[0].kind == "aml:managedOnlineDeployment"


def test_other_yaml_is_skipped_not_an_error() -> None:
    pf = parse("conda.yml", "name: env\nchannels: [conda-forge]\ndependencies: [python=3.10]\n")
    assert pf.documents == [] and pf.skipped == 1 and not pf.errors


def test_syntax_error_has_the_line() -> None:
    pf = parse("bad.yaml", "apiVersion: v1\nkind: Service\nmetadata:\n  name: [a\n")
    assert len(pf.errors) == 1 and pf.errors[0].line >= 4


def test_alias_bomb_is_one_error() -> None:
    lines = ['a0: &a0 ["x","x","x","x","x","x","x","x","x"]']
    for i in range(1, 10):
        prev = f"*a{i - 1}"
        lines.append(f"a{i}: &a{i} [{', '.join([prev] * 9)}]")
    pf = parse("bomb.yaml", "\n".join(lines) + "\n")
    assert len(pf.errors) == 1 and "too many" in pf.errors[0].message


def test_real_azure_ml_corpus_reads_without_errors_on_valid_yaml() -> None:
    import yaml

    files = sorted(CORPUS.rglob("*.y*ml"))
    if not files:
        pytest.skip("shared corpus not beside the checkout")
    bad: list[str] = []
    for f in files:
        text = f.read_text()
        try:
            list(yaml.safe_load_all(text))
            valid = True
        except yaml.YAMLError:
            valid = False
        pf = parse(str(f), text)
        if valid and pf.errors:
            bad.append(f"{f}: {pf.errors[0].message}")
    assert not bad, bad
    assert len(files) > 500


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("yes", True), ("No", False), ("ON", True), ("off", False), ("True", True), ("y", "y"), ("n", "n"), ("tRUE", "tRUE"),
        ("~", None), ("null", None), ("NULL", None), ("", None), ("nULL", "nULL"),
        ("0", 0), ("-0", 0), ("+1", 1), ("1_000", 1000), ("0x1F", 31), ("0o17", "0o17"), ("017", "017"), ("0b101", "0b101"),
        ("-0x1F", "-0x1F"), ("190:20:30", "190:20:30"), (".5", 0.5), ("1.e-3", 0.001), ("1_0.5", 10.5), ("1.0e+3", 1000.0),
        ("1e3", "1e3"), ("1:20.5", "1:20.5"), (".inf", float("inf")), ("-.Inf", float("-inf")), ("2001-12-14", "2001-12-14"),
        ("<<", "<<"), ("=", "="), ("'yes'", "yes"), ('"1"', "1"), ("!!str 1", "1"), ("!!int '7'", 7), ("!!float 1", 1.0),
        ("!!bool on", True), ("!!null x", None), ("!!binary aGVsbG8=", "hello"), ("!custom 5", "5"), ("! 12", 12),
    ],
)
def test_scalars_resolve_as_the_safe_loader_does(text: str, expected: object) -> None:
    [(data, lines)] = load_all(f"a: 1\nk: {text}\n")
    assert data["k"] == expected and type(data["k"]) is type(expected)
    assert lines[("k",)] == (2, 2)


def test_nan_and_non_string_keys() -> None:
    [(data, lines)] = load_all("k: .NaN\n1: a\ntrue: b\n~: c\n1.5: d\n0x10: e\n")
    assert math.isnan(data.pop("k"))
    assert data == {"1": "a", "true": "b", "None": "c", "1.5": "d", "16": "e"}
    assert [lines[(k,)] for k in data] == [(2, 2), (3, 3), (4, 4), (5, 5), (6, 6)]


def test_lines_of_block_and_flow_collections() -> None:
    [(data, lines)] = load_all("a:\n  - 1\n  - 2\nb: |\n  x\n  y\nc: {d: 1,\n  e: 2}\n")
    assert data == {"a": [1, 2], "b": "x\ny\n", "c": {"d": 1, "e": 2}}
    assert list(lines.items()) == [
        ((), (1, 8)), (("a",), (1, 3)), (("a", 0), (2, 2)), (("a", 1), (3, 3)), (("b",), (4, 6)),
        (("c",), (7, 8)), (("c", "d"), (7, 7)), (("c", "e"), (8, 8)),
    ]


def test_aliases_merges_and_complex_keys() -> None:
    text = "a: 1\n---\nbase: &b {x: 1}\nd:\n  <<: *b\n  y: 2\n---\n? [p, q]\n: c\n"
    docs = list(load_all(text))
    assert [data for data, _ in docs] == [
        {"a": 1},
        {"base": {"x": 1}, "d": {"x": 1, "y": 2}},
        {'  in "<unicode string>", line 8, column 3': "c"},
    ]
    assert docs[1][1][("d", "<<", "x")] == (3, 3) and docs[1][1][("d", "y")] == (6, 6)


def test_too_deep_is_a_limit_error_with_its_line() -> None:
    with pytest.raises(YamlLimitError) as exc:
        list(load_all("a: 1\nx:\n  " + "[" * 401 + "]" * 401 + "\n"))
    assert exc.value.line == 3
