package aipolicy.rules.identity.registry_admin_user_test

import data.aipolicy.lib
import data.aipolicy.rules.identity.registry_admin_user as rule
import rego.v1

acr(props) := {"_meta": {"id": "acr", "type": rule.registry_type, "name": "acrml"}, "properties": props}

test_admin_user_fails if {
	inp := lib.mock([acr({"adminUserEnabled": true})])
	some f in rule.deny with input as inp
	f.path == "properties.adminUserEnabled"
}

test_anonymous_pull_fails if {
	inp := lib.mock([acr({"anonymousPullEnabled": true})])
	some f in rule.deny with input as inp
	f.path == "properties.anonymousPullEnabled"
}

test_both_fail if {
	inp := lib.mock([acr({"adminUserEnabled": true, "anonymousPullEnabled": true})])
	count(rule.deny) == 2 with input as inp
}

test_defaults_pass if {
	inp := lib.mock([acr({})])
	count(rule.deny) == 0 with input as inp
}

test_false_passes if {
	inp := lib.mock([acr({"adminUserEnabled": false, "anonymousPullEnabled": false})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([acr({"adminUserEnabled": {"$unresolved": "var.admin"}})])
	count(rule.deny) == 0 with input as inp
}
