"""Terraform HCL -> TfResource -> Resource: root modules, variables, locals, modules, count/for_each.

Every directory with ``.tf`` files is a module; the directories that no scanned module calls as a
local module are root modules and are evaluated. Variables take their default, then
``terraform.tfvars``, ``*.auto.tfvars`` and ``--var-file`` values; locals, module inputs and
outputs, references to other resources' literal arguments and a table of functions are evaluated
where static. Everything else stays ``model.unresolved(<source text>)``.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from ..model import ParsedFile, ParseError, Resource, unresolved
from . import Context
from .terraform_eval import Env, EvalError, Evaluator, Unknown, convert, pairs, source
from .terraform_model import TfResource

NEWEST_MAJOR = 5
MAX_MODULE_DEPTH = 16
_META_ATTRS = {"count", "for_each", "provider", "depends_on"}
_META_BLOCKS = {"lifecycle", "provisioner", "connection"}
_MODULE_ARGS = {"source", "version", "count", "for_each", "providers", "depends_on"}
_NOT_RESOURCES = {"var", "local", "count", "each", "path", "module", "data", "self", "terraform"}
_AUTO_VARS = re.compile(r"(^terraform\.tfvars(\.json)?$)|(\.auto\.tfvars(\.json)?$)")
_VERSION_MAJOR = re.compile(r"(\d+)")
_INSTANCE_KEY = re.compile(r'\[(?:"(?:[^"\\]|\\.)*"|[^\]]*)\]')  # [0], ["key"]: one notice per module block


def normalize(files: list[ParsedFile], ctx: Context) -> list[Resource]:
    """Canonical resources of the Terraform files; refs point at resource ids where known."""
    return [r for group in _evaluate_roots(files, ctx) for r in to_resources(group)]


def to_resources(group: list[TfResource]) -> list[Resource]:
    """Map the TfResources of one root module with ``azurerm.to_resource``; ref targets -> ids."""
    from .azurerm import to_resource

    ids: dict[str, str] = {}
    for tf in group:
        ids[tf.address] = f"{tf.file}::{tf.address}"
        ids.setdefault(_base_address(tf.address), ids[tf.address])
    out = []
    for tf in group:
        resource = to_resource(tf)
        if resource is None:
            continue
        for ref in resource.refs:
            ref.target = ids.get(ref.target, ref.target)
        out.append(resource)
    return out


def plan_lines(directory: str, ctx: Context) -> dict[str, TfResource]:
    """Where a plan's resources are written: the resources of the ``.tf`` root module in
    ``directory`` (local modules followed), by address; unkeyed addresses also by their base."""
    names = ctx.reads.folder(directory)
    if names is None:
        return {}
    quiet = Context(var_files=list(ctx.var_files), load=ctx.load, reads=ctx.reads)
    files = [p for n in names if n.endswith((".tf", ".tf.json"))
             for p in [ctx.load(os.path.join(directory, n))] if p is not None]
    out: dict[str, TfResource] = {}
    for tf in (tf for group in _evaluate_roots(files, quiet) for tf in group):
        out[tf.address] = tf
    return out


def tf_resources(files: list[ParsedFile], ctx: Context) -> list[TfResource]:
    """Every resource instance of the root modules in ``files``, resolved as far as static."""
    return [tf for group in _evaluate_roots(files, ctx) for tf in group]


def provider_major(constraint: Any) -> int:
    """Major version an azurerm constraint selects: its first version number, else the newest."""
    match = _VERSION_MAJOR.search(constraint) if isinstance(constraint, str) else None
    return int(match.group(1)) if match else NEWEST_MAJOR


def _base_address(address: str) -> str:
    return re.sub(r"\[[^\]]*\]$", "", address)


# configuration of one module directory -----------------------------------------------------------

@dataclass
class _Config:
    """The blocks of one module directory, indexed by kind and name."""

    directory: str
    variables: dict[str, dict[str, Any]] = field(default_factory=dict)
    variable_files: dict[str, str] = field(default_factory=dict)
    locals: dict[str, list[Any]] = field(default_factory=dict)  # name -> expr
    resources: dict[tuple[str, str], tuple[dict[str, Any], str]] = field(default_factory=dict)
    data: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    modules: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)
    outputs: dict[str, list[Any]] = field(default_factory=dict)
    azurerm_version: Any = None

    def add(self, parsed: ParsedFile) -> None:
        for doc in parsed.documents:
            for block in doc.data.get("blocks", []):
                self._add_block(block, parsed.file)

    def _add_block(self, block: dict[str, Any], file: str) -> None:
        kind, labels, attrs = block["type"], block["labels"], block["attrs"]
        if kind == "resource" and len(labels) == 2:
            self.resources.setdefault((labels[0], labels[1]), (block, file))
        elif kind == "data" and len(labels) == 2:
            self.data.setdefault((labels[0], labels[1]), block)
        elif kind == "variable" and len(labels) == 1:
            self.variables.setdefault(labels[0], block)
            self.variable_files.setdefault(labels[0], file)
        elif kind == "locals":
            self.locals.update({name: expr for name, (expr, _line) in attrs.items()})
        elif kind == "module" and len(labels) == 1:
            self.modules.setdefault(labels[0], (block, file))
        elif kind == "output" and len(labels) == 1 and "value" in attrs:
            self.outputs[labels[0]] = attrs["value"][0]
        elif kind == "terraform":
            for sub in block["blocks"]:
                if sub["type"] == "required_providers" and "azurerm" in sub["attrs"]:
                    self.azurerm_version = _literal_version(sub["attrs"]["azurerm"][0])
        elif kind == "provider" and labels == ["azurerm"] and "version" in attrs:
            self.azurerm_version = self.azurerm_version or _literal_version(attrs["version"][0])

    def local_module_dirs(self) -> list[str]:
        out = []
        for block, _file in self.modules.values():
            source = _literal(block["attrs"].get("source"))
            if isinstance(source, str) and _is_local(source):
                out.append(os.path.normpath(os.path.join(self.directory, source)))
        return out


def _decoded_body(block: dict[str, Any]) -> dict[str, Any]:
    """An azapi block whose ``body = jsonencode(X)`` reads as ``body = X`` (what azapi decodes,
    and what azapi 2.x takes directly): one unknown leaf then no longer hides the whole body,
    and every key of X keeps its line."""
    body = block["attrs"].get("body")
    expr = body[0] if body else None
    if not expr or expr[0] != "call" or expr[2].rsplit("::", 1)[-1] != "jsonencode" or len(expr[3]) != 1 or expr[4]:
        return block
    return dict(block, attrs=dict(block["attrs"], body=(expr[3][0], body[1])))


def _literal(attr: list[Any] | None) -> Any:
    return attr[0][1] if attr and attr[0][0] == "lit" else None


def _literal_version(expr: list[Any]) -> Any:
    if expr[0] == "lit":
        return expr[1]
    if expr[0] == "object":
        for key, value, _line in expr[1]:
            if key == ["lit", "version"] and value[0] == "lit":
                return value[1]
    return None


def _is_local(source: str) -> bool:
    return source.startswith(("./", "../", ".\\", "..\\"))


# the scan: files by directory, loading of files outside the scan ---------------------------------

class _Scan:
    def __init__(self, files: list[ParsedFile], ctx: Context) -> None:
        self.ctx = ctx
        self.configs: dict[str, _Config] = {}
        self.var_files: dict[str, list[ParsedFile]] = {}
        self.notices: set[str] = set(ctx.notices)
        self.loaded: dict[str, ParsedFile | None] = {}
        for parsed in files:
            directory = os.path.dirname(parsed.file) or "."
            if _is_var_file(parsed.file):
                self.var_files.setdefault(directory, []).append(parsed)
            else:
                self.configs.setdefault(directory, _Config(directory)).add(parsed)

    def roots(self) -> list[_Config]:
        called = {d for config in self.configs.values() for d in config.local_module_dirs()
                  if d != config.directory}
        return [c for d, c in sorted(self.configs.items()) if os.path.normpath(d) not in called]

    def config(self, directory: str) -> _Config | None:
        """A module directory: from the scanned files, else read through ``ctx.load``."""
        for key in (directory, os.path.normpath(directory)):
            if key in self.configs:
                return self.configs[key]
        names = self.ctx.reads.folder(directory)
        if names is None:
            return None
        config = _Config(directory)
        for name in names:
            if name.endswith((".tf", ".tf.json")):
                parsed = self.load(os.path.join(directory, name))
                if parsed is not None:
                    config.add(parsed)
        self.configs[directory] = config
        return config

    def load(self, path: str) -> ParsedFile | None:
        if path not in self.loaded:
            parsed = self.ctx.load(path)
            self.loaded[path] = parsed
            if parsed is not None:
                self.ctx.errors.extend(parsed.errors)
        return self.loaded[path]

    def notice(self, text: str) -> None:
        if text not in self.notices:
            self.notices.add(text)
            self.ctx.notices.append(text)

    def root_inputs(self, config: _Config) -> dict[str, tuple[Any, list[str]]]:
        """Variable values from terraform.tfvars, *.auto.tfvars and --var-file, in precedence order."""
        scanned = {p.file: p for p in self.var_files.get(config.directory, [])}
        try:
            on_disk = [os.path.join(config.directory, n) for n in os.listdir(config.directory)]
        except OSError:
            on_disk = []
        auto = {p for p in on_disk if _AUTO_VARS.search(os.path.basename(p))}
        auto |= {f for f in scanned if _AUTO_VARS.search(os.path.basename(f))}
        ordered = sorted(auto, key=_var_file_order)
        inputs: dict[str, tuple[Any, list[str]]] = {}
        evaluator = Evaluator()
        for path in ordered + list(self.ctx.var_files):
            parsed = scanned.get(path) or self.load(path)
            if parsed is None:
                continue
            for doc in parsed.documents:
                for name, (expr, _line) in doc.data.get("attrs", {}).items():
                    inputs[name] = (evaluator.evaluate(expr, {}), [])
        return inputs


def _is_var_file(name: str) -> bool:
    return name.endswith((".tfvars", ".tfvars.json"))


def _var_file_order(path: str) -> tuple[int, str]:
    base = os.path.basename(path)
    rank = {"terraform.tfvars": 0, "terraform.tfvars.json": 1}.get(base, 2)
    return rank, base


def _evaluate_roots(files: list[ParsedFile], ctx: Context) -> list[list[TfResource]]:
    scan = _Scan(files, ctx)
    groups = []
    for config in scan.roots():
        try:
            module = _Module(scan, config, "", scan.root_inputs(config),
                             provider_major(config.azurerm_version), ())
            group = module.all_resources()
        except RecursionError:
            ctx.errors.append(ParseError(config.directory, 1, "configuration nested too deeply to evaluate"))
            continue
        groups.append(group)
    return _unique(groups)


def _unique(groups: list[list[TfResource]]) -> list[list[TfResource]]:
    """A module called from two roots yields the same ids twice: keep the first."""
    seen: set[tuple[str, str]] = set()
    out = []
    for group in groups:
        kept = [tf for tf in group if (tf.file, tf.address) not in seen]
        seen.update((tf.file, tf.address) for tf in kept)
        out.append(kept)
    return out


# evaluation of one module instance ---------------------------------------------------------------

@dataclass
class _Instances:
    """The evaluated instances of one resource block; ``mode`` single, count, for_each or unknown."""

    mode: str
    items: list[tuple[Any, TfResource, dict[str, Any]]]  # (key, resource, attrs with Unknowns)


class _Module(Evaluator):
    """One module instance: its variables, locals, resources and child modules."""

    def __init__(self, scan: _Scan, config: _Config, prefix: str,
                 inputs: dict[str, tuple[Any, list[str]]], major: int, stack: tuple[str, ...]) -> None:
        self.scan, self.config, self.prefix = scan, config, prefix
        self.inputs, self.major, self.stack = inputs, major, stack + (config.directory,)
        self.sink: list[str] = []
        self.cache: dict[tuple[str, ...], tuple[Any, list[str]]] = {}
        self.busy: set[tuple[str, ...]] = set()
        self.instances: dict[tuple[str, str], _Instances] = {}
        self.children: dict[str, tuple[str, list[tuple[Any, _Module]]] | None] = {}

    # -- results

    def all_resources(self) -> list[TfResource]:
        out: list[TfResource] = [self.variable_declaration(name) for name in self.config.variables]
        for key in self.config.resources:
            out.extend(tf for _, tf, _raw in self.resource_instances(*key).items)
        for name in self.config.modules:
            child = self.module_children(name)
            if child is not None:
                for _, module in child[1]:
                    out.extend(module.all_resources())
        return out

    def variable_declaration(self, name: str) -> TfResource:
        """A ``variable`` block as a resource of type ``terraform:variable`` (AIP-SEC-001 reads it):
        name, declared type, ``sensitive`` and the literal default when there is one."""
        block = self.config.variables[name]
        attrs: dict[str, Any] = {"name": name, "sensitive": False}
        lines: dict[tuple[Any, ...], int] = {}
        for key, (expr, line) in block["attrs"].items():
            if key in ("type", "sensitive", "default"):
                value = source(expr) if key == "type" else plain(self.capture(expr, {})[0])
                attrs[key] = value
                lines[(key,)] = line
        return TfResource(tf_type="variable", name=name, address=f"{self.prefix}var.{name}",
                          file=self.config.variable_files[name], line=block["line"], end_line=block["end_line"],
                          attrs=attrs, lines=lines, provider_major=self.major)

    # -- values with the references they carry

    def capture(self, expr: list[Any], env: Env) -> tuple[Any, list[str]]:
        """Evaluate with a fresh reference sink: (value, referenced addresses)."""
        outer, self.sink = self.sink, []
        try:
            return self.evaluate(expr, env), self.sink
        finally:
            self.sink = outer

    def cached(self, key: tuple[str, ...], compute: Any) -> Any:
        if key in self.busy:
            raise EvalError("cycle: " + ".".join(key))
        if key not in self.cache:
            self.busy.add(key)
            try:
                self.cache[key] = compute()
            finally:
                self.busy.discard(key)
        value, refs = self.cache[key]
        self.sink.extend(refs)
        return value

    def var(self, name: str) -> Any:
        def compute() -> tuple[Any, list[str]]:
            block = self.config.variables.get(name)
            attrs = block["attrs"] if block is not None else {}
            if name in self.inputs:
                value, refs = self.inputs[name]
            elif "default" in attrs:
                value, refs = self.capture(attrs["default"][0], {})
            else:
                return Unknown(f"var.{name}"), []
            return (convert(value, attrs["type"][0]) if "type" in attrs else value), refs
        return self.cached(("var", name), compute)

    def local(self, name: str) -> Any:
        if name not in self.config.locals:
            raise EvalError(f"no local {name}")
        return self.cached(("local", name), lambda: self.capture(self.config.locals[name], {}))

    def output(self, name: str) -> Any:
        if name not in self.config.outputs:
            raise EvalError(f"no output {name}")
        return self.cached(("output", name), lambda: self.capture(self.config.outputs[name], {}))

    # -- reference roots

    def root(self, name: str, steps: list[list[Any]], env: Env) -> tuple[Any, int]:
        attr = steps[0][1] if steps and steps[0][0] == "attr" else None
        if name == "var" and attr:
            return self.var(attr), 1
        if name == "local" and attr:
            return self.local(attr), 1
        if name == "path":
            return {"module": self.config.directory, "root": self.stack[0], "cwd": "."}, 0
        if name == "module" and attr:
            return self.module_ref(attr, steps[1:], env)
        if name == "data" and attr and len(steps) > 1 and steps[1][0] == "attr":
            return self.data_value(attr, steps[1][1]), 2
        if name in _NOT_RESOURCES or not attr:
            return Unknown(name), len(steps)
        self.sink.append(self.prefix + f"{name}.{attr}" + self.index_suffix(steps[1:], env))
        return self.resource_value(name, attr), 1

    def index_suffix(self, steps: list[list[Any]], env: Env) -> str:
        if not steps or steps[0][0] != "index":
            return ""
        key = self.evaluate(steps[0][1], env)
        if isinstance(key, bool) or not isinstance(key, (int, str)):
            return ""
        return f"[{key}]" if isinstance(key, int) else f'["{key}"]'

    def data_value(self, tf_type: str, name: str) -> Any:
        block = self.config.data.get((tf_type, name))
        if block is None:
            return Unknown(f"data.{tf_type}.{name}")
        return self.cached(("data", tf_type, name), lambda: (_Lazy(self, block), []))

    def resource_value(self, tf_type: str, name: str) -> Any:
        if (tf_type, name) not in self.config.resources:
            return Unknown(f"{tf_type}.{name}")
        inst = self.resource_instances(tf_type, name)
        values = [(key, _Known(raw)) for key, _tf, raw in inst.items]
        if inst.mode == "single":
            return values[0][1]
        if inst.mode == "count":
            return [v for _, v in values]
        if inst.mode == "for_each":
            return dict(values)
        return Unknown(f"{tf_type}.{name}")

    def module_ref(self, name: str, steps: list[list[Any]], env: Env) -> tuple[Any, int]:
        found = self.module_children(name) if name in self.config.modules else None
        if found is None:
            return Unknown(f"module.{name}"), 1 + len(steps)
        mode, children = found
        used = 1
        if mode in ("count", "for_each"):
            if not steps or steps[0][0] != "index":
                return Unknown(f"module.{name}"), 1 + len(steps)
            key = self.evaluate(steps[0][1], env)
            match = [m for k, m in children if k == key]
            if not match:
                return Unknown(f"module.{name}"), 1 + len(steps)
            child, steps, used = match[0], steps[1:], 2
        elif mode == "single":
            child = children[0][1]
        else:
            return Unknown(f"module.{name}"), 1 + len(steps)
        if not steps or steps[0][0] != "attr":
            return Unknown(f"module.{name}"), used + len(steps)
        outer, child.sink = child.sink, []
        try:
            value = child.output(steps[0][1])
        finally:
            self.sink.extend(child.sink)
            child.sink = outer
        return value, used + 1

    # -- expansion (count / for_each)

    def expand(self, block: dict[str, Any]) -> tuple[str, list[tuple[Any, str, Env]]]:
        """(mode, [(key, address suffix, env)]): one unkeyed instance when the expansion is unknown."""
        attrs = block["attrs"]
        if "count" in attrs:
            count = self.evaluate(attrs["count"][0], {})
            if isinstance(count, bool) or not isinstance(count, (int, float)) or count < 0:
                return "unknown", [(None, "", {})]
            return "count", [(i, f"[{i}]", {"count": {"index": i}}) for i in range(int(count))]
        if "for_each" in attrs:
            coll = self.evaluate(attrs["for_each"][0], {})
            if isinstance(coll, dict) and not isinstance(coll, _Known):
                items = [(k, coll[k]) for k in sorted(coll)]
            elif isinstance(coll, list) and all(isinstance(i, str) for i in coll):
                items = [(i, i) for i in coll]
            else:
                return "unknown", [(None, "", {})]
            return "for_each", [(k, f'["{k}"]', {"each": {"key": k, "value": v}}) for k, v in items]
        return "single", [(None, "", {})]

    def resource_instances(self, tf_type: str, name: str) -> _Instances:
        key = (tf_type, name)
        if key not in self.instances:
            if ("resource", tf_type, name) in self.busy:
                raise EvalError(f"cycle through {tf_type}.{name}")
            self.busy.add(("resource", tf_type, name))
            try:
                self.instances[key] = self.build_instances(tf_type, name)
            finally:
                self.busy.discard(("resource", tf_type, name))
        return self.instances[key]

    def build_instances(self, tf_type: str, name: str) -> _Instances:
        block, file = self.config.resources[(tf_type, name)]
        mode, expansions = self.expand(block)
        items = []
        outer, self.sink = self.sink, []
        try:
            for key, suffix, env in expansions:
                items.append(self.build_instance(tf_type, name, block, file, key, suffix, env))
        finally:
            self.sink = outer
        return _Instances(mode, items)

    def build_instance(self, tf_type: str, name: str, block: dict[str, Any], file: str, key: Any,
                       suffix: str, env: Env) -> tuple[Any, TfResource, dict[str, Any]]:
        lines: dict[tuple[Any, ...], int] = {}
        refs: list[tuple[tuple[Any, ...], str]] = []
        if tf_type.startswith("azapi_"):
            block = _decoded_body(block)
        attrs = self.body_values(block, env, (), lines, refs)
        tf = TfResource(tf_type=tf_type, name=name, address=f"{self.prefix}{tf_type}.{name}{suffix}",
                        file=file, line=block["line"], end_line=block["end_line"],
                        attrs=plain(attrs), lines=lines, provider_major=self.major, refs=refs)
        return key, tf, attrs

    def body_values(self, body: dict[str, Any], env: Env, path: tuple[Any, ...],
                    lines: dict[tuple[Any, ...], int], refs: list[tuple[tuple[Any, ...], str]]) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, (expr, line) in body["attrs"].items():
            if not path and name in _META_ATTRS:
                if name == "depends_on":
                    self.record_refs(expr, env, ("depends_on",), refs)
                continue
            at = path + (name,)
            out[name] = self.record_refs(expr, env, at, refs)
            lines[at] = line
            _object_lines(expr, at, lines)
        for block in body["blocks"]:
            kind = block["type"]
            if not path and kind in _META_BLOCKS:
                continue
            if kind == "dynamic" and block["labels"]:
                self.dynamic(block, env, path, out, lines, refs)
                continue
            items = out.setdefault(kind, [])
            at = path + (kind, len(items))
            lines[at] = block["line"]
            items.append(self.body_values(block, env, at, lines, refs))
        return out

    def record_refs(self, expr: list[Any], env: Env, at: tuple[Any, ...],
                    refs: list[tuple[tuple[Any, ...], str]]) -> Any:
        value, addresses = self.capture(expr, env)
        for address in dict.fromkeys(addresses):
            refs.append((at, address))
        return value

    def dynamic(self, block: dict[str, Any], env: Env, path: tuple[Any, ...], out: dict[str, Any],
                lines: dict[tuple[Any, ...], int], refs: list[tuple[tuple[Any, ...], str]]) -> None:
        label = block["labels"][0]
        iterator = _iterator_name(block) or label
        content = next((b for b in block["blocks"] if b["type"] == "content"), {"attrs": {}, "blocks": []})
        for_each = block["attrs"].get("for_each")
        coll = self.evaluate(for_each[0], env) if for_each else Unknown("for_each")
        if isinstance(coll, (dict, list)) and not isinstance(coll, _Known):
            iterations: list[Any] = [{"key": k, "value": v} for k, v in pairs(coll)]
        else:
            iterations = [Unknown(for_each[0][1] if for_each else "for_each")]
        if not iterations:
            return
        items = out.setdefault(label, [])
        for it in iterations:
            at = path + (label, len(items))
            lines[at] = block["line"]
            items.append(self.body_values(content, dict(env, **{iterator: it}), at, lines, refs))

    # -- child modules

    def module_children(self, name: str) -> tuple[str, list[tuple[Any, _Module]]] | None:
        if name not in self.children:
            self.children[name] = self.build_children(name)
        return self.children[name]

    def build_children(self, name: str) -> tuple[str, list[tuple[Any, _Module]]] | None:
        block, file = self.config.modules[name]
        label = _INSTANCE_KEY.sub("", f"{self.prefix}module.{name}").removeprefix("module.")
        source = self.evaluate(block["attrs"]["source"][0], {}) if "source" in block["attrs"] else None
        if not isinstance(source, str) or not _is_local(source):
            self.scan.notice(f"{file}:{block['line']}: module {label}: source {_show(source)} not fetched")
            return None
        directory = os.path.normpath(os.path.join(self.config.directory, source))
        config = self.scan.config(directory)
        if config is None or directory in self.stack or len(self.stack) > MAX_MODULE_DEPTH:
            self.scan.notice(f"{file}:{block['line']}: module {label}: source {source} not found or recursive; not evaluated")
            return None
        mode, expansions = self.expand(block)
        major = self.major if self.config.azurerm_version or not config.azurerm_version \
            else provider_major(config.azurerm_version)
        children = []
        for key, suffix, env in expansions:
            inputs = {n: self.capture(expr, env) for n, (expr, _line) in block["attrs"].items()
                      if n not in _MODULE_ARGS}
            prefix = f"{self.prefix}module.{name}{suffix}."
            children.append((key, _Module(self.scan, config, prefix, inputs, major, self.stack)))
        return mode, children


class _Known(dict):
    """The attributes of a resource instance as a value: absent keys are computed (unknown)."""

    def __missing__(self, key: str) -> Unknown:
        return Unknown(key)

    def __contains__(self, key: object) -> bool:
        return True


class _Lazy(_Known):
    """A data source's arguments, evaluated when read."""

    def __init__(self, module: _Module, block: dict[str, Any]) -> None:
        super().__init__()
        for name, (expr, _line) in block["attrs"].items():
            if name not in _META_ATTRS:
                self[name] = module.evaluate(expr, {})


def _iterator_name(block: dict[str, Any]) -> str | None:
    attr = block["attrs"].get("iterator")
    if attr and attr[0][0] == "trav" and isinstance(attr[0][2], str) and not attr[0][3]:
        return attr[0][2]
    return None


def _object_lines(expr: list[Any], path: tuple[Any, ...], lines: dict[tuple[Any, ...], int]) -> None:
    if expr[0] != "object":
        return
    for key, value, line in expr[1]:
        if key[0] == "lit" and isinstance(key[1], str) and line:
            lines[path + (key[1],)] = line
            _object_lines(value, path + (key[1],), lines)


def _show(source: Any) -> str:
    return source if isinstance(source, str) else "(not a literal)"


def plain(value: Any) -> Any:
    """Evaluated value -> plain data: unknowns become ``model.unresolved`` markers."""
    if isinstance(value, Unknown):
        return unresolved(value.src)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value
