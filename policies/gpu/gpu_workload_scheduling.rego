# METADATA
# title: GPU workloads tolerate the GPU taint and select GPU nodes
# description: >-
#   Taints keep other pods off GPU nodes (chapter 6: taints, tolerations, RBAC against unauthorized
#   GPU access); the workloads that do need GPUs must then tolerate that taint and select GPU
#   nodes, or they stay Pending or land on CPU nodes where the device request can never be met. A
#   pod spec whose containers request nvidia.com/gpu or amd.com/gpu must have a toleration for a
#   GPU taint and a nodeSelector or required nodeAffinity term selecting GPU nodes. When the scanned
#   set also declares tainted GPU node pools (Bicep, ARM or Terraform), the toleration must match
#   one of those pools' taints (key, value, effect); the finding names the pools.
# custom:
#   id: AIP-GPU-003
#   severity: medium
#   pillar: gpu
#   checklist: none
#   formats: [kubernetes, terraform]
#   fix: Add the matching toleration and a nodeSelector such as accelerator=nvidia.
package aipolicy.rules.gpu.gpu_workload_scheduling

import data.aipolicy.lib
import rego.v1

gpu_key_pattern := `(?i)(gpu|nvidia|amd\.com|accelerator)`

gpu_value_pattern := `(?i)(gpu|nvidia)`

# GPU node pools declared in the scan with a NoSchedule/NoExecute taint.
tainted_gpu_pools contains {"id": p.resource._meta.id, "path": p.path, "name": pool_display(p), "short": pool_short(p), "labels": pool_labels(p)} if {
	some p in lib.node_pools
	lib.gpu_pool(p)
	lib.has_no_schedule_taint(p)
}

gpu_pod_specs[ps.resource._meta.id] := ps if {
	some ps in lib.pod_specs
	lib.requests_gpu(ps)
}

# Cross-format: the toleration must match a declared GPU pool's taint (a `tolerates` edge).
# The pod specs come first: a scan without GPU workloads never computes the pools.
deny contains f if {
	some ps in gpu_pod_specs
	count(tainted_gpu_pools) > 0
	tols := lib.get(ps.spec, ["tolerations"], [])
	not has_unknown(tols)
	not tolerates_declared_pool(ps)
	names := concat(", ", sort({p.name | some p in tainted_gpu_pools}))
	f := lib.finding(ps.resource, sprintf("%s.tolerations", [ps.path]), sprintf("%s %q requests GPUs but tolerates the taint of none of the GPU node pools (%s); it cannot be scheduled on them", [ps.resource.kind, lib.text(ps.resource._meta.name), names]))
}

# No pool declared in the scan: some toleration must target a GPU taint.
deny contains f if {
	some ps in gpu_pod_specs
	count(tainted_gpu_pools) == 0
	tols := lib.get(ps.spec, ["tolerations"], [])
	not has_unknown(tols)
	not gpu_toleration_in(tols)
	f := lib.finding(ps.resource, sprintf("%s.tolerations", [ps.path]), sprintf("%s %q requests GPUs but has no toleration for a GPU taint (e.g. sku=gpu:NoSchedule)", [ps.resource.kind, lib.text(ps.resource._meta.name)]))
}

deny contains f if {
	some ps in gpu_pod_specs
	ns := lib.get(ps.spec, ["nodeSelector"], {})
	aff := lib.get(ps.spec, ["affinity"], {})
	not has_unknown(ns)
	not has_unknown(aff)
	not selects_gpu_nodes(ns, aff)
	f := lib.finding(ps.resource, sprintf("%s.nodeSelector", [ps.path]), sprintf("%s %q requests GPUs but neither a nodeSelector nor a required nodeAffinity term selects GPU nodes", [ps.resource.kind, lib.text(ps.resource._meta.name)]))
}

# A value, or anything inside it, the scanner could not resolve.
has_unknown(x) if contains(json.marshal(x), `"$unresolved"`)

tolerates_declared_pool(ps) if {
	some e in lib.edges_out(ps.resource, "tolerates")
	some p in tainted_gpu_pools
	e.to == p.id
	e.path == p.path
}

gpu_toleration_in(tols) if {
	is_array(tols)
	some t in tols
	is_object(t)
	gpu_toleration(t)
}

# The boolean helpers below are else chains: all bodies of a multi-body function are evaluated
# (each with its regex), an else chain stops at the first that holds.
# Keys and lists are type-checked first: regorus fails regex.match, lower and `some .. in` on other
# values (a `key:` left empty is null).
gpu_toleration(t) if {
	k := object.get(t, "key", "")
	is_string(k)
	regex.match(gpu_key_pattern, k)
} else if {
	regex.match(gpu_value_pattern, sprintf("%v", [object.get(t, "value", "")]))
} else if {
	# A blanket toleration (operator Exists, no key) tolerates the GPU taint too.
	lib.eq_ci(object.get(t, "operator", ""), "Exists")
	object.get(t, "key", "") == ""
}

selects_gpu_nodes(ns, aff) if {
	is_object(ns)
	some k, v in ns
	gpu_label(k, v)
} else if {
	is_object(aff)
	terms := object.get(aff, ["nodeAffinity", "requiredDuringSchedulingIgnoredDuringExecution", "nodeSelectorTerms"], [])
	is_array(terms)
	some term in terms
	is_object(term)
	exprs := object.get(term, "matchExpressions", [])
	is_array(exprs)
	some expr in exprs
	is_object(expr)
	gpu_expression(expr)
}

gpu_expression(expr) if {
	lib.in_ci(object.get(expr, "operator", ""), ["In", "Exists"])
	k := object.get(expr, "key", "")
	is_string(k)
	regex.match(gpu_key_pattern, k)
} else if {
	lib.eq_ci(object.get(expr, "operator", ""), "In")
	values := object.get(expr, "values", [])
	is_array(values)
	some v in values
	gpu_label(object.get(expr, "key", ""), v)
}

gpu_label(k, v) if {
	is_string(k)
	regex.match(gpu_key_pattern, k)
} else if {
	is_string(v)
	regex.match(gpu_value_pattern, v)
} else if {
	# node.kubernetes.io/instance-type and similar labels carrying a GPU VM size.
	lib.gpu_sku(v)
} else if {
	# The agentpool label naming a declared GPU pool, or a node label a declared GPU pool sets.
	is_string(k)
	lower(k) in {"agentpool", "kubernetes.azure.com/agentpool"}
	some p in tainted_gpu_pools
	v == p.short
} else if {
	some p in tainted_gpu_pools
	p.labels[k] == v
}

pool_display(p) := sprintf("%s/%v in %s", [p.resource._meta.name, object.get(p.pool, "name", "?"), object.get(p.resource._meta, "file", "?")]) if p.path != "properties"

pool_display(p) := sprintf("%s in %s", [p.resource._meta.name, object.get(p.resource._meta, "file", "?")]) if p.path == "properties"

pool_short(p) := object.get(p.pool, "name", "") if p.path != "properties"

pool_short(p) := n if {
	p.path == "properties"
	parts := split(p.resource._meta.name, "/")
	n := parts[count(parts) - 1]
}

pool_labels(p) := l if {
	l := object.get(p.pool, "nodeLabels", {})
	is_object(l)
} else := {}
