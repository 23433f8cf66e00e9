package aipolicy.rules.cost.openai_capacity_test

import data.aipolicy.lib
import data.aipolicy.rules.cost.openai_capacity as rule
import rego.v1

dep(sku) := {"_meta": {"id": "d", "type": rule.deployment_type, "name": "aoai/gpt-4o"}, "sku": sku, "properties": {"model": {"format": "OpenAI", "name": "gpt-4o"}}}

test_over_limit_fails if {
	inp := lib.mock([dep({"name": "GlobalStandard", "capacity": 1000})])
	some f in rule.deny with input as inp
	f.path == "sku.capacity"
}

test_missing_capacity_fails if {
	inp := lib.mock([dep({"name": "Standard"})])
	count(rule.deny) == 1 with input as inp
}

test_missing_sku_fails if {
	inp := lib.mock([{"_meta": {"id": "d", "type": rule.deployment_type, "name": "aoai/gpt-4o"}, "properties": {}}])
	count(rule.deny) == 1 with input as inp
}

test_within_limit_passes if {
	inp := lib.mock([dep({"name": "Standard", "capacity": 300})])
	count(rule.deny) == 0 with input as inp
}

test_parameter_override if {
	inp := lib.mock([dep({"name": "Standard", "capacity": 120})])
	cfg := object.union(data.aipolicy.config, {"AIP-COST-003": {"openai_max_capacity": 100}})
	count(rule.deny) == 1 with input as inp with data.aipolicy.config as cfg
}

test_unresolved_does_not_fire if {
	inp := lib.mock([dep({"name": "Standard", "capacity": {"$unresolved": "var.tpm"}})])
	count(rule.deny) == 0 with input as inp
}
