package aipolicy.rules.resilience.health_probes_test

import data.aipolicy.lib
import data.aipolicy.rules.resilience.health_probes as rule
import rego.v1

og(props) := {"_meta": {"id": "og", "type": "Microsoft.Cdn/profiles/originGroups", "name": "afd/llm"}, "properties": props}

fd(pools) := {"_meta": {"id": "fd", "type": "Microsoft.Network/frontDoors", "name": "fd"}, "properties": {"backendPools": pools}}

agw(props) := {"_meta": {"id": "agw", "type": "Microsoft.Network/applicationGateways", "name": "agw"}, "properties": props}

findings(inp) := {[f.resource, f.path] | some f in rule.deny with input as inp}

test_origin_group_without_probe_fails if {
	inp := lib.mock([og({"loadBalancingSettings": {"sampleSize": 4}})])
	findings(inp) == {["og", "properties.healthProbeSettings"]}
}

test_origin_group_with_probe_passes if {
	inp := lib.mock([og({"healthProbeSettings": {"probePath": "/health", "probeProtocol": "Https", "probeIntervalInSeconds": 30}})])
	count(rule.deny) == 0 with input as inp
}

test_origin_group_unresolved_probe_passes if {
	inp := lib.mock([og({"healthProbeSettings": {"$unresolved": "var.probe"}})])
	count(rule.deny) == 0 with input as inp
}

test_classic_front_door_pool_without_probe if {
	inp := lib.mock([fd([{"name": "a", "properties": {"healthProbeSettings": {"id": "x"}}}, {"name": "b", "properties": {}}])])
	findings(inp) == {["fd", "properties.backendPools[1].properties.healthProbeSettings"]}
}

test_gateway_without_probes_fails_once if {
	inp := lib.mock([agw({"backendHttpSettingsCollection": [{"name": "s", "properties": {"port": 443}}]})])
	findings(inp) == {["agw", "properties.probes"]}
}

test_gateway_settings_without_probe_fails if {
	inp := lib.mock([agw({
		"probes": [{"name": "health"}],
		"backendHttpSettingsCollection": [
			{"name": "a", "properties": {"probe": {"id": "health"}}},
			{"name": "b", "properties": {"port": 443}},
		],
	})])
	findings(inp) == {["agw", "properties.backendHttpSettingsCollection[1].properties.probe"]}
}

test_gateway_all_probed_passes if {
	inp := lib.mock([agw({"probes": [{"name": "health"}], "backendHttpSettingsCollection": [{"name": "a", "properties": {"probe": {"id": "health"}}}]})])
	count(rule.deny) == 0 with input as inp
}

test_gateway_unresolved_probes_pass if {
	inp := lib.mock([agw({"probes": {"$unresolved": "local.probes"}, "backendHttpSettingsCollection": [{"name": "a", "properties": {}}]})])
	count(rule.deny) == 0 with input as inp
}

# probes: null is no probe (count(null) failed the rule in regorus); lists of other shapes are
# skipped instead of failing it.
test_null_probes_fail if {
	findings(lib.mock([agw({"probes": null})])) == {["agw", "properties.probes"]}
}

test_odd_list_shapes_skipped if {
	count(findings(lib.mock([fd("x"), agw({"probes": [{"name": "p"}], "backendHttpSettingsCollection": "x"})]))) == 0
	count(findings(lib.mock([fd(null), agw({"probes": 7, "backendHttpSettingsCollection": null})]))) == 0
}
