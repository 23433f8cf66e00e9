package aipolicy.rules.workload.non_root_test

import data.aipolicy.lib
import data.aipolicy.rules.workload.non_root as rule
import rego.v1

deployment(spec) := {
	"_meta": {"id": "d", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": spec}},
}

hardened := {"runAsNonRoot": true, "allowPrivilegeEscalation": false, "capabilities": {"drop": ["ALL"]}}

c(sc) := {"name": "vllm", "image": "vllm/vllm-openai:v0.6.3", "securityContext": sc}

paths(inp) := {f.path | some f in rule.deny with input as inp}

test_hardened_passes if {
	inp := lib.mock([deployment({"containers": [c(hardened)]})])
	count(rule.deny) == 0 with input as inp
}

test_omitted_fails_three_times if {
	inp := lib.mock([deployment({"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]})])
	p := paths(inp)
	p == {
		"spec.template.spec.containers[0].securityContext.runAsNonRoot",
		"spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation",
		"spec.template.spec.containers[0].securityContext.capabilities.drop",
	}
}

test_pod_level_run_as_non_root_passes if {
	inp := lib.mock([deployment({"securityContext": {"runAsNonRoot": true}, "containers": [c({"allowPrivilegeEscalation": false, "capabilities": {"drop": ["all"]}})]})])
	count(rule.deny) == 0 with input as inp
}

test_container_overrides_pod if {
	inp := lib.mock([deployment({"securityContext": {"runAsNonRoot": true}, "containers": [c(object.union(hardened, {"runAsNonRoot": false}))]})])
	paths(inp) == {"spec.template.spec.containers[0].securityContext.runAsNonRoot"}
}

test_escalation_true_fails if {
	inp := lib.mock([deployment({"containers": [c(object.union(hardened, {"allowPrivilegeEscalation": true}))]})])
	paths(inp) == {"spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation"}
}

test_drop_without_all_fails if {
	inp := lib.mock([deployment({"containers": [c(object.union(hardened, {"capabilities": {"drop": ["NET_RAW"]}}))]})])
	paths(inp) == {"spec.template.spec.containers[0].securityContext.capabilities.drop"}
}

test_init_container_checked if {
	inp := lib.mock([deployment({"containers": [c(hardened)], "initContainers": [c(object.union(hardened, {"allowPrivilegeEscalation": true}))]})])
	paths(inp) == {"spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation"}
}

test_unresolved_does_not_fire if {
	u := {"$unresolved": "var.x"}
	inp := lib.mock([deployment({"securityContext": {"runAsNonRoot": u}, "containers": [c({"allowPrivilegeEscalation": u, "capabilities": {"drop": [u]}})]})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_security_context_does_not_fire if {
	inp := lib.mock([deployment({"containers": [c({"$unresolved": "local.sc"})]})])
	count(rule.deny) == 0 with input as inp
}

test_kserve_predictor if {
	isvc := {
		"_meta": {"id": "isvc", "type": "k8s:serving.kserve.io/InferenceService", "name": "llm", "pod_spec": ["spec", "predictor"]},
		"kind": "InferenceService",
		"spec": {"predictor": {"containers": [c(object.union(hardened, {"runAsNonRoot": false}))]}},
	}
	inp := lib.mock([isvc])
	paths(inp) == {"spec.predictor.containers[0].securityContext.runAsNonRoot"}
}

# `containers:` left empty is null: lib.containers failed iterating it, and every container rule
# with it; the init containers are still checked.
test_null_containers if {
	inp := lib.mock([deployment({"containers": null, "initContainers": [c({})]})])
	paths(inp) == {
		"spec.template.spec.initContainers[0].securityContext.runAsNonRoot",
		"spec.template.spec.initContainers[0].securityContext.allowPrivilegeEscalation",
		"spec.template.spec.initContainers[0].securityContext.capabilities.drop",
	}
}
