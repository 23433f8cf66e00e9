# METADATA
# title: Key Vault secrets and keys expire
# description: >-
#   Chapter 6 keeps keys, credentials and tokens in Key Vault; a vault item that never expires is a
#   static credential all the same, valid long after the person or pipeline that used it is gone.
#   Secrets must carry an expiry (attributes.exp, expiration_date); keys an expiry and a rotation
#   policy in ARM/Bicep, and an expiration_date or rotation_policy in Terraform.
# custom:
#   id: AIP-SEC-003
#   severity: low
#   pillar: secrets
#   checklist: identity-no-static-keys
#   formats: [arm, bicep, terraform]
#   fix: Set expiry and rotation.
package aipolicy.rules.secrets.vault_item_expiry

import data.aipolicy.lib
import rego.v1

secret_type := "Microsoft.KeyVault/vaults/secrets"

key_type := "Microsoft.KeyVault/vaults/keys"

has_exp(r) if {
	v := lib.get(r, ["properties", "attributes", "exp"], null)
	v != null
}

has_rotation(r) if {
	v := lib.get(r, ["properties", "rotationPolicy"], null)
	v != null
}

deny contains f if {
	some r in lib.resources(secret_type)
	not has_exp(r)
	f := lib.finding(r, "properties.attributes.exp", sprintf("Key Vault secret %q has no expiry date", [lib.text(r._meta.name)]))
}

# ARM / Bicep keys: an expiry and a rotation policy.
deny contains f if {
	some r in lib.resources(key_type)
	lib.format(r) != "terraform"
	not has_exp(r)
	f := lib.finding(r, "properties.attributes.exp", sprintf("Key Vault key %q has no expiry date", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources(key_type)
	lib.format(r) != "terraform"
	not has_rotation(r)
	f := lib.finding(r, "properties.rotationPolicy", sprintf("Key Vault key %q has no rotation policy", [lib.text(r._meta.name)]))
}

# Terraform keys: expiration_date or rotation_policy.
deny contains f if {
	some r in lib.resources(key_type)
	lib.format(r) == "terraform"
	not has_exp(r)
	not has_rotation(r)
	f := lib.finding(r, "properties.attributes.exp", sprintf("Key Vault key %q has neither an expiration_date nor a rotation_policy", [lib.text(r._meta.name)]))
}
