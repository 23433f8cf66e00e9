"""Forked parallel parsing gives the same results, in the same order, as parsing one by one."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from aipolicy import parallel
from aipolicy.cache import ParseCache
from aipolicy.discover import discover
from aipolicy.pipeline import ScanOptions, collect, parse_all
from conftest import FIXTURES


@pytest.fixture
def tree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A snapshot of every fixture (other work may edit them while the test runs), as the cwd."""
    shutil.copytree(FIXTURES, tmp_path / "fixtures", symlinks=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path / "fixtures"


def _cands(root: Path):
    cands, _ = discover([str(root)])
    return cands


def test_parallel_and_serial_parse_are_identical(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_FILES", 0)  # fork even for the small fixture tree
    cands = _cands(tree)
    serial = parse_all(cands, 16 * 1024 * 1024, jobs=1)
    forked = parse_all(cands, 16 * 1024 * 1024, jobs=2)
    assert [p.file for p in forked] == [c.display for c in cands]
    assert forked == serial
    assert any(p.errors for p in forked)  # parse errors stay with their file


def test_parallel_workers_fill_the_cache(tree: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_FILES", 0)
    monkeypatch.setenv("AIPOLICY_CACHE_DIR", str(tmp_path / "cache"))
    cands = _cands(tree)
    forked = parse_all(cands, 16 * 1024 * 1024, jobs=2, cache=ParseCache())
    warm = ParseCache()
    assert parse_all(cands, 16 * 1024 * 1024, jobs=2, cache=warm) == forked
    assert warm.misses == 0 and warm.hits > 0


def test_scan_results_do_not_depend_on_jobs(tree: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(parallel, "MIN_FILES", 0)
    paths = [str(tree / "demo"), str(tree / "rules")]
    one = collect(ScanOptions(paths=paths, jobs=1))
    two = collect(ScanOptions(paths=paths, jobs=2))
    assert [(r.id, r.body, r.lines) for r in one.resources] == [(r.id, r.body, r.lines) for r in two.resources]
    assert [(e.source, e.target, e.kind) for e in one.edges] == [(e.source, e.target, e.kind) for e in two.edges]
    assert [e.to_json() for e in one.errors] == [e.to_json() for e in two.errors]


def test_small_work_is_not_forked() -> None:
    assert not parallel.worth_forking([], 2)
    assert not parallel.worth_forking([(None, "arm", "x", None)] * 3, 2)  # type: ignore[list-item]
    assert parallel.worth_forking([(None, "arm", "x", None)] * (parallel.MIN_FILES + 1), 2)  # type: ignore[list-item]
    assert not parallel.worth_forking([(None, "arm", "x", None)] * (parallel.MIN_FILES + 1), 1)  # type: ignore[list-item]


def _dies_on_two(index: int) -> int:
    if index == 2:
        os._exit(3)  # a worker killed mid-task (OOM killer, a crash in native code)
    return index * 10


def _square(index: int) -> int:
    return index * index


def test_a_dead_worker_is_reported_not_waited_for() -> None:
    assert parallel.forked_map(_square, 5, 2) == [0, 1, 4, 9, 16]
    assert parallel.forked_map(_dies_on_two, 5, 2) is None


def test_forked_evaluation_survives_a_dead_worker(in_root, monkeypatch: pytest.MonkeyPatch) -> None:
    from aipolicy import evaluate
    from aipolicy.pipeline import scan

    monkeypatch.setattr(evaluate, "forked_map", lambda func, count, jobs: None)  # as if a worker died
    monkeypatch.setattr(evaluate, "FORK_MIN_INPUT", 0)
    forked = scan(ScanOptions(paths=["fixtures/demo"], jobs=2))
    serial = scan(ScanOptions(paths=["fixtures/demo"], jobs=1))
    assert [f.fingerprint for f in forked.findings] == [f.fingerprint for f in serial.findings]
    assert forked.findings and not forked.errors
