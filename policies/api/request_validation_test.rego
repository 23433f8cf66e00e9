package aipolicy.rules.api.request_validation_test

import data.aipolicy.apim
import data.aipolicy.lib
import data.aipolicy.rules.api.request_validation as rule
import rego.v1

api(url) := {"_meta": {"id": "api", "type": apim.api_type, "name": "apim/chat"}, "properties": {"serviceUrl": url}}

aoai := "https://oai-chat.openai.azure.com/openai"

pol(xml) := {"_meta": {"id": "p", "type": apim.api_policy_type, "name": "apim/chat/policy"}, "properties": {"format": "rawxml", "value": xml}}

xml(inner) := sprintf("<policies><inbound><base />%s</inbound></policies>", [inner])

covered(a, inner) := lib.mock_edges([a, pol(xml(inner))], [{"from": "p", "to": "api", "kind": "parent"}])

test_ai_api_without_validation_fails if {
	inp := covered(api(aoai), `<rate-limit-by-key calls="5" renewal-period="1" counter-key="@(context.Subscription.Id)" />`)
	fs := rule.deny with input as inp
	count(fs) == 1
	some f in fs
	f.resource == "api"
}

test_ai_api_without_any_policy_fails if {
	inp := lib.mock([api("https://ml-ep.westeurope.inference.ml.azure.com/score")])
	count(rule.deny) == 1 with input as inp
}

test_validate_content_with_max_size_passes if {
	inp := covered(api(aoai), `<validate-content unspecified-content-type-action="prevent" max-size="102400" size-exceeded-action="prevent"><content type="application/json" validate-as="json" action="prevent" /></validate-content>`)
	count(rule.deny) == 0 with input as inp
}

test_validate_content_without_max_size_fails if {
	inp := covered(api(aoai), `<validate-content unspecified-content-type-action="prevent"><content type="application/json" validate-as="json" action="prevent" /></validate-content>`)
	count(rule.deny) == 1 with input as inp
}

test_content_safety_passes if {
	inp := covered(api(aoai), `<llm-content-safety backend-id="content-safety" shield-prompt="true" />`)
	count(rule.deny) == 0 with input as inp
}

test_validate_parameters_passes if {
	inp := covered(api(aoai), `<validate-parameters specified-parameter-action="prevent" unspecified-parameter-action="prevent" errors-variable-name="e" />`)
	count(rule.deny) == 0 with input as inp
}

test_non_ai_api_passes if {
	inp := lib.mock([api("https://orders.contoso.com/api")])
	count(rule.deny) == 0 with input as inp
}

test_ai_detected_from_policy if {
	inp := covered(api({"$unresolved": "backendUrl"}), `<set-backend-service base-url="https://oai-chat.openai.azure.com/openai" />`)
	count(rule.deny) == 1 with input as inp
	inp2 := covered(api(""), `<azure-openai-token-limit counter-key="@(context.Subscription.Id)" tokens-per-minute="1000" />`)
	count(rule.deny) == 1 with input as inp2
}

test_ai_detected_from_backend if {
	b := {"_meta": {"id": "b", "type": "Microsoft.ApiManagement/service/backends", "name": "apim/aoai"}, "properties": {"url": aoai}}
	inp := lib.mock_edges([api(""), b, pol(xml(`<set-backend-service backend-id="aoai" />`))], [{"from": "p", "to": "api", "kind": "parent"}])
	count(rule.deny) == 1 with input as inp
}

test_unreadable_policy_does_not_fire if {
	inp := lib.mock_edges([api(aoai), pol({"$unresolved": "loadTextContent('p.xml')"})], [{"from": "p", "to": "api", "kind": "parent"}])
	count(rule.deny) == 0 with input as inp
}
