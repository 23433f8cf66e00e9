package aipolicy.rules.api.rate_limit_test

import data.aipolicy.apim
import data.aipolicy.lib
import data.aipolicy.rules.api.rate_limit as rule
import rego.v1

svc := {"_meta": {"id": "svc", "type": apim.service_type, "name": "apim"}, "properties": {}}

api := {"_meta": {"id": "api", "type": apim.api_type, "name": "apim/openai"}, "properties": {}}

pol(id, t, name, xml) := {"_meta": {"id": id, "type": t, "name": name}, "properties": {"format": "rawxml", "value": xml}}

edge(from, to, kind) := {"from": from, "to": to, "kind": kind}

xml(inner) := sprintf("<policies><inbound><base />%s</inbound><backend><base /></backend></policies>", [inner])

test_api_without_policy_fails if {
	inp := lib.mock_edges([svc, api], [edge("api", "svc", "parent")])
	fs := rule.deny with input as inp
	count(fs) == 1
	some f in fs
	f.resource == "api"
}

test_policy_without_limit_fails if {
	p := pol("p", apim.api_policy_type, "apim/openai/policy", xml(`<validate-jwt header-name="Authorization" />`))
	inp := lib.mock_edges([svc, api, p], [edge("api", "svc", "parent"), edge("p", "api", "parent")])
	count(rule.deny) == 1 with input as inp
}

test_each_limit_element_passes if {
	every el in rule.limit_elements {
		p := pol("p", apim.api_policy_type, "apim/openai/policy", xml(sprintf(`<%s calls="10" renewal-period="60" counter-key="@(context.Subscription.Id)" />`, [el])))
		inp := lib.mock_edges([svc, api, p], [edge("api", "svc", "parent"), edge("p", "api", "parent")])
		count(rule.deny) == 0 with input as inp
	}
}

test_global_policy_covers if {
	g := pol("g", apim.service_policy_type, "apim/policy", xml(`<rate-limit calls="100" renewal-period="60" />`))
	inp := lib.mock_edges([svc, api, g], [edge("api", "svc", "parent"), edge("g", "svc", "policy_of")])
	count(rule.deny) == 0 with input as inp
}

test_product_policy_covers_via_terraform_link if {
	prod := {"_meta": {"id": "prod", "type": "terraform:azurerm_api_management_product", "name": "ai"}}
	link := {"_meta": {"id": "link", "type": "terraform:azurerm_api_management_product_api", "name": "ai"}}
	p := pol("pp", apim.product_policy_type, "apim/ai/policy", xml(`<quota-by-key calls="1000" renewal-period="86400" counter-key="@(context.Subscription.Id)" />`))
	inp := lib.mock_edges([svc, api, prod, link, p], [
		edge("api", "svc", "parent"), edge("link", "api", "reference"),
		edge("link", "prod", "reference"), edge("pp", "prod", "policy_of"),
	])
	count(rule.deny) == 0 with input as inp
}

test_product_policy_of_other_product_does_not_cover if {
	prod := {"_meta": {"id": "prod", "type": "Microsoft.ApiManagement/service/products", "name": "apim/ai"}}
	p := pol("pp", apim.product_policy_type, "apim/ai/policy", xml(`<rate-limit calls="10" renewal-period="60" />`))
	inp := lib.mock_edges([svc, api, prod, p], [edge("api", "svc", "parent"), edge("pp", "prod", "parent")])
	count(rule.deny) == 1 with input as inp
}

test_unreadable_policy_does_not_fire if {
	p := pol("p", apim.api_policy_type, "apim/openai/policy", {"$unresolved": "file(\"policy.xml\")"})
	inp := lib.mock_edges([svc, api, p], [edge("api", "svc", "parent"), edge("p", "api", "parent")])
	count(rule.deny) == 0 with input as inp
}

# ── Kubernetes ──

vllm := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "llm", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": [{"name": "vllm", "image": "vllm/vllm-openai:v0.6.3"}]}}},
}

k8s_svc := {"_meta": {"id": "s", "type": "k8s:core/Service", "name": "llm"}, "kind": "Service", "spec": {}}

ingress(annotations) := {
	"_meta": {"id": "i", "type": "k8s:networking.k8s.io/Ingress", "name": "llm"},
	"kind": "Ingress",
	"metadata": {"annotations": annotations},
}

routed := [edge("i", "s", "routes"), edge("s", "w", "selects")]

test_ingress_without_limit_fails if {
	inp := lib.mock_edges([vllm, k8s_svc, ingress({"nginx.ingress.kubernetes.io/auth-url": "https://auth"})], routed)
	some f in rule.deny with input as inp
	f.resource == "i"
	f.path == "metadata.annotations"
}

test_ingress_limit_rps_passes if {
	inp := lib.mock_edges([vllm, k8s_svc, ingress({"nginx.ingress.kubernetes.io/limit-rps": "10"})], routed)
	count(rule.deny) == 0 with input as inp
}

test_ingress_limit_zero_fails if {
	inp := lib.mock_edges([vllm, k8s_svc, ingress({"nginx.ingress.kubernetes.io/limit-connections": "0"})], routed)
	count(rule.deny) == 1 with input as inp
}

test_ingress_unresolved_limit_passes if {
	inp := lib.mock_edges([vllm, k8s_svc, ingress({"nginx.ingress.kubernetes.io/limit-rpm": {"$unresolved": "var.rpm"}})], routed)
	count(rule.deny) == 0 with input as inp
}

test_ingress_to_other_workload_passes if {
	inp := lib.mock_edges([k8s_svc, ingress({})], [edge("i", "s", "routes")])
	count(rule.deny) == 0 with input as inp
}
