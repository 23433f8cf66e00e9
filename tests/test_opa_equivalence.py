"""The policies mean the same under real OPA as under regorus: same denials on the fixtures,
and the same verdict for every Rego unit test."""
from __future__ import annotations

import json

import pytest

from aipolicy import graph
from aipolicy.catalog import default_parameters
from aipolicy.evaluate import Engine
from aipolicy.pipeline import ScanOptions, collect
from aipolicy.policyset import builtin_dir, load_dir
from aipolicy.policytest import run_tests
from conftest import ROOT

opa_bindings = pytest.importorskip("opa_bindings", reason="opa-golib-python-bindings is installed by .ci/run")


def _opa_engine(with_tests: bool):
    engine = opa_bindings.OpaEngine()
    for pf in load_dir(builtin_dir()):
        if with_tests or not pf.is_test:
            engine.add_policy(pf.path, pf.text)
    engine.add_data({"aipolicy": {"config": default_parameters()}})
    return engine


def _denials(tree: dict, package: str = "aipolicy.rules") -> set[tuple]:
    out: set[tuple] = set()
    for key, value in tree.items():
        if key == "deny" and isinstance(value, list):
            out |= {(package, d["resource"], d.get("path", ""), d.get("message", ""), d.get("severity")) for d in value}
        elif isinstance(value, dict):
            out |= _denials(value, f"{package}.{key}")
    return out


def test_same_denials_on_all_fixtures(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    result = collect(ScanOptions(paths=["fixtures/rules"]))
    doc = graph.build_input(result.resources, result.edges)
    assert doc["resources"], "fixtures produced no resources"
    policies = [p for p in load_dir(builtin_dir()) if not p.is_test]
    packages = sorted({p.package for p in policies if p.package.startswith("aipolicy.rules.")})
    denials, failures = Engine(policies, default_parameters()).denials(json.dumps(doc), packages)
    assert not failures, [str(f) for f in failures]
    regorus_set = {(d.package, d.resource, d.path, d.message, d.severity) for d in denials}
    opa = _opa_engine(with_tests=False)
    opa_set = _denials(opa.eval_document("aipolicy.rules", doc))
    assert regorus_set, "no denials at all: the comparison would prove nothing"
    assert regorus_set == opa_set


def test_same_unit_test_verdicts() -> None:
    ours = {(r.package, r.name): r.passed for r in run_tests([])}
    opa = _opa_engine(with_tests=True)
    theirs = {}
    for package in sorted({pkg for pkg, _ in ours}):
        try:
            values = opa.eval_document(package)
        except opa_bindings.OpaUndefinedError:
            values = {}
        for pkg, name in ours:
            if pkg == package:
                theirs[(pkg, name)] = values.get(name) is True
    assert ours == theirs
