package aipolicy.rules.cost.gpu_budget_test

import data.aipolicy.lib
import data.aipolicy.rules.cost.gpu_budget as rule
import rego.v1

pool := {"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/gpu"}, "properties": {"vmSize": "Standard_NC24ads_A100_v4"}}

compute := {"_meta": {"id": "c", "type": "Microsoft.MachineLearningServices/workspaces/computes", "name": "ws/gpu"}, "properties": {"computeType": "AmlCompute", "properties": {"vmSize": "Standard_NC6s_v3"}}}

deployment := {"_meta": {"id": "d", "type": "Microsoft.MachineLearningServices/workspaces/onlineEndpoints/deployments", "name": "ws/ep/blue"}, "properties": {"instanceType": "Standard_NC24ads_A100_v4"}}

budget(notifications) := {"_meta": {"id": "b", "type": "Microsoft.Consumption/budgets", "name": "gpu"}, "properties": {"category": "Cost", "amount": 5000, "timeGrain": "Monthly", "notifications": notifications}}

alert := {"actual80": {"enabled": true, "operator": "GreaterThan", "threshold": 80, "contactEmails": ["ml-platform@contoso.com"]}}

test_each_gpu_capacity_fails_without_budget if {
	inp := lib.mock([pool, compute, deployment])
	fs := {[f.resource, f.path] | some f in rule.deny with input as inp}
	fs == {["np", "properties.vmSize"], ["c", "properties.properties.vmSize"], ["d", "properties.instanceType"]}
}

test_budget_with_notification_passes if {
	inp := lib.mock([pool, compute, deployment, budget(alert)])
	count(rule.deny) == 0 with input as inp
}

test_budget_without_notifications_fails if {
	inp := lib.mock([pool, budget({})])
	count(rule.deny) == 1 with input as inp
}

test_budget_with_disabled_notification_fails if {
	inp := lib.mock([pool, budget({"n": {"enabled": false, "threshold": 90}})])
	count(rule.deny) == 1 with input as inp
}

test_unresolved_notifications_pass if {
	inp := lib.mock([pool, budget({"$unresolved": "var.notifications"})])
	count(rule.deny) == 0 with input as inp
}

test_inline_pool_path if {
	aks := {"_meta": {"id": "aks", "type": "Microsoft.ContainerService/managedClusters", "name": "aks"}, "properties": {"agentPoolProfiles": [{"name": "system", "vmSize": "Standard_D4s_v5"}, {"name": "gpu", "vmSize": "Standard_ND96asr_v4"}]}}
	inp := lib.mock([aks])
	some f in rule.deny with input as inp
	f.path == "properties.agentPoolProfiles[1].vmSize"
	count(rule.deny) == 1 with input as inp
}

test_no_gpu_no_finding if {
	cpu := {"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/cpu"}, "properties": {"vmSize": "Standard_D16s_v5"}}
	inp := lib.mock([cpu])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_size_is_not_gpu if {
	p := {"_meta": {"id": "np", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "aks/x"}, "properties": {"vmSize": {"$unresolved": "var.size"}}}
	inp := lib.mock([p])
	count(rule.deny) == 0 with input as inp
}
