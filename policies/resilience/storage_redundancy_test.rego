package aipolicy.rules.resilience.storage_redundancy_test

import data.aipolicy.lib
import data.aipolicy.rules.resilience.storage_redundancy as rule
import rego.v1

account(sku) := {"_meta": {"id": "st", "type": "Microsoft.Storage/storageAccounts", "name": "stmodels"}, "kind": "StorageV2", "sku": sku}

test_lrs_fails if {
	inp := lib.mock([account({"name": "Standard_LRS"})])
	some f in rule.deny with input as inp
	f.path == "sku.name"
}

test_premium_lrs_fails_any_case if {
	inp := lib.mock([account({"name": "premium_lrs"})])
	count(rule.deny) == 1 with input as inp
}

test_redundant_skus_pass if {
	every sku in ["Standard_ZRS", "Standard_GRS", "Standard_RAGRS", "Standard_GZRS", "Standard_RAGZRS", "Premium_ZRS"] {
		inp := lib.mock([account({"name": sku})])
		count(rule.deny) == 0 with input as inp
	}
}

test_unresolved_sku_passes if {
	inp := lib.mock([account({"name": {"$unresolved": "[parameters('sku')]"}})])
	count(rule.deny) == 0 with input as inp
}

test_partly_unresolved_terraform_sku_passes if {
	inp := lib.mock([account({"$unresolved": "var.replication"})])
	count(rule.deny) == 0 with input as inp
}

test_omitted_sku_passes if {
	inp := lib.mock([account({})])
	count(rule.deny) == 0 with input as inp
}
