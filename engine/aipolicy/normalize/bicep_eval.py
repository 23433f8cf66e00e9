"""Static evaluation of the Bicep expression AST of ``parsers/bicep.py``.

Values are plain Python data; what cannot be known before deployment is an ``Unknown`` carrying
the source text. Names (parameters, variables, resources, modules, imports) are looked up
through a ``Scope`` supplied by the normalizer, which also decides what a resource or module
symbol means; this module only knows the language and its functions.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable, Protocol


class Unknown:
    """A value that stays an expression (parameter without value, runtime function, ...)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return f"Unknown({self.text!r})"


class Scope(Protocol):
    """Name resolution for one evaluated file."""

    def lookup(self, name: str) -> Any: ...

    def member(self, obj: Any, prop: str, text: str) -> Any: ...

    def index(self, obj: Any, index: Any, text: str) -> Any: ...

    def call_user(self, name: str, ns: str | None, args: list[Any], text: str) -> Any: ...

    def ref(self, target: str | None, kind: str = "reference") -> None: ...

    def load_content(self, function: str, args: list[Any], text: str) -> Any: ...


class _Missing(Exception):
    """A static lookup that fails (missing key, out-of-range index, wrong type)."""


@dataclass
class Lambda:
    params: list[str]
    body: Any
    env: dict[str, Any]
    evaluator: "Evaluator"

    def __call__(self, *args: Any) -> Any:
        return self.evaluator.eval(self.body, {**self.env, **dict(zip(self.params, args))})


def contains_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(contains_unknown(v) for v in value.values())
    if isinstance(value, list):
        return any(contains_unknown(v) for v in value)
    return False


_CONTAINER_TEXT = {"object": "{...}", "array": "[...]"}


def text_of(node: Any) -> str:
    """Source text of an AST node (containers are abbreviated)."""
    if isinstance(node, dict):
        if "text" in node:
            return str(node["text"])
        kind = node.get("$bicep", "")
        return _CONTAINER_TEXT[kind] if kind in _CONTAINER_TEXT else _render(node)
    return json.dumps(node) if not isinstance(node, str) else f"'{node}'"


class Evaluator:
    """Evaluates expressions against a scope; ``env`` holds loop variables and lambda parameters."""

    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def eval(self, node: Any, env: dict[str, Any]) -> Any:
        if not isinstance(node, dict):
            return node
        handler = _HANDLERS.get(node.get("$bicep"))
        if handler is None:
            return Unknown(node.get("text", "?"))
        return handler(self, node, env)

    def _text(self, node: dict[str, Any]) -> str:
        return str(node.get("text") or _render(node))

    # structure ---------------------------------------------------------------
    def _e_object(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        out: dict[str, Any] = {}
        for prop in node["props"]:
            if "spread" in prop:
                value = self.eval(prop["spread"], env)
                if not isinstance(value, dict):
                    return Unknown(text_of(node))
                out.update(value)
                continue
            key = self.eval(prop["key"], env)
            if not isinstance(key, str):
                return Unknown(text_of(node))
            out[key] = self.eval(prop["value"], env)
        return out

    def _e_array(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        out: list[Any] = []
        for item in node["items"]:
            if "spread" in item:
                value = self.eval(item["spread"], env)
                if not isinstance(value, list):
                    return Unknown(text_of(node))
                out.extend(value)
            else:
                out.append(self.eval(item["value"], env))
        return out

    def _e_for(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        items = self.eval(node.get("iter"), env)
        if not isinstance(items, list):
            return Unknown(self._text(node))
        out = []
        for i, item in enumerate(items):
            local = loop_env(env, node, item, i)
            body = node.get("body")
            if isinstance(body, dict) and body.get("$bicep") == "if":
                cond = self.eval(body.get("cond"), local)
                if isinstance(cond, Unknown):
                    return Unknown(self._text(node))
                if cond is not True:
                    continue
                body = body.get("body")
            out.append(self.eval(body, local))
        return out

    def _e_interp(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        parts = [self.eval(p, env) for p in node["parts"]]
        if any(contains_unknown(p) for p in parts):
            return Unknown(self._text(node))
        return "".join(to_str(p) for p in parts)

    # names -------------------------------------------------------------------
    def _e_ref(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        name = node["name"]
        if name in env:
            return env[name]
        return self.scope.lookup(name)

    def _e_member(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        obj = self.eval(node["object"], env)
        if node.get("safe") and obj is None:
            return None
        try:
            return get_member(obj, node["prop"])
        except _Missing:
            pass
        if node.get("safe") and isinstance(obj, dict):
            return None
        return self.scope.member(obj, node["prop"], self._text(node))

    def _e_index(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        obj = self.eval(node["object"], env)
        index = self.eval(node.get("index"), env)
        if node.get("safe") and obj is None:
            return None
        try:
            return get_index(obj, index)
        except _Missing:
            pass
        if node.get("safe") and isinstance(obj, (dict, list)) and not isinstance(index, Unknown):
            return None
        return self.scope.index(obj, index, self._text(node))

    def _e_child(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        obj = self.eval(node["object"], env)
        return self.scope.member(obj, "::" + node["name"], self._text(node))

    def _e_nonnull(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        return self.eval(node["arg"], env)

    def _e_lambda(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        return Lambda(node["params"], node["body"], env, self)

    def _e_call(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        ns, name = node.get("ns"), node["func"]
        args = [self.eval(a, env) for a in node["args"]]
        if "object" in node or (ns not in (None, "sys", "az")):
            return self.scope.call_user(name, ns, args, self._text(node))
        lower = name.lower()
        if lower in LOAD_FUNCTIONS and ns in (None, "sys"):
            return self.scope.load_content(lower, args, self._text(node))
        if lower in RESOURCE_ID_FUNCTIONS:
            self.scope.ref(resource_key(args))
        fn = FUNCTIONS.get(lower)
        if fn is None:
            return self.scope.call_user(name, ns, args, self._text(node))
        if lower not in UNKNOWN_TOLERANT and any(isinstance(a, Unknown) for a in args):
            return Unknown(self._text(node))
        try:
            return fn(*args)
        except (_Missing, TypeError, ValueError, KeyError, IndexError, AttributeError, ZeroDivisionError,
                OverflowError, RecursionError):
            return Unknown(self._text(node))

    # operators ---------------------------------------------------------------
    def _e_unary(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        arg = self.eval(node["arg"], env)
        if node["op"] == "!" and isinstance(arg, bool):
            return not arg
        if node["op"] == "-" and isinstance(arg, int) and not isinstance(arg, bool):
            return -arg
        return Unknown(self._text(node))

    def _e_ternary(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        cond = self.eval(node["cond"], env)
        if cond is True:
            return self.eval(node["then"], env)
        if cond is False:
            return self.eval(node["else"], env)
        return Unknown(self._text(node))

    def _e_binary(self, node: dict[str, Any], env: dict[str, Any]) -> Any:
        op = node["op"]
        left = self.eval(node["left"], env)
        if op in ("&&", "||", "??"):
            return self._short_circuit(op, left, node, env)
        right = self.eval(node["right"], env)
        if isinstance(left, Unknown) or isinstance(right, Unknown):
            return Unknown(self._text(node))
        try:
            return BINARY[op](left, right)
        except (KeyError, TypeError, ZeroDivisionError, _Missing):
            return Unknown(self._text(node))

    def _short_circuit(self, op: str, left: Any, node: dict[str, Any], env: dict[str, Any]) -> Any:
        if op == "??":
            if left is None:
                return self.eval(node["right"], env)
            return Unknown(self._text(node)) if isinstance(left, Unknown) else left
        decisive = op == "||"  # the left value that decides the result without the right
        if left is decisive:
            return decisive
        right = self.eval(node["right"], env)
        if right is decisive:
            return decisive
        if isinstance(left, bool) and isinstance(right, bool):
            return right
        return Unknown(self._text(node))


# AST node kind -> the Evaluator method evaluating it
_HANDLERS: dict[str, Callable[[Evaluator, dict[str, Any], dict[str, Any]], Any]] = {
    name[len("_e_"):]: method for name, method in vars(Evaluator).items() if name.startswith("_e_")
}


def loop_env(env: dict[str, Any], loop: dict[str, Any], item: Any, index: Any) -> dict[str, Any]:
    """``env`` plus the loop's item and index variables."""
    local = dict(env)
    if loop.get("item"):
        local[loop["item"]] = item
    if loop.get("index"):
        local[loop["index"]] = index
    return local


def _render(node: Any) -> str:
    """A short source-like rendering of a node that has no text of its own."""
    if not isinstance(node, dict):
        return text_of(node)
    kind = node.get("$bicep")
    if "text" in node:
        return str(node["text"])
    if kind in _CONTAINER_TEXT:
        return _CONTAINER_TEXT[kind]
    if kind == "ref":
        return node["name"]
    if kind == "member":
        return f"{_render(node['object'])}.{node['prop']}"
    if kind == "call":
        return f"{node['func']}(...)"
    return f"<{kind}>"


# ───────────── values ─────────────


def get_member(obj: Any, prop: str) -> Any:
    """``obj.prop`` on plain data; ARM property names compare case-insensitively."""
    if isinstance(obj, dict):
        if prop in obj:
            return obj[prop]
        for key, value in obj.items():
            if isinstance(key, str) and key.lower() == prop.lower():
                return value
    raise _Missing(prop)


def get_index(obj: Any, index: Any) -> Any:
    if isinstance(obj, list) and isinstance(index, int) and not isinstance(index, bool):
        if 0 <= index < len(obj):
            return obj[index]
    elif isinstance(obj, dict) and isinstance(index, str):
        return get_member(obj, index)
    raise _Missing(str(index))


def to_str(value: Any) -> str:
    """How ARM turns a value into a string (``string()``, interpolation, concat)."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return json.dumps(value, separators=(",", ":"))
    return str(value)


def _num(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError("not an integer")
    return value


def _comparable(a: Any, b: Any) -> tuple[Any, Any]:
    if isinstance(a, str) and isinstance(b, str):
        return a, b
    return _num(a), _num(b)


def _eq_ci(a: Any, b: Any) -> bool:
    if isinstance(a, str) and isinstance(b, str):
        return a.lower() == b.lower()
    raise TypeError("=~ needs strings")


def _div(a: Any, b: Any) -> int:
    q = abs(_num(a)) // abs(_num(b))
    return q if (a >= 0) == (b >= 0) else -q


def _mod(a: Any, b: Any) -> int:
    return _num(a) - _num(b) * _div(a, b)


BINARY: dict[str, Callable[[Any, Any], Any]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "=~": _eq_ci,
    "!~": lambda a, b: not _eq_ci(a, b),
    "<": lambda a, b: (lambda x, y: x < y)(*_comparable(a, b)),
    "<=": lambda a, b: (lambda x, y: x <= y)(*_comparable(a, b)),
    ">": lambda a, b: (lambda x, y: x > y)(*_comparable(a, b)),
    ">=": lambda a, b: (lambda x, y: x >= y)(*_comparable(a, b)),
    "+": lambda a, b: _num(a) + _num(b),
    "-": lambda a, b: _num(a) - _num(b),
    "*": lambda a, b: _num(a) * _num(b),
    "/": _div,
    "%": _mod,
}


# ───────────── functions (static arguments only) ─────────────

# functions whose arguments name a resource: the call stays unknown but references that resource
# functions that read a file beside the template at build time (the scope reads it, never runs it)
LOAD_FUNCTIONS = {"loadtextcontent", "loadjsoncontent", "loadfileasbase64"}
RESOURCE_ID_FUNCTIONS = {"resourceid", "subscriptionresourceid", "tenantresourceid", "extensionresourceid"}


def resource_key(args: list[Any]) -> str | None:
    """``"<type>/<name>..."`` (lower case) named by resourceId-style arguments; None when the type
    or a name is not known."""
    position = next((i for i, a in enumerate(args)
                     if isinstance(a, str) and "/" in a and "." in a.split("/", 1)[0]), None)
    if position is None or position == len(args) - 1:
        return None
    names = args[position + 1:]
    if not all(isinstance(n, str) for n in names):
        return None
    return "/".join([args[position].split("@", 1)[0], *names]).lower()


def _concat(*args: Any) -> Any:
    if args and all(isinstance(a, list) for a in args):
        return [x for a in args for x in a]
    return "".join(to_str(a) for a in args)


_FORMAT_ITEM = re.compile(r"\{\{|\}\}|\{(\d+)(?:[,:][^}]*)?\}")


def _format(fmt: str, *args: Any) -> str:
    def item(m: re.Match[str]) -> str:
        if m.group(1) is None:
            return m.group(0)[0]
        return to_str(args[int(m.group(1))])

    return _FORMAT_ITEM.sub(item, fmt)


def _contains(container: Any, item: Any) -> bool:
    if isinstance(container, str) and isinstance(item, str):
        return item in container
    if isinstance(container, dict):
        return isinstance(item, str) and any(k.lower() == item.lower() for k in container)
    if isinstance(container, list):
        return item in container
    raise TypeError("contains")


def _union(*args: Any) -> Any:
    if all(isinstance(a, dict) for a in args):
        out: dict[str, Any] = {}
        for a in args:
            out = _merge(out, a)
        return out
    if all(isinstance(a, list) for a in args):
        merged: list[Any] = []
        for a in args:
            merged.extend(x for x in a if x not in merged)
        return merged
    raise TypeError("union")


def _merge(a: dict[str, Any], b: dict[str, Any]) -> dict[str, Any]:
    out = dict(a)
    for key, value in b.items():
        if isinstance(out.get(key), dict) and isinstance(value, dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def _intersection(*args: Any) -> Any:
    first = args[0]
    if isinstance(first, dict):
        return {k: v for k, v in first.items() if all(k in a and a[k] == v for a in args[1:])}
    return [x for x in first if all(x in a for a in args[1:])]


def _length(value: Any) -> int:
    if isinstance(value, (str, list, dict)):
        return len(value)
    raise TypeError("length")


def _empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, (str, list, dict)):
        return len(value) == 0
    raise TypeError("empty")


def _first(value: Any) -> Any:
    if isinstance(value, (str, list)):
        return value[0] if value else None
    raise TypeError("first")


def _last(value: Any) -> Any:
    if isinstance(value, (str, list)):
        return value[-1] if value else None
    raise TypeError("last")


def _split(value: str, sep: Any) -> list[str]:
    seps = sep if isinstance(sep, list) else [sep]
    return re.split("|".join(re.escape(s) for s in seps), value) if seps else [value]


def _join(items: list[Any], sep: str) -> str:
    return sep.join(to_str(x) for x in items)


def _substring(value: str, start: int = 0, length: int | None = None) -> str:
    if start < 0 or start > len(value) or (length is not None and (length < 0 or start + length > len(value))):
        raise ValueError("substring out of range")
    return value[start:] if length is None else value[start : start + length]


def _int(value: Any) -> int:
    if isinstance(value, bool):
        raise TypeError("int")
    return int(value)


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    if isinstance(value, int):
        return value != 0
    raise TypeError("bool")


def _range(start: int, count: int) -> list[int]:
    if count < 0 or count > 10_000:
        raise ValueError("range")
    return list(range(_num(start), _num(start) + _num(count)))


def _items(obj: dict[str, Any]) -> list[dict[str, Any]]:
    return [{"key": k, "value": obj[k]} for k in sorted(obj, key=str.lower)]


def _coalesce(*args: Any) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            return arg
        if arg is not None:
            return arg
    return None


def _to_object(items: list[Any], key_fn: Callable[..., Any], value_fn: Callable[..., Any] | None = None) -> Any:
    out: dict[str, Any] = {}
    for item in items:
        key = key_fn(item)
        if not isinstance(key, str):
            raise TypeError("toObject key")
        out[key] = value_fn(item) if value_fn else item
    return out


def _filter(items: list[Any], fn: Callable[..., Any]) -> list[Any]:
    out = []
    for i, item in enumerate(items):
        keep = fn(item, i)
        if not isinstance(keep, bool):
            raise TypeError("filter predicate")
        if keep:
            out.append(item)
    return out


def _reduce(items: list[Any], initial: Any, fn: Callable[..., Any]) -> Any:
    acc = initial
    for i, item in enumerate(items):
        acc = fn(acc, item, i)
    return acc


def _only_known(value: Any) -> Any:
    if contains_unknown(value):
        raise TypeError("unknown inside")
    return value


def _tolerant(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Higher-order functions: a lambda result that is unknown makes the whole call unknown."""
    return lambda *args: _only_known(fn(*args))


def _max(*args: Any) -> Any:
    values = args[0] if len(args) == 1 and isinstance(args[0], list) else list(args)
    return max(_num(v) for v in values)


def _min(*args: Any) -> Any:
    values = args[0] if len(args) == 1 and isinstance(args[0], list) else list(args)
    return min(_num(v) for v in values)


def _unknown(*_args: Any) -> Any:
    raise _Missing("known only at deployment")


def _pad_left(value: Any, width: int, char: str = " ") -> str:
    return to_str(value).rjust(width, char[:1] or " ")


# Functions of runtime state (deployment scope, other resources, time, randomness, the build
# machine, files) and anything not listed here stay unknown.
_RUNTIME = (
    "resourceGroup subscription tenant managementGroup deployment environment deployer uniqueString guid "
    "newGuid utcNow reference resourceId subscriptionResourceId tenantResourceId extensionResourceId "
    "managementGroupResourceId listKeys listSecrets getSecret readEnvironmentVariable loadTextContent "
    "loadJsonContent loadYamlContent loadFileAsBase64 pickZones dataUri dataUriToString base64 "
    "base64ToString base64ToJson uri uriComponent uriComponentToString"
).split()

FUNCTIONS: dict[str, Callable[..., Any]] = {
    **{name.lower(): _unknown for name in _RUNTIME},
    "concat": _concat,
    "format": _format,
    "tolower": lambda s: s.lower(),
    "toupper": lambda s: s.upper(),
    "trim": lambda s: s.strip(),
    "string": to_str,
    "int": _int,
    "bool": _bool,
    "json": lambda s: json.loads(s),
    "empty": _empty,
    "contains": _contains,
    "union": _union,
    "intersection": _intersection,
    "length": _length,
    "replace": lambda s, old, new: s.replace(old, new),
    "substring": _substring,
    "startswith": lambda s, p: s.lower().startswith(p.lower()),
    "endswith": lambda s, p: s.lower().endswith(p.lower()),
    "indexof": lambda s, p: s.lower().find(p.lower()),
    "lastindexof": lambda s, p: s.lower().rfind(p.lower()),
    "first": _first,
    "last": _last,
    "take": lambda v, n: v[: max(0, n)],
    "skip": lambda v, n: v[max(0, n) :],
    "split": _split,
    "join": _join,
    "padleft": _pad_left,
    "range": _range,
    "createarray": lambda *a: list(a),
    "createobject": lambda *a: {a[i]: a[i + 1] for i in range(0, len(a) - 1, 2)},
    "items": _items,
    "objectkeys": lambda o: list(o.keys()),
    "flatten": lambda v: [x for sub in v for x in sub],
    "coalesce": _coalesce,
    "any": lambda v: v,
    "min": _min,
    "max": _max,
    "map": _tolerant(lambda items, fn: [fn(x, i) for i, x in enumerate(items)]),
    "filter": _tolerant(_filter),
    "reduce": _tolerant(_reduce),
    "toobject": _tolerant(_to_object),
}
UNKNOWN_TOLERANT = {"coalesce"}
