"""Helpers shared by the Azure normalizers (ARM, Bicep, Terraform, AML)."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from ..model import UNRESOLVED_KEY


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    text = resources.files(__package__).joinpath("tables/property_names.txt").read_text("utf-8")
    names = (line.strip() for line in text.splitlines())
    return {n.lower(): n for n in names if n and not n.startswith("#")}


def canonical_key(key: str) -> str:
    """ARM property names are case-insensitive: map any spelling to the one policies use."""
    return _spellings().get(key.lower(), key)


def canonical_keys(value: Any) -> Any:
    """Recursively re-spell the keys of an ARM-shaped value (tags and unresolved markers kept)."""
    if isinstance(value, dict):
        if UNRESOLVED_KEY in value:
            return value
        return {
            canonical_key(k): (v if k.lower() == "tags" else canonical_keys(v)) for k, v in value.items()
        }
    if isinstance(value, list):
        return [canonical_keys(v) for v in value]
    return value
