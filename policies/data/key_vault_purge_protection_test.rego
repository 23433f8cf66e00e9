package aipolicy.rules.data.key_vault_purge_protection_test

import data.aipolicy.lib
import data.aipolicy.rules.data.key_vault_purge_protection as rule
import rego.v1

kv(props) := {"_meta": {"id": "kv", "type": "Microsoft.KeyVault/vaults", "name": "kv"}, "properties": props}

test_missing_purge_protection_fails if {
	inp := lib.mock([kv({})])
	some f in rule.deny with input as inp
	f.path == ""
}

test_purge_protection_false_fails if {
	inp := lib.mock([kv({"enablePurgeProtection": false})])
	some f in rule.deny with input as inp
	f.path == "properties.enablePurgeProtection"
}

test_purge_protection_passes if {
	inp := lib.mock([kv({"enablePurgeProtection": true, "enableSoftDelete": true})])
	count(rule.deny) == 0 with input as inp
}

test_soft_delete_off_fails if {
	inp := lib.mock([kv({"enablePurgeProtection": true, "enableSoftDelete": false})])
	some f in rule.deny with input as inp
	f.path == "properties.enableSoftDelete"
}

test_unresolved_does_not_fire if {
	inp := lib.mock([kv({"enablePurgeProtection": {"$unresolved": "p"}})])
	count(rule.deny) == 0 with input as inp
}
