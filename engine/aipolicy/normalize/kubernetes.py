"""Kubernetes objects keep their shape; they get the canonical type ``k8s:<group>/<Kind>``."""
from __future__ import annotations

from typing import Any

from ..model import ParsedFile, Resource, joined_paths
from . import Context


def k8s_type(api_version: str, kind: str) -> str:
    group = api_version.rsplit("/", 1)[0] if "/" in api_version else "core"
    return f"k8s:{group}/{kind}"


def address_of(obj: dict[str, Any]) -> tuple[str, str]:
    """(name, address) of an object: ``<Kind>/<namespace>/<name>``."""
    meta = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    name = str(meta.get("name") or meta.get("generateName") or "(unnamed)")
    namespace = str(meta.get("namespace") or "default")
    return name, f"{obj.get('kind')}/{namespace}/{name}"


def normalize(files: list[ParsedFile], ctx: Context) -> list[Resource]:
    out: list[Resource] = []
    seen: dict[str, int] = {}
    for pf in files:
        for doc in pf.documents:
            if doc.kind != "kubernetes":
                continue
            obj = doc.data
            name, address = address_of(obj)
            rid = f"{pf.file}::{address}"
            n = seen.get(rid, 0)
            seen[rid] = n + 1
            if n:
                rid = f"{rid}#{n + 1}"
            start, end = doc.lines.get((), (1, 1))
            out.append(
                Resource(
                    id=rid,
                    type=k8s_type(str(obj["apiVersion"]), str(obj["kind"])),
                    name=name,
                    format="kubernetes",
                    file=pf.file,
                    address=address,
                    line=start,
                    end_line=end,
                    body=obj,
                    lines={text: doc.lines[p][0] for p, text in joined_paths(doc.lines) if p},
                    source_type=str(obj["kind"]),
                )
            )
    return out
