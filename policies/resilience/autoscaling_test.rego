package aipolicy.rules.resilience.autoscaling_test

import data.aipolicy.lib
import data.aipolicy.rules.resilience.autoscaling as rule
import rego.v1

cluster(pools) := {"_meta": {"id": "aks", "type": "Microsoft.ContainerService/managedClusters", "name": "aks"}, "properties": {"agentPoolProfiles": pools}}

pool(props) := {"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/gpu"}, "properties": props}

findings(inp) := {[f.resource, f.path] | some f in rule.deny with input as inp}

test_user_pool_without_autoscaling_fails if {
	inp := lib.mock([cluster([{"name": "system", "mode": "System"}, {"name": "gpu", "mode": "User", "vmSize": "Standard_NC24ads_A100_v4"}])])
	findings(inp) == {["aks", "properties.agentPoolProfiles[1].enableAutoScaling"]}
}

test_system_pool_out_of_scope if {
	inp := lib.mock([cluster([{"name": "system", "mode": "System", "enableAutoScaling": false}])])
	count(rule.deny) == 0 with input as inp
}

test_agent_pool_resource_fails if {
	inp := lib.mock([pool({"mode": "user", "enableAutoScaling": false})])
	findings(inp) == {["np", "properties.enableAutoScaling"]}
}

test_autoscaling_pool_passes if {
	inp := lib.mock([pool({"mode": "User", "enableAutoScaling": true, "minCount": 1, "maxCount": 4})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_pool_passes if {
	inp := lib.mock([pool({"mode": "User", "enableAutoScaling": {"$unresolved": "var.autoscale"}})])
	count(rule.deny) == 0 with input as inp
}

deployment(props) := {"_meta": {"id": "dep", "type": rule.deployment_type, "name": "ep/blue"}, "properties": props}

test_default_scale_type_low if {
	inp := lib.mock([deployment({})])
	some f in rule.deny with input as inp
	f.path == "properties.scaleSettings.scaleType"
	f.severity == "low"
}

test_target_utilization_passes if {
	inp := lib.mock([deployment({"scaleSettings": {"scaleType": "targetutilization"}})])
	count(rule.deny) == 0 with input as inp
}

test_other_scale_type_medium if {
	inp := lib.mock([deployment({"scaleSettings": {"scaleType": "Manual"}})])
	some f in rule.deny with input as inp
	not f.severity
}

test_unresolved_scale_type_passes if {
	inp := lib.mock([deployment({"scaleSettings": {"$unresolved": "[parameters('scale')]"}})])
	count(rule.deny) == 0 with input as inp
}

workload := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]}}},
}

hpa := {"_meta": {"id": "hpa", "type": "k8s:autoscaling/HorizontalPodAutoscaler", "name": "llm"}, "kind": "HorizontalPodAutoscaler", "spec": {}}

test_inference_without_hpa_fails if {
	inp := lib.mock([workload])
	findings(inp) == {["w", ""]}
}

test_inference_with_hpa_passes if {
	inp := lib.mock_edges([workload, hpa], [{"from": "hpa", "to": "w", "kind": "scales"}])
	count(rule.deny) == 0 with input as inp
}

test_non_inference_out_of_scope if {
	w := json.patch(workload, [{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:1.27"}])
	inp := lib.mock([w])
	count(rule.deny) == 0 with input as inp
}

isvc(predictor) := {
	"_meta": {"id": "isvc", "type": "k8s:serving.kserve.io/InferenceService", "name": "llm", "pod_spec": ["spec", "predictor"]},
	"kind": "InferenceService",
	"spec": {"predictor": predictor},
}

test_kserve_pinned_fails if {
	inp := lib.mock([isvc({"minReplicas": 2, "maxReplicas": 2})])
	findings(inp) == {["isvc", "spec.predictor.maxReplicas"]}
}

test_kserve_default_autoscales if {
	inp := lib.mock([isvc({"minReplicas": 1})])
	count(rule.deny) == 0 with input as inp
}

test_kserve_range_passes if {
	inp := lib.mock([isvc({"minReplicas": 2, "maxReplicas": 8})])
	count(rule.deny) == 0 with input as inp
}
