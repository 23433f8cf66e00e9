package aipolicy.rules.workload.privileged_host_access_test

import data.aipolicy.lib
import data.aipolicy.rules.workload.privileged_host_access as rule
import rego.v1

deployment(spec) := {
	"_meta": {"id": "d", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"metadata": {"name": "llm", "namespace": "ai"},
	"spec": {"template": {"spec": spec}},
}

daemonset(ns, image) := {
	"_meta": {"id": "ds", "type": "k8s:apps/DaemonSet", "name": "plugin", "pod_spec": ["spec", "template", "spec"]},
	"kind": "DaemonSet",
	"metadata": {"name": "plugin", "namespace": ns},
	"spec": {"template": {"spec": {
		"hostNetwork": true,
		"volumes": [{"name": "dev", "hostPath": {"path": "/dev"}}],
		"containers": [{"name": "plugin", "image": image, "securityContext": {"privileged": true}}],
	}}},
}

isvc(predictor) := {
	"_meta": {"id": "isvc", "type": "k8s:serving.kserve.io/InferenceService", "name": "llm", "pod_spec": ["spec", "predictor"]},
	"kind": "InferenceService",
	"spec": {"predictor": predictor},
}

container(sc) := {"name": "vllm", "image": "vllm/vllm-openai:v0.6.3", "securityContext": sc}

test_privileged_container_fails if {
	inp := lib.mock([deployment({"containers": [container({"privileged": true})]})])
	some f in rule.deny with input as inp
	f.path == "spec.template.spec.containers[0].securityContext.privileged"
}

test_privileged_init_container_fails if {
	inp := lib.mock([deployment({"containers": [container({})], "initContainers": [container({"privileged": true})]})])
	some f in rule.deny with input as inp
	f.path == "spec.template.spec.initContainers[0].securityContext.privileged"
}

test_host_namespaces_fail if {
	inp := lib.mock([deployment({"hostNetwork": true, "hostPID": true, "hostIPC": true, "containers": [container({})]})])
	paths := {f.path | some f in rule.deny} with input as inp
	paths == {"spec.template.spec.hostNetwork", "spec.template.spec.hostPID", "spec.template.spec.hostIPC"}
}

test_host_path_fails if {
	inp := lib.mock([deployment({"volumes": [{"name": "cache", "emptyDir": {}}, {"name": "dev", "hostPath": {"path": "/dev/nvidia0"}}], "containers": [container({})]})])
	paths := {f.path | some f in rule.deny} with input as inp
	paths == {"spec.template.spec.volumes[1].hostPath"}
}

test_hardened_passes if {
	inp := lib.mock([deployment({"hostNetwork": false, "volumes": [{"name": "cache", "emptyDir": {}}], "containers": [container({"privileged": false})]})])
	count(rule.deny) == 0 with input as inp
}

test_omitted_passes if {
	inp := lib.mock([deployment({"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([deployment({"hostNetwork": {"$unresolved": "var.host_network"}, "containers": [container({"privileged": {"$unresolved": "var.privileged"}})]})])
	count(rule.deny) == 0 with input as inp
}

test_device_plugin_daemonset_exempt if {
	inp := lib.mock([daemonset("kube-system", "nvcr.io/nvidia/k8s-device-plugin:v0.16.2")])
	count(rule.deny) == 0 with input as inp
}

test_gpu_operator_driver_exempt if {
	inp := lib.mock([daemonset("gpu-operator", "nvcr.io/nvidia/driver:550.90.07-ubuntu22.04")])
	count(rule.deny) == 0 with input as inp
}

test_device_plugin_in_other_namespace_fails if {
	inp := lib.mock([daemonset("ai", "nvcr.io/nvidia/k8s-device-plugin:v0.16.2")])
	count(rule.deny) == 3 with input as inp
}

test_other_daemonset_in_kube_system_fails if {
	inp := lib.mock([daemonset("kube-system", "busybox:1.36")])
	count(rule.deny) == 3 with input as inp
}

test_exempt_images_parameter if {
	inp := lib.mock([daemonset("kube-system", "registry.example.com/gpu-agent:1.0")])
	cfg := {"AIP-K8S-001": {"exempt_daemonset_images": ["gpu-agent"], "exempt_daemonset_namespaces": ["kube-system"]}}
	count(rule.deny) == 0 with input as inp with data.aipolicy.config as cfg
}

test_kserve_predictor_container_fails if {
	inp := lib.mock([isvc({"containers": [container({"privileged": true})]})])
	some f in rule.deny with input as inp
	f.resource == "isvc"
	f.path == "spec.predictor.containers[0].securityContext.privileged"
}

# `volumes:` left empty is null: regorus failed iterating it, and the rule with it.
test_null_volumes if {
	every vols in [null, "x", 7] {
		inp := lib.mock([deployment({"hostNetwork": true, "volumes": vols, "containers": [container({})]})])
		{f.path | some f in rule.deny with input as inp} == {"spec.template.spec.hostNetwork"}
	}
}
