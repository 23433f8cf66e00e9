# METADATA
# title: Inference APIs are rate limited
# description: >-
#   Chapter 6 answers model abuse and overuse with authentication plus rate limiting: an inference
#   API without limits lets one caller exhaust GPU or token capacity (and the budget) for everyone.
#   Each API Management API must be covered, by its own, a product's or the service-wide policy, by
#   rate-limit, rate-limit-by-key, quota, quota-by-key, azure-openai-token-limit or llm-token-limit;
#   an Ingress that routes to an inference workload must carry rate-limit annotations.
# custom:
#   id: AIP-API-002
#   severity: high
#   pillar: api
#   checklist: rate-limit-and-auth
#   formats: [arm, bicep, terraform, kubernetes]
#   fix: Add rate-limit-by-key or azure-openai-token-limit to the API's inbound policy.
package aipolicy.rules.api.rate_limit

import data.aipolicy.apim
import data.aipolicy.lib
import rego.v1

limit_elements := ["rate-limit", "rate-limit-by-key", "quota", "quota-by-key", "azure-openai-token-limit", "llm-token-limit"]

deny contains f if {
	some api in apim.apis
	not apim.unknown(api)
	not apim.covered_by(api, limit_elements)
	f := lib.finding(api, "", sprintf("API %q is not rate limited: no API, product or service policy applies rate-limit(-by-key), quota(-by-key), azure-openai-token-limit or llm-token-limit", [lib.text(api._meta.name)]))
}

# ── Kubernetes: Ingresses in front of inference workloads ──

deny contains f if {
	some ing in lib.resources("k8s:networking.k8s.io/Ingress")
	w := routed_inference(ing)
	not limited(ing)
	f := lib.finding(ing, "metadata.annotations", sprintf("Ingress %q routes to inference workload %q without rate limiting (add nginx.ingress.kubernetes.io/limit-rps, limit-rpm or limit-connections)", [lib.text(ing._meta.name), lib.text(w._meta.name)]))
}

# The first inference workload (by id) an Ingress routes to through a Service.
routed_inference(ing) := input.resources[first] if {
	ids := {w._meta.id |
		some sid in lib.targets_of(ing, "routes")
		some w in lib.selected(input.resources[sid])
		lib.is_inference(w)
	}
	count(ids) > 0
	first := min(ids)
}

# The annotations read once: where they (or metadata) are unresolved the first test holds, so the
# second reads plain keys of a known object, as lib.get of each annotation would.
limited(ing) if {
	ann := lib.get(ing, ["metadata", "annotations"], {})
	limited_by(ann)
}

limited_by(ann) if {
	lib.unresolved(ann)
} else if {
	is_object(ann)
	some a in lib.common("ingress_rate_limit_annotations")
	positive(object.get(ann, a, ""))
}

positive(v) if lib.unresolved(v)

positive(v) if lib.number(v) > 0
