package aipolicy.rules.network.network_policy_test

import data.aipolicy.lib
import data.aipolicy.rules.network.network_policy as rule
import rego.v1

aks(profile) := {"_meta": {"id": "k", "type": "Microsoft.ContainerService/managedClusters", "name": "k"}, "properties": {"networkProfile": profile}}

test_no_policy_fails if {
	inp := lib.mock([aks({"networkPlugin": "azure"})])
	some f in rule.deny with input as inp
	f.path == ""
}

test_none_fails if {
	inp := lib.mock([aks({"networkPolicy": "none"})])
	some f in rule.deny with input as inp
	f.path == "properties.networkProfile.networkPolicy"
}

test_engines_pass if {
	every e in ["azure", "Calico", "cilium"] {
		inp := lib.mock([aks({"networkPolicy": e})])
		count(rule.deny) == 0 with input as inp
	}
}

test_cilium_dataplane_passes if {
	inp := lib.mock([aks({"networkDataplane": "cilium"})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([aks({"networkPolicy": {"$unresolved": "var.policy"}})])
	count(rule.deny) == 0 with input as inp
}

vllm := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"metadata": {"namespace": "inference"},
	"spec": {"template": {"spec": {"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]}}},
}

np := {"_meta": {"id": "np", "type": "k8s:networking.k8s.io/NetworkPolicy", "name": "default-deny"}, "kind": "NetworkPolicy", "metadata": {"namespace": "inference"}, "spec": {"podSelector": {}}}

test_inference_workload_without_policy_fails if {
	inp := lib.mock([vllm])
	some f in rule.deny with input as inp
	f.resource == "w"
}

test_inference_workload_selected_passes if {
	inp := lib.mock_edges([vllm, np], [{"from": "np", "to": "w", "kind": "selects"}])
	count(rule.deny) == 0 with input as inp
}

test_non_inference_workload_ignored if {
	web := json.patch(vllm, [{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:1.27"}])
	inp := lib.mock([web])
	count(rule.deny) == 0 with input as inp
}
