# METADATA
# title: A budget with alerts exists where GPU capacity is declared
# description: >-
#   Chapter 6 names unexpected GPU cost spikes as an AI-specific risk. Autoscaling limits cap the
#   size of the spike; a budget with notifications is what tells the team it is happening. When the
#   scanned set declares GPU capacity (an AKS node pool, an AmlCompute cluster or an online
#   deployment on a GPU VM size, from Bicep, ARM, Terraform or the Azure ML CLI), it must also
#   declare a Microsoft.Consumption/budgets (azurerm_consumption_budget_resource_group /
#   _subscription / _management_group) with at least one enabled notification. Each GPU capacity
#   is reported when no such budget exists anywhere in the scan.
# custom:
#   id: AIP-COST-004
#   severity: low
#   pillar: cost
#   checklist: none
#   formats: [arm, bicep, terraform, aml]
#   fix: Declare a budget with notifications next to the GPU capacity.
package aipolicy.rules.cost.gpu_budget

import data.aipolicy.lib
import rego.v1

# GPU capacity as {"r", "path", "size", "what"}: arrays, not a set (a set would compare whole
# resources); a duplicate would give the same finding, and deny is a set.
gpu_capacity := array.concat(array.concat(gpu_pools, gpu_computes), gpu_deployments)

gpu_pools := [{"r": p.resource, "path": sprintf("%s.vmSize", [p.path]), "size": size, "what": "AKS node pool"} |
	some p in lib.node_pools
	size := lib.gpu_pool_size(p)
]

gpu_computes := [{"r": r, "path": "properties.properties.vmSize", "size": size, "what": "compute cluster"} |
	some r in lib.resources("Microsoft.MachineLearningServices/workspaces/computes")
	lib.eq_ci(lib.get(r, ["properties", "computeType"], ""), "AmlCompute")
	size := lib.get(r, ["properties", "properties", "vmSize"], "")
	lib.gpu_sku(size)
]

gpu_deployments := [{"r": r, "path": "properties.instanceType", "size": size, "what": "online deployment"} |
	some r in lib.resources("Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments")
	size := lib.get(r, ["properties", "instanceType"], "")
	lib.gpu_sku(size)
]

budget_with_alerts if {
	some b in lib.resources("Microsoft.Consumption/budgets")
	alerting(b)
}

alerting(b) if lib.unresolved(lib.get(b, ["properties", "notifications"], {}))

alerting(b) if {
	ns := lib.get(b, ["properties", "notifications"], {})
	is_object(ns)
	lib.known(ns)
	some n in ns
	is_object(n)
	not lib.falsy(object.get(n, "enabled", true))
}

deny contains f if {
	not budget_with_alerts
	some c in gpu_capacity
	f := lib.finding(c.r, c.path, sprintf("GPU %s %q (%s) is declared without any budget with alert notifications in the scanned configuration", [c.what, lib.text(c.r._meta.name), c.size]))
}
