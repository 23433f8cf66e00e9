"""Terraform plan JSON -> TfResource -> Resource.

Planned values are already resolved; what stays unknown until apply (``after_unknown``) becomes
``model.unresolved``. When the plan's root module (the ``.tf`` files next to the plan) declares the
resource, file and lines point at the ``.tf`` source, otherwise at the plan's ``"address"`` line.
"""
from __future__ import annotations

import os
from typing import Any

from ..model import ParsedFile, Resource, unresolved
from . import Context
from .terraform import plan_lines, provider_major, to_resources
from .terraform_model import TfResource

UNKNOWN_AFTER_APPLY = "(known after apply)"


def normalize(files: list[ParsedFile], ctx: Context) -> list[Resource]:
    return [r for group in _groups(files, ctx) for r in to_resources(group)]


def tf_resources(files: list[ParsedFile], ctx: Context) -> list[TfResource]:
    """The managed resource instances of every plan, one list per plan file flattened."""
    return [tf for group in _groups(files, ctx) for tf in group]


def _groups(files: list[ParsedFile], ctx: Context) -> list[list[TfResource]]:
    out = []
    for parsed in files:
        for doc in parsed.documents:
            sources = plan_lines(os.path.dirname(parsed.file), ctx)
            out.append([_resource(parsed.file, res, doc.data.get("provider_version"), sources)
                        for res in doc.data.get("resources", [])])
    return out


def _resource(file: str, res: dict[str, Any], constraint: Any, sources: dict[str, TfResource]) -> TfResource:
    address = res["address"]
    attrs = with_unknowns(res["values"], res["after_unknown"])
    source = sources.get(address) or sources.get(_unkeyed(address))
    major = provider_major(constraint) if constraint else (source.provider_major if source else provider_major(None))
    refs = [(tuple(path), target) for path, target in res["refs"]]
    if source is not None:
        return TfResource(tf_type=res["type"], name=res["name"], address=address, file=source.file,
                          line=source.line, end_line=source.end_line, attrs=attrs, lines=dict(source.lines),
                          provider_major=major, refs=refs, format="terraform-plan")
    return TfResource(tf_type=res["type"], name=res["name"], address=address, file=file,
                      line=res["line"], end_line=res["line"], attrs=attrs, lines={},
                      provider_major=major, refs=refs, format="terraform-plan")


def _unkeyed(address: str) -> str:
    return address.rsplit("[", 1)[0] if address.endswith("]") else address


def with_unknowns(values: Any, unknown: Any) -> Any:
    """Planned values with every ``after_unknown`` leaf replaced by an unresolved marker."""
    if unknown is True:
        return unresolved(UNKNOWN_AFTER_APPLY)
    if isinstance(unknown, dict):
        base = dict(values) if isinstance(values, dict) else {}
        for key, sub in unknown.items():
            if sub is True or isinstance(sub, (dict, list)) and key in base:
                base[key] = with_unknowns(base.get(key), sub)
        return base if isinstance(values, dict) or base else values
    if isinstance(unknown, list) and isinstance(values, list):
        return [with_unknowns(v, unknown[i] if i < len(unknown) else False) for i, v in enumerate(values)]
    return values
