# METADATA
# title: Limits are per caller, against model extraction
# description: >-
#   Chapter 6 counters model extraction (stealing) by limiting requests per IP or token: a single
#   global counter (rate-limit, quota) throttles everyone together, so one caller can still harvest
#   the model's answers at the full shared rate or starve the others. When an API Management API is
#   rate limited (AIP-API-002), at least one of its limits must be keyed per caller:
#   rate-limit-by-key, quota-by-key, or azure-openai-token-limit / llm-token-limit with a
#   counter-key. The finding sits on the policy that holds the bare limit.
# custom:
#   id: AIP-API-003
#   severity: medium
#   pillar: api
#   checklist: rate-limit-and-auth
#   formats: [arm, bicep, terraform]
#   fix: Key limits on the subscription, client IP or token subject.
package aipolicy.rules.api.per_caller_limits

import data.aipolicy.apim
import data.aipolicy.lib
import rego.v1

limit_elements := ["rate-limit", "rate-limit-by-key", "quota", "quota-by-key", "azure-openai-token-limit", "llm-token-limit"]

token_limits := ["azure-openai-token-limit", "llm-token-limit"]

keyed(api) if apim.covered_by(api, ["rate-limit-by-key", "quota-by-key"])

keyed(api) if {
	some d in apim.policies(api)
	some el in token_limits
	some tag in apim.elements(d.xml, el)
	regex.match(`\scounter-key\s*=`, tag)
}

# A limit in this document that is not keyed per caller.
bare(d) if apim.has_element(d.xml, "rate-limit")

bare(d) if apim.has_element(d.xml, "quota")

bare(d) if {
	some el in token_limits
	some tag in apim.elements(d.xml, el)
	not regex.match(`\scounter-key\s*=`, tag)
}

offenders contains {"id": d.resource._meta.id, "path": d.path, "api": api._meta.name} if {
	some api in apim.apis
	not apim.unknown(api)
	apim.covered_by(api, limit_elements)
	not keyed(api)
	some d in apim.policies(api)
	bare(d)
}

deny contains f if {
	some o in offenders
	names := sort({x.api | some x in offenders; x.id == o.id; x.path == o.path})
	r := input.resources[o.id]
	f := lib.finding(r, o.path, sprintf("policy %q limits %s with a shared counter only (rate-limit / quota); key a limit per caller (rate-limit-by-key, quota-by-key or a token limit with counter-key)", [lib.text(r._meta.name), concat(", ", [sprintf("API %q", [n]) | some n in names])]))
}
