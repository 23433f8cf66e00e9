# METADATA
# title: AI services and data stores deny public network access
# description: >-
#   Chapter 6 names data leakage (PII and intellectual property) as a risk that is specific to AI
#   and answers it with environment isolation: VNets, NSGs and separate workspaces. A model
#   service, workspace, registry, key vault, search index or storage account that accepts traffic
#   from any network exposes prompts, training data and model weights beyond the private VNet.
#   Each of these resources must disable public network access or set its network ACL's default
#   action to Deny (in Terraform a separate azurerm_storage_account_network_rules resource counts);
#   an omitted publicNetworkAccess is Enabled.
# custom:
#   id: AIP-NET-002
#   severity: high
#   pillar: network
#   checklist: private-network
#   formats: [arm, bicep, terraform, aml]
#   fix: Disable public access and use private endpoints.
package aipolicy.rules.network.public_network_access

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

deny contains f if {
	some r in lib.resources_of(types)
	pna := public_access(r)
	not own_acl_deny_or_unknown(r)
	not acl_linked[r._meta.id]
	f := lib.finding(r, finding_path(r), sprintf("%s %q accepts traffic from public networks (publicNetworkAccess %v and no network ACL with defaultAction Deny)", [short_types[r._meta.type], lib.text(r._meta.name), pna]))
}

# As pna := lib.get(r, ["properties", "publicNetworkAccess"], "Enabled") followed by
# lib.eq_ci(pna, "Enabled"), with plain references (a call costs several µs): the value when it
# is Enabled, else "Enabled" when it is omitted and properties is not unresolved (object.get:
# OPA takes `not f(x)` with x undefined as undefined, not true).
public_access(r) := v if {
	v := r.properties.publicNetworkAccess
	is_string(v)
	lower(v) == "enabled"
} else := "Enabled" if {
	not r.properties.publicNetworkAccess == r.properties.publicNetworkAccess
	not lib.unresolved(object.get(r, "properties", null))
}

# No finding when the resource's own network ACL, or an attachment
# (azurerm_storage_account_network_rules) linked to it with a key_of edge, denies by default or
# has an unknown default action. The resources with such an attachment, built once from the edges:
acl_linked := {p[1] | some p in lib.edge_pairs("key_of"); own_acl_deny_or_unknown(lib.resource(p[0]))}

# As lib.get(r, p, "Allow") for p in [["properties", "networkAcls", "defaultAction"],
# ["properties", "networkRuleSet", "defaultAction"]] followed by deny_or_unknown, with plain
# references: an ACL whose defaultAction is Deny or unresolved, or an ACL object unresolved, or
# properties unresolved.
own_acl_deny_or_unknown(r) if {
	acl_deny_or_unknown_node(r.properties.networkAcls)
} else if {
	acl_deny_or_unknown_node(r.properties.networkRuleSet)
} else if {
	lib.unresolved(r.properties)
}

# lib.eq_ci(v, "Deny") inlined.
acl_deny_or_unknown_node(acl) if {
	v := acl.defaultAction
	is_string(v)
	lower(v) == "deny"
} else if {
	lib.unresolved(acl.defaultAction)
} else if {
	lib.unresolved(acl)
}

# "CognitiveServices/accounts" for "Microsoft.CognitiveServices/accounts", per type once.
short_types := {t: sprintf("%s/%s", [trim_prefix(parts[0], "Microsoft."), parts[count(parts) - 1]]) |
	some t in types
	parts := split(t, "/")
}

acl_paths := [["properties", "networkAcls", "defaultAction"], ["properties", "networkRuleSet", "defaultAction"]]

# The offending setting: publicNetworkAccess when written (a plain reference), else an Allow ACL
# (networkAcls first when both are written: one value, or the function fails), else the resource.
finding_path(r) := "properties.publicNetworkAccess" if {
	_ = r.properties.publicNetworkAccess
} else := lib.path_str(acl_paths[0]) if {
	lib.present(r, acl_paths[0])
} else := lib.path_str(acl_paths[1]) if {
	lib.present(r, acl_paths[1])
} else := ""
