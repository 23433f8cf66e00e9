"""``-f html``: a self-contained page with the checklist, charts, graph and findings; rendered in
headless Chromium without console errors, with a screenshot saved for a human to look at."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
from click.testing import CliRunner

from aipolicy.cli import main

# The demo project plus a Kubernetes Job tolerating the demo's Terraform GPU pool and an ARM private
# endpoint of the demo's Bicep OpenAI account: edges across formats.
INPUTS = ["fixtures/demo", "fixtures/html/crossformat"]
CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]


@pytest.fixture
def report(in_root: Path, tmp_path: Path) -> Path:
    out = tmp_path / "report.html"
    result = CliRunner().invoke(main, ["scan", *INPUTS, "-f", "html", "-o", str(out)])
    assert result.exit_code == 1, result.output
    return out


class _Collector(HTMLParser):
    """Tags, attributes and text of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def test_page_is_self_contained_and_escaped(report: Path) -> None:
    page = report.read_text("utf-8")
    parsed = _Collector()
    parsed.feed(page)
    names = [t for t, _ in parsed.tags]
    assert "script" not in names and "link" not in names and "img" not in names
    for tag, attrs in parsed.tags:
        for attr in ("src", "href"):
            value = attrs.get(attr) or ""
            assert not value or value.startswith(("#", "data:")), (tag, attr, value)
    assert "url(http" not in page and "@import" not in page
    # the fixture's image tag carries markup: it appears as text, never as a tag
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_page_has_checklist_charts_graph_and_findings(report: Path) -> None:
    page = report.read_text("utf-8")
    text = " ".join(_text(page).split())
    for label in ("Managed identities, no static keys", "Deployment in private VNet", "Prompt injection testing performed"):
        assert label in text
    assert 'aria-label="Findings by severity"' in page and 'aria-label="Findings by pillar"' in page
    assert 'aria-label="Resource graph"' in page
    cross = re.findall(r'<text class="elabel cross"[^>]*>([a-z_]+)</text>', page)
    assert sorted(cross) == ["private_endpoint", "tolerates"]
    assert page.count('<g class="node fail">') >= 10
    # every finding is shown, with its excerpt (offending line highlighted) and its fix
    assert text.count("Fix:") == len(re.findall(r'<article class="finding', page)) > 40
    assert '<span class="hit"><span class="ln">45</span>  max_count             = 40</span>' in page
    assert "fixtures/demo/terraform/aks.tf:45" in text


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_renders_in_chromium_without_console_errors(report: Path, tmp_path: Path) -> None:
    url = report.resolve().as_uri()
    dom = _chromium(tmp_path / "dom", ["--enable-logging=stderr", "--v=0", "--dump-dom", url])
    assert not _console_messages(dom.stderr), _console_messages(dom.stderr)
    assert "Security &amp; Resilience Checklist" in dom.stdout and 'aria-label="Resource graph"' in dom.stdout

    png = tmp_path / "report.png"
    shot = _chromium(tmp_path / "shot", [f"--screenshot={png}", "--window-size=1400,2000", url])
    assert png.is_file(), shot.stderr[-2000:]
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", header[16:24]) == (1400, 2000)
    assert png.stat().st_size > 50_000  # a rendered page, not a blank one


@pytest.mark.skipif(CHROMIUM is None, reason="chromium is not installed (apt-get install chromium)")
def test_console_check_catches_errors(tmp_path: Path) -> None:
    """The console check above would see a page that logs an error."""
    bad = tmp_path / "bad.html"
    bad.write_text('<p>x</p><script>console.error("broken-marker")</script>', "utf-8")
    run = _chromium(tmp_path / "bad", ["--enable-logging=stderr", "--v=0", "--dump-dom", bad.as_uri()])
    assert any("broken-marker" in m for m in _console_messages(run.stderr))


def _chromium(profile: Path, args: list[str]) -> subprocess.CompletedProcess[str]:
    assert CHROMIUM is not None
    return subprocess.run([CHROMIUM, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
                          capture_output=True, text=True, timeout=120, check=False)


def _console_messages(stderr: str) -> list[str]:
    """Console output and page errors from Chromium's log (D-Bus noise of a headless box aside)."""
    return [line for line in stderr.splitlines() if ":CONSOLE" in line or "Uncaught" in line or "Refused to" in line]


def _text(page: str) -> str:
    parsed = _Collector()
    parsed.feed(page)
    return " ".join(parsed.text)


def test_empty_scan_and_suppressed_findings(in_root: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    out = tmp_path / "empty.html"
    assert CliRunner().invoke(main, ["scan", str(empty), "-f", "html", "-o", str(out)]).exit_code == 0
    text = _text(out.read_text("utf-8"))
    assert "No findings." in text and "No resources were found." in text

    out = tmp_path / "supp.html"
    CliRunner().invoke(main, ["scan", "fixtures/suppressions/bicep", "-f", "html", "-o", str(out)])
    page = out.read_text("utf-8")
    assert "Suppressed (5)" in page and "Suppressed: reached through the hub firewall, see ADR-7" in page
    assert "Suppressed: no reason given" in page
    assert "suppression of AIP-DATA-001 matches no finding (stale)" in page
