"""Terraform plan JSON (``terraform show -json plan.out``), reduced to its managed resources.

The document is ``{"provider_version": str | None, "resources": [{address, type, name, values,
after_unknown, refs, line}]}``: planned values of every module, the unknown-after-apply markers of
``resource_changes`` and the references of ``configuration``. Plans reach hundreds of MB and
``terraform show -json`` writes them on one line, so lines come from one linear scan for each
resource's ``"address"`` instead of a line map of every value.
"""
from __future__ import annotations

import json
import re
from typing import Any, Iterator

from ..model import Document, ParsedFile, ParseError

_ADDRESS = re.compile(r'"address"\s*:\s*"((?:[^"\\]|\\.)*)"')
_RESOURCE_REF = re.compile(r"^(?:module\.[^.\[]+(?:\[[^\]]*\])?\.)*[a-z][a-z0-9_]*\.[A-Za-z_][\w-]*(\[[^\]]*\])?$")
_NOT_RESOURCES = ("var.", "local.", "data.", "module.", "each.", "count.", "path.", "terraform.", "self.")


def sniff(data: Any) -> bool:
    """True for a Terraform plan (or show) JSON document."""
    return isinstance(data, dict) and "format_version" in data and (
        "planned_values" in data or "resource_changes" in data)


def parse(file: str, text: str) -> ParsedFile:
    """Parse a plan; never raises."""
    out = ParsedFile(file=file, format="terraform-plan", text="")
    try:
        data = json.loads(text)
    except ValueError as exc:
        out.errors.append(ParseError(file, getattr(exc, "lineno", 1), f"invalid JSON: {getattr(exc, 'msg', exc)}"))
        return out
    except RecursionError:
        out.errors.append(ParseError(file, 1, "JSON nested too deeply"))
        return out
    if not sniff(data):
        out.errors.append(ParseError(file, 1, "not a Terraform plan (no format_version and planned_values)"))
        return out
    unknown = {rc.get("address"): (rc.get("change") or {}).get("after_unknown")
               for rc in _dicts(data.get("resource_changes"))}
    refs = _config_refs(_get(data, "configuration", "root_module"), "")
    resources = []
    for res in _planned(_get(data, "planned_values", "root_module")):
        if res.get("mode", "managed") != "managed" or not isinstance(res.get("address"), str):
            continue
        address = res["address"]
        resources.append({
            "address": address, "type": str(res.get("type", "")), "name": str(res.get("name", "")),
            "values": res.get("values") if isinstance(res.get("values"), dict) else {},
            "after_unknown": unknown.get(address) or {},
            "refs": refs.get(_config_address(address), []),
        })
    lines = _address_lines(text, {r["address"] for r in resources})
    for res in resources:
        res["line"] = lines.get(res["address"], 1)
    doc = {"provider_version": _get(data, "configuration", "provider_config", "azurerm", "version_constraint"),
           "resources": resources}
    line_map = {("resources", i): (r["line"], r["line"]) for i, r in enumerate(resources)}
    line_map[()] = (1, text.count("\n") + 1)
    out.documents.append(Document(data=doc, lines=line_map))
    return out


def _get(data: Any, *keys: str) -> Any:
    for key in keys:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _dicts(value: Any) -> list[dict[str, Any]]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _planned(module: Any) -> Iterator[dict[str, Any]]:
    """Resources of a planned_values module and its child modules (iterative: no depth limit)."""
    stack = [module]
    while stack:
        current = stack.pop()
        if not isinstance(current, dict):
            continue
        yield from _dicts(current.get("resources"))
        stack.extend(reversed(_dicts(current.get("child_modules"))))


def _config_address(address: str) -> str:
    """``module.m["a"].azurerm_x.y[0]`` -> ``module.m.azurerm_x.y`` (configuration addresses)."""
    return re.sub(r"\[(?:\"(?:[^\"\\]|\\.)*\"|[^\]]*)\]", "", address)


def _config_refs(module: Any, prefix: str) -> dict[str, list[list[Any]]]:
    """Configuration address -> [[attribute path, referenced address], ...] from ``references``."""
    out: dict[str, list[list[Any]]] = {}
    stack = [(module, prefix)]
    while stack:
        current, pre = stack.pop()
        if not isinstance(current, dict):
            continue
        for res in _dicts(current.get("resources")):
            if res.get("mode", "managed") == "managed" and isinstance(res.get("address"), str):
                found: list[list[Any]] = []
                _expression_refs(res.get("expressions"), [], pre, found)
                out[pre + res["address"]] = found
        calls = current.get("module_calls")
        for name, call in (calls.items() if isinstance(calls, dict) else []):
            stack.append((_get(call, "module"), f"{pre}module.{name}."))
    return out


def _expression_refs(expr: Any, path: list[Any], prefix: str, found: list[list[Any]]) -> None:
    if isinstance(expr, list):
        for i, item in enumerate(expr):
            _expression_refs(item, path + [i], prefix, found)
        return
    if not isinstance(expr, dict):
        return
    refs = expr.get("references")
    if isinstance(refs, list) and path:
        seen: set[str] = set()
        for ref in refs:
            if isinstance(ref, str) and _RESOURCE_REF.match(ref) and not ref.startswith(_NOT_RESOURCES):
                base = ref.split("[", 1)[0]
                if base not in seen:
                    seen.add(base)
                    found.append([path, prefix + ref])
        return
    for key, value in expr.items():
        if isinstance(value, (dict, list)):
            _expression_refs(value, path + [key], prefix, found)


def _address_lines(text: str, addresses: set[str]) -> dict[str, int]:
    """Line of each address's first ``"address": "..."`` in ``planned_values`` (one linear scan)."""
    start = text.find('"planned_values"')
    lines: dict[str, int] = {}
    line, pos = text.count("\n", 0, max(start, 0)) + 1, max(start, 0)
    for match in _ADDRESS.finditer(text, pos):
        if len(lines) == len(addresses):
            break
        try:
            address = json.loads(f'"{match.group(1)}"')
        except ValueError:
            continue
        if address in addresses and address not in lines:
            line += text.count("\n", pos, match.start())
            pos = match.start()
            lines[address] = line
    return lines
