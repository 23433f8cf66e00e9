package aipolicy.rules.resilience.redundant_replicas_test

import data.aipolicy.lib
import data.aipolicy.rules.resilience.redundant_replicas as rule
import rego.v1

workload(kind, spec) := {
	"_meta": {"id": "w", "type": sprintf("k8s:apps/%s", [kind]), "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": kind,
	"spec": object.union({"template": {"spec": {"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]}}}, spec),
}

web := {
	"_meta": {"id": "web", "type": "k8s:apps/Deployment", "name": "web", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": [{"name": "nginx", "image": "nginx:1.27"}]}}},
}

pdb := {"_meta": {"id": "pdb", "type": "k8s:policy/PodDisruptionBudget", "name": "llm"}, "kind": "PodDisruptionBudget", "spec": {"minAvailable": 1}}

hpa(spec) := {"_meta": {"id": "hpa", "type": "k8s:autoscaling/HorizontalPodAutoscaler", "name": "llm"}, "kind": "HorizontalPodAutoscaler", "spec": spec}

scaled_object(spec) := {"_meta": {"id": "so", "type": "k8s:keda.sh/ScaledObject", "name": "llm"}, "kind": "ScaledObject", "spec": spec}

selects := {"from": "pdb", "to": "w", "kind": "selects"}

findings(inp) := {[f.resource, f.path] | some f in rule.deny with input as inp}

test_two_replicas_with_pdb_pass if {
	inp := lib.mock_edges([workload("Deployment", {"replicas": 2}), pdb], [selects])
	count(rule.deny) == 0 with input as inp
}

test_default_one_replica_fails if {
	inp := lib.mock_edges([workload("StatefulSet", {}), pdb], [selects])
	findings(inp) == {["w", "spec.replicas"]}
}

test_missing_pdb_fails if {
	inp := lib.mock([workload("Deployment", {"replicas": 3})])
	findings(inp) == {["w", ""]}
}

test_non_inference_out_of_scope if {
	inp := lib.mock([web])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_replicas_do_not_fire if {
	inp := lib.mock_edges([workload("Deployment", {"replicas": {"$unresolved": "var.replicas"}}), pdb], [selects])
	count(rule.deny) == 0 with input as inp
}

test_hpa_min_replicas_counts if {
	inp := lib.mock_edges(
		[workload("Deployment", {"replicas": 1}), pdb, hpa({"minReplicas": 2, "maxReplicas": 6})],
		[selects, {"from": "hpa", "to": "w", "kind": "scales"}],
	)
	count(rule.deny) == 0 with input as inp
}

test_hpa_default_min_fails_on_hpa if {
	inp := lib.mock_edges(
		[workload("Deployment", {"replicas": 4}), pdb, hpa({"maxReplicas": 6})],
		[selects, {"from": "hpa", "to": "w", "kind": "scales"}],
	)
	findings(inp) == {["hpa", "spec.minReplicas"]}
}

test_keda_default_min_zero_fails if {
	inp := lib.mock_edges(
		[workload("Deployment", {}), pdb, scaled_object({"maxReplicaCount": 4})],
		[selects, {"from": "so", "to": "w", "kind": "scales"}],
	)
	findings(inp) == {["so", "spec.minReplicaCount"]}
}

test_min_replicas_parameter if {
	inp := lib.mock_edges([workload("Deployment", {"replicas": 2}), pdb], [selects])
	count(rule.deny) == 1 with input as inp with data.aipolicy.config["AIP-RES-007"].min_replicas as 3
}

isvc(predictor) := {
	"_meta": {"id": "isvc", "type": "k8s:serving.kserve.io/InferenceService", "name": "llm", "pod_spec": ["spec", "predictor"]},
	"kind": "InferenceService",
	"spec": {"predictor": predictor},
}

test_kserve_default_min_fails if {
	inp := lib.mock([isvc({"model": {"modelFormat": {"name": "sklearn"}}})])
	some f in rule.deny with input as inp
	f.path == "spec.predictor.minReplicas"
	not f.severity
}

test_kserve_scale_to_zero_low if {
	inp := lib.mock([isvc({"minReplicas": 0, "model": {"modelFormat": {"name": "sklearn"}}})])
	some f in rule.deny with input as inp
	f.severity == "low"
}

test_kserve_two_passes if {
	inp := lib.mock([isvc({"minReplicas": 2, "model": {"modelFormat": {"name": "sklearn"}}})])
	count(rule.deny) == 0 with input as inp
}

deployment(extra) := object.union({"_meta": {"id": "dep", "type": rule.deployment_type, "name": "ep/blue"}, "properties": {}}, extra)

test_aml_one_instance_fails if {
	inp := lib.mock([deployment({"sku": {"capacity": 1}})])
	findings(inp) == {["dep", "sku.capacity"]}
}

test_aml_three_instances_pass if {
	inp := lib.mock([deployment({"sku": {"name": "Default", "capacity": 3}})])
	count(rule.deny) == 0 with input as inp
}

test_arm_omitted_capacity_passes if {
	inp := lib.mock([deployment({})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_capacity_passes if {
	inp := lib.mock([deployment({"sku": {"capacity": {"$unresolved": "[parameters('n')]"}}})])
	count(rule.deny) == 0 with input as inp
}

test_target_utilization_min_instances if {
	inp := lib.mock([deployment({"sku": {"capacity": 3}, "properties": {"scaleSettings": {"scaleType": "targetUtilization"}}})])
	findings(inp) == {["dep", "properties.scaleSettings.minInstances"]}
}

test_target_utilization_min_two_passes if {
	inp := lib.mock([deployment({"sku": {"capacity": 1}, "properties": {"scaleSettings": {"scaleType": "TargetUtilization", "minInstances": 2}}})])
	count(rule.deny) == 0 with input as inp
}

# A minimum configured as a non-integer: the message printed it with %d, which fails in regorus.
test_fractional_min_replicas_parameter if {
	inp := lib.mock_edges([workload("Deployment", {"replicas": 2}), pdb], [selects])
	some f in rule.deny with input as inp with data.aipolicy.config["AIP-RES-007"].min_replicas as 2.5
	contains(f.message, "at least 2.5")
}
