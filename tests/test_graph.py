"""Edges the graph derives across files and formats."""
from __future__ import annotations

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
