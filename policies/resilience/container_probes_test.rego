package aipolicy.rules.resilience.container_probes_test

import data.aipolicy.lib
import data.aipolicy.rules.resilience.container_probes as rule
import rego.v1

probe := {"httpGet": {"path": "/health", "port": 8000}}

workload(kind, containers) := {
	"_meta": {"id": "w", "type": sprintf("k8s:apps/%s", [kind]), "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": kind,
	"spec": {"template": {"spec": {"containers": containers, "initContainers": [{"name": "init", "image": "busybox"}]}}},
}

c(extra) := object.union({"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}, extra)

paths(inp) := {f.path | some f in rule.deny with input as inp}

test_deployment_without_probes_fails_twice if {
	inp := lib.mock([workload("Deployment", [c({})])])
	paths(inp) == {"spec.template.spec.containers[0].livenessProbe", "spec.template.spec.containers[0].readinessProbe"}
}

test_statefulset_missing_readiness if {
	inp := lib.mock([workload("StatefulSet", [c({"livenessProbe": probe})])])
	paths(inp) == {"spec.template.spec.containers[0].readinessProbe"}
}

test_daemonset_sidecar_missing if {
	inp := lib.mock([workload("DaemonSet", [c({"livenessProbe": probe, "readinessProbe": probe}), {"name": "exporter", "image": "nvcr.io/nvidia/k8s/dcgm-exporter:3.3.7"}])])
	paths(inp) == {"spec.template.spec.containers[1].livenessProbe", "spec.template.spec.containers[1].readinessProbe"}
}

test_probes_pass_init_containers_ignored if {
	inp := lib.mock([workload("Deployment", [c({"livenessProbe": probe, "readinessProbe": probe})])])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_probe_counts_as_set if {
	inp := lib.mock([workload("Deployment", [c({"livenessProbe": {"$unresolved": "var.probe"}, "readinessProbe": probe})])])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_containers_do_not_fire if {
	w := workload("Deployment", [])
	inp := lib.mock([json.patch(w, [{"op": "replace", "path": "/spec/template/spec/containers", "value": {"$unresolved": "local.containers"}}])])
	count(rule.deny) == 0 with input as inp
}

test_job_out_of_scope if {
	inp := lib.mock([workload("Job", [c({})])])
	count(rule.deny) == 0 with input as inp
}

isvc(predictor) := {
	"_meta": {"id": "isvc", "type": "k8s:serving.kserve.io/InferenceService", "name": "llm", "pod_spec": ["spec", "predictor"]},
	"kind": "InferenceService",
	"spec": {"predictor": predictor},
}

test_kserve_custom_predictor_fails if {
	inp := lib.mock([isvc({"containers": [c({"readinessProbe": probe})]})])
	paths(inp) == {"spec.predictor.containers[0].livenessProbe"}
}

test_kserve_model_shorthand_passes if {
	inp := lib.mock([isvc({"model": {"modelFormat": {"name": "sklearn"}}})])
	count(rule.deny) == 0 with input as inp
}

deployment(props) := {"_meta": {"id": "dep", "type": rule.deployment_type, "name": "ep/blue"}, "kind": "Managed", "properties": props}

custom_env := {"image": "myacr.azurecr.io/vllm:1", "inference_config": {"liveness_route": {"port": 8000, "path": "/health"}}}

test_aml_custom_container_without_probes_fails if {
	inp := lib.mock([deployment({"environment": custom_env})])
	paths(inp) == {"properties.livenessProbe", "properties.readinessProbe"}
}

test_aml_custom_container_with_probes_passes if {
	inp := lib.mock([deployment({"environment": custom_env, "livenessProbe": {"period": 10}, "readinessProbe": {"period": 10}})])
	count(rule.deny) == 0 with input as inp
}

test_aml_camel_case_inference_config if {
	inp := lib.mock([deployment({"environment": {"inferenceConfig": {}}, "readinessProbe": {"period": 10}})])
	paths(inp) == {"properties.livenessProbe"}
}

test_aml_curated_environment_passes if {
	inp := lib.mock([deployment({"environment": "azureml:AzureML-sklearn-1.5:1"})])
	count(rule.deny) == 0 with input as inp
}

test_aml_unresolved_environment_passes if {
	inp := lib.mock([deployment({"environment": {"$unresolved": "parameters('env')"}})])
	count(rule.deny) == 0 with input as inp
}

# `containers:` left empty is null: regorus failed iterating it, and the rule with it.
test_null_containers_skipped if {
	every cs in [null, "x", 7] {
		count(paths(lib.mock([workload("Deployment", cs)]))) == 0
	}
}
