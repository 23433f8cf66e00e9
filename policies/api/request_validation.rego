# METADATA
# title: Requests are validated before they reach the model
# description: >-
#   Chapter 6 meets prompt injection and jailbreaks with input sanitization and parameter
#   validation, API-level filters that traditional firewalls do not provide. An API Management API
#   that fronts an AI backend (Azure OpenAI, AI Services, Azure ML online endpoints, OpenAI) must
#   check requests in its API, product or service policy before forwarding them: validate-content
#   with a max-size, llm-content-safety (prompt shields), or validate-parameters.
# custom:
#   id: AIP-API-004
#   severity: medium
#   pillar: api
#   checklist: prompt-injection-guardrails
#   formats: [arm, bicep, terraform]
#   fix: Add validate-content with a size limit and llm-content-safety (prompt shields) to the inbound policy.
package aipolicy.rules.api.request_validation

import data.aipolicy.apim
import data.aipolicy.lib
import rego.v1

# Hosts of AI backends (serviceUrl, set-backend-service base-url, backend url).
ai_hosts := [
	`\.openai\.azure\.com`,
	`\.cognitiveservices\.azure\.com`,
	`\.services\.ai\.azure\.com`,
	`\.inference\.ml\.azure\.com`,
	`\.models\.ai\.azure\.com`,
	`\.inference\.ai\.azure\.com`,
	`api\.openai\.com`,
]

ai_url(s) if {
	is_string(s)
	some h in ai_hosts
	regex.match(sprintf("(?i)%s", [h]), s)
}

# An API fronts an AI backend: its service URL, or a covering policy that routes or authenticates
# to one, or uses AI gateway policies.
ai_api(api) if ai_url(lib.get(api, ["properties", "serviceUrl"], ""))

ai_api(api) if {
	some d in apim.policies(api)
	ai_url(d.xml)
}

ai_api(api) if {
	some d in apim.policies(api)
	is_string(d.xml)
	regex.match(`<(azure-openai|llm)-[a-z-]+(\s|/|>)`, apim.clean(d.xml))
}

ai_api(api) if {
	some d in apim.policies(api)
	some b in lib.resources("Microsoft.ApiManagement/service/backends")
	ai_url(lib.get(b, ["properties", "url"], ""))
	backend := apim.last_name(b)
	some tag in apim.elements(d.xml, "set-backend-service")
	contains(tag, sprintf(`backend-id="%s"`, [backend]))
}

validated(api) if apim.covered_by(api, ["llm-content-safety", "validate-parameters"])

validated(api) if {
	some d in apim.policies(api)
	some tag in apim.elements(d.xml, "validate-content")
	regex.match(`\smax-size\s*=`, tag)
}

deny contains f if {
	some api in apim.apis
	ai_api(api)
	not apim.unknown(api)
	not validated(api)
	f := lib.finding(api, "", sprintf("API %q forwards requests to an AI backend unvalidated: add validate-content with max-size, llm-content-safety or validate-parameters to its policy", [lib.text(api._meta.name)]))
}
