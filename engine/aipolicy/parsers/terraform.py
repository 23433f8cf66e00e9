"""Terraform HCL (``.tf``, ``.tfvars``) with tree-sitter-hcl, and Terraform JSON syntax.

The document is plain, picklable data. A *body* is ``{"attrs": {name: [expr, line]}, "blocks":
[block, ...]}``; a *block* is a body plus ``type``, ``labels``, ``line`` and ``end_line``.
Expressions are small lists whose first item names the kind; kinds that can stay unresolved carry
their source text (``src``) second:

==========================================  ====================================================
``["lit", value]``                           string, number, bool or null
``["tpl", src, parts]``                      template; parts are str, expr, or directives
                                             ``["if", cond, then_parts, else_parts]`` /
                                             ``["for", key|None, value, coll, parts]``
``["trav", src, head, steps]``               reference: head is a root name (``"var"``) or an
                                             expr; steps ``["attr", n]``, ``["index", expr]``,
                                             ``["splat"]`` (later steps apply per element)
``["call", src, name, args, expand]``        function call (``expand``: last arg has ``...``)
``["cond", src, test, then, else]``          conditional
``["op", src, operator, operands]``          unary (one operand) or binary operation
``["tuple", items]`` / ``["object", elems]`` elems: ``[key_expr, value_expr, line]``
``["forexpr", src, key, value, coll,        for-expression; ``key_expr`` None for a tuple
  key_expr, value_expr, cond, group]``
==========================================  ====================================================

A syntax error yields one ``ParseError`` at the first error node; top-level blocks without errors
are kept (tree-sitter recovers), so the rest of the file is still checked.
"""
from __future__ import annotations

import gc
import json
import re
from functools import lru_cache
from typing import Any

import tree_sitter
import tree_sitter_hcl

from ..model import Document, ParsedFile, ParseError

Expr = list
_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r'\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8})|(.))|\$\$\{|%%\{', re.S)
_TEMPLATE_HOLES = ("template_interpolation", "template_directive")


@lru_cache(maxsize=1)
def _parser() -> tree_sitter.Parser:
    return tree_sitter.Parser(tree_sitter.Language(tree_sitter_hcl.language()))


def parse(file: str, text: str) -> ParsedFile:
    """Parse a Terraform file; JSON syntax when the name ends in ``.json``. Never raises."""
    out = ParsedFile(file=file, format="terraform", text=text)
    if "\x00" in text:
        out.errors.append(ParseError(file, 1, "binary content, not a Terraform file"))
        return out
    try:
        body, error = (_parse_json if file.endswith(".json") else parse_hcl)(text)
    except RecursionError:
        body, error = None, (1, "nesting too deep")
    if error:
        out.errors.append(ParseError(file, error[0], error[1]))
    if body is not None:
        lines = {(): (1, text.count("\n") + 1)}
        for block in body["blocks"]:
            lines.setdefault((block["type"], *block["labels"]), (block["line"], block["end_line"]))
        out.documents.append(Document(data=body, lines=lines))
    return out


def parse_hcl(text: str) -> tuple[dict[str, Any], tuple[int, str] | None]:
    """HCL text -> (body, first syntax error as (line, message) or None).

    The cyclic garbage collector is paused while one file is parsed: the syntax tree's nodes and
    the document are thousands of short-lived or fresh containers, and the collections they would
    trigger rescan everything the caller already holds (a fifth of the parse time of a large project)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        src = text.encode("utf-8", "surrogatepass")
        root = _parser().parse(src).root_node
        error = _first_error(root, src) if root.has_error else None
        body_node = next((c for c in root.children if c.type == "body"), None)
        if body_node is None:
            return _empty(), error
        return _Builder(src, text).body(body_node, skip_errors=True), error
    finally:
        if collecting:
            gc.enable()


def _empty() -> dict[str, Any]:
    return {"attrs": {}, "blocks": []}


def _first_error(node: tree_sitter.Node, src: bytes) -> tuple[int, str]:
    while True:
        if node.is_missing:
            return node.start_point[0] + 1, f"syntax error: missing '{node.type}'"
        if node.type == "ERROR":
            snippet = src[node.start_byte : node.end_byte].decode("utf-8", "replace").strip()
            snippet = snippet.splitlines()[0][:40] if snippet else ""
            return node.start_point[0] + 1, f"syntax error near '{snippet}'" if snippet else "syntax error"
        bad = next((c for c in node.children if c.has_error), None)
        if bad is None:
            return node.start_point[0] + 1, "syntax error"
        node = bad


class _Builder:
    """Turns tree-sitter nodes of one file into the plain document described above."""

    def __init__(self, src: bytes, text: str | None = None) -> None:
        self.src = src
        # Byte offsets index the text directly when it is ASCII: no slice-and-decode per node.
        self.ascii = text if text is not None and len(text) == len(src) else None

    def text(self, node: tree_sitter.Node) -> str:
        if self.ascii is not None:
            return self.ascii[node.start_byte : node.end_byte]
        return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def body(self, node: tree_sitter.Node | None, skip_errors: bool = False) -> dict[str, Any]:
        attrs: dict[str, Any] = {}
        blocks: list[dict[str, Any]] = []
        if node is None:
            return {"attrs": attrs, "blocks": blocks}
        for child in node.children:
            if skip_errors and child.has_error:
                continue
            kind = child.type
            if kind == "attribute":
                kids = child.children
                expr = kids[-1]
                if expr.type == "expression":
                    attrs[self.text(kids[0])] = [self.expr(expr), child.start_point[0] + 1]
            elif kind == "block":
                blocks.append(self.block(child))
        return {"attrs": attrs, "blocks": blocks}

    def block(self, node: tree_sitter.Node) -> dict[str, Any]:
        labels: list[str] = []
        inner = None
        kids = node.children
        for child in kids[1:]:
            if child.type == "string_lit":
                labels.append(self.string(child))
            elif child.type == "identifier":
                labels.append(self.text(child))
            elif child.type == "body":
                inner = child
        out = self.body(inner)
        out.update(type=self.text(kids[0]), labels=labels,
                   line=node.start_point[0] + 1, end_line=node.end_point[0] + 1)
        return out

    # expressions -----------------------------------------------------------------------------

    def expr(self, node: tree_sitter.Node) -> Expr:
        """An ``expression`` node (or any term node)."""
        if node.type != "expression":
            return self.term(node)
        kids = node.children
        if len(kids) == 1:
            return self.term(kids[0])
        return self.sequence(node, kids)

    def sequence(self, node: tree_sitter.Node, kids: list[tree_sitter.Node]) -> Expr:
        """A term followed by postfix steps: ``(x).y``, ``a.b[0]``, ``f(x)[*].id``."""
        if kids[0].type == "(":
            head: Any = self.expr(kids[1])
            rest = kids[3:]
        else:
            first = kids[0]
            head = self.text(first) if first.type == "variable_expr" else self.term(first)
            rest = kids[1:]
        steps: list[list[Any]] = []
        for step in rest:
            self.step(step, steps)
        if not steps and not isinstance(head, str):
            return head
        return ["trav", self.text(node) if node.type == "expression" else self.seq_text(kids),
                head, steps]

    def seq_text(self, kids: list[tree_sitter.Node]) -> str:
        start, end = kids[0].start_byte, kids[-1].end_byte
        if self.ascii is not None:
            return self.ascii[start:end]
        return self.src[start:end].decode("utf-8", "replace")

    def step(self, node: tree_sitter.Node, steps: list[list[Any]]) -> None:
        kind = node.type
        if kind == "get_attr":
            steps.append(["attr", self.text(node.children[-1])])
        elif kind == "index":
            idx = node.children[0]
            if idx.type == "legacy_index":
                steps.append(["index", ["lit", int(self.text(idx)[1:])]])
            else:
                steps.append(["index", self.expr(idx.named_children[0])])
        elif kind == "splat":
            steps.append(["splat"])
            for sub in node.children[0].children:
                if sub.is_named:
                    self.step(sub, steps)

    def term(self, node: tree_sitter.Node) -> Expr:
        kind = node.type
        if kind == "literal_value":
            return self.literal(node.children[0])
        if kind == "variable_expr":
            name = self.text(node)
            return ["trav", name, name, []]
        handler = _TERMS.get(kind)
        if handler is not None:
            return handler(self, node)
        return ["trav", self.text(node), "?", []]  # unknown node kind: stays unresolved

    def conditional(self, node: tree_sitter.Node) -> Expr:
        parts = node.named_children
        return ["cond", self.text(node), self.expr(parts[0]), self.expr(parts[1]), self.expr(parts[2])]

    def literal(self, node: tree_sitter.Node) -> Expr:
        kind = node.type
        if kind == "string_lit":
            return ["lit", self.string(node)]
        if kind == "numeric_lit":
            text = self.text(node)
            try:
                return ["lit", int(text)]
            except ValueError:
                return ["lit", float(text)]
        if kind == "bool_lit":
            return ["lit", self.text(node) == "true"]
        return ["lit", None]

    def string(self, node: tree_sitter.Node) -> str:
        """A ``string_lit`` (quotes, escapes) or an identifier label."""
        if node.type != "string_lit":
            return self.text(node)
        start, end = node.start_byte + 1, node.end_byte - 1
        inner = self.ascii[start:end] if self.ascii is not None else self.src[start:end].decode("utf-8", "replace")
        return unescape(inner)

    def collection(self, node: tree_sitter.Node) -> Expr:
        if node.type == "tuple":
            return ["tuple", [self.expr(c) for c in node.children if c.type == "expression"]]
        elems = []
        for elem in node.children:
            if elem.type != "object_elem":
                continue
            key_node = elem.child_by_field_name("key")
            val_node = elem.child_by_field_name("val")
            if key_node is None or val_node is None:
                continue
            kids = key_node.children
            key = (["lit", self.text(kids[0])] if len(kids) == 1 and kids[0].type == "variable_expr"
                   else self.expr(key_node))
            elems.append([key, self.expr(val_node), elem.start_point[0] + 1])
        return ["object", elems]

    def call(self, node: tree_sitter.Node) -> Expr:
        args: list[Expr] = []
        expand = False
        for child in node.children:
            if child.type == "function_arguments":
                for arg in child.children:
                    if arg.type == "expression":
                        args.append(self.expr(arg))
                    elif arg.type == "ellipsis":
                        expand = True
        return ["call", self.text(node), self.text(node.children[0]), args, expand]

    def operation(self, node: tree_sitter.Node) -> Expr:
        kids = node.children
        if node.type == "unary_operation":
            return ["op", self.text(node), kids[0].type, [self.operand(kids[1:])]]
        split = next(i for i, c in enumerate(kids) if not c.is_named and c.type not in "()")
        return ["op", self.text(node), kids[split].type,
                [self.operand(kids[:split]), self.operand(kids[split + 1 :])]]

    def operand(self, kids: list[tree_sitter.Node]) -> Expr:
        if len(kids) == 1:
            return self.term(kids[0])
        return self.sequence(kids[0], kids)

    def for_expr(self, node: tree_sitter.Node) -> Expr:
        intro = next(c for c in node.children if c.type == "for_intro")
        names = [self.text(c) for c in intro.children if c.type == "identifier"]
        key_var, val_var = (names[0], names[1]) if len(names) == 2 else (None, names[0])
        coll = self.expr(next(c for c in intro.children if c.type == "expression"))
        bodies = [self.expr(c) for c in node.children if c.type == "expression"]
        cond_node = next((c for c in node.children if c.type == "for_cond"), None)
        cond = self.expr(cond_node.named_children[0]) if cond_node is not None else None
        group = any(c.type == "ellipsis" for c in node.children)
        key_expr = bodies[0] if node.type == "for_object_expr" else None
        return ["forexpr", self.text(node), key_var, val_var, coll, key_expr, bodies[-1], cond, group]

    # templates -------------------------------------------------------------------------------

    def template(self, node: tree_sitter.Node) -> Expr:
        kids = node.children
        if node.type == "heredoc_template":
            flush = kids[0].type == "heredoc_start" and self.text(kids[0]) == "<<-"
            ident = [c for c in kids if c.type == "heredoc_identifier"]
            start = self.src.find(b"\n", ident[0].end_byte) + 1
            end = self.src.rfind(b"\n", 0, ident[-1].start_byte) + 1 if len(ident) > 1 else node.end_byte
            parts = self.parts(kids, max(start, ident[0].end_byte), max(end, start), raw=True)
            if flush:
                parts = _dedent(parts)
        else:
            parts = self.parts(kids, kids[0].end_byte, kids[-1].start_byte, raw=False)
        if all(isinstance(p, str) for p in parts):
            return ["lit", "".join(parts)]
        return ["tpl", self.text(node), parts]

    def parts(self, kids: list[tree_sitter.Node], start: int, end: int, raw: bool,
              strip: tuple[bool, bool] = (False, False)) -> list[Any]:
        """Template parts between byte offsets: literal text in the gaps between holes. ``strip``:
        trim the whitespace at the start / end of the range (``~`` markers of the enclosing directive)."""
        out: list[Any] = []
        pos = start
        trim_next = strip[0]
        holes = [c for c in kids if c.type in _TEMPLATE_HOLES and start <= c.start_byte < end]
        for hole in holes:
            text = self.src[hole.start_byte : hole.end_byte]
            self.literal_text(pos, hole.start_byte, raw, out, trim_next, text[2:3] == b"~")
            if hole.type == "template_interpolation":
                inner = next((c for c in hole.children if c.type == "expression"), None)
                out.append(self.expr(inner) if inner is not None else ["lit", ""])
            else:
                out.append(self.directive(hole.children[0], raw))
            trim_next = text.endswith(b"~}")
            pos = hole.end_byte
        self.literal_text(pos, end, raw, out, trim_next, strip[1])
        return out

    def literal_text(self, start: int, end: int, raw: bool, out: list[Any], lstrip: bool = False,
                     rstrip: bool = False) -> None:
        if end <= start:
            return
        text = self.src[start:end].decode("utf-8", "replace")
        text = text.replace("$${", "${").replace("%%{", "%{") if raw else unescape(text)
        if lstrip:
            text = text.lstrip()
        if rstrip:
            text = text.rstrip()
        if not text:
            return
        if out and isinstance(out[-1], str):
            out[-1] += text
        else:
            out.append(text)

    def directive(self, node: tree_sitter.Node, raw: bool) -> list[Any]:
        kids = node.children
        if node.type == "template_if":
            cond = self.expr(next(c for c in kids[0].children if c.type == "expression"))
            else_node = next((c for c in kids if c.type == "template_else_intro"), None)
            then_end = else_node if else_node is not None else kids[-1]
            then = self.parts(kids, kids[0].end_byte, then_end.start_byte, raw, self.inner_strip(kids[0], then_end))
            other = self.parts(kids, else_node.end_byte, kids[-1].start_byte, raw,
                               self.inner_strip(else_node, kids[-1])) if else_node else []
            return ["if", cond, then, other]
        head = kids[0]
        names = [self.text(c) for c in head.children if c.type == "identifier"]
        key_var, val_var = (names[0], names[1]) if len(names) == 2 else (None, names[-1])
        coll = self.expr(next(c for c in head.children if c.type == "expression"))
        body = self.parts(kids, head.end_byte, kids[-1].start_byte, raw, self.inner_strip(head, kids[-1]))
        return ["for", key_var, val_var, coll, body]

    def inner_strip(self, opening: tree_sitter.Node, closing: tree_sitter.Node) -> tuple[bool, bool]:
        """Strip markers facing the text between two directive tags: ``~}`` then ``%{~``."""
        return (self.src[opening.end_byte - 2 : opening.end_byte] == b"~}",
                self.src[closing.start_byte : closing.start_byte + 3] == b"%{~")


_TERMS: dict[str, Any] = {
    "expression": _Builder.expr,
    "collection_value": lambda b, n: b.collection(n.children[0]),
    "template_expr": lambda b, n: b.template(n.children[0]),
    "function_call": _Builder.call,
    "conditional": _Builder.conditional,
    "operation": lambda b, n: b.operation(n.children[0]),
    "for_expr": lambda b, n: b.for_expr(n.children[0]),
}


def unescape(text: str) -> str:
    """HCL quoted-string escapes: ``\\n \\t \\" \\\\ \\uNNNN``, ``$${`` and ``%%{``."""
    if "\\" not in text and "$${" not in text and "%%{" not in text:
        return text

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "$${":
            return "${"
        if m.group(0) == "%%{":
            return "%{"
        code = m.group(1) or m.group(2)
        if code:
            return chr(min(int(code, 16), 0x10FFFF))
        return _ESCAPES.get(m.group(3), m.group(0))

    return _ESCAPE.sub(sub, text)


def _dedent(parts: list[Any]) -> list[Any]:
    """``<<-`` heredocs: remove the smallest indentation of the non-blank lines."""
    literal = "".join(p if isinstance(p, str) else "\x00" for p in parts)
    lines = [ln for ln in literal.split("\n") if ln.strip()]
    indent = min((len(ln) - len(ln.lstrip(" \t")) for ln in lines), default=0)
    if not indent:
        return parts
    out: list[Any] = []
    at_line_start = True
    for part in parts:
        if isinstance(part, str):
            pieces = part.split("\n")
            if at_line_start:
                pieces[0] = _strip_indent(pieces[0], indent)
            pieces[1:] = [_strip_indent(p, indent) for p in pieces[1:]]
            out.append("\n".join(pieces))
            at_line_start = part.endswith("\n")
        else:
            out.append(part)
            at_line_start = False
    return out


def _strip_indent(line: str, indent: int) -> str:
    n = 0
    while n < indent and n < len(line) and line[n] in " \t":
        n += 1
    return line[n:]


# Terraform JSON syntax ---------------------------------------------------------------------------

# Block types whose JSON form nests labels as object keys, with their label count.
_JSON_LABELS = {"resource": 2, "data": 2, "module": 1, "variable": 1, "output": 1, "provider": 1,
                "locals": 0, "terraform": 0}
# Block types whose JSON properties are all arguments (module inputs, locals), with their blocks.
_JSON_ARGUMENTS_ONLY = {"module": set(), "locals": set(), "output": set(), "variable": {"validation"}}
# Attributes whose values are maps, not nested blocks, when no provider table knows the type.
_JSON_MAP_ATTRS = {"tags", "labels", "annotations", "body", "default", "value", "providers",
                   "app_settings", "parameters", "metadata", "headers", "inputs", "variables",
                   "required_providers", "settings", "protected_settings", "triggers"}


def _parse_json(text: str) -> tuple[dict[str, Any] | None, tuple[int, str] | None]:
    try:
        data = json.loads(text)
    except ValueError as exc:
        return None, (getattr(exc, "lineno", 1), f"invalid JSON: {getattr(exc, 'msg', exc)}")
    if not isinstance(data, dict):
        return None, (1, "Terraform JSON must be an object")
    finder = _JsonLines(text)
    if _is_tfvars_json(data):
        return {"attrs": {k: [_json_expr(v), finder.line(k)] for k, v in data.items()}, "blocks": []}, None
    out = _empty()
    for btype, content in data.items():
        depth = _JSON_LABELS.get(btype, 0)
        for labels, body in _json_label_walk(content, depth, []):
            line = finder.line(labels[-1] if labels else btype)
            if btype in _JSON_ARGUMENTS_ONLY:
                schema: Any = _ArgumentsOnly(_JSON_ARGUMENTS_ONLY[btype])
            else:
                schema = _provider_spec(labels[0]) if btype in ("resource", "data") and labels else None
            block = _json_body(body, finder, schema)
            block.update(type=btype, labels=labels, line=line, end_line=line)
            out["blocks"].append(block)
    return out, None


class _ArgumentsOnly:
    """Schema of a block whose properties are arguments, except the named nested blocks."""

    def __init__(self, blocks: set[str]) -> None:
        self.blocks = blocks


def _provider_spec(tf_type: str) -> dict[str, Any] | None:
    """The azurerm mapping table of a resource type: it knows which arguments are nested blocks."""
    from ..normalize.azurerm import azurerm_tables

    spec = azurerm_tables().get(tf_type)
    return spec if isinstance(spec, dict) else None


def _is_tfvars_json(data: dict[str, Any]) -> bool:
    return not any(k in _JSON_LABELS for k in data)


def _json_label_walk(value: Any, depth: int, labels: list[str]) -> list[tuple[list[str], Any]]:
    items = value if isinstance(value, list) else [value]
    if depth == 0:
        return [(labels, v) for v in items if isinstance(v, dict)]
    out = []
    for item in items:
        if isinstance(item, dict):
            for key, sub in item.items():
                out.extend(_json_label_walk(sub, depth - 1, labels + [key]))
    return out


def _json_kind(schema: Any, key: str) -> tuple[bool | None, Any]:
    """(is a nested block: True / False / None when unknown, the nested block's schema)."""
    if isinstance(schema, _DynamicSchema):
        return (True, schema.content) if key == "content" else (False, None)
    if isinstance(schema, _ArgumentsOnly):
        return key in schema.blocks, None
    rules = schema.get("attributes") if isinstance(schema, dict) else None
    if not isinstance(rules, dict) or key not in rules:
        return None, None
    rule = rules[key]
    if isinstance(rule, dict) and "block" in rule:
        return True, rule["block"] if isinstance(rule["block"], dict) else None
    return False, None


def _json_body(body: dict[str, Any], finder: "_JsonLines", schema: Any = None) -> dict[str, Any]:
    out = _empty()
    for key, value in body.items():
        line = finder.line(key)
        is_block, inner = _json_kind(schema, key)
        if is_block is None:
            is_block = key not in _JSON_MAP_ATTRS
        if key == "dynamic" and isinstance(value, dict) and not isinstance(schema, _ArgumentsOnly):
            for label, dyn in value.items():
                for item in dyn if isinstance(dyn, list) else [dyn]:
                    if isinstance(item, dict):
                        _, dyn_schema = _json_kind(schema, label)
                        block = _json_body(item, finder, _DynamicSchema(dyn_schema))
                        block.update(type="dynamic", labels=[label], line=line, end_line=line)
                        out["blocks"].append(block)
        elif is_block and _is_block_value(value):
            for item in value if isinstance(value, list) else [value]:
                block = _json_body(item, finder, inner)
                block.update(type=key, labels=[], line=line, end_line=line)
                out["blocks"].append(block)
        else:
            out["attrs"][key] = [_json_expr(value), line]
    return out


class _DynamicSchema(_ArgumentsOnly):
    """A ``dynamic`` block: ``content`` is the nested block (with the block's schema)."""

    def __init__(self, content: Any) -> None:
        super().__init__({"content"})
        self.content = content


def _is_block_value(value: Any) -> bool:
    if isinstance(value, dict):
        return True
    return isinstance(value, list) and bool(value) and all(isinstance(v, dict) for v in value)


def _json_expr(value: Any) -> Expr:
    if isinstance(value, str):
        if "${" not in value and "%{" not in value:
            return ["lit", value]
        body, error = parse_hcl(f"x = <<AIPOLICY_JSON\n{value}\nAIPOLICY_JSON\n")
        attr = body["attrs"].get("x")
        if error or attr is None:
            return ["lit", value]
        expr = attr[0]
        if expr[0] == "tpl":  # drop the newline the heredoc adds
            parts = list(expr[2])
            if parts and isinstance(parts[-1], str):
                parts[-1] = parts[-1][:-1]
            return ["tpl", value, [p for p in parts if p != ""]]
        return ["lit", value]
    if isinstance(value, list):
        return ["tuple", [_json_expr(v) for v in value]]
    if isinstance(value, dict):
        return ["object", [[["lit", k], _json_expr(v), 0] for k, v in value.items()]]
    return ["lit", value]


class _JsonLines:
    """Line of the first ``"key":`` at or after the previous hit (JSON keeps document order)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0
        self.line_no = 1

    def line(self, key: str) -> int:
        hit = self.text.find(json.dumps(key), self.pos)
        if hit < 0:
            return self.line_no
        self.line_no += self.text.count("\n", self.pos, hit)
        self.pos = hit
        return self.line_no
