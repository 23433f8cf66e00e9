# METADATA
# title: Non-GPU workloads do not tolerate GPU taints
# description: >-
#   The GPU taint (chapter 6: taints, tolerations, RBAC against unauthorized GPU access) only works
#   if ordinary workloads do not tolerate it. A pod spec that requests no GPU but tolerates a GPU
#   taint, or carries a blanket toleration (operator Exists without a key), can be scheduled onto
#   GPU nodes, occupying capacity paid for accelerators and sitting next to the models. The GPU
#   device-plugin and driver DaemonSets (kube-system / gpu-operator namespaces, the same images
#   AIP-K8S-001 exempts) are exempt. When the scanned set declares the GPU node pools, a toleration
#   of their taints counts as a GPU toleration too.
# custom:
#   id: AIP-GPU-004
#   severity: medium
#   pillar: gpu
#   checklist: none
#   formats: [kubernetes]
#   fix: Remove the toleration; only pods that request GPUs may run on GPU nodes.
package aipolicy.rules.gpu.gpu_toleration_misuse

import data.aipolicy.lib
import rego.v1

gpu_key_pattern := `(?i)(gpu|nvidia|amd\.com|accelerator)`

gpu_value_pattern := `(?i)(gpu|nvidia)`

# Complete rules built by comprehension, keyed by pod spec id (partial objects before).
candidates := {id: ps |
	some id, ps in lib.pod_specs
	not lib.requests_gpu(ps)
	not device_plugin(ps)
}

# Each candidate's tolerations (when an array) and the kind of each flagged one by index, computed
# once for both rules (the second needs to know that none is flagged).
tolerations := {id: tols |
	some id, ps in candidates
	tols := lib.get(ps.spec, ["tolerations"], [])
	is_array(tols)
}

flagged := {id: {i: kind |
	some i, t in tols
	is_object(t)
	kind := toleration_kind(t)
} |
	some id, tols in tolerations
}

deny contains f if {
	some id, kinds in flagged
	ps := candidates[id]
	some i, kind in kinds
	f := lib.finding(ps.resource, sprintf("%s.tolerations[%d]", [ps.path, i]), sprintf("%s %q requests no GPU but carries %s, so it can be scheduled on GPU nodes", [ps.resource.kind, lib.text(ps.resource._meta.name), kind]))
}

# Cross-format: the toleration matches the taint of a GPU node pool declared in the scan.
deny contains f if {
	some id, kinds in flagged
	count(kinds) == 0
	ps := candidates[id]
	tolerates_any(ps.resource)
	pools := {pool_display(e) | some e in lib.edges_out(ps.resource, "tolerates"); gpu_pool_edge(e)}
	count(pools) > 0
	f := lib.finding(ps.resource, sprintf("%s.tolerations", [ps.path]), sprintf("%s %q requests no GPU but tolerates the taint of GPU node pool(s) %s", [ps.resource.kind, lib.text(ps.resource._meta.name), concat(", ", sort(pools))]))
}

# Some edge of the resource is a "tolerates" edge (plain references; most pod specs have none).
tolerates_any(r) if {
	some e in input.edges.out[r._meta.id]
	e.kind == "tolerates"
}

toleration_kind(t) := "a blanket toleration (operator Exists, no key)" if {
	lib.eq_ci(object.get(t, "operator", ""), "Exists")
	object.get(t, "key", "") == ""
} else := sprintf("a toleration for the GPU taint %q", [lib.text(taint_text(t))]) if {
	gpu_toleration(t)
}

# Else chains: the value's regex only when the key's does not match.
gpu_toleration(t) if {
	k := object.get(t, "key", "")
	is_string(k)
	regex.match(gpu_key_pattern, k)
} else if {
	v := object.get(t, "value", "")
	is_string(v)
	regex.match(gpu_value_pattern, v)
}

taint_text(t) := sprintf("%v=%v", [object.get(t, "key", ""), object.get(t, "value", "")]) if {
	object.get(t, "value", "") != ""
} else := sprintf("%v", [object.get(t, "key", "")])

gpu_pool_edge(e) if {
	pool := pool_at(e)
	is_object(pool) # a pool resource's properties written as another value: lib.get fails on it
	lib.gpu_sku(lib.get(pool, ["vmSize"], ""))
}

pool_at(e) := object.get(lib.resource(e.to), "properties", {}) if e.path == "properties"

pool_at(e) := lib.node_pools[concat("|", [e.to, e.path])].pool if e.path != "properties"

pool_display(e) := lib.resource(e.to)._meta.name if e.path == "properties"

pool_display(e) := sprintf("%s/%v", [lib.resource(e.to)._meta.name, object.get(pool_at(e), "name", "?")]) if e.path != "properties"

# GPU device-plugin / driver DaemonSets in their system namespaces.
device_plugin(ps) if {
	ps.resource.kind == "DaemonSet"
	lib.namespace(ps.resource) in lib.common("gpu_device_plugin_namespaces")
	some c in lib.containers(ps)
	image := c.container.image
	is_string(image)
	some pattern in lib.common("gpu_device_plugin_images")
	contains(lower(image), pattern)
}
