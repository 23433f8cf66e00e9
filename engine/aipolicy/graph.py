"""Edges between resources, and the one JSON document policies evaluate.

Normalizers report references (``Resource.refs``); this module resolves them across files and
formats and adds the links that need more than one resource to see: Kubernetes selectors and
scale targets, Azure parent/child by name, and pod tolerations to tainted node pools.
"""
from __future__ import annotations

import json
import math
import re
from typing import Any, Iterator

from .model import Edge, Resource, is_unresolved
from .pod_specs import pod_spec

# (source type, path pattern) -> edge kind, for references a normalizer reported as "reference"
REF_KINDS: tuple[tuple[str, re.Pattern[str], str], ...] = (
    ("Microsoft.Network/privateEndpoints", re.compile(r"privateLinkServiceId$"), "private_endpoint"),
    ("Microsoft.Insights/diagnosticSettings", re.compile(r"^scope$"), "scope"),
)
SELECTORS: dict[str, str] = {  # Kubernetes kind -> how it selects pods
    "Service": "spec.selector",
    "PodDisruptionBudget": "spec.selector",
    "NetworkPolicy": "spec.podSelector",
}
WORKLOAD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job", "CronJob", "Pod", "InferenceService"}


def azure_key(res: Resource) -> str | None:
    """``<arm type>/<name>`` in lower case, for resolving references by type and name."""
    if res.type.startswith(("k8s:", "terraform:", "aml:", "bicep:", "arm:")) or not res.name:
        return None
    return f"{res.type}/{res.name}".lower()


def build_edges(resources: list[Resource]) -> list[Edge]:
    by_id = {r.id: r for r in resources}
    by_key: dict[str, str] = {}
    for r in resources:
        key = azure_key(r)
        if key:
            by_key.setdefault(key, r.id)
    edges: dict[tuple[str, str, str, str], Edge] = {}

    def add(edge: Edge) -> None:
        if edge.source != edge.target:
            edges.setdefault((edge.source, edge.target, edge.kind, edge.path), edge)

    for r in resources:
        for ref in r.refs:
            target = ref.target if ref.target in by_id else by_key.get(ref.target.lower())
            if target:
                add(Edge(r.id, target, _ref_kind(r, ref.path, ref.kind), ref.path))
    for edge in _azure_parents(resources, by_key):
        add(edge)
    for edge in _aml_deployments(resources):
        add(edge)
    for edge in _kubernetes_links(resources):
        add(edge)
    for edge in _tolerations(resources):
        add(edge)
    return list(edges.values())


def _ref_kind(res: Resource, path: str, kind: str) -> str:
    if kind != "reference":
        return kind
    for rtype, pattern, mapped in REF_KINDS:
        if res.type == rtype and pattern.search(path):
            return mapped
    return kind


def _azure_parents(resources: list[Resource], by_key: dict[str, str]) -> Iterator[Edge]:
    for r in resources:
        parts = r.type.split("/")
        names = r.name.split("/")
        if len(parts) < 3 or len(names) != len(parts) - 1:
            continue
        parent = by_key.get(("/".join(parts[:-1]) + "/" + "/".join(names[:-1])).lower())
        if parent:
            yield Edge(r.id, parent, "parent", "")


ONLINE_ENDPOINT = "Microsoft.MachineLearningServices/workspaces/onlineEndpoints"


def _aml_deployments(resources: list[Resource]) -> Iterator[Edge]:
    """Azure ML YAML names no workspace: a deployment ``endpoint/name`` belongs to the endpoint
    of that name (``endpoint_name``) declared in the scan."""
    endpoints: dict[str, Resource] = {}
    for r in resources:
        if r.type == ONLINE_ENDPOINT:
            endpoints.setdefault(r.name.rsplit("/", 1)[-1], r)
    for r in resources:
        if r.format == "aml" and r.type == ONLINE_ENDPOINT + "/deployments" and "/" in r.name:
            endpoint = endpoints.get(r.name.split("/", 1)[0])
            if endpoint:
                yield Edge(r.id, endpoint.id, "deployment_of", "")


def _labels(value: Any) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()} if isinstance(value, dict) else {}


def selector_matches(selector: Any, labels: dict[str, str]) -> bool:
    """Kubernetes label selector semantics (plain map, matchLabels, matchExpressions)."""
    if not isinstance(selector, dict):
        return False
    if "matchLabels" not in selector and "matchExpressions" not in selector:
        return all(labels.get(k) == v for k, v in _labels(selector).items())
    if not all(labels.get(k) == v for k, v in _labels(selector.get("matchLabels")).items()):
        return False
    for expr in selector.get("matchExpressions") or []:
        if not isinstance(expr, dict):
            return False
        key, op, values = str(expr.get("key")), expr.get("operator"), [str(v) for v in expr.get("values") or []]
        ok = {
            "In": key in labels and labels[key] in values,
            "NotIn": key not in labels or labels[key] not in values,
            "Exists": key in labels,
            "DoesNotExist": key not in labels,
        }.get(str(op), False)
        if not ok:
            return False
    return True


def _get(obj: Any, path: str) -> Any:
    """The value at a dotted path of plain keys, or None."""
    for seg in path.split("."):
        if not isinstance(obj, dict):
            return None
        obj = obj.get(seg)
    return obj


def _namespace(r: Resource) -> str:
    meta = r.body.get("metadata") if isinstance(r.body.get("metadata"), dict) else {}
    return str(meta.get("namespace") or "default")


def pod_labels(r: Resource) -> dict[str, str]:
    """Labels of the pods a workload creates (KServe: the InferenceService's own labels)."""
    kind = r.body.get("kind")
    if kind == "Pod" or kind == "InferenceService":
        return _labels(_get(r.body, "metadata.labels"))
    if kind == "CronJob":
        return _labels(_get(r.body, "spec.jobTemplate.spec.template.metadata.labels"))
    return _labels(_get(r.body, "spec.template.metadata.labels"))


class _Namespace:
    """The workloads of one namespace with their pod labels, indexed by label for selectors."""

    def __init__(self) -> None:
        self.workloads: list[tuple[Resource, dict[str, str]]] = []
        self.by_label: dict[tuple[str, str], list[int]] = {}

    def add(self, w: Resource) -> None:
        labels = pod_labels(w)
        for item in labels.items():
            self.by_label.setdefault(item, []).append(len(self.workloads))
        self.workloads.append((w, labels))

    def select(self, selector: Any) -> Iterator[Resource]:
        """Workloads whose pod labels the selector matches (candidates by label, then checked)."""
        if not isinstance(selector, dict):
            return
        plain = selector if "matchLabels" not in selector and "matchExpressions" not in selector else selector.get("matchLabels")
        required = _labels(plain)
        if required:
            sets = [set(self.by_label.get(item, ())) for item in required.items()]
            candidates = sorted(set.intersection(*sets))
        else:
            candidates = range(len(self.workloads))
        for i in candidates:
            w, labels = self.workloads[i]
            if selector_matches(selector, labels):
                yield w


def _kubernetes_links(resources: list[Resource]) -> Iterator[Edge]:
    k8s = [r for r in resources if r.type.startswith("k8s:")]
    namespaces: dict[str, _Namespace] = {}
    by_name: dict[tuple[str, Any, str], Resource] = {}
    for r in k8s:
        if r.body.get("kind") in WORKLOAD_KINDS:
            namespaces.setdefault(_namespace(r), _Namespace()).add(r)
            by_name[(_namespace(r), r.body.get("kind"), r.name)] = r
    services = {(_namespace(r), r.name): r for r in k8s if r.body.get("kind") == "Service"}
    for r in k8s:
        kind = r.body.get("kind")
        ns = _namespace(r)
        if kind in SELECTORS:
            selector = _get(r.body, SELECTORS[kind])
            space = namespaces.get(ns)
            if space is None:
                continue
            if kind == "NetworkPolicy" and selector in ({}, None):
                targets: Iterator[Resource] = (w for w, _ in space.workloads)
            else:
                targets = space.select(selector)
            for w in targets:
                yield Edge(r.id, w.id, "selects", SELECTORS[kind])
        elif kind in ("HorizontalPodAutoscaler", "ScaledObject"):
            ref = _get(r.body, "spec.scaleTargetRef") or {}
            target = by_name.get((ns, ref.get("kind") or "Deployment", str(ref.get("name"))))
            if target:
                yield Edge(r.id, target.id, "scales", "spec.scaleTargetRef")
        elif kind == "Ingress":
            for path, svc_name in _ingress_backends(r.body):
                svc = services.get((ns, svc_name))
                if svc:
                    yield Edge(r.id, svc.id, "routes", path)


def _ingress_backends(obj: dict[str, Any]) -> Iterator[tuple[str, str]]:
    spec = obj.get("spec") if isinstance(obj.get("spec"), dict) else {}
    default = _get(spec, "defaultBackend.service.name")
    if default:
        yield "spec.defaultBackend", str(default)
    for i, rule in enumerate(spec.get("rules") or []):
        for j, p in enumerate(_get(rule, "http.paths") or []):
            name = _get(p, "backend.service.name") or _get(p, "backend.serviceName")
            if name:
                yield f"spec.rules[{i}].http.paths[{j}]", str(name)


def parse_taint(taint: Any) -> dict[str, str] | None:
    """``key=value:Effect`` (AKS nodeTaints / Terraform node_taints) as a dict."""
    if not isinstance(taint, str) or is_unresolved(taint):
        return None
    m = re.match(r"^([^=:]+)(?:=([^:]*))?:(\w+)$", taint.strip())
    if not m:
        return None
    return {"key": m.group(1), "value": m.group(2) or "", "effect": m.group(3)}


def node_pools(r: Resource) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, pool properties) of the AKS node pools a resource declares."""
    props = r.body.get("properties")
    if not isinstance(props, dict):
        return
    if r.type == "Microsoft.ContainerService/managedClusters":
        for i, pool in enumerate(props.get("agentPoolProfiles") or []):
            if isinstance(pool, dict):
                yield f"properties.agentPoolProfiles[{i}]", pool
    elif r.type == "Microsoft.ContainerService/managedClusters/agentPools":
        yield "properties", props


def toleration_matches(tol: Any, taint: dict[str, str]) -> bool:
    """Kubernetes toleration semantics against one taint."""
    if not isinstance(tol, dict):
        return False
    if tol.get("effect") and tol.get("effect") != taint["effect"]:
        return False
    if tol.get("operator") == "Exists":
        return not tol.get("key") or tol.get("key") == taint["key"]
    return tol.get("key") == taint["key"] and str(tol.get("value", "")) == taint["value"]


def _tolerations(resources: list[Resource]) -> Iterator[Edge]:
    pools: list[tuple[Resource, str, list[dict[str, str]]]] = []
    for r in resources:
        for path, pool in node_pools(r):
            taints = [t for t in map(parse_taint, pool.get("nodeTaints") or []) if t]
            if taints:
                pools.append((r, path, taints))
    if not pools:
        return
    for r in resources:
        if not r.type.startswith("k8s:"):
            continue
        found = pod_spec(r.body)
        if not found:
            continue
        for tol in found[1].get("tolerations") or []:
            for pool_res, pool_path, taints in pools:
                if any(toleration_matches(tol, t) for t in taints):
                    yield Edge(r.id, pool_res.id, "tolerates", pool_path)


GPU_RESOURCES = ("nvidia.com/gpu", "amd.com/gpu")
_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _positive(n: Any) -> bool:
    """``lib.number(n) > 0``: a number, or a string of digits, above zero."""
    if isinstance(n, bool):
        return False
    if isinstance(n, (int, float)):
        return n > 0
    return isinstance(n, str) and _NUMBER.fullmatch(n) is not None and float(n) > 0


def _members(value: Any) -> list[Any]:
    """What Rego's ``some x in value`` iterates: array items or object values."""
    if isinstance(value, dict):
        return list(value.values())
    return value if isinstance(value, list) else []


def _requests_gpu(container: Any) -> bool:
    resources = container.get("resources") if isinstance(container, dict) else None
    if not isinstance(resources, dict):
        return False
    for section in ("limits", "requests"):
        amounts = resources.get(section)
        if isinstance(amounts, dict) and any(_positive(amounts[g]) for g in GPU_RESOURCES if g in amounts):
            return True
    return False


def requests_gpu(spec: dict[str, Any]) -> bool:
    """``lib.requests_gpu``: a container (or KServe's model shorthand) requests or limits GPUs."""
    return _requests_gpu(spec.get("model")) or any(_requests_gpu(c) for c in _containers(spec))


def _containers(spec: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for f in ("containers", "initContainers") for c in _members(spec.get(f)) if isinstance(c, dict)]


def is_inference(kind: Any, spec: dict[str, Any], server_images: list[Any]) -> bool:
    """``lib.inference``: the pod spec requests GPUs, is KServe's, or runs a model-server image."""
    if kind == "InferenceService" or requests_gpu(spec):
        return True
    images = [c["image"].lower() for c in _containers(spec) if isinstance(c.get("image"), str)]
    return any(isinstance(p, str) and p in image for p in server_images for image in images)


def pod_spec_views(resources: list[Resource], common: dict[str, Any]) -> dict[str, dict[str, bool]]:
    """``lib.requests_gpu`` and ``lib.inference`` of every Kubernetes pod spec, by resource id."""
    gpu: dict[str, bool] = {}
    inference: dict[str, bool] = {}
    for r in resources:
        found = pod_spec(r.body) if r.type.startswith("k8s:") else None
        if found:
            gpu[r.id] = requests_gpu(found[1])
            inference[r.id] = is_inference(r.body.get("kind"), found[1], common.get("model_server_images") or [])
    return {"requests_gpu": gpu, "inference": inference}


def credential_hinted(texts: dict[str, str], hints: list[Any]) -> list[str]:
    """Ids of the resources whose input JSON matches a ``common.credential_hints`` pattern:
    the only ones AIP-SEC-001 searches string by string."""
    patterns = [re.compile(h) for h in hints if isinstance(h, str)]  # one alternation is slower
    return [rid for rid, text in texts.items() if any(p.search(text) for p in patterns)]


def _resource_json(value: Any) -> str:
    """Compact JSON of one resource. Values JSON cannot carry (YAML's ``.inf`` and ``.nan``) are
    written as their YAML text, so bad input never makes the whole input unreadable."""
    try:
        return json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    except ValueError:
        return json.dumps(_finite(value), ensure_ascii=False, separators=(",", ":"))


def _finite(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return ".nan" if math.isnan(value) else ".inf" if value > 0 else "-.inf"
    if isinstance(value, dict):
        return {k: _finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_finite(v) for v in value]
    return value


def input_json(resources: list[Resource], edges: list[Edge], common: dict[str, Any] | None = None) -> str:
    """The Rego input document as JSON text (see docs/design.md), each resource serialized once.

    ``common``: the effective shared parameters (``data.aipolicy.config.common``) the views are
    computed with; the catalog defaults when omitted."""
    if common is None:
        from .catalog import default_parameters

        common = default_parameters().get("common", {})
    texts = {r.id: _resource_json(r.to_input()) for r in resources}
    by_type: dict[str, list[str]] = {}
    for r in resources:
        by_type.setdefault(r.type, []).append(r.id)
    out: dict[str, list[dict[str, str]]] = {}
    inc: dict[str, list[dict[str, str]]] = {}
    for e in edges:
        out.setdefault(e.source, []).append({"to": e.target, "kind": e.kind, "path": e.path})
        inc.setdefault(e.target, []).append({"from": e.source, "kind": e.kind, "path": e.path})
    views: dict[str, Any] = pod_spec_views(resources, common)
    views["credential_hinted"] = credential_hinted(texts, common.get("credential_hints") or [])
    rest = json.dumps({"by_type": by_type, "edges": {"out": out, "in": inc}, "views": views}, ensure_ascii=False)
    body = ",".join(f"{json.dumps(rid, ensure_ascii=False)}:{text}" for rid, text in texts.items())
    return f'{{"resources":{{{body}}},{rest[1:]}'


def build_input(resources: list[Resource], edges: list[Edge], common: dict[str, Any] | None = None) -> dict[str, Any]:
    """The Rego input document as a Python object (``aipolicy graph``, tests)."""
    return json.loads(input_json(resources, edges, common))
