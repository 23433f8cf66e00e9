# METADATA
# title: Access and audit logs are collected for AI services
# description: >-
#   Chapter 6 asks for access logs on every AI service and, beyond traditional login monitoring,
#   for token usage and inference logs: without them nobody can tell who called a model, detect
#   abuse or extraction, or reconstruct an incident. Each Azure OpenAI / AI Services account, ML
#   workspace, Key Vault, API Management service and AKS cluster must be the scope of a diagnostic
#   setting that sends at least one enabled log category (or the audit / allLogs category group) to
#   a destination (Log Analytics, storage, Event Hub or a partner solution). A diagnostic setting
#   that covers the resource but collects no logs or has no destination is reported itself.
# custom:
#   id: AIP-GOV-001
#   severity: medium
#   pillar: governance
#   checklist: access-logs
#   formats: [arm, bicep, terraform]
#   fix: Add diagnostic settings sending audit/allLogs to Log Analytics.
package aipolicy.rules.governance.diagnostic_logs

import data.aipolicy.lib
import rego.v1

diag_type := "Microsoft.Insights/diagnosticSettings"

monitored_types := {
	"Microsoft.CognitiveServices/accounts",
	"Microsoft.MachineLearningServices/workspaces",
	"Microsoft.KeyVault/vaults",
	"Microsoft.ApiManagement/service",
	"Microsoft.ContainerService/managedClusters",
}

destinations := ["workspaceId", "storageAccountId", "eventHubAuthorizationRuleId", "marketplacePartnerId"]

log_groups := {"audit", "allLogs"}

# The tests below read with plain references instead of lib.get (a call costs several µs, and
# these run for every setting and log entry): an absent value is undefined where lib.get gave the
# fallback, and each test that lib.get would have passed an unresolved marker says so itself.

# A log entry that is enabled (omitted = enabled) and names a category or the audit/allLogs group.
# Else chains (all bodies of a multi-body function are evaluated): the enabled test once, then the
# category / group tests until one holds.
enabled_log(l) if {
	is_object(l)
	not lib.falsy(object.get(l, "enabled", true))
	names_logs(l)
} else if {
	lib.unresolved(l)
}

names_logs(l) if {
	c := l.category
	is_string(c)
	c != ""
} else if {
	lib.unresolved(l.category)
} else if {
	lib.in_ci(l.categoryGroup, log_groups)
} else if {
	lib.unresolved(l.categoryGroup)
}

has_logs(d) if {
	logs := d.properties.logs
	is_array(logs)
	some l in logs
	enabled_log(l)
} else if {
	lib.unresolved(d.properties.logs)
} else if {
	lib.unresolved(d.properties)
}

has_destination(d) if {
	some k in destinations
	v := d.properties[k]
	v != null
	v != ""
} else if {
	lib.unresolved(d.properties)
}

collects(d) if {
	has_logs(d)
	has_destination(d)
}

# A diagnostic setting whose target cannot be told statically might cover any resource.
unknown_scope_exists if {
	some d in lib.resources(diag_type)
	lib.unresolved(d.scope)
	count(lib.targets_of(d, "scope")) == 0
}

# AML YAML cannot declare diagnostic settings: its workspaces are not checked.
# Complete rules built by comprehension (partial objects before).
monitored := {r._meta.id: r |
	some t in monitored_types
	some r in lib.resources(t)
	object.get(r._meta, "format", "") != "aml"
}

# The settings' scope targets (graph edges), each setting's once; the ids they cover, and those
# none of whose settings collects logs (lookups per resource instead of walking its edges).
targets := {d._meta.id: lib.targets_of(d, "scope") | some d in lib.resources(diag_type)}

covered := {id | some ids in targets; some id in ids}

uncollected := covered - {id | some d in lib.resources(diag_type); collects(d); some id in targets[d._meta.id]}

deny contains f if {
	not unknown_scope_exists
	some id, r in monitored
	not covered[id]
	f := lib.finding(r, "", sprintf("%s %q has no diagnostic setting: its access and audit logs are not collected", [labels[r._meta.type], lib.text(r._meta.name)]))
}

# Settings that cover a monitored resource none of whose settings collects logs: reported on the setting.
deny contains f if {
	some d in lib.resources(diag_type)
	some id in targets[d._meta.id]
	uncollected[id]
	r := monitored[id]
	not has_logs(d)
	f := lib.finding(d, "properties.logs", sprintf("diagnostic setting %q of %q enables no log category (use categoryGroup audit or allLogs)", [lib.text(d._meta.name), lib.text(r._meta.name)]))
}

deny contains f if {
	some d in lib.resources(diag_type)
	some id in targets[d._meta.id]
	uncollected[id]
	r := monitored[id]
	has_logs(d)
	not has_destination(d)
	f := lib.finding(d, "properties", sprintf("diagnostic setting %q of %q has no destination (workspaceId, storageAccountId or eventHubAuthorizationRuleId)", [lib.text(d._meta.name), lib.text(r._meta.name)]))
}

labels := {
	"Microsoft.CognitiveServices/accounts": "Cognitive Services account",
	"Microsoft.MachineLearningServices/workspaces": "ML workspace",
	"Microsoft.KeyVault/vaults": "Key Vault",
	"Microsoft.ApiManagement/service": "API Management service",
	"Microsoft.ContainerService/managedClusters": "AKS cluster",
}
