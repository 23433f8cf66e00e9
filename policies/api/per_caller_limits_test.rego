package aipolicy.rules.api.per_caller_limits_test

import data.aipolicy.apim
import data.aipolicy.lib
import data.aipolicy.rules.api.per_caller_limits as rule
import rego.v1

svc := {"_meta": {"id": "svc", "type": apim.service_type, "name": "apim"}, "properties": {}}

api(id) := {"_meta": {"id": id, "type": apim.api_type, "name": sprintf("apim/%s", [id])}, "properties": {}}

pol(id, t, name, xml) := {"_meta": {"id": id, "type": t, "name": name}, "properties": {"format": "rawxml", "value": xml}}

edge(from, to, kind) := {"from": from, "to": to, "kind": kind}

xml(inner) := sprintf("<policies><inbound><base />%s</inbound></policies>", [inner])

api_policy(inner) := pol("p", apim.api_policy_type, "apim/a/policy", xml(inner))

with_api_policy(inner) := lib.mock_edges([svc, api("a"), api_policy(inner)], [edge("a", "svc", "parent"), edge("p", "a", "parent")])

test_bare_rate_limit_fails_on_policy if {
	inp := with_api_policy(`<rate-limit calls="600" renewal-period="60" />`)
	fs := rule.deny with input as inp
	count(fs) == 1
	some f in fs
	f.resource == "p"
	f.path == "properties.value"
}

test_bare_quota_fails if {
	inp := with_api_policy(`<quota calls="10000" renewal-period="86400" />`)
	count(rule.deny) == 1 with input as inp
}

test_token_limit_without_counter_key_fails if {
	inp := with_api_policy(`<azure-openai-token-limit tokens-per-minute="10000" />`)
	count(rule.deny) == 1 with input as inp
}

test_keyed_limits_pass if {
	inp1 := with_api_policy(`<rate-limit-by-key calls="60" renewal-period="60" counter-key="@(context.Request.IpAddress)" />`)
	count(rule.deny) == 0 with input as inp1
	inp2 := with_api_policy(`<quota-by-key calls="100" renewal-period="3600" counter-key="@(context.Subscription.Id)" />`)
	count(rule.deny) == 0 with input as inp2
	inp3 := with_api_policy(`<llm-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="5000" />`)
	count(rule.deny) == 0 with input as inp3
}

test_bare_plus_keyed_passes if {
	inp := with_api_policy(`<rate-limit calls="600" renewal-period="60" /><rate-limit-by-key calls="60" renewal-period="60" counter-key="@(context.Request.IpAddress)" />`)
	count(rule.deny) == 0 with input as inp
}

test_no_limit_is_api_002s_finding if {
	inp := with_api_policy(`<validate-jwt header-name="Authorization" />`)
	count(rule.deny) == 0 with input as inp
}

test_global_bare_limit_reported_once_for_all_apis if {
	g := pol("g", apim.service_policy_type, "apim/policy", xml(`<rate-limit calls="1000" renewal-period="60" />`))
	inp := lib.mock_edges([svc, api("a"), api("b"), g], [edge("a", "svc", "parent"), edge("b", "svc", "parent"), edge("g", "svc", "parent")])
	fs := rule.deny with input as inp
	count(fs) == 1
	some f in fs
	f.resource == "g"
	contains(f.message, `"apim/a"`)
	contains(f.message, `"apim/b"`)
}

test_global_bare_with_keyed_api_policy if {
	g := pol("g", apim.service_policy_type, "apim/policy", xml(`<rate-limit calls="1000" renewal-period="60" />`))
	p := pol("p", apim.api_policy_type, "apim/a/policy", xml(`<rate-limit-by-key calls="60" renewal-period="60" counter-key="@(context.Subscription.Id)" />`))
	inp := lib.mock_edges([svc, api("a"), api("b"), g, p], [edge("a", "svc", "parent"), edge("b", "svc", "parent"), edge("g", "svc", "parent"), edge("p", "a", "parent")])
	fs := rule.deny with input as inp
	count(fs) == 1
	some f in fs
	not contains(f.message, `"apim/a"`)
}

test_unreadable_policy_does_not_fire if {
	g := pol("g", apim.service_policy_type, "apim/policy", xml(`<rate-limit calls="1000" renewal-period="60" />`))
	p := pol("p", apim.api_policy_type, "apim/a/policy", {"$unresolved": "loadTextContent('a.xml')"})
	inp := lib.mock_edges([svc, api("a"), g, p], [edge("a", "svc", "parent"), edge("g", "svc", "parent"), edge("p", "a", "parent")])
	count(rule.deny) == 0 with input as inp
}
