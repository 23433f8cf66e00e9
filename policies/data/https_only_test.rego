package aipolicy.rules.data.https_only_test

import data.aipolicy.lib
import data.aipolicy.rules.data.https_only as rule
import rego.v1

storage(api, props) := {"_meta": {"id": "st", "type": "Microsoft.Storage/storageAccounts", "name": "st"}, "apiVersion": api, "properties": props}

site(props) := {"_meta": {"id": "app", "type": "Microsoft.Web/sites", "name": "app"}, "properties": props}

test_storage_http_fails if {
	inp := lib.mock([storage("2023-05-01", {"supportsHttpsTrafficOnly": false})])
	some f in rule.deny with input as inp
	f.path == "properties.supportsHttpsTrafficOnly"
}

test_storage_omitted_new_api_passes if {
	inp := lib.mock([storage("2019-04-01", {})])
	count(rule.deny) == 0 with input as inp
}

test_storage_omitted_old_api_fails if {
	inp := lib.mock([storage("2018-07-01", {})])
	some f in rule.deny with input as inp
	f.path == ""
}

test_storage_unresolved_does_not_fire if {
	inp := lib.mock([storage("2018-07-01", {"supportsHttpsTrafficOnly": {"$unresolved": "p"}})])
	count(rule.deny) == 0 with input as inp
}

test_site_https_only_missing_fails if {
	inp := lib.mock([site({})])
	count(rule.deny) == 1 with input as inp
}

test_site_https_only_true_passes if {
	inp := lib.mock([site({"httpsOnly": true})])
	count(rule.deny) == 0 with input as inp
}

test_site_unresolved_does_not_fire if {
	inp := lib.mock([site({"httpsOnly": {"$unresolved": "p"}})])
	count(rule.deny) == 0 with input as inp
}

triton := {
	"_meta": {"id": "w", "type": "k8s:apps/Deployment", "name": "triton", "pod_spec": ["spec", "template", "spec"]},
	"kind": "Deployment",
	"spec": {"template": {"spec": {"containers": [{"name": "triton", "image": "nvcr.io/nvidia/tritonserver:24.08-py3"}]}}},
}

ingress(spec) := {"_meta": {"id": "i", "type": "k8s:networking.k8s.io/Ingress", "name": "llm"}, "kind": "Ingress", "spec": spec}

sel := [{"from": "i", "to": "w", "kind": "selects"}]

test_ingress_without_tls_fails if {
	inp := lib.mock_edges([triton, ingress({"rules": [{"host": "llm.example.com"}]})], sel)
	some f in rule.deny with input as inp
	f.path == "spec"
}

test_ingress_host_not_covered_fails if {
	inp := lib.mock_edges([triton, ingress({"tls": [{"hosts": ["a.example.com"], "secretName": "a"}], "rules": [{"host": "a.example.com"}, {"host": "b.example.com"}]})], sel)
	some f in rule.deny with input as inp
	f.path == "spec.rules[1].host"
	count(rule.deny) == 1 with input as inp
}

test_ingress_wildcard_covers if {
	inp := lib.mock_edges([triton, ingress({"tls": [{"hosts": ["*.example.com"], "secretName": "w"}], "rules": [{"host": "llm.example.com"}]})], sel)
	count(rule.deny) == 0 with input as inp
}

test_ingress_to_non_inference_ignored if {
	web := json.patch(triton, [{"op": "replace", "path": "/spec/template/spec/containers/0/image", "value": "nginx:1.27"}])
	inp := lib.mock_edges([web, ingress({"rules": [{"host": "www.example.com"}]})], sel)
	count(rule.deny) == 0 with input as inp
}

svc := {"_meta": {"id": "s", "type": "k8s:core/Service", "name": "triton"}, "kind": "Service", "spec": {"selector": {"app": "triton"}}}

test_ingress_through_service_without_tls_fails if {
	inp := lib.mock_edges([triton, svc, ingress({"rules": [{"host": "llm.example.com"}]})], [{"from": "i", "to": "s", "kind": "routes"}, {"from": "s", "to": "w", "kind": "selects"}])
	some f in rule.deny with input as inp
	f.resource == "i"
}

# `tls:` left empty is null: no TLS (count(null) failed the rule in regorus).
test_ingress_null_tls_fails if {
	inp := lib.mock_edges([triton, ingress({"tls": null, "rules": [{"host": "llm.example.com"}]})], sel)
	some f in rule.deny with input as inp
	f.path == "spec"
}

# Rules, TLS entries and hosts of other shapes are skipped instead of failing the rule.
test_ingress_odd_shapes_skipped if {
	inp := lib.mock_edges([triton, ingress({"tls": [{"hosts": ["a.example.com"]}], "rules": "x"})], sel)
	count(rule.deny) == 0 with input as inp
	inp2 := lib.mock_edges([triton, ingress({"tls": ["x", {"hosts": "b.example.com"}, {"hosts": [7, "a.example.com"]}], "rules": [7, {"host": "a.example.com"}, {"host": "b.example.com"}]})], sel)
	{f.path | some f in rule.deny} == {"spec.rules[2].host"} with input as inp2
}
