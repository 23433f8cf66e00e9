package aipolicy.rules.identity.openai_local_auth_test

import data.aipolicy.lib
import data.aipolicy.rules.identity.openai_local_auth as rule
import rego.v1

account(props) := {"_meta": {"id": "a", "type": rule.account_type, "name": "aoai"}, "kind": "OpenAI", "properties": props}

test_local_auth_enabled_fails if {
	inp := lib.mock([account({"disableLocalAuth": false})])
	some f in rule.deny with input as inp
	f.resource == "a"
	f.path == "properties.disableLocalAuth"
}

test_missing_means_keys_enabled if {
	inp := lib.mock([account({"customSubDomainName": "aoai"})])
	count(rule.deny) == 1 with input as inp
}

test_no_properties_fails if {
	inp := lib.mock([{"_meta": {"id": "a", "type": rule.account_type, "name": "aoai"}, "kind": "AIServices"}])
	count(rule.deny) == 1 with input as inp
}

test_disabled_passes if {
	inp := lib.mock([account({"disableLocalAuth": true})])
	count(rule.deny) == 0 with input as inp
}

test_string_true_passes if {
	inp := lib.mock([account({"disableLocalAuth": "true"})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([account({"disableLocalAuth": {"$unresolved": "var.disable_keys"}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_properties_does_not_fire if {
	inp := lib.mock([{"_meta": {"id": "a", "type": rule.account_type, "name": "aoai"}, "properties": {"$unresolved": "props"}}])
	count(rule.deny) == 0 with input as inp
}

test_other_types_ignored if {
	inp := lib.mock([{"_meta": {"id": "s", "type": "Microsoft.Storage/storageAccounts", "name": "st"}, "properties": {"disableLocalAuth": false}}])
	count(rule.deny) == 0 with input as inp
}
