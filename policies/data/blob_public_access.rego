# METADATA
# title: Blob storage forbids anonymous public access
# description: >-
#   Data leakage of PII or intellectual property is the first AI risk of chapter 6, and a blob
#   container open to anonymous reads is its most direct form: training sets, evaluation data and
#   model files readable by anyone who guesses the URL. Storage accounts must not allow blob public
#   access (an omitted allowBlobPublicAccess takes the API version's default: true before
#   2023-01-01, false from it; Terraform's provider default per major version is applied by the
#   mapping table), and blob containers must keep publicAccess None.
# custom:
#   id: AIP-DATA-004
#   severity: high
#   pillar: data
#   checklist: private-network
#   formats: [arm, bicep, terraform]
#   fix: Disable anonymous blob access.
package aipolicy.rules.data.blob_public_access

import data.aipolicy.lib
import rego.v1

allow_path := ["properties", "allowBlobPublicAccess"]

# allowBlobPublicAccess defaults to false from API version 2023-01-01, true before it.
default_allow(r) := true if {
	v := object.get(r, "apiVersion", "")
	is_string(v)
	v != ""
	v < "2023-01-01"
} else := false

deny contains f if {
	some r in lib.resources("Microsoft.Storage/storageAccounts")
	v := allow_public(r)
	lib.truthy(v)
	f := lib.finding(r, at(r, allow_path), sprintf("storage account %q allows anonymous public access to blobs (allowBlobPublicAccess %v%s)", [lib.text(r._meta.name), v, default_note(r)]))
}

# lib.get(r, allow_path, default_allow(r)) with plain references, the default computed only when
# the value is omitted: the value, else the unresolved properties, else the default.
allow_public(r) := v if {
	v := r.properties.allowBlobPublicAccess
} else := m if {
	m := r.properties
	lib.unresolved(m)
} else := default_allow(r)

default_note(r) := sprintf(", the default of API version %s", [r.apiVersion]) if not lib.present(r, allow_path)

else := ""

deny contains f if {
	some r in lib.resources("Microsoft.Storage/storageAccounts/blobServices/containers")
	v := lib.get(r, ["properties", "publicAccess"], "None")
	lib.in_ci(v, {"Blob", "Container"})
	f := lib.finding(r, "properties.publicAccess", sprintf("blob container %q allows anonymous read access (publicAccess %v)", [lib.text(r._meta.name), v]))
}

at(r, p) := lib.path_str(p) if lib.present(r, p)

else := ""
