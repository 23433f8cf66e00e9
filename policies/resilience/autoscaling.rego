# METADATA
# title: Inference capacity autoscales
# description: >-
#   Chapter 6 asks for auto-scaling on GPU metrics, latency and QPS thresholds so that inference
#   keeps up with demand instead of failing under load. AKS user node pools (mode User; the system
#   pool is out of scope) must enable the cluster autoscaler; Azure ML online deployments should use
#   the TargetUtilization scale type (the Default, fixed instance count is reported as low);
#   inference Deployments and StatefulSets must be the scale target of a HorizontalPodAutoscaler or
#   KEDA ScaledObject; a KServe InferenceService autoscales unless its minReplicas equals
#   maxReplicas.
# custom:
#   id: AIP-RES-003
#   severity: medium
#   pillar: resilience
#   checklist: none
#   formats: [arm, bicep, terraform, kubernetes, aml]
#   fix: Autoscale on GPU utilisation, latency or QPS, with bounds (see AIP-COST-001).
package aipolicy.rules.resilience.autoscaling

import data.aipolicy.lib
import rego.v1

deployment_type := "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments"

# The mode by object.get: lib.get gave "" or an unresolved pool where it gives "", never "User".
deny contains f if {
	some np in lib.node_pools
	lib.eq_ci(object.get(np.pool, "mode", ""), "User")
	v := lib.get(np.pool, ["enableAutoScaling"], false)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(np.resource, sprintf("%s.enableAutoScaling", [np.path]), sprintf("user node pool %q of %q does not autoscale", [lib.text(pool_name(np)), lib.text(np.resource._meta.name)]))
}

pool_name(np) := object.get(np.pool, "name", np.resource._meta.name)

deny contains f if {
	some r in lib.resources(deployment_type)
	v := lib.get(r, ["properties", "scaleSettings", "scaleType"], "Default")
	lib.eq_ci(v, "Default")
	f := lib.finding_sev(r, "properties.scaleSettings.scaleType", sprintf("online deployment %q runs a fixed instance count (scaleType Default); use TargetUtilization", [lib.text(r._meta.name)]), "low")
}

deny contains f if {
	some r in lib.resources(deployment_type)
	v := lib.get(r, ["properties", "scaleSettings", "scaleType"], "Default")
	lib.not_eq_ci(v, "Default")
	lib.not_eq_ci(v, "TargetUtilization")
	f := lib.finding(r, "properties.scaleSettings.scaleType", sprintf("online deployment %q does not autoscale (scaleType %v)", [lib.text(r._meta.name), v]))
}

# The scaled workloads, from the edges once (not an edge walk per workload).
scaled := {p[1] | some p in lib.edge_pairs("scales")}

deny contains f if {
	some id, w in lib.inference_workloads
	w.kind in {"Deployment", "StatefulSet"}
	lib.pod_specs[id]
	not scaled[id]
	f := lib.finding(w, "", sprintf("inference %s %q is not the scale target of a HorizontalPodAutoscaler or ScaledObject", [w.kind, lib.text(w._meta.name)]))
}

deny contains f if {
	some ps in lib.pod_specs
	ps.resource.kind == "InferenceService"
	lo := lib.get(ps.spec, ["minReplicas"], 1)
	hi := lib.get(ps.spec, ["maxReplicas"], 0)
	lib.number(lo) == lib.number(hi)
	f := lib.finding(ps.resource, sprintf("%s.maxReplicas", [ps.path]), sprintf("InferenceService %q is pinned at %v replica(s) (minReplicas equals maxReplicas)", [lib.text(ps.resource._meta.name), hi]))
}
