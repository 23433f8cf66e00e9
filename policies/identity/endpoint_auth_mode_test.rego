package aipolicy.rules.identity.endpoint_auth_mode_test

import data.aipolicy.lib
import data.aipolicy.rules.identity.endpoint_auth_mode as rule
import rego.v1

endpoint(props) := {"_meta": {"id": "ep", "type": rule.endpoint_type, "name": "ws/ep"}, "properties": props}

test_key_fails_medium if {
	inp := lib.mock([endpoint({"authMode": "Key"})])
	some f in rule.deny with input as inp
	f.path == "properties.authMode"
	not f.severity
}

test_key_any_case_fails if {
	inp := lib.mock([endpoint({"authMode": "key"})])
	count(rule.deny) == 1 with input as inp
}

test_aml_token_is_low if {
	inp := lib.mock([endpoint({"authMode": "AMLToken"})])
	some f in rule.deny with input as inp
	f.severity == "low"
}

test_aad_token_passes if {
	inp := lib.mock([endpoint({"authMode": "AADToken"})])
	count(rule.deny) == 0 with input as inp
}

test_arm_omission_passes if {
	inp := lib.mock([endpoint({"description": "no auth mode"})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([endpoint({"authMode": {"$unresolved": "[parameters('authMode')]"}})])
	count(rule.deny) == 0 with input as inp
}
