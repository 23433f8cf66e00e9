package aipolicy.rules.network.private_endpoint_test

import data.aipolicy.lib
import data.aipolicy.rules.network.private_endpoint as rule
import rego.v1

res(t, fmt) := {"_meta": {"id": "r", "type": t, "name": "r", "format": fmt}, "properties": {}}

pe(target) := {
	"_meta": {"id": "pe", "type": rule.endpoint_type, "name": "pe", "format": "bicep"},
	"properties": {"privateLinkServiceConnections": [{"name": "c", "properties": {"privateLinkServiceId": target, "groupIds": ["blob"]}}]},
}

test_each_type_without_endpoint_fails if {
	every t in rule.types {
		inp := lib.mock([res(t, "bicep")])
		some f in rule.deny with input as inp
		f.resource == "r"
	}
}

test_endpoint_edge_passes if {
	inp := lib.mock_edges([res("Microsoft.Storage/storageAccounts", "arm"), pe("/subscriptions/x/st")], [{"from": "pe", "to": "r", "kind": "private_endpoint"}])
	count(rule.deny) == 0 with input as inp
}

test_endpoint_for_other_resource_fails if {
	other := {"_meta": {"id": "kv", "type": "Microsoft.KeyVault/vaults", "name": "kv", "format": "terraform"}, "properties": {}}
	inp := lib.mock_edges([res("Microsoft.Storage/storageAccounts", "terraform"), other, pe("kv.id")], [{"from": "pe", "to": "kv", "kind": "private_endpoint"}])
	some f in rule.deny with input as inp
	f.resource == "r"
	count(rule.deny) == 1 with input as inp
}

test_aml_workspace_not_applied if {
	inp := lib.mock([res("Microsoft.MachineLearningServices/workspaces", "aml")])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_endpoint_target_does_not_fire if {
	inp := lib.mock([res("Microsoft.Storage/storageAccounts", "arm"), pe({"$unresolved": "[parameters('targetId')]"})])
	count(rule.deny) == 0 with input as inp
}

test_resolved_but_unlinked_endpoint_fires if {
	inp := lib.mock([res("Microsoft.Storage/storageAccounts", "arm"), pe("/subscriptions/x/other")])
	count(rule.deny) == 1 with input as inp
}

# Connection entries that are no objects are skipped (lib.get failed on them in regorus).
test_non_object_connections_skipped if {
	e := {"_meta": {"id": "pe", "type": rule.endpoint_type, "name": "pe", "format": "bicep"}, "properties": {"privateLinkServiceConnections": ["x", 7]}}
	inp := lib.mock([res("Microsoft.Storage/storageAccounts", "bicep"), e])
	count(rule.deny) == 1 with input as inp
}
