# METADATA
# title: Inference containers have liveness and readiness probes
# description: >-
#   Chapter 6 lists container probes among the resilience measures for AI workloads: restart on
#   failed inference. A model server that hangs (a wedged GPU, an exhausted KV cache) keeps its pod
#   Running unless a liveness probe restarts it, and without a readiness probe traffic reaches
#   replicas still loading weights. Every container of a Deployment, StatefulSet or DaemonSet
#   (Terraform kubernetes provider included) and of a KServe custom predictor must set livenessProbe
#   and readinessProbe; an Azure ML managed online deployment that brings its own container (an
#   environment with inference_config) must set liveness_probe and readiness_probe (deployments
#   on curated environments use the platform's probes).
# custom:
#   id: AIP-RES-004
#   severity: medium
#   pillar: resilience
#   checklist: none
#   formats: [kubernetes, terraform, aml]
#   fix: Add probes that exercise the model server's health route.
package aipolicy.rules.resilience.container_probes

import data.aipolicy.lib
import rego.v1

workload_kinds := {"Deployment", "StatefulSet", "DaemonSet", "InferenceService"}

probes := {"livenessProbe": "liveness", "readinessProbe": "readiness"}

deployment_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments"

deny contains f if {
	some ps in lib.pod_specs
	ps.resource.kind in workload_kinds
	containers := lib.get(ps.spec, ["containers"], [])
	is_array(containers) # `containers:` left empty is null: regorus fails `some .. in` on it
	some i, container in containers
	is_object(container)
	some field, label in probes
	not has_field(container, field)
	f := lib.finding(ps.resource, sprintf("%s.containers[%d].%s", [ps.path, i, field]), sprintf("container %q of %s %q has no %s probe", [lib.text(object.get(container, "name", "")), ps.resource.kind, lib.text(ps.resource._meta.name), label]))
}

# lib.present(container, [field]) without the path array.
has_field(container, field) if object.get(container, field, "__absent__") != "__absent__"

# Azure ML: a deployment that brings its own inference server must probe it.
deny contains f if {
	some r in lib.resources(deployment_type)
	lib.eq_ci(object.get(r, "kind", "Managed"), "Managed")
	custom_container(r)
	some field, label in probes
	not lib.present(r, ["properties", field])
	f := lib.finding(r, sprintf("properties.%s", [field]), sprintf("online deployment %q runs a custom container without a %s probe", [lib.text(r._meta.name), label]))
}

custom_container(r) if {
	env := lib.get(r, ["properties", "environment"], null)
	is_object(env)
	lib.known(env)
	some key in ["inference_config", "inferenceConfig"]
	is_object(object.get(env, key, null))
}
