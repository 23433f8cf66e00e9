"""The ``.aipolicy.yaml`` config file: found from the scanned path upward, validated by schema."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

import yaml

from .catalog import SEVERITIES

CONFIG_NAMES = (".aipolicy.yaml", ".aipolicy.yml")

SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "skip": {"type": "array", "items": {"type": "string"}},
        "only": {"type": "array", "items": {"type": "string"}},
        "exclude": {"type": "array", "items": {"type": "string"}},
        "severity_threshold": {"enum": list(SEVERITIES)},
        "severity": {"type": "object", "additionalProperties": {"enum": list(SEVERITIES)}},
        "parameters": {"type": "object", "additionalProperties": {"type": "object"}},
        "policy_dirs": {"type": "array", "items": {"type": "string"}},
        "var_files": {"type": "array", "items": {"type": "string"}},
        "param_files": {"type": "array", "items": {"type": "string"}},
    },
}


class ConfigError(Exception):
    """An unreadable or invalid config file (exit code 2)."""


@dataclass
class Config:
    path: str | None = None
    skip: list[str] = field(default_factory=list)
    only: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    severity_threshold: str | None = None
    severity: dict[str, str] = field(default_factory=dict)
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)
    policy_dirs: list[str] = field(default_factory=list)
    var_files: list[str] = field(default_factory=list)
    param_files: list[str] = field(default_factory=list)


def find_config(paths: list[str]) -> str | None:
    """The nearest config file from the first scanned path upward."""
    start = os.path.abspath(paths[0] if paths and paths[0] != "-" else ".")
    d = start if os.path.isdir(start) else os.path.dirname(start)
    while True:
        for name in CONFIG_NAMES:
            candidate = os.path.join(d, name)
            if os.path.isfile(candidate):
                return candidate
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def load_config(path: str | None) -> Config:
    if path is None:
        return Config()
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.safe_load(fh) or {}
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read config: {exc}") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: config is not valid YAML: {exc}") from None
    import jsonschema

    validator = jsonschema.Draft202012Validator(SCHEMA)
    errors = sorted(validator.iter_errors(data), key=lambda e: list(e.path))
    if errors:
        err = errors[0]
        if err.validator == "additionalProperties" and isinstance(err.instance, dict):
            unknown = sorted(set(err.instance) - set((err.schema.get("properties") or {})))
            where = ".".join(str(p) for p in err.path)
            raise ConfigError(f"{path}: unknown key {unknown[0]!r}" + (f" under {where!r}" if where else ""))
        location = ".".join(str(p) for p in err.path) or "(top level)"
        raise ConfigError(f"{path}: {location}: {err.message}")
    base = os.path.dirname(os.path.abspath(path))
    cfg = Config(path=path, **{k.replace("-", "_"): v for k, v in data.items()})
    cfg.policy_dirs = [os.path.join(base, p) for p in cfg.policy_dirs]
    cfg.var_files = [os.path.join(base, p) for p in cfg.var_files]
    cfg.param_files = [os.path.join(base, p) for p in cfg.param_files]
    return cfg
