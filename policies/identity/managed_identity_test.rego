package aipolicy.rules.identity.managed_identity_test

import data.aipolicy.lib
import data.aipolicy.rules.identity.managed_identity as rule
import rego.v1

res(t, identity) := object.union({"_meta": {"id": "r", "type": t, "name": "r1"}, "properties": {}}, identity)

test_missing_identity_fails_for_each_type if {
	every t in rule.types {
		inp := lib.mock([res(t, {})])
		count(rule.deny) == 1 with input as inp
	}
}

test_none_fails if {
	inp := lib.mock([res("Microsoft.CognitiveServices/accounts", {"identity": {"type": "None"}})])
	some f in rule.deny with input as inp
	f.path == "identity.type"
}

test_system_assigned_passes if {
	inp := lib.mock([res("Microsoft.MachineLearningServices/workspaces", {"identity": {"type": "SystemAssigned"}})])
	count(rule.deny) == 0 with input as inp
}

test_user_assigned_any_case_passes if {
	inp := lib.mock([res("Microsoft.ContainerService/managedClusters", {"identity": {"type": "userAssigned"}})])
	count(rule.deny) == 0 with input as inp
}

test_both_passes if {
	inp := lib.mock([res("Microsoft.MachineLearningServices/workspaces/computes", {"identity": {"type": "SystemAssigned, UserAssigned"}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([res("Microsoft.MachineLearningServices/workspaces/onlineEndpoints", {"identity": {"type": {"$unresolved": "var.identity_type"}}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_identity_block_does_not_fire if {
	inp := lib.mock([res("Microsoft.MachineLearningServices/workspaces/onlineEndpoints", {"identity": {"$unresolved": "dynamic identity"}})])
	count(rule.deny) == 0 with input as inp
}

test_other_type_ignored if {
	inp := lib.mock([res("Microsoft.Storage/storageAccounts", {})])
	count(rule.deny) == 0 with input as inp
}
