"""Data passed between the pipeline stages: parsed documents, resources, edges, errors."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable, Iterator

# A value that could not be resolved statically (a parameter without default, a function of
# runtime state, ...) is replaced by this one-key object. Rego helpers treat it as unknown and
# no control fires on it.
UNRESOLVED_KEY = "$unresolved"


def unresolved(expression: str) -> dict[str, str]:
    """The marker for a value that stays an expression."""
    return {UNRESOLVED_KEY: expression}


def is_unresolved(value: Any) -> bool:
    return isinstance(value, dict) and UNRESOLVED_KEY in value


PathKey = tuple  # tuple[str | int, ...]: a property path inside one document


_PLAIN = re.compile(r"^[A-Za-z_$@][A-Za-z0-9_$@\-]*$")


def join_path(segments: Iterable[str | int]) -> str:
    """('properties', 'rules', 0, 'a.b') -> 'properties.rules[0]["a.b"]'."""
    out = ""
    for seg in segments:
        out = _append(out, seg)
    return out


def joined_paths(paths: Iterable[PathKey]) -> Iterator[tuple[PathKey, str]]:
    """``(path, join_path(path))`` for each path; a path whose parent came earlier (a document's
    line map lists parents first) extends the parent's text instead of joining from the start."""
    done: dict[PathKey, str] = {(): ""}
    for path in paths:
        parent = done.get(path[:-1])
        text = join_path(path) if parent is None or not path else _append(parent, path[-1])
        done[path] = text
        yield path, text


def _append(out: str, seg: str | int) -> str:
    if isinstance(seg, int):
        return f"{out}[{seg}]"
    if _plain(seg):
        return f"{out}.{seg}" if out else seg
    return out + '["' + seg.replace("\\", "\\\\").replace('"', '\\"') + '"]'


@lru_cache(maxsize=16384)
def _plain(seg: str) -> bool:
    return _PLAIN.match(seg) is not None


_SEGMENT = re.compile(r'\.?([A-Za-z_$@][A-Za-z0-9_$@\-]*)|\[(\d+)\]|\["((?:[^"\\]|\\.)*)"\]')


def split_path(path: str) -> tuple[str | int, ...]:
    """Inverse of join_path; unknown characters end the parse (prefix returned)."""
    segs: list[str | int] = []
    pos = 0
    while pos < len(path):
        m = _SEGMENT.match(path, pos)
        if not m:
            break
        if m.group(1) is not None:
            segs.append(m.group(1))
        elif m.group(2) is not None:
            segs.append(int(m.group(2)))
        else:
            segs.append(re.sub(r"\\(.)", r"\1", m.group(3)))
        pos = m.end()
    return tuple(segs)


@dataclass
class ParseError:
    """One bad input: always a file and a line (1 when nothing better is known)."""

    file: str
    line: int
    message: str

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "line": self.line, "message": self.message}


@dataclass
class Document:
    """One parsed document: plain data plus the line of every path in it.

    ``lines`` maps a path tuple to (start line, end line), 1-based; the root () spans the document.
    ``kind`` is a format-specific label (e.g. the AML schema kind), may be empty.
    """

    data: Any
    lines: dict[PathKey, tuple[int, int]]
    kind: str = ""


@dataclass
class ParsedFile:
    """What a parser returns for one file."""

    file: str
    format: str
    documents: list[Document] = field(default_factory=list)
    errors: list[ParseError] = field(default_factory=list)
    skipped: int = 0  # documents that belong to no supported format (counted, not errors)
    text: str = ""  # the source text (kept for suppressions and source excerpts)


@dataclass
class Ref:
    """An outgoing reference found while normalizing.

    ``target`` is a resource id when the normalizer knows it, otherwise an Azure key
    ``"<arm type>/<name>"`` (lower-cased) that the graph resolves across files and formats.
    """

    path: str
    target: str
    kind: str = "reference"


@dataclass
class Resource:
    """One normalized resource.

    ``body`` has the canonical shape: for Azure the ARM shape (type, name, location, sku, kind,
    identity, zones, tags, properties, apiVersion); for Kubernetes the object itself; for
    unmapped Terraform types the attributes. ``lines`` maps canonical property paths
    (join_path form) to the line in ``file`` where that property is written.
    """

    id: str
    type: str
    name: str
    format: str
    file: str
    address: str
    line: int
    end_line: int
    body: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)
    source_type: str = ""
    refs: list[Ref] = field(default_factory=list)
    unresolved: list[tuple[str, int]] = field(default_factory=list)  # (path, line)
    # suppressions written as data (JSON metadata "aipolicy:ignore"): raw texts "AIP-X-001 -- reason"
    suppressions: list[str] = field(default_factory=list)

    def line_of(self, path: str) -> int:
        """Line of ``path`` or of its longest written prefix; the resource's line otherwise."""
        if not path:
            return self.line
        hit = self.lines.get(path)  # the usual case: the property is written
        if hit:
            return hit
        segs = split_path(path)
        while segs:
            hit = self.lines.get(join_path(segs))
            if hit:
                return hit
            segs = segs[:-1]
        return self.line

    def to_input(self) -> dict[str, Any]:
        """The resource as policies see it: the body plus a ``_meta`` object."""
        doc = dict(self.body)
        doc["_meta"] = {
            "id": self.id,
            "type": self.type,
            "name": self.name,
            "format": self.format,
            "file": self.file,
            "address": self.address,
            "source_type": self.source_type,
        }
        if self.type.startswith("k8s:"):
            from .pod_specs import pod_spec_path

            path = pod_spec_path(self.body)
            if path:
                doc["_meta"]["pod_spec"] = list(path)
        return doc


@dataclass
class Edge:
    source: str
    target: str
    kind: str
    path: str = ""

    def to_json(self) -> dict[str, str]:
        return {"from": self.source, "to": self.target, "kind": self.kind, "path": self.path}
