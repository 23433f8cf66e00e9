# METADATA
# title: GPU and inference nodes encrypt at host
# description: >-
#   Chapter 6 wants data and models encrypted. Managed OS disks are encrypted at rest, but the
#   node's temporary disk and disk caches, where model weights, datasets and inference inputs land,
#   are only encrypted with encryption at host. Every AKS node pool (agentPoolProfiles, the Terraform
#   default_node_pool, and separate agentPools) must set enableEncryptionAtHost true.
# custom:
#   id: AIP-DATA-008
#   severity: low
#   pillar: data
#   checklist: encrypted
#   formats: [arm, bicep, terraform]
#   fix: Enable encryption at host so temp disks and caches holding model weights are encrypted.
package aipolicy.rules.data.host_encryption

import data.aipolicy.lib
import rego.v1

deny contains f if {
	some p in lib.node_pools
	v := encryption_at_host(p.pool)
	lib.known(v)
	not lib.truthy(v)
	f := lib.finding(p.resource, at(p), sprintf("node pool %s does not encrypt at host (enableEncryptionAtHost %v)", [pool_name(p), v]))
}

# lib.get(pool, ["enableEncryptionAtHost"], false) with a static reference: the value, else the
# pool itself when unresolved, else false.
encryption_at_host(pool) := v if {
	v := pool.enableEncryptionAtHost
} else := pool if {
	lib.unresolved(pool)
} else := false

pool_name(p) := sprintf("%q", [lib.text(p.resource._meta.name)]) if p.path == "properties"

else := sprintf("%q of cluster %q", [lib.text(object.get(p.pool, "name", "")), lib.text(p.resource._meta.name)])

at(p) := sprintf("%s.enableEncryptionAtHost", [p.path]) if _ = p.pool.enableEncryptionAtHost

else := p.path if p.path != "properties"

else := ""
