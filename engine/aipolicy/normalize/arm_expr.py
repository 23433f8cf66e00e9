"""ARM template language: parse ``[...]`` expressions and evaluate them where the value is static.

A value known only at deployment time (``uniqueString``, ``reference``, a parameter without a
value, ...) evaluates to ``Unknown``. ``Unknown.expr`` renders it in template syntax with every
known part substituted; ``Unknown.key`` is its string form for names and links, known text kept
and unknown parts bracketed (``[uniqueString(resourceGroup().id)]sa``), so that the name of a
resource and a ``resourceId()`` naming it give the same key.
"""
from __future__ import annotations

import json
import re
from functools import cmp_to_key, lru_cache
from typing import Any, Callable

MAX_COPIES = 800  # ARM's own limit on copy count
MAX_CALL_DEPTH = 32  # user-defined function nesting


class Unknown:
    """A value that stays an expression."""

    __slots__ = ("expr", "key")

    def __init__(self, expr: str, key: str | None = None) -> None:
        self.expr = expr
        self.key = f"[{expr}]" if key is None else key

    def __repr__(self) -> str:
        return f"Unknown({self.expr!r})"


class Lambda:
    """``lambda('x', ..., body)``: parameter names and the unevaluated body."""

    __slots__ = ("params", "body")

    def __init__(self, params: list[str], body: tuple) -> None:
        self.params = params
        self.body = body


class ExprSyntaxError(ValueError):
    pass


# ───────────── parsing ─────────────

_TOKEN = re.compile(r"\s*(?:('(?:[^']|'')*')|(-?\d+(?:\.\d+)?)|([A-Za-z_$][\w$]*)|([().,\[\]])|(\S))")


def is_expression(text: str) -> bool:
    return len(text) >= 2 and text[0] == "[" and text[-1] == "]" and text[1] != "["


def literal_text(text: str) -> str:
    """A JSON string as ARM reads it: a leading ``[[`` escapes one bracket."""
    return text[1:] if text.startswith("[[") else text


def _tokenize(text: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    append = tokens.append
    for string, number, name, punct, bad in _TOKEN.findall(text):
        if bad:
            raise ExprSyntaxError(f"unexpected {bad!r}")
        if string:
            append(("lit", string[1:-1].replace("''", "'")))
        elif number:
            append(("lit", float(number) if "." in number else int(number)))
        elif name:
            append(("name", name))
        elif punct:
            append((punct, punct))
    return tokens


class _Parser:
    """Recursive descent over the tokens; nodes are tuples ("lit", v), ("call", name, args),
    ("prop", base, name), ("index", base, node)."""

    _WORDS = {"true": True, "false": False, "null": None}

    def __init__(self, tokens: list[tuple[str, Any]]) -> None:
        self.tokens = tokens
        self.kinds = [kind for kind, _ in tokens] + [""]  # "" ends the stream
        self.pos = 0

    def _peek(self) -> str:
        return self.kinds[self.pos]

    def _take(self, kind: str) -> Any:
        if self.kinds[self.pos] != kind:
            raise ExprSyntaxError(f"expected {kind!r}")
        self.pos += 1
        return self.tokens[self.pos - 1][1]

    def parse(self) -> tuple:
        node = self._expr()
        if self.pos != len(self.tokens):
            raise ExprSyntaxError("unexpected trailing tokens")
        return node

    def _expr(self) -> tuple:
        node = self._primary()
        while self._peek() in (".", "["):
            if self._take(self._peek()) == ".":
                node = ("prop", node, self._take("name"))
            else:
                node = ("index", node, self._expr())
                self._take("]")
        return node

    def _primary(self) -> tuple:
        if self._peek() == "lit":
            return ("lit", self._take("lit"))
        name = self._take("name")
        if self._peek() == "." and self.pos + 2 < len(self.tokens) and self.tokens[self.pos + 2][0] == "(":
            self.pos += 1
            name = f"{name}.{self._take('name')}"  # a user-defined function: namespace.name
        if self._peek() != "(":
            if name.lower() in self._WORDS:
                return ("lit", self._WORDS[name.lower()])
            raise ExprSyntaxError(f"unknown name {name!r}")
        self._take("(")
        args: list[tuple] = []
        while self._peek() != ")":
            args.append(self._expr())
            if self._peek() != ")":
                self._take(",")
        self._take(")")
        return ("call", name, tuple(args))


@lru_cache(maxsize=8192)
def parse_expression(text: str) -> tuple:
    """The syntax tree of an expression (without its brackets); raises ExprSyntaxError."""
    return _Parser(_tokenize(text)).parse()


# ───────────── rendering and keys ─────────────


def render(value: Any) -> str:
    """A value in template-expression syntax (for Unknown.expr)."""
    if isinstance(value, Unknown):
        return value.expr
    if isinstance(value, Lambda):
        return f"lambda({', '.join(render(p) for p in value.params)}, ...)"
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, default=lambda v: v.key if isinstance(v, Unknown) else str(v))


def key_text(value: Any) -> str:
    """A value's part of a string key: the text when known, the bracketed expression otherwise."""
    if isinstance(value, Unknown):
        return value.key
    if isinstance(value, str):
        return value
    return to_string(value)


def _call_unknown(name: str, args: list[Any]) -> Unknown:
    return Unknown(f"{name}({', '.join(render(a) for a in args)})")


def split_name(text: str) -> list[str]:
    """Split a name or key on '/' outside bracketed (unknown) parts."""
    parts, depth, current = [], 0, []
    for char in text:
        if char == "/" and depth == 0:
            parts.append("".join(current))
            current = []
            continue
        depth += (char == "[") - (char == "]")
        current.append(char)
    parts.append("".join(current))
    return parts


def _is_type(text: Any) -> bool:
    return isinstance(text, str) and "/" in text and "." in text.split("/", 1)[0]


def azure_key(text: str) -> str | None:
    """``"<arm type>/<name>"`` from a resource ID or an interleaved ``Ns/type/name/type/name``
    reference (the ``dependsOn`` and ``scope`` forms); None when it names no resource type."""
    if "/providers/" in text.lower():
        text = text[text.lower().rindex("/providers/") + len("/providers/"):]
    segments = [s for s in split_name(text) if s]
    if len(segments) < 3 or "." not in segments[0]:
        return None
    types, names = [segments[0]], []
    for index, segment in enumerate(segments[1:]):
        (types if index % 2 == 0 else names).append(segment)
    if len(names) != len(types) - 1:
        return None
    return "/".join(types + names)


# ───────────── pure functions (arguments all known) ─────────────


def to_string(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return "" if value is None else str(value)


def _truth(value: Any) -> bool:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return bool(value)


def _union(*values: Any) -> Any:
    if all(isinstance(v, dict) for v in values):
        merged: dict = {}
        for v in values:
            merged.update(v)
        return merged
    out: list = []
    for v in values:
        out.extend(item for item in v if item not in out)
    return out


def _intersection(first: Any, *others: Any) -> Any:
    if isinstance(first, dict):
        return {k: v for k, v in first.items() if all(o.get(k) == v for o in others)}
    return [item for item in first if all(item in o for o in others)]


def _contains(container: Any, item: Any) -> bool:
    if isinstance(container, dict):
        return str(item).lower() in (k.lower() for k in container)
    return item in container


def _substring(text: str, start: int = 0, length: int | None = None) -> str:
    if start < 0 or start > len(text) or (length is not None and (length < 0 or start + length > len(text))):
        raise ValueError("substring out of range")
    return text[start:] if length is None else text[start:start + length]


def _index_of(text: str, item: str) -> int:
    return text.lower().find(item.lower())


def _last_index_of(text: str, item: str) -> int:
    return text.lower().rfind(item.lower())


def _div(a: int, b: int) -> int:
    return int(a / b)


def _mod(a: int, b: int) -> int:
    return a - b * int(a / b)


def _range(start: int, count: int) -> list[int]:
    if not 0 <= count <= 10000:
        raise ValueError("range count out of limits")
    return list(range(start, start + count))


def _first(value: Any) -> Any:
    return value[0] if len(value) else None


def _last(value: Any) -> Any:
    return value[-1] if len(value) else None


def _split(text: str, delimiters: Any) -> list[str]:
    seps = delimiters if isinstance(delimiters, list) else [delimiters]
    return re.split("|".join(re.escape(s) for s in seps), text) if seps else [text]


def _items(obj: dict) -> list[dict]:
    return [{"key": k, "value": obj[k]} for k in sorted(obj, key=str.lower)]


def _min_max(pick: Callable) -> Callable:
    return lambda *a: pick(a[0]) if len(a) == 1 and isinstance(a[0], list) else pick(a)


def _pad_left(text: Any, width: int, pad: str = " ") -> str:
    return to_string(text).rjust(width, pad[:1] or " ")


def _equals(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return a is b
    return a == b


PURE_FUNCTIONS: dict[str, Callable[..., Any]] = {
    "tolower": str.lower,
    "toupper": str.upper,
    "trim": str.strip,
    "equals": _equals,
    "not": lambda v: not _truth(v),
    "bool": _truth,
    "int": int,
    "float": float,
    "string": to_string,
    "json": json.loads,
    "empty": lambda v: v is None or len(v) == 0,
    "union": _union,
    "intersection": _intersection,
    "createobject": lambda *a: dict(zip(a[::2], a[1::2])),
    "createarray": lambda *a: list(a),
    "array": lambda v: v if isinstance(v, list) else [v],
    "contains": _contains,
    "length": len,
    "replace": lambda text, old, new: text.replace(old, new),
    "substring": _substring,
    "startswith": lambda text, item: text.lower().startswith(item.lower()),
    "endswith": lambda text, item: text.lower().endswith(item.lower()),
    "indexof": _index_of,
    "lastindexof": _last_index_of,
    "split": _split,
    "join": lambda items, sep: sep.join(to_string(i) for i in items),
    "first": _first,
    "last": _last,
    "take": lambda v, n: v[: max(n, 0)],
    "skip": lambda v, n: v[max(n, 0):],
    "greater": lambda a, b: a > b,
    "greaterorequals": lambda a, b: a >= b,
    "less": lambda a, b: a < b,
    "lessorequals": lambda a, b: a <= b,
    "add": lambda a, b: a + b,
    "sub": lambda a, b: a - b,
    "mul": lambda a, b: a * b,
    "div": _div,
    "mod": _mod,
    "min": _min_max(min),
    "max": _min_max(max),
    "range": _range,
    "items": _items,
    "objectkeys": lambda obj: list(obj),
    "padleft": _pad_left,
    "true": lambda: True,
    "false": lambda: False,
    "null": lambda: None,
}

# functions that name a resource: their result is the "<type>/<name>" key, recorded as a reference
RESOURCE_ID_FUNCTIONS = {"resourceid", "subscriptionresourceid", "tenantresourceid", "extensionresourceid"}
# functions of a deployed resource: unknown, but their argument names a resource
RESOURCE_FUNCTIONS = ("reference", "list")


# ───────────── evaluation ─────────────


class Scope:
    """What the expressions of one template see: parameters, variables, user functions, copy loops.

    ``refs`` collects (path, key or plain name) of the resources that evaluated expressions name;
    ``path`` is where ``value`` currently is (set it before evaluating a resource's value).
    """

    def __init__(
        self,
        parameters: dict[str, Any],
        supplied: dict[str, Any],
        variables: dict[str, Any],
        functions: list[Any] | None = None,
        call_depth: int = 0,
    ) -> None:
        self.param_defs = {k.lower(): v for k, v in parameters.items() if isinstance(v, dict)}
        self.supplied = {k.lower(): v for k, v in supplied.items()}
        self.var_defs = {k.lower(): v for k, v in variables.items() if k.lower() != "copy"}
        self.var_defs.update(_copy_entries(variables.get("copy")))
        self.functions = _function_table(functions or [])
        self.call_depth = call_depth
        self.loops: dict[str, Any] = {}  # loop name (lower, "" for the resource loop) -> index
        self.refs: list[tuple[tuple, str]] = []
        self.path: list[str | int] = []
        self._cache: dict[tuple[str, str], tuple[Any, list[str]]] = {}
        self.lambda_vars: dict[str, Any] = {}  # lambdaVariables() while a lambda body is evaluated

    # ── values ──

    def value(self, raw: Any) -> Any:
        """A JSON value with every expression in it evaluated (``copy`` property loops expanded)."""
        if isinstance(raw, str):
            return self.string(raw)
        if isinstance(raw, list):
            return [self._at(index, item) for index, item in enumerate(raw)]
        if isinstance(raw, dict):
            out: dict[str, Any] = {}
            for key, item in raw.items():
                if isinstance(item, str) and not is_expression(item):
                    out[key] = literal_text(item)  # the common case, without the path bookkeeping
                elif key.lower() == "copy" and _copy_entries(item):
                    for entry in _copy_entries(item).values():
                        out[entry["name"]] = self._at(entry["name"], entry, self._copies)
                else:
                    out[key] = self._at(key, item)
            return out
        return raw

    def _at(self, segment: str | int, raw: Any, evaluate: Callable[[Any], Any] | None = None) -> Any:
        self.path.append(segment)
        try:
            return (evaluate or self.value)(raw)
        finally:
            self.path.pop()

    def note(self, target: str) -> None:
        """Record a reference to ``target`` at the current path."""
        self.refs.append((tuple(self.path), target))

    def string(self, text: str) -> Any:
        if not is_expression(text):
            return literal_text(text)
        body = text[1:-1].strip()
        if not body:
            return text
        try:
            return self._eval(parse_expression(body))
        except (ExprSyntaxError, RecursionError):
            return Unknown(body)

    def _copies(self, entry: dict) -> Any:
        count = self.value(entry.get("count"))
        name = str(entry.get("name", "")).lower()
        if not isinstance(count, int) or isinstance(count, bool):
            return Unknown(f"copy({render(entry.get('name', ''))})")
        with self.loop(name, 0):
            return [self._copy_item(name, entry.get("input"), i) for i in range(min(max(count, 0), MAX_COPIES))]

    def _copy_item(self, name: str, raw: Any, index: int) -> Any:
        self.loops[name] = index
        return self._at(index, raw)

    def loop(self, name: str, index: Any) -> "_Binding":
        """Bind ``copyIndex(name)`` (name "" is the resource loop) while evaluating a copy."""
        return _Binding(self, name, index)

    # ── parameters and variables ──

    def supply(self, name: str, value: Any, targets: list[str]) -> None:
        """Pass a parameter value evaluated elsewhere, with the resources its expression named."""
        self._cache[("parameters", name.lower())] = (value, targets)

    def parameter(self, name: str) -> Any:
        return self._cached("parameters", name, self._parameter)

    def variable(self, name: str) -> Any:
        return self._cached("variables", name, self._variable)

    def _parameter(self, name: str) -> Any:
        if name.lower() in self.supplied:
            return self.supplied[name.lower()]
        definition = self.param_defs.get(name.lower(), {})
        for key, value in definition.items():
            if key.lower() == "defaultvalue":
                return self.value(value)
        return Unknown(f"parameters({render(name)})")

    def _variable(self, name: str) -> Any:
        if name.lower() not in self.var_defs:
            return Unknown(f"variables({render(name)})")
        saved, self.loops = self.loops, {}
        try:
            definition = self.var_defs[name.lower()]
            return self._copies(definition) if isinstance(definition, _CopyVariable) else self.value(definition)
        finally:
            self.loops = saved

    def _cached(self, kind: str, name: str, compute: Callable[[str], Any]) -> Any:
        key = (kind, name.lower())
        if key not in self._cache:
            self._cache[key] = (Unknown(f"{kind}({render(name)})"), [])  # a cycle stays unknown
            outer, self.refs = self.refs, []
            outer_path, self.path = self.path, []
            try:
                self._cache[key] = (compute(name), [target for _, target in self.refs])
            finally:
                self.refs, self.path = outer, outer_path
        value, targets = self._cache[key]
        for target in targets:
            self.note(target)
        return value

    # ── expressions ──

    def _eval(self, node: tuple) -> Any:
        kind = node[0]
        if kind == "lit":
            return node[1]
        if kind == "call":
            return self._call(node[1], node[2])
        base = self._eval(node[1])
        if kind == "prop":
            return _member(base, node[2], f"{render(base)}.{node[2]}")
        index = self._eval(node[2])
        return _member(base, index, f"{render(base)}[{render(index)}]")

    def _call(self, name: str, arg_nodes: tuple) -> Any:
        lower = name.lower()
        lazy = _LAZY.get(lower)
        if lazy is not None:
            return lazy(self, name, arg_nodes)
        args = [self._eval(a) for a in arg_nodes]
        special = _SPECIAL.get(lower)
        if special is not None:
            return special(self, name, args)
        if lower.startswith(RESOURCE_FUNCTIONS):
            return self._resource_function(name, args)
        if "." in lower:
            return self._user_function(name, args)
        function = PURE_FUNCTIONS.get(lower)
        if function is None or any(isinstance(a, Unknown) for a in args):
            return _call_unknown(name, args)
        try:
            return function(*args)
        except (TypeError, ValueError, IndexError, KeyError, AttributeError, ArithmeticError, RecursionError):
            return _call_unknown(name, args)

    def _resource_function(self, name: str, args: list[Any]) -> Unknown:
        target = args[0] if args else None
        text = target.key if isinstance(target, Unknown) else target
        if isinstance(text, str) and not any(t == text for _, t in self.refs):  # resourceId() noted it
            self.note((azure_key(text) or text) if "/" in text else text)
        return _call_unknown(name, args)

    def _user_function(self, name: str, args: list[Any]) -> Any:
        member = self.functions.get(name.lower())
        if member is None or self.call_depth >= MAX_CALL_DEPTH:
            return _call_unknown(name, args)
        names = [p.get("name", "") for p in member.get("parameters", []) if isinstance(p, dict)]
        inner = Scope({}, dict(zip(names, args)), {}, None, self.call_depth + 1)
        inner.functions = self.functions
        output = member.get("output")
        result = inner.value(output.get("value")) if isinstance(output, dict) else None
        for _, target in inner.refs:
            self.note(target)
        return result


_MISSING = object()


class _Binding:
    """The context of ``Scope.loop`` (a class: cheaper than a generator-based context manager)."""

    __slots__ = ("scope", "name", "index", "saved")

    def __init__(self, scope: Scope, name: str, index: Any) -> None:
        self.scope, self.name, self.index = scope, name, index

    def __enter__(self) -> None:
        self.saved = self.scope.loops.get(self.name, _MISSING)
        self.scope.loops[self.name] = self.index

    def __exit__(self, *exc: object) -> None:
        if self.saved is _MISSING:
            self.scope.loops.pop(self.name, None)
        else:
            self.scope.loops[self.name] = self.saved


def apply_lambda(scope: Scope, fn: Lambda, args: list[Any]) -> Any:
    """Evaluate ``fn``'s body with its parameters bound to ``args`` (extra parameters unbound)."""
    saved = scope.lambda_vars
    scope.lambda_vars = {**saved, **{p.lower(): a for p, a in zip(fn.params, args)}}
    try:
        return scope._eval(fn.body)
    finally:
        scope.lambda_vars = saved


class _CopyVariable(dict):
    """A ``variables.copy`` entry: a variable whose value is a loop."""


def _copy_entries(raw: Any) -> dict[str, _CopyVariable]:
    """``copy: [{name, count, input}]`` as {lower name: entry}; empty when ``raw`` is not that."""
    if not isinstance(raw, list) or not raw:
        return {}
    entries = {}
    for entry in raw:
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) or "input" not in entry:
            return {}
        entries[entry["name"].lower()] = _CopyVariable(entry)
    return entries


def _function_table(namespaces: list[Any]) -> dict[str, dict]:
    table = {}
    for namespace in namespaces:
        if not isinstance(namespace, dict) or not isinstance(namespace.get("members"), dict):
            continue
        prefix = str(namespace.get("namespace", "")).lower()
        for member, definition in namespace["members"].items():
            if isinstance(definition, dict):
                table[f"{prefix}.{member.lower()}"] = definition
    return table


def _member(base: Any, key: Any, text: str) -> Any:
    """``base.key`` / ``base[key]``: property names compare case-insensitively, as in ARM."""
    if isinstance(base, Unknown) or isinstance(key, Unknown):
        return Unknown(text)
    if isinstance(base, dict) and isinstance(key, str):
        if key in base:
            return base[key]
        for name, value in base.items():
            if name.lower() == key.lower():
                return value
    if isinstance(base, list) and isinstance(key, int) and not isinstance(key, bool) and -len(base) <= key < len(base):
        return base[key]
    return Unknown(text)


# ── functions that need the scope or evaluate their arguments lazily ──


def _if(scope: Scope, name: str, nodes: tuple) -> Any:
    if len(nodes) != 3:
        return _call_unknown(name, [scope._eval(n) for n in nodes])
    condition = scope._eval(nodes[0])
    if isinstance(condition, Unknown):
        return _call_unknown(name, [condition, scope._eval(nodes[1]), scope._eval(nodes[2])])
    return scope._eval(nodes[1] if _truth(condition) else nodes[2])


def _logic(stop: bool) -> Callable[[Scope, str, tuple], Any]:
    """and (stops on false) / or (stops on true); an unknown operand leaves the result unknown."""

    def evaluate(scope: Scope, name: str, nodes: tuple) -> Any:
        values = []
        for node in nodes:
            value = scope._eval(node)
            if not isinstance(value, Unknown) and _truth(value) is stop:
                return stop
            values.append(value)
        return _call_unknown(name, values) if any(isinstance(v, Unknown) for v in values) else not stop

    return evaluate


def _coalesce(scope: Scope, name: str, nodes: tuple) -> Any:
    values = []
    for node in nodes:
        value = scope._eval(node)
        values.append(value)
        if isinstance(value, Unknown):
            return _call_unknown(name, values + [scope._eval(n) for n in nodes[len(values):]])
        if value is not None:
            return value
    return None


def _concat(scope: Scope, name: str, args: list[Any]) -> Any:
    if args and all(isinstance(a, list) for a in args):
        return [item for a in args for item in a]
    if not any(isinstance(a, Unknown) for a in args):
        return "".join(to_string(a) for a in args)
    return Unknown(f"{name}({', '.join(render(a) for a in args)})", "".join(key_text(a) for a in args))


_FORMAT_ITEM = re.compile(r"\{\{|\}\}|\{(\d+)(?:[,:][^}]*)?\}")


def _format(scope: Scope, name: str, args: list[Any]) -> Any:
    if not args or not isinstance(args[0], str):
        return _call_unknown(name, args)
    values = args[1:]

    def item(match: re.Match[str], as_key: bool) -> str:
        if match.group(1) is None:
            return match.group()[0]
        index = int(match.group(1))
        value = values[index] if index < len(values) else ""
        return key_text(value) if as_key else to_string(value)

    if any(isinstance(v, Unknown) for v in values):
        return Unknown(f"{name}({', '.join(render(a) for a in args)})",
                       _FORMAT_ITEM.sub(lambda m: item(m, True), args[0]))
    return _FORMAT_ITEM.sub(lambda m: item(m, False), args[0])


def _parameters(scope: Scope, name: str, args: list[Any]) -> Any:
    return scope.parameter(args[0]) if len(args) == 1 and isinstance(args[0], str) else _call_unknown(name, args)


def _variables(scope: Scope, name: str, args: list[Any]) -> Any:
    return scope.variable(args[0]) if len(args) == 1 and isinstance(args[0], str) else _call_unknown(name, args)


def _copy_index(scope: Scope, name: str, args: list[Any]) -> Any:
    loop = args[0].lower() if args and isinstance(args[0], str) else ""
    offset = args[-1] if args and isinstance(args[-1], int) else 0
    index = scope.loops.get(loop)
    if index is None or isinstance(index, Unknown) or isinstance(offset, Unknown):
        return _call_unknown(name, args)
    return index + offset


def _resource_id(scope: Scope, name: str, args: list[Any]) -> Any:
    """``resourceId([sub], [group], type, name...)`` -> "<type>/<name>"; recorded as a reference."""
    rest = args[1:] if name.lower() == "extensionresourceid" else args
    position = next((i for i, a in enumerate(rest) if _is_type(a)), None)
    if position is None or len(rest) == position + 1:
        return _call_unknown(name, args)
    kind, names = rest[position], rest[position + 1:]
    key = "/".join([kind] + [key_text(n) for n in names])
    scope.note(key)
    if any(isinstance(n, Unknown) for n in names):
        return Unknown(f"{name}({', '.join(render(a) for a in args)})", key)
    return key


def _lambda(scope: Scope, name: str, nodes: tuple) -> Any:
    params = [scope._eval(n) for n in nodes[:-1]]
    if not nodes or not all(isinstance(p, str) for p in params):
        return Unknown(f"{name}(...)")
    return Lambda(params, nodes[-1])


def _lambda_variables(scope: Scope, name: str, args: list[Any]) -> Any:
    if len(args) == 1 and isinstance(args[0], str) and args[0].lower() in scope.lambda_vars:
        return scope.lambda_vars[args[0].lower()]
    return _call_unknown(name, args)


def _known(value: Any) -> bool:
    """True when no part of ``value`` is Unknown."""
    if isinstance(value, Unknown):
        return False
    if isinstance(value, dict):
        return all(_known(v) for v in value.values())
    if isinstance(value, list):
        return all(_known(v) for v in value)
    return True


def _higher_order(apply: Callable[[Scope, list[Any], list[Any]], Any]) -> Callable[[Scope, str, list[Any]], Any]:
    """filter/map/reduce/sort/toObject/mapValues on a known collection with lambda arguments;
    unknown when the collection, a predicate, a sort key or an object key is not known."""

    def evaluate(scope: Scope, name: str, args: list[Any]) -> Any:
        functions = [a for a in args if isinstance(a, Lambda)]
        if not args or not functions or isinstance(args[0], Unknown):
            return _call_unknown(name, args)
        try:
            return apply(scope, args, functions)
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, RecursionError):
            return _call_unknown(name, args)

    return evaluate


def _require(value: Any) -> Any:
    if not _known(value):
        raise ValueError("unknown")
    return value


def _hof_filter(scope: Scope, args: list[Any], fns: list[Lambda]) -> list[Any]:
    return [x for i, x in enumerate(args[0]) if _truth(_require(apply_lambda(scope, fns[0], [x, i])))]


def _hof_map(scope: Scope, args: list[Any], fns: list[Lambda]) -> list[Any]:
    return [apply_lambda(scope, fns[0], [x, i]) for i, x in enumerate(args[0])]


def _hof_reduce(scope: Scope, args: list[Any], fns: list[Lambda]) -> Any:
    acc = args[1]
    for i, x in enumerate(args[0]):
        acc = apply_lambda(scope, fns[0], [acc, x, i])
    return acc


def _hof_sort(scope: Scope, args: list[Any], fns: list[Lambda]) -> list[Any]:
    def compare(a: Any, b: Any) -> int:
        before = _require(apply_lambda(scope, fns[0], [a, b]))
        return -1 if _truth(before) else 1

    return sorted(args[0], key=cmp_to_key(compare))


def _hof_to_object(scope: Scope, args: list[Any], fns: list[Lambda]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for x in args[0]:
        key = _require(apply_lambda(scope, fns[0], [x]))
        if not isinstance(key, str):
            raise TypeError("toObject key")
        out[key] = apply_lambda(scope, fns[1], [x]) if len(fns) > 1 else x
    return out


def _hof_map_values(scope: Scope, args: list[Any], fns: list[Lambda]) -> dict[str, Any]:
    return {k: apply_lambda(scope, fns[0], [v]) for k, v in args[0].items()}


_LAZY: dict[str, Callable[[Scope, str, tuple], Any]] = {
    "lambda": _lambda,
    "if": _if,
    "and": _logic(False),
    "or": _logic(True),
    "coalesce": _coalesce,
}
_SPECIAL: dict[str, Callable[[Scope, str, list[Any]], Any]] = {
    "concat": _concat,
    "format": _format,
    "parameters": _parameters,
    "variables": _variables,
    "copyindex": _copy_index,
    "lambdavariables": _lambda_variables,
    "filter": _higher_order(_hof_filter),
    "map": _higher_order(_hof_map),
    "reduce": _higher_order(_hof_reduce),
    "sort": _higher_order(_hof_sort),
    "toobject": _higher_order(_hof_to_object),
    "mapvalues": _higher_order(_hof_map_values),
    **{n: _resource_id for n in RESOURCE_ID_FUNCTIONS},
}
