# API Management helpers shared by the API protection controls (AIP-API-001..004): which policy
# XML documents cover an API (its own policy, the policies of the products it belongs to, the
# service-wide policy), and element tests on that XML.
package aipolicy.apim

import data.aipolicy.lib
import rego.v1

api_type := "Microsoft.ApiManagement/service/apis"

service_type := "Microsoft.ApiManagement/service"

api_policy_type := "Microsoft.ApiManagement/service/apis/policies"

product_policy_type := "Microsoft.ApiManagement/service/products/policies"

service_policy_type := "Microsoft.ApiManagement/service/policies"

product_types := {"Microsoft.ApiManagement/service/products", "terraform:azurerm_api_management_product"}

product_link_types := {"Microsoft.ApiManagement/service/products/apis", "terraform:azurerm_api_management_product_api"}

apis := lib.resources(api_type)

# What a policy resource governs: its parent, or the API/product/service it names (policy_of).
governs(p) := lib.targets_of(p, "parent") | lib.targets_of(p, "policy_of")

name_parts(r) := split(r._meta.name, "/")

service_name(r) := name_parts(r)[0]

last_name(r) := n if {
	parts := name_parts(r)
	n := parts[count(parts) - 1]
}

# The service of an API: its parent edge (ARM child, Terraform api_management_name).
services(api) := {id | some id in lib.targets_of(api, "parent"); input.resources[id]._meta.type == service_type}

# Products an API belongs to, through products/apis links (edge to the API, or the API's name).
products(api) := {prod |
	some l in lib.resources_of(product_link_types)
	linked(l, api)
	some prod in all_targets(l)
	input.resources[prod]._meta.type in product_types
}

all_targets(r) := {e.to | some e in object.get(input.edges.out, r._meta.id, [])}

linked(l, api) if api._meta.id in all_targets(l)

linked(l, api) if {
	l._meta.type == "Microsoft.ApiManagement/service/products/apis"
	service_name(l) == service_name(api)
	last_name(l) == last_name(api)
}

# Policy documents covering an API: {"resource", "path", "scope", "xml"} (xml may be unresolved).
policies(api) := api_policies(api) | product_policies(api) | service_policies(api) | inline_policies(api)

api_policies(api) := {doc(p, "properties.value", "API") |
	some p in lib.resources(api_policy_type)
	api._meta.id in governs(p)
}

product_policies(api) := {doc(p, "properties.value", "product") |
	some p in lib.resources(product_policy_type)
	some prod in products(api)
	prod in governs(p)
}

service_policies(api) := {doc(p, "properties.value", "service") |
	some p in lib.resources(service_policy_type)
	covers_service(p, api)
}

covers_service(p, api) if {
	some s in services(api)
	s in governs(p)
}

# Without a declared service, the service-wide policy is matched by the service name.
covers_service(p, api) if {
	count(services(api)) == 0
	count(governs(p)) == 0
	service_name(p) == service_name(api)
}

# azurerm 3.x inline `policy` block of azurerm_api_management.
inline_policies(api) := {doc(s, "properties.policy.value", "service") |
	some id in services(api)
	s := input.resources[id]
	lib.present(s, ["properties", "policy"])
}

doc(r, path, scope) := {"resource": r, "path": path, "scope": scope, "xml": xml_text(r, path)}

xml_text(r, "properties.value") := lib.get(r, ["properties", "value"], "")

xml_text(r, "properties.policy.value") := lib.get(r, ["properties", "policy", "value"], "")

# A policy whose content cannot be read statically: an unresolved value, or a link to a file.
opaque(d) if lib.unresolved(d.xml)

opaque(d) if {
	is_string(d.xml)
	regex.match(`^\s*https?://`, d.xml)
}

opaque(d) if {
	fmt := lib.get(d.resource, ["properties", "format"], "xml")
	is_string(fmt)
	endswith(lower(fmt), "-link")
}

# Some covering policy cannot be read: controls do not fire on the API.
unknown(api) if {
	some d in policies(api)
	opaque(d)
}

# XML without comments.
clean(xml) := regex.replace(xml, `(?s)<!--.*?-->`, "")

# has_element(xml, name): the XML uses the policy element `name`.
has_element(xml, name) if {
	is_string(xml)
	regex.match(sprintf(`<%s(\s|/|>)`, [name]), clean(xml))
}

# elements(xml, name): the start tags of the element (attributes included).
elements(xml, name) := regex.find_n(sprintf(`<%s(\s[^>]*)?/?>`, [name]), clean(xml), -1) if is_string(xml)

else := []

covered_by(api, names) if {
	some d in policies(api)
	some n in names
	has_element(d.xml, n)
}
