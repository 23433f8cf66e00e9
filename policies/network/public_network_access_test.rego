package aipolicy.rules.network.public_network_access_test

import data.aipolicy.lib
import data.aipolicy.rules.network.public_network_access as rule
import rego.v1

res(t, props) := {"_meta": {"id": "r", "type": t, "name": "r", "format": "bicep"}, "properties": props}

storage(props) := res("Microsoft.Storage/storageAccounts", props)

test_each_type_fails_when_enabled if {
	every t in rule.types {
		inp := lib.mock([res(t, {"publicNetworkAccess": "Enabled"})])
		some f in rule.deny with input as inp
		f.path == "properties.publicNetworkAccess"
	}
}

test_omitted_means_enabled if {
	inp := lib.mock([storage({})])
	count(rule.deny) == 1 with input as inp
}

test_disabled_passes_any_case if {
	inp := lib.mock([storage({"publicNetworkAccess": "disabled"})])
	count(rule.deny) == 0 with input as inp
}

test_network_acls_deny_passes if {
	inp := lib.mock([storage({"networkAcls": {"defaultAction": "Deny"}})])
	count(rule.deny) == 0 with input as inp
}

test_network_acls_allow_fails if {
	inp := lib.mock([storage({"publicNetworkAccess": "Enabled", "networkAcls": {"defaultAction": "Allow"}})])
	count(rule.deny) == 1 with input as inp
}

test_network_rule_set_deny_passes if {
	inp := lib.mock([res("Microsoft.ContainerRegistry/registries", {"networkRuleSet": {"defaultAction": "deny"}})])
	count(rule.deny) == 0 with input as inp
}

test_separate_network_rules_resource_passes if {
	rules := {"_meta": {"id": "nr", "type": "terraform:azurerm_storage_account_network_rules", "name": "nr"}, "properties": {"networkAcls": {"defaultAction": "Deny"}}}
	inp := lib.mock_edges([storage({"publicNetworkAccess": "Enabled"}), rules], [{"from": "nr", "to": "r", "kind": "key_of"}])
	count(rule.deny) == 0 with input as inp
}

test_separate_network_rules_allow_fails if {
	rules := {"_meta": {"id": "nr", "type": "terraform:azurerm_storage_account_network_rules", "name": "nr"}, "properties": {"networkAcls": {"defaultAction": "Allow"}}}
	inp := lib.mock_edges([storage({"publicNetworkAccess": "Enabled"}), rules], [{"from": "nr", "to": "r", "kind": "key_of"}])
	count(rule.deny) == 1 with input as inp
}

test_unresolved_access_does_not_fire if {
	inp := lib.mock([storage({"publicNetworkAccess": {"$unresolved": "pna"}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_acl_does_not_fire if {
	inp := lib.mock([storage({"networkAcls": {"defaultAction": {"$unresolved": "var.action"}}})])
	count(rule.deny) == 0 with input as inp
}

test_null_default_passes if {
	# azurerm 3.x ML workspace: no documented default
	inp := lib.mock([res("Microsoft.MachineLearningServices/workspaces", {"publicNetworkAccess": null})])
	count(rule.deny) == 0 with input as inp
}

test_other_types_ignored if {
	inp := lib.mock([res("Microsoft.Web/sites", {"publicNetworkAccess": "Enabled"})])
	count(rule.deny) == 0 with input as inp
}

test_both_acls_allowing_report_networkacls_once if {
	inp := lib.mock([storage({"networkAcls": {"defaultAction": "Allow"}, "networkRuleSet": {"defaultAction": "Allow"}})])
	paths := [f.path | some f in rule.deny] with input as inp
	paths == ["properties.networkAcls.defaultAction"]
}
