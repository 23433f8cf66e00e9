# Azure helpers: GPU SKUs, AKS node pools, identities.
package aipolicy.lib

import rego.v1

# gpu_sku(size): an Azure VM size of the N family (patterns are the common.gpu_sku_patterns parameter).
gpu_sku(size) if {
	is_string(size)
	regex.match(_gpu_sku_regex, size)
}

# The patterns made case-insensitive and joined into one alternation once, not on every call:
# one match (~10 µs) instead of one per pattern. No pattern, no regex (an empty alternation
# would match everything).
_gpu_sku_regex := sprintf("(?i)%s", [concat("|", [sprintf("(?:%s)", [pattern]) | some pattern in common("gpu_sku_patterns")])]) if {
	count(common("gpu_sku_patterns")) > 0
}

# node_pools: every AKS node pool, inline (agentPoolProfiles, incl. Terraform default_node_pool)
# or a separate agentPools resource: {"resource", "pool" (its properties), "path"}, keyed by
# "<resource id>|<path>" (iterate with `some np in lib.node_pools`). A complete rule of two
# comprehensions (a partial object before: ~25% slower to build).
node_pools := object.union(_inline_pools, _separate_pools)

_inline_pools := {key: {"resource": r, "pool": pool, "path": path} |
	some r in resources("Microsoft.ContainerService/managedClusters")
	pools := get(r, ["properties", "agentPoolProfiles"], [])
	is_array(pools)
	some i, pool in pools
	is_object(pool)
	path := sprintf("properties.agentPoolProfiles[%d]", [i])
	key := concat("|", [r._meta.id, path])
}

_separate_pools := {key: {"resource": r, "pool": pool, "path": "properties"} |
	some r in resources("Microsoft.ContainerService/managedClusters/agentPools")
	key := concat("|", [r._meta.id, "properties"])
	pool := object.get(r, "properties", {})
	is_object(pool)
}

# gpu_pool(p): p, an entry of node_pools, has a GPU VM size.
gpu_pool(p) if gpu_pool_size(p)

# gpu_pool_size(p): the VM size of p, an entry of node_pools, when it is a GPU size: as
# size := lib.get(p.pool, ["vmSize"], "") followed by lib.gpu_sku(size), with the SKU patterns
# matched once per distinct size of the scan's pools (~15 µs a pool), here a lookup. The empty
# size (a pattern might match it) takes the lib.get path.
gpu_pool_size(p) := size if {
	size := object.get(p.pool, "vmSize", "")
	_gpu_pool_sizes[size]
} else := "" if {
	_gpu_sku_empty
	get(p.pool, ["vmSize"], "") == ""
}

_gpu_pool_sizes := {size |
	some size in {object.get(p.pool, "vmSize", "") | some p in node_pools}
	size != ""
	gpu_sku(size)
}

_gpu_sku_empty if gpu_sku("")

# A pool's taints as objects {key, value, effect}: "key[=value]:Effect" (surrounding space
# ignored), a non-empty key without '=' or ':', a value without ':', an effect of ASCII letters;
# other entries are skipped. Parsed with split, not regex.find_all_string_submatch_n (~90 µs).
taints(pool) := [t |
	some raw in taint_entries(pool)
	t := _taint(raw)
]

# taint_entries(pool): the nodeTaints array of a pool (an object), [] when absent or not an array
# (a string, null or an unresolved value: regorus fails `some .. in` on the first two).
taint_entries(pool) := raw if {
	raw := object.get(pool, "nodeTaints", [])
	is_array(raw)
} else := []

# has_no_schedule_taint(p): some taint of p, an entry of node_pools, has the effect NoSchedule or
# NoExecute (as some t in taints(p.pool); lower(t.effect) in {...}): each distinct nodeTaints
# entry of the scan's pools parsed once, a lookup per entry here.
has_no_schedule_taint(p) if {
	some raw in taint_entries(p.pool)
	_no_schedule_entries[raw]
}

_no_schedule_entries := {raw |
	some raw in {e | some p in node_pools; some e in taint_entries(p.pool)}
	t := _taint(raw)
	lower(t.effect) in {"noschedule", "noexecute"}
}

_taint(raw) := {"key": kv[0], "value": concat("=", array.slice(kv, 1, count(kv))), "effect": parts[1]} if {
	is_string(raw)
	parts := split(trim_space(raw), ":")
	count(parts) == 2
	parts[1] != ""
	trim(parts[1], "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz") == ""
	kv := split(parts[0], "=")
	kv[0] != ""
}

# Identity types that give a resource a managed identity.
has_managed_identity(r) if managed_identity_type(get(r, ["identity", "type"], ""))

# managed_identity_type(t): t names SystemAssigned or UserAssigned (any case, spaces ignored).
# The usual spellings by contains (~1 µs), the regex (~10 µs) only for the others.
managed_identity_type(t) if {
	is_string(t)
	_managed_identity_type(replace(t, " ", ""))
}

_managed_identity_type(s) if {
	contains(s, "SystemAssigned")
} else if {
	contains(s, "UserAssigned")
} else if {
	regex.match(`(?i)(systemassigned|userassigned)`, s)
}
