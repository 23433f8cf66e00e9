"""docs/controls.md is generated from the catalog and the policies; it must not drift."""
from __future__ import annotations

from aipolicy.explain import catalog_markdown, explain_text
from conftest import ROOT


def test_controls_doc_is_in_sync() -> None:
    current = (ROOT / "docs" / "controls.md").read_text(encoding="utf-8")
    assert current == catalog_markdown(), "regenerate: aipolicy rules -f markdown > docs/controls.md"


def test_explain_covers_every_format_and_the_fix() -> None:
    text = explain_text("AIP-GPU-003")
    assert text and "Kubernetes:" in text and "Fix:" in text and "aipolicy:ignore AIP-GPU-003" in text
    assert explain_text("AIP-NOPE-999") is None
