package aipolicy.rules.gpu.gpu_system_pool_test

import data.aipolicy.lib
import data.aipolicy.rules.gpu.gpu_system_pool as rule
import rego.v1

cluster(pools) := {"_meta": {"id": "aks", "type": rule.cluster_type, "name": "aks"}, "properties": {"agentPoolProfiles": pools}}

child(id, props) := {"_meta": {"id": id, "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": sprintf("aks/%s", [id])}, "properties": props}

cpu_system := {"name": "system", "mode": "System", "vmSize": "Standard_D4ds_v5"}

gpu_user := {"name": "gpu", "mode": "User", "vmSize": "Standard_NC24ads_A100_v4", "nodeTaints": ["sku=gpu:NoSchedule"]}

test_gpu_system_pool_fails if {
	inp := lib.mock([cluster([{"name": "system", "mode": "System", "vmSize": "Standard_NC6s_v3"}])])
	some f in rule.deny with input as inp
	f.path == "properties.agentPoolProfiles[0].vmSize"
	count(rule.deny) == 1 with input as inp
}

test_gpu_system_pool_any_case_fails if {
	inp := lib.mock([child("sys", {"mode": "system", "vmSize": "standard_nd96asr_v4"})])
	some f in rule.deny with input as inp
	f.resource == "sys"
	f.path == "properties.vmSize"
}

test_cpu_system_and_gpu_user_pass if {
	inp := lib.mock([cluster([cpu_system, gpu_user])])
	count(rule.deny) == 0 with input as inp
}

test_gpu_without_system_pool_fails_on_cluster if {
	inp := lib.mock_edges(
		[cluster([{"name": "cpu", "mode": "User", "vmSize": "Standard_D4ds_v5"}]), child("gpu", gpu_user)],
		[{"from": "gpu", "to": "aks", "kind": "parent", "path": "parent"}],
	)
	some f in rule.deny with input as inp
	f.resource == "aks"
	f.path == "properties.agentPoolProfiles"
}

test_child_cpu_system_pool_counts if {
	inp := lib.mock_edges(
		[cluster([gpu_user]), child("sys", {"mode": "System", "vmSize": "Standard_D4ds_v5"})],
		[{"from": "sys", "to": "aks", "kind": "parent", "path": "parent"}],
	)
	count(rule.deny) == 0 with input as inp
}

test_omitted_mode_passes if {
	inp := lib.mock([cluster([{"name": "gpu", "vmSize": "Standard_NC6s_v3"}])])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_size_does_not_fire if {
	inp := lib.mock([cluster([{"name": "system", "mode": "System", "vmSize": {"$unresolved": "var.size"}}])])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_mode_does_not_fire if {
	inp := lib.mock([cluster([{"name": "gpu", "mode": {"$unresolved": "var.mode"}, "vmSize": "Standard_NC6s_v3"}])])
	count(rule.deny) == 0 with input as inp
}
