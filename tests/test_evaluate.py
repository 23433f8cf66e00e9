"""Rule evaluation: one query or forked workers give the same denials; a failing package costs only itself."""
from __future__ import annotations

import json

import pytest

from aipolicy import evaluate, graph
from aipolicy.catalog import default_parameters
from aipolicy.evaluate import Engine
from aipolicy.pipeline import ScanOptions, active_rules, collect, load_policies
from aipolicy.policyset import PolicyFile
from conftest import FIXTURES

BROKEN = PolicyFile(
    path="broken.rego",
    package="aipolicy.rules.test.broken",
    text="""package aipolicy.rules.test.broken

import rego.v1

# Two values for one complete rule: an error at evaluation time, not at load time.
v := 1 if input.resources
v := 2 if input.resources

deny contains {"resource": "x", "path": "", "message": "never"} if v == 1
""",
)


@pytest.fixture(scope="module")
def scan_input() -> tuple[list[PolicyFile], list[str], str]:
    opts = ScanOptions(paths=[str(FIXTURES / "demo"), str(FIXTURES / "rules")])
    result = collect(opts)
    policies = load_policies(opts)
    packages = sorted(active_rules(policies, opts))
    doc = json.dumps(graph.build_input(result.resources, result.edges))
    return policies, packages, doc


def _key(denials: list[evaluate.Denial]) -> list[tuple[str, str, str, str]]:
    return sorted((d.package, d.resource, d.path, d.message) for d in denials)


def test_forked_evaluation_matches_one_query(scan_input, monkeypatch: pytest.MonkeyPatch) -> None:
    policies, packages, doc = scan_input
    one, errors_one = Engine(policies, default_parameters()).denials(doc, packages, jobs=1)
    monkeypatch.setattr(evaluate, "FORK_MIN_INPUT", 0)
    forked, errors_forked = Engine(policies, default_parameters()).denials(doc, packages, jobs=2)
    assert not errors_one and not errors_forked
    assert len(one) > 300
    assert _key(forked) == _key(one)


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_package_failing_at_run_time_loses_only_its_own_findings(scan_input, jobs: int, monkeypatch: pytest.MonkeyPatch) -> None:
    policies, packages, doc = scan_input
    monkeypatch.setattr(evaluate, "FORK_MIN_INPUT", 0)
    healthy, _ = Engine(policies, default_parameters()).denials(doc, packages, jobs=jobs)
    denials, errors = Engine(policies + [BROKEN], default_parameters()).denials(doc, packages + [BROKEN.package], jobs=jobs)
    assert [e.file for e in errors] == [BROKEN.package]
    assert _key(denials) == _key(healthy)


def test_small_inputs_are_not_forked(scan_input, monkeypatch: pytest.MonkeyPatch) -> None:
    policies, packages, _ = scan_input
    demo = collect(ScanOptions(paths=[str(FIXTURES / "demo")]))
    doc = json.dumps(graph.build_input(demo.resources, demo.edges))
    assert len(doc) < evaluate.FORK_MIN_INPUT
    monkeypatch.setattr(evaluate, "_forked", lambda *a: pytest.fail("forked for a small input"))
    denials, _ = Engine(policies, default_parameters()).denials(doc, packages, jobs=2)
    assert denials


def test_groups_are_balanced_by_weight() -> None:
    weights = {"a": 50, "b": 30, "c": 20, "d": 10, "e": 10}
    groups = evaluate._balanced(list(weights), 2, weights)
    assert sorted(p for g in groups for p in g) == sorted(weights)
    assert sorted(sum(weights[p] for p in g) for g in groups) == [60, 60]
    assert evaluate._balanced(["x"], 8, {}) == [["x"]]
