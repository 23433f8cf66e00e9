package aipolicy.rules.api.content_filters_test

import data.aipolicy.lib
import data.aipolicy.rules.api.content_filters as rule
import rego.v1

rai(filters) := {"_meta": {"id": "rai", "type": rule.rai_type, "name": "oai/strict"}, "properties": {"basePolicyName": "Microsoft.DefaultV2", "contentFilters": filters}}

deny(inp) := fs if {
	fs := rule.deny with input as inp
}

test_jailbreak_disabled_fails_high if {
	inp := lib.mock([rai([{"name": "Jailbreak", "enabled": false, "blocking": false, "source": "Prompt"}])])
	fs := deny(inp)
	count(fs) == 2
	every f in fs {
		f.severity == "high"
		f.resource == "rai"
	}
	{f.path | some f in fs} == {"properties.contentFilters[0].enabled", "properties.contentFilters[0].blocking"}
}

test_jailbreak_annotate_only_fails if {
	inp := lib.mock([rai([{"name": "jailbreak", "enabled": true, "blocking": false, "source": "Prompt"}])])
	fs := deny(inp)
	count(fs) == 1
	some f in fs
	f.path == "properties.contentFilters[0].blocking"
}

test_indirect_attack_is_medium if {
	inp := lib.mock([rai([{"name": "Indirect Attack", "enabled": false, "blocking": true, "source": "Prompt"}])])
	fs := deny(inp)
	count(fs) == 1
	some f in fs
	f.severity == "medium"
}

test_terraform_string_false if {
	inp := lib.mock([rai([{"name": "Jailbreak", "enabled": "false", "blocking": true, "source": "Prompt"}])])
	count(deny(inp)) == 1
}

test_harm_filter_off_on_prompt_fails if {
	inp := lib.mock([rai([
		{"name": "Hate", "enabled": false, "blocking": false, "severityThreshold": "Medium", "source": "Prompt"},
		{"name": "Hate", "enabled": false, "blocking": false, "severityThreshold": "Medium", "source": "Completion"},
		{"name": "SelfHarm", "enabled": false, "blocking": false, "severityThreshold": "Medium", "source": "prompt"},
	])])
	fs := deny(inp)
	{f.path | some f in fs} == {"properties.contentFilters[0].enabled", "properties.contentFilters[2].enabled"}
}

test_strict_policy_passes if {
	inp := lib.mock([rai([
		{"name": "Jailbreak", "enabled": true, "blocking": true, "source": "Prompt"},
		{"name": "Indirect Attack", "enabled": true, "blocking": true, "source": "Prompt"},
		{"name": "Violence", "enabled": true, "blocking": true, "severityThreshold": "Low", "source": "Prompt"},
	])])
	count(deny(inp)) == 0
}

test_omitted_fields_pass if {
	inp := lib.mock([rai([{"name": "Jailbreak", "source": "Prompt"}]), {"_meta": {"id": "r2", "type": rule.rai_type, "name": "oai/empty"}, "properties": {}}])
	count(deny(inp)) == 0
}

test_unresolved_does_not_fire if {
	inp := lib.mock([rai([{"name": "Jailbreak", "enabled": {"$unresolved": "var.shield"}, "blocking": true}]), {"_meta": {"id": "r2", "type": rule.rai_type, "name": "oai/u"}, "properties": {"contentFilters": {"$unresolved": "filters"}}}])
	count(deny(inp)) == 0
}

test_deployments_are_not_reported if {
	dep := {"_meta": {"id": "d", "type": "Microsoft.CognitiveServices/accounts/deployments", "name": "oai/gpt-4o"}, "properties": {"raiPolicyName": "strict"}}
	inp := lib.mock_edges([dep, rai([{"name": "Jailbreak", "enabled": false, "source": "Prompt"}])], [{"from": "d", "to": "rai", "kind": "reference"}])
	fs := deny(inp)
	count(fs) == 1
	every f in fs {
		f.resource == "rai"
	}
}

# A filter entry that is no object is skipped (lib.get failed on it in regorus, and the rule with it).
test_non_object_filter_entries_skipped if {
	inp := lib.mock([rai(["x", 7, null, {"name": "Jailbreak", "enabled": false, "source": "Prompt"}])])
	{f.path | some f in deny(inp)} == {"properties.contentFilters[3].enabled"}
}
