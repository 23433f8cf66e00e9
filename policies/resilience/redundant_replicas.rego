# METADATA
# title: Inference has redundant replicas and a disruption budget
# description: >-
#   Downtime in a mission-critical decision system is the chapter's costliest AI incident. A single
#   inference replica goes down with its node on every upgrade, eviction or GPU fault. Inference
#   Deployments and StatefulSets must run at least min_replicas replicas (the HPA's or KEDA
#   ScaledObject's minimum when one scales them) and be selected by a PodDisruptionBudget; KServe
#   predictors need minReplicas of at least min_replicas (0, scale to zero, is reported as low);
#   Azure ML online deployments need an instance count (or autoscale minimum) of at least
#   min_replicas (Microsoft recommends 3 for production).
# custom:
#   id: AIP-RES-007
#   severity: medium
#   pillar: resilience
#   checklist: none
#   formats: [arm, bicep, kubernetes, aml]
#   fix: Run at least two instances and protect them with a PodDisruptionBudget.
package aipolicy.rules.resilience.redundant_replicas

import data.aipolicy.lib
import rego.v1

rule_id := "AIP-RES-007"

# Printed with %v: %d fails in regorus on a configured value that is no integer.
min_replicas := lib.param(rule_id, "min_replicas")

deployment_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments"

replicated_kinds := {"Deployment", "StatefulSet"}

# Inference Deployments and StatefulSets keyed by id, built once (a set of resources hashes every
# whole resource): the pod specs lib.inference_workloads holds.
inference_workloads := {id: w |
	some id, w in lib.inference_workloads
	w.kind in replicated_kinds
	lib.pod_specs[id]
}

# The scale and selection links, each walked once from the edges (not per workload): the scaled
# workloads, the [scaler id, workload id] pairs, and the workloads a PodDisruptionBudget selects.
scale_pairs := lib.edge_pairs("scales")

scaled := {p[1] | some p in scale_pairs}

pdb_selected := {p[1] | some p in lib.edge_pairs("selects"); lib.resource(p[0]).kind == "PodDisruptionBudget"}

# lib.number(v) < min_replicas, numbers without the call.
too_few(v) if {
	is_number(v)
	v < min_replicas
} else if {
	is_string(v)
	lib.number(v) < min_replicas
}

# Not autoscaled: spec.replicas (default 1).
deny contains f if {
	some id, w in inference_workloads
	not scaled[id]
	v := lib.get(w, ["spec", "replicas"], 1)
	too_few(v)
	f := lib.finding(w, "spec.replicas", sprintf("inference %s %q runs %v replica(s); run at least %v", [w.kind, lib.text(w._meta.name), v, min_replicas]))
}

# Autoscaled: the scaler's minimum (HPA minReplicas default 1, KEDA minReplicaCount default 0).
deny contains f if {
	some p in scale_pairs
	w := inference_workloads[p[1]]
	s := lib.resource(p[0])
	field := min_field(s)
	v := lib.get(s, ["spec", field.name], field.default)
	too_few(v)
	f := lib.finding(s, sprintf("spec.%s", [field.name]), sprintf("%s %q lets inference %s %q scale down to %v replica(s); keep at least %v", [s.kind, lib.text(s._meta.name), w.kind, lib.text(w._meta.name), v, min_replicas]))
}

min_field(s) := {"name": "minReplicaCount", "default": 0} if {
	s.kind == "ScaledObject"
} else := {"name": "minReplicas", "default": 1}

deny contains f if {
	some id, w in inference_workloads
	not pdb_selected[id]
	f := lib.finding(w, "", sprintf("no PodDisruptionBudget selects inference %s %q", [w.kind, lib.text(w._meta.name)]))
}

kserve := {id: ps.resource |
	some id, ps in lib.pod_specs
	ps.resource.kind == "InferenceService"
}

# KServe: predictor.minReplicas (default 1); scale to zero is reported as low.
deny contains f if {
	some isvc in kserve
	v := lib.get(isvc, ["spec", "predictor", "minReplicas"], 1)
	too_few(v)
	lib.number(v) > 0
	f := lib.finding(isvc, "spec.predictor.minReplicas", sprintf("InferenceService %q keeps %v predictor replica(s); set minReplicas to at least %v", [lib.text(isvc._meta.name), v, min_replicas]))
}

deny contains f if {
	some isvc in kserve
	v := lib.get(isvc, ["spec", "predictor", "minReplicas"], 1)
	lib.number(v) == 0
	f := lib.finding_sev(isvc, "spec.predictor.minReplicas", sprintf("InferenceService %q scales its predictor to zero (cold starts while the model loads); set minReplicas to at least %v", [lib.text(isvc._meta.name), min_replicas]), "low")
}

# Azure ML online deployments: instance count, or the autoscale minimum under TargetUtilization.
deny contains f if {
	some r in lib.resources(deployment_type)
	not target_utilization(r)
	lib.present(r, ["sku", "capacity"])
	v := lib.get(r, ["sku", "capacity"], null)
	too_few(v)
	f := lib.finding(r, "sku.capacity", sprintf("online deployment %q runs %v instance(s); run at least %v", [lib.text(r._meta.name), v, min_replicas]))
}

deny contains f if {
	some r in lib.resources(deployment_type)
	target_utilization(r)
	v := lib.get(r, ["properties", "scaleSettings", "minInstances"], 1)
	too_few(v)
	f := lib.finding(r, "properties.scaleSettings.minInstances", sprintf("online deployment %q autoscales down to %v instance(s); keep at least %v", [lib.text(r._meta.name), v, min_replicas]))
}

target_utilization(r) if lib.eq_ci(lib.get(r, ["properties", "scaleSettings", "scaleType"], "Default"), "TargetUtilization")
