"""Azure ML CLI v2 YAML -> ARM-shaped resources, driven by ``tables/aml.yaml``."""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

from ..cache import load_yaml_data
from ..model import Document, ParsedFile, Resource, join_path, split_path
from . import Context
from .common import canonical_keys

AML_PREFIX = "aml:"


@lru_cache(maxsize=1)
def _table() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("tables/aml.yaml").read_text("utf-8")
    return load_yaml_data(text)


def _get(data: Any, path: tuple) -> tuple[bool, Any]:
    for seg in path:
        if not isinstance(data, dict) or seg not in data:
            return False, None
        data = data[seg]
    return True, data


def _put(body: dict[str, Any], path: tuple, value: Any) -> None:
    for seg in path[:-1]:
        nxt = body.get(seg)
        if not isinstance(nxt, dict):
            nxt = body[seg] = {}
        body = nxt
    body[path[-1]] = value


def _convert(value: Any, spec: dict[str, Any]) -> Any:
    if "values" in spec and isinstance(value, (str, bool)):
        key = str(value).lower().replace(" ", "")
        return spec["values"].get(key, value)
    if spec.get("seconds_to_iso") and isinstance(value, int) and not isinstance(value, bool):
        return f"PT{value}S"
    return value


_CAMEL = re.compile(r"_([a-z0-9])")


@lru_cache(maxsize=16384)
def camel(key: str) -> str:
    return _CAMEL.sub(lambda m: m.group(1).upper(), key) if "_" in key else key


def _generic(value: Any) -> Any:
    if isinstance(value, dict):
        return {camel(k) if isinstance(k, str) else k: _generic(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_generic(v) for v in value]
    return value


def _line(doc: Document, path: tuple) -> int:
    while path:
        if path in doc.lines:
            return doc.lines[path][0]
        path = path[:-1]
    return doc.lines.get((), (1, 1))[0]


def to_resource(doc: Document, file: str) -> Resource:
    """One AML document as a resource (kinds without a table keep their keys under properties)."""
    data = doc.data
    kind = doc.kind[len(AML_PREFIX):]
    table = _table()
    spec = table["kinds"].get(kind)
    name = str(data.get("name", "")) or "(unnamed)"
    lines: dict[str, int] = {}
    if spec:
        arm_type = spec["type"]
        body: dict[str, Any] = {"type": arm_type}
        if spec.get("kind"):
            body["kind"] = spec["kind"]
        for src, fspec in spec["fields"].items():
            src_path = tuple(src.split("."))
            found, value = _get(data, src_path)
            if not found:
                continue
            dst = tuple(fspec["to"].split("."))
            _put(body, dst, _convert(value, fspec))
            lines[fspec["to"]] = _line(doc, src_path)
            _sub_lines(doc, src_path, fspec["to"], lines)
        for dst, value in (spec.get("defaults") or {}).items():
            found, _ = _get(body, tuple(dst.split(".")))
            if not found:
                _put(body, tuple(dst.split(".")), value)
        parent_field = spec.get("parent")
        full_name = f"{data.get(parent_field)}/{name}" if parent_field and data.get(parent_field) else name
    else:
        arm_type = table["generic"].get(kind, f"aml:{kind}")
        body = {"type": arm_type, "properties": _generic({k: v for k, v in data.items() if k not in ("$schema", "name")})}
        for path, (start, _) in doc.lines.items():
            if path and path[0] not in ("$schema", "name"):
                lines[join_path(("properties",) + tuple(camel(p) if isinstance(p, str) else p for p in path))] = start
        full_name = name
    body["name"] = full_name
    body = canonical_keys(body)
    start, end = doc.lines.get((), (1, 1))
    address = f"{kind}/{name}"
    return Resource(
        id=f"{file}::{address}",
        type=arm_type,
        name=full_name,
        format="aml",
        file=file,
        address=address,
        line=start,
        end_line=end,
        body=body,
        lines=lines,
        source_type=kind,
    )


def _sub_lines(doc: Document, src: tuple, dst: str, lines: dict[str, int]) -> None:
    """Lines of everything below a mapped value (probes, environment, model) kept under the ARM path."""
    n = len(src)
    base = split_path(dst)
    for path, (start, _) in doc.lines.items():
        if len(path) > n and path[:n] == src:
            lines[join_path(base + path[n:])] = start


def normalize(files: list[ParsedFile], ctx: Context) -> list[Resource]:
    out: list[Resource] = []
    seen: dict[str, int] = {}
    for pf in files:
        for doc in pf.documents:
            if not doc.kind.startswith(AML_PREFIX) or not isinstance(doc.data, dict):
                continue
            res = to_resource(doc, pf.file)
            n = seen.get(res.id, 0)
            seen[res.id] = n + 1
            if n:
                res.id = f"{res.id}#{n + 1}"
            out.append(res)
    return out
