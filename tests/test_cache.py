"""The parse cache: hits give the same results as parsing, bad entries are ignored, --no-cache bypasses."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aipolicy.cache import ParseCache
from aipolicy.cli import main
from aipolicy.discover import discover
from aipolicy.model import ParsedFile
from aipolicy.pipeline import parse_all
from conftest import FIXTURES


@pytest.fixture
def cache_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder, and a snapshot of the fixtures (others may edit them) as the cwd."""
    for name in ("demo", "parsers"):
        shutil.copytree(FIXTURES / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    folder = tmp_path / "cache"
    monkeypatch.setenv("AIPOLICY_CACHE_DIR", str(folder))
    return folder


def _parse(cache: ParseCache | None) -> list[ParsedFile]:
    cands, _ = discover(["demo", "parsers"])
    return parse_all(cands, 16 * 1024 * 1024, jobs=1, cache=cache)


def _entries(cache_dir: Path) -> list[Path]:
    """Parse cache entries (the tool's own data, pickled under data/, is not counted)."""
    return [p for p in cache_dir.rglob("*") if p.is_file() and not p.name.startswith(".tmp-") and "data" not in p.relative_to(cache_dir).parts[:1]]


def test_hit_gives_identical_results(cache_dir: Path) -> None:
    fresh = _parse(None)
    first = ParseCache()
    assert _parse(first) == fresh
    assert first.hits == 0 and first.misses > 0
    assert len(_entries(cache_dir)) == first.misses
    second = ParseCache()
    assert _parse(second) == fresh  # documents, line maps, errors and the source text
    assert second.hits == first.misses and second.misses == 0


def test_corrupt_entry_is_ignored_and_rewritten(cache_dir: Path) -> None:
    fresh = _parse(ParseCache())
    entries = _entries(cache_dir)
    for i, entry in enumerate(entries):
        entry.write_bytes([b"", b"not a pickle", b"\x80\x05garbage"][i % 3])
    again = ParseCache()
    assert _parse(again) == fresh
    assert again.hits == 0
    healed = ParseCache()
    assert _parse(healed) == fresh
    assert healed.hits == len(entries)


def test_no_cache_flag_bypasses_the_cache(cache_dir: Path) -> None:
    args = ["scan", "demo", "-f", "json"]
    bypassed = CliRunner().invoke(main, args + ["--no-cache"])
    assert not _entries(cache_dir)
    cold = CliRunner().invoke(main, args)
    entries = _entries(cache_dir)
    assert entries
    warm = CliRunner().invoke(main, args)
    assert _entries(cache_dir) == entries
    assert bypassed.exit_code == cold.exit_code == warm.exit_code == 1
    summaries = [json.loads(r.output)["summary"] for r in (bypassed, cold, warm)]
    assert summaries[0]["files"] == summaries[1]["files"] == summaries[2]["files"] > 0


def test_own_yaml_data_is_read_back_from_the_cache(cache_dir: Path) -> None:
    from aipolicy.cache import load_yaml_data

    text = "a: [1, 2]\nb: {c: d}\n"
    assert load_yaml_data(text) == {"a": [1, 2], "b": {"c": "d"}}
    (entry,) = (cache_dir / "data").iterdir()
    entry.write_bytes(b"not a pickle")  # corrupt: parsed again and rewritten
    assert load_yaml_data(text) == {"a": [1, 2], "b": {"c": "d"}}
    assert entry.read_bytes() != b"not a pickle"
    with pytest.raises(Exception):
        load_yaml_data("a: [1, 2\n")
    assert len(list((cache_dir / "data").iterdir())) == 1
