"""Safe YAML loading that keeps the line of every node.

PyYAML's composer (the C one where present) builds a node tree with marks; we construct plain
data from it ourselves so that every path gets its lines, aliases cannot blow up memory (a budget
on constructed nodes), and deep nesting cannot crash the interpreter.
"""
from __future__ import annotations

import base64
import re
import sys
from typing import Any, Iterator

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML build
    _Loader = yaml.SafeLoader

from ..model import PathKey

MAX_NODES = 1_000_000  # values a document may expand to (aliases counted at every use)
MAX_DEPTH = 400

_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")


class YamlLimitError(ValueError):
    """A document exceeds the node or depth budget."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _scalar(node: yaml.ScalarNode) -> Any:
    tag, value = node.tag, node.value
    if tag == "tag:yaml.org,2002:str":
        return value
    if tag == "tag:yaml.org,2002:null":
        return None
    if tag == "tag:yaml.org,2002:bool":
        return value.lower() in ("true", "yes", "on")
    if tag == "tag:yaml.org,2002:int":
        text = value.replace("_", "")
        if _HEX.match(text):
            return int(text, 16)
        if _OCT.match(text):
            return int(text[2:], 8)
        if _INT.match(text):
            return int(text)
        return value
    if tag == "tag:yaml.org,2002:float":
        text = value.lower().replace("_", "")
        if text in (".inf", "+.inf"):
            return float("inf")
        if text == "-.inf":
            return float("-inf")
        if text == ".nan":
            return float("nan")
        try:
            return float(text)
        except ValueError:
            return value
    if tag == "tag:yaml.org,2002:binary":
        try:
            return base64.b64decode(value).decode("utf-8", "replace")
        except ValueError:
            return value
    return value  # timestamps and custom tags stay text


def expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """How many values the node expands to, aliases counted at every use, in O(distinct nodes)."""
    key = id(node)
    if key in memo:
        return memo[key]
    memo[key] = 1  # a recursive alias counts once instead of looping
    total = 1
    if isinstance(node, yaml.SequenceNode):
        total += sum(expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        total += sum(expanded_size(k, memo) + expanded_size(v, memo) for k, v in node.value)
    memo[key] = min(total, MAX_NODES + 1)
    return memo[key]


class _Builder:
    def __init__(self) -> None:
        self.lines: dict[PathKey, tuple[int, int]] = {}

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise YamlLimitError(f"nesting deeper than {MAX_DEPTH} levels", node.start_mark.line + 1)
        end = node.end_mark.line + (0 if node.end_mark.column == 0 and node.end_mark.line > node.start_mark.line else 1)
        self.lines[path] = (node.start_mark.line + 1, max(end, node.start_mark.line + 1))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                self._merge(out, value_node, path, depth)
                continue
            key = _scalar(key_node) if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
            if not isinstance(key, str):
                key = str(key).lower() if isinstance(key, bool) else str(key)
            child = path + (key,)
            out[key] = self.build(value_node, child, depth + 1)
            start = self.lines[child][1]
            self.lines[child] = (key_node.start_mark.line + 1, start)
        return out

    def _merge(self, out: dict[Any, Any], node: yaml.Node, path: PathKey, depth: int) -> None:
        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for src in sources:
            value = self.build(src, path + ("<<",), depth + 1)
            if isinstance(value, dict):
                for k, v in value.items():
                    out.setdefault(k, v)


def load_all(text: str) -> Iterator[tuple[Any, dict[PathKey, tuple[int, int]]]]:
    """Yield (data, lines) for each document; raises yaml.YAMLError or YamlLimitError on bad input."""
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, MAX_DEPTH * 4 + 200))
    try:
        may_alias = "*" in text  # without an alias no node is shared: nothing to measure
        for node in yaml.compose_all(text, Loader=_Loader):
            if node is None:
                continue
            if may_alias and expanded_size(node, {}) > MAX_NODES:
                raise YamlLimitError("document expands to too many values (alias bomb?)", node.start_mark.line + 1)
            builder = _Builder()
            data = builder.build(node, (), 0)
            yield data, builder.lines
    finally:
        sys.setrecursionlimit(old)
