package aipolicy.rules.workload.resource_limits_test

import data.aipolicy.lib
import data.aipolicy.rules.workload.resource_limits as rule
import rego.v1

deployment(containers) := {
	"_meta": {"id": "d", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": containers}}},
}

isvc(predictor) := {
	"_meta": {"id": "isvc", "type": "k8s:serving.kserve.io/InferenceService", "name": "llm", "pod_spec": ["spec", "predictor"]},
	"kind": "InferenceService",
	"spec": {"predictor": predictor},
}

c(resources) := {"name": "vllm", "image": "vllm/vllm-openai:v0.6.3", "resources": resources}

good := {"requests": {"cpu": "4", "memory": "32Gi", "nvidia.com/gpu": 1}, "limits": {"memory": "32Gi", "nvidia.com/gpu": 1}}

paths(inp) := {f.path | some f in rule.deny with input as inp}

test_complete_passes if {
	inp := lib.mock([deployment([c(good)])])
	count(rule.deny) == 0 with input as inp
}

test_no_resources_fails_twice if {
	inp := lib.mock([deployment([{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}])])
	paths(inp) == {"spec.template.spec.containers[0].resources.limits.memory", "spec.template.spec.containers[0].resources.requests.cpu"}
}

test_gpu_request_differs_from_limit if {
	inp := lib.mock([deployment([c({"requests": {"cpu": "4", "nvidia.com/gpu": 1}, "limits": {"memory": "32Gi", "nvidia.com/gpu": 2}})])])
	paths(inp) == {`spec.template.spec.containers[0].resources.limits["nvidia.com/gpu"]`}
}

test_gpu_request_without_limit if {
	inp := lib.mock([deployment([c({"requests": {"cpu": "4", "amd.com/gpu": "1"}, "limits": {"memory": "32Gi"}})])])
	paths(inp) == {`spec.template.spec.containers[0].resources.limits["amd.com/gpu"]`}
}

test_gpu_string_and_number_equal if {
	inp := lib.mock([deployment([c({"requests": {"cpu": "4", "nvidia.com/gpu": "1"}, "limits": {"memory": "32Gi", "nvidia.com/gpu": 1}})])])
	count(rule.deny) == 0 with input as inp
}

test_gpu_limit_only_passes if {
	inp := lib.mock([deployment([c({"requests": {"cpu": "4"}, "limits": {"memory": "32Gi", "nvidia.com/gpu": 1}})])])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([deployment([c({"$unresolved": "var.resources"})])])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_gpu_does_not_fire if {
	inp := lib.mock([deployment([c({"requests": {"cpu": "4", "nvidia.com/gpu": {"$unresolved": "var.gpus"}}, "limits": {"memory": "32Gi", "nvidia.com/gpu": 1}})])])
	count(rule.deny) == 0 with input as inp
}

test_kserve_model_shorthand_checked if {
	inp := lib.mock([isvc({"model": {"modelFormat": {"name": "sklearn"}, "resources": {"limits": {"cpu": "1"}}}})])
	paths(inp) == {"spec.predictor.model.resources.limits.memory", "spec.predictor.model.resources.requests.cpu"}
}

test_kserve_model_complete_passes if {
	inp := lib.mock([isvc({"model": {"modelFormat": {"name": "huggingface"}, "resources": good}})])
	count(rule.deny) == 0 with input as inp
}

test_kserve_container_checked if {
	inp := lib.mock([isvc({"containers": [c({"limits": {"memory": "8Gi"}})]})])
	paths(inp) == {"spec.predictor.containers[0].resources.requests.cpu"}
}
