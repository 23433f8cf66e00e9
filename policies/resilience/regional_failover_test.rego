package aipolicy.rules.resilience.regional_failover_test

import data.aipolicy.lib
import data.aipolicy.rules.resilience.regional_failover as rule
import rego.v1

og := {"_meta": {"id": "og", "type": "Microsoft.Cdn/profiles/originGroups", "name": "afd/llm"}, "properties": {}}

origin(id) := {"_meta": {"id": id, "type": rule.origin_type, "name": sprintf("afd/llm/%s", [id])}, "properties": {"hostName": sprintf("%s.openai.azure.com", [id])}}

route := {"_meta": {"id": "route", "type": "Microsoft.Cdn/profiles/afdEndpoints/routes", "name": "afd/ep/route"}, "properties": {}}

findings(inp) := {[f.resource, f.path] | some f in rule.deny with input as inp}

test_single_origin_fails if {
	inp := lib.mock_edges([og, origin("swc")], [{"from": "swc", "to": "og", "kind": "parent"}])
	findings(inp) == {["og", ""]}
}

test_no_origin_fails if {
	inp := lib.mock([og])
	count(rule.deny) == 1 with input as inp
}

test_two_origins_pass if {
	inp := lib.mock_edges([og, origin("swc"), origin("frc")], [{"from": "swc", "to": "og", "kind": "parent"}, {"from": "frc", "to": "og", "kind": "parent"}])
	count(rule.deny) == 0 with input as inp
}

test_other_children_do_not_count if {
	inp := lib.mock_edges([og, origin("swc"), route], [{"from": "swc", "to": "og", "kind": "parent"}, {"from": "route", "to": "og", "kind": "reference"}])
	count(rule.deny) == 1 with input as inp
}

pool(props) := {"_meta": {"id": "be", "type": "Microsoft.ApiManagement/service/backends", "name": "apim/openai-pool"}, "properties": props}

test_pool_single_member_fails if {
	inp := lib.mock([pool({"type": "Pool", "pool": {"services": [{"id": "/backends/swc"}]}})])
	findings(inp) == {["be", "properties.pool.services"]}
}

test_pool_two_members_pass if {
	inp := lib.mock([pool({"type": "pool", "pool": {"services": [{"id": "/backends/swc"}, {"id": "/backends/frc"}]}})])
	count(rule.deny) == 0 with input as inp
}

test_single_backend_out_of_scope if {
	inp := lib.mock([pool({"url": "https://x.openai.azure.com/openai"})])
	count(rule.deny) == 0 with input as inp
}

test_pool_unresolved_members_pass if {
	inp := lib.mock([pool({"type": "Pool", "pool": {"services": {"$unresolved": "[variables('members')]"}}})])
	count(rule.deny) == 0 with input as inp
}
