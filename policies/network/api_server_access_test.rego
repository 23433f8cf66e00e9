package aipolicy.rules.network.api_server_access_test

import data.aipolicy.lib
import data.aipolicy.rules.network.api_server_access as rule
import rego.v1

aks(props) := {"_meta": {"id": "k", "type": "Microsoft.ContainerService/managedClusters", "name": "k"}, "properties": props}

test_public_api_server_fails if {
	inp := lib.mock([aks({})])
	some f in rule.deny with input as inp
	f.path == ""
}

test_private_cluster_passes if {
	inp := lib.mock([aks({"apiServerAccessProfile": {"enablePrivateCluster": true}})])
	count(rule.deny) == 0 with input as inp
}

test_authorized_ranges_pass if {
	inp := lib.mock([aks({"apiServerAccessProfile": {"authorizedIPRanges": ["203.0.113.0/24"]}})])
	count(rule.deny) == 0 with input as inp
}

test_empty_ranges_fail if {
	inp := lib.mock([aks({"apiServerAccessProfile": {"enablePrivateCluster": false, "authorizedIPRanges": []}})])
	some f in rule.deny with input as inp
	f.path == "properties.apiServerAccessProfile.enablePrivateCluster"
}

test_unresolved_does_not_fire if {
	inp := lib.mock([aks({"apiServerAccessProfile": {"authorizedIPRanges": {"$unresolved": "var.ranges"}}})])
	count(rule.deny) == 0 with input as inp
	inp2 := lib.mock([aks({"apiServerAccessProfile": {"enablePrivateCluster": {"$unresolved": "p"}}})])
	count(rule.deny) == 0 with input as inp2
}
