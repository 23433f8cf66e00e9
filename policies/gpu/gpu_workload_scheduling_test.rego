package aipolicy.rules.gpu.gpu_workload_scheduling_test

import data.aipolicy.lib
import data.aipolicy.rules.gpu.gpu_workload_scheduling as rule
import rego.v1

gpu_container := {"name": "trainer", "image": "nvcr.io/nvidia/pytorch:24.05-py3", "resources": {"limits": {"nvidia.com/gpu": 1}}}

deployment(extra) := {
	"_meta": {"id": "d", "type": "k8s:apps/Deployment", "name": "trainer", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": object.union({"containers": [gpu_container]}, extra)}},
}

gpu_tol := {"key": "sku", "operator": "Equal", "value": "gpu", "effect": "NoSchedule"}

gpu_sel := {"accelerator": "nvidia"}


test_missing_toleration_and_selector_fails_twice if {
	inp := lib.mock([deployment({})])
	ps := {f.path | some f in rule.deny with input as inp}
	ps == {"spec.template.spec.tolerations", "spec.template.spec.nodeSelector"}
}

test_toleration_and_selector_pass if {
	inp := lib.mock([deployment({"tolerations": [gpu_tol], "nodeSelector": gpu_sel})])
	count(rule.deny) == 0 with input as inp
}

test_nvidia_key_toleration_and_affinity_pass if {
	aff := {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [{"matchExpressions": [{"key": "node.kubernetes.io/instance-type", "operator": "In", "values": ["Standard_NC24ads_A100_v4"]}]}]}}}
	inp := lib.mock([deployment({"tolerations": [{"key": "nvidia.com/gpu", "operator": "Exists", "effect": "NoSchedule"}], "affinity": aff})])
	count(rule.deny) == 0 with input as inp
}

test_preferred_affinity_is_not_selection if {
	aff := {"nodeAffinity": {"preferredDuringSchedulingIgnoredDuringExecution": [{"weight": 1, "preference": {"matchExpressions": [{"key": "accelerator", "operator": "In", "values": ["nvidia"]}]}}]}}
	inp := lib.mock([deployment({"tolerations": [gpu_tol], "affinity": aff})])
	some f in rule.deny with input as inp
	f.path == "spec.template.spec.nodeSelector"
}

test_non_gpu_toleration_fails if {
	inp := lib.mock([deployment({"tolerations": [{"key": "dedicated", "operator": "Equal", "value": "batch", "effect": "NoSchedule"}], "nodeSelector": gpu_sel})])
	some f in rule.deny with input as inp
	f.path == "spec.template.spec.tolerations"
}

test_cpu_workload_ignored if {
	cpu := {
		"_meta": {"id": "c", "type": "k8s:apps/Deployment", "name": "api", "pod_spec": ["spec", "template", "spec"]},
		"kind": "Deployment",
		"spec": {"template": {"spec": {"containers": [{"name": "api", "image": "nginx"}]}}},
	}
	inp := lib.mock([cpu])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_tolerations_and_selector_do_not_fire if {
	inp := lib.mock([deployment({"tolerations": {"$unresolved": "var.tolerations"}, "nodeSelector": {"pool": {"$unresolved": "var.pool"}}})])
	count(rule.deny) == 0 with input as inp
}

test_kserve_predictor_checked if {
	isvc := {
		"_meta": {"id": "i", "type": "k8s:serving.kserve.io/InferenceService", "name": "llm", "pod_spec": ["spec", "predictor"]},
		"kind": "InferenceService",
		"spec": {"predictor": {"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"nvidia.com/gpu": "1"}}}}},
	}
	inp := lib.mock([isvc])
	count(rule.deny) == 2 with input as inp
}

# Cross-format: a tainted GPU pool declared in Terraform/Bicep in the same scan.
gpu_pool := {
	"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/gpua100", "file": "aks.bicep"},
	"properties": {"vmSize": "Standard_NC24ads_A100_v4", "nodeTaints": ["nvidia.com/gpu=present:NoSchedule"], "nodeLabels": {"workload": "llm"}},
}

test_cross_format_unmatched_toleration_names_pool if {
	inp := lib.mock([deployment({"tolerations": [gpu_tol], "nodeSelector": gpu_sel}), gpu_pool])
	some f in rule.deny with input as inp
	f.path == "spec.template.spec.tolerations"
	contains(f.message, "aks/gpua100")
	count(rule.deny) == 1 with input as inp
}

test_cross_format_matching_toleration_passes if {
	tol := {"key": "nvidia.com/gpu", "operator": "Equal", "value": "present", "effect": "NoSchedule"}
	inp := lib.mock_edges(
		[deployment({"tolerations": [tol], "nodeSelector": {"kubernetes.azure.com/agentpool": "gpua100"}}), gpu_pool],
		[{"from": "d", "to": "np", "kind": "tolerates", "path": "properties"}],
	)
	count(rule.deny) == 0 with input as inp
}

test_cross_format_pool_label_selects if {
	tol := {"key": "nvidia.com/gpu", "operator": "Exists"}
	inp := lib.mock_edges(
		[deployment({"tolerations": [tol], "nodeSelector": {"workload": "llm"}}), gpu_pool],
		[{"from": "d", "to": "np", "kind": "tolerates", "path": "properties"}],
	)
	count(rule.deny) == 0 with input as inp
}

test_cross_format_edge_to_cpu_pool_does_not_count if {
	cpu_pool := {
		"_meta": {"id": "cpu", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/batch", "file": "aks.bicep"},
		"properties": {"vmSize": "Standard_D16s_v5", "nodeTaints": ["sku=gpu:NoSchedule"]},
	}
	inp := lib.mock_edges(
		[deployment({"tolerations": [gpu_tol], "nodeSelector": gpu_sel}), gpu_pool, cpu_pool],
		[{"from": "d", "to": "cpu", "kind": "tolerates", "path": "properties"}],
	)
	some f in rule.deny with input as inp
	f.path == "spec.template.spec.tolerations"
}

test_cross_format_inline_pool_path if {
	aks := {
		"_meta": {"id": "aks", "type": "Microsoft.ContainerService/managedClusters", "name": "aks", "file": "aks.tf"},
		"properties": {"agentPoolProfiles": [
			{"name": "system", "vmSize": "Standard_D4s_v5", "mode": "System"},
			{"name": "gpu", "vmSize": "Standard_NC6s_v3", "nodeTaints": ["sku=gpu:NoSchedule"]},
		]},
	}
	good := lib.mock_edges([deployment({"tolerations": [gpu_tol], "nodeSelector": gpu_sel}), aks], [{"from": "d", "to": "aks", "kind": "tolerates", "path": "properties.agentPoolProfiles[1]"}])
	count(rule.deny) == 0 with input as good
	bad := lib.mock_edges([deployment({"tolerations": [gpu_tol], "nodeSelector": gpu_sel}), aks], [{"from": "d", "to": "aks", "kind": "tolerates", "path": "properties.agentPoolProfiles[0]"}])
	some f in rule.deny with input as bad
	contains(f.message, "aks/gpu")
}

# Toleration and selector keys that are no strings, and value lists that are no arrays (a `key:`
# left empty is null): regorus failed regex.match, lower or `some .. in` on them, and the rule with it.
test_odd_toleration_and_affinity_shapes if {
	aff := {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": [
		{"matchExpressions": [{"key": 7, "operator": "In", "values": ["x"]}, {"key": "pool", "operator": "In", "values": "gpu"}]},
		{"matchExpressions": "x"},
	]}}}
	inp := lib.mock([deployment({"tolerations": [{"key": null, "operator": "Equal", "value": "x"}], "affinity": aff})])
	{f.path | some f in rule.deny with input as inp} == {"spec.template.spec.tolerations", "spec.template.spec.nodeSelector"}
	aff2 := {"nodeAffinity": {"requiredDuringSchedulingIgnoredDuringExecution": {"nodeSelectorTerms": "x"}}}
	inp2 := lib.mock([deployment({"tolerations": [{"key": 7, "value": "gpu"}], "affinity": aff2})])
	{f.path | some f in rule.deny with input as inp2} == {"spec.template.spec.nodeSelector"}
}
