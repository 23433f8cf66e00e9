# METADATA
# title: Model and data blobs are recoverable (soft delete and versioning)
# description: >-
#   Chapter 6's checklist asks for isolated model backups, and its data-protection table for
#   backups and snapshots. Blob soft delete and versioning are the first line of that defence: an
#   overwritten model file or a deleted training set can be restored instead of retrained. Every
#   storage account needs a blob service (a blobServices child, nested or top-level, linked by parent
#   or name; Terraform blob_properties) with deleteRetentionPolicy enabled for at least 7 days and
#   isVersioningEnabled true. FileStorage accounts, which have no blob service, are not checked.
# custom:
#   id: AIP-DATA-006
#   severity: medium
#   pillar: data
#   checklist: isolated-backups
#   formats: [arm, bicep, terraform]
#   fix: Enable blob soft delete (>= 7 days) and versioning; back model stores up to a separate account or vault.
package aipolicy.rules.data.blob_recovery

import data.aipolicy.lib
import rego.v1

account_type := "Microsoft.Storage/storageAccounts"

blob_service_type := "Microsoft.Storage/storageAccounts/blobServices"

min_days := 7

# Complete rules built by comprehension (a partial object costs more per entry). A resource is
# never unresolved: object.get is lib.get(r, ["kind"], "StorageV2") here.
accounts := {r._meta.id: r |
	some r in lib.resources(account_type)
	not lib.eq_ci(object.get(r, "kind", "StorageV2"), "FileStorage")
}

# Blob services of an account: children linked by a parent edge, or named "<account>/default"
# (case-insensitive). Matched from the services' side, each service once (each against every
# account before): its parent targets, and the lowered names an account would need for the
# service's name to start with "<name>/".
name_prefixes(s) := {concat("/", array.slice(parts, 0, i)) |
	is_string(s._meta.name)
	parts := split(lower(s._meta.name), "/")
	count(parts) > 1
	some i in numbers.range(1, count(parts) - 1)
}

account_names := {lower(a._meta.name) | some a in accounts; is_string(a._meta.name)}

service_prefixes := {p | some s in lib.resources(blob_service_type); some p in name_prefixes(s)}

owned(s) if {
	some id in lib.targets_of(s, "parent")
	accounts[id]
} else if {
	some p in name_prefixes(s)
	account_names[p]
}

# Accounts with at least one blob service (the names only when some service has a prefix).
with_service := {id | some s in lib.resources(blob_service_type); some id in lib.targets_of(s, "parent"); accounts[id]} | {id |
	count(service_prefixes) > 0
	some id, a in accounts
	is_string(a._meta.name)
	service_prefixes[lower(a._meta.name)]
}

# ARM / Bicep: an account without any blob service child (`not x == x`: x is absent).
deny contains f if {
	some id, acct in accounts
	not acct.properties.blobServiceProperties == acct.properties.blobServiceProperties
	not with_service[id]
	f := lib.finding(acct, "", sprintf("storage account %q has no blob service settings: blob soft delete and versioning are off", [lib.text(acct._meta.name)]))
}

# Settings on a blobServices child (reported on it) or Terraform blob_properties (on the account).
# An array, not a set (a set would compare whole resources); deny is a set.
holders := array.concat(
	[{"resource": s, "props": props, "prefix": ["properties"]} |
		some s in lib.resources(blob_service_type)
		owned(s)
		props := object.get(s, "properties", {})
		is_object(props) # as for accounts; lib.get fails on other values in regorus
	],
	[{"resource": acct, "props": acct.properties.blobServiceProperties, "prefix": ["properties", "blobServiceProperties"]} |
		some acct in accounts
		is_object(acct.properties.blobServiceProperties)
	],
)

deny contains f if {
	some h in holders
	enabled := lib.get(h.props, ["deleteRetentionPolicy", "enabled"], false)
	lib.known(enabled)
	not lib.truthy(enabled)
	f := lib.finding(h.resource, at(h, ["deleteRetentionPolicy", "enabled"]), sprintf("blob soft delete is off for %q", [lib.text(h.resource._meta.name)]))
}

deny contains f if {
	some h in holders
	lib.truthy(lib.get(h.props, ["deleteRetentionPolicy", "enabled"], false))
	days := lib.number(lib.get(h.props, ["deleteRetentionPolicy", "days"], min_days))
	days < min_days
	f := lib.finding(h.resource, at(h, ["deleteRetentionPolicy", "days"]), sprintf("blob soft delete for %q keeps deleted blobs only %v days (at least %d)", [lib.text(h.resource._meta.name), days, min_days]))
}

deny contains f if {
	some h in holders
	v := lib.get(h.props, ["isVersioningEnabled"], false)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(h.resource, at(h, ["isVersioningEnabled"]), sprintf("blob versioning is off for %q", [lib.text(h.resource._meta.name)]))
}

# The finding paths: path_str of the few constant paths computed once, looked up by their
# segments joined with "/" (lib.path_str ~20 µs a call).
_path_strs := {concat("/", path): lib.path_str(path) |
	some pre in [["properties"], ["properties", "blobServiceProperties"]]
	some p in [[], ["deleteRetentionPolicy", "enabled"], ["deleteRetentionPolicy", "days"], ["isVersioningEnabled"]]
	path := array.concat(pre, p)
}

at(h, p) := _path_strs[concat("/", array.concat(h.prefix, p))] if {
	lib.present(h.props, p)
} else := _path_strs[concat("/", h.prefix)]
