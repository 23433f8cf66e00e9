# METADATA
# title: Model and data storage is zone- or geo-redundant
# description: >-
#   The chapter's resilience pattern for storage is geo-redundant or zone-redundant replication:
#   model artefacts, training data and checkpoints held in locally redundant storage are lost with
#   a single datacentre. Storage accounts must not use an *_LRS SKU (Terraform
#   account_replication_type LRS); ZRS, GRS, RAGRS, GZRS and RAGZRS pass.
# custom:
#   id: AIP-RES-002
#   severity: medium
#   pillar: resilience
#   checklist: isolated-backups
#   formats: [arm, bicep, terraform]
#   fix: Use ZRS, or GZRS/RA-GZRS for model artefacts you cannot rebuild.
package aipolicy.rules.resilience.storage_redundancy

import data.aipolicy.lib
import rego.v1

deny contains f if {
	some r in lib.resources("Microsoft.Storage/storageAccounts")
	sku := lib.get(r, ["sku", "name"], "")
	is_string(sku)
	endswith(lower(sku), "_lrs")
	f := lib.finding(r, "sku.name", sprintf("storage account %q is locally redundant (%s); use ZRS, GZRS or RA-GZRS", [lib.text(r._meta.name), sku]))
}
