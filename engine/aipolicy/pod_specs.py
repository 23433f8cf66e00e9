"""Where each Kubernetes workload kind keeps its pod spec (KServe predictors are pod specs too)."""
from __future__ import annotations

from typing import Any

POD_SPEC_PATHS: dict[str, tuple[str, ...]] = {
    "Pod": ("spec",),
    "Deployment": ("spec", "template", "spec"),
    "StatefulSet": ("spec", "template", "spec"),
    "DaemonSet": ("spec", "template", "spec"),
    "ReplicaSet": ("spec", "template", "spec"),
    "Job": ("spec", "template", "spec"),
    "CronJob": ("spec", "jobTemplate", "spec", "template", "spec"),
    "InferenceService": ("spec", "predictor"),
}


def pod_spec_path(obj: dict[str, Any]) -> tuple[str, ...] | None:
    return POD_SPEC_PATHS.get(str(obj.get("kind")))


def pod_spec(obj: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """(dotted path, spec) of the object's pod spec, or None."""
    path = pod_spec_path(obj)
    if not path:
        return None
    node: Any = obj
    for seg in path:
        if not isinstance(node, dict):
            return None
        node = node.get(seg)
    return (".".join(path), node) if isinstance(node, dict) else None
