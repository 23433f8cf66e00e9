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
	lib.eq_ci(pna, "Enabled")
	not acl_deny_or_unknown(r)
	f := lib.finding(r, finding_path(r), sprintf("%s %q accepts traffic from public networks (publicNetworkAccess %v and no network ACL with defaultAction Deny)", [short_type(r), r._meta.name, pna]))
}

# lib.get(r, ["properties", "publicNetworkAccess"], "Enabled") with static references.
public_access(r) := v if {
	v := r.properties.publicNetworkAccess
} else := m if {
	m := r.properties
	lib.unresolved(m)
} else := "Enabled"

acl_paths := [["properties", "networkAcls", "defaultAction"], ["properties", "networkRuleSet", "defaultAction"]]

# The resource's own network ACL, or an attachment (azurerm_storage_account_network_rules) linked
# to it with a key_of edge, denies by default, or that default action is unknown.
# An else chain (the edges only when the resource's own ACL does not settle it).
acl_deny_or_unknown(r) if {
	own_acl_deny_or_unknown(r)
} else if {
	some id in lib.sources_of(r, "key_of")
	own_acl_deny_or_unknown(lib.resource(id))
}

# As lib.get(r, p, "Allow") for p in acl_paths followed by deny_or_unknown, with plain references
# (an absent 3-key path cost two prefix lookups in lib.get): properties unresolved, or an ACL
# object unresolved, or its defaultAction Deny or unresolved.
own_acl_deny_or_unknown(r) if {
	lib.unresolved(r.properties)
} else if {
	some k in ["networkAcls", "networkRuleSet"]
	acl_deny_or_unknown_node(r.properties[k])
}

acl_deny_or_unknown_node(acl) if {
	lib.unresolved(acl)
} else if {
	deny_or_unknown(acl.defaultAction)
}

deny_or_unknown(v) if {
	lib.eq_ci(v, "Deny")
} else if {
	lib.unresolved(v)
}

short_type(r) := t if {
	parts := split(r._meta.type, "/")
	t := sprintf("%s/%s", [trim_prefix(parts[0], "Microsoft."), parts[count(parts) - 1]])
}

# The offending setting: publicNetworkAccess when written, else an Allow ACL, else the resource.
finding_path(r) := "properties.publicNetworkAccess" if {
	lib.present(r, ["properties", "publicNetworkAccess"])
} else := lib.path_str(p) if {
	some p in acl_paths
	lib.present(r, p)
} else := ""
