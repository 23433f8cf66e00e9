package aipolicy.rules.data.host_encryption_test

import data.aipolicy.lib
import data.aipolicy.rules.data.host_encryption as rule
import rego.v1

aks(pools) := {"_meta": {"id": "k", "type": "Microsoft.ContainerService/managedClusters", "name": "k"}, "properties": {"agentPoolProfiles": pools}}

pool(props) := {"_meta": {"id": "p", "type": "Microsoft.ContainerService/managedClusters/agentPools", "name": "k/gpu"}, "properties": props}

test_inline_pool_without_encryption_fails if {
	inp := lib.mock([aks([{"name": "system", "vmSize": "Standard_D4s_v5", "enableEncryptionAtHost": true}, {"name": "gpu", "vmSize": "Standard_NC24ads_A100_v4"}])])
	some f in rule.deny with input as inp
	f.path == "properties.agentPoolProfiles[1]"
	count(rule.deny) == 1 with input as inp
}

test_inline_pool_false_fails_at_property if {
	inp := lib.mock([aks([{"name": "gpu", "enableEncryptionAtHost": false}])])
	some f in rule.deny with input as inp
	f.path == "properties.agentPoolProfiles[0].enableEncryptionAtHost"
}

test_separate_pool if {
	bad := lib.mock([pool({"vmSize": "Standard_NC6s_v3"})])
	some f in rule.deny with input as bad
	f.path == ""
	good := lib.mock([pool({"enableEncryptionAtHost": true})])
	count(rule.deny) == 0 with input as good
}

test_unresolved_does_not_fire if {
	inp := lib.mock([pool({"enableEncryptionAtHost": {"$unresolved": "p"}})])
	count(rule.deny) == 0 with input as inp
}
