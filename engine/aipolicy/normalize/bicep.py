"""Bicep -> canonical resources: parameters, variables, modules, loops and conditions resolved statically.

Every ``.bicep`` file that no scanned file uses as a local module is evaluated as a root, with its
parameter defaults overridden by the ``.bicepparam`` files whose ``using`` names it and by the
``--param-file`` files. Local modules are evaluated with the parameters passed to them; their
resources keep the module file and get the address ``<module symbol>.<symbol>``. Registry and
template-spec modules are not fetched (one notice each). ``existing`` resources are only targets
of references. Besides Azure resources, every parameter becomes a ``bicep:param`` resource so
that AIP-SEC-001 can check secret-looking parameters.
"""
from __future__ import annotations

import base64
import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any, Callable

from ..model import UNRESOLVED_KEY, ParsedFile, Ref, Resource, unresolved
from ..parsers.jsonlines import parse_json
from . import Context
from .bicep_eval import Evaluator, Lambda, Unknown, contains_unknown, loop_env, text_of
from .common import canonical_key, canonical_keys, canonical_path, canonical_type

MAX_MODULE_DEPTH = 12
MAX_LOADED_BYTES = 1 << 20  # loadTextContent & co.: larger files stay unknown
PARAM_TYPE = "bicep:param"
_REF_KEYS = {"parent": "parent", "scope": "scope", "dependsOn": "reference"}  # Bicep-only body keys
_REGISTRY_PREFIXES = ("br:", "br/", "ts:", "ts/")

Refs = list[tuple[str, str]]  # (target, kind) collected while evaluating one value


def normalize(files: list[ParsedFile], ctx: Context) -> list[Resource]:
    """Canonical resources (and ``bicep:param`` records) of the Bicep files."""
    return _Run(files, ctx).resources()


def _data(pf: ParsedFile | None) -> dict[str, Any] | None:
    if pf is None or not pf.documents or not isinstance(pf.documents[0].data, dict):
        return None
    return pf.documents[0].data


def _resolve(base_file: str, path: str) -> str:
    return posixpath.normpath(posixpath.join(posixpath.dirname(base_file), path.replace("\\", "/")))


# ───────────── symbols as values ─────────────


@dataclass
class _Decl:
    """One resource declaration; ``outer`` is the lexically enclosing resource of a nested one."""

    entry: dict[str, Any]
    path: tuple[str, ...]
    outer: "_Decl | None" = None


@dataclass
class _Inst:
    """One instance of a resource or module declaration (one loop element)."""

    address: str
    env: dict[str, Any]
    deployed: bool
    outer: "_Inst | None" = None


@dataclass
class _Sym:
    """A resource symbol: the whole declaration (``inst`` None) or one instance of it."""

    ev: "_FileEval"
    decl: _Decl
    inst: _Inst | None = None


@dataclass
class _ModSym:
    ev: "_FileEval"
    entry: dict[str, Any]
    inst: _Inst | None = None


@dataclass
class _Outputs:
    children: list["_FileEval"]


@dataclass
class _Namespace:
    ev: "_FileEval"


# ───────────── the run: files, parameter files, modules ─────────────


class _Run:
    def __init__(self, files: list[ParsedFile], ctx: Context) -> None:
        self.ctx = ctx
        self.by_path = {posixpath.normpath(pf.file): pf for pf in files if _data(pf) is not None}
        self.loaded: dict[str, ParsedFile | None] = {}
        self.param_records_done: set[str] = set()
        self.out: list[Resource] = []
        self.paramfiles_of: dict[str | None, list[ParsedFile]] = {}  # template -> its .bicepparam files
        for pf in self.by_path.values():
            if _data(pf)["kind"] == "bicepparam":
                self.paramfiles_of.setdefault(self._using(pf), []).append(pf)

    def resources(self) -> list[Resource]:
        templates = [pf for pf in self.by_path.values() if _data(pf)["kind"] == "bicep"]
        used_as_module = self._module_targets(templates)
        for pf in templates:
            self.param_records(pf)
        for pf in templates:
            if posixpath.normpath(pf.file) not in used_as_module:
                ev = _FileEval(self, pf, "", self._root_overrides(pf), ())
                self.out.extend(ev.emit())
        for pf in self.by_path.values():
            if _data(pf)["kind"] == "bicepparam":
                self.out.extend(self._assignment_records(pf))
        return self.out

    def load(self, path: str) -> ParsedFile | None:
        """A file by resolved path: from the scan set, else through ``ctx.load`` (once)."""
        if path in self.by_path:
            return self.by_path[path]
        if path not in self.loaded:
            pf = self.ctx.load(path)
            self.loaded[path] = pf
            if pf is not None:
                self.ctx.errors.extend(pf.errors)
        return self.loaded[path]

    def read_local(self, base_file: str, path: str) -> bytes | None:
        """Bytes of a file named relative to ``base_file``, only inside the scanned tree (the
        common folder of the scanned Bicep files) and only up to ``MAX_LOADED_BYTES``."""
        roots = [os.path.dirname(os.path.abspath(p)) for p in self.by_path] or [os.getcwd()]
        root = os.path.realpath(os.path.commonpath(roots))
        target = os.path.realpath(_resolve(base_file, path))
        if os.path.commonpath([root, target]) != root:
            return None
        return self.ctx.reads.read_file(target, MAX_LOADED_BYTES)

    def notice(self, message: str) -> None:
        if message not in self.ctx.notices:
            self.ctx.notices.append(message)

    def _module_targets(self, templates: list[ParsedFile]) -> set[str]:
        targets = set()
        for pf in templates:
            for mod in _data(pf)["modules"]:
                path = mod.get("path")
                if isinstance(path, str) and not path.startswith(_REGISTRY_PREFIXES):
                    targets.add(_resolve(pf.file, path))
        return targets

    # parameters ---------------------------------------------------------------
    def _root_overrides(self, pf: ParsedFile) -> dict[str, tuple[Any, Refs]]:
        """Parameter values for a root template: its .bicepparam files, then --param-file files."""
        sets = [self._assigned_values(p) for p in self.paramfiles_of.get(posixpath.normpath(pf.file), [])]
        values = _agreeing(sets)
        for path in self.ctx.param_files:
            values.update(self._param_file_values(path))
        return {name: (value, []) for name, value in values.items()}

    def _using(self, pf: ParsedFile) -> str | None:
        using = _data(pf).get("using") or {}
        path = using.get("path")
        return _resolve(pf.file, path) if isinstance(path, str) else None

    def _assigned_values(self, pf: ParsedFile) -> dict[str, Any]:
        ev = _FileEval(self, pf, "", {}, ())
        return {p["name"]: ev.param(p["name"]) for p in _data(pf)["params"]}

    def _param_file_values(self, path: str) -> dict[str, Any]:
        pf = self.load(posixpath.normpath(path))
        data = pf.documents[0].data if pf is not None and pf.documents else None
        if isinstance(data, dict) and data.get("kind") == "bicepparam":
            return self._assigned_values(pf)
        params = data.get("parameters") if isinstance(data, dict) else None
        if not isinstance(params, dict):
            self.notice(f"{path}: not a parameter file (no 'parameters' object)")
            return {}
        out: dict[str, Any] = {}
        for name, spec in params.items():
            if isinstance(spec, dict) and "value" in spec:
                out[name] = spec["value"]
            else:
                out[name] = Unknown(f"parameter {name} from {path}")
        return out

    def param_records(self, pf: ParsedFile) -> None:
        """One ``bicep:param`` resource per declared parameter of ``pf`` (once per file)."""
        if pf.file in self.param_records_done:
            return
        self.param_records_done.add(pf.file)
        ev = _FileEval(self, pf, "", {}, ())
        for decl in _data(pf)["params"]:
            default = ev.param(decl["name"]) if "default" in decl else None
            self.out.append(_param_record(ev, decl, decl.get("type", ""), _is_secure(decl),
                                          default, "default" in decl, decl.get("default_line")))

    def _assignment_records(self, pf: ParsedFile) -> list[Resource]:
        """``.bicepparam`` assignments as ``bicep:param`` records (typed by the template)."""
        target = self.by_path.get(self._using(pf) or "")
        declared = {d["name"]: d for d in (_data(target) or {"params": []})["params"]}
        ev = _FileEval(self, pf, "", {}, ())
        out = []
        for decl in _data(pf)["params"]:
            template_decl = declared.get(decl["name"], {})
            out.append(_param_record(ev, decl, template_decl.get("type", ""), _is_secure(template_decl),
                                     ev.param(decl["name"]), True, decl["line"]))
        return out


def _agreeing(sets: list[dict[str, Any]]) -> dict[str, Any]:
    """Merge parameter sets; a parameter the sets disagree on is unknown."""
    out: dict[str, Any] = {}
    for values in sets:
        for name, value in values.items():
            if name in out and out[name] != value:
                out[name] = Unknown(f"parameter {name} (differs between parameter files)")
            else:
                out.setdefault(name, value)
    return out


def _is_secure(decl: dict[str, Any]) -> bool:
    return any(d.get("name", "").lower() == "secure" for d in decl.get("decorators", []))


def _param_record(ev: "_FileEval", decl: dict[str, Any], ptype: str, secure: bool, default: Any,
                  has_default: bool, default_line: int | None) -> Resource:
    name, file = decl["name"], ev.file
    body: dict[str, Any] = {
        "name": name,
        "type": ptype,
        "secure": secure,
        "decorators": [{"name": d["name"], "args": [_plain_value(ev.eval(a, {})) for a in d["args"]]}
                       for d in decl.get("decorators", [])],
    }
    lines = {"name": decl["line"]}
    unresolved_paths: list[tuple[str, int]] = []
    if has_default:
        body["default"] = _plain_value(default)
        lines["default"] = default_line or decl["line"]
        if contains_unknown(default):
            unresolved_paths.append(("default", lines["default"]))
    address = f"param.{name}"
    return Resource(id=f"{file}::{address}", type=PARAM_TYPE, name=name, format="bicep", file=file,
                    address=address, line=decl["line"], end_line=decl.get("end", decl["line"]), body=body,
                    lines=lines, source_type=PARAM_TYPE, unresolved=unresolved_paths)


def _plain_value(value: Any) -> Any:
    """JSON data for a value; unknown parts become unresolved markers."""
    if isinstance(value, Unknown):
        return unresolved(value.text)
    if isinstance(value, dict):
        return {k: _plain_value(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain_value(v) for v in value]
    if isinstance(value, (_Sym, _ModSym, _Outputs, _Namespace, Lambda)):
        return unresolved("<symbol>")
    return value


# ───────────── one evaluated file (a root template, a module instance, a parameter file) ─────────────


class _FileEval:
    """Name resolution and resource emission for one file evaluated with given parameters."""

    def __init__(self, run: _Run, pf: ParsedFile, prefix: str, overrides: dict[str, tuple[Any, Refs]] | None,
                 stack: tuple[str, ...]) -> None:
        self.run = run
        self.file = pf.file
        self.data = _data(pf) or {}
        self.prefix = prefix
        self.overrides = overrides  # None: the caller's parameters are unknown altogether
        self.stack = stack + (posixpath.normpath(pf.file),)
        self.evaluator = Evaluator(self)
        self.refs: Refs | None = None
        self.cache: dict[str, tuple[Any, Refs]] = {}
        self.resolving: set[str] = set()
        self.params = {p["name"]: p for p in self.data.get("params", [])}
        self.vars = {v["name"]: v for v in self.data.get("vars", [])}
        self.functions = {f["name"]: f for f in self.data.get("functions", [])}
        self.outputs = {o["name"]: o for o in self.data.get("outputs", [])}
        self.modules = {m["symbol"]: m for m in self.data.get("modules", [])}
        self.decls: list[_Decl] = []
        self.top: dict[str, _Decl] = {}
        for entry in self.data.get("resources", []):
            self.top[entry["symbol"]] = self._declare(entry, None)
        self.instances_cache: dict[int, list[_Inst]] = {}
        self.names: dict[str, Any] = {}
        self.module_evals: dict[str, _FileEval | None] = {}
        self.imports: dict[str, tuple[str, str]] = {}
        self.namespaces: dict[str, str] = {}
        for imp in self.data.get("imports", []):
            self._register_import(imp)

    def _declare(self, entry: dict[str, Any], outer: _Decl | None) -> _Decl:
        decl = _Decl(entry, (outer.path if outer else ()) + (entry["symbol"],), outer)
        self.decls.append(decl)
        for child in entry.get("children", []):
            self._declare(child, decl)
        return decl

    def _register_import(self, imp: dict[str, Any]) -> None:
        path = imp.get("path")
        if not isinstance(path, str) or path.startswith(_REGISTRY_PREFIXES):
            return
        resolved = _resolve(self.file, path)
        if imp.get("wildcard"):
            self.namespaces[imp["wildcard"]] = resolved
        for sym in imp.get("symbols", []):
            self.imports[sym["alias"]] = (resolved, sym["name"])

    # evaluation with reference tracking ------------------------------------------
    def eval(self, node: Any, env: dict[str, Any]) -> Any:
        return self.evaluator.eval(node, env)

    def capture(self, fn: Callable[[], Any]) -> tuple[Any, Refs]:
        """Run ``fn`` collecting the references it makes instead of passing them on."""
        saved, self.refs = self.refs, []
        try:
            return fn(), self.refs
        finally:
            self.refs = saved

    def ref(self, target: str | None, kind: str = "reference") -> None:
        if target and self.refs is not None and (target, kind) not in self.refs:
            self.refs.append((target, kind))

    def _cached(self, key: str, fn: Callable[[], Any]) -> Any:
        if key not in self.cache:
            if key in self.resolving:
                return Unknown(key.split(":", 1)[1])
            self.resolving.add(key)
            try:
                self.cache[key] = self.capture(fn)
            finally:
                self.resolving.discard(key)
        value, refs = self.cache[key]
        for target, kind in refs:
            self.ref(target, kind)
        return value

    # Scope protocol -----------------------------------------------------------
    def lookup(self, name: str) -> Any:
        if name in self.params:
            return self.param(name)
        if name in self.vars:
            return self._cached("var:" + name, lambda: self.eval(self.vars[name]["value"], {}))
        if name in self.top:
            return _Sym(self, self.top[name])
        if name in self.modules:
            return _ModSym(self, self.modules[name])
        if name in self.imports:
            other = self._imported(self.imports[name][0])
            return other.lookup(self.imports[name][1]) if other else Unknown(name)
        if name in self.namespaces:
            other = self._imported(self.namespaces[name])
            return _Namespace(other) if other else Unknown(name)
        return Unknown(name)

    def param(self, name: str) -> Any:
        decl = self.params[name]

        def value() -> Any:
            if self.overrides is None:
                return Unknown(name)
            if name in self.overrides:
                passed, refs = self.overrides[name]
                for target, kind in refs:
                    self.ref(target, kind)
                return passed
            if "value" in decl and decl.get("assigned"):
                return self.eval(decl["value"], {})
            if "default" in decl:
                return self.eval(decl["default"], {})
            return Unknown(name)

        return self._cached("param:" + name, value)

    def member(self, obj: Any, prop: str, text: str) -> Any:
        if isinstance(obj, _Sym):
            return self._resource_member(obj, prop, text)
        if isinstance(obj, _ModSym):
            return self._module_member(obj, prop, text)
        if isinstance(obj, _Outputs) and len(obj.children) == 1:
            return obj.children[0].output(prop, self)
        if isinstance(obj, _Namespace):
            return obj.ev.lookup(prop)
        return Unknown(text)

    def index(self, obj: Any, index: Any, text: str) -> Any:
        if isinstance(obj, _Sym) and obj.inst is None and obj.decl.entry.get("loop"):
            insts = self.instances(obj.decl)
            if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(insts):
                return _Sym(self, obj.decl, insts[index])
            return obj  # an unknown element: references go to every instance
        if isinstance(obj, _ModSym) and obj.inst is None and obj.entry.get("loop"):
            insts = self._module_instances(obj.entry)
            if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(insts):
                return _ModSym(self, obj.entry, insts[index])
        return Unknown(text)

    def call_user(self, name: str, ns: str | None, args: list[Any], text: str) -> Any:
        if ns is not None:
            target = self.lookup(ns)
            if isinstance(target, _Sym):
                self._ref_all(target)
            elif isinstance(target, _Namespace):
                return target.ev.call_user(name, None, args, text)
            return Unknown(text)
        if name in self.functions:
            fn = self.functions[name]
            if any(contains_unknown(a) for a in args):
                return Unknown(text)
            return self.eval(fn["body"], dict(zip(fn["params"], args)))
        if name in self.imports:
            other = self._imported(self.imports[name][0])
            return other.call_user(self.imports[name][1], None, args, text) if other else Unknown(text)
        return Unknown(text)

    def load_content(self, function: str, args: list[Any], text: str) -> Any:
        """loadTextContent / loadJsonContent / loadFileAsBase64 of a file in the scanned tree."""
        if not args or not isinstance(args[0], str) or any(isinstance(a, Unknown) for a in args):
            return Unknown(text)
        data = self.run.read_local(self.file, args[0])
        if data is None:
            self.run.notice(f"{self.file}: {text} not read (missing, too large or outside the scanned tree)")
            return Unknown(text)
        if function == "loadfileasbase64":
            return base64.b64encode(data).decode("ascii")
        encoding = args[-1] if function == "loadtextcontent" and len(args) > 1 else "utf-8"
        try:
            content = data.decode(encoding if isinstance(encoding, str) else "utf-8")
        except (LookupError, UnicodeDecodeError):
            return Unknown(text)
        if function == "loadtextcontent":
            return content
        try:
            value = parse_json(content)[0]
        except ValueError:
            return Unknown(text)
        path = args[1] if len(args) > 1 and isinstance(args[1], str) else "$"
        return _json_path(value, path, text)

    def _imported(self, path: str) -> _FileEval | None:
        if path in self.stack or len(self.stack) > MAX_MODULE_DEPTH:
            return None
        pf = self.run.load(path)
        return _FileEval(self.run, pf, self.prefix, {}, self.stack) if _data(pf) else None

    # resources ----------------------------------------------------------------
    def instances(self, decl: _Decl) -> list[_Inst]:
        """Instances of a declaration: one per loop element (one when the loop is unknown)."""
        key = id(decl)
        if key not in self.instances_cache:
            self.instances_cache[key] = []
            outers = self.instances(decl.outer) if decl.outer else [None]
            for outer in outers:
                base = f"{outer.address}::{decl.entry['symbol']}" if outer else decl.entry["symbol"]
                env = outer.env if outer else {}
                for inst in self._expand(decl.entry, base, env):
                    inst.outer = outer
                    inst.deployed = inst.deployed and (outer is None or outer.deployed)
                    self.instances_cache[key].append(inst)
        return self.instances_cache[key]

    def _expand(self, entry: dict[str, Any], base: str, env: dict[str, Any]) -> list[_Inst]:
        loop = entry.get("loop")
        if not loop:
            return [_Inst(base, env, self._condition(entry, env))]
        items, _ = self.capture(lambda: self.eval(loop.get("iter"), env))
        if not isinstance(items, list):
            local = loop_env(env, loop, Unknown(loop.get("item") or "item"), Unknown(loop.get("index") or "index"))
            return [_Inst(base, local, self._condition(entry, local))]
        out = []
        for i, item in enumerate(items):
            local = loop_env(env, loop, item, i)
            out.append(_Inst(f"{base}[{i}]", local, self._condition(entry, local)))
        return out

    def _condition(self, entry: dict[str, Any], env: dict[str, Any]) -> bool:
        """False only when the ``if`` condition is statically false."""
        if entry.get("condition") is None:
            return True
        value, _ = self.capture(lambda: self.eval(entry["condition"], env))
        return value is not False

    def full_type(self, decl: _Decl) -> str:
        rtype = decl.entry["type"]
        if decl.outer is not None and "/" not in rtype:
            rtype = f"{self.full_type(decl.outer)}/{rtype}"
        return canonical_type(rtype)

    def api_version(self, decl: _Decl) -> str | None:
        if decl.entry.get("apiVersion") or decl.outer is None:
            return decl.entry.get("apiVersion")
        return self.api_version(decl.outer)

    def body_prop(self, decl: _Decl, key: str) -> dict[str, Any] | None:
        body = decl.entry.get("body")
        if not isinstance(body, dict) or body.get("$bicep") != "object":
            return None
        return next((p for p in body["props"] if p.get("key") == key), None)

    def parent_of(self, decl: _Decl, inst: _Inst) -> _Sym | None:
        if decl.outer is not None and inst.outer is not None:
            return _Sym(self, decl.outer, inst.outer)
        prop = self.body_prop(decl, "parent")
        if prop is None:
            return None
        value, _ = self.capture(lambda: self.eval(prop["value"], inst.env))
        return value if isinstance(value, _Sym) else None

    def full_name(self, decl: _Decl, inst: _Inst) -> Any:
        """The ARM name: ``parent/child`` for children; Unknown when any part is unknown."""
        if inst.address in self.names:
            return self.names[inst.address]
        self.names[inst.address] = Unknown(f"{inst.address}.name")  # guards reference cycles
        prop = self.body_prop(decl, "name")
        own = self.capture(lambda: self.eval(prop["value"], inst.env))[0] if prop else Unknown(inst.address)
        parent = self.parent_of(decl, inst)
        parent_inst = _single(parent) if parent is not None else None
        if parent is not None:
            pname = parent.ev.full_name(parent.decl, parent_inst) if parent_inst else Unknown("parent")
            own = f"{pname}/{own}" if isinstance(pname, str) and isinstance(own, str) else Unknown(
                _name_text(pname, own))
        if not isinstance(own, str) and not isinstance(own, Unknown):
            own = Unknown(text_of(prop["value"]) if prop else inst.address)
        self.names[inst.address] = own
        return own

    def target(self, decl: _Decl, inst: _Inst) -> str | None:
        """Reference target: the resource id, or the Azure key of an ``existing`` resource."""
        if decl.entry.get("existing"):
            name = self.full_name(decl, inst)
            return f"{self.full_type(decl)}/{name}".lower() if isinstance(name, str) else None
        return f"{self.file}::{self.prefix}{inst.address}"

    def _ref_all(self, sym: _Sym, kind: str = "reference") -> None:
        for target in _targets(sym):
            self.ref(target, kind)

    def _resource_member(self, sym: _Sym, prop: str, text: str) -> Any:
        ev = sym.ev
        if prop.startswith("::"):
            child = next((d for d in ev.decls if d.outer is sym.decl and d.entry["symbol"] == prop[2:]), None)
            if child is None:
                return Unknown(text)
            insts = [i for i in ev.instances(child) if sym.inst is None or i.outer is sym.inst]
            return _Sym(ev, child, insts[0] if len(insts) == 1 else None)
        self._ref_all(sym)
        inst = _single(sym)
        if inst is None:
            return Unknown(text)
        if prop == "name":
            name = ev.full_name(sym.decl, inst)
            return name if isinstance(name, str) else Unknown(text)
        if prop == "type":
            return ev.full_type(sym.decl)
        if prop == "apiVersion":
            return ev.api_version(sym.decl)
        body_prop = None if sym.decl.entry.get("existing") or prop == "id" else ev.body_prop(sym.decl, prop)
        if body_prop is None:
            return Unknown(text)
        value, _ = ev.capture(lambda: ev.eval(body_prop["value"], inst.env))
        return value

    def _module_member(self, sym: _ModSym, prop: str, text: str) -> Any:
        insts = [sym.inst] if sym.inst else self._module_instances(sym.entry)
        if prop == "outputs":
            children = [self.module_eval(sym.entry, i) for i in insts if i.deployed]
            children_ok = [c for c in children if c is not None]
            return _Outputs(children_ok) if len(children_ok) == 1 else Unknown(text)
        if prop == "name" and len(insts) == 1:
            body = sym.entry.get("body") or {}
            name = next((p for p in body.get("props", []) if p.get("key") == "name"), None)
            value = self.eval(name["value"], insts[0].env) if name else Unknown(text)
            return value if isinstance(value, str) else Unknown(text)
        return Unknown(text)

    def output(self, name: str, caller: _FileEval) -> Any:
        """A module output evaluated here; its references are passed to ``caller``."""
        decl = self.outputs.get(name)
        if decl is None:
            return Unknown(f"outputs.{name}")
        value, refs = self.capture(lambda: self.eval(decl["value"], {}))
        for target, kind in refs:
            caller.ref(target, kind)
        return value

    # modules ------------------------------------------------------------------
    def _module_instances(self, entry: dict[str, Any]) -> list[_Inst]:
        key = id(entry)
        if key not in self.instances_cache:
            self.instances_cache[key] = self._expand(entry, entry["symbol"], {})
        return self.instances_cache[key]

    def module_eval(self, entry: dict[str, Any], inst: _Inst) -> _FileEval | None:
        """The evaluation of one module instance (cached); None when the module is not followed."""
        if inst.address in self.module_evals:
            return self.module_evals[inst.address]
        self.module_evals[inst.address] = None
        pf = self._module_file(entry)
        if pf is not None:
            self.run.param_records(pf)
            child = _FileEval(self.run, pf, f"{self.prefix}{inst.address}.", self._module_args(entry, inst),
                              self.stack)
            self.module_evals[inst.address] = child
        return self.module_evals[inst.address]

    def _module_file(self, entry: dict[str, Any]) -> ParsedFile | None:
        path, where = entry.get("path"), f"{self.file}:{entry['line']}"
        if not isinstance(path, str):
            return None
        if path.startswith(_REGISTRY_PREFIXES):
            self.run.notice(f"{where}: module '{entry['symbol']}' not fetched (registry source '{path}')")
            return None
        if not path.lower().endswith(".bicep"):
            self.run.notice(f"{where}: module '{entry['symbol']}' not followed (not a Bicep file: '{path}')")
            return None
        resolved = _resolve(self.file, path)
        if resolved in self.stack or len(self.stack) > MAX_MODULE_DEPTH:
            self.run.notice(f"{where}: module '{entry['symbol']}' not followed (recursive or too deep)")
            return None
        pf = self.run.load(resolved)
        if _data(pf) is None:
            self.run.notice(f"{where}: module '{entry['symbol']}' not followed (cannot read '{resolved}')")
            return None
        return pf

    def _module_args(self, entry: dict[str, Any], inst: _Inst) -> dict[str, tuple[Any, Refs]] | None:
        params = entry.get("params")
        if params is None:
            return {}
        if not isinstance(params, dict) or params.get("$bicep") != "object":
            value, refs = self.capture(lambda: self.eval(params, inst.env))
            return {k: (v, refs) for k, v in value.items()} if isinstance(value, dict) else None
        args: dict[str, tuple[Any, Refs]] = {}
        for prop in params["props"]:
            if "spread" in prop:
                value, refs = self.capture(lambda: self.eval(prop["spread"], inst.env))
                if not isinstance(value, dict):
                    return None
                args.update({k: (v, refs) for k, v in value.items()})
            elif isinstance(prop.get("key"), str):
                args[prop["key"]] = self.capture(lambda: self.eval(prop["value"], inst.env))
        return args

    # emission -----------------------------------------------------------------
    def emit(self) -> list[Resource]:
        out: list[Resource] = []
        for decl in self.decls:
            if decl.entry.get("existing") or not isinstance(decl.entry.get("body"), dict):
                continue
            for inst in self.instances(decl):
                if inst.deployed:
                    out.append(_ResourceBuilder(self, decl, inst).build())
        for entry in self.modules.values():
            for inst in self._module_instances(entry):
                child = self.module_eval(entry, inst) if inst.deployed else None
                if child is not None:
                    out.extend(child.emit())
        return out


def _json_path(value: Any, path: str, text: str) -> Any:
    """A simple JSONPath (``$``, ``$.a.b``, ``$.a[0]``) into loaded JSON; Unknown otherwise."""
    if not path.startswith("$"):
        return Unknown(text)
    for name, index in re.findall(r"\.([A-Za-z_][\w-]*)|\[(\d+)\]", path[1:]):
        if name and isinstance(value, dict) and name in value:
            value = value[name]
        elif index and isinstance(value, list) and int(index) < len(value):
            value = value[int(index)]
        else:
            return Unknown(text)
    return value


def _single(sym: _Sym) -> _Inst | None:
    """The one instance a symbol stands for (None for a loop without an index)."""
    if sym.inst is not None:
        return sym.inst
    insts = sym.ev.instances(sym.decl)
    return insts[0] if len(insts) == 1 and not sym.decl.entry.get("loop") else None


def _targets(sym: _Sym) -> list[str]:
    """Reference targets of a symbol: its instance, or every instance of the declaration."""
    insts = [sym.inst] if sym.inst else sym.ev.instances(sym.decl)
    return [t for t in (sym.ev.target(sym.decl, i) for i in insts) if t]


def _name_text(parent: Any, own: Any) -> str:
    """``parent/child`` of a child whose name is not fully known, parts as messages show them."""
    def part(v: Any) -> str:
        return v if isinstance(v, str) else _display(getattr(v, "text", "?"))

    return f"{part(parent)}/{part(own)}"


# ───────────── one resource instance -> Resource ─────────────


@dataclass
class _ResourceBuilder:
    ev: _FileEval
    decl: _Decl
    inst: _Inst
    lines: dict[str, int] = field(default_factory=dict)
    refs: list[Ref] = field(default_factory=list)
    unresolved: list[tuple[str, int]] = field(default_factory=list)

    def build(self) -> Resource:
        ev, decl, inst, entry = self.ev, self.decl, self.inst, self.decl.entry
        body: dict[str, Any] = {}
        props = entry["body"].get("props", [])
        respell = not any(prop.get("key") == UNRESOLVED_KEY for prop in props)  # as canonical_keys would
        for prop in props:
            key = prop.get("key")
            if "spread" in prop or not isinstance(key, str):
                continue
            if key in _REF_KEYS:
                self._reference_prop(key, prop)
            else:
                respell_value = respell and key.lower() != "tags"
                body[key] = self.value(prop["value"], (key,), prop["line"], inst.env, respell_value)
                self.lines[canonical_path((key,))] = prop["line"]
        rtype = ev.full_type(decl)
        name = ev.full_name(decl, inst)
        if decl.outer is not None:
            outer_target = ev.target(decl.outer, inst.outer) if inst.outer else None
            self._add_ref("parent", outer_target, "parent")
        body["name"] = self._name_value(name, body.get("name"))
        head = {"type": rtype, "name": body.pop("name")}
        if ev.api_version(decl):
            head["apiVersion"] = ev.api_version(decl)
        address = ev.prefix + inst.address
        return Resource(
            id=f"{ev.file}::{address}", type=rtype, name=name if isinstance(name, str) else _display(name.text),
            format="bicep", file=ev.file, address=address, line=entry["line"], end_line=entry["end"],
            body={canonical_key(k): v for k, v in {**head, **body}.items()} if respell else {**head, **body},
            lines=self.lines, source_type=rtype, refs=self.refs,
            unresolved=self.unresolved,
        )

    def _name_value(self, full: Any, own: Any) -> Any:
        if isinstance(full, str):
            return full
        if not _is_marker(own):
            self.unresolved.append(("name", self.lines.get("name", self.decl.entry["line"])))
        return unresolved(full.text)

    def _reference_prop(self, key: str, prop: dict[str, Any]) -> None:
        value, refs = self.ev.capture(lambda: self.ev.eval(prop["value"], self.inst.env))
        for target, kind in refs:
            self._add_ref(key, target, kind)
        for sym in value if isinstance(value, list) else [value]:
            if isinstance(sym, _Sym):
                for target in _targets(sym):
                    self._add_ref(key, target, _REF_KEYS[key])
        self.lines[key] = prop["line"]

    def _add_ref(self, path: str, target: str | None, kind: str) -> None:
        if target and not any(r.path == path and r.target == target and r.kind == kind for r in self.refs):
            self.refs.append(Ref(path=path, target=target, kind=kind))

    # values -------------------------------------------------------------------
    # ``respell``: re-spell the keys of the value as ``canonical_keys`` would re-spell them in the
    # finished body (false under ``tags`` and inside an object holding an unresolved marker's key)
    def value(self, node: Any, path: tuple, line: int, env: dict[str, Any], respell: bool) -> Any:
        """Build a body value: literals keep their structure and lines; expressions are evaluated."""
        if not isinstance(node, dict):
            return node  # a plain literal: its own value
        kind = node.get("$bicep")
        if kind == "object" and not any("spread" in p for p in node["props"]):
            return self._object(node, path, env, respell)
        if kind == "array" and not any("spread" in i for i in node["items"]):
            return [self._item(item, path + (i,), env, respell) for i, item in enumerate(node["items"])]
        if kind == "for":
            return self._for(node, path, line, env, respell)
        value, refs = self.ev.capture(lambda: self.ev.eval(node, env))
        for target, ref_kind in refs:
            self._add_ref(canonical_path(path), target, ref_kind)
        if isinstance(value, Unknown):
            return self._unknown(text_of(node) if isinstance(node, dict) else value.text, path, line)
        return self._plain(value, path, line, respell)

    def _object(self, node: dict[str, Any], path: tuple, env: dict[str, Any], respell: bool) -> dict[str, Any]:
        keys = [prop["key"] for prop in node["props"]]
        computed = not all(isinstance(key, str) for key in keys)  # known once evaluated: re-spelled after
        here = respell and not computed and UNRESOLVED_KEY not in keys
        out: dict[str, Any] = {}
        for prop in node["props"]:
            key = prop["key"] if isinstance(prop["key"], str) else self.ev.eval(prop["key"], env)
            if not isinstance(key, str):
                self._unknown(text_of(prop["key"]), path, prop["line"])
                continue
            self.lines[canonical_path(path + (key,))] = prop["line"]
            value = self.value(prop["value"], path + (key,), prop["line"], env, here and key.lower() != "tags")
            out[canonical_key(key) if here else key] = value
        return canonical_keys(out) if respell and computed else out

    def _item(self, item: dict[str, Any], path: tuple, env: dict[str, Any], respell: bool) -> Any:
        self.lines[canonical_path(path)] = item["line"]
        return self.value(item["value"], path, item["line"], env, respell)

    def _for(self, node: dict[str, Any], path: tuple, line: int, env: dict[str, Any], respell: bool) -> Any:
        items, _ = self.ev.capture(lambda: self.ev.eval(node.get("iter"), env))
        if not isinstance(items, list):
            return self._unknown(text_of(node), path, line)
        out = []
        for i, item in enumerate(items):
            local = loop_env(env, node, item, i)
            body = node.get("body")
            if isinstance(body, dict) and body.get("$bicep") == "if":
                cond, _ = self.ev.capture(lambda: self.ev.eval(body.get("cond"), local))
                if isinstance(cond, Unknown):
                    return self._unknown(text_of(node), path, line)
                if cond is not True:
                    continue
                body = body.get("body")
            out.append(self.value(body, path + (len(out),), line, local, respell))
        return out

    def _plain(self, value: Any, path: tuple, line: int, respell: bool) -> Any:
        if isinstance(value, Unknown):
            return self._unknown(value.text, path, line)
        if isinstance(value, dict):
            if respell and UNRESOLVED_KEY not in value:
                return {canonical_key(k): self._plain(v, path + (k,), line, k.lower() != "tags")
                        for k, v in value.items()}
            return {k: self._plain(v, path + (k,), line, False) for k, v in value.items()}
        if isinstance(value, list):
            return [self._plain(v, path + (i,), line, respell) for i, v in enumerate(value)]
        if isinstance(value, (_Sym, _ModSym, _Outputs, _Namespace, Lambda)):
            for target in _targets(value) if isinstance(value, _Sym) else []:
                self._add_ref(canonical_path(path), target, "reference")
            return self._unknown("<symbol>", path, line)
        return value

    def _unknown(self, text: str, path: tuple, line: int) -> dict[str, str]:
        self.unresolved.append((canonical_path(path), line))
        return unresolved(text)


def _display(text: str) -> str:
    """An unresolved name for messages: a string template without its quotes."""
    if len(text) >= 2 and text[0] == text[-1] == "'" and "'" not in text[1:-1]:
        return text[1:-1]
    return text


def _is_marker(value: Any) -> bool:
    return isinstance(value, dict) and "$unresolved" in value
