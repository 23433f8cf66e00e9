"""Shared test helpers: paths and a one-call scan."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
CORPUS = ROOT.parent / "shared" / "corpus"


@pytest.fixture
def in_root(monkeypatch: pytest.MonkeyPatch) -> Path:
    """Run with the repository root as the current directory (display paths are relative to it)."""
    monkeypatch.chdir(ROOT)
    return ROOT


def scan_paths(paths: list[str], **kwargs):
    from aipolicy.pipeline import ScanOptions, scan

    return scan(ScanOptions(paths=[str(p) for p in paths], **kwargs))


def relative(path: Path) -> str:
    return os.path.relpath(path, ROOT).replace(os.sep, "/")
