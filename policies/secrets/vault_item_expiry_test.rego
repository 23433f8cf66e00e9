package aipolicy.rules.secrets.vault_item_expiry_test

import data.aipolicy.lib
import data.aipolicy.rules.secrets.vault_item_expiry as rule
import rego.v1

item(t, fmt, props) := {"_meta": {"id": "i", "type": t, "name": "kv/item", "format": fmt}, "properties": props}

deny(inp) := fs if {
	fs := rule.deny with input as inp
}

test_secret_without_exp_fails if {
	fs := deny(lib.mock([item(rule.secret_type, "bicep", {"value": "x"})]))
	count(fs) == 1
	some f in fs
	f.path == "properties.attributes.exp"
}

test_secret_with_exp_passes if {
	count(deny(lib.mock([item(rule.secret_type, "bicep", {"attributes": {"exp": 1798761600}})]))) == 0
}

test_secret_unresolved_exp_passes if {
	count(deny(lib.mock([item(rule.secret_type, "terraform", {"attributes": {"exp": {"$unresolved": "timeadd(timestamp(), \"8760h\")"}}})]))) == 0
	count(deny(lib.mock([item(rule.secret_type, "bicep", {"attributes": {"$unresolved": "attrs"}})]))) == 0
}

test_arm_key_needs_exp_and_rotation if {
	fs := deny(lib.mock([item(rule.key_type, "arm", {"kty": "RSA"})]))
	{f.path | some f in fs} == {"properties.attributes.exp", "properties.rotationPolicy"}
	fs2 := deny(lib.mock([item(rule.key_type, "bicep", {"kty": "RSA", "attributes": {"exp": 1798761600}})]))
	{f.path | some f in fs2} == {"properties.rotationPolicy"}
}

test_arm_key_with_both_passes if {
	props := {"kty": "RSA", "attributes": {"exp": 1798761600}, "rotationPolicy": {"attributes": {"expiryTime": "P1Y"}, "lifetimeActions": [{"action": {"type": "rotate"}, "trigger": {"timeBeforeExpiry": "P30D"}}]}}
	count(deny(lib.mock([item(rule.key_type, "arm", props)]))) == 0
}

test_terraform_key_either_passes if {
	count(deny(lib.mock([item(rule.key_type, "terraform", {"attributes": {"exp": 1798761600}})]))) == 0
	count(deny(lib.mock([item(rule.key_type, "terraform", {"rotationPolicy": {"attributes": {"expiryTime": "P1Y"}}})]))) == 0
}

test_terraform_key_neither_fails_once if {
	fs := deny(lib.mock([item(rule.key_type, "terraform", {"kty": "RSA"})]))
	count(fs) == 1
}
