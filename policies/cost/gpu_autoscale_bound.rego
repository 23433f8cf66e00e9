# METADATA
# title: GPU autoscaling has an explicit upper bound within the configured limit
# description: >-
#   Unexpected GPU cost spikes are one of the AI-specific risks of chapter 6, and auto-scaling on GPU
#   metrics, latency and QPS is its resilience answer: scaling is only safe with a ceiling. Every
#   place that adds GPU capacity must carry an explicit maximum at most gpu_max_nodes (default 10):
#   AKS GPU pools (count, and maxCount when autoscaling), GPU AmlCompute clusters
#   (scaleSettings.maxNodeCount / max_instances), GPU online deployments (instance count and
#   scaleSettings.maxInstances), HorizontalPodAutoscalers targeting GPU workloads (maxReplicas) and
#   GPU KServe InferenceServices (predictor maxReplicas; missing means unbounded).
# custom:
#   id: AIP-COST-001
#   severity: medium
#   pillar: cost
#   checklist: none
#   formats: [arm, bicep, terraform, kubernetes, aml]
#   fix: Set an explicit maximum that matches the budget, and alert on it.
package aipolicy.rules.cost.gpu_autoscale_bound

import data.aipolicy.lib
import rego.v1

max_nodes := lib.param("AIP-COST-001", "gpu_max_nodes")

# lib.number(v) > max_nodes, numbers without the call.
over(v) if {
	is_number(v)
	v > max_nodes
} else if {
	is_string(v)
	lib.number(v) > max_nodes
}

# AKS GPU node pools: the node count, and the autoscaler's maximum. A GPU pool is never an
# unresolved marker, so object.get is lib.get here (without its call).
deny contains f if {
	some p in lib.node_pools
	size := lib.gpu_pool_size(p)
	some field in ["count", "maxCount"]
	v := object.get(p.pool, field, 0)
	over(v)
	checked(p.pool, field)
	f := lib.finding(p.resource, sprintf("%s.%s", [p.path, field]), sprintf("GPU node pool %q (%s) may grow to %v nodes (%s), above the limit of %v", [lib.text(pool_name(p)), size, v, field, max_nodes]))
}

# An else chain: the count is always checked, maxCount when the pool autoscales.
checked(pool, field) if {
	field == "count"
} else if {
	field == "maxCount"
	lib.truthy(object.get(pool, "enableAutoScaling", false))
}

# GPU AmlCompute clusters.
deny contains f if {
	some r in lib.resources("Microsoft.MachineLearningServices/workspaces/computes")
	lib.eq_ci(lib.get(r, ["properties", "computeType"], ""), "AmlCompute")
	size := lib.get(r, ["properties", "properties", "vmSize"], "")
	lib.gpu_sku(size)
	v := lib.get(r, ["properties", "properties", "scaleSettings", "maxNodeCount"], 0)
	over(v)
	f := lib.finding(r, "properties.properties.scaleSettings.maxNodeCount", sprintf("GPU compute cluster %q (%s) may scale to %v nodes, above the limit of %v", [lib.text(r._meta.name), size, v, max_nodes]))
}

# GPU online deployments: instance count and autoscale maximum.
deny contains f if {
	some r in lib.resources("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments")
	size := lib.get(r, ["properties", "instanceType"], "")
	lib.gpu_sku(size)
	some path in [["sku", "capacity"], ["properties", "scaleSettings", "maxInstances"]]
	v := lib.get(r, path, 0)
	over(v)
	f := lib.finding(r, lib.path_str(path), sprintf("GPU online deployment %q (%s) may run %v instances, above the limit of %v", [lib.text(r._meta.name), size, v, max_nodes]))
}

# HorizontalPodAutoscalers scaling a GPU workload.
deny contains f if {
	some hpa in lib.resources("k8s:autoscaling/HorizontalPodAutoscaler")
	some id in lib.targets_of(hpa, "scales")
	ps := lib.pod_specs[id]
	lib.requests_gpu(ps)
	v := lib.get(hpa, ["spec", "maxReplicas"], 0)
	over(v)
	f := lib.finding(hpa, "spec.maxReplicas", sprintf("HorizontalPodAutoscaler %q lets GPU workload %q grow to %v replicas, above the limit of %v", [lib.text(hpa._meta.name), lib.text(ps.resource._meta.name), v, max_nodes]))
}

# KServe InferenceServices with GPUs: maxReplicas missing or 0 means unbounded.
deny contains f if {
	some ps in lib.pod_specs
	ps.resource.kind == "InferenceService"
	lib.requests_gpu(ps)
	v := lib.get(ps.spec, ["maxReplicas"], 0)
	lib.known(v)
	unbounded_or_over(v)
	f := lib.finding(ps.resource, sprintf("%s.maxReplicas", [ps.path]), sprintf("GPU InferenceService %q %s", [lib.text(ps.resource._meta.name), isvc_text(v)]))
}

unbounded_or_over(v) if {
	lib.number(v) == 0
} else if {
	over(v)
}

isvc_text(v) := "has no maxReplicas: its autoscaler is unbounded" if lib.number(v) == 0

isvc_text(v) := sprintf("may scale to %v replicas, above the limit of %v", [v, max_nodes]) if lib.number(v) != 0

pool_name(p) := n if {
	p.path != "properties"
	n := sprintf("%s/%v", [p.resource._meta.name, object.get(p.pool, "name", "?")])
} else := p.resource._meta.name
