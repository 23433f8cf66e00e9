"""tree-sitter-hcl (the run-time parser) against python-hcl2 (the reference) on every fixture.

For every ``fixtures/**/*.tf`` both parsers must agree on the block structure (types, labels,
nesting, attribute names), on the value of every literal attribute, and on the line of every block
and attribute. Expressions are not compared: python-hcl2 renders them back to text.
"""
from __future__ import annotations

from pathlib import Path
from typing import Any

import hcl2
import pytest
from hcl2 import SerializationOptions
from lark import Tree

from aipolicy.parsers.terraform import parse

ROOT = Path(__file__).parent.parent
TF_FILES = sorted(p for p in (ROOT / "fixtures").rglob("*.tf") if p.is_file())
EXPR = object()  # an expression: matches anything python-hcl2 renders for it
OPTIONS = SerializationOptions(strip_string_quotes=True, explicit_blocks=False)


def ours(body: dict[str, Any]) -> dict[str, Any]:
    """Our document in python-hcl2's shape: {block type: [{label: ... {body}}]}, literals as values."""
    out: dict[str, Any] = {name: _value(expr) for name, (expr, _line) in body["attrs"].items()}
    for block in body["blocks"]:
        inner: Any = ours(block)
        if block["type"] == "dynamic":
            content = [ours(b) for b in block["blocks"] if b["type"] == "content"]
            inner = {k: v for k, v in ours(block).items() if k != "content"}
            inner["content"] = content
        for label in reversed(block["labels"]):
            inner = {label: inner}
        out.setdefault(block["type"], []).append(inner)
    return out


def _value(expr: list[Any]) -> Any:
    if expr[0] == "lit":
        if isinstance(expr[1], str):
            return expr[1].replace("${", "$${").replace("%{", "%%{")
        return expr[1]
    if expr[0] == "tuple":
        return [_value(e) for e in expr[1]]
    if expr[0] == "object" and all(k[0] == "lit" for k, _v, _l in expr[1]):
        return {k[1]: _value(v) for k, v, _l in expr[1]}
    return EXPR


def compare(mine: Any, theirs: Any, path: str, diffs: list[str]) -> int:
    """Record differences; return how many literal values were compared."""
    if mine is EXPR or isinstance(theirs, str) and theirs.startswith("<<"):
        return 0
    if isinstance(mine, dict) and isinstance(theirs, dict):
        theirs = {k: v for k, v in theirs.items() if k not in ("__comments__", "__inline_comments__")}
        if set(mine) != set(theirs):
            diffs.append(f"{path}: keys {sorted(mine)} != {sorted(theirs)}")
            return 0
        return sum(compare(mine[k], theirs[k], f"{path}.{k}", diffs) for k in mine)
    if isinstance(mine, list) and isinstance(theirs, list):
        if len(mine) != len(theirs):
            diffs.append(f"{path}: {len(mine)} items != {len(theirs)}")
            return 0
        return sum(compare(m, t, f"{path}[{i}]", diffs) for i, (m, t) in enumerate(zip(mine, theirs)))
    if mine != theirs or type(mine) is not type(theirs) and not _same_number(mine, theirs):
        diffs.append(f"{path}: {mine!r} != {theirs!r}")
    return 1


def _same_number(a: Any, b: Any) -> bool:
    return isinstance(a, (int, float)) and isinstance(b, (int, float)) and a == b


def our_lines(body: dict[str, Any], prefix: tuple[str, ...] = ()) -> set[tuple[tuple[str, ...], int]]:
    out = {(prefix + (name,), line) for name, (_e, line) in body["attrs"].items()}
    for block in body["blocks"]:
        key = prefix + (block["type"], *block["labels"])
        out.add((key, block["line"]))
        out |= our_lines(block, key)
    return out


def reference_lines(tree: Tree, prefix: tuple[str, ...] = ()) -> set[tuple[tuple[str, ...], int]]:
    out: set[tuple[tuple[str, ...], int]] = set()
    body = next((c for c in tree.children if isinstance(c, Tree) and c.data == "body"), None)
    for node in body.children if body is not None else []:
        if not isinstance(node, Tree) or node.data not in ("attribute", "block"):
            continue
        names = [_label(c) for c in node.children if isinstance(c, Tree) and c.data in ("identifier", "keyword", "string")]
        if node.data == "attribute":
            out.add((prefix + (names[0],), node.meta.line))
        else:
            out.add((prefix + tuple(names), node.meta.line))
            out |= reference_lines(node, prefix + tuple(names))
    return out


def _label(node: Tree) -> str:
    return "".join(str(t) for t in node.scan_values(lambda v: True) if not isinstance(t, Tree) and getattr(t, "type", "") != "DBLQUOTE")


def check(text: str) -> tuple[int, list[str]]:
    """(literal values compared, differences) for one HCL text; raises if python-hcl2 cannot parse it."""
    theirs = hcl2.loads(text, serialization_options=OPTIONS)
    parsed = parse("reference.tf", text)
    diffs = [f"line {e.line}: {e.message}" for e in parsed.errors]
    if parsed.errors:
        return 0, diffs
    body = parsed.documents[0].data
    compared = compare(ours(body), theirs, "", diffs)
    mine_lines, ref_lines = our_lines(body), reference_lines(hcl2.parses_to_tree(text))
    diffs += [f"line of {'.'.join(p)}: ours {n}" for p, n in sorted(mine_lines - ref_lines)][:5]
    return compared, diffs


def test_fixtures_exist() -> None:
    assert len(TF_FILES) >= 5


@pytest.mark.parametrize("path", TF_FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_tree_sitter_agrees_with_python_hcl2(path: Path) -> None:
    try:
        text = path.read_text("utf-8")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8 text: rejected before parsing (sources.decode)")
    try:
        hcl2.loads(text, serialization_options=OPTIONS)
    except Exception:  # noqa: BLE001 - python-hcl2 rejects it: we must report a syntax error too
        assert parse(str(path), text).errors, f"{path}: python-hcl2 rejects it, tree-sitter does not"
        return
    _compared, diffs = check(text)
    assert diffs == []
