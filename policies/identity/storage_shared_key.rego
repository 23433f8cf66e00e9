# METADATA
# title: Storage accounts disallow shared key access
# description: >-
#   Training data, model artifacts and datasets live in storage accounts. Shared account keys (and
#   the account SAS tokens signed with them) are static keys that grant full data access without
#   an identity; chapter 6 asks to avoid static keys and use Azure RBAC for storage. Storage
#   accounts must set allowSharedKeyAccess false (it is allowed when omitted); in Terraform
#   shared_access_key_enabled = false (the provider default is true).
# custom:
#   id: AIP-IAM-003
#   severity: medium
#   pillar: identity
#   checklist: identity-no-static-keys
#   formats: [arm, bicep, terraform]
#   fix: Set allowSharedKeyAccess false; use Entra ID (RBAC) for data access and user-delegation SAS.
package aipolicy.rules.identity.storage_shared_key

import data.aipolicy.lib
import rego.v1

deny contains f if {
	some r in lib.resources("Microsoft.Storage/storageAccounts")
	v := lib.get(r, ["properties", "allowSharedKeyAccess"], true)
	lib.known(v)
	not lib.falsy(v)
	f := lib.finding(r, "properties.allowSharedKeyAccess", sprintf("storage account %q allows shared key access: account keys and key-signed SAS tokens grant data access without an identity", [lib.text(r._meta.name)]))
}
