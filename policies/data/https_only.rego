# METADATA
# title: Traffic is HTTPS only
# description: >-
#   Chapter 6 encrypts data in transit: enforce HTTPS. Prompts, completions, datasets and model
#   artifacts sent over plain HTTP can be read and altered on the way. Storage accounts must not
#   accept HTTP (supportsHttpsTrafficOnly not false; the API default is true from 2019-04-01 and
#   false before it), App Service / Function apps must set httpsOnly (default false), and a
#   Kubernetes Ingress that routes to an inference workload must terminate TLS for every host it
#   serves.
# custom:
#   id: AIP-DATA-002
#   severity: high
#   pillar: data
#   checklist: encrypted
#   formats: [arm, bicep, terraform, kubernetes]
#   fix: Enforce HTTPS and terminate TLS at the ingress.
package aipolicy.rules.data.https_only

import data.aipolicy.lib
import rego.v1

https_path := ["properties", "supportsHttpsTrafficOnly"]

# supportsHttpsTrafficOnly defaults to true from API version 2019-04-01.
storage_default(r) := false if {
	v := object.get(r, "apiVersion", "")
	is_string(v)
	v != ""
	v < "2019-04-01"
} else := true

deny contains f if {
	some r in lib.resources("Microsoft.Storage/storageAccounts")
	v := lib.get(r, https_path, storage_default(r))
	lib.falsy(v)
	f := lib.finding(r, at(r, https_path), sprintf("storage account %q accepts plain HTTP requests (supportsHttpsTrafficOnly %v)", [lib.text(r._meta.name), v]))
}

deny contains f if {
	some r in lib.resources_of({"Microsoft.Web/sites", "Microsoft.Web/sites/slots"})
	v := lib.get(r, ["properties", "httpsOnly"], false)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(r, at(r, ["properties", "httpsOnly"]), sprintf("app %q accepts plain HTTP requests (httpsOnly %v)", [lib.text(r._meta.name), v]))
}

# Ingresses in front of inference workloads.
deny contains f if {
	some ing in lib.resources("k8s:networking.k8s.io/Ingress")
	some w in backends(ing)
	lib.is_inference(w)
	tls := lib.get(ing, ["spec", "tls"], [])
	lib.known(tls)
	lib.empty(tls) # `tls:` left empty is null; count(null) fails the rule in regorus
	f := lib.finding(ing, "spec", sprintf("Ingress %q routes to inference workload %q without TLS (no spec.tls)", [lib.text(ing._meta.name), lib.text(w._meta.name)]))
}

deny contains f if {
	some ing in lib.resources("k8s:networking.k8s.io/Ingress")
	inference_ingress(ing)
	tls := lib.get(ing, ["spec", "tls"], [])
	is_array(tls)
	count(tls) > 0
	rules := lib.get(ing, ["spec", "rules"], [])
	is_array(rules)
	some i, rule in rules
	is_object(rule)
	host := object.get(rule, "host", "")
	is_string(host)
	host != ""
	not covered(host, tls)
	f := lib.finding(ing, sprintf("spec.rules[%d].host", [i]), sprintf("Ingress %q serves host %q without a TLS certificate for it", [lib.text(ing._meta.name), lib.text(host)]))
}

inference_ingress(ing) if {
	some w in backends(ing)
	lib.is_inference(w)
}

# Workloads behind an Ingress: routed to a Service (routes edge) that selects them, or selected directly.
backends(ing) := {w |
	some id in lib.targets_of(ing, "routes")
	some w in lib.selected(lib.resource(id))
} | lib.selected(ing)

covered(host, tls) if {
	some t in tls
	lib.unresolved(t)
}

covered(host, tls) if {
	some t in tls
	is_object(t)
	hosts := object.get(t, "hosts", [])
	is_array(hosts)
	some h in hosts
	host_match(h, host)
}

host_match(h, host) if {
	is_string(h)
	lower(h) == lower(host)
}

host_match(h, host) if lib.unresolved(h)

host_match(h, host) if {
	is_string(h)
	startswith(h, "*.")
	suffix := lower(substring(h, 1, -1))
	endswith(lower(host), suffix)
	not contains(trim_suffix(lower(host), suffix), ".")
}

at(r, p) := lib.path_str(p) if lib.present(r, p)

else := ""
