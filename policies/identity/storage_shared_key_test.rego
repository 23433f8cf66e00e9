package aipolicy.rules.identity.storage_shared_key_test

import data.aipolicy.lib
import data.aipolicy.rules.identity.storage_shared_key as rule
import rego.v1

sa(props) := {"_meta": {"id": "st", "type": "Microsoft.Storage/storageAccounts", "name": "stdata"}, "properties": props}

test_allowed_fails if {
	inp := lib.mock([sa({"allowSharedKeyAccess": true})])
	some f in rule.deny with input as inp
	f.path == "properties.allowSharedKeyAccess"
}

test_missing_means_allowed if {
	inp := lib.mock([sa({"minimumTlsVersion": "TLS1_2"})])
	count(rule.deny) == 1 with input as inp
}

test_false_passes if {
	inp := lib.mock([sa({"allowSharedKeyAccess": false})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([sa({"allowSharedKeyAccess": {"$unresolved": "var.shared_key"}})])
	count(rule.deny) == 0 with input as inp
}
