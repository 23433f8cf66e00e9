"""Bicep and .bicepparam parser: tree-sitter-bicep syntax tree -> plain data with lines.

The output is one ``Document`` whose ``data`` holds only dicts, lists, str, int, bool and None
(it is cached with pickle/JSON). Expressions become a small AST of dicts tagged ``"$bicep"``:

    ref {name}                      member {object, prop, safe}     index {object, index, safe}
    call {func, ns, args}           unary {op, arg}                 binary {op, left, right}
    ternary {cond, then, else}      interp {parts}                  lambda {params, body}
    for {item, index, iter, body}   if {cond, body}                 nonnull {arg}
    object {props, line, end}       array {items, line, end}        child {object, name} (`a::b`)
    unknown {text}

A method call ``x.f()`` is ``call`` with ``ns`` "x" (or ``object`` when x is not a name); a
parenthesized expression carries ``"paren": true``.

Literal strings, numbers, booleans and null are plain values. Object properties are
``{"key", "value", "line", "end"}`` or ``{"spread": expr, "line", "end"}``; array items are
``{"value", "line", "end"}`` or ``{"spread": ...}``. Root value expressions carry ``"text"``, the
source text, so the normalizer can write unresolved markers.

tree-sitter-bicep 1.1.0 lags the language in a few places; ``_prepare`` rewrites them in place
(same byte offsets, same lines) before parsing: spread ``...x``, ``.bicepparam`` assignments
``param x = v``, the non-null assertion ``x!`` (dropped: it does not change a value), the types
``resourceInput<'T@v'>.path`` (read as ``object``), a nullable named type ``T?`` of a top-level
declaration (the grammar only takes primitive ones), and the statements ``extension``,
``extends`` and ``using none``. Lambda bodies
are parsed too tightly by the grammar, so they are parsed again on their own.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..model import Document, ParsedFile, ParseError

MAX_DEPTH = 200  # deeper expressions are reported as an error instead of recursing further
MAX_ERRORS = 20

_PARSER: Any = None


def _parser() -> Any:
    """The process-wide tree-sitter parser (created on first use)."""
    global _PARSER
    if _PARSER is None:
        import tree_sitter_bicep
        from tree_sitter import Language, Parser

        _PARSER = Parser(Language(tree_sitter_bicep.language()))
    return _PARSER


def parse(file: str, text: str) -> ParsedFile:
    """Parse one ``.bicep`` or ``.bicepparam`` file; never raises."""
    result = ParsedFile(file=file, format="bicep", text=text)
    param_file = file.lower().endswith(".bicepparam")
    try:
        prep = _prepare(text.encode("utf-8", "replace"), param_file)
        tree = _parser().parse(prep.src)
        conv = _Converter(prep, file)
        data = conv.infrastructure(tree.root_node)
        data["kind"] = "bicepparam" if param_file else "bicep"
        result.errors = conv.errors[:MAX_ERRORS]
        lines = conv.lines
        lines[()] = (1, max(1, text.count("\n") + 1))
        result.documents = [Document(data=data, lines=lines, kind=data["kind"])]
    except _TooDeep as exc:
        result.errors = [ParseError(file, exc.line, "expression nested too deeply")]
    except Exception as exc:  # the boundary: a parser bug must not stop the scan
        result.errors = [ParseError(file, 1, f"cannot parse Bicep: {type(exc).__name__}: {exc}")]
    return result


# ───────────── pre-processing (length-preserving rewrites) ─────────────


@dataclass
class _Prepared:
    src: bytes
    obj_spreads: set[int] = field(default_factory=set)  # start byte of a rewritten object spread
    arr_spreads: set[int] = field(default_factory=set)  # start byte of a spread array element
    assignments: set[int] = field(default_factory=set)  # start byte of a bicepparam `param x = v`
    nullable: set[int] = field(default_factory=set)  # start byte of a declaration typed `T?`
    interpolated: dict[int, int] = field(default_factory=dict)  # start byte of a `$'''` string -> count of `$`
    statements: list[dict[str, Any]] = field(default_factory=list)  # masked statements


_CODE = re.compile(
    rb"(?P<typeref>resource(?:Input|Output)<'[^'\n]*'>(?:\.\w+|\[\*?\])*)"  # resource-derived type
    rb"|(?<=[\w)\]])!(?![=~])"  # postfix non-null assertion `x!`
    rb"|(?<=[^)\s])\?(?=[ \t]*(?://[^\n]*)?\r?\n)"  # a nullable type ending a line (not `(T)?`)
    rb"|(?P<dollars>\$+)(?=''')"  # the prefix of a multi-line interpolated string
    rb"|//[^\n]*|/\*.*?(?:\*/|\Z)|'''.*?(?:'''|\Z)|'|\.\.\.|[{}\[\]()]|\n",
    re.S,
)
_IN_STRING = re.compile(rb"\\.|'|\$\{|\n", re.S)
_ASSIGNMENT = re.compile(rb"[ \t]*param(?=\s+[A-Za-z_][A-Za-z0-9_]*\s*=)")
_NULLABLE = re.compile(rb"[ \t]*(?:(?:param|output)[ \t]+\w+[ \t]+|type[ \t]+\w+[ \t]*=[ \t]*)[A-Za-z_][\w.]*(\?)")
_TYPE_STATEMENT = re.compile(rb"[ \t]*(?:type\b|(?:param|output)[ \t]+\w+[ \t]+\{)")
_MASKED = re.compile(rb"[ \t]*(extension|extends|using[ \t]+none)\b[^\n]*")
_OPEN = {ord("{"), ord("["), ord("(")}
_CLOSE = {ord("}"), ord("]"), ord(")")}


# Cheap test for anything ``_prepare`` might rewrite; most files have none and skip the scan.
# Each pattern is searched only in a file holding its literal: one regex of them all tries every
# alternative at every byte (0.1 ms a file).
_TRIGGERS: tuple[tuple[bytes, re.Pattern[bytes] | None], ...] = (
    (b"...", None),
    (b"$'''", None),
    (b"!", re.compile(rb"[\w)\]]!")),
    (b"put<", re.compile(rb"resource(?:Input|Output)<")),
    (b"exten", re.compile(rb"^[ \t]*(?:extension|extends)\b", re.M)),
    (b"using", re.compile(rb"^[ \t]*using[ \t]+none\b", re.M)),
    (b"?", re.compile(rb"^[ \t]*(?:param|output|type)\b[^\n]*\?", re.M)),
    (b"?", re.compile(rb"\?(?<=[^)\s]\?)[ \t]*(?://[^\n]*)?\r?\n")),  # a literal first: searched fast
)


def _triggered(src: bytes) -> bool:
    """Whether ``src`` holds anything ``_prepare`` might rewrite."""
    return any(literal in src and (pattern is None or pattern.search(src)) for literal, pattern in _TRIGGERS)


def _prepare(src: bytes, param_file: bool) -> _Prepared:
    """Rewrite syntax the grammar does not know, keeping every byte offset and line."""
    if not param_file and not _triggered(src):
        return _Prepared(src=src)
    out = bytearray(src)
    prep = _Prepared(src=b"")
    stack: list[bytes] = []
    pos = 0
    in_type = _statement_start(out, 0, param_file, prep)
    while pos < len(src):
        in_string = bool(stack) and stack[-1] == b"'"
        m = (_IN_STRING if in_string else _CODE).search(src, pos)
        if not m:
            break
        tok, pos = m.group(), m.end()
        if in_string:
            if tok in (b"'", b"\n"):
                stack.pop()
            elif tok == b"${":
                stack.append(b"${")
        elif tok == b"'":
            stack.append(tok)
        elif m.lastgroup == "dollars":
            out[m.start() : pos] = b" " * (pos - m.start())
            prep.interpolated[pos] = pos - m.start()
        elif m.lastgroup == "typeref":
            out[m.start() : pos] = b"object".ljust(pos - m.start())
        elif tok == b"!":
            out[m.start()] = ord(" ")
        elif tok == b"?":
            if in_type:  # `T?` before the next property would read as a ternary
                out[m.start()] = ord(" ")
        elif tok == b"...":
            _spread(out, src, m.start(), stack, prep)
        elif tok[0] in _OPEN:
            stack.append(tok)
        elif tok[0] in _CLOSE:
            if stack:
                stack.pop()
        elif tok == b"\n" and not stack:
            in_type = _statement_start(out, pos, param_file, prep)
    prep.src = bytes(out)
    return prep


def _spread(out: bytearray, src: bytes, start: int, stack: list[bytes], prep: _Prepared) -> None:
    if not stack or stack[-1] not in (b"{", b"["):
        return  # not a spread: left for the grammar to reject
    if stack[-1] == b"{":
        out[start : start + 3] = b"_s:"
        prep.obj_spreads.add(start)
        return
    out[start : start + 3] = b"   "
    end = start + 3
    while end < len(src) and src[end] in b" \t\r\n":
        end += 1
    prep.arr_spreads.add(end)


def _statement_start(out: bytearray, pos: int, param_file: bool, prep: _Prepared) -> bool:
    """At the start of a top-level line: rewrite or mask statements the grammar lacks.

    Returns whether the statement declares a type (a type, or a parameter/output typed inline).
    """
    if param_file:
        m = _ASSIGNMENT.match(out, pos)
        if m:
            kw = m.end() - 5
            out[kw : m.end()] = b"var  "
            prep.assignments.add(kw)
            return False
    m = _NULLABLE.match(out, pos)
    if m:
        out[m.start(1)] = ord(" ")
        prep.nullable.add(m.start() + len(m.group()) - len(m.group().lstrip()))
    m = _MASKED.match(out, pos)
    if m:
        text = bytes(out[m.start(1) : m.end()]).decode("utf-8", "replace").strip()
        line = out.count(b"\n", 0, pos) + 1
        prep.statements.append({"keyword": m.group(1).split()[0].decode(), "text": text, "line": line})
        out[m.start() : m.end()] = b" " * (m.end() - m.start())
    return bool(_TYPE_STATEMENT.match(out, pos))


# ───────────── syntax tree -> plain data ─────────────


class _TooDeep(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


_ESCAPE = re.compile(r"\\(u\{[0-9A-Fa-f]{1,6}\}|.)", re.S)
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", "\\": "\\", "'": "'", "$": "$"}
_DECLARATIONS = {
    "parameter_declaration": "_param",
    "variable_declaration": "_var",
    "resource_declaration": "_resource_decl",
    "module_declaration": "_module",
    "output_declaration": "_output",
    "type_declaration": "_type",
    "user_defined_function": "_function",
    "import_functionality": "_import",
    "import_statement": "_import",
    "import_with_statement": "_import",
    "using_statement": "_using",
    "target_scope_assignment": "_target_scope",
    "metadata_declaration": "_metadata",
}
_LIST_KEYS = ("params", "vars", "resources", "modules", "outputs", "types", "functions", "imports")


# The grammar attaches a postfix operator (`.x`, `[i]`, `::c`, a method call) to a whole preceding
# unary/binary/ternary expression or lambda: `a && b.c` comes out as `(a && b).c`. It belongs to
# the rightmost operand unless that expression was parenthesized.
_SINK_INTO = {"unary": "arg", "binary": "right", "ternary": "else", "lambda": "body"}


def _postfix(obj: Any, make: Any) -> Any:
    """Apply the postfix operator ``make`` where it binds: on the rightmost operand of ``obj``."""
    if isinstance(obj, dict) and not obj.get("paren"):
        field_name = _SINK_INTO.get(obj.get("$bicep", ""))
        if field_name:
            return {**obj, field_name: _postfix(obj[field_name], make)}
    return make(obj)


# Binary operators, tighter binding first (Bicep's table); all associate to the left. The grammar
# gets the shape wrong around postfix operators, so operator chains are rebuilt from their order.
_PRECEDENCE = {
    op: level
    for level, ops in enumerate((("??",), ("||",), ("&&",), ("==", "!=", "=~", "!~"),
                                 ("<", "<=", ">", ">="), ("+", "-"), ("*", "/", "%")))
    for op in ops
}


def _flatten(node: Any, operands: list[Any], ops: list[str]) -> None:
    """In-order operands and operators of an unparenthesized operator chain."""
    if isinstance(node, dict) and node.get("$bicep") == "binary" and not node.get("paren"):
        _flatten(node["left"], operands, ops)
        ops.append(node["op"])
        _flatten(node["right"], operands, ops)
    else:
        operands.append(node)


def _by_precedence(operands: list[Any], ops: list[str]) -> Any:
    """Shunting-yard: rebuild the binary tree of ``operands[0] ops[0] operands[1] ...``."""
    out = [operands[0]]
    pending: list[str] = []

    def reduce() -> None:
        right, left = out.pop(), out.pop()
        out.append({"$bicep": "binary", "op": pending.pop(), "left": left, "right": right})

    for op, operand in zip(ops, operands[1:]):
        while pending and _PRECEDENCE.get(pending[-1], -1) >= _PRECEDENCE.get(op, -1):
            reduce()
        pending.append(op)
        out.append(operand)
    while pending:
        reduce()
    return out[0]


def _closing_brace(src: bytes, pos: int, stop: int) -> int:
    """Index of the ``}`` that closes an interpolation whose expression starts at ``pos``; -1."""
    depth, quoted = 0, False
    while pos < stop:
        char = src[pos]
        if quoted:
            if char == 0x5C:  # backslash escape
                pos += 1
            elif char == 0x27:
                quoted = False
        elif char == 0x27:
            quoted = True
        elif char == 0x7B:
            depth += 1
        elif char == 0x7D:
            if depth == 0:
                return pos
            depth -= 1
        pos += 1
    return -1


def _unescape(raw: str) -> str:
    if "\\" not in raw:
        return raw

    def one(m: re.Match[str]) -> str:
        esc = m.group(1)
        if esc.startswith("u{"):
            try:
                return chr(int(esc[2:-1], 16))
            except (ValueError, OverflowError):
                return m.group(0)
        return _ESCAPES.get(esc, m.group(0))

    return _ESCAPE.sub(one, raw)


class _Converter:
    """Turns one syntax tree into plain data; collects errors and the line map."""

    def __init__(self, prep: _Prepared, file: str, src: bytes | None = None, line_off: int = 0,
                 byte_off: int = 0) -> None:
        self.prep = prep
        self.file = file
        self.src = prep.src if src is None else src
        self.line_off = line_off
        self.byte_off = byte_off  # original byte = tree byte + byte_off
        self.errors: list[ParseError] = []
        self.lines: dict[tuple, tuple[int, int]] = {}
        self.depth = 0
        # the source as text when it is ASCII (byte offsets are then character offsets): slicing
        # it is cheaper than decoding each node's bytes
        self.chars = self.src.decode("ascii") if self.src.isascii() else None

    # helpers ------------------------------------------------------------------
    def line(self, node: Any) -> int:
        return node.start_point[0] + 1 + self.line_off

    def end(self, node: Any) -> int:
        return node.end_point[0] + 1 + self.line_off

    def text(self, node: Any) -> str:
        if self.chars is not None:
            return self.chars[node.start_byte : node.end_byte]
        return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def collect_errors(self, node: Any) -> None:
        """Report ERROR and MISSING nodes under ``node`` (only descends where errors are)."""
        todo = [node]
        while todo and len(self.errors) < MAX_ERRORS:
            n = todo.pop()
            if n.is_missing:
                self.errors.append(ParseError(self.file, self.line(n), f"syntax error: missing '{n.type}'"))
            elif n.is_error:
                snippet = " ".join(self.text(n).split())[:40]
                self.errors.append(ParseError(self.file, self.line(n), f"syntax error near '{snippet}'"))
            else:
                todo.extend(reversed([c for c in n.children if c.has_error]))

    # file level ---------------------------------------------------------------
    def infrastructure(self, root: Any) -> dict[str, Any]:
        data: dict[str, Any] = {key: [] for key in _LIST_KEYS}
        data.update({"using": None, "target_scope": None, "metadata": {}, "statements": []})
        for st in self.prep.statements:
            if st["keyword"] == "using":
                data["using"] = {"path": None, "line": st["line"]}
            else:
                data["statements"].append(st)
        if root.has_error:
            self.collect_errors(root)
        decorators: list[dict[str, Any]] = []
        for child in root.named_children:
            if child.type == "decorators":
                decorators = [] if child.has_error else self.decorators(child)
                continue
            method = _DECLARATIONS.get(child.type)
            if method and not child.has_error:
                getattr(self, method)(child, decorators, data)
            decorators = []
        return data

    def decorators(self, node: Any) -> list[dict[str, Any]]:
        out = []
        for dec in node.named_children:
            call = next((c for c in dec.named_children if c.type != "comment"), None)
            if call is None:
                continue
            value = self.expr(call)
            if isinstance(value, dict) and value.get("$bicep") == "call":
                out.append({"name": value["func"], "args": value["args"], "line": self.line(dec)})
            elif isinstance(value, dict) and value.get("$bicep") == "ref":
                out.append({"name": value["name"], "args": [], "line": self.line(dec)})
        return out

    def _decl_parts(self, node: Any) -> tuple[str, list[Any]]:
        """The declared identifier and the named children after it."""
        named = [c for c in node.named_children if c.type != "comment"]
        name_node = next((c for c in named if c.type == "identifier"), None)
        name = self.text(name_node) if name_node is not None else ""
        rest = named[named.index(name_node) + 1 :] if name_node is not None else named
        return name, rest

    def _value_after_equals(self, node: Any) -> Any | None:
        seen = False
        for child in node.children:
            if seen and child.is_named and child.type != "comment":
                return child
            seen = seen or child.type == "="
        return None

    def type_text(self, decl: Any, type_node: Any) -> str:
        """A declared type as written (a ``?`` removed by ``_prepare`` is put back)."""
        text = self.text(type_node) if type_node is not None else ""
        return text + "?" if decl.start_byte + self.byte_off in self.prep.nullable else text

    def _param(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        name, rest = self._decl_parts(node)
        type_node = next((c for c in rest if c.type == "type"), None)
        entry: dict[str, Any] = {
            "name": name,
            "type": self.type_text(node, type_node),
            "decorators": decorators,
            "line": self.line(node),
            "end": self.end(node),
        }
        default = self._value_after_equals(node)
        if default is not None:
            entry["default"] = self.value(default)
            entry["default_line"] = self.line(default)
        data["params"].append(entry)
        self.lines[("params", name)] = (self.line(node), self.end(node))

    def _var(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        name, _ = self._decl_parts(node)
        value_node = self._value_after_equals(node)
        entry = {
            "name": name,
            "value": self.value(value_node) if value_node is not None else None,
            "decorators": decorators,
            "line": self.line(node),
            "end": self.end(node),
        }
        if node.start_byte + self.byte_off in self.prep.assignments:
            data["params"].append({**entry, "assigned": True})
            self.lines[("params", name)] = (self.line(node), self.end(node))
        else:
            data["vars"].append(entry)

    def _output(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        name, rest = self._decl_parts(node)
        type_node = next((c for c in rest if c.type == "type"), None)
        value_node = self._value_after_equals(node)
        data["outputs"].append({
            "name": name,
            "type": self.type_text(node, type_node),
            "value": self.value(value_node) if value_node is not None else None,
            "decorators": decorators,
            "line": self.line(node),
        })

    def _type(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        name, _ = self._decl_parts(node)
        value_node = self._value_after_equals(node)
        data["types"].append({
            "name": name,
            "type": self.type_text(node, value_node),
            "decorators": decorators,
            "line": self.line(node),
        })

    def _function(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        name_node = node.child_by_field_name("name")
        params_node = next((c for c in node.named_children if c.type == "parameters"), None)
        params = []
        if params_node is not None:
            for p in params_node.named_children:
                ident = next((c for c in p.named_children if c.type == "identifier"), None)
                if ident is not None:
                    params.append(self.text(ident))
        body = node.named_children[-1] if node.named_children else None
        data["functions"].append({
            "name": self.text(name_node) if name_node is not None else "",
            "params": params,
            "body": self.value(body) if body is not None else None,
            "decorators": decorators,
            "line": self.line(node),
        })

    def _import(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        path_node = next((c for c in node.named_children if c.type == "string"), None)
        symbols: list[dict[str, Any]] = []
        wildcard = None
        after_as = False
        for child in node.children:
            if child.type == "*":
                wildcard = ""
            elif child.type == "as":
                after_as = True
            elif child.type == "identifier":
                name = self.text(child)
                if after_as and wildcard is not None:
                    wildcard = name
                elif after_as and symbols:
                    symbols[-1]["alias"] = name
                else:
                    symbols.append({"name": name, "alias": name})
                after_as = False
        data["imports"].append({
            "path": self.expr(path_node) if path_node is not None else None,
            "symbols": symbols,
            "wildcard": wildcard,
            "line": self.line(node),
        })

    def _using(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        path_node = next((c for c in node.named_children if c.type == "string"), None)
        path = self.expr(path_node) if path_node is not None else None
        data["using"] = {"path": path if isinstance(path, str) else None, "line": self.line(node)}

    def _target_scope(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        value_node = self._value_after_equals(node)
        data["target_scope"] = self.expr(value_node) if value_node is not None else None

    def _metadata(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        name, _ = self._decl_parts(node)
        value_node = self._value_after_equals(node)
        data["metadata"][name] = self.value(value_node) if value_node is not None else None

    # resources and modules ----------------------------------------------------
    def _resource_decl(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        data["resources"].append(self.resource(node, decorators, ()))

    def resource(self, node: Any, decorators: list[dict[str, Any]], outer: tuple[str, ...]) -> dict[str, Any]:
        """One resource declaration (top level or nested inside a resource body)."""
        symbol, rest = self._decl_parts(node)
        type_node = next((c for c in rest if c.type == "string"), None)
        type_text = self.expr(type_node) if type_node is not None else ""
        type_text = type_text if isinstance(type_text, str) else ""
        rtype, _, api = type_text.partition("@")
        key = ("resources", "::".join(outer + (symbol,)))
        entry: dict[str, Any] = {
            "symbol": symbol,
            "type": rtype,
            "apiVersion": api or None,
            "existing": any(c.type == "existing" for c in node.children),
            "decorators": decorators,
            "line": self.line(node),
            "end": self.end(node),
            "condition": None,
            "loop": None,
            "parent": None,
            "children": [],
            "body": None,
        }
        value_node = self._value_after_equals(node)
        body_node = self._unwrap_block(value_node, entry) if value_node is not None else None
        if body_node is not None and body_node.type == "object":
            entry["body"] = self.object(body_node, key, entry, outer + (symbol,))
        elif body_node is not None:
            entry["body"] = self.value(body_node)
        self.lines[key] = (entry["line"], entry["end"])
        return entry

    def _unwrap_block(self, node: Any, entry: dict[str, Any]) -> Any:
        """Peel ``[for ...: ...]`` and ``if (...)`` off a resource/module value."""
        if node.type == "for_statement":
            entry["loop"] = self.for_header(node)
            body = node.child_by_field_name("body")
            if body is None:
                return None
            node = body
        if node.type == "if_statement":
            cond, body = self._if_parts(node)
            entry["condition"] = cond
            node = body
        return node

    def _module(self, node: Any, decorators: list[dict[str, Any]], data: dict[str, Any]) -> None:
        symbol, rest = self._decl_parts(node)
        path_node = next((c for c in rest if c.type == "string"), None)
        path = self.expr(path_node) if path_node is not None else None
        entry: dict[str, Any] = {
            "symbol": symbol,
            "path": path if isinstance(path, str) else None,
            "decorators": decorators,
            "line": self.line(node),
            "end": self.end(node),
            "condition": None,
            "loop": None,
            "body": None,
            "params": None,
        }
        value_node = self._value_after_equals(node)
        body_node = self._unwrap_block(value_node, entry) if value_node is not None else None
        if body_node is not None:
            entry["body"] = self.value(body_node)
            body = entry["body"]
            if isinstance(body, dict) and body.get("$bicep") == "object":
                params = next((p for p in body["props"] if p.get("key") == "params"), None)
                entry["params"] = params["value"] if params else None
        data["modules"].append(entry)

    # expressions --------------------------------------------------------------
    def value(self, node: Any) -> Any:
        """A root expression: like ``expr`` but non-container expressions keep their text."""
        out = self.expr(node)
        if isinstance(out, dict) and out.get("$bicep") not in ("object", "array"):
            out["text"] = self.text(node)
        return out

    def expr(self, node: Any) -> Any:
        # no try/finally around the depth: an exception abandons the whole conversion
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise _TooDeep(self.line(node))
        handler = _EXPRESSIONS.get(node.type)
        out = handler(self, node) if handler is not None else {"$bicep": "unknown", "text": self.text(node)}
        self.depth -= 1
        return out

    def _x_string(self, node: Any) -> Any:
        start, end = node.start_byte, node.end_byte
        if self.src.find(b"${", start, end) < 0 and not self.src.startswith(b"'''", start, end):
            return _unescape(self.prep_slice(start + 1, max(start + 1, end - 1)))  # no interpolation
        raw = self.text(node)
        if raw.startswith("'''"):
            dollars = self.prep.interpolated.get(node.start_byte + self.byte_off)
            if dollars:
                return self._interpolated_multiline(node, raw, dollars)
            return raw[3:-3] if raw.endswith("'''") and len(raw) >= 6 else raw[3:]
        parts: list[Any] = []
        pos = node.start_byte + 1
        for child in node.named_children:
            if child.type == "interpolation":
                parts.append(_unescape(self.prep_slice(pos, child.start_byte)))
                inner = next((c for c in child.named_children if c.type != "comment"), None)
                parts.append(self.expr(inner) if inner is not None else None)
                pos = child.end_byte
        parts.append(_unescape(self.prep_slice(pos, max(pos, node.end_byte - 1))))
        parts = [p for p in parts if p != ""]
        if all(isinstance(p, str) for p in parts):
            return "".join(parts)
        return {"$bicep": "interp", "parts": parts}

    def _interpolated_multiline(self, node: Any, raw: str, dollars: int) -> Any:
        """``$'''...${expr}...'''``: as many ``$`` open an interpolation as precede the quotes."""
        src, opener = self.src, b"$" * dollars + b"{"
        closed = raw.endswith("'''") and len(raw) >= 6
        stop = node.end_byte - 3 if closed else node.end_byte
        parts: list[Any] = []
        pos = scan = node.start_byte + 3
        while True:
            hit = src.find(opener, scan, stop)
            if hit < 0:
                break
            if src[hit - 1 : hit] == b"$":  # more dollars than the opener: literal text
                scan = hit + len(opener)
                continue
            close = _closing_brace(src, hit + len(opener), stop)
            if close < 0:
                break
            parts.append(self.prep_slice(pos, hit))
            row = node.start_point[0] + src.count(b"\n", node.start_byte, hit)
            parts.append(self._reparse_at(hit + len(opener), close, row))
            pos = scan = close + 1
        parts.append(self.prep_slice(pos, stop))
        parts = [p for p in parts if p != ""]
        if all(isinstance(p, str) for p in parts):
            return "".join(parts)
        return {"$bicep": "interp", "parts": parts}

    def prep_slice(self, start: int, end: int) -> str:
        if self.chars is not None:
            return self.chars[start:end]
        return self.src[start:end].decode("utf-8", "replace")

    def _x_number(self, node: Any) -> Any:
        try:
            return int(self.text(node))
        except ValueError:
            return {"$bicep": "unknown", "text": self.text(node)}

    def _x_boolean(self, node: Any) -> bool:
        return self.text(node) == "true"

    def _x_null(self, node: Any) -> None:
        return None

    def _x_identifier(self, node: Any) -> dict[str, Any]:
        return {"$bicep": "ref", "name": self.text(node)}

    def _x_parenthesized_expression(self, node: Any) -> Any:
        inner = [c for c in node.named_children if c.type != "comment"]
        if len(inner) != 1:
            return {"$bicep": "unknown", "text": self.text(node)}
        out = self.expr(inner[0])
        if isinstance(out, dict):
            out["paren"] = True  # postfix operators after the parentheses apply to all of it
        return out

    def _x_member_expression(self, node: Any) -> Any:
        prop = node.child_by_field_name("property")
        tokens = {c.type for c in node.children if not c.is_named}
        name = self.text(prop) if prop is not None else ""

        def make(obj: Any) -> dict[str, Any]:
            if "!" in tokens:
                obj = {"$bicep": "nonnull", "arg": obj}
            return {"$bicep": "member", "object": obj, "prop": name, "safe": ".?" in tokens}

        return _postfix(self.expr(node.child_by_field_name("object")), make)

    def _x_subscript_expression(self, node: Any) -> Any:
        index_node = node.child_by_field_name("index")
        index = self.expr(index_node) if index_node is not None else None
        safe = any(c.type == "?" for c in node.children)
        return _postfix(
            self.expr(node.child_by_field_name("object")),
            lambda obj: {"$bicep": "index", "object": obj, "index": index, "safe": safe},
        )

    def _x_resource_expression(self, node: Any) -> Any:
        child = node.child_by_field_name("resource")
        name = self.text(child) if child is not None else ""
        return _postfix(
            self.expr(node.child_by_field_name("object")),
            lambda obj: {"$bicep": "child", "object": obj, "name": name},
        )

    def _x_call_expression(self, node: Any) -> Any:
        fn = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        args = [self.argument(a) for a in args_node.named_children if a.type != "comment"] if args_node else []
        if fn is None or fn.type != "member_expression":
            return {"$bicep": "call", "func": self.text(fn) if fn else "", "ns": None, "args": args}
        prop = fn.child_by_field_name("property")
        name = self.text(prop) if prop is not None else ""

        def make(obj: Any) -> dict[str, Any]:
            if isinstance(obj, dict) and obj.get("$bicep") == "ref":
                return {"$bicep": "call", "func": name, "ns": obj["name"], "args": args}
            return {"$bicep": "call", "func": name, "ns": None, "object": obj, "args": args}

        return _postfix(self.expr(fn.child_by_field_name("object")), make)

    def argument(self, node: Any) -> Any:
        """A call argument; lambdas are re-parsed because the grammar binds their body too tightly."""
        lam = node
        while lam.type != "lambda_expression" and lam.named_child_count:
            lam = lam.named_children[0]
        if lam.type != "lambda_expression":
            return self.expr(node)
        arrow = next((c for c in lam.children if c.type == "=>"), None)
        if arrow is None:
            return {"$bicep": "unknown", "text": self.text(node)}
        params = self._lambda_params(lam.named_children[0])
        return {"$bicep": "lambda", "params": params, "body": self._reparse(arrow.end_byte, node.end_byte, arrow)}

    def _lambda_params(self, node: Any) -> list[str]:
        if node.type == "identifier":
            return [self.text(node)]
        return [self.text(c) for c in node.named_children if c.type == "identifier"]

    def _reparse(self, start: int, end: int, at: Any) -> Any:
        return self._reparse_at(start, end, at.end_point[0])

    def _reparse_at(self, start: int, end: int, row: int) -> Any:
        """The expression between two bytes of this tree's source, parsed on its own (``row``:
        the 0-based row of ``start`` in this tree)."""
        prefix = b"var _ = "
        body = self.src[start:end]
        tree = _parser().parse(prefix + body)
        sub = _Converter(self.prep, self.file, prefix + body, self.line_off + row,
                         self.byte_off + start - len(prefix))
        sub.depth = self.depth
        root = tree.root_node
        if root.has_error:
            sub.collect_errors(root)
            self.errors.extend(sub.errors)
        decl = next((c for c in root.named_children if c.type == "variable_declaration"), None)
        value = sub._value_after_equals(decl) if decl is not None else None
        return sub.expr(value) if value is not None else {"$bicep": "unknown", "text": body.decode("utf-8", "replace")}

    def _x_lambda_expression(self, node: Any) -> Any:
        named = node.named_children
        return {"$bicep": "lambda", "params": self._lambda_params(named[0]), "body": self.expr(named[-1])}

    def _x_unary_expression(self, node: Any) -> Any:
        op = node.child_by_field_name("operator")
        arg = node.child_by_field_name("argument")
        return {"$bicep": "unary", "op": self.text(op) if op else "", "arg": self.expr(arg) if arg else None}

    def _x_binary_expression(self, node: Any) -> Any:
        op = node.child_by_field_name("operator")
        operands: list[Any] = []
        ops: list[str] = []
        _flatten(self.expr(node.child_by_field_name("left")), operands, ops)
        ops.append(self.text(op) if op else "")
        _flatten(self.expr(node.child_by_field_name("right")), operands, ops)
        return _by_precedence(operands, ops)

    def _x_ternary_expression(self, node: Any) -> Any:
        return {
            "$bicep": "ternary",
            "cond": self.expr(node.child_by_field_name("condition")),
            "then": self.expr(node.child_by_field_name("consequence")),
            "else": self.expr(node.child_by_field_name("alternative")),
        }

    def for_header(self, node: Any) -> dict[str, Any]:
        item = index = None
        iterable = None
        after_in = False
        for child in node.children:
            if child.type == "in":
                after_in = True
            elif child.type == ":":
                break
            elif child.type == "for_loop_parameters":
                for p in child.named_children:
                    if p.type == "loop_variable":
                        item = self.text(p)
                    elif p.type == "loop_enumerator":
                        index = self.text(p)
            elif child.type == "identifier" and not after_in:
                item = self.text(child)
            elif after_in and child.is_named and child.type != "comment":
                iterable = self.value(child)
        return {"item": item, "index": index, "iter": iterable, "line": self.line(node)}

    def _x_for_statement(self, node: Any) -> Any:
        body = node.child_by_field_name("body")
        return {"$bicep": "for", **self.for_header(node), "body": self.value(body) if body is not None else None}

    def _if_parts(self, node: Any) -> tuple[Any, Any]:
        named = [c for c in node.named_children if c.type != "comment"]
        cond = self.value(named[0]) if named else None
        return cond, (named[-1] if len(named) > 1 else None)

    def _x_if_statement(self, node: Any) -> Any:
        cond, body = self._if_parts(node)
        return {"$bicep": "if", "cond": cond, "body": self.expr(body) if body is not None else None}

    def _x_array(self, node: Any) -> dict[str, Any]:
        items = []
        for child in node.named_children:
            if child.type == "comment":
                continue
            item = {"line": self.line(child), "end": self.end(child)}
            if child.start_byte + self.byte_off in self.prep.arr_spreads:
                item["spread"] = self.value(child)
            else:
                item["value"] = self.value(child)
            items.append(item)
        return {"$bicep": "array", "items": items, "line": self.line(node), "end": self.end(node)}

    def _x_object(self, node: Any) -> dict[str, Any]:
        return self.object(node, None, None, ())

    def object(self, node: Any, key: tuple | None, owner: dict[str, Any] | None,
               outer: tuple[str, ...]) -> dict[str, Any]:
        """An object literal; for a resource body (``owner``) also nested resources and lines."""
        props: list[dict[str, Any]] = []
        pending: list[dict[str, Any]] = []
        for child in node.named_children:
            kind = child.type
            if kind == "decorators":
                pending = self.decorators(child)
                continue
            if kind != "object_property":
                continue
            named, nested = [], None
            for part in child.named_children:
                kind = part.type
                if kind != "comment":
                    named.append(part)
                    if kind == "resource_declaration" and nested is None:
                        nested = part
            if nested is not None:
                if owner is not None:
                    owner["children"].append(self.resource(nested, pending, outer))
            elif len(named) >= 2:
                props.append(self.property(child, named))
            pending = []
        if owner is not None:
            parent = next((p for p in props if p.get("key") == "parent"), None)
            if parent is not None:
                owner["parent"] = parent["value"]
            if key is not None:
                self._record_lines(props, key)
        return {"$bicep": "object", "props": props, "line": self.line(node), "end": self.end(node)}

    def property(self, node: Any, named: list[Any]) -> dict[str, Any]:
        """An ``object_property`` node from its (two or more) named children, comments left out."""
        entry: dict[str, Any] = {"line": self.line(node), "end": self.end(node)}
        spreads = self.prep.obj_spreads
        if spreads and node.start_byte + self.byte_off in spreads:
            entry["spread"] = self.value(named[-1])
            return entry
        key_node = named[0]
        entry["key"] = self.text(key_node) if key_node.type == "identifier" else self.expr(key_node)
        entry["value"] = self.value(named[-1])
        return entry

    def _record_lines(self, props: list[dict[str, Any]], prefix: tuple) -> None:
        for prop in props:
            key = prop.get("key")
            if not isinstance(key, str):
                continue
            path = prefix + (key,)
            self.lines[path] = (prop["line"], prop["end"])
            self._record_value_lines(prop["value"], path)

    def _record_value_lines(self, value: Any, path: tuple) -> None:
        if not isinstance(value, dict):
            return
        if value.get("$bicep") == "object":
            self._record_lines(value["props"], path)
        elif value.get("$bicep") == "array":
            for i, item in enumerate(value["items"]):
                if "value" in item:
                    self.lines[path + (i,)] = (item["line"], item["end"])
                    self._record_value_lines(item["value"], path + (i,))


# node type -> the _Converter method reading an expression of that type
_EXPRESSIONS: dict[str, Callable[[_Converter, Any], Any]] = {
    name[len("_x_"):]: method for name, method in vars(_Converter).items() if name.startswith("_x_")
}
