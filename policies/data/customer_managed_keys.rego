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

# keySource read once: the written value when it is known and not Microsoft.KeyVault.
deny contains f if {
	some r in lib.resources_of(key_source_types)
	v := platform_key(r)
	not cmk_linked[r._meta.id]
	f := lib.finding(r, key_source_at(r), sprintf("%s %q encrypts with platform-managed keys (keySource %v), not a customer-managed key", [r._meta.type, lib.text(r._meta.name), v]))
}

# Accounts a customer-managed-key resource (Terraform) is linked to with a key_of edge, with
# Microsoft.KeyVault or an unresolved keySource: built once from the edges, looked up per account.
cmk_linked := {p[1] | some p in lib.edge_pairs("key_of"); cmk_or_unknown(key_source(lib.resource(p[0]), ""))}

# As v := lib.get(r, ["properties", "encryption", "keySource"], "not set") followed by
# lib.known(v) and not lib.eq_ci(v, "Microsoft.KeyVault"), with plain references (a call costs
# several µs): the value when written, else "not set" unless an object above it is unresolved
# (object.get: OPA takes `not f(x)` with x undefined as undefined, not true).
platform_key(r) := v if {
	v := r.properties.encryption.keySource
	is_string(v)
	lower(v) != "microsoft.keyvault"
} else := v if {
	v := r.properties.encryption.keySource
	not is_string(v)
	lib.known(v)
} else := "not set" if {
	not r.properties.encryption.keySource == r.properties.encryption.keySource
	not lib.unresolved(object.get(r, "properties", null))
	not lib.unresolved(object.get(r, ["properties", "encryption"], null))
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

# lib.eq_ci(v, "Microsoft.KeyVault") inlined (one call less on every account).
cmk_or_unknown(v) if {
	is_string(v)
	lower(v) == "microsoft.keyvault"
} else if {
	lib.unresolved(v)
}

# The path literal when the value is written (a plain reference: lib.present costs a call).
key_source_at(r) := "properties.encryption.keySource" if {
	_ = r.properties.encryption.keySource
} else := ""

deny contains f if {
	some r in lib.resources("Microsoft.MachineLearningServices/workspaces")
	kv := lib.get(r, ["properties", "encryption", "keyVaultProperties"], null)
	kv == null
	f := lib.finding(r, at_encryption(r), sprintf("ML workspace %q encrypts with Microsoft-managed keys; no customer-managed key is configured", [lib.text(r._meta.name)]))
}

# The path literal: path_str of this constant path, computed once.
encryption_str := lib.path_str(["properties", "encryption"])

at_encryption(r) := encryption_str if {
	_ = r.properties.encryption
} else := ""
