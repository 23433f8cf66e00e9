package aipolicy.rules.cost.gpu_scale_to_zero_test

import data.aipolicy.lib
import data.aipolicy.rules.cost.gpu_scale_to_zero as rule
import rego.v1

compute(size, scale) := {
	"_meta": {"id": "c", "type": "Microsoft.MachineLearningServices/workspaces/computes", "name": "ws/gpu"},
	"properties": {"computeType": "AmlCompute", "properties": {"vmSize": size, "scaleSettings": scale}},
}

test_min_nodes_fails if {
	inp := lib.mock([compute("Standard_NC6s_v3", {"minNodeCount": 2, "maxNodeCount": 4, "nodeIdleTimeBeforeScaleDown": "PT10M"})])
	some f in rule.deny with input as inp
	f.path == "properties.properties.scaleSettings.minNodeCount"
	count(rule.deny) == 1 with input as inp
}

test_missing_idle_time_fails if {
	inp := lib.mock([compute("Standard_NC6s_v3", {"minNodeCount": 0, "maxNodeCount": 4})])
	some f in rule.deny with input as inp
	f.path == "properties.properties.scaleSettings.nodeIdleTimeBeforeScaleDown"
}

test_long_idle_time_fails if {
	inp := lib.mock([compute("Standard_NC6s_v3", {"minNodeCount": 0, "maxNodeCount": 4, "nodeIdleTimeBeforeScaleDown": "PT2H"})])
	count(rule.deny) == 1 with input as inp
}

test_idle_time_just_over_fails if {
	inp := lib.mock([compute("Standard_NC6s_v3", {"maxNodeCount": 4, "nodeIdleTimeBeforeScaleDown": "PT30M1S"})])
	count(rule.deny) == 1 with input as inp
}

test_thirty_minutes_passes if {
	inp := lib.mock([compute("Standard_NC6s_v3", {"minNodeCount": 0, "maxNodeCount": 4, "nodeIdleTimeBeforeScaleDown": "PT30M"})])
	count(rule.deny) == 0 with input as inp
}

test_seconds_and_omitted_min_pass if {
	inp := lib.mock([compute("Standard_NC6s_v3", {"maxNodeCount": 4, "nodeIdleTimeBeforeScaleDown": "PT120S"})])
	count(rule.deny) == 0 with input as inp
}

test_cpu_cluster_ignored if {
	inp := lib.mock([compute("Standard_DS3_v2", {"minNodeCount": 3})])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_does_not_fire if {
	inp := lib.mock([compute("Standard_NC6s_v3", {"minNodeCount": {"$unresolved": "var.min"}, "nodeIdleTimeBeforeScaleDown": {"$unresolved": "var.idle"}})])
	count(rule.deny) == 0 with input as inp
}

test_duration_parser if {
	rule.duration_seconds("PT1H30M") == 5400
	rule.duration_seconds("P1D") == 86400
	rule.duration_seconds("pt15m") == 900
	not rule.duration_seconds("15 minutes")
}

# Leading zeros (PT05M) made regorus's to_number fail the rule; 100+ digit fields overflowed.
test_leading_zero_durations if {
	inp := lib.mock([compute("Standard_NC6s_v3", {"minNodeCount": 0, "nodeIdleTimeBeforeScaleDown": "PT05M"})])
	count(rule.deny) == 0 with input as inp
	inp2 := lib.mock([compute("Standard_NC6s_v3", {"minNodeCount": 0, "nodeIdleTimeBeforeScaleDown": "PT060M"})])
	count(rule.deny) == 1 with input as inp2
}

test_overlong_duration_ignored if {
	long := concat("", ["9" | some _ in numbers.range(1, 400)])
	inp := lib.mock([compute("Standard_NC6s_v3", {"minNodeCount": 0, "nodeIdleTimeBeforeScaleDown": concat("", ["P", long, "D"])})])
	count(rule.deny) == 0 with input as inp
}

# A limit configured as a non-integer: the message printed it with %d, which fails in regorus.
test_fractional_limit_parameter if {
	inp := lib.mock([compute("Standard_NC6s_v3", {"minNodeCount": 0, "nodeIdleTimeBeforeScaleDown": "PT2H"})])
	some f in rule.deny with input as inp with data.aipolicy.config["AIP-COST-002"].max_idle_seconds as 1800.5
	contains(f.message, "longer than 1800.5 seconds")
}
