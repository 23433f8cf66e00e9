package aipolicy.rules.governance.diagnostic_logs_test

import data.aipolicy.lib
import data.aipolicy.rules.governance.diagnostic_logs as rule
import rego.v1

res(id, t) := {"_meta": {"id": id, "type": t, "name": id}, "properties": {}}

account := res("oai", "Microsoft.CognitiveServices/accounts")

diag(id, props) := {"_meta": {"id": id, "type": rule.diag_type, "name": id}, "scope": {"$unresolved": "account"}, "properties": props}

law := {"workspaceId": "/subscriptions/x/resourceGroups/rg/providers/Microsoft.OperationalInsights/workspaces/law"}

scoped(d, target) := {"from": d._meta.id, "to": target, "kind": "scope", "path": "scope"}

test_every_monitored_type_without_setting_fails if {
	rs := [res(t, t) | some t in rule.monitored_types]
	inp := lib.mock(rs)
	fs := rule.deny with input as inp
	count(fs) == 5
	{f.resource | some f in fs} == rule.monitored_types
}

test_audit_group_passes if {
	d := diag("d", object.union(law, {"logs": [{"categoryGroup": "audit", "enabled": true}]}))
	inp := lib.mock_edges([account, d], [scoped(d, "oai")])
	count(rule.deny) == 0 with input as inp
}

test_all_logs_group_case_insensitive_passes if {
	d := diag("d", object.union(law, {"logs": [{"categoryGroup": "alllogs"}]}))
	inp := lib.mock_edges([account, d], [scoped(d, "oai")])
	count(rule.deny) == 0 with input as inp
}

test_category_passes if {
	d := diag("d", object.union(law, {"logs": [{"category": "RequestResponse", "enabled": true}]}))
	inp := lib.mock_edges([account, d], [scoped(d, "oai")])
	count(rule.deny) == 0 with input as inp
}

test_metrics_only_reported_on_setting if {
	d := diag("d", object.union(law, {"metrics": [{"category": "AllMetrics", "enabled": true}]}))
	inp := lib.mock_edges([account, d], [scoped(d, "oai")])
	fs := rule.deny with input as inp
	count(fs) == 1
	some f in fs
	f.resource == "d"
	f.path == "properties.logs"
}

test_disabled_logs_fail if {
	d := diag("d", object.union(law, {"logs": [{"categoryGroup": "audit", "enabled": false}]}))
	inp := lib.mock_edges([account, d], [scoped(d, "oai")])
	some f in rule.deny with input as inp
	f.resource == "d"
}

test_unknown_group_fails if {
	d := diag("d", object.union(law, {"logs": [{"categoryGroup": "metricsOnly"}]}))
	inp := lib.mock_edges([account, d], [scoped(d, "oai")])
	count(rule.deny) == 1 with input as inp
}

test_no_destination_fails if {
	d := diag("d", {"logs": [{"categoryGroup": "audit", "enabled": true}]})
	inp := lib.mock_edges([account, d], [scoped(d, "oai")])
	some f in rule.deny with input as inp
	f.resource == "d"
	f.path == "properties"
}

test_unresolved_destination_passes if {
	d := diag("d", {"workspaceId": {"$unresolved": "law.id"}, "logs": [{"categoryGroup": "audit"}]})
	inp := lib.mock_edges([account, d], [scoped(d, "oai")])
	count(rule.deny) == 0 with input as inp
}

test_unresolved_logs_pass if {
	d := diag("d", object.union(law, {"logs": {"$unresolved": "logs"}}))
	inp := lib.mock_edges([account, d], [scoped(d, "oai")])
	count(rule.deny) == 0 with input as inp
}

test_one_good_setting_is_enough if {
	d1 := diag("d1", object.union(law, {"metrics": [{"category": "AllMetrics"}]}))
	d2 := diag("d2", object.union(law, {"logs": [{"categoryGroup": "allLogs"}]}))
	inp := lib.mock_edges([account, d1, d2], [scoped(d1, "oai"), scoped(d2, "oai")])
	count(rule.deny) == 0 with input as inp
}

test_setting_with_unknown_target_suppresses if {
	d := diag("d", object.union(law, {"logs": [{"categoryGroup": "audit"}]}))
	inp := lib.mock([account, d])
	count(rule.deny) == 0 with input as inp
}

test_setting_on_other_resource_does_not_count if {
	d := object.union(diag("d", object.union(law, {"logs": [{"categoryGroup": "audit"}]})), {"scope": "kv"})
	kv := res("kv", "Microsoft.KeyVault/vaults")
	inp := lib.mock_edges([account, kv, d], [scoped(d, "kv")])
	fs := rule.deny with input as inp
	count(fs) == 1
	some f in fs
	f.resource == "oai"
}

test_aml_workspace_not_checked if {
	ws := {"_meta": {"id": "w", "type": "Microsoft.MachineLearningServices/workspaces", "name": "w", "format": "aml"}, "properties": {}}
	inp := lib.mock([ws])
	count(rule.deny) == 0 with input as inp
}
