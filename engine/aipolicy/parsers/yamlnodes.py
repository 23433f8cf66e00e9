"""Safe YAML loading that keeps the line of every node.

Plain data and a line per path are built straight from the parser's events (libyaml's C parser
where present), plain scalars resolved as PyYAML's SafeLoader resolves them. A text with an alias,
a merge key, a repeated anchor, nesting near the depth limit or (when it may alias) too many values
is built from PyYAML's node tree instead, which measures aliases against a budget of constructed
nodes before building and limits nesting; both builders give the same data and lines.
"""
from __future__ import annotations

import base64
import itertools
import re
import sys
from functools import lru_cache
from typing import Any, Callable, Iterator

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
)

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - pure-Python PyYAML build
    _Loader = yaml.SafeLoader

from ..model import PathKey

MAX_NODES = 1_000_000  # values a document may expand to (aliases counted at every use)
MAX_DEPTH = 400

Lines = dict[PathKey, tuple[int, int]]

_INT = re.compile(r"^[-+]?(0|[1-9][0-9_]*)$")
_OCT = re.compile(r"^0o[0-7]+$")
_HEX = re.compile(r"^0x[0-9a-fA-F]+$")

_STR = _Loader.DEFAULT_SCALAR_TAG
_MERGE = "tag:yaml.org,2002:merge"
# SafeLoader's implicit resolvers by a plain scalar's first character ("" for an empty scalar),
# wildcard ones appended; SafeLoader has no path resolvers.
_WILDCARD = tuple(_Loader.yaml_implicit_resolvers.get(None, ()))
_RESOLVERS = {first: tuple(rs) + _WILDCARD for first, rs in _Loader.yaml_implicit_resolvers.items() if first is not None}


class YamlLimitError(ValueError):
    """A document exceeds the node or depth budget."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _scalar(tag: str, value: str) -> Any:
    """A scalar's value under its resolved or explicit tag."""
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


@lru_cache(maxsize=4096)
def _plain(value: str) -> tuple[str, Any]:
    """The tag PyYAML's resolver gives a plain scalar, and its value."""
    for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
        if regexp.match(value):
            return tag, _scalar(tag, value)
    return _STR, value


def _key(value: Any) -> str:
    """A mapping key as text (``true``/``false`` for booleans)."""
    return str(value).lower() if isinstance(value, bool) else str(value)


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
    """Data and lines from a composed node tree (aliased nodes are built at every use)."""

    def __init__(self) -> None:
        self.lines: Lines = {}

    def build(self, node: yaml.Node, path: PathKey, depth: int) -> Any:
        if depth > MAX_DEPTH:
            raise YamlLimitError(f"nesting deeper than {MAX_DEPTH} levels", node.start_mark.line + 1)
        end = node.end_mark.line + (0 if node.end_mark.column == 0 and node.end_mark.line > node.start_mark.line else 1)
        self.lines[path] = (node.start_mark.line + 1, max(end, node.start_mark.line + 1))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node.tag, node.value)
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        out: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            if key_node.tag == _MERGE:
                self._merge(out, value_node, path, depth)
                continue
            key = _key(_scalar(key_node.tag, key_node.value)) if isinstance(key_node, yaml.ScalarNode) else str(key_node.start_mark)
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


def _from_nodes(text: str) -> Iterator[tuple[Any, Lines]]:
    """Documents built from PyYAML's node tree, after the alias budget check."""
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


class _NodesNeeded(Exception):
    """The event builder leaves this text to the node builder (alias, merge key, depth or budget)."""


def _anchor(anchor: str, anchors: set[str]) -> None:
    """Note a node's anchor; a repeated one is the composer's error to raise."""
    if anchor in anchors:
        raise _NodesNeeded
    anchors.add(anchor)


def _skip_key(next_event: Callable[[], Any], depth: int, anchors: set[str]) -> int:
    """Consume the rest of a collection used as a key (only its position is kept); return its node count."""
    nodes, open_ = 0, 1
    while open_:
        event = next_event()
        cls = event.__class__
        if cls is MappingEndEvent or cls is SequenceEndEvent:
            open_ -= 1
            continue
        if cls is AliasEvent:
            raise _NodesNeeded
        nodes += 1
        if event.anchor is not None:
            _anchor(event.anchor, anchors)
        if cls is not ScalarEvent:
            open_ += 1
            if depth + open_ >= MAX_DEPTH:
                raise _NodesNeeded
    return nodes


def _document(next_event: Callable[[], Any], budget: bool) -> tuple[Any, Lines]:
    """Build one document from its events, through its DocumentEndEvent.

    A value's lines run from its start (its key's, in a mapping) to its end mark's line, that line
    left out when the mark is at column 0 of a later line (a block collection ends where the next
    line begins).
    """
    lines: Lines = {}
    anchors: set[str] = set()
    nodes = 0  # keys and values, checked against MAX_NODES when the text may alias
    root: Any = None
    stack: list[tuple[Any, PathKey, bool, Any, int, Any]] = []
    # the open collection: its container, path, whether a mapping, the pending key (None until
    # read) and its line, and the collection's start mark; container is None outside the root
    container: Any = None
    path: PathKey = ()
    is_map = False
    key: Any = None
    key_line = 0
    start_mark: Any = None
    while True:
        event = next_event()
        cls = event.__class__
        if cls is ScalarEvent:
            nodes += 1
            if event.anchor is not None:
                _anchor(event.anchor, anchors)
            value = event.value
            tag = event.tag
            if tag is None or tag == "!":
                if event.implicit[0] and (value[:1] in _RESOLVERS or _WILDCARD):
                    tag, value = _plain(value)
                else:
                    tag = _STR
            else:
                value = _scalar(tag, value)
            start = event.start_mark.line
            if is_map and key is None:
                if tag == _MERGE:
                    raise _NodesNeeded
                key = value if value.__class__ is str else _key(value)
                key_line = start + 1
                continue
            end_mark = event.end_mark
            end = end_mark.line + (0 if end_mark.column == 0 and end_mark.line > start else 1)
            if is_map:
                lines[path + (key,)] = (key_line, end)
                container[key] = value
                key = None
            elif container is not None:
                lines[path + (len(container),)] = (start + 1, end)
                container.append(value)
            else:
                lines[()] = (start + 1, end)
                root = value
        elif cls is MappingStartEvent or cls is SequenceStartEvent:
            nodes += 1
            if event.anchor is not None:
                _anchor(event.anchor, anchors)
            if is_map and key is None:  # a collection as key: kept as its position
                if event.tag == _MERGE:
                    raise _NodesNeeded
                key = str(event.start_mark)
                key_line = event.start_mark.line + 1
                nodes += _skip_key(next_event, len(stack), anchors)
                continue
            if len(stack) >= MAX_DEPTH:
                raise _NodesNeeded
            child = path + (key,) if is_map else path + (len(container),) if container is not None else ()
            lines[child] = (0, 0)  # placeholder: paths keep the order the node builder gives them
            stack.append((container, path, is_map, key, key_line, start_mark))
            is_map = cls is MappingStartEvent
            container = {} if is_map else []
            path, key, start_mark = child, None, event.start_mark
        elif cls is MappingEndEvent or cls is SequenceEndEvent:
            value, child, start = container, path, start_mark.line
            end_mark = event.end_mark
            end = end_mark.line + (0 if end_mark.column == 0 and end_mark.line > start else 1)
            container, path, is_map, key, key_line, start_mark = stack.pop()
            if is_map:
                lines[child] = (key_line, end)
                container[key] = value
                key = None
            else:
                lines[child] = (start + 1, end)
                if container is not None:
                    container.append(value)
                else:
                    root = value
        elif cls is DocumentEndEvent:
            if budget and nodes > MAX_NODES:
                raise _NodesNeeded
            return root, lines
        else:  # an alias
            raise _NodesNeeded


def _from_events(text: str) -> Iterator[tuple[Any, Lines]]:
    """Documents built from the parser's events; raises _NodesNeeded where the node builder must take over."""
    loader = _Loader(text)
    try:
        next_event = loader.get_event
        next_event()  # StreamStartEvent
        budget = "*" in text  # the node builder measures a text that may alias
        while next_event().__class__ is DocumentStartEvent:
            yield _document(next_event, budget)
    finally:
        loader.dispose()


def load_all(text: str) -> Iterator[tuple[Any, Lines]]:
    """Yield (data, lines) for each document; raises yaml.YAMLError or YamlLimitError on bad input."""
    done = 0
    try:
        for doc in _from_events(text):
            yield doc
            done += 1
    except _NodesNeeded:
        yield from itertools.islice(_from_nodes(text), done, None)
