package aipolicy.rules.api.inference_auth_test

import data.aipolicy.apim
import data.aipolicy.lib
import data.aipolicy.rules.api.inference_auth as rule
import rego.v1

svc := {"_meta": {"id": "svc", "type": apim.service_type, "name": "apim"}, "properties": {}}

api(props) := {"_meta": {"id": "api", "type": apim.api_type, "name": "apim/openai"}, "properties": props}

pol(id, t, name, xml) := {"_meta": {"id": id, "type": t, "name": name}, "properties": {"format": "rawxml", "value": xml}}

jwt := `<policies><inbound><base /><validate-jwt header-name="Authorization" failed-validation-httpcode="401"><openid-config url="https://login.microsoftonline.com/t/v2.0/.well-known/openid-configuration" /></validate-jwt></inbound></policies>`

edge(from, to, kind) := {"from": from, "to": to, "kind": kind}

test_open_api_without_token_validation_fails if {
	inp := lib.mock_edges([svc, api({"subscriptionRequired": false})], [edge("api", "svc", "parent")])
	fs := rule.deny with input as inp
	count(fs) == 1
	some f in fs
	f.resource == "api"
	f.path == "properties.subscriptionRequired"
}

test_subscription_required_default_passes if {
	inp := lib.mock([api({})])
	count(rule.deny) == 0 with input as inp
}

test_string_false_counts if {
	inp := lib.mock([api({"subscriptionRequired": "false"})])
	count(rule.deny) == 1 with input as inp
}

test_unresolved_subscription_required_does_not_fire if {
	inp := lib.mock([api({"subscriptionRequired": {"$unresolved": "var.sub"}})])
	count(rule.deny) == 0 with input as inp
}

test_api_policy_with_jwt_passes if {
	p := pol("p", apim.api_policy_type, "apim/openai/policy", jwt)
	inp := lib.mock_edges([svc, api({"subscriptionRequired": false}), p], [edge("api", "svc", "parent"), edge("p", "api", "parent")])
	count(rule.deny) == 0 with input as inp
}

test_terraform_policy_of_edge_passes if {
	p := pol("p", apim.api_policy_type, "apim/openai/policy", `<policies><inbound><validate-azure-ad-token tenant-id="t" /></inbound></policies>`)
	inp := lib.mock_edges([api({"subscriptionRequired": false}), p], [edge("p", "api", "policy_of")])
	count(rule.deny) == 0 with input as inp
}

test_service_policy_covers if {
	p := pol("g", apim.service_policy_type, "apim/policy", jwt)
	inp := lib.mock_edges([svc, api({"subscriptionRequired": false}), p], [edge("api", "svc", "parent"), edge("g", "svc", "parent")])
	count(rule.deny) == 0 with input as inp
}

test_service_policy_by_name_without_service if {
	p := pol("g", apim.service_policy_type, "apim/policy", jwt)
	inp := lib.mock([api({"subscriptionRequired": false}), p])
	count(rule.deny) == 0 with input as inp
}

test_inline_service_policy_covers if {
	s := object.union(svc, {"properties": {"policy": {"format": "rawxml", "value": jwt}}})
	inp := lib.mock_edges([s, api({"subscriptionRequired": false})], [edge("api", "svc", "parent")])
	count(rule.deny) == 0 with input as inp
}

test_product_policy_covers if {
	prod := {"_meta": {"id": "prod", "type": "Microsoft.ApiManagement/service/products", "name": "apim/ai"}, "properties": {}}
	link := {"_meta": {"id": "link", "type": "Microsoft.ApiManagement/service/products/apis", "name": "apim/ai/openai"}}
	p := pol("pp", apim.product_policy_type, "apim/ai/policy", jwt)
	inp := lib.mock_edges(
		[svc, api({"subscriptionRequired": false}), prod, link, p],
		[edge("api", "svc", "parent"), edge("link", "prod", "parent"), edge("pp", "prod", "parent")],
	)
	count(rule.deny) == 0 with input as inp
}

test_commented_out_jwt_fails if {
	p := pol("p", apim.api_policy_type, "apim/openai/policy", `<policies><inbound><!-- <validate-jwt header-name="Authorization" /> --></inbound></policies>`)
	inp := lib.mock_edges([api({"subscriptionRequired": false}), p], [edge("p", "api", "parent")])
	count(rule.deny) == 1 with input as inp
}

test_unreadable_policy_does_not_fire if {
	p := pol("p", apim.api_policy_type, "apim/openai/policy", {"$unresolved": "loadTextContent('policy.xml')"})
	inp := lib.mock_edges([api({"subscriptionRequired": false}), p], [edge("p", "api", "parent")])
	count(rule.deny) == 0 with input as inp
}

test_policy_link_does_not_fire if {
	p := {"_meta": {"id": "p", "type": apim.api_policy_type, "name": "apim/openai/policy"}, "properties": {"format": "rawxml-link", "value": "https://example.com/p.xml"}}
	inp := lib.mock_edges([api({"subscriptionRequired": false}), p], [edge("p", "api", "parent")])
	count(rule.deny) == 0 with input as inp
}

# ── Kubernetes ──

vllm := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]}}},
}

web := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "web", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": [{"name": "web", "image": "nginx:1.27"}]}}},
}

k8s_svc := {"_meta": {"id": "s", "type": "k8s:core/Service", "name": "llm"}, "kind": "Service", "spec": {}}

ingress(annotations) := {
	"_meta": {"id": "i", "type": "k8s:networking.k8s.io/Ingress", "name": "llm"},
	"kind": "Ingress",
	"metadata": {"annotations": annotations},
}

routed := [edge("i", "s", "routes"), edge("s", "w", "selects")]

test_ingress_without_auth_fails if {
	inp := lib.mock_edges([vllm, k8s_svc, ingress({"nginx.ingress.kubernetes.io/limit-rps": "5"})], routed)
	some f in rule.deny with input as inp
	f.resource == "i"
}

test_ingress_no_annotations_fails if {
	ing := {"_meta": {"id": "i", "type": "k8s:networking.k8s.io/Ingress", "name": "llm"}, "kind": "Ingress"}
	inp := lib.mock_edges([vllm, k8s_svc, ing], routed)
	count(rule.deny) == 1 with input as inp
}

test_ingress_auth_url_passes if {
	inp := lib.mock_edges([vllm, k8s_svc, ingress({"nginx.ingress.kubernetes.io/auth-url": "https://oauth2-proxy.auth.svc/oauth2/auth"})], routed)
	count(rule.deny) == 0 with input as inp
}

test_ingress_auth_middleware_passes if {
	inp := lib.mock_edges([vllm, k8s_svc, ingress({"traefik.ingress.kubernetes.io/router.middlewares": "auth-oauth2@kubernetescrd"})], routed)
	count(rule.deny) == 0 with input as inp
}

test_ingress_other_middleware_fails if {
	inp := lib.mock_edges([vllm, k8s_svc, ingress({"traefik.ingress.kubernetes.io/router.middlewares": "default-compress@kubernetescrd"})], routed)
	count(rule.deny) == 1 with input as inp
}

test_ingress_to_non_inference_passes if {
	inp := lib.mock_edges([web, k8s_svc, ingress({})], routed)
	count(rule.deny) == 0 with input as inp
}

test_ingress_unresolved_annotation_passes if {
	inp := lib.mock_edges([vllm, k8s_svc, ingress({"nginx.ingress.kubernetes.io/auth-url": {"$unresolved": "var.auth_url"}})], routed)
	count(rule.deny) == 0 with input as inp
}
