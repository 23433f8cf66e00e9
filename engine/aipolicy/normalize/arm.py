"""ARM templates -> canonical resources.

Per template: parameters (defaults, parameter files beside the template, ``--param-file``),
variables and expressions are resolved where static (``arm_expr``); nested child resources,
copy loops, conditions, and nested deployments (inline, or linked by ``relativePath``) are
expanded. Each resource keeps its lines, unresolved values, references and suppressions.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from typing import Any

from ..model import UNRESOLVED_KEY, Document, ParsedFile, ParseError, PathKey, Ref, Resource, unresolved
from . import Context
from .arm_expr import MAX_COPIES, Scope, Unknown, azure_key, is_expression, key_text, split_name
from .common import canonical_key, canonical_path, canonical_type

FORMAT = "arm"
BODY_KEYS = ("type", "name", "location", "sku", "kind", "identity", "zones", "tags", "properties", "apiVersion")
_BODY_KEYS = {k.lower(): k for k in BODY_KEYS}
DEPLOYMENT_TYPE = "microsoft.resources/deployments"
PARAMETER_TYPE = "arm:parameter"
SUPPRESS_KEY = "aipolicy:ignore"
MAX_NESTING = 8  # nested deployments inside one another
# top-level keys of a resource whose subtrees belong to other resources (not to its lines)
_NOT_OWN = ("resources",)


def _get(raw: dict, key: str, default: Any = None) -> Any:
    """A member of an ARM object; ARM compares names case-insensitively."""
    if key in raw:
        return raw[key]
    found = _key_name(raw, key)
    return default if found is None else raw[found]


def _key_name(raw: dict, key: str) -> str | None:
    if key in raw:
        return key
    size, lower = len(key), key.lower()
    for name in raw:
        if len(name) == size and name.lower() == lower:
            return name
    return None


@dataclass
class _Template:
    """One template being expanded: where it is written and what its expressions see."""

    file: str
    doc: Document
    base: PathKey  # path of the template object inside doc
    data: dict
    scope: Scope
    suppressions: list[str]
    chain: tuple[str, ...]  # files of the enclosing templates (cycle guard)
    own_parameters: bool = True  # parameter resources are emitted (not for outer-scope templates)


@dataclass
class _Instance:
    """One resource after copy/condition expansion, before its body is evaluated."""

    raw: dict
    path: PathKey
    written_type: str  # the full type as written (children qualified)
    type: str  # the canonical type (extension resources: the extension's type)
    name: Any  # str or Unknown: the full ARM name
    address_name: str
    loops: dict[str, Any]
    parent: str | None = None  # key of the enclosing resource
    scope_target: str | None = None  # key of the target of a "<type>/providers/<ext>" resource
    key: str = ""
    children: list["_Instance"] = field(default_factory=list)


def _name_segments(kind: str) -> int:
    return len(kind.split("/")) - 1


def _qualify(parent: _Instance | None, kind: str, name: Any) -> tuple[str, Any]:
    """Full type and name of a nested child (type and name prefixed with the parent's)."""
    if parent is None:
        return kind, name
    qualified = "." in kind.split("/", 1)[0]
    full_type = kind if qualified else f"{parent.type}/{kind}"
    if qualified and len(split_name(key_text(name))) >= _name_segments(kind):
        return full_type, name
    return full_type, _join(parent.name, name)


def _join(left: Any, right: Any) -> Any:
    if isinstance(left, Unknown) or isinstance(right, Unknown):
        return Unknown(f"concat({_expr(left)}, '/', {_expr(right)})", f"{key_text(left)}/{key_text(right)}")
    return f"{left}/{right}"


def _expr(value: Any) -> str:
    return value.expr if isinstance(value, Unknown) else "'" + str(value).replace("'", "''") + "'"


def _extension(kind: str, name: Any) -> tuple[str, Any, str] | None:
    """``Microsoft.X/y/providers/diagnosticSettings`` named ``acct/Microsoft.Insights/diag`` ->
    (``Microsoft.Insights/diagnosticSettings``, ``diag``, key of the target ``microsoft.x/y/acct``)."""
    lower = kind.lower()
    if "/providers/" not in lower:
        return None
    cut = lower.index("/providers/")
    target_type, ext_type = kind[:cut], kind[cut + len("/providers/"):]
    segments = split_name(key_text(name))
    count = _name_segments(target_type)
    if len(segments) != count + 1 + len(ext_type.split("/")):
        return None
    namespace, ext_names = segments[count], segments[count + 1:]
    target = "/".join([target_type] + segments[:count]).lower()
    ext_name = "/".join(ext_names)
    value = Unknown(f"last(split({_expr(name)}, '/'))", ext_name) if isinstance(name, Unknown) else ext_name
    return f"{namespace}/{ext_type}", value, target


def _suppressions(metadata: Any) -> list[str]:
    if not isinstance(metadata, dict):
        return []
    value = _get(metadata, SUPPRESS_KEY)
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str) and item.strip()]


class _Builder:
    """Expands the templates of one normalize() call into resources."""

    def __init__(self, files: list[ParsedFile], ctx: Context) -> None:
        self.ctx = ctx
        self.parameter_docs = {
            pf.file: doc for pf in files for doc in pf.documents if doc.kind == "parameters"
        }
        self.linked: set[str] = set()  # template files reached through templateLink from another file
        self.used_parameter_files: dict[str, dict[str, str]] = {}  # path -> {parameter (lower): type}

    # ── parameters ──

    def _parameter_doc(self, path: str) -> tuple[str, Document] | None:
        """(display file, document) of a parameter file: from the scan set or loaded."""
        doc = self.parameter_docs.get(path)
        if doc is not None:
            return path, doc
        loaded = self.ctx.load(path)
        if loaded is None or not loaded.documents or loaded.documents[0].kind != "parameters":
            return None
        return loaded.file, loaded.documents[0]

    def supplied_parameters(self, file: str, definitions: dict) -> dict[str, Any]:
        """Values from the parameter file beside ``file`` and from ``--param-file`` (later wins);
        the files used are remembered with the declared types of their parameters."""
        stem = file[:-5] if file.lower().endswith(".json") else file
        values: dict[str, Any] = {}
        types = {k.lower(): _get(v, "type") for k, v in definitions.items() if isinstance(v, dict)}
        for path in [f"{stem}.parameters.json", *self.ctx.param_files]:
            found = self._parameter_doc(path)
            if found is None or not isinstance(found[1].data.get("parameters"), dict):
                continue
            entries = found[1].data["parameters"]
            known = self.used_parameter_files.setdefault(found[0], {})
            for name, entry in entries.items():
                values[name] = _passed_value(name, entry, None)
                if isinstance(types.get(name.lower()), str):
                    known.setdefault(name.lower(), types[name.lower()])
        return values

    def parameter_file_resources(self) -> list[Resource]:
        """One ``arm:parameter`` per value of a parameter file (scanned, beside a template or
        ``--param-file``), in that file at the value's line, typed by the template that uses it."""
        out = []
        paths = list(dict.fromkeys([*self.parameter_docs, *self.used_parameter_files]))
        for path in paths:
            found = self._parameter_doc(path)
            doc = found[1] if found else None
            entries = _dict(doc.data.get("parameters")) if doc is not None and isinstance(doc.data, dict) else {}
            types = self.used_parameter_files.get(path, {})
            for name, entry in entries.items():
                value_key = _key_name(entry, "value") if isinstance(entry, dict) else None
                if value_key is None:
                    continue  # a Key Vault reference: no value in the file
                tpl = _Template(path, doc, (), doc.data, Scope({}, {}, {}), [], (path,))
                at = ("parameters", name)
                body = {"name": name, "type": types.get(name.lower()), "default": entry[value_key]}
                resource = _resource(tpl, PARAMETER_TYPE, name, f"parameters.{name}", at, body)
                resource.lines = {"name": self._line(tpl, at), "default": self._line(tpl, at + (value_key,))}
                resource.suppressions = _suppressions(_get(doc.data, "metadata"))
                out.append(resource)
        return out

    # ── templates ──

    def template_file(self, parsed: ParsedFile, doc: Document) -> list[Resource]:
        data = doc.data
        scope = Scope(
            _dict(data.get("parameters")),
            self.supplied_parameters(parsed.file, _dict(data.get("parameters"))),
            _dict(data.get("variables")),
            _list(data.get("functions")),
        )
        template = _Template(parsed.file, doc, (), data, scope, _suppressions(data.get("metadata")), (parsed.file,))
        return self.template(template)

    def template(self, tpl: _Template) -> list[Resource]:
        out = self._parameter_resources(tpl) if tpl.own_parameters else []
        instances: list[_Instance] = []
        raw_resources = tpl.data.get("resources")
        if isinstance(raw_resources, list):
            entries = [(i, r, None) for i, r in enumerate(raw_resources)]
        elif isinstance(raw_resources, dict):  # languageVersion 2.0: symbolic name -> resource
            entries = [(k, r, k) for k, r in raw_resources.items()]
        else:
            entries = []
        names: dict[str, str] = {}
        for index, raw, symbol in entries:
            for instance in self._expand(tpl, raw, tpl.base + ("resources", index), None):
                instances.append(instance)
                if symbol is not None:
                    names[symbol.lower()] = instance.key
        for instance in _flatten(instances):
            names.setdefault(key_text(instance.name).lower(), instance.key)
        for instance in _flatten(instances):
            out.extend(self._resources_of(tpl, instance, names))
        return out

    def _parameter_resources(self, tpl: _Template) -> list[Resource]:
        out = []
        for name, definition in _dict(tpl.data.get("parameters")).items():
            if not isinstance(definition, dict):
                continue
            path = tpl.base + ("parameters", name)
            body: dict[str, Any] = {"name": name, "type": _get(definition, "type")}
            lines = {"name": self._line(tpl, path)}
            type_key, default_key = _key_name(definition, "type"), _key_name(definition, "defaultValue")
            if type_key:
                lines["type"] = self._line(tpl, path + (type_key,))
            resource = _resource(tpl, PARAMETER_TYPE, name, f"parameters.{name}", path, body)
            if default_key:
                tpl.scope.path = ["default"]
                body["default"] = _materialize(tpl.scope.value(definition[default_key]), definition[default_key],
                                               ("default",), resource)
                lines["default"] = self._line(tpl, path + (default_key,))
            resource.lines = lines
            resource.suppressions = tpl.suppressions + _suppressions(_get(definition, "metadata"))
            _finish_unresolved(resource)
            out.append(resource)
        return out

    @staticmethod
    def _line(tpl: _Template, path: PathKey) -> int:
        return tpl.doc.lines.get(path, (1, 1))[0]

    # ── expansion: copy loops, conditions, names, children ──

    def _expand(self, tpl: _Template, raw: Any, path: PathKey, parent: _Instance | None) -> list[_Instance]:
        if not isinstance(raw, dict) or not isinstance(_get(raw, "type"), str) or _get(raw, "existing") is True:
            return []
        scope = tpl.scope
        copy = _get(raw, "copy")
        indexes: list[Any] = [None]
        loop_name = ""
        if isinstance(copy, dict):
            count = scope.value(_get(copy, "count"))
            loop_name = str(_get(copy, "name", "")).lower()
            if isinstance(count, int) and not isinstance(count, bool):
                indexes = list(range(min(max(count, 0), MAX_COPIES)))
        out = []
        for index in indexes:
            with scope.loop("", index), scope.loop(loop_name, index):
                instance = self._instance(tpl, raw, path, parent, index if isinstance(copy, dict) else None)
                if instance is not None:
                    out.append(instance)
        return out

    def _instance(
        self, tpl: _Template, raw: dict, path: PathKey, parent: _Instance | None, index: int | None
    ) -> _Instance | None:
        scope = tpl.scope
        scope.path = ["condition"]
        condition = scope.value(_get(raw, "condition", True))
        if not isinstance(condition, Unknown) and condition is not True and str(condition).lower() != "true":
            return None
        scope.path = ["name"]
        raw_name = _get(raw, "name", "")
        written = raw_name if isinstance(raw_name, str) else str(raw_name)
        kind, name = _qualify(parent, _get(raw, "type"), scope.value(raw_name))
        if not isinstance(name, (str, Unknown)):
            name = str(name)
        if isinstance(name, str):
            address_name = name
        else:
            address_name = f"{parent.address_name}/{written}" if parent is not None else written
        if index is not None:
            address_name = f"{address_name}[{index}]"
        instance = _Instance(raw, path, kind, canonical_type(kind), name, address_name, dict(scope.loops),
                             parent=parent.key if parent else None)
        extension = _extension(kind, name)
        if extension is not None:
            ext_type, instance.name, instance.scope_target = extension
            instance.type = canonical_type(ext_type)
        instance.key = f"{instance.type}/{key_text(instance.name)}".lower()
        children_key = _key_name(raw, "resources")
        for child_index, child in enumerate(_list(raw.get(children_key)) if children_key else []):
            instance.children.extend(self._expand(tpl, child, path + (children_key, child_index), instance))
        return instance

    # ── resources ──

    def _resources_of(self, tpl: _Template, inst: _Instance, names: dict[str, str]) -> list[Resource]:
        try:
            resource = self._resource(tpl, inst, names)
        except (RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
            line = tpl.doc.lines.get(inst.path, (1, 1))[0]
            self.ctx.errors.append(ParseError(tpl.file, line, f"ARM resource could not be read: {exc}"))
            return []
        out = [resource]
        if inst.type.lower() == DEPLOYMENT_TYPE:
            out.extend(self._deployment(tpl, inst))
        return out

    def _resource(self, tpl: _Template, inst: _Instance, names: dict[str, str]) -> Resource:
        scope = tpl.scope
        saved_loops, scope.loops, scope.refs = scope.loops, dict(inst.loops), []
        try:
            raw_body = {k: v for k, v in inst.raw.items() if k.lower() in _BODY_KEYS and k.lower() not in ("type", "name")}
            if inst.type.lower() == DEPLOYMENT_TYPE:
                raw_body = _without_template(raw_body)
            scope.path = []
            values = scope.value(raw_body)
            depends = self._depends_on(tpl, inst)
            scope_target = self._scope_target(tpl, inst)
            refs = scope.refs
        finally:
            scope.loops = saved_loops
        name_value = inst.name if isinstance(inst.name, str) else unresolved(str(_get(inst.raw, "name", "")))
        body: dict[str, Any] = {"type": inst.type, "name": name_value}
        resource = _resource(tpl, inst.type, key_text(inst.name), f"{inst.written_type}/{inst.address_name}",
                             inst.path, body)
        resource.source_type = inst.written_type
        if not isinstance(inst.name, str):
            resource.unresolved.append((("name",), 0))
        for key, value in values.items():
            body[key] = _materialize(value, inst.raw[key], (key,), resource, respell=key.lower() != "tags")
        resource.body = {canonical_key(k): body[k] for k in sorted(body, key=_body_order)}
        resource.lines = self._lines(tpl, inst)
        _finish_unresolved(resource)
        resource.suppressions = tpl.suppressions + _suppressions(_get(inst.raw, "metadata"))
        resource.refs = _refs(inst, refs, depends, scope_target, names)
        return resource

    def _depends_on(self, tpl: _Template, inst: _Instance) -> list[tuple[str, str]]:
        """(path, target) of every dependsOn entry; expression entries note their resourceId refs."""
        out = []
        for index, entry in enumerate(_list(_get(inst.raw, "dependsOn"))):
            tpl.scope.path = ["dependsOn", index]
            before = len(tpl.scope.refs)
            value = tpl.scope.value(entry)
            if len(tpl.scope.refs) == before and isinstance(value, (str, Unknown)):
                out.append((f"dependsOn[{index}]", key_text(value)))
        return out

    def _scope_target(self, tpl: _Template, inst: _Instance) -> str | None:
        raw = _get(inst.raw, "scope")
        if not isinstance(raw, str):
            return None
        scope = tpl.scope
        saved, scope.refs, scope.path = scope.refs, [], ["scope"]
        try:
            value = scope.value(raw)
            noted = [target for _, target in scope.refs]
        finally:
            scope.refs = saved
        if noted:
            return noted[-1].lower()
        key = azure_key(key_text(value)) if isinstance(value, (str, Unknown)) else None
        return key.lower() if key else None

    def _lines(self, tpl: _Template, inst: _Instance) -> dict[str, int]:
        lines: dict[str, int] = {}
        doc_lines = tpl.doc.lines

        def walk(value: Any, path: tuple) -> None:
            hit = doc_lines.get(inst.path + path)
            if hit:
                lines.setdefault(canonical_path(path), hit[0])
            items = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
            for key, item in items:
                walk(item, path + (key,))

        for key, value in inst.raw.items():
            if key.lower() in _NOT_OWN:
                continue
            if inst.type.lower() == DEPLOYMENT_TYPE and key.lower() == "properties" and isinstance(value, dict):
                value = _without_template(value)
            walk(value, (key,))
        return lines

    # ── nested deployments ──

    def _deployment(self, tpl: _Template, inst: _Instance) -> list[Resource]:
        props = _dict(_get(inst.raw, "properties"))
        if len(tpl.chain) > MAX_NESTING:
            self.ctx.notices.append(f"{tpl.file}: deployments nested deeper than {MAX_NESTING} levels not followed")
            return []
        scope = tpl.scope
        saved_loops, scope.loops = scope.loops, dict(inst.loops)
        try:
            inner = self._inner_template(tpl, inst, props)
        finally:
            scope.loops = saved_loops
        return self.template(inner) if inner is not None else []

    def _inner_template(self, tpl: _Template, inst: _Instance, props: dict) -> _Template | None:
        props_key = _key_name(inst.raw, "properties")
        inline_key = _key_name(props, "template")
        if inline_key and isinstance(props[inline_key], dict):
            data, file, doc, base = props[inline_key], tpl.file, tpl.doc, inst.path + (props_key, inline_key)
            options = _dict(_get(props, "expressionEvaluationOptions"))
            inner_scope = str(_get(options, "scope", "outer")).lower() == "inner"
        else:
            loaded = self._linked(tpl, _dict(_get(props, "templateLink")))
            if loaded is None:
                return None
            file, doc = loaded
            data, base, inner_scope = doc.data, (), True
        suppressions = tpl.suppressions + _suppressions(data.get("metadata"))
        if not inner_scope:
            return _Template(file, doc, base, data, tpl.scope, suppressions, tpl.chain + (file,), own_parameters=False)
        scope = Scope(_dict(data.get("parameters")), {}, _dict(data.get("variables")), _list(data.get("functions")))
        for name, entry in _dict(_get(props, "parameters")).items():
            outer, tpl.scope.refs = tpl.scope.refs, []
            value = _passed_value(name, entry, tpl.scope)
            scope.supply(name, value, [target for _, target in tpl.scope.refs])
            tpl.scope.refs = outer
        return _Template(file, doc, base, data, scope, suppressions, tpl.chain + (file,))

    def _linked(self, tpl: _Template, link: dict) -> tuple[str, Document] | None:
        relative = _get(link, "relativePath")
        if not isinstance(relative, str) or not relative or is_expression(relative):
            if link:
                self.ctx.notices.append(f"{tpl.file}: linked template not followed (only local relativePath is)")
            return None
        path = posixpath.normpath(posixpath.join(posixpath.dirname(tpl.file), relative))
        if path in tpl.chain:
            self.ctx.notices.append(f"{tpl.file}: linked template {path} includes itself; not followed again")
            return None
        loaded = self.ctx.load(path)
        docs = [d for d in (loaded.documents if loaded else []) if isinstance(d.data, dict)]
        if loaded is not None:
            self.ctx.errors.extend(loaded.errors)
        if not docs:
            self.ctx.notices.append(f"{tpl.file}: linked template {path} could not be read")
            return None
        self.linked.add(loaded.file)
        return loaded.file, docs[0]


# ───────────── helpers ─────────────


def _dict(value: Any) -> dict:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list:
    return value if isinstance(value, list) else []


def _flatten(instances: list[_Instance]) -> list[_Instance]:
    out = []
    for instance in instances:
        out.append(instance)
        out.extend(_flatten(instance.children))
    return out


def _without_template(raw: dict) -> dict:
    """A deployment's properties without the inner template (its resources are listed apart)."""
    out = {}
    for key, value in raw.items():
        if key.lower() == "properties" and isinstance(value, dict):
            value = {k: v for k, v in value.items() if k.lower() != "template"}
        if key.lower() != "template":
            out[key] = value
    return out


def _passed_value(name: str, entry: Any, scope: Scope | None) -> Any:
    """A parameter value as a parameter file or a deployment passes it: {"value": ...}."""
    if isinstance(entry, dict):
        value_key = _key_name(entry, "value")
        if value_key is not None:
            return scope.value(entry[value_key]) if scope is not None else entry[value_key]
    return Unknown(f"parameters('{name}')")  # a Key Vault reference or nothing: known at deployment only


def _body_order(key: str) -> int:
    lower = key.lower()
    return list(_BODY_KEYS).index(lower) if lower in _BODY_KEYS else len(_BODY_KEYS)


def _finish_unresolved(resource: Resource) -> None:
    """Unresolved paths as canonical strings, each with the line of its longest written prefix."""
    paths = [canonical_path(p) for p, _ in resource.unresolved]
    resource.unresolved = [(p, resource.line_of(p)) for p in paths]


def _resource(tpl: _Template, kind: str, name: str, address: str, path: PathKey, body: dict) -> Resource:
    start, end = tpl.doc.lines.get(path, (1, 1))
    return Resource(
        id="", type=kind, name=name, format=FORMAT, file=tpl.file, address=address, line=start,
        end_line=end, body=body, source_type=kind,
    )


def _materialize(value: Any, raw: Any, path: tuple, resource: Resource, respell: bool = False) -> Any:
    """Replace Unknown values by unresolved markers (the written text when the written value was
    that expression) and record their paths in ``resource.unresolved``; with ``respell``, re-spell
    the keys as ``canonical_keys`` would afterwards (in the same pass: no second copy)."""
    if isinstance(value, Unknown):
        resource.unresolved.append((path, 0))
        return unresolved(raw if isinstance(raw, str) and is_expression(raw) else f"[{value.expr}]")
    if isinstance(value, dict):
        raw = raw if isinstance(raw, dict) else {}
        if respell and UNRESOLVED_KEY not in value:
            return {canonical_key(k): _materialize(v, raw.get(k), path + (k,), resource, k.lower() != "tags")
                    for k, v in value.items()}
        return {k: _materialize(v, raw.get(k), path + (k,), resource) for k, v in value.items()}
    if isinstance(value, list):
        raw = raw if isinstance(raw, list) else []
        return [_materialize(v, raw[i] if i < len(raw) else None, path + (i,), resource, respell)
                for i, v in enumerate(value)]
    return value


def _target(text: str, names: dict[str, str]) -> str | None:
    """A reference as written (key, resource ID, interleaved type/name or plain name) -> key."""
    if "/" not in text or text.startswith("["):
        found = names.get(text.lower())
        if found or "/" not in text:
            return found
    if "." in text.split("/", 1)[0] and not text.startswith("/"):
        return text.lower()
    key = azure_key(text)
    return key.lower() if key else None


def _refs(
    inst: _Instance,
    noted: list[tuple[tuple, str]],
    depends: list[tuple[str, str]],
    scope_target: str | None,
    names: dict[str, str],
) -> list[Ref]:
    found: list[tuple[str, str | None, str]] = [(canonical_path(path), _target(t, names), "reference") for path, t in noted]
    found += [(path, _depends_target(t, names), "reference") for path, t in depends]
    if scope_target:
        found.append(("scope", scope_target, "scope"))
    if inst.scope_target:
        found.append(("name", inst.scope_target, "scope"))
    if inst.parent:
        found.append(("", inst.parent, "parent"))
    out, seen = [], set()
    for path, target, kind in found:
        if target and target != inst.key and (path, target, kind) not in seen:
            seen.add((path, target, kind))
            out.append(Ref(path, target, kind))
    return out


def _depends_target(text: str, names: dict[str, str]) -> str | None:
    """dependsOn / scope entries: a name, a resource ID, or the interleaved ``Ns/type/name`` form."""
    if "/" not in text:
        return names.get(text.lower())
    key = azure_key(text)
    return key.lower() if key else _target(text, names)


def _unique_ids(resources: list[Resource]) -> None:
    seen: dict[str, int] = {}
    for resource in resources:
        base = f"{resource.file}::{resource.address}"
        seen[base] = seen.get(base, 0) + 1
        resource.id = base if seen[base] == 1 else f"{base}#{seen[base]}"


def normalize(files: list[ParsedFile], ctx: Context) -> list[Resource]:
    """Every resource (and template parameter) of the ARM templates in ``files``."""
    builder = _Builder(files, ctx)
    per_file: list[tuple[str, list[Resource]]] = []
    for parsed in files:
        for doc in parsed.documents:
            if doc.kind != "template" or not isinstance(doc.data, dict):
                continue
            try:
                per_file.append((parsed.file, builder.template_file(parsed, doc)))
            except (RecursionError, ValueError, TypeError, AttributeError, KeyError, IndexError) as exc:
                ctx.errors.append(ParseError(parsed.file, 1, f"ARM template could not be read: {exc}"))
    resources = [r for file, found in per_file if file not in builder.linked for r in found]
    resources.extend(builder.parameter_file_resources())
    _unique_ids(resources)
    return resources
