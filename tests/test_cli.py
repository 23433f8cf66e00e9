"""The CLI contract: exit codes 0/1/2, --strict, the rule catalog, explain, --help everywhere."""
from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest
import yaml
from click.testing import CliRunner

from aipolicy.cli import main
from aipolicy.progress import Progress
from conftest import FIXTURES, ROOT

CATALOG = {c["id"]: c for c in yaml.safe_load((ROOT / "engine/aipolicy/controls.yaml").read_text("utf-8"))["controls"]}
PASSING = "fixtures/rules/AIP-NET-001/aml-pass"
FAILING = "fixtures/rules/AIP-NET-001/aml-fail"


def _run(*args: str, stdin: str | None = None) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args), input=stdin)
    return result.exit_code, result.output


def test_exit_0_without_findings_at_or_above_the_threshold(in_root: Path) -> None:
    assert _run("scan", PASSING, "--only", "AIP-NET-001")[0] == 0
    code, out = _run("scan", "fixtures/demo", "--severity-threshold", "critical")
    assert code == 0 and "HIGH AIP-NET-001" in out  # reported, but below the threshold


def test_exit_1_with_findings(in_root: Path) -> None:
    assert _run("scan", FAILING, "--only", "AIP-NET-001")[0] == 1
    assert _run("scan", "fixtures/demo")[0] == 1
    assert _run("scan", "fixtures/demo", "--severity-threshold", "high")[0] == 1
    code, _ = _run("scan", "-", stdin=(FIXTURES / "demo/k8s/vllm.yaml").read_text())
    assert code == 1
    # the exit code does not depend on the output format or destination
    assert _run("scan", FAILING, "--only", "AIP-NET-001", "-f", "sarif")[0] == 1


@pytest.mark.parametrize("args", [
    ["scan", "--format", "yaml", "fixtures/demo"],
    ["scan", "--severity-threshold", "urgent", "fixtures/demo"],
    ["scan", "--no-such-option"],
    ["scan", "fixtures/demo", "-o", "a.json", "-o", "b.json"],
    ["scan", "fixtures/demo", "--policy-dir", "does/not/exist"],
    ["explain", "AIP-NOPE-999"],
    ["rules", "-f", "xml"],
    ["no-such-command"],
])
def test_exit_2_on_usage_errors(in_root: Path, args: list[str]) -> None:
    assert _run(*args)[0] == 2


def test_exit_2_on_a_broken_policy(in_root: Path, tmp_path: Path) -> None:
    (tmp_path / "broken.rego").write_text(
        'package aipolicy.rules.custom.broken\n\nimport rego.v1\n\ndeny contains f if {\n  f := {"resource": 1\n}\n')
    code, out = _run("scan", "fixtures/demo/k8s", "--policy-dir", str(tmp_path))
    assert code == 2 and "broken.rego" in out


def test_exit_2_when_a_rule_fails_at_run_time_and_the_report_says_which(in_root: Path, tmp_path: Path) -> None:
    """A rule that compiles but errs on these files: its findings are missing, so no verdict."""
    (tmp_path / "flaky.rego").write_text(
        "# METADATA\n# title: Fails at run time\n# custom:\n#   id: CUSTOM-001\n#   severity: low\n"
        "package aipolicy.rules.custom.flaky\n\nimport rego.v1\n\n"
        "v := 1 if input.resources\nv := 2 if input.resources\n\n"
        'deny contains {"resource": "x", "path": "", "message": "never"} if v == 1\n')
    result = CliRunner().invoke(main, ["scan", "fixtures/demo/k8s", "--policy-dir", str(tmp_path), "-f", "json", "-o", str(tmp_path / "r.json")])
    assert result.exit_code == 2
    assert "CUSTOM-001" in result.output and "--skip" in result.output
    doc = json.loads((tmp_path / "r.json").read_text())
    assert doc["summary"]["findings"] > 0  # the other rules' findings are all there
    assert [e["file"] for e in doc["errors"]] == [str(tmp_path / "flaky.rego")]
    assert "failed at run time" in doc["errors"][0]["message"]
    skipped = CliRunner().invoke(main, ["scan", "fixtures/demo/k8s", "--policy-dir", str(tmp_path), "--skip", "CUSTOM-001"])
    assert skipped.exit_code == 1


def test_parse_errors_are_reported_and_strict_makes_them_exit_2(in_root: Path) -> None:
    code, out = _run("scan", "fixtures/bad/broken.tf", "fixtures/demo/k8s", "-f", "json")
    doc = json.loads(out)
    assert code == 1  # the rest of the scan went on and found something
    assert doc["errors"][0]["file"] == "fixtures/bad/broken.tf" and doc["summary"]["findings"] > 0
    assert _run("scan", "fixtures/bad/broken.tf")[0] == 0
    assert _run("scan", "fixtures/bad/broken.tf", "--strict")[0] == 2
    assert _run("scan", PASSING, "--only", "AIP-NET-001", "--strict")[0] == 0


def test_rules_json_lists_the_catalog() -> None:
    code, out = _run("rules", "-f", "json")
    assert code == 0
    rows = json.loads(out)
    assert len(rows) == len(CATALOG) == 57
    assert [r["id"] for r in rows] == list(CATALOG)
    assert {r["id"]: r["severity"] for r in rows} == {cid: c["severity"] for cid, c in CATALOG.items()}
    assert {r["id"]: r["pillar"] for r in rows} == {cid: c["pillar"] for cid, c in CATALOG.items()}


@pytest.mark.parametrize("fmt", ["table", "markdown"])
def test_rules_table_and_markdown_name_every_rule(fmt: str) -> None:
    code, out = _run("rules", "-f", fmt)
    assert code == 0 and all(cid in out for cid in CATALOG)


def test_explain() -> None:
    code, out = _run("explain", "AIP-NET-001")
    assert code == 0
    assert out.startswith("AIP-NET-001  Model endpoints are not reachable from the public internet")
    assert "severity: high" in out and "What is checked:" in out and "aipolicy:ignore AIP-NET-001" in out
    assert CATALOG["AIP-NET-001"]["fix"].split()[0] in out
    assert _run("explain", "aip-net-001")[1] == out


def _commands() -> list[str]:
    return main.list_commands(click.Context(main))


def test_every_command_is_listed() -> None:
    assert set(_commands()) >= {"scan", "rules", "explain", "test", "graph", "baseline", "github-annotate"}


@pytest.mark.parametrize("command", [[], *([c] for c in _commands())])
def test_help(command: list[str]) -> None:
    for flag in ("--help", "-h"):
        code, out = _run(*command, flag)
        assert code == 0 and out.startswith("Usage: ") and "Options:" in out
    if command:
        assert command[0] in _run("--help")[1]


def test_version() -> None:
    code, out = _run("--version")
    assert code == 0 and out.startswith("aipolicy, version ")


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_for_long_scans_on_a_terminal() -> None:
    quiet = _Tty()
    bar = Progress(quiet, delay=60)
    for i in range(50):
        bar("reading", i, 50)
    bar.close()
    assert quiet.getvalue() == ""  # short: nothing drawn
    piped = io.StringIO()
    bar = Progress(piped, delay=0)
    bar("reading", 1, 500)
    assert piped.getvalue() == ""  # not a terminal
    tty = _Tty()
    bar = Progress(tty, delay=60)
    bar("reading", 0, 400)
    bar("reading", 400, 400)
    bar.close()
    out = tty.getvalue()
    assert "\r[" + "." * 28 + "] reading 0/400" in out and "[" + "#" * 28 + "] reading 400/400" in out
    assert out.endswith("\r\033[K")  # erased at the end


def test_progress_bar_on_a_pty_keeps_stdout_clean(tmp_path: Path) -> None:
    """A scan of 250 files with stderr on a pseudo-terminal draws the bar there, not in the report."""
    pty = pytest.importorskip("pty")
    src = (FIXTURES / "demo/k8s/vllm.yaml").read_text()
    for i in range(250):
        (tmp_path / f"app{i}.yaml").write_text(src.replace("llama-chat", f"app{i}"))
    primary, secondary = pty.openpty()
    out = tmp_path / "report.txt"
    with open(out, "w") as stdout:
        proc = subprocess.run([sys.executable, "-c", "from aipolicy.cli import main; main()", "scan", str(tmp_path), "--no-cache", "--only", "AIP-NET-001"],
                              stdout=stdout, stderr=secondary, timeout=300, check=False)
    os.close(secondary)
    err = b""
    while True:
        try:
            chunk = os.read(primary, 65536)
        except OSError:
            break
        if not chunk:
            break
        err += chunk
    os.close(primary)
    assert proc.returncode == 1
    assert b"reading" in err and b"/250" in err and err.endswith(b"\r\x1b[K")
    report = out.read_text()
    assert "\r" not in report and "250 findings" in report


@pytest.mark.parametrize(("args", "code", "stream", "text"), [
    (["scan", "{demo}", "--no-cache", "-f", "json"], 1, "out", '"rule_id": "AIP-K8S-002"'),
    (["--version"], 0, "out", "aipolicy, version"),
    (["scan", "{demo}", "--no-cache", "-f", "json", "-o", "x.json", "-o", "y.json"], 2, "err", "give one -f FORMAT"),
    (["scan", "{demo}", "--only", "AIP-NET-001", "--severity-threshold", "critical"], 0, "out", "findings"),
])
def test_console_script_exits_promptly_with_the_commands_code(tmp_path: Path, args: list[str], code: int, stream: str, text: str) -> None:
    """``entry`` (the installed ``aipolicy``) skips interpreter teardown: output must still be
    complete (piped, so block-buffered) and the exit code the command's."""
    argv = [a.format(demo=FIXTURES / "demo") for a in args]
    proc = subprocess.run([sys.executable, "-c", "from aipolicy.cli import entry; entry()", *argv],
                          capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False)
    assert proc.returncode == code, proc.stderr
    assert text in (proc.stdout if stream == "out" else proc.stderr)
    if args[-1] == "json":
        assert json.loads(proc.stdout)["summary"]["findings"] > 0  # the whole report arrived
