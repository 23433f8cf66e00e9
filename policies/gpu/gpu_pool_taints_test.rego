package aipolicy.rules.gpu.gpu_pool_taints_test

import data.aipolicy.lib
import data.aipolicy.rules.gpu.gpu_pool_taints as rule
import rego.v1

cluster(pools) := {"_meta": {"id": "aks", "type": "Microsoft.ContainerService/managedClusters", "name": "aks"}, "properties": {"agentPoolProfiles": pools}}

pool(props) := {"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/gpu"}, "properties": props}

test_untainted_inline_gpu_pool_fails if {
	inp := lib.mock([cluster([{"name": "system", "vmSize": "Standard_D4s_v5", "mode": "System"}, {"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4"}])])
	some f in rule.deny with input as inp
	f.path == "properties.agentPoolProfiles[1].nodeTaints"
	count(rule.deny) == 1 with input as inp
}

test_untainted_child_pool_fails if {
	inp := lib.mock([pool({"vmSize": "standard_nc6s_v3", "count": 1})])
	some f in rule.deny with input as inp
	f.resource == "np"
	f.path == "properties.nodeTaints"
}

test_prefer_no_schedule_only_fails if {
	inp := lib.mock([pool({"vmSize": "Standard_ND96asr_v4", "nodeTaints": ["sku=gpu:PreferNoSchedule"]})])
	count(rule.deny) == 1 with input as inp
}

test_no_schedule_taint_passes if {
	inp := lib.mock([pool({"vmSize": "Standard_NC24ads_A100_v4", "nodeTaints": ["sku=gpu:NoSchedule"]})])
	count(rule.deny) == 0 with input as inp
}

test_no_execute_key_only_taint_passes if {
	inp := lib.mock([cluster([{"name": "gpu", "vmSize": "Standard_NV36ads_A10_v5", "nodeTaints": ["nvidia.com/gpu:NoExecute"]}])])
	count(rule.deny) == 0 with input as inp
}

test_cpu_pool_ignored if {
	inp := lib.mock([pool({"vmSize": "Standard_D8s_v5"})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_size_does_not_fire if {
	inp := lib.mock([pool({"vmSize": {"$unresolved": "var.gpu_size"}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_taints_do_not_fire if {
	inp := lib.mock([pool({"vmSize": "Standard_NC6s_v3", "nodeTaints": {"$unresolved": "var.taints"}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_taint_entry_does_not_fire if {
	inp := lib.mock([pool({"vmSize": "Standard_NC6s_v3", "nodeTaints": [{"$unresolved": "local.taint"}]})])
	count(rule.deny) == 0 with input as inp
}

# nodeTaints written as a string (or null) is no list of taints; regorus failed iterating it, and the
# rule with it (the neighbouring, tainted pool included).
test_non_array_node_taints_fail if {
	inp := lib.mock([cluster([
		{"name": "gpu", "vmSize": "Standard_NC6s_v3", "nodeTaints": ["sku=gpu:NoSchedule"]},
		{"name": "odd", "vmSize": "Standard_NC6s_v3", "nodeTaints": "sku=gpu:NoSchedule"},
		{"name": "nil", "vmSize": "Standard_NC6s_v3", "nodeTaints": null},
	])])
	{f.path | some f in rule.deny} == {"properties.agentPoolProfiles[1].nodeTaints", "properties.agentPoolProfiles[2].nodeTaints"} with input as inp
}
