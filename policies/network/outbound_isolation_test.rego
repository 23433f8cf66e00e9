package aipolicy.rules.network.outbound_isolation_test

import data.aipolicy.lib
import data.aipolicy.rules.network.outbound_isolation as rule
import rego.v1

ws(body) := object.union({"_meta": {"id": "ws", "type": rule.workspace_type, "name": "ws"}}, body)

dep(props) := {"_meta": {"id": "d", "type": rule.deployment_type, "name": "ws/ep/blue"}, "properties": props}

test_approved_outbound_passes if {
	inp := lib.mock([ws({"properties": {"managedNetwork": {"isolationMode": "allowOnlyApprovedOutbound"}}})])
	count(rule.deny) == 0 with input as inp
}

test_internet_outbound_is_low if {
	inp := lib.mock([ws({"properties": {"managedNetwork": {"isolationMode": "AllowInternetOutbound"}}})])
	some f in rule.deny with input as inp
	f.severity == "low"
	f.path == "properties.managedNetwork.isolationMode"
	count(rule.deny) == 1 with input as inp
}

test_disabled_fails_medium if {
	inp := lib.mock([ws({"properties": {"managedNetwork": {"isolationMode": "Disabled"}}})])
	some f in rule.deny with input as inp
	not f.severity
}

test_missing_fails_on_resource if {
	inp := lib.mock([ws({"properties": {}})])
	some f in rule.deny with input as inp
	f.path == ""
}

test_project_workspace_skipped if {
	inp := lib.mock([ws({"kind": "Project", "properties": {}})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_mode_does_not_fire if {
	inp := lib.mock([ws({"properties": {"managedNetwork": {"isolationMode": {"$unresolved": "var.mode"}}}})])
	count(rule.deny) == 0 with input as inp
}

test_deployment_egress_default_fails if {
	inp := lib.mock([dep({})])
	count(rule.deny) == 1 with input as inp
}

test_deployment_egress_enabled_fails if {
	inp := lib.mock([dep({"egressPublicNetworkAccess": "Enabled"})])
	some f in rule.deny with input as inp
	f.path == "properties.egressPublicNetworkAccess"
}

test_deployment_egress_disabled_passes if {
	inp := lib.mock([dep({"egressPublicNetworkAccess": "disabled"})])
	count(rule.deny) == 0 with input as inp
}

test_kubernetes_deployment_skipped if {
	inp := lib.mock([dep({"endpointComputeType": "Kubernetes"})])
	count(rule.deny) == 0 with input as inp
}

test_deployment_unresolved_does_not_fire if {
	inp := lib.mock([dep({"egressPublicNetworkAccess": {"$unresolved": "egress"}})])
	count(rule.deny) == 0 with input as inp
}
