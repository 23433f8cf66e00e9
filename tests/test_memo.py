"""The scan memo: a re-scan reuses the graph and deny sets only while nothing they came from changed."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from aipolicy import pipeline
from aipolicy.cli import main
from aipolicy.memo import ReadLog
from conftest import FIXTURES


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The demo and a Terraform project with a local module, copied; an empty cache folder."""
    shutil.copytree(FIXTURES / "demo", tmp_path / "demo")
    shutil.copytree(FIXTURES / "projects" / "terraform" / "module-input", tmp_path / "tf")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("AIPOLICY_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path


class Compiles:
    """Counts policy compilations: a scan answered from the memo compiles nothing."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count = 0
        real = pipeline.Engine

        def counting(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
            self.count += 1
            return real(*args, **kwargs)

        monkeypatch.setattr(pipeline, "Engine", counting)


def _scan(*args: str) -> dict:
    result = CliRunner().invoke(main, ["scan", *args, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.output)


def _findings(doc: dict) -> list[tuple[str, str, int]]:
    return sorted((f["rule_id"], f["file"], f["line"]) for f in doc["findings"])


def test_rescan_of_an_unchanged_tree_is_answered_from_the_memo(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    cold = _scan("demo", "--no-cache")
    compiles = Compiles(monkeypatch)
    first = _scan("demo")
    assert compiles.count == 1
    second = _scan("demo")
    assert compiles.count == 1  # neither normalized nor evaluated again
    assert _findings(cold) == _findings(first) == _findings(second)
    assert ("AIP-K8S-002", "demo/k8s/vllm.yaml", 25) in _findings(second)
    assert [f["fingerprint"] for f in second["findings"]] == [f["fingerprint"] for f in cold["findings"]]


def test_an_edited_file_is_normalized_and_evaluated_again(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _scan("demo")
    manifest = project / "demo" / "k8s" / "vllm.yaml"
    text = manifest.read_text()
    assert "runAsNonRoot" not in text
    manifest.write_text(text.replace("kind: Deployment", "kind: StatefulSet", 1))
    compiles = Compiles(monkeypatch)
    edited = _scan("demo")
    assert compiles.count == 1
    assert _findings(edited) == _findings(_scan("demo", "--no-cache"))
    assert any(f["resource"]["type"] == "k8s:apps/StatefulSet" for f in edited["findings"] if f["file"] == "demo/k8s/vllm.yaml")


def test_a_comment_keeps_the_deny_sets_and_moves_the_lines(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    before = _findings(_scan("demo"))
    manifest = project / "demo" / "k8s" / "vllm.yaml"
    manifest.write_text("# a comment line on top\n" + manifest.read_text())
    compiles = Compiles(monkeypatch)
    after = _scan("demo")
    assert compiles.count == 0  # the graph was rebuilt, the Rego input is the same: deny sets reused
    moved = [(r, f, line + 1 if f == "demo/k8s/vllm.yaml" else line) for r, f, line in before]
    assert _findings(after) == sorted(moved) == _findings(_scan("demo", "--no-cache"))


def test_a_module_outside_the_scanned_files_is_watched(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only tf/main.tf is scanned; its module is read from beside it, and edits to it count."""
    rule = ("AIP-IAM-002", "tf/modules/openai/main.tf", 8)
    assert rule in _findings(_scan("tf/main.tf"))
    module = project / "tf" / "modules" / "openai" / "main.tf"
    module.write_text(module.read_text().replace("var.allow_api_keys", "false"))
    compiles = Compiles(monkeypatch)
    fixed = _scan("tf/main.tf")
    assert compiles.count == 1
    assert rule not in _findings(fixed)
    assert _findings(fixed) == _findings(_scan("tf/main.tf", "--no-cache"))
    resources = fixed["summary"]["resources"]
    (project / "tf" / "modules" / "openai" / "storage.tf").write_text(
        'resource "azurerm_storage_account" "logs" {\n  name = "logs"\n  https_traffic_only_enabled = false\n}\n')
    grown = _scan("tf/main.tf")
    assert compiles.count == 3  # (the --no-cache scan above compiled too)
    assert grown["summary"]["resources"] == resources + 1  # a new file in the module folder is seen


def test_policy_options_are_part_of_the_deny_key(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    everything = _findings(_scan("demo"))
    compiles = Compiles(monkeypatch)
    skipped = _findings(_scan("demo", "--skip", "AIP-K8S-002"))
    assert compiles.count == 1
    assert skipped == [f for f in everything if f[0] != "AIP-K8S-002"] != everything
    assert _findings(_scan("demo")) == everything
    assert compiles.count == 2  # one deny entry per slot: the last options win


def test_corrupt_memo_entries_are_ignored_and_rewritten(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    expected = _findings(_scan("demo"))
    entries = [p for p in (project / "cache" / "memo").rglob("*") if p.is_file()]
    assert {p.suffix for p in entries} == {".graph", ".deny"}
    for i, entry in enumerate(entries):
        entry.write_bytes([b"", b"\x80\x05garbage"][i % 2])
    compiles = Compiles(monkeypatch)
    assert _findings(_scan("demo")) == expected
    assert _findings(_scan("demo")) == expected
    assert compiles.count == 1  # the second scan found the rewritten entries


def test_read_log_notices_changed_absent_and_new_files(tmp_path: Path) -> None:
    log = ReadLog()
    (tmp_path / "a.txt").write_text("one")
    assert log.read_file(str(tmp_path / "a.txt"), 100) == b"one"
    assert log.read_file(str(tmp_path / "big.txt"), 100) is None
    assert log.folder(str(tmp_path)) == ["a.txt"]
    assert log.unchanged()
    (tmp_path / "a.txt").write_text("two")
    assert not log.unchanged()
    (tmp_path / "a.txt").write_text("one")
    assert log.unchanged()
    (tmp_path / "big.txt").write_text("x" * 200)  # appears (and is over the limit)
    assert not log.unchanged()


def test_the_memo_keeps_a_bounded_number_of_entries(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from aipolicy import memo

    monkeypatch.setattr(memo, "MAX_ENTRIES", 4)
    old_code = project / "cache" / "memo" / "0123456789abcdef"
    old_code.mkdir(parents=True)
    (old_code / "x.graph").write_bytes(b"from another version of the tool")
    for name in ("aml", "bicep", "k8s", "terraform"):
        _scan(f"demo/{name}")
    folders = list((project / "cache" / "memo").iterdir())
    assert len(folders) == 1 and folders[0] != old_code
    entries = sorted(p.name for p in folders[0].iterdir())
    assert len(entries) <= 4 + 1  # the prune runs when a graph is stored, before its deny entry
    assert _findings(_scan("demo/terraform")) == _findings(_scan("demo/terraform", "--no-cache"))
