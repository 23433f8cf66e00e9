# METADATA
# title: AI services and data stores are reached through private endpoints
# description: >-
#   Chapter 6's checklist asks for deployment in a private VNet, and its endpoint example allows
#   access only through the private VNet. Denying public access is half of that; the other half is
#   a private endpoint that gives the AI service or data store an address inside the VNet. For every
#   Cognitive Services / Azure OpenAI account, ML workspace, storage account, key vault, container
#   registry and search service in the scanned set there must be a private endpoint whose private
#   link service connection points at it (a private_endpoint graph edge, across files and formats).
#   Not applied to Azure ML YAML workspaces: that format cannot declare private endpoints. When a
#   private endpoint's target cannot be resolved, no resource is reported.
# custom:
#   id: AIP-NET-003
#   severity: medium
#   pillar: network
#   checklist: private-network
#   formats: [arm, bicep, terraform]
#   fix: Add a private endpoint (and a private DNS zone group) for the resource.
package aipolicy.rules.network.private_endpoint

import data.aipolicy.lib
import rego.v1

types := {
	"Microsoft.CognitiveServices/accounts",
	"Microsoft.MachineLearningServices/workspaces",
	"Microsoft.Storage/storageAccounts",
	"Microsoft.KeyVault/vaults",
	"Microsoft.ContainerRegistry/registries",
	"Microsoft.Search/searchServices",
}

endpoint_type := "Microsoft.Network/privateEndpoints"

deny contains f if {
	not unknown_endpoint
	some r in lib.resources_of(types)
	r._meta.format != "aml"
	not linked[r._meta.id]
	f := lib.finding(r, "", sprintf("%s %q has no private endpoint in the scanned configuration", [r._meta.type, lib.text(r._meta.name)]))
}

# Resources a private endpoint points at: built once from the edges, looked up per resource.
linked := {p[1] | some p in lib.edge_pairs("private_endpoint")}

connection_fields := ["privateLinkServiceConnections", "manualPrivateLinkServiceConnections"]

# A private endpoint whose target is an unresolved expression the graph could not link: it may
# serve any of the resources, so none is reported.
unknown_endpoint if {
	some pe in lib.resources(endpoint_type)
	count(lib.edges_out(pe, "private_endpoint")) == 0
	some field in connection_fields
	conns := lib.get(pe, ["properties", field], [])
	unresolved_connection(conns)
}

unresolved_connection(conns) if {
	lib.unresolved(conns)
} else if {
	is_array(conns)
	some c in conns
	is_object(c) # lib.get fails on other values in regorus
	lib.unresolved(lib.get(c, ["properties", "privateLinkServiceId"], null))
}
