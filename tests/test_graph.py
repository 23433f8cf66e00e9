"""Edges the graph derives across files and formats."""
from __future__ import annotations

from aipolicy.graph import build_input
from aipolicy.pipeline import ScanOptions, collect


def _edges(*paths: str) -> set[tuple[str, str, str]]:
    result = collect(ScanOptions(paths=list(paths)))
    return {(e.source, e.target, e.kind) for e in result.edges}


def test_aml_deployment_is_linked_to_its_endpoint(in_root) -> None:
    assert ("fixtures/demo/aml/blue-deployment.yml::managedOnlineDeployment/blue",
            "fixtures/demo/aml/endpoint.yml::managedOnlineEndpoint/credit-default", "deployment_of") in _edges("fixtures/demo/aml")


def test_pod_toleration_links_to_the_terraform_pool_across_formats(in_root) -> None:
    edges = _edges("fixtures/demo", "fixtures/html/crossformat")
    tolerates = {(s, t) for s, t, k in edges if k == "tolerates"}
    assert any(t == "fixtures/demo/terraform/aks.tf::azurerm_kubernetes_cluster_node_pool.gpu" for _, t in tolerates)


def test_service_selects_its_workload(in_root) -> None:
    assert ("fixtures/demo/k8s/vllm.yaml::Service/inference/llama-chat",
            "fixtures/demo/k8s/vllm.yaml::Deployment/inference/llama-chat", "selects") in _edges("fixtures/demo/k8s")


def test_input_json_lists_the_resources_a_credential_hint_matches(in_root) -> None:
    result = collect(ScanOptions(paths=["fixtures/rules/AIP-SEC-001/kubernetes-fail", "fixtures/rules/AIP-SEC-001/kubernetes-pass"]))
    doc = build_input(result.resources, result.edges)
    hinted = set(doc["views"]["credential_hinted"])
    assert hinted and all(rid.startswith("fixtures/rules/AIP-SEC-001/kubernetes-fail/") for rid in hinted)
    none = build_input(result.resources, result.edges, {"credential_hints": []})
    assert none["views"]["credential_hinted"] == []
    assert set(none["resources"]) == set(doc["resources"]) == {r.id for r in result.resources}
