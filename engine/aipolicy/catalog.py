"""The built-in control catalog (controls.yaml): ids, titles, severities, parameters, fixes."""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any

from .cache import load_yaml_data

SEVERITIES = ("info", "low", "medium", "high", "critical")


def severity_rank(severity: str) -> int:
    return SEVERITIES.index(severity) if severity in SEVERITIES else 0


@lru_cache(maxsize=1)
def controls() -> dict[str, dict[str, Any]]:
    """Controls by id, in catalog order."""
    text = resources.files(__package__).joinpath("controls.yaml").read_text("utf-8")
    return {c["id"]: c for c in load_yaml_data(text)["controls"]}


def default_parameters() -> dict[str, dict[str, Any]]:
    """``{rule id or "common": {parameter: default}}``: the catalog's and parameters.yaml's defaults."""
    text = resources.files(__package__).joinpath("parameters.yaml").read_text("utf-8")
    params: dict[str, dict[str, Any]] = {k: dict(v) for k, v in load_yaml_data(text).items()}
    for cid, c in controls().items():
        if c.get("parameters"):
            params.setdefault(cid, {}).update(c["parameters"])
    return params


def formats_of(control: dict[str, Any]) -> list[str]:
    """The input formats a control names (catalog keys arm_bicep -> arm, bicep)."""
    names = {"arm_bicep": ["arm", "bicep"], "terraform": ["terraform"], "kubernetes": ["kubernetes"], "aml_yaml": ["aml"]}
    return [f for key in (control.get("checks") or {}) for f in names.get(key, [key])]
