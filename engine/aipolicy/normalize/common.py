"""Helpers shared by the Azure normalizers (ARM, Bicep, Terraform, AML)."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..model import UNRESOLVED_KEY, join_path


@lru_cache(maxsize=1)
def _spellings() -> dict[str, str]:
    text = resources.files(__package__).joinpath("tables/property_names.txt").read_text("utf-8")
    names = (line.strip() for line in text.splitlines())
    return {n.lower(): n for n in names if n and not n.startswith("#")}


_TYPE_IN_POLICY = re.compile(r'"(Microsoft\.[A-Za-z]+(?:/[A-Za-z]+)+)"')


def _policy_types() -> set[str]:
    """Resource types the built-in policies name (``"Microsoft.X/y"`` string literals)."""
    try:
        from ..policyset import builtin_dir

        return {m for f in Path(builtin_dir()).rglob("*.rego")
                for m in _TYPE_IN_POLICY.findall(f.read_text("utf-8", "replace"))}
    except (OSError, FileNotFoundError, ImportError):
        return set()


@lru_cache(maxsize=1)
def _type_spellings() -> dict[str, str]:
    text = resources.files(__package__).joinpath("tables/resource_types.txt").read_text("utf-8")
    names = {line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")}
    table: dict[str, str] = {}
    for name in sorted(names | _policy_types()):
        table.setdefault(name.lower(), name)
        # every prefix of a known type is a known type too (namespace included)
        parts = name.split("/")
        for end in range(1, len(parts)):
            table.setdefault("/".join(parts[:end]).lower(), "/".join(parts[:end]))
    return table


@lru_cache(maxsize=4096)
def canonical_type(kind: str) -> str:
    """ARM resource types are case-insensitive: ``microsoft.storage/STORAGEACCOUNTS/blobServices``
    -> ``Microsoft.Storage/storageAccounts/blobServices`` (the longest known prefix re-spelled)."""
    table = _type_spellings()
    parts = kind.split("/")
    for end in range(len(parts), 0, -1):
        known = table.get("/".join(parts[:end]).lower())
        if known is not None:
            return "/".join([known] + parts[end:])
    return kind


@lru_cache(maxsize=65536)
def canonical_key(key: str) -> str:
    """ARM property names are case-insensitive: map any spelling to the one policies use."""
    return _spellings().get(key.lower(), key)


@lru_cache(maxsize=65536)
def canonical_path(segments: tuple) -> str:
    """The ``join_path`` text of a body path re-spelled like ``canonical_keys`` re-spells the body
    (nothing under ``tags`` is re-spelled)."""
    out: list[str | int] = []
    verbatim = False
    for seg in segments:
        out.append(seg if verbatim or isinstance(seg, int) else canonical_key(seg))
        verbatim = verbatim or (isinstance(seg, str) and seg.lower() == "tags")
    return join_path(out)


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
