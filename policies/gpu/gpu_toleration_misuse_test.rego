package aipolicy.rules.gpu.gpu_toleration_misuse_test

import data.aipolicy.lib
import data.aipolicy.rules.gpu.gpu_toleration_misuse as rule
import rego.v1

workload(kind, ns, containers, tolerations) := {
	"_meta": {"id": "w", "type": sprintf("k8s:apps/%s", [kind]), "name": "w", "pod_spec": ["spec", "template", "spec"]},
	"kind": kind,
	"metadata": {"name": "w", "namespace": ns},
	"spec": {"template": {"spec": {"containers": containers, "tolerations": tolerations}}},
}

web := [{"name": "web", "image": "nginx:1.27"}]

gpu := [{"name": "trainer", "image": "pytorch", "resources": {"limits": {"nvidia.com/gpu": 1}}}]

test_gpu_toleration_on_cpu_pod_fails if {
	inp := lib.mock([workload("Deployment", "web", web, [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}])])
	some f in rule.deny with input as inp
	f.path == "spec.template.spec.tolerations[0]"
}

test_sku_gpu_value_fails if {
	inp := lib.mock([workload("Deployment", "web", web, [{"key": "dedicated", "operator": "Equal", "value": "batch"}, {"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}])])
	some f in rule.deny with input as inp
	f.path == "spec.template.spec.tolerations[1]"
	count(rule.deny) == 1 with input as inp
}

test_blanket_toleration_fails if {
	inp := lib.mock([workload("Deployment", "web", web, [{"operator": "Exists"}])])
	some f in rule.deny with input as inp
	contains(f.message, "blanket")
	count(rule.deny) == 1 with input as inp
}

test_gpu_pod_may_tolerate if {
	inp := lib.mock([workload("Deployment", "ml", gpu, [{"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}])])
	count(rule.deny) == 0 with input as inp
}

test_other_tolerations_pass if {
	inp := lib.mock([workload("Deployment", "web", web, [{"key": "CriticalAddonsOnly", "operator": "Exists"}])])
	count(rule.deny) == 0 with input as inp
}

test_device_plugin_daemonset_exempt if {
	ds := [{"name": "nvidia-device-plugin-ctr", "image": "nvcr.io/nvidia/k8s-device-plugin:v0.16.2"}]
	inp := lib.mock([workload("DaemonSet", "kube-system", ds, [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}])])
	count(rule.deny) == 0 with input as inp
}

test_device_plugin_image_elsewhere_not_exempt if {
	ds := [{"name": "nvidia-device-plugin-ctr", "image": "nvcr.io/nvidia/k8s-device-plugin:v0.16.2"}]
	inp := lib.mock([workload("DaemonSet", "default", ds, [{"operator": "Exists"}])])
	count(rule.deny) == 1 with input as inp
}

test_log_agent_daemonset_not_exempt if {
	ds := [{"name": "fluent-bit", "image": "fluent/fluent-bit:3.1"}]
	inp := lib.mock([workload("DaemonSet", "kube-system", ds, [{"operator": "Exists"}])])
	count(rule.deny) == 1 with input as inp
}

test_unresolved_tolerations_do_not_fire if {
	inp := lib.mock([workload("Deployment", "web", web, {"$unresolved": "var.tolerations"})])
	count(rule.deny) == 0 with input as inp
}

pool := {
	"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/a100"},
	"properties": {"vmSize": "Standard_NC24ads_A100_v4", "nodeTaints": ["dedicated=ml:NoSchedule"]},
}

test_cross_format_toleration_of_declared_gpu_pool_fails if {
	inp := lib.mock_edges(
		[workload("Deployment", "web", web, [{"key": "dedicated", "operator": "Equal", "value": "ml", "effect": "NoSchedule"}]), pool],
		[{"from": "w", "to": "np", "kind": "tolerates", "path": "properties"}],
	)
	some f in rule.deny with input as inp
	f.path == "spec.template.spec.tolerations"
	contains(f.message, "aks/a100")
}

test_cross_format_inline_pool_named if {
	aks := {"_meta": {"id": "aks", "type": "Microsoft.ContainerService/managedClusters", "name": "aks"}, "properties": {"agentPoolProfiles": [
		{"name": "system", "vmSize": "Standard_D4s_v5"},
		{"name": "gpu", "vmSize": "Standard_NC6s_v3", "nodeTaints": ["dedicated=ml:NoSchedule"]},
	]}}
	inp := lib.mock_edges(
		[workload("Deployment", "web", web, [{"key": "dedicated", "operator": "Equal", "value": "ml", "effect": "NoSchedule"}]), aks],
		[{"from": "w", "to": "aks", "kind": "tolerates", "path": "properties.agentPoolProfiles[1]"}],
	)
	some f in rule.deny with input as inp
	contains(f.message, "aks/gpu")
}

test_cross_format_cpu_pool_passes if {
	cpu := {"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/batch"}, "properties": {"vmSize": "Standard_D16s_v5", "nodeTaints": ["dedicated=ml:NoSchedule"]}}
	inp := lib.mock_edges(
		[workload("Deployment", "web", web, [{"key": "dedicated", "operator": "Equal", "value": "ml", "effect": "NoSchedule"}]), cpu],
		[{"from": "w", "to": "np", "kind": "tolerates", "path": "properties"}],
	)
	count(rule.deny) == 0 with input as inp
}

# An edge to a pool resource whose properties are no object (lib.get failed on them in regorus, and
# the rule with it).
test_cross_format_non_object_pool_properties if {
	odd := {"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/odd"}, "properties": 7}
	inp := lib.mock_edges(
		[workload("Deployment", "web", web, [{"key": "dedicated", "operator": "Equal", "value": "ml", "effect": "NoSchedule"}]), odd],
		[{"from": "w", "to": "np", "kind": "tolerates", "path": "properties"}],
	)
	count(rule.deny) == 0 with input as inp
}
