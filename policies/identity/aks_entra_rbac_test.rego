package aipolicy.rules.identity.aks_entra_rbac_test

import data.aipolicy.lib
import data.aipolicy.rules.identity.aks_entra_rbac as rule
import rego.v1

aks(props) := {"_meta": {"id": "aks", "type": rule.cluster_type, "name": "aks1"}, "properties": props}

good := {"enableRBAC": true, "disableLocalAccounts": true, "aadProfile": {"managed": true, "enableAzureRBAC": true}}

test_compliant_passes if {
	inp := lib.mock([aks(good)])
	count(rule.deny) == 0 with input as inp
}

test_omitted_fails_twice if {
	inp := lib.mock([aks({"dnsPrefix": "aks1"})])
	ps := {f.path | some f in rule.deny with input as inp}
	ps == {"properties.aadProfile.enableAzureRBAC", "properties.disableLocalAccounts"}
}

test_rbac_disabled_fails if {
	inp := lib.mock([aks(object.union(good, {"enableRBAC": false}))])
	some f in rule.deny with input as inp
	f.path == "properties.enableRBAC"
}

test_azure_rbac_false_fails if {
	inp := lib.mock([aks(object.union(good, {"aadProfile": {"managed": true, "enableAzureRBAC": false}}))])
	count(rule.deny) == 1 with input as inp
}

test_local_accounts_fails if {
	inp := lib.mock([aks(object.union(good, {"disableLocalAccounts": false}))])
	some f in rule.deny with input as inp
	f.path == "properties.disableLocalAccounts"
}

test_unresolved_does_not_fire if {
	inp := lib.mock([aks({"enableRBAC": {"$unresolved": "x"}, "disableLocalAccounts": {"$unresolved": "y"}, "aadProfile": {"$unresolved": "z"}})])
	count(rule.deny) == 0 with input as inp
}
