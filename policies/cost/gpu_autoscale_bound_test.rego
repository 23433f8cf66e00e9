package aipolicy.rules.cost.gpu_autoscale_bound_test

import data.aipolicy.lib
import data.aipolicy.rules.cost.gpu_autoscale_bound as rule
import rego.v1

pool(props) := {"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/gpu"}, "properties": props}

test_gpu_pool_count_over_limit_fails if {
	inp := lib.mock([pool({"vmSize": "Standard_NC24ads_A100_v4", "count": 12})])
	some f in rule.deny with input as inp
	f.path == "properties.count"
}

test_gpu_pool_autoscale_max_over_limit_fails if {
	inp := lib.mock([pool({"vmSize": "Standard_NC24ads_A100_v4", "count": 1, "enableAutoScaling": true, "minCount": 0, "maxCount": 40})])
	some f in rule.deny with input as inp
	f.path == "properties.maxCount"
	count(rule.deny) == 1 with input as inp
}

test_max_count_ignored_without_autoscaling if {
	inp := lib.mock([pool({"vmSize": "Standard_NC24ads_A100_v4", "count": 2, "maxCount": 40})])
	count(rule.deny) == 0 with input as inp
}

test_gpu_pool_within_limit_passes if {
	inp := lib.mock([pool({"vmSize": "Standard_NC24ads_A100_v4", "count": 1, "enableAutoScaling": true, "maxCount": 10})])
	count(rule.deny) == 0 with input as inp
}

test_inline_gpu_pool_fails if {
	aks := {"_meta": {"id": "aks", "type": "Microsoft.ContainerService/managedClusters", "name": "aks"}, "properties": {"agentPoolProfiles": [
		{"name": "system", "vmSize": "Standard_D4s_v5", "count": 30},
		{"name": "gpu", "vmSize": "Standard_NC6s_v3", "count": "16"},
	]}}
	inp := lib.mock([aks])
	some f in rule.deny with input as inp
	f.path == "properties.agentPoolProfiles[1].count"
	count(rule.deny) == 1 with input as inp
}

test_parameter_override if {
	inp := lib.mock([pool({"vmSize": "Standard_NC6s_v3", "count": 4})])
	cfg := object.union(data.aipolicy.config, {"AIP-COST-001": {"gpu_max_nodes": 2}})
	count(rule.deny) == 1 with input as inp with data.aipolicy.config as cfg
}

test_cpu_pool_ignored if {
	inp := lib.mock([pool({"vmSize": "Standard_D16s_v5", "count": 50})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_count_does_not_fire if {
	inp := lib.mock([pool({"vmSize": "Standard_NC6s_v3", "count": {"$unresolved": "var.count"}})])
	count(rule.deny) == 0 with input as inp
}

compute(props) := {"_meta": {"id": "c", "type": "Microsoft.MachineLearningServices/workspaces/computes", "name": "ws/gpu"}, "properties": props}

test_aml_compute_over_limit_fails if {
	inp := lib.mock([compute({"computeType": "AmlCompute", "properties": {"vmSize": "STANDARD_NC6S_V3", "scaleSettings": {"maxNodeCount": 20}}})])
	some f in rule.deny with input as inp
	f.path == "properties.properties.scaleSettings.maxNodeCount"
}

test_aml_compute_within_limit_passes if {
	inp := lib.mock([compute({"computeType": "AmlCompute", "properties": {"vmSize": "Standard_NC6s_v3", "scaleSettings": {"maxNodeCount": 4}}})])
	count(rule.deny) == 0 with input as inp
}

test_cpu_aml_compute_ignored if {
	inp := lib.mock([compute({"computeType": "AmlCompute", "properties": {"vmSize": "Standard_DS3_v2", "scaleSettings": {"maxNodeCount": 100}}})])
	count(rule.deny) == 0 with input as inp
}

deployment(sku, props) := {"_meta": {"id": "d", "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", "name": "ws/ep/blue"}, "sku": sku, "properties": props}

test_online_deployment_capacity_fails if {
	inp := lib.mock([deployment({"capacity": 12}, {"instanceType": "Standard_NC24ads_A100_v4"})])
	some f in rule.deny with input as inp
	f.path == "sku.capacity"
}

test_online_deployment_max_instances_fails if {
	inp := lib.mock([deployment({"capacity": 1}, {"instanceType": "Standard_NC24ads_A100_v4", "scaleSettings": {"scaleType": "TargetUtilization", "maxInstances": 25}})])
	some f in rule.deny with input as inp
	f.path == "properties.scaleSettings.maxInstances"
}

test_cpu_online_deployment_ignored if {
	inp := lib.mock([deployment({"capacity": 30}, {"instanceType": "Standard_DS3_v2"})])
	count(rule.deny) == 0 with input as inp
}

gpu_deploy := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": [{"name": "vllm", "image": "vllm", "resources": {"limits": {"nvidia.com/gpu": 1}}}]}}},
}

hpa(maxr) := {"_meta": {"id": "h", "type": "k8s:autoscaling/HorizontalPodAutoscaler", "name": "llm"}, "kind": "HorizontalPodAutoscaler", "spec": {"minReplicas": 1, "maxReplicas": maxr}}

test_hpa_over_limit_fails if {
	inp := lib.mock_edges([gpu_deploy, hpa(50)], [{"from": "h", "to": "w", "kind": "scales", "path": "spec.scaleTargetRef"}])
	some f in rule.deny with input as inp
	f.resource == "h"
	f.path == "spec.maxReplicas"
}

test_hpa_within_limit_passes if {
	inp := lib.mock_edges([gpu_deploy, hpa(4)], [{"from": "h", "to": "w", "kind": "scales", "path": "spec.scaleTargetRef"}])
	count(rule.deny) == 0 with input as inp
}

test_hpa_on_cpu_workload_ignored if {
	cpu := json.patch(gpu_deploy, [{"op": "replace", "path": "/spec/template/spec/containers/0/resources", "value": {}}])
	inp := lib.mock_edges([cpu, hpa(50)], [{"from": "h", "to": "w", "kind": "scales", "path": "spec.scaleTargetRef"}])
	count(rule.deny) == 0 with input as inp
}

isvc(predictor) := {
	"_meta": {"id": "i", "type": "k8s:serving.kserve.io/InferenceService", "name": "llm", "pod_spec": ["spec", "predictor"]},
	"kind": "InferenceService",
	"spec": {"predictor": object.union({"model": {"modelFormat": {"name": "huggingface"}, "resources": {"limits": {"nvidia.com/gpu": "1"}}}}, predictor)},
}

test_isvc_without_max_replicas_fails if {
	inp := lib.mock([isvc({"minReplicas": 1})])
	some f in rule.deny with input as inp
	f.path == "spec.predictor.maxReplicas"
	contains(f.message, "unbounded")
}

test_isvc_over_limit_fails if {
	inp := lib.mock([isvc({"maxReplicas": 20})])
	count(rule.deny) == 1 with input as inp
}

test_isvc_bounded_passes if {
	inp := lib.mock([isvc({"minReplicas": 1, "maxReplicas": 3})])
	count(rule.deny) == 0 with input as inp
}

test_isvc_unresolved_does_not_fire if {
	inp := lib.mock([isvc({"maxReplicas": {"$unresolved": "var.max"}})])
	count(rule.deny) == 0 with input as inp
}
