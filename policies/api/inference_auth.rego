# METADATA
# title: Inference APIs require authentication
# description: >-
#   Chapter 6: never expose model endpoints without authentication, and pair auth with rate
#   limiting against abuse. An API Management API that does not require a subscription key must
#   validate tokens instead (validate-jwt or validate-azure-ad-token in the API, product or
#   service policy); otherwise anyone who finds the gateway URL can call the model. An Ingress
#   that routes to an inference workload must put authentication in front of it (auth-url /
#   auth-type annotations, an oauth2-proxy or auth middleware).
# custom:
#   id: AIP-API-001
#   severity: high
#   pillar: api
#   checklist: rate-limit-and-auth
#   formats: [arm, bicep, terraform, kubernetes]
#   fix: Require a subscription key or validate Entra ID tokens at the gateway.
package aipolicy.rules.api.inference_auth

import data.aipolicy.apim
import data.aipolicy.lib
import rego.v1

token_elements := ["validate-jwt", "validate-azure-ad-token"]

deny contains f if {
	some api in apim.apis
	v := lib.get(api, ["properties", "subscriptionRequired"], true)
	lib.falsy(v)
	not apim.unknown(api)
	not apim.covered_by(api, token_elements)
	f := lib.finding(api, "properties.subscriptionRequired", sprintf("API %q requires no subscription key and no policy validates a token (validate-jwt / validate-azure-ad-token): the model behind it is callable anonymously", [lib.text(api._meta.name)]))
}

# ── Kubernetes: Ingresses in front of inference workloads ──

deny contains f if {
	some ing in lib.resources("k8s:networking.k8s.io/Ingress")
	w := routed_inference(ing)
	not authenticated(ing)
	f := lib.finding(ing, "metadata.annotations", sprintf("Ingress %q routes to inference workload %q without authentication (add an auth-url / auth-type annotation or an auth middleware)", [lib.text(ing._meta.name), lib.text(w._meta.name)]))
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

annotations(ing) := lib.get(ing, ["metadata", "annotations"], {})

# The annotations read once: where they (or metadata) are unresolved the first test holds, so the
# others read plain keys of a known object, as lib.get of each annotation would.
authenticated(ing) if {
	ann := annotations(ing)
	authenticated_by(ann)
}

authenticated_by(ann) if {
	lib.unresolved(ann)
} else if {
	is_object(ann)
	some a in lib.common("ingress_auth_annotations")
	set_value(object.get(ann, a, ""))
} else if {
	is_object(ann)
	some a in lib.common("ingress_auth_middleware_annotations")
	v := object.get(ann, a, "")
	is_string(v)
	contains(lower(v), "auth")
} else if {
	is_object(ann)
	some a in lib.common("ingress_auth_middleware_annotations")
	lib.unresolved(object.get(ann, a, ""))
}

set_value(v) if lib.unresolved(v)

set_value(v) if {
	is_string(v)
	trim_space(v) != ""
}
