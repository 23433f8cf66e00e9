package aipolicy.rules.data.sas_expiration_test

import data.aipolicy.lib
import data.aipolicy.rules.data.sas_expiration as rule
import rego.v1

storage(props) := {"_meta": {"id": "st", "type": "Microsoft.Storage/storageAccounts", "name": "st"}, "properties": props}

cfg := {"AIP-DATA-005": {"sas_max_expiration": "1.00:00:00"}}

test_missing_policy_fails if {
	inp := lib.mock([storage({})])
	some f in rule.deny with input as inp with data.aipolicy.config as cfg
	f.path == ""
}

test_long_period_fails if {
	inp := lib.mock([storage({"sasPolicy": {"sasExpirationPeriod": "30.00:00:00", "expirationAction": "Log"}})])
	some f in rule.deny with input as inp with data.aipolicy.config as cfg
	f.path == "properties.sasPolicy.sasExpirationPeriod"
}

test_short_period_passes if {
	every p in ["1.00:00:00", "0.08:00:00", "04:00:00"] {
		inp := lib.mock([storage({"sasPolicy": {"sasExpirationPeriod": p}})])
		count(rule.deny) == 0 with input as inp with data.aipolicy.config as cfg
	}
}

test_parameter_override if {
	inp := lib.mock([storage({"sasPolicy": {"sasExpirationPeriod": "7.00:00:00"}})])
	count(rule.deny) == 0 with input as inp with data.aipolicy.config as {"AIP-DATA-005": {"sas_max_expiration": "7.00:00:00"}}
	count(rule.deny) == 1 with input as inp with data.aipolicy.config as cfg
}

test_unresolved_does_not_fire if {
	inp := lib.mock([storage({"sasPolicy": {"sasExpirationPeriod": {"$unresolved": "p"}}})])
	count(rule.deny) == 0 with input as inp with data.aipolicy.config as cfg
	inp2 := lib.mock([storage({"sasPolicy": {"$unresolved": "p"}})])
	count(rule.deny) == 0 with input as inp2 with data.aipolicy.config as cfg
}

test_seconds if {
	rule.seconds("1.02:03:04") == 93784
	rule.seconds("00:30:00") == 1800
}

# Fields of 100+ digits overflowed the arithmetic and failed the rule in regorus; a parameter that is
# no string failed trim_space.
test_overlong_period_ignored if {
	long := concat("", ["9" | some _ in numbers.range(1, 400)])
	inp := lib.mock([storage({"sasPolicy": {"sasExpirationPeriod": concat("", [long, ".00:00:00"])}})])
	count(rule.deny) == 0 with input as inp with data.aipolicy.config as cfg
}

test_non_string_parameter_ignored if {
	inp := lib.mock([storage({"sasPolicy": {"sasExpirationPeriod": "30.00:00:00"}})])
	count(rule.deny) == 0 with input as inp with data.aipolicy.config as {"AIP-DATA-005": {"sas_max_expiration": 86400}}
}
