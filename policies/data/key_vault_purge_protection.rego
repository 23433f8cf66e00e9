# METADATA
# title: Key Vault has purge protection
# description: >-
#   Chapter 6 keeps secrets only in Key Vault and asks for isolated backups. The keys that encrypt
#   model stores and the secrets pipelines depend on must survive an accidental or malicious delete:
#   purge protection keeps a deleted vault and its objects recoverable for the whole retention
#   period. Key vaults must set enablePurgeProtection true (omitted means off) and must not turn
#   soft delete off.
# custom:
#   id: AIP-DATA-007
#   severity: medium
#   pillar: data
#   checklist: isolated-backups
#   formats: [arm, bicep, terraform]
#   fix: Enable purge protection so keys and secrets survive accidental or malicious deletion.
package aipolicy.rules.data.key_vault_purge_protection

import data.aipolicy.lib
import rego.v1

purge_path := ["properties", "enablePurgeProtection"]

soft_delete_path := ["properties", "enableSoftDelete"]

# Computed once, not per finding (lib.path_str ~20 µs a call).
purge_str := lib.path_str(purge_path)

soft_delete_str := lib.path_str(soft_delete_path)

deny contains f if {
	some r in lib.resources("Microsoft.KeyVault/vaults")
	v := purge_protection(r)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(r, at_purge(r), sprintf("key vault %q has no purge protection: deleted keys and secrets can be purged for good", [lib.text(r._meta.name)]))
}

deny contains f if {
	some r in lib.resources("Microsoft.KeyVault/vaults")
	lib.falsy(lib.get(r, soft_delete_path, true))
	f := lib.finding(r, soft_delete_str, sprintf("key vault %q turns soft delete off", [lib.text(r._meta.name)]))
}

# lib.get(r, purge_path, false) with plain references: the value, else the unresolved
# properties, else false.
purge_protection(r) := v if {
	v := r.properties.enablePurgeProtection
} else := m if {
	m := r.properties
	lib.unresolved(m)
} else := false

at_purge(r) := purge_str if {
	_ = r.properties.enablePurgeProtection
} else := ""
