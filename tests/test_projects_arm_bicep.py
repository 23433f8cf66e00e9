"""Labelled ARM and Bicep projects whose violations appear only once values are resolved.

Each fixtures/projects/{arm,bicep}/<name>/ holds a small realistic project and an expected.yaml:
`findings` ({rule, file, line}) must all be reported, `absent` ({rule, file[, line]}) never (values
that cannot be known, `existing` resources); optional `param_files` are passed as --param-file.
Every project is scanned with all rules and must give no error entry.
"""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, relative, scan_paths

PROJECTS = sorted(p.parent for fmt in ("arm", "bicep") for p in (FIXTURES / "projects" / fmt).glob("*/expected.yaml"))


@pytest.mark.parametrize("project", PROJECTS, ids=[relative(p)[len("fixtures/projects/"):] for p in PROJECTS])
def test_project(project: Path, in_root: Path) -> None:
    spec = yaml.safe_load((project / "expected.yaml").read_text("utf-8"))
    param_files = [relative(project / f) for f in spec.get("param_files") or []]
    result = scan_paths([relative(project)], param_files=param_files)
    assert not result.errors, [e.to_json() for e in result.errors]
    got = {(f.rule.id, f.resource.file, f.line) for f in result.findings if not f.suppressed}
    expected = {(f["rule"], relative(project / f["file"]), int(f["line"])) for f in spec["findings"]}
    assert expected <= got, sorted(expected - got)
    for absent in spec.get("absent") or []:
        where = relative(project / absent["file"])
        hits = [g for g in got if g[:2] == (absent["rule"], where) and absent.get("line") in (None, g[2])]
        assert not hits, hits


def test_param_file_values_are_needed(in_root: Path) -> None:
    """Without --param-file the same template keeps its safe defaults."""
    project = FIXTURES / "projects" / "arm" / "param-file-option"
    result = scan_paths([relative(project)])
    assert not {f.rule.id for f in result.findings} & {"AIP-DATA-001", "AIP-DATA-004"}
