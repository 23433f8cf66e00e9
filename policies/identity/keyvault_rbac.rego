# METADATA
# title: Key Vault uses RBAC authorization
# description: >-
#   Chapter 6 stores secrets only in Key Vault and uses Azure RBAC for access. Vault access
#   policies are a separate permission model outside Azure RBAC: they cannot be scoped below the
#   vault, are not covered by PIM or RBAC reviews, and any contributor of the vault can grant
#   themselves access. Vaults must set enableRbacAuthorization true (Terraform
#   enable_rbac_authorization / rbac_authorization_enabled; omitted means access policies).
# custom:
#   id: AIP-IAM-009
#   severity: low
#   pillar: identity
#   checklist: identity-no-static-keys
#   formats: [arm, bicep, terraform]
#   fix: Switch the vault to the RBAC permission model.
package aipolicy.rules.identity.keyvault_rbac

import data.aipolicy.lib
import rego.v1

deny contains f if {
	some r in lib.resources("Microsoft.KeyVault/vaults")
	v := lib.get(r, ["properties", "enableRbacAuthorization"], false)
	lib.known(v)
	v != null
	not lib.truthy(v)
	f := lib.finding(r, "properties.enableRbacAuthorization", sprintf("Key Vault %q uses access policies instead of Azure RBAC authorization", [lib.text(r._meta.name)]))
}
