"""Static evaluation of the Terraform expression AST of ``parsers/terraform.py``.

Values are plain Python data; a value that depends on something unknown is an ``Unknown`` that
carries the source text of the outermost expression that could not be computed. Errors (a missing
key, a bad type) raise ``EvalError``; ``try``/``can`` catch them, callers turn them into unknowns.
What a reference's root (``var``, ``local``, a resource, ...) means is left to ``root()``.
"""
from __future__ import annotations

import json
import math
import re
from re import error
from dataclasses import dataclass
from typing import Any, Callable

Env = dict[str, Any]


@dataclass(frozen=True)
class Unknown:
    """A value that stays an expression."""

    src: str


class EvalError(Exception):
    """The expression is wrong or not computable statically (e.g. a key that does not exist)."""


class _Blocked(EvalError):
    """A strict function met an unknown argument."""


class Evaluator:
    """Evaluates expressions; subclasses resolve reference roots in ``root``."""

    def root(self, name: str, steps: list[list[Any]], env: Env) -> tuple[Any, int]:
        """Value of reference root ``name`` and how many of ``steps`` it consumed."""
        raise EvalError(f"unknown name {name}")

    def evaluate(self, expr: list[Any], env: Env) -> Any:
        """Value of ``expr``; errors and unknowns become ``Unknown(source text)``."""
        try:
            return self.eval(expr, env)
        except (EvalError, RecursionError):
            return Unknown(source(expr))

    def eval(self, expr: list[Any], env: Env) -> Any:
        kind = expr[0]
        if kind == "lit":
            return expr[1]
        if kind == "tuple":
            return [self.eval(item, env) for item in expr[1]]
        if kind == "object":
            return self.object(expr[1], env)
        value = _KINDS[kind](self, expr, env)
        return Unknown(expr[1]) if isinstance(value, Unknown) else value

    def object(self, elems: list[list[Any]], env: Env) -> Any:
        out: dict[str, Any] = {}
        for key_expr, val_expr, _line in elems:
            key = self.eval(key_expr, env)
            if isinstance(key, Unknown):
                return key
            out[to_str(key)] = self.eval(val_expr, env)
        return out

    def traversal(self, expr: list[Any], env: Env) -> Any:
        head, steps = expr[2], expr[3]
        if isinstance(head, str):
            if head in env:
                value, used = env[head], 0
            else:
                value, used = self.root(head, steps, env)
        else:
            value, used = self.eval(head, env), 0
        return self.apply(value, steps[used:], env) if used < len(steps) else value

    def apply(self, value: Any, steps: list[list[Any]], env: Env) -> Any:
        for i, step in enumerate(steps):
            if isinstance(value, Unknown):
                return value
            if step[0] == "splat":
                items = value if isinstance(value, list) else [] if value is None else [value]
                return [self.apply(item, steps[i + 1 :], env) for item in items]
            key = step[1] if step[0] == "attr" else self.eval(step[1], env)
            value = get_item(value, key)
        return value

    def template(self, expr: list[Any], env: Env) -> Any:
        parts = expr[2]
        if len(parts) == 1 and not isinstance(parts[0], str) and parts[0][0] not in ("if", "for"):
            return self.eval(parts[0], env)
        return self.render(parts, env)

    def render(self, parts: list[Any], env: Env) -> Any:
        out = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
                continue
            if part[0] == "if":
                test = self.eval(part[1], env)
                if isinstance(test, Unknown):
                    return test
                value = self.render(part[2] if to_bool(test) else part[3], env)
            elif part[0] == "for":
                value = self.render_for(part, env)
            else:
                value = self.eval(part, env)
            if isinstance(value, Unknown):
                return value
            out.append(to_str(value))
        return "".join(out)

    def render_for(self, part: list[Any], env: Env) -> Any:
        _, key_var, val_var, coll_expr, body = part
        coll = self.eval(coll_expr, env)
        if isinstance(coll, Unknown):
            return coll
        out = []
        for key, value in pairs(coll):
            inner = dict(env, **{val_var: value}, **({key_var: key} if key_var else {}))
            text = self.render(body, inner)
            if isinstance(text, Unknown):
                return text
            out.append(text)
        return "".join(out)

    def call(self, expr: list[Any], env: Env) -> Any:
        name, arg_exprs, expand = expr[2], expr[3], expr[4]
        name = name.rsplit("::", 1)[-1]
        if name in _LAZY:
            return _LAZY[name](self, arg_exprs, env)
        spec = FUNCTIONS.get(name)
        if spec is None:
            raise EvalError(f"function {name} is not evaluated statically")
        fn, lenient = spec
        args = [self.eval(a, env) for a in arg_exprs]
        if expand and args:
            last = args.pop()
            if isinstance(last, Unknown):
                return last
            args.extend(last if isinstance(last, list) else list(pairs_values(last)))
        if any(isinstance(a, Unknown) for a in args) or not lenient and any(map(has_unknown, args)):
            return Unknown(expr[1])
        try:
            return fn(*args)
        except _Blocked:
            return Unknown(expr[1])
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError) as exc:
            raise EvalError(f"{name}: {exc}") from None

    def conditional(self, expr: list[Any], env: Env) -> Any:
        test = self.eval(expr[2], env)
        if isinstance(test, Unknown):
            return test
        return self.eval(expr[3] if to_bool(test) else expr[4], env)

    def operation(self, expr: list[Any], env: Env) -> Any:
        operator, operands = expr[2], [self.eval(o, env) for o in expr[3]]
        if any(map(has_unknown, operands)):
            return Unknown(expr[1])
        try:
            return _OPERATORS[(operator, len(operands))](*operands)
        except (TypeError, ValueError, ZeroDivisionError, KeyError) as exc:
            raise EvalError(f"operator {operator}: {exc}") from None

    def for_expr(self, expr: list[Any], env: Env) -> Any:
        _, _src, key_var, val_var, coll_expr, key_expr, val_expr, cond, group = expr
        coll = self.eval(coll_expr, env)
        if isinstance(coll, Unknown):
            return coll
        as_object = key_expr is not None
        out_list: list[Any] = []
        out_map: dict[str, Any] = {}
        for key, value in pairs(coll):
            inner = dict(env, **{val_var: value}, **({key_var: key} if key_var else {}))
            if cond is not None:
                keep = self.eval(cond, inner)
                if isinstance(keep, Unknown):
                    return keep
                if not to_bool(keep):
                    continue
            item = self.eval(val_expr, inner)
            if not as_object:
                out_list.append(item)
                continue
            k = self.eval(key_expr, inner)
            if isinstance(k, Unknown):
                return k
            if group:
                out_map.setdefault(to_str(k), []).append(item)
            elif to_str(k) in out_map:
                raise EvalError(f"duplicate key {k!r} in for expression")
            else:
                out_map[to_str(k)] = item
        return out_map if as_object else out_list


_KINDS: dict[str, Callable[[Evaluator, list[Any], Env], Any]] = {
    "trav": Evaluator.traversal,
    "tpl": Evaluator.template,
    "call": Evaluator.call,
    "cond": Evaluator.conditional,
    "op": Evaluator.operation,
    "forexpr": Evaluator.for_expr,
}


def source(expr: list[Any]) -> str:
    """Source text of an expression (literals and collections re-rendered)."""
    kind = expr[0]
    if kind == "lit":
        return json.dumps(expr[1])
    if kind == "tuple":
        return "[" + ", ".join(source(e) for e in expr[1]) + "]"
    if kind == "object":
        return "{" + ", ".join(f"{source(k)} = {source(v)}" for k, v, _ in expr[1]) + "}"
    return expr[1]


def has_unknown(value: Any) -> bool:
    if isinstance(value, Unknown):
        return True
    if isinstance(value, dict):
        return any(map(has_unknown, value.values()))
    if isinstance(value, list):
        return any(map(has_unknown, value))
    return False


def get_item(value: Any, key: Any) -> Any:
    if isinstance(key, Unknown):
        return key
    if isinstance(value, dict):
        if isinstance(key, (int, float)) and not isinstance(key, bool):
            key = to_str(key)
        if key not in value:
            raise EvalError(f"no key {key!r}")
        return value[key]
    if isinstance(value, list):
        idx = to_num(key)
        if not isinstance(idx, int) or not 0 <= idx < len(value):
            raise EvalError(f"index {key!r} out of range")
        return value[idx]
    raise EvalError(f"cannot index {type(value).__name__}")


def pairs(coll: Any) -> list[tuple[Any, Any]]:
    """(key, value) pairs of a collection in Terraform's order (maps sorted by key)."""
    if isinstance(coll, dict):
        return [(k, coll[k]) for k in sorted(coll)]
    if isinstance(coll, list):
        return list(enumerate(coll))
    raise EvalError("for expression needs a collection")


def pairs_values(coll: Any) -> list[Any]:
    return [v for _, v in pairs(coll)]


def to_str(value: Any) -> str:
    if isinstance(value, Unknown):
        raise _Blocked
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
        return str(int(value))
    if isinstance(value, (int, float)):
        return str(value)
    raise EvalError(f"cannot convert {type(value).__name__} to string")


def to_num(value: Any) -> int | float:
    if isinstance(value, bool) or value is None:
        raise EvalError("not a number")
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                number = float(value)
            except ValueError:
                raise EvalError(f"{value!r} is not a number") from None
            if math.isnan(number) or math.isinf(number):
                raise EvalError(f"{value!r} is not a number")
            return number
    raise EvalError("not a number")


def to_bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise EvalError(f"{value!r} is not a bool")


def _num_result(value: float) -> int | float:
    return int(value) if isinstance(value, float) and value.is_integer() and abs(value) < 2**53 else value


def _divide(a: Any, b: Any) -> int | float:
    return _num_result(to_num(a) / to_num(b))


def _modulo(a: Any, b: Any) -> int | float:
    return _num_result(math.fmod(to_num(a), to_num(b)))


_OPERATORS: dict[tuple[str, int], Callable[..., Any]] = {
    ("!", 1): lambda a: not to_bool(a),
    ("-", 1): lambda a: -to_num(a),
    ("+", 2): lambda a, b: _num_result(to_num(a) + to_num(b)),
    ("-", 2): lambda a, b: _num_result(to_num(a) - to_num(b)),
    ("*", 2): lambda a, b: _num_result(to_num(a) * to_num(b)),
    ("/", 2): _divide,
    ("%", 2): _modulo,
    ("==", 2): lambda a, b: a == b and type(a) is type(b) or _numbers_equal(a, b),
    ("!=", 2): lambda a, b: not (a == b and type(a) is type(b) or _numbers_equal(a, b)),
    ("<", 2): lambda a, b: to_num(a) < to_num(b),
    ("<=", 2): lambda a, b: to_num(a) <= to_num(b),
    (">", 2): lambda a, b: to_num(a) > to_num(b),
    (">=", 2): lambda a, b: to_num(a) >= to_num(b),
    ("&&", 2): lambda a, b: to_bool(a) and to_bool(b),
    ("||", 2): lambda a, b: to_bool(a) or to_bool(b),
}


def _numbers_equal(a: Any, b: Any) -> bool:
    nums = (int, float)
    return isinstance(a, nums) and isinstance(b, nums) and not isinstance(a, bool) \
        and not isinstance(b, bool) and a == b


# functions ---------------------------------------------------------------------------------------

def _try(ev: Evaluator, args: list[list[Any]], env: Env) -> Any:
    for arg in args:
        try:
            value = ev.eval(arg, env)
        except (EvalError, RecursionError):
            continue
        if not has_unknown(value):
            return value
    raise EvalError("no argument of try() could be evaluated")


def _can(ev: Evaluator, args: list[list[Any]], env: Env) -> Any:
    if len(args) != 1:
        raise EvalError("can() takes one argument")
    try:
        value = ev.eval(args[0], env)
    except (EvalError, RecursionError):
        return False
    return Unknown(source(args[0])) if has_unknown(value) else True


_LAZY: dict[str, Callable[[Evaluator, list[list[Any]], Env], Any]] = {"try": _try, "can": _can}


def _format(fmt: str, *args: Any) -> str:
    out, i, n = [], 0, 0
    while i < len(fmt):
        ch = fmt[i]
        if ch != "%":
            out.append(ch)
            i += 1
            continue
        j = i + 1
        while j < len(fmt) and fmt[j] in "#+- 0123456789.":
            j += 1
        if j >= len(fmt):
            raise ValueError("bad format")
        verb = fmt[j]
        if verb == "%":
            out.append("%")
        else:
            if n >= len(args):
                raise ValueError("not enough arguments for format")
            out.append(_format_verb(fmt[i + 1 : j], verb, args[n]))
            n += 1
        i = j + 1
    return "".join(out)


def _format_verb(flags: str, verb: str, arg: Any) -> str:
    if verb in "vs":
        text = json.dumps(arg) if isinstance(arg, (list, dict)) or arg is None else to_str(arg)
        return f"%{flags}s" % text
    if verb == "d":
        return f"%{flags}d" % int(to_num(arg))
    if verb in "feEgG":
        return f"%{flags}{verb}" % float(to_num(arg))
    if verb in "xXob":
        return format(int(to_num(arg)), flags.replace("#", "") + verb)
    if verb == "q":
        return json.dumps(to_str(arg))
    if verb == "t":
        return to_str(to_bool(arg))
    raise ValueError(f"unsupported format verb %{verb}")


def _lookup(mapping: dict[str, Any], key: Any, *default: Any) -> Any:
    if not isinstance(mapping, dict):
        raise TypeError("lookup() needs a map")
    if isinstance(key, Unknown):
        raise _Blocked
    if to_str(key) in mapping:
        return mapping[to_str(key)]
    if default:
        return default[0]
    raise KeyError(key)


def _merge(*maps: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for m in maps:
        if m is None:
            continue
        if not isinstance(m, dict):
            raise TypeError("merge() needs maps")
        out.update(m)
    return out


def _concat(*lists: Any) -> list[Any]:
    out: list[Any] = []
    for item in lists:
        if not isinstance(item, list):
            raise TypeError("concat() needs lists")
        out.extend(item)
    return out


def _coalesce(*args: Any) -> Any:
    for arg in args:
        if isinstance(arg, Unknown):
            raise _Blocked
        if arg is not None and arg != "":
            return arg
    raise ValueError("no non-null argument")


def _length(value: Any) -> int:
    if isinstance(value, (list, dict, str)):
        return len(value)
    raise TypeError("length() needs a collection or string")


def _toset(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("toset() needs a list")
    out: list[Any] = []
    for item in value:
        if item not in out:
            out.append(item)
    if all(isinstance(i, str) for i in out):
        out.sort()
    return out


def _tolist(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError("tolist() needs a list or set")
    return list(value)


def _tomap(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise TypeError("tomap() needs an object")
    return dict(value)


def _tostring(value: Any) -> str | None:
    return None if value is None else to_str(value)


def _tonumber(value: Any) -> Any:
    return None if value is None else to_num(value)


def _tobool(value: Any) -> Any:
    return None if value is None else to_bool(value)


def _contains(coll: Any, value: Any) -> bool:
    if not isinstance(coll, list):
        raise TypeError("contains() needs a list")
    if isinstance(value, Unknown) or any(isinstance(i, Unknown) for i in coll):
        raise _Blocked
    return value in coll


def _element(coll: list[Any], idx: Any) -> Any:
    if not coll:
        raise IndexError("element() of an empty list")
    return coll[int(to_num(idx)) % len(coll)]


def _flatten(value: list[Any]) -> list[Any]:
    out: list[Any] = []
    for item in value:
        out.extend(_flatten(item) if isinstance(item, list) else [item])
    return out


def _join(sep: str, *lists: Any) -> str:
    return to_str(sep).join(to_str(i) for lst in lists for i in lst)


def _replace(text: str, old: str, new: str) -> str:
    """``replace``: a substring, or a regular expression when ``old`` is wrapped in slashes."""
    text, old, new = to_str(text), to_str(old), to_str(new)
    if len(old) > 1 and old.startswith("/") and old.endswith("/"):
        pattern = _compile(old[1:-1])
        return pattern.sub(lambda m: _expand(m, new), text)
    return text.replace(old, new)


_TEMPLATE_REF = re.compile(r"\$(?:(\$)|\{(\w+)\}|(\w+))")


def _expand(match: re.Match[str], template: str) -> str:
    """Go ``Regexp.Expand`` replacement syntax: ``$1``, ``${1}``, ``$name``, ``${name}``, ``$$``;
    an unknown group expands to nothing."""
    def ref(m: re.Match[str]) -> str:
        if m.group(1):
            return "$"
        name = m.group(2) or m.group(3)
        try:
            group = match.group(int(name) if name.isdigit() else name)
        except (IndexError, error):
            return ""
        return group or ""
    return _TEMPLATE_REF.sub(ref, template)


def _compile(pattern: Any) -> re.Pattern[str]:
    """An RE2 pattern as a Python regular expression (the common syntax is shared)."""
    try:
        return re.compile(to_str(pattern))
    except (error, RecursionError, OverflowError) as exc:
        raise ValueError(f"bad regular expression: {exc}") from None


def _captures(match: re.Match[str]) -> Any:
    """What ``regex`` returns for one match: the match, the named groups, or the groups."""
    if match.re.groupindex:
        return {name: match.group(name) for name in match.re.groupindex}
    if match.re.groups:
        return list(match.groups())
    return match.group(0)


def _regex(pattern: Any, text: Any) -> Any:
    match = _compile(pattern).search(to_str(text))
    if match is None:
        raise ValueError("pattern did not match")
    return _captures(match)


def _regexall(pattern: Any, text: Any) -> list[Any]:
    return [_captures(m) for m in _compile(pattern).finditer(to_str(text))]


def _substr(text: str, offset: Any, length: Any) -> str:
    start, count = int(to_num(offset)), int(to_num(length))
    if start < 0:
        start += len(text)
    return text[start:] if count < 0 else text[start : start + count]


FUNCTIONS: dict[str, tuple[Callable[..., Any], bool]] = {
    # name: (implementation, lenient: accepts unknowns nested inside its arguments)
    "lower": (lambda s: to_str(s).lower(), False),
    "upper": (lambda s: to_str(s).upper(), False),
    "title": (lambda s: to_str(s).title(), False),
    "trimspace": (lambda s: to_str(s).strip(), False),
    "trim": (lambda s, chars: to_str(s).strip(to_str(chars)), False),
    "trimprefix": (lambda s, p: to_str(s).removeprefix(to_str(p)), False),
    "trimsuffix": (lambda s, p: to_str(s).removesuffix(to_str(p)), False),
    "startswith": (lambda s, p: to_str(s).startswith(to_str(p)), False),
    "endswith": (lambda s, p: to_str(s).endswith(to_str(p)), False),
    "format": (_format, False),
    "join": (_join, False),
    "split": (lambda sep, s: to_str(s).split(to_str(sep)), False),
    "replace": (_replace, False),
    "regex": (_regex, False),
    "regexall": (_regexall, False),
    "substr": (_substr, False),
    "concat": (_concat, True),
    "merge": (_merge, True),
    "lookup": (_lookup, True),
    "contains": (_contains, True),
    "length": (_length, True),
    "coalesce": (_coalesce, True),
    "coalescelist": (lambda *ls: next(l for l in ls if l), True),
    "compact": (lambda lst: [to_str(i) for i in lst if i not in (None, "")], False),
    "distinct": (_toset, False),
    "element": (_element, True),
    "flatten": (_flatten, True),
    "keys": (lambda m: sorted(_tomap(m)), True),
    "values": (lambda m: [m[k] for k in sorted(_tomap(m))], True),
    "zipmap": (lambda ks, vs: {to_str(k): v for k, v in zip(ks, vs, strict=True)}, True),
    "range": (lambda *a: list(range(*(int(to_num(x)) for x in a))), False),
    "reverse": (lambda lst: list(reversed(_tolist(lst))), True),
    "min": (lambda *a: _num_result(min(map(to_num, a))), False),
    "max": (lambda *a: _num_result(max(map(to_num, a))), False),
    "abs": (lambda n: abs(to_num(n)), False),
    "ceil": (lambda n: math.ceil(to_num(n)), False),
    "floor": (lambda n: math.floor(to_num(n)), False),
    "tostring": (_tostring, False),
    "tonumber": (_tonumber, False),
    "tobool": (_tobool, False),
    "toset": (_toset, False),
    "tolist": (_tolist, True),
    "tomap": (_tomap, True),
    "jsonencode": (lambda v: json.dumps(v, separators=(",", ":")), False),
}


# type constraints ----------------------------------------------------------------------------

_PRIMITIVES = {"string", "number", "bool"}


def convert(value: Any, type_expr: list[Any]) -> Any:
    """A variable's value converted to its declared type: primitives converted the way Terraform
    does (``"true"`` -> true for ``bool``, 5 -> ``"5"`` for ``string``), ``optional(T, default)``
    attributes of object types filled in, collections converted element-wise. Values that do not
    fit are returned unchanged; unknowns pass through."""
    if value is None or isinstance(value, Unknown):
        return value
    kind = _type_name(type_expr)
    if kind in _PRIMITIVES:
        return _convert_primitive(value, kind)
    if kind is None or type_expr[0] != "call" or not type_expr[3]:
        return value
    arg = type_expr[3][0]
    if kind in ("list", "set") and isinstance(value, list):
        return [convert(item, arg) for item in value]
    if kind == "map" and isinstance(value, dict):
        return {k: convert(v, arg) for k, v in value.items()}
    if kind == "tuple" and isinstance(value, list) and arg[0] == "tuple":
        return [convert(v, t) for v, t in zip(value, arg[1])] + value[len(arg[1]):]
    if kind == "object" and isinstance(value, dict) and arg[0] == "object":
        return _convert_object(value, arg[1])
    return value


def _type_name(type_expr: list[Any]) -> str | None:
    if type_expr[0] == "trav" and isinstance(type_expr[2], str) and not type_expr[3]:
        return type_expr[2]
    if type_expr[0] == "call":
        return type_expr[2]
    return None


def _convert_primitive(value: Any, kind: str) -> Any:
    try:
        if kind == "string" and isinstance(value, (bool, int, float)):
            return to_str(value)
        if kind == "number" and isinstance(value, str):
            return to_num(value)
        if kind == "bool" and isinstance(value, str):
            return to_bool(value)
    except EvalError:
        pass
    return value


def _convert_object(value: dict[str, Any], elems: list[list[Any]]) -> dict[str, Any]:
    out = dict(value)
    for key_expr, attr_type, _line in elems:
        if key_expr[0] != "lit" or not isinstance(key_expr[1], str):
            continue
        name = key_expr[1]
        if _type_name(attr_type) == "optional" and attr_type[3]:
            inner = attr_type[3][0]
            if out.get(name) is None:
                default = Evaluator().evaluate(attr_type[3][1], {}) if len(attr_type[3]) > 1 else None
                out[name] = convert(default, inner)
            else:
                out[name] = convert(out[name], inner)
        elif name in out:
            out[name] = convert(out[name], attr_type)
    return out
