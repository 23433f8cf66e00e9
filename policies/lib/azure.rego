# Azure helpers: GPU SKUs, AKS node pools, identities.
package aipolicy.lib

import rego.v1

# gpu_sku(size): an Azure VM size of the N family (patterns are the common.gpu_sku_patterns parameter).
gpu_sku(size) if {
	is_string(size)
	some pattern in _gpu_sku_regexes
	regex.match(pattern, size)
}

# The patterns made case-insensitive once, not on every call.
_gpu_sku_regexes := [sprintf("(?i)%s", [pattern]) | some pattern in common("gpu_sku_patterns")]

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

# A pool's taints as objects {key, value, effect}.
taints(pool) := [t |
	some raw in object.get(pool, "nodeTaints", [])
	is_string(raw)
	m := regex.find_all_string_submatch_n(`^([^=:]+)(?:=([^:]*))?:([A-Za-z]+)$`, trim_space(raw), 1)
	count(m) == 1
	t := {"key": m[0][1], "value": m[0][2], "effect": m[0][3]}
]

# Identity types that give a resource a managed identity.
has_managed_identity(r) if {
	t := get(r, ["identity", "type"], "")
	is_string(t)
	regex.match(`(?i)(systemassigned|userassigned)`, replace(t, " ", ""))
}
