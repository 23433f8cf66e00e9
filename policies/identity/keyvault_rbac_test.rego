package aipolicy.rules.identity.keyvault_rbac_test

import data.aipolicy.lib
import data.aipolicy.rules.identity.keyvault_rbac as rule
import rego.v1

kv(props) := {"_meta": {"id": "kv", "type": "Microsoft.KeyVault/vaults", "name": "kv-ml"}, "properties": props}

test_access_policies_fail if {
	inp := lib.mock([kv({"enableRbacAuthorization": false})])
	some f in rule.deny with input as inp
	f.path == "properties.enableRbacAuthorization"
}

test_omitted_fails if {
	inp := lib.mock([kv({"tenantId": "t"})])
	count(rule.deny) == 1 with input as inp
}

test_rbac_passes if {
	inp := lib.mock([kv({"enableRbacAuthorization": true})])
	count(rule.deny) == 0 with input as inp
}

test_null_default_passes if {
	inp := lib.mock([kv({"enableRbacAuthorization": null})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([kv({"enableRbacAuthorization": {"$unresolved": "var.rbac"}})])
	count(rule.deny) == 0 with input as inp
}
