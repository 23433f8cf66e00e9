# METADATA
# title: GPU capacity lives in a dedicated user node pool, separate from the system pool
# description: >-
#   Chapter 6's resilience pattern for compute is multiple node pools, GPU and CPU. The system pool
#   runs CoreDNS, metrics and the other critical add-ons; on GPU SKUs it wastes the most expensive
#   capacity on housekeeping, cannot be tainted away from ordinary pods and cannot scale to zero.
#   A node pool in System mode (including Terraform's default_node_pool) must not use a GPU VM
#   size, and a cluster with GPU pools must also have a CPU System pool (reported on the cluster).
# custom:
#   id: AIP-GPU-002
#   severity: medium
#   pillar: gpu
#   checklist: none
#   formats: [arm, bicep, terraform]
#   fix: Keep the system pool on CPU SKUs; add GPU capacity as a separate User pool.
package aipolicy.rules.gpu.gpu_system_pool

import data.aipolicy.lib
import rego.v1

cluster_type := "Microsoft.ContainerService/managedClusters"

# A GPU pool is never an unresolved marker: object.get is lib.get here, and lib.eq_ci inlined
# (two calls less on every GPU pool).
deny contains f if {
	some p in lib.node_pools
	size := lib.gpu_pool_size(p)
	mode := object.get(p.pool, "mode", "")
	is_string(mode)
	lower(mode) == "system"
	f := lib.finding(p.resource, sprintf("%s.vmSize", [p.path]), sprintf("system node pool %q uses the GPU size %s: keep system add-ons on a CPU pool and put GPUs in a User pool", [lib.text(pool_name(p)), size]))
}

# A cluster with GPU pools whose pools (inline and child agentPools) declare no System pool at all,
# every mode being known.
deny contains f if {
	some c in lib.resources(cluster_type)
	pools := cluster_pools(c)
	some p in pools
	lib.gpu_sku(lib.get(p, ["vmSize"], ""))
	every q in pools {
		m := lib.get(q, ["mode"], null)
		is_string(m)
		not lib.eq_ci(m, "System")
	}
	f := lib.finding(c, "properties.agentPoolProfiles", sprintf("AKS cluster %q has GPU node pools but no CPU System pool for its system add-ons", [lib.text(c._meta.name)]))
}

cluster_pools(c) := array.concat(inline_pools(c), child_pools(c))

inline_pools(c) := [p |
	ps := lib.get(c, ["properties", "agentPoolProfiles"], [])
	is_array(ps)
	some p in ps
	is_object(p)
]

child_pools(c) := [p |
	some id in lib.sources_of(c, "parent")
	child := lib.resource(id)
	child._meta.type == "Microsoft.ContainerService/managedClusters/agentPools"
	p := object.get(child, "properties", {})
	is_object(p)
]

pool_name(p) := n if {
	p.path != "properties"
	n := sprintf("%s/%v", [p.resource._meta.name, object.get(p.pool, "name", "?")])
} else := p.resource._meta.name
