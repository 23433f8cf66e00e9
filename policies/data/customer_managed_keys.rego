# METADATA
# title: Model and training data stores use customer-managed keys
# description: >-
#   Chapter 6 notes that server-side encryption at rest is on by default; for regulated training
#   data and proprietary model weights the checklist item "data & models encrypted" is best
#   evidenced with keys the organisation controls, so that revoking the key revokes access.
#   ML workspaces must carry encryption.keyVaultProperties, Cognitive Services / Azure OpenAI
#   accounts and storage accounts encryption.keySource Microsoft.KeyVault (a separate Terraform
#   customer-managed-key resource linked to the account counts; AML YAML workspaces
#   customer_managed_key).
# custom:
#   id: AIP-DATA-003
#   severity: low
#   pillar: data
#   checklist: encrypted
#   formats: [arm, bicep, terraform, aml]
#   fix: Platform-managed SSE is on by default; for regulated data add a customer-managed key from Key Vault.
package aipolicy.rules.data.customer_managed_keys

import data.aipolicy.lib
import rego.v1

key_source_types := {"Microsoft.CognitiveServices/accounts", "Microsoft.Storage/storageAccounts"}

# keySource read once; its fallback "not set" is not Microsoft.KeyVault.
deny contains f if {
	some r in lib.resources_of(key_source_types)
	v := key_source(r, "not set")
	lib.known(v)
	not lib.eq_ci(v, "Microsoft.KeyVault")
	not key_of_cmk(r)
	f := lib.finding(r, key_source_at(r), sprintf("%s %q encrypts with platform-managed keys (keySource %v), not a customer-managed key", [r._meta.type, r._meta.name, v]))
}

# A customer-managed-key resource (Terraform) linked to the account, with Microsoft.KeyVault or
# an unresolved keySource (one pass over the edges, one read of the value).
key_of_cmk(r) if {
	some id in lib.sources_of(r, "key_of")
	cmk_or_unknown(key_source(lib.resource(id), ""))
}

# lib.get(r, ["properties", "encryption", "keySource"], fallback) with static references (an absent
# 3-key path cost two prefix lookups in lib.get): the value, else an unresolved object above it,
# else the fallback.
key_source(r, fallback) := v if {
	v := r.properties.encryption.keySource
} else := m if {
	m := r.properties
	lib.unresolved(m)
} else := m if {
	m := r.properties.encryption
	lib.unresolved(m)
} else := fallback

cmk_or_unknown(v) if {
	lib.eq_ci(v, "Microsoft.KeyVault")
} else if {
	lib.unresolved(v)
}

# The path literal: path_str of this constant path, without the call.
key_source_at(r) := "properties.encryption.keySource" if {
	lib.present(r, ["properties", "encryption", "keySource"])
} else := ""

deny contains f if {
	some r in lib.resources("Microsoft.MachineLearningServices/workspaces")
	kv := lib.get(r, ["properties", "encryption", "keyVaultProperties"], null)
	kv == null
	f := lib.finding(r, at_encryption(r), sprintf("ML workspace %q encrypts with Microsoft-managed keys; no customer-managed key is configured", [r._meta.name]))
}

# The path literal: path_str of this constant path, computed once.
encryption_str := lib.path_str(["properties", "encryption"])

at_encryption(r) := encryption_str if {
	lib.present(r, ["properties", "encryption"])
} else := ""
