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

# Diagnostic settings whose scope is the resource (graph edge).
settings_of(r) := [input.resources[id] | some id in lib.sources_of(r, "scope"); input.resources[id]._meta.type == diag_type]

# A log entry that is enabled (omitted = enabled) and names a category or the audit/allLogs group.
# Else chains (all bodies of a multi-body function are evaluated): the enabled test once, then the
# category / group tests until one holds.
enabled_log(l) if {
	is_object(l)
	not lib.falsy(lib.get(l, ["enabled"], true))
	names_logs(l)
} else if {
	lib.unresolved(l)
}

names_logs(l) if {
	lib.unresolved(lib.get(l, ["category"], ""))
} else if {
	c := lib.get(l, ["category"], "")
	is_string(c)
	c != ""
} else if {
	lib.in_ci(lib.get(l, ["categoryGroup"], ""), log_groups)
} else if {
	lib.unresolved(lib.get(l, ["categoryGroup"], ""))
}

has_logs(d) if {
	lib.unresolved(lib.get(d, ["properties", "logs"], []))
} else if {
	logs := lib.get(d, ["properties", "logs"], [])
	is_array(logs)
	some l in logs
	enabled_log(l)
}

has_destination(d) if {
	some k in destinations
	lib.present(d, ["properties", k])
	v := lib.get(d, ["properties", k], null)
	v != null
	v != ""
} else if {
	lib.unresolved(lib.get(d, ["properties"], {}))
}

collects(d) if {
	has_logs(d)
	has_destination(d)
}

# A diagnostic setting whose target cannot be told statically might cover any resource.
unknown_scope_exists if {
	some d in lib.resources(diag_type)
	count(lib.targets_of(d, "scope")) == 0
	lib.unresolved(lib.get(d, ["scope"], null))
}

# AML YAML cannot declare diagnostic settings: its workspaces are not checked.
# Complete rules built by comprehension (partial objects before).
monitored := {r._meta.id: r |
	some t in monitored_types
	some r in lib.resources(t)
	object.get(r._meta, "format", "") != "aml"
}

# Each monitored resource's settings, computed once for the three rules below.
settings_by_id := {id: settings_of(r) | some id, r in monitored}

deny contains f if {
	some id, r in monitored
	count(settings_by_id[id]) == 0
	not unknown_scope_exists
	f := lib.finding(r, "", sprintf("%s %q has no diagnostic setting: its access and audit logs are not collected", [short_type(r._meta.type), r._meta.name]))
}

# Settings that cover a monitored resource none of whose settings collects logs: reported on the setting.
deny contains f if {
	some id, r in monitored
	settings := settings_by_id[id]
	count(settings) > 0
	not any_collects(settings)
	some d in settings
	not has_logs(d)
	f := lib.finding(d, "properties.logs", sprintf("diagnostic setting %q of %q enables no log category (use categoryGroup audit or allLogs)", [d._meta.name, r._meta.name]))
}

deny contains f if {
	some id, r in monitored
	settings := settings_by_id[id]
	count(settings) > 0
	not any_collects(settings)
	some d in settings
	has_logs(d)
	not has_destination(d)
	f := lib.finding(d, "properties", sprintf("diagnostic setting %q of %q has no destination (workspaceId, storageAccountId or eventHubAuthorizationRuleId)", [d._meta.name, r._meta.name]))
}

any_collects(settings) if {
	some d in settings
	collects(d)
}

labels := {
	"Microsoft.CognitiveServices/accounts": "Cognitive Services account",
	"Microsoft.MachineLearningServices/workspaces": "ML workspace",
	"Microsoft.KeyVault/vaults": "Key Vault",
	"Microsoft.ApiManagement/service": "API Management service",
	"Microsoft.ContainerService/managedClusters": "AKS cluster",
}

short_type(t) := labels[t]
