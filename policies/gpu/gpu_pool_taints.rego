# METADATA
# title: GPU node pools are tainted so only GPU workloads land on them
# description: >-
#   Chapter 6 lists unauthorized GPU access among the AI-specific risks and answers it with taints,
#   tolerations and RBAC in AKS. An untainted GPU node pool accepts any pod: ordinary services and
#   batch jobs fill the expensive GPU nodes, and any workload can reach the devices. Every AKS node
#   pool with a GPU VM size (inline agentPoolProfiles, Terraform default_node_pool, separate
#   agentPools / azurerm_kubernetes_cluster_node_pool) must carry at least one nodeTaints entry with
#   effect NoSchedule or NoExecute.
# custom:
#   id: AIP-GPU-001
#   severity: high
#   pillar: gpu
#   checklist: none
#   formats: [arm, bicep, terraform]
#   fix: Taint GPU pools, e.g. sku=gpu:NoSchedule or nvidia.com/gpu=present:NoSchedule.
package aipolicy.rules.gpu.gpu_pool_taints

import data.aipolicy.lib
import rego.v1

# A GPU pool is never an unresolved marker: object.get is lib.get here (without its call).
deny contains f if {
	some p in lib.node_pools
	size := lib.gpu_pool_size(p)
	not lib.has_no_schedule_taint(p)
	raw := object.get(p.pool, "nodeTaints", [])
	lib.known(raw)
	not unresolved_entry(raw)
	f := lib.finding(p.resource, sprintf("%s.nodeTaints", [p.path]), sprintf("GPU node pool %q (%s) has no NoSchedule/NoExecute taint: any pod can be scheduled on its GPU nodes", [lib.text(pool_name(p)), size]))
}

unresolved_entry(raw) if {
	is_array(raw)
	some t in raw
	lib.unresolved(t)
}

pool_name(p) := n if {
	p.path != "properties"
	n := sprintf("%s/%v", [p.resource._meta.name, object.get(p.pool, "name", "?")])
} else := p.resource._meta.name
