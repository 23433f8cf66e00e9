package aipolicy.rules.governance.inference_telemetry_test

import data.aipolicy.lib
import data.aipolicy.rules.governance.inference_telemetry as rule
import rego.v1

dep(fmt, props) := {"_meta": {"id": "d", "type": rule.deployment_type, "name": "ep/blue", "format": fmt}, "properties": props}

cluster(props) := {"_meta": {"id": "c", "type": rule.cluster_type, "name": "aks", "format": "bicep"}, "properties": props}

deny(inp) := fs if {
	fs := rule.deny with input as inp
}

test_deployment_default_fails if {
	fs := deny(lib.mock([dep("bicep", {})]))
	count(fs) == 1
	some f in fs
	f.path == "properties.appInsightsEnabled"
}

test_deployment_false_fails_with_drift_hint_in_aml if {
	fs := deny(lib.mock([dep("aml", {"appInsightsEnabled": false})]))
	some f in fs
	contains(f.message, "data_collector")
}

test_deployment_enabled_passes if {
	count(deny(lib.mock([dep("aml", {"appInsightsEnabled": true})]))) == 0
	count(deny(lib.mock([dep("arm", {"appInsightsEnabled": "true"})]))) == 0
}

test_deployment_unresolved_passes if {
	count(deny(lib.mock([dep("bicep", {"appInsightsEnabled": {"$unresolved": "enableAppInsights"}})]))) == 0
}

test_cluster_without_monitoring_fails if {
	fs := deny(lib.mock([cluster({"addonProfiles": {"azurepolicy": {"enabled": true}}})]))
	count(fs) == 1
	some f in fs
	f.path == "properties.addonProfiles"
}

test_cluster_omsagent_disabled_fails_on_it if {
	fs := deny(lib.mock([cluster({"addonProfiles": {"omsagent": {"enabled": false}}})]))
	some f in fs
	f.path == "properties.addonProfiles.omsagent.enabled"
}

test_cluster_omsagent_passes if {
	count(deny(lib.mock([cluster({"addonProfiles": {"omsagent": {"enabled": true, "config": {"logAnalyticsWorkspaceResourceID": "x"}}}})]))) == 0
}

test_cluster_managed_prometheus_passes if {
	count(deny(lib.mock([cluster({"azureMonitorProfile": {"metrics": {"enabled": true}}})]))) == 0
	count(deny(lib.mock([cluster({"azureMonitorProfile": {"containerInsights": {"enabled": true}}})]))) == 0
}

test_cluster_unresolved_passes if {
	count(deny(lib.mock([cluster({"addonProfiles": {"omsagent": {"enabled": {"$unresolved": "enableMonitoring"}}}})]))) == 0
}
