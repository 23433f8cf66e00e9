package aipolicy.rules.data.customer_managed_keys_test

import data.aipolicy.lib
import data.aipolicy.rules.data.customer_managed_keys as rule
import rego.v1

res(t, props) := {"_meta": {"id": "r", "type": t, "name": "r"}, "properties": props}

test_storage_platform_keys_fail if {
	inp := lib.mock([res("Microsoft.Storage/storageAccounts", {"encryption": {"keySource": "Microsoft.Storage"}})])
	some f in rule.deny with input as inp
	f.path == "properties.encryption.keySource"
}

test_account_omitted_fails_on_resource if {
	inp := lib.mock([res("Microsoft.CognitiveServices/accounts", {})])
	some f in rule.deny with input as inp
	f.path == ""
}

test_key_vault_source_passes_any_case if {
	every t in rule.key_source_types {
		inp := lib.mock([res(t, {"encryption": {"keySource": "Microsoft.Keyvault"}})])
		count(rule.deny) == 0 with input as inp
	}
}

test_separate_cmk_resource_passes if {
	cmk := {"_meta": {"id": "k", "type": "terraform:azurerm_storage_account_customer_managed_key", "name": "k"}, "properties": {"encryption": {"keySource": "Microsoft.Keyvault"}}}
	inp := lib.mock_edges([res("Microsoft.Storage/storageAccounts", {"encryption": {"keySource": "Microsoft.Storage"}}), cmk], [{"from": "k", "to": "r", "kind": "key_of"}])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([res("Microsoft.Storage/storageAccounts", {"encryption": {"keySource": {"$unresolved": "p"}}})])
	count(rule.deny) == 0 with input as inp
}

test_workspace_without_key_fails if {
	inp := lib.mock([res("Microsoft.MachineLearningServices/workspaces", {"friendlyName": "x"})])
	count(rule.deny) == 1 with input as inp
}

test_workspace_with_key_passes if {
	inp := lib.mock([res("Microsoft.MachineLearningServices/workspaces", {"encryption": {"status": "Enabled", "keyVaultProperties": {"keyIdentifier": "https://kv/keys/k", "keyVaultArmId": "/x"}}})])
	count(rule.deny) == 0 with input as inp
}

test_workspace_unresolved_key_passes if {
	inp := lib.mock([res("Microsoft.MachineLearningServices/workspaces", {"encryption": {"$unresolved": "cmk"}})])
	count(rule.deny) == 0 with input as inp
}
