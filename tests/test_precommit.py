"""The pre-commit hook, run by the real pre-commit (try-repo) in a temporary git repository."""
from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DATA = Path(__file__).parent / "data" / "github"


pytestmark = [
    pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed"),
]


@pytest.fixture(scope="module")
def scan_ready() -> None:
    """pre-commit (a test dependency) is on PATH; the hook's own install happens in try-repo."""
    assert shutil.which("pre-commit"), "pre-commit is not installed (pip install -e '.[test]')"


def _git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True)


def _try_repo(tmp_path: Path, fixture: str) -> subprocess.CompletedProcess[str]:
    """`pre-commit try-repo` with a fresh clone of this repository's committed state."""
    clone = tmp_path / "aipolicy"
    subprocess.run(["git", "clone", "-q", str(ROOT), str(clone)], check=True, capture_output=True)
    repo = tmp_path / "work"
    repo.mkdir()
    _git(repo, "init", "-q")
    _git(repo, "config", "user.email", "dev@example.com")
    _git(repo, "config", "user.name", "dev")
    target = repo / "k8s" / fixture
    target.parent.mkdir()
    shutil.copy(DATA / fixture, target)
    _git(repo, "add", ".")
    return subprocess.run(
        ["pre-commit", "try-repo", str(clone), "aipolicy", "--files", f"k8s/{fixture}"],
        cwd=repo, capture_output=True, text=True, timeout=1200,
    )


def test_hook_manifest_is_valid() -> None:
    done = subprocess.run(["pre-commit", "validate-manifest", str(ROOT / ".pre-commit-hooks.yaml")],
                          capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


def test_bad_file_is_blocked_with_the_finding(scan_ready: None, tmp_path: Path) -> None:
    done = _try_repo(tmp_path, "public-vllm.yaml")
    assert done.returncode != 0, done.stdout + done.stderr
    assert "AIP-NET-001" in done.stdout, done.stdout + done.stderr
    assert "Failed" in done.stdout


def test_good_file_passes(scan_ready: None, tmp_path: Path) -> None:
    done = _try_repo(tmp_path, "internal-service.yaml")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Passed" in done.stdout
