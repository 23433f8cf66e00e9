"""Every control's fixtures: failing cases find exactly the expected (rule, file, line), passing
cases find nothing for that control.

Layout: fixtures/rules/<RULE-ID>/<format>-<fail|pass>[-variant]/ holds realistic input files and
an expected.yaml listing `findings: [{rule, file, line}]` (file relative to the case folder).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from aipolicy.catalog import controls, formats_of
from conftest import FIXTURES, relative, scan_paths

CASES = sorted(p.parent for p in (FIXTURES / "rules").glob("*/*/expected.yaml"))


def _expected(case: Path) -> set[tuple[str, str, int]]:
    data = yaml.safe_load((case / "expected.yaml").read_text()) or {}
    return {(f["rule"], relative(case / f["file"]), int(f["line"])) for f in data.get("findings") or []}


CASE_NAME = re.compile(r"^(arm|bicep|terraform|terraform-plan|kubernetes|aml|mixed)-(fail|pass)(-[a-z0-9-]+)?$")


@pytest.mark.parametrize("case", CASES, ids=[relative(c)[len("fixtures/rules/"):] for c in CASES])
def test_fixture_case(case: Path, in_root: Path) -> None:
    rule_id = case.parent.name
    expected = _expected(case)
    match = CASE_NAME.match(case.name)
    assert match, f"case folder {case.name} must be <format>-<fail|pass>[-variant]"
    assert bool(expected) == (match.group(2) == "fail"), "fail cases expect findings, pass cases none"
    assert all(rule == rule_id for rule, _, _ in expected)
    result = scan_paths([relative(case)], only=[rule_id])
    assert not result.errors, [e.to_json() for e in result.errors]
    got = {(f.rule.id, f.resource.file, f.line) for f in result.findings if not f.suppressed}
    assert got == expected


@pytest.mark.parametrize("rule_id", sorted(controls()))
def test_every_named_format_has_failing_and_passing_fixtures(rule_id: str) -> None:
    folder = FIXTURES / "rules" / rule_id
    names = [p.name for p in folder.iterdir()] if folder.is_dir() else []
    for fmt in formats_of(controls()[rule_id]):
        for kind in ("fail", "pass"):
            assert any(n.startswith(f"{fmt}-{kind}") for n in names), f"{rule_id}: no {fmt}-{kind} fixture"
