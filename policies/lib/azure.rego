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
# "<resource id>|<path>" (iterate with `some np in lib.node_pools`).
node_pools[key] := {"resource": r, "pool": pool, "path": path} if {
	some r in resources("Microsoft.ContainerService/managedClusters")
	pools := get(r, ["properties", "agentPoolProfiles"], [])
	is_array(pools)
	some i, pool in pools
	is_object(pool)
	path := sprintf("properties.agentPoolProfiles[%d]", [i])
	key := concat("|", [r._meta.id, path])
}

node_pools[key] := {"resource": r, "pool": pool, "path": "properties"} if {
	some r in resources("Microsoft.ContainerService/managedClusters/agentPools")
	key := concat("|", [r._meta.id, "properties"])
	pool := object.get(r, "properties", {})
	is_object(pool)
}

gpu_pool(p) if gpu_sku(p.pool.vmSize)

# A pool's taints as objects {key, value, effect}: "key[=value]:Effect" (surrounding space
# ignored), a non-empty key without '=' or ':', a value without ':', an effect of ASCII letters;
# other entries are skipped. Parsed with split, not regex.find_all_string_submatch_n (~90 µs).
taints(pool) := [t |
	some raw in object.get(pool, "nodeTaints", [])
	t := _taint(raw)
]

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
has_managed_identity(r) if {
	t := get(r, ["identity", "type"], "")
	is_string(t)
	regex.match(`(?i)(systemassigned|userassigned)`, replace(t, " ", ""))
}
