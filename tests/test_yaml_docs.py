"""YAML documents: Kubernetes and Azure ML told apart, lines kept, bad YAML as one error."""
from __future__ import annotations

import pytest

from aipolicy.parsers.yaml_docs import parse
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
