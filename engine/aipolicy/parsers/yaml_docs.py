"""YAML files: Kubernetes manifests and Azure ML CLI v2 documents, told apart per document.

A document with ``apiVersion`` and ``kind`` is Kubernetes (``List`` kinds are unwrapped); one whose
``$schema`` names an azureml schema, or whose keys make the kind unambiguous, is Azure ML. Other
documents (conda files, Helm values, CI configs) are skipped and counted, not errors.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Any

import yaml

from .. import yamlload
from ..model import Document, ParsedFile, ParseError, PathKey
from .yamlnodes import YamlLimitError, load_all

_SCHEMA_NAME = re.compile(r"([A-Za-z0-9]+)(?:\.schema)?\.json\s*$")


@lru_cache(maxsize=1)
def _schema_kinds() -> dict[str, str]:
    text = resources.files(__package__).joinpath("aml_kinds.yaml").read_text("utf-8")
    return yamlload.load(text)["schemas"]


def aml_kind(data: dict[str, Any]) -> str | None:
    """The Azure ML document kind, from ``$schema`` or from unambiguous keys."""
    schema = data.get("$schema")
    if isinstance(schema, str) and "azureml" in schema.lower():
        m = _SCHEMA_NAME.search(schema)
        if m:
            return _schema_kinds().get(m.group(1).lower(), "other")
        return "other"
    return _kind_from_keys(data)


def _kind_from_keys(data: dict[str, Any]) -> str | None:
    keys = set(data)
    typ = str(data.get("type", "")).lower()
    if typ in ("amlcompute", "computeinstance") and "name" in keys:
        return "amlCompute" if typ == "amlcompute" else "computeInstance"
    if "endpoint_name" in keys and keys & {"model", "instance_type", "instance_count", "environment"}:
        if "mini_batch_size" in keys or "compute" in keys and "instance_type" not in keys:
            return "batchDeployment"
        return "kubernetesOnlineDeployment" if typ == "kubernetes" else "managedOnlineDeployment"
    if "auth_mode" in keys and "name" in keys:
        return "kubernetesOnlineEndpoint" if "compute" in keys else "managedOnlineEndpoint"
    if typ == "command" and "command" in keys:
        return "commandJob"
    if typ == "pipeline" and "jobs" in keys:
        return "pipelineJob"
    if "name" in keys and keys & {"storage_account", "key_vault", "managed_network", "hbi_workspace", "customer_managed_key"} and "type" not in keys:
        return "workspace"
    return None


def _is_kubernetes(data: dict[str, Any]) -> bool:
    return isinstance(data.get("apiVersion"), str) and isinstance(data.get("kind"), str)


def _sub_lines(lines: dict[PathKey, tuple[int, int]], prefix: PathKey) -> dict[PathKey, tuple[int, int]]:
    n = len(prefix)
    return {p[n:]: v for p, v in lines.items() if p[:n] == prefix}


def classify(data: Any, lines: dict[PathKey, tuple[int, int]]) -> list[Document]:
    """Documents of one YAML document: Kubernetes objects (List unwrapped) or one AML document."""
    if not isinstance(data, dict):
        return []
    if _is_kubernetes(data):
        if data["kind"].endswith("List") and isinstance(data.get("items"), list):
            return [
                Document(item, _sub_lines(lines, ("items", i)), "kubernetes")
                for i, item in enumerate(data["items"])
                if isinstance(item, dict) and _is_kubernetes(item)
            ]
        return [Document(data, lines, "kubernetes")]
    kind = aml_kind(data)
    if kind:
        return [Document(data, lines, f"aml:{kind}")]
    return []


def parse(file: str, text: str) -> ParsedFile:
    """Parse every document of a YAML file; a syntax error ends the file with one error entry."""
    result = ParsedFile(file=file, format="kubernetes", text=text)
    try:
        for data, lines in load_all(text):
            docs = classify(data, lines)
            if not docs:
                result.skipped += 1
            result.documents.extend(docs)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        result.errors.append(ParseError(file, line, f"YAML syntax error: {exc.problem or exc}"))
    except YamlLimitError as exc:
        result.errors.append(ParseError(file, exc.line, str(exc)))
    except (yaml.YAMLError, ValueError, RecursionError) as exc:
        result.errors.append(ParseError(file, 1, f"YAML error: {exc}"))
    if result.documents and all(d.kind.startswith("aml:") for d in result.documents):
        result.format = "aml"
    return result
