package aipolicy.rules.network.endpoint_public_access_test

import data.aipolicy.lib
import data.aipolicy.rules.network.endpoint_public_access as rule
import rego.v1

endpoint(props) := {"_meta": {"id": "ep", "type": rule.endpoint_type, "name": "ep"}, "properties": props}

test_public_endpoint_fails if {
	inp := lib.mock([endpoint({"publicNetworkAccess": "Enabled"})])
	some f in rule.deny with input as inp
	f.resource == "ep"
	f.path == "properties.publicNetworkAccess"
}

test_missing_means_enabled if {
	inp := lib.mock([endpoint({})])
	count(rule.deny) == 1 with input as inp
}

test_disabled_passes_any_case if {
	inp := lib.mock([endpoint({"publicNetworkAccess": "disabled"})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([endpoint({"publicNetworkAccess": {"$unresolved": "[parameters('pna')]"}})])
	count(rule.deny) == 0 with input as inp
}

vllm := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]}}},
}

service(annotations) := {
	"_meta": {"id": "s", "type": "k8s:core/Service", "name": "llm"},
	"kind": "Service",
	"metadata": {"annotations": annotations},
	"spec": {"type": "LoadBalancer"},
}

test_public_lb_in_front_of_vllm_fails if {
	inp := lib.mock_edges([vllm, service({})], [{"from": "s", "to": "w", "kind": "selects"}])
	some f in rule.deny with input as inp
	f.resource == "s"
	f.path == "spec.type"
}

test_internal_lb_passes if {
	inp := lib.mock_edges([vllm, service({rule.internal_annotation: "true"})], [{"from": "s", "to": "w", "kind": "selects"}])
	count(rule.deny) == 0 with input as inp
}

test_lb_without_inference_workload_passes if {
	inp := lib.mock([service({})])
	count(rule.deny) == 0 with input as inp
}
