"""Terraform resources -> canonical resources, driven by declarative tables.

``tables/azurerm/*.yaml`` map azurerm (and azuread / azapi) types onto the ARM shape;
``tables/kubernetes_provider.yaml`` maps the Terraform kubernetes provider onto Kubernetes objects
(its format is described in that file). This module is the small engine that applies them.

An azurerm table file holds ``types: {<tf type>: spec}``. A spec has:

* ``arm_type`` / ``api_version``: the canonical type (none: ``terraform:<tf type>``).
* ``name``: the name parts, joined with ``/`` when every parent part is known (else the own name):
  an attribute name, ``{attr, from_id: true}`` (names taken from an ARM id), ``{const}``, or a list
  of alternatives (first present wins). Default ``[name]``.
* ``attributes``: ``<tf attribute>: <ARM path>`` or ``{to, transform, ...}`` where ``transform``
  names entries of ``TRANSFORMS`` (extra keys are their arguments); a nested block is
  ``{to, block: <spec>, each: object|list|map}`` (``list`` appends, ``map`` keys items by ``key``
  or ``key_prefix`` + index, ``route`` sends list items elsewhere by an attribute's value). Paths
  are relative to the enclosing block's target; ``[+]`` appends an array item. Several spellings
  of one attribute (renames across majors) simply map to the same path.
* ``set``: constants written first; ``computed``: ``{path: {format: "{a}_{b}"}}``.
* ``defaults``: ``{path: value}`` applied when the path is still absent; a value keyed by majors
  (``{3: true, 5: false}``) takes the entry of the newest major not above the configuration's;
  ``null`` means "no documented default".
* ``refs``: ``{<tf attribute path, dotted without indexes>: kind | {kind, path}}``; other refs are
  ``reference`` edges at the path the attribute was mapped to.
* ``extends``: another type's spec, deep-merged under this one; ``mode``: ``azapi`` (type, name,
  body taken directly) or ``passthrough`` (``terraform:<type>``, attributes as body).

Nothing here raises on odd input: a value of an unexpected shape is kept at its target path, and
markers of unresolved values pass through every transform.
"""
from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from functools import lru_cache
from importlib import resources
from typing import Any, Callable

from ..cache import load_yaml_data
from ..model import UNRESOLVED_KEY, Ref, Resource, is_unresolved, join_path, joined_paths
from .common import canonical_key, canonical_keys
from .terraform_model import TfResource

_APPEND = "+"  # path segment "[+]": append a new array item
_MISSING = object()

# ───────────── tables ─────────────


def _table_root() -> Any:
    return resources.files(__package__).joinpath("tables")


def _deep_merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in over.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _deep_merge(out[key], value)
        else:
            out[key] = value
    return out


@lru_cache(maxsize=1)
def azurerm_tables() -> dict[str, dict[str, Any]]:
    """Terraform type -> mapping spec, from every ``tables/azurerm/*.yaml`` (``extends`` resolved)."""
    raw: dict[str, dict[str, Any]] = {}
    folder = _table_root().joinpath("azurerm")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            doc = load_yaml_data(entry.read_text("utf-8")) or {}
            for tf_type, spec in (doc.get("types") or {}).items():
                raw[tf_type] = dict(spec or {}, _file=entry.name)
    resolved: dict[str, dict[str, Any]] = {}

    def resolve(tf_type: str, seen: tuple[str, ...] = ()) -> dict[str, Any]:
        if tf_type in resolved:
            return resolved[tf_type]
        spec = raw[tf_type]
        base = spec.get("extends")
        if base and base in raw and base not in seen:
            spec = _deep_merge(resolve(base, seen + (tf_type,)), {k: v for k, v in spec.items() if k != "extends"})
        resolved[tf_type] = spec
        return spec

    for tf_type in raw:
        resolve(tf_type)
    return resolved


@lru_cache(maxsize=1)
def kubernetes_table() -> dict[str, Any]:
    """The kubernetes-provider table: types, array blocks, name exceptions, integer fields."""
    text = _table_root().joinpath("kubernetes_provider.yaml").read_text("utf-8")
    return load_yaml_data(text) or {}


# ───────────── paths ─────────────

_TOKEN = re.compile(r"([^.\[\]]+)|\[(\d+|\+)\]")


@lru_cache(maxsize=4096)
def parse_path(text: str) -> tuple[str | int, ...]:
    """'properties.rules[0].x' -> ('properties', 'rules', 0, 'x'); '[+]' appends an item."""
    segs: list[str | int] = []
    for name, index in _TOKEN.findall(text or ""):
        if name:
            segs.append(name)
        elif index == _APPEND:
            segs.append(_APPEND)
        else:
            segs.append(int(index))
    return tuple(segs)


def _get(root: Any, path: tuple[str | int, ...]) -> Any:
    node = root
    for seg in path:
        if is_unresolved(node):
            return node
        if isinstance(seg, int) and isinstance(node, list) and -len(node) <= seg < len(node):
            node = node[seg]
        elif isinstance(seg, str) and isinstance(node, dict) and seg in node:
            node = node[seg]
        else:
            return _MISSING
    return node


def _put(root: dict[str, Any], path: tuple[str | int, ...], value: Any) -> tuple[str | int, ...] | None:
    """Write ``value`` at ``path`` (creating objects/arrays); dicts merge. Returns the concrete path."""
    if not path:
        return None
    node: Any = root
    concrete: list[str | int] = []
    end = len(path) - 1
    for i, seg in enumerate(path):
        last = i == end
        if isinstance(node, dict) and not is_unresolved(node) and isinstance(seg, str) and seg != _APPEND:
            key: str | int = seg
            if last:
                node[key] = _merge_value(node.get(key, _MISSING), value)
            elif not isinstance(node.get(key), (dict, list)):
                node[key] = _container_for(path[i + 1])
        elif isinstance(node, list) and (isinstance(seg, int) or seg == _APPEND):
            key = len(node) if seg == _APPEND or seg >= len(node) else seg
            if key == len(node):
                node.append(value if last else _container_for(path[i + 1]))
            elif last:
                node[key] = _merge_value(node[key], value)
            elif not isinstance(node[key], (dict, list)):
                node[key] = _container_for(path[i + 1])
        else:
            return None  # cannot descend (a marker, a scalar): the existing value wins
        concrete.append(key)
        if not last:
            node = node[key]
    return tuple(concrete)


def _container_for(next_seg: str | int) -> Any:
    """The empty array or object a path step creates, by the kind of the step after it."""
    return [] if isinstance(next_seg, int) or next_seg == _APPEND else {}


def _merge_value(old: Any, new: Any) -> Any:
    if isinstance(old, dict) and isinstance(new, dict) and not is_unresolved(old) and not is_unresolved(new):
        return _deep_merge(old, new)
    return new


def _canonical_path(path: tuple[str | int, ...]) -> str:
    return join_path(canonical_key(s) if isinstance(s, str) else s for s in path)


def _markers(value: Any, path: tuple[str | int, ...] = ()) -> list[tuple[str | int, ...]]:
    """Paths of the unresolved markers in ``value`` (only containers are descended into)."""
    if is_unresolved(value):
        return [path]
    items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    found: list[tuple[str | int, ...]] = []
    for key, item in items:
        if isinstance(item, (dict, list)):
            found += _markers(item, path + (key,))
    return found


# ───────────── value transforms (named in the tables) ─────────────


def _as_bool(value: Any) -> Any:
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return value


def _negate(value: Any, rule: dict[str, Any]) -> Any:
    value = _as_bool(value)
    return (not value) if isinstance(value, bool) else value


def _enum(value: Any, rule: dict[str, Any]) -> Any:
    """Map a value through ``values`` (keys compared as lower-case text; true/false for booleans)."""
    table = {str(k).lower(): v for k, v in (rule.get("values") or {}).items()}
    key = str(value).lower() if not isinstance(value, bool) else ("true" if value else "false")
    return table.get(key, value)


def _enabled_disabled(value: Any, rule: dict[str, Any]) -> Any:
    value = _as_bool(value)
    return ("Enabled" if value else "Disabled") if isinstance(value, bool) else value


def _identity(value: Any, rule: dict[str, Any]) -> Any:
    """identity block(s) -> {type: "SystemAssigned, UserAssigned", userAssignedIdentities: {id: {}}}."""
    block = value[0] if isinstance(value, list) and value and isinstance(value[0], dict) else value
    if not isinstance(block, dict) or is_unresolved(block):
        return block
    out: dict[str, Any] = {}
    kind = block.get("type")
    if isinstance(kind, str):
        out["type"] = ", ".join(p.strip() for p in kind.split(",") if p.strip())
    elif kind is not None:
        out["type"] = kind
    ids = block.get("identity_ids")
    if is_unresolved(ids):
        out["userAssignedIdentities"] = ids
    elif isinstance(ids, list) and ids:
        out["userAssignedIdentities"] = {_id_key(i): {} for i in ids}
    return out


def _id_key(value: Any) -> str:
    """An identity id as an object key: the id, or the expression text of an unresolved one."""
    if is_unresolved(value):
        return str(value[UNRESOLVED_KEY])
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _to_list(value: Any, rule: dict[str, Any]) -> Any:
    return value if isinstance(value, list) else [value]


def _str_list(value: Any, rule: dict[str, Any]) -> Any:
    items = value if isinstance(value, list) else [value]
    return [str(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else v for v in items]


def _join(value: Any, rule: dict[str, Any]) -> Any:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return rule.get("sep", ", ").join(value)
    return value


def _objects(value: Any, rule: dict[str, Any]) -> Any:
    """[a, b] -> [{key: a, **extra}, ...] (e.g. IP rules, subnet ids); objects are kept."""
    if not isinstance(value, list):
        return value
    key = rule.get("key", "value")
    extra = rule.get("extra") or {}
    return [v if isinstance(v, dict) and not is_unresolved(v) else dict({key: v}, **extra) for v in value]


def _object(value: Any, rule: dict[str, Any]) -> Any:
    """a -> {key: a, **extra} (e.g. a resource id -> {id: ...})."""
    return dict({rule.get("key", "id"): value}, **(rule.get("extra") or {}))


def _name_value_list(value: Any, rule: dict[str, Any]) -> Any:
    """{k: v} -> [{name: k, value: v}] (app settings)."""
    if not isinstance(value, dict):
        return value
    return [{"name": k, "value": v} for k, v in value.items()]


def _kv_map(value: Any, rule: dict[str, Any]) -> Any:
    """["k=v", ...] -> {k: v}; a map is kept."""
    if not isinstance(value, list):
        return value
    out: dict[str, Any] = {}
    for item in value:
        if isinstance(item, str) and "=" in item:
            k, _, v = item.partition("=")
            out[k.strip()] = v.strip()
        else:
            return value
    return out


def _epoch(value: Any, rule: dict[str, Any]) -> Any:
    """RFC 3339 time -> seconds since the epoch (ARM key/secret attributes.exp / nbf)."""
    if not isinstance(value, str):
        return value
    try:
        stamp = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return value
    if stamp.tzinfo is None:
        stamp = stamp.replace(tzinfo=timezone.utc)
    return int(stamp.timestamp())


def _sku_name_capacity(value: Any, rule: dict[str, Any]) -> Any:
    """"Developer_1" -> {name: "Developer", capacity: 1} (API Management)."""
    if not isinstance(value, str):
        return value
    name, sep, cap = value.rpartition("_")
    if sep and cap.isdigit():
        return {"name": name, "capacity": int(cap)}
    return {"name": value}


def _integer(value: Any, rule: dict[str, Any]) -> Any:
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value.strip()):
        return int(value)
    return value


def _json(value: Any, rule: dict[str, Any]) -> Any:
    """A JSON text (jsonencode already rendered, or azapi 1.x body strings) -> data."""
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _notify_action(value: Any, rule: dict[str, Any]) -> Any:
    """Key rotation ``notify_before_expiry`` -> an ARM lifetime action of type Notify."""
    return {"trigger": {"timeBeforeExpiry": value}, "action": {"type": "Notify"}}


TRANSFORMS: dict[str, Callable[[Any, dict[str, Any]], Any]] = {
    "negate": _negate,
    "enum": _enum,
    "enabled_disabled": _enabled_disabled,
    "identity": _identity,
    "to_list": _to_list,
    "str_list": _str_list,
    "join": _join,
    "objects": _objects,
    "object": _object,
    "name_value_list": _name_value_list,
    "kv_map": _kv_map,
    "epoch": _epoch,
    "sku_name_capacity": _sku_name_capacity,
    "integer": _integer,
    "json": _json,
    "notify_action": _notify_action,
}


def _arm_id_names(value: Any) -> str | None:
    """'/subscriptions/../providers/Microsoft.Cdn/profiles/p/originGroups/g' -> 'p/g'."""
    if not isinstance(value, str) or "/" not in value:
        return None
    segs = [s for s in value.strip("/").split("/") if s]
    lowered = [s.lower() for s in segs]
    if "providers" not in lowered:
        return None
    start = len(lowered) - 1 - lowered[::-1].index("providers") + 2  # after providers/<namespace>
    rest = segs[start:]
    names = rest[1::2]
    return "/".join(names) if names and len(rest) % 2 == 0 else None


def apply_transforms(value: Any, rule: dict[str, Any]) -> Any:
    """Apply a rule's transform(s); markers and unknown names pass through."""
    names = rule.get("transform") or []
    for name in [names] if isinstance(names, str) else names:
        if is_unresolved(value):
            return value
        fn = TRANSFORMS.get(name)
        if fn is not None:
            value = fn(value, rule)
    return value


def pick_major(value: Any, major: int) -> Any:
    """A per-major value ``{3: a, 5: b}`` -> the entry of the largest major <= ``major``."""
    if isinstance(value, dict) and value and all(isinstance(k, int) for k in value):
        keys = sorted(value)
        below = [k for k in keys if k <= major]
        return value[below[-1] if below else keys[0]]
    return value


# ───────────── Azure mapping ─────────────


class _Mapping:
    """State of one azurerm -> ARM mapping."""

    def __init__(self, tf: TfResource) -> None:
        self.tf = tf
        self.major = tf.provider_major
        self.body: dict[str, Any] = {}
        self.lines: dict[tuple[str | int, ...], int] = {}
        self.sources: dict[tuple[str | int, ...], tuple[str | int, ...]] = {}

    def line(self, tf_path: tuple[str | int, ...]) -> int | None:
        hit = self.tf.lines.get(tf_path)
        if hit is None and tf_path and isinstance(tf_path[-1], int):
            hit = self.tf.lines.get(tf_path[:-1])
        return hit

    def record(self, tf_path: tuple[str | int, ...], arm_path: tuple[str | int, ...] | None) -> None:
        if arm_path is None:
            return
        self.sources.setdefault(tf_path, arm_path)
        line = self.line(tf_path)
        if line:
            self.lines.setdefault(arm_path, line)

    def apply(self, spec: dict[str, Any], attrs: Any, tf_prefix: tuple, arm_prefix: tuple) -> None:
        """Map one level (the resource or one block item) of attributes."""
        if not isinstance(attrs, dict):
            return
        for rel, value in (spec.get("set") or {}).items():
            _put(self.body, arm_prefix + parse_path(rel), value)
        for attr, rule in (spec.get("attributes") or {}).items():
            rule = {"to": rule} if isinstance(rule, str) else (rule or {})
            value = attrs.get(attr)
            if value is None:
                continue
            if "block" in rule:
                self.block(rule, value, attrs, tf_prefix + (attr,), arm_prefix)
            elif rule.get("to"):
                target = _put(self.body, arm_prefix + parse_path(rule["to"]), apply_transforms(value, rule))
                self.record(tf_prefix + (attr,), target)
        for rel, fmt in (spec.get("computed") or {}).items():
            self.compose(attrs, rel, fmt, tf_prefix, arm_prefix)
        for rel, value in (spec.get("defaults") or {}).items():
            value = pick_major(value, self.major)
            path = arm_prefix + parse_path(rel)
            if value is not None and _get(self.body, path) is _MISSING:
                _put(self.body, path, value)

    def block(self, rule: dict[str, Any], value: Any, attrs: dict, tf_path: tuple, arm_prefix: tuple) -> None:
        """Map a nested block (a list of dicts) as one object, an array, or an object keyed by name."""
        each = rule.get("each", "object")
        to = parse_path(rule.get("to", ""))
        items = [value] if isinstance(value, dict) and not is_unresolved(value) else value
        if not isinstance(items, list):  # a marker or a scalar where a block was expected
            self.record(tf_path, _put(self.body, arm_prefix + to, value))
            return
        for i, item in enumerate(items):
            if each == "object" and i > 0:
                break
            target = arm_prefix + to
            if each == "list":
                target = arm_prefix + self.route(rule, item) + (_APPEND,)
            elif each == "map":
                target = target + (self.map_key(rule, item, i),)
            if not isinstance(item, dict) or is_unresolved(item):
                self.record(tf_path + (i,), _put(self.body, target, item))
                continue
            concrete = _put(self.body, target, {})
            if concrete is None:
                continue
            self.record(tf_path + (i,), concrete)
            self.apply(rule["block"] or {}, item, tf_path + (i,), concrete)

    def route(self, rule: dict[str, Any], item: Any) -> tuple[str | int, ...]:
        """The array a list block goes to; ``route`` may send items elsewhere by an attribute's value."""
        route = rule.get("route")
        if route and isinstance(item, dict):
            key = str(item.get(route.get("attribute"))).lower()
            for case, path in (route.get("cases") or {}).items():
                if str(case).lower() == key:
                    return parse_path(path)
        return parse_path(rule.get("to", ""))

    @staticmethod
    def map_key(rule: dict[str, Any], item: Any, index: int) -> str:
        key = item.get(rule["key"]) if rule.get("key") and isinstance(item, dict) else None
        return key if isinstance(key, str) else f"{rule.get('key_prefix', 'item')}{index}"

    def compose(self, attrs: dict, rel: str, fmt: Any, tf_prefix: tuple, arm_prefix: tuple) -> None:
        """A value built from several attributes: ``{format: "{a}_{b}"}``; any marker -> marker."""
        template = fmt.get("format", "") if isinstance(fmt, dict) else str(fmt)
        names = re.findall(r"{(\w+)}", template)
        values = {n: attrs.get(n) for n in names}
        if not names or any(v is None for v in values.values()):
            return
        marked = [v for v in values.values() if is_unresolved(v)]
        result = marked[0] if marked else template.format(**{k: str(v) for k, v in values.items()})
        target = _put(self.body, arm_prefix + parse_path(rel), result)
        self.record(tf_prefix + (names[-1],), target)

    def name(self, spec: dict[str, Any]) -> tuple[Any, str]:
        """(body name, display name): parents joined with '/' when every parent name is known."""
        parts = spec.get("name") or ["name"]
        parts = [parts] if isinstance(parts, (str, dict)) else parts
        values = [self.name_part(part) for part in parts]
        own = values[-1] if values else None
        if not isinstance(own, str):
            return own, self.tf.name
        if all(isinstance(v, str) and v for v in values):
            full = "/".join(values)
            return full, full
        return own, own

    def name_part(self, part: Any) -> Any:
        """One name segment: an attribute, ``{attr, from_id}``, ``{const}``, or a list of alternatives."""
        if isinstance(part, list):
            found = [self.name_part(p) for p in part]
            return next((v for v in found if v is not None), None)
        part = {"attr": part} if isinstance(part, str) else (part or {})
        if "const" in part:
            return str(part["const"])
        raw = self.tf.attrs.get(part.get("attr", ""))
        if part.get("from_id") and raw is not None and not is_unresolved(raw):
            return _arm_id_names(raw)
        return raw


def _refs(tf: TfResource, table: dict[str, Any], sources: dict[tuple, tuple], body: Any,
          canon: Callable[[tuple], str]) -> list[Ref]:
    kinds = table or {}
    out: list[Ref] = []
    for tf_path, address in tf.refs:
        dotted = ".".join(s for s in tf_path if isinstance(s, str))
        kind, path = "reference", None
        for pattern, value in sorted(kinds.items(), key=lambda kv: -len(kv[0])):
            if dotted == pattern or dotted.startswith(pattern + "."):
                value = {"kind": value} if isinstance(value, str) else (value or {})
                kind, path = value.get("kind", "reference"), value.get("path")
                break
        if path is None:
            path = _source_path(tuple(tf_path), sources, body, canon)
        out.append(Ref(path=path, target=address, kind=kind))
    return out


def _source_path(tf_path: tuple, sources: dict[tuple, tuple], body: Any, canon: Callable[[tuple], str]) -> str:
    """The canonical path a Terraform attribute path landed on (longest mapped prefix)."""
    for cut in range(len(tf_path), 0, -1):
        arm = sources.get(tf_path[:cut])
        if arm is not None:
            deeper = arm + tf_path[cut:]
            return canon(deeper if not arm or _get(body, deeper) is not _MISSING else arm)
    return join_path(tf_path)


def _resource(tf: TfResource, rtype: str, name: str, body: dict[str, Any], lines: dict[str, int],
              refs: list[Ref]) -> Resource:
    res = Resource(
        id=f"{tf.file}::{tf.address}", type=rtype, name=name, format=tf.format, file=tf.file,
        address=tf.address, line=tf.line, end_line=tf.end_line, body=body, lines=lines,
        source_type=tf.tf_type, refs=refs,
    )
    res.unresolved = [(join_path(p), res.line_of(join_path(p))) for p in _markers(body)]
    return res


def _azure(tf: TfResource, spec: dict[str, Any]) -> Resource:
    m = _Mapping(tf)
    m.apply(spec, tf.attrs, (), ())
    body_name, name = m.name(spec)
    arm_type = spec.get("arm_type") or f"terraform:{tf.tf_type}"
    head: dict[str, Any] = {"type": arm_type}
    if body_name is not None:
        head["name"] = body_name
    if spec.get("api_version"):
        head["apiVersion"] = spec["api_version"]
    if not arm_type.startswith("terraform:"):
        name_line = m.line(("name",))
        if name_line:
            m.lines.setdefault(("name",), name_line)
    body = canonical_keys(_deep_merge(head, {k: v for k, v in m.body.items() if k not in head}))
    lines = {_canonical_path(p): line for p, line in m.lines.items()}
    refs = _refs(tf, spec.get("refs") or {}, m.sources, m.body, _canonical_path)
    return _resource(tf, arm_type, name, body, lines, refs)


def _azapi(tf: TfResource, spec: dict[str, Any]) -> Resource:
    """azapi_resource: ``type`` is ``ARMType@apiVersion``, ``body`` the ARM body (HCL object or JSON)."""
    attrs = tf.attrs
    raw_type = attrs.get("type")
    arm_type, api_version = (raw_type.split("@", 1) + [""])[:2] if isinstance(raw_type, str) else ("", "")
    body_in = _json(attrs.get("body"), {})
    body: dict[str, Any] = {}
    lines: dict[tuple, int] = {}
    sources: dict[tuple, tuple] = {}
    if isinstance(body_in, dict) and not is_unresolved(body_in):
        body.update(body_in)
        for tf_path, line in tf.lines.items():
            if len(tf_path) > 1 and tf_path[0] == "body":
                lines.setdefault(tuple(tf_path[1:]), line)
        sources[("body",)] = ()
    elif body_in is not None:
        body["properties"] = body_in  # the whole body is unknown: properties carry the marker
        sources[("body",)] = ("properties",)
        if tf.lines.get(("body",)):
            lines[("properties",)] = tf.lines[("body",)]
    own = attrs.get("name")
    parent_id = attrs.get("parent_id")
    parents = _arm_id_names(parent_id) if arm_type.count("/") > 1 else None
    full = f"{parents}/{own}" if parents and isinstance(own, str) else own
    head = {"type": arm_type or f"terraform:{tf.tf_type}", "name": full}
    if api_version:
        head["apiVersion"] = api_version
    for attr, rule in (spec.get("attributes") or {}).items():
        rule = {"to": rule} if isinstance(rule, str) else rule
        if attrs.get(attr) is not None:
            target = _put(head, parse_path(rule["to"]), apply_transforms(attrs[attr], rule))
            if target is not None:
                sources[(attr,)] = target
                if tf.lines.get((attr,)):
                    lines[target] = tf.lines[(attr,)]
    merged = canonical_keys(_deep_merge(body, head))
    canon_lines = {_canonical_path(p): line for p, line in lines.items() if p}
    refs = _refs(tf, spec.get("refs") or {}, sources, merged, _canonical_path)
    name = full if isinstance(full, str) else tf.name
    return _resource(tf, head["type"], name, merged, canon_lines, refs)


def _passthrough(tf: TfResource) -> Resource:
    """Unmapped types (and azuread ones): ``terraform:<type>`` with the attributes as body."""
    body = dict(tf.attrs)
    lines = {text: tf.lines[p] for p, text in joined_paths(tf.lines) if p}
    refs = [Ref(path=join_path(p), target=a, kind="reference") for p, a in tf.refs]
    name = tf.attrs.get("name") if isinstance(tf.attrs.get("name"), str) else tf.name
    return _resource(tf, f"terraform:{tf.tf_type}", name, body, lines, refs)


# ───────────── Kubernetes provider mapping ─────────────


def _camel(key: str, names: dict[str, str]) -> str:
    if key in names:
        return names[key]
    head, *rest = key.split("_")
    return head + "".join(p[:1].upper() + p[1:] for p in rest)


class _K8sMapping:
    """Terraform kubernetes-provider attributes -> a Kubernetes object."""

    def __init__(self, tf: TfResource, table: dict[str, Any]) -> None:
        self.tf = tf
        self.arrays: dict[str, str] = table.get("arrays") or {}
        self.singles: set[str] = set(table.get("singles") or [])
        self.names: dict[str, str] = table.get("names") or {}
        self.integers: set[str] = set(table.get("integers") or [])
        self.lines: dict[tuple, int] = {}
        self.sources: dict[tuple, tuple] = {}

    def record(self, tf_path: tuple, k8s_path: tuple) -> None:
        self.sources.setdefault(tf_path, k8s_path)
        line = self.tf.lines.get(tf_path)
        if line:
            self.lines.setdefault(k8s_path, line)

    def convert(self, obj: dict[str, Any], parent: str, tf_path: tuple, k8s_path: tuple) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, value in obj.items():
            if value is None:
                continue
            ctx = f"{parent}.{key}"
            blocks = isinstance(value, list) and value and all(
                isinstance(v, dict) and not is_unresolved(v) for v in value)
            if blocks:
                as_array = (ctx in self.arrays or key in self.arrays) and ctx not in self.singles
                name = self.arrays.get(ctx) or self.arrays.get(key) if as_array else None
                if not as_array and len(value) > 1:
                    as_array, name = True, _camel(key, self.names)
                name = name or _camel(key, self.names)
                if as_array:
                    out[name] = [
                        self.item(v, key, tf_path + (key, i), k8s_path + (name, i)) for i, v in enumerate(value)
                    ]
                else:
                    out[name] = self.item(value[0], key, tf_path + (key, 0), k8s_path + (name,))
                self.record(tf_path + (key,), k8s_path + (name,))
                continue
            name = _camel(key, self.names)
            if key in self.integers:
                value = _integer(value, {})
            out[name] = value
            self.record(tf_path + (key,), k8s_path + (name,))
        return out

    def item(self, value: dict[str, Any], key: str, tf_path: tuple, k8s_path: tuple) -> dict[str, Any]:
        self.record(tf_path, k8s_path)
        return self.convert(value, key, tf_path, k8s_path)


def _kubernetes(tf: TfResource, spec: dict[str, Any], table: dict[str, Any]) -> Resource:
    m = _K8sMapping(tf, table)
    fields = spec.get("fields") or ["metadata", "spec"]
    attrs = {k: v for k, v in tf.attrs.items() if k in fields}
    body: dict[str, Any] = {"apiVersion": spec.get("apiVersion", "v1"), "kind": spec.get("kind", "")}
    body.update(m.convert(attrs, "", (), ()))
    meta = body.get("metadata")
    if spec.get("namespaced") and isinstance(meta, dict) and meta.get("namespace") is None:
        meta["namespace"] = "default"  # the provider's default namespace
    lines = {text: m.lines[p] for p, text in joined_paths(m.lines)}
    refs = _refs(tf, spec.get("refs") or {}, m.sources, body, join_path)
    group = spec.get("apiVersion", "v1").rpartition("/")[0] or "core"
    name = meta.get("name") if isinstance(meta, dict) and isinstance(meta.get("name"), str) else tf.name
    return _resource(tf, f"k8s:{group}/{spec.get('kind', '')}", name, body, lines, refs)


# ───────────── entry point ─────────────


def to_resource(tf: TfResource) -> Resource:
    """Map one Terraform resource onto its canonical resource (ARM, Kubernetes or ``terraform:<type>``)."""
    spec = azurerm_tables().get(tf.tf_type)
    if spec is not None:
        if spec.get("mode") == "azapi":
            return _azapi(tf, spec)
        if spec.get("mode") == "passthrough":
            return _passthrough(tf)
        return _azure(tf, spec)
    k8s = kubernetes_table()
    kspec = (k8s.get("types") or {}).get(tf.tf_type)
    if kspec is not None:
        return _kubernetes(tf, kspec, k8s)
    return _passthrough(tf)
